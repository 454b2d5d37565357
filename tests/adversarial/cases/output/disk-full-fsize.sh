# RLIMIT_FSIZE (ulimit -f) below the size of a page: the write fails with
# EFBIG (SIGXFSZ must not kill the build half-way), output-error, status 1,
# the temporary folder removed, the previous site intact.
handbook
doc content/a.md POL-001
WRAP=(bash -c 'ulimit -f 40 && exec "$@"' sh)
ib_pre
ib_exec_wrapped build --today "$TODAY"
ib_post
expect_status 1
expect_err_re ".*: error: .*(File too large|too large|limit).* \[output-error\]"
