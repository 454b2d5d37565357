# OUT on a small tmpfs (ENOSPC half-way through the new site): output-error,
# status 1, temporary folder removed, previous site intact. Run in a private
# mount namespace; the checks happen inside it.
handbook
doc content/a.md POL-001
can_mount || skip "no permission to mount (unshare -m / mount); disk-full tmpfs case not run"
mkdir -p "$W/small"
export ADV_LIB_DIR
unshare -m --propagation private bash -c '
    set -u
    . "$ADV_LIB_DIR/lib.sh"
    mount -t tmpfs -o size=2600k none "$W/small" || exit 99
    OUT="$W/small/site"
    cp -a "$ADV_BASE" "$OUT" || { echo "FAIL: cannot put the previous site on the tmpfs"; exit 1; }
    ib_pre
    ib_exec build --today "$TODAY" -o "$OUT"
    ib_post
    expect_status 1
    expect_err_re ".*: error: .*No space left on device.* \[output-error\]"
    ls -A "$W/small" >"$W/.adv/small.ls"
    [ -s "$W/.adv/failures" ] && exit 1
    exit 0' 2>&1 </dev/null | tee "$W/.adv/ns.log"
rc=${PIPESTATUS[0]}
RUNS=1
[ "$rc" = 0 ] || fail "disk-full run in the namespace failed (rc $rc)"
