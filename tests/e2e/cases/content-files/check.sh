# Only the files published documents link to are published: not one that
# only the restricted plan links to, nor one nothing links to.
for f in policies/call-list.pdf forms/floor-plan.png forms/unused.txt; do
    [ ! -e "public/$f" ] || { echo "public/$f was published"; exit 1; }
done
if grep -rl 'Zebrafink' public; then
    echo "a restricted document's file reached the site"
    exit 1
fi
cmp content/policies/diagram.png public/policies/diagram.png || exit 1
cmp "content/forms/access request.docx" "public/forms/access request.docx" || exit 1
# check finds nothing either.
"$E2E_BIN" check --today 2026-11-22 >"$E2E_TMP/check.out" 2>&1
if grep -q 'link-broken\|output-error' "$E2E_TMP/check.out"; then
    cat "$E2E_TMP/check.out"
    exit 1
fi
