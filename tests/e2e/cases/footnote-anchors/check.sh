# A warm build, the policy's body taken from the body cache while the
# guideline's links to its footnotes are checked again, finds what a
# build without a cache finds: nothing, then the same broken anchor.
out=$E2E_TMP/warm
wrap=${IB_WRAP:-}
fail() { echo "$*"; exit 1; }
build() { # build NAME [ARGS]: stderr to $E2E_TMP/err.NAME, status echoed
    name=$1
    shift
    $wrap "$E2E_BIN" build --today 2026-11-22 "$@" 2>"$E2E_TMP/err.$name"
    echo $?
}
[ "$(build first -o "$out")" = 0 ] || fail "first build: $(cat "$E2E_TMP/err.first")"
printf '\nAnd [the note again](policy.md#fn-lock).\n' >>content/guideline.md
[ "$(build warm -o "$out")" = 0 ] || fail "warm build: $(cat "$E2E_TMP/err.warm")"
[ ! -s "$E2E_TMP/err.warm" ] || fail "warm build findings: $(cat "$E2E_TMP/err.warm")"
rm -rf "$E2E_TMP/clean"
[ "$(build clean -o "$E2E_TMP/clean" --no-cache)" = 0 ] ||
    fail "clean build: $(cat "$E2E_TMP/err.clean")"
diff -r "$out" "$E2E_TMP/clean" >"$E2E_TMP/diff" ||
    fail "the warm site differs from a clean build: $(head -n 20 "$E2E_TMP/diff")"
printf '\nBut not [a missing note](policy.md#fn-nope).\n' >>content/guideline.md
[ "$(build warm2 -o "$out")" = 1 ] || fail "a link to a missing footnote passed a warm build"
[ "$(build clean2 -o "$E2E_TMP/clean2" --no-cache)" = 1 ] ||
    fail "a link to a missing footnote passed a clean build"
grep -q "anchor '#fn-nope' \[anchor-broken\]" "$E2E_TMP/err.clean2" ||
    fail "no anchor-broken: $(cat "$E2E_TMP/err.clean2")"
cmp -s "$E2E_TMP/err.warm2" "$E2E_TMP/err.clean2" ||
    fail "warm and clean builds differ: $(diff "$E2E_TMP/err.warm2" "$E2E_TMP/err.clean2")"
exit 0
