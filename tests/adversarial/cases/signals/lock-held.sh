# Another process holds OUT's lock (.public.lock): with ISMSBOOK_LOCK_WAIT=0
# the build gives up at once with status 2; with 1 it waits a second and
# says so; the previous site stays.
handbook
doc content/a.md POL-001
ib_pre
# The holder keeps the lock until it is killed, however slow the builds
# (under valgrind each takes seconds): it is the sleep itself, holding
# the locked descriptor, not a flock waiting on a child that would keep
# the lock after flock is killed.
(exec 9>>"$HB/.public.lock" && flock 9 && exec sleep 600) &
holder=$!
wait_for '[ -e "$HB/.public.lock" ]' 50
sleep 0.2
ib_pre
ISMSBOOK_LOCK_WAIT=0 ib_exec build --today "$TODAY"
expect_status 2
expect_stderr <<'X'
public: error: another ismsbook build is writing this folder; gave up after waiting 0 s (ISMSBOOK_LOCK_WAIT) [output-error]
X
ISMSBOOK_LOCK_WAIT=1 ib_exec build --today "$TODAY"
expect_status 2
expect_stderr <<'X'
ismsbook: waiting for another ismsbook build to finish writing 'public'
public: error: another ismsbook build is writing this folder; gave up after waiting 1 s (ISMSBOOK_LOCK_WAIT) [output-error]
X
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
ib_post
