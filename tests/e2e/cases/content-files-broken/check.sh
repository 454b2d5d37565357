# check reports the same, except the link into controls/: which control
# pages there are only the build knows.
"$E2E_BIN" build -o "$E2E_TMP/out" --today 2026-11-22 2>"$E2E_TMP/build.err"
grep 'link-broken' "$E2E_TMP/build.err" | grep -v 'A\.9\.9' >"$E2E_TMP/build.links"
"$E2E_BIN" check --today 2026-11-22 >"$E2E_TMP/check.out" 2>&1
grep 'link-broken' "$E2E_TMP/check.out" >"$E2E_TMP/check.links"
[ -s "$E2E_TMP/check.links" ] || { cat "$E2E_TMP/check.out"; exit 1; }
diff "$E2E_TMP/build.links" "$E2E_TMP/check.links"
