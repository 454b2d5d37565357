# OUT itself is a mount point (its own file system): the swap by rename
# cannot work; a clear output-error, the mounted site untouched.
handbook
doc content/a.md POL-001
can_mount || skip "no permission to mount (unshare -m / mount)"
OUT="$W/site"
ib_pre
WRAP=(unshare -m --propagation private sh -c
      'mount --bind "$1" "$1" && shift && exec "$@"' sh "$OUT")
ib_exec_wrapped build --today "$TODAY" -o "$OUT"
ib_post
expect_status 1
expect_err_re "(.*/)?site: error: .* \[output-error\]"
