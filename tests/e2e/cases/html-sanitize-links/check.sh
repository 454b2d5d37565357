# Only the files published documents link to are published: not those
# only the restricted plan's raw HTML names, nor one nothing names.
for f in policies/call-list.pdf policies/call-list.png policies/unused.png; do
    [ ! -e "public/$f" ] || { echo "public/$f was published"; exit 1; }
done
if grep -rl 'Zebrafink' public; then
    echo "a restricted document's file reached the site"
    exit 1
fi
cmp content/policies/diagram.png public/policies/diagram.png || exit 1
cmp "content/forms/access request.docx" "public/forms/access request.docx" || exit 1
# The raw HTML links lead to the pages, and no .md or id: is left.
page=public/policies/network.html
grep -q '<a href="access.html#access-reviews">' "$page" || { echo "no link to the anchor"; exit 1; }
grep -q '<a href="access.html#top">' "$page" || { echo "no id: link"; exit 1; }
if grep -q 'href="[^"]*\.md\|href="id:' "$page"; then
    echo "a raw HTML link was left as written"
    exit 1
fi
# check finds nothing either.
"$E2E_BIN" check --today 2026-11-22 >"$E2E_TMP/check.out" 2>&1
if grep -q 'link-broken\|anchor-broken\|classification-leak\|output-error\|html-dropped' "$E2E_TMP/check.out"; then
    cat "$E2E_TMP/check.out"
    exit 1
fi
exit 0
