# SIGTERM while the new site is being written: as SIGINT, status 143.
big_handbook 1200
ib_pre
ib_start build --today 2026-12-01
wait_for tmp_beside_out 400 || note "no temporary folder seen; signalling anyway"
kill -TERM "$PID"
ib_wait
SIGNAL_STATUS=143
ib_post
expect_status 143
expect_err_line "ismsbook: interrupted by SIGTERM; the previous site is left as it was"
