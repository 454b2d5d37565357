# SIGINT while the new site is being written: the build stops promptly
# with status 130, removes its temporary folder and lock, and leaves the
# previous site as it was.
big_handbook 1200
ib_pre
ib_start build --today 2026-12-01
wait_for tmp_beside_out 400 || note "no temporary folder seen; signalling anyway"
kill -INT "$PID"
ib_wait
SIGNAL_STATUS=130
ib_post
expect_status 130
expect_err_line "ismsbook: interrupted by SIGINT; the previous site is left as it was"
