# SIGHUP (the terminal went away) while writing: as SIGINT, status 129.
big_handbook 1200
ib_pre
ib_start build --today 2026-12-01
wait_for tmp_beside_out 400 || note "no temporary folder seen; signalling anyway"
kill -HUP "$PID"
ib_wait
SIGNAL_STATUS=129
ib_post
expect_status 129
expect_err_line "ismsbook: interrupted by SIGHUP; the previous site is left as it was"
