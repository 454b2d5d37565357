# Every help and version output, written to a full device.
fail=0
for args in "help rules" "help controls" "help" "--help" "--version" \
    "controls -h" "check --help"; do
    $E2E_BIN $args >/dev/full 2>"$E2E_TMP/err"
    status=$?
    if [ "$status" != 2 ] ||
        ! grep -q '^ismsbook: error: writing to standard output' "$E2E_TMP/err"
    then
        echo "ismsbook $args >/dev/full: status $status, stderr:"
        cat "$E2E_TMP/err"
        fail=1
    fi
done
exit $fail
