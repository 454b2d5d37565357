# SIGINT while `ismsbook new` writes its document (a shim signals the
# process right after it creates the temporary file beside the document):
# it stops with status 130 and leaves no temporary file and no document.
shim=$W/.adv/sigshim.so
${CC:-cc} -shared -fPIC -o "$shim" "$REPO/tests/adversarial/sigshim.c" -ldl 2>/dev/null ||
    skip "cannot build the LD_PRELOAD shim"
handbook
mkdir -p "$HB/content/policies"
ib_pre
RUNS=$((RUNS + 1))
LAST_ARGS="new policy Cryptography --today $TODAY"
(cd "$HB" && exec env --default-signal=INT,TERM LD_PRELOAD="$shim" \
    ADV_SIGNAL_ON=.ismsbook-new.tmp- ADV_SIGNAL_AFTER=1 \
    ASAN_OPTIONS=verify_asan_link_order=0 \
    "$BIN" new policy Cryptography --today "$TODAY") >"$STDOUT" 2>"$ERR" </dev/null &
PID=$!
ib_wait
SIGNAL_STATUS=130
ib_post
expect_status 130
expect_err_line "ismsbook: interrupted by SIGINT"
left=$(ls -A "$HB/content/policies")
[ -z "$left" ] || fail "the interrupted new left: $left"
