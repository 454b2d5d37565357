# Two builds into the same OUT at once: both end (no deadlock), each with
# status 0 or a clear error about the other build, and OUT is one complete
# site, not a mix; no temporary folder or lock file is left.
big_handbook 600
ib_pre
ib_start build --today 2026-12-01
PID1=$PID; cp /dev/null "$W/.adv/err1"
ERR_SAVE=$ERR; ERR="$W/.adv/stderr2"; STDOUT="$W/.adv/stdout2"
ib_start build --today 2026-12-01
PID2=$PID
ib_wait "$PID1"; S1=$STATUS
ib_wait "$PID2"; S2=$STATUS
ERR=$ERR_SAVE
for s in $S1 $S2; do
    case $s in
        0 | 1 | 2) ;;
        *) fail "a concurrent build ended with status $s" ;;
    esac
done
[ "$S1" = 0 ] || [ "$S2" = 0 ] || fail "neither concurrent build succeeded ($S1, $S2)"
for e in "$W/.adv/stderr" "$W/.adv/stderr2"; do
    if grep -qv -e 'review-due-soon' -e '^$' "$e" && ! grep -qiE 'lock|another .*build|busy|waiting' "$e"; then
        fail "unexpected findings from a concurrent build: $(head -n 3 "$e")"
    fi
done
# The second one waited for the first (the OUT lock), and said so.
if ! grep -qE "^ismsbook: waiting for another ismsbook build (\(pid [0-9]+\) )?to finish writing 'public'$" \
        "$W/.adv/stderr" "$W/.adv/stderr2"; then
    note "neither build reported waiting for the other (they did not overlap?)"
fi
STATUS=0
ib_post
left=$(ls -A "$HB" | grep -E '^\.public\.' || true)
[ -z "$left" ] || fail "left beside OUT: $left"
# The site equals one built alone.
mkdir -p "$W/.adv/alone"
(cd "$HB" && "$BIN" build --today 2026-12-01 -o "$W/.adv/alone/site") >/dev/null 2>&1
if ! diff -r "$W/.adv/alone/site" "$OUT" >"$W/.adv/alone.diff"; then
    fail "the site after two concurrent builds differs from one built alone:"
    head -n 10 "$W/.adv/alone.diff"
fi
