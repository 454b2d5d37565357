set -u
here=$(dirname "$0")
fail=0
(cd hb && find . -type f | LC_ALL=C sort) > "$E2E_TMP/files"
diff -u "$here/golden/files" "$E2E_TMP/files" || fail=1
leftovers=$(ls -A | grep -e '^\.hb\.' || true)
[ -z "$leftovers" ] || { echo "left behind: $leftovers"; fail=1; }
for f in handbook.yaml content/policies/information-security-policy.md \
         content/records/nonconformities-and-corrective-actions.md; do
    diff -u "$here/golden/$(basename "$f")" "hb/$f" || fail=1
done
if ! "$E2E_BIN" build -C hb --today 2026-11-22 -o "$E2E_TMP/site" \
        2> "$E2E_TMP/build.err"; then
    echo "build failed:"; cat "$E2E_TMP/build.err"; fail=1
fi
if [ -s "$E2E_TMP/build.err" ]; then
    echo "build reported:"; cat "$E2E_TMP/build.err"; fail=1
fi
[ -f "$E2E_TMP/site/registers/statement-of-applicability.html" ] ||
    { echo "no SoA page in the site"; fail=1; }
exit $fail
