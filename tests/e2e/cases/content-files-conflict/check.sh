# check finds the same three conflicts, without making the site.
"$E2E_BIN" check --today 2026-11-22 >"$E2E_TMP/check.out" 2>&1
[ "$(grep -c 'output-error' "$E2E_TMP/check.out")" = 3 ] ||
    { cat "$E2E_TMP/check.out"; exit 1; }
