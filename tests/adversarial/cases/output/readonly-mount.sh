# OUT's parent is a read-only file system (a read-only bind mount in a
# private mount namespace; chmod proves nothing as root): a clear
# output-error, no crash, the previous site as it was.
handbook
doc content/a.md POL-001
can_mount || skip "no permission to mount (unshare -m / mount); read-only case not run"
mkdir -p "$W/ro"
OUT="$W/ro/site"
ib_pre
WRAP=(unshare -m --propagation private sh -c
      'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"' sh "$W/ro")
ib_exec_wrapped build --today "$TODAY" -o "$OUT"
ib_post
expect_status_in "1 2"
expect_err_re "(.*/)?site: error: .*Read-only file system \[output-error\]"
