# SIGKILL mid-write cannot be cleaned up after; the previous site must
# still be intact, and the next build must succeed (the lock of the dead
# process is free) and leave a complete site.
big_handbook 800
ib_pre
ib_start build --today 2026-12-01
wait_for tmp_beside_out 400 || note "no temporary folder seen; killing anyway"
kill -KILL "$PID"
ib_wait
if ! snap "$OUT" | diff -q "$W/.adv/out.before" - >/dev/null; then
    fail "SIGKILL mid-write changed the previous site"
fi
# The dead build's temporary folder is allowed to remain until the next
# build; take it out of the snapshot the next run compares.
left=$(ls -A "$HB" | grep -F '.public.tmp-' || true)
[ -n "$left" ] && note "left by the killed build: $left"
ib_exec build --today 2026-12-01
expect_status 0
expect_file "$OUT/index.html"
expect_file "$OUT/.ismsbook-output"
n=$(find "$OUT" -name '*.html' | wc -l)
[ "$n" -gt 800 ] || fail "the rebuilt site has only $n pages"
if ls -A "$HB" | grep -qF '.public.lock'; then fail "lock file left: .public.lock"; fi
# The next build, holding the lock, removes what the killed one left.
if ls -A "$HB" | grep -q '^\.public\.tmp-'; then fail "the killed build's temporary folder is still there"; fi
