# SIGINT while `ismsbook init` stages a new handbook (a shim signals the
# process as it opens content/soa.yaml in the staging folder): it stops
# with status 130 and leaves nothing behind, neither the handbook nor the
# temporary folder beside it where it was staged.
shim=$W/.adv/sigshim.so
${CC:-cc} -shared -fPIC -o "$shim" "$REPO/tests/adversarial/sigshim.c" -ldl 2>/dev/null ||
    skip "cannot build the LD_PRELOAD shim"
ib_pre
RUNS=$((RUNS + 1))
LAST_ARGS="init --today $TODAY newhb"
(cd "$W" && exec env --default-signal=INT,TERM LD_PRELOAD="$shim" \
    ADV_SIGNAL_ON=soa.yaml ASAN_OPTIONS=verify_asan_link_order=0 \
    "$BIN" init --today "$TODAY" newhb) >"$STDOUT" 2>"$ERR" </dev/null &
PID=$!
ib_wait
SIGNAL_STATUS=130
ib_post
expect_status 130
expect_err_line "ismsbook: interrupted by SIGINT"
left=$(ls -A "$W" | grep -e '^\.newhb\.tmp-' -e '^newhb$' || true)
[ -z "$left" ] || fail "the interrupted init left: $left"
