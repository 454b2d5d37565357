# SIGINT before anything is written (while documents are read): no
# temporary folder, no lock file, previous site intact, status 130.
big_handbook 1200
ib_pre
ib_start build --today 2026-12-01
sleep 0.15
kill -INT "$PID"
ib_wait
SIGNAL_STATUS=130
ib_post
expect_status_in "130 0"
[ "$STATUS" = 0 ] && note "the build finished before the signal came"
