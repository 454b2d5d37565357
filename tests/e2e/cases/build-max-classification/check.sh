# The same handbook without the option: the limit of handbook.yaml
# (internal) holds the confidential plan back, and it leaves no trace.
# With --max-classification public the internal policy goes too.
wrap=${IB_WRAP:-}
fail() { echo "$*"; exit 1; }
plain=$E2E_TMP/plain
$wrap "$E2E_BIN" build -o "$plain" --today 2026-11-22 2>"$E2E_TMP/err" ||
    { cat "$E2E_TMP/err"; fail "the build without the option failed"; }
[ -s "$E2E_TMP/err" ] && fail "findings without the option: $(cat "$E2E_TMP/err")"
[ -e "$plain/plans/crisis.html" ] &&
    fail "without the option the confidential plan was published"
grep -rlE 'Kestrelwind|PLN-001|Crisis Plan' "$plain" &&
    fail "without the option the confidential plan shows in the files above"
[ -e "$plain/policies/security.html" ] ||
    fail "without the option the internal policy was not published"
public=$E2E_TMP/public
$wrap "$E2E_BIN" build -o "$public" --today 2026-11-22 \
    --max-classification public 2>"$E2E_TMP/err" ||
    { cat "$E2E_TMP/err"; fail "the build with --max-classification public failed"; }
[ -e "$public/policies/security.html" ] &&
    fail "--max-classification public published the internal policy"
grep -rlE 'POL-001|PLN-001|Kestrelwind' "$public" &&
    fail "--max-classification public left traces of the documents above"
exit 0
