#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs one program under valgrind's memcheck: `make test VALGRIND=1` puts
# this in front of every run of a program the tests build (the Makefile's
# $(VG); the test scripts get it as IB_WRAP). Any memory error or any
# definite, indirect or possible leak makes the run exit 99.
#
# valgrind logs to a file, not to standard error, because the end-to-end
# cases compare standard error byte for byte. When a run has errors, its
# log is kept in IB_VG_LOGS and also appended to standard error, so the
# case fails with valgrind's report in its diff.
#
#   valgrind.sh PROGRAM [ARG...]   run PROGRAM under memcheck
#   valgrind.sh --start            forget the runs recorded in IB_VG_LOGS
#   valgrind.sh --report           print how many runs had errors; exit 1
#                                  if any did
#
# IB_VG_LOGS: where failed runs' logs and the run count go (default
# build/vg/valgrind). IB_VG_FLAGS: more valgrind options.
set -u
here=$(cd "$(dirname "$0")" && pwd)
logs=${IB_VG_LOGS:-$(dirname "$here")/build/vg/valgrind}

case "${1:-}" in
--start)
    rm -rf "$logs"
    mkdir -p "$logs"
    exit 0
    ;;
--report)
    runs=$(cat "$logs/runs" 2>/dev/null | wc -l)
    bad=$(ls "$logs" 2>/dev/null | grep -c '^failed\.' || true)
    echo "valgrind: $runs runs, $bad with errors or leaks"
    if [ "$bad" != 0 ]; then
        echo "valgrind: logs in $logs:"
        ls "$logs" | grep '^failed\.' | sed "s|^|  $logs/|"
        exit 1
    fi
    exit 0
    ;;
"")
    echo "usage: valgrind.sh PROGRAM [ARG...] | --start | --report" >&2
    exit 2
    ;;
esac

mkdir -p "$logs"
# memcheck is 20 to 50 times slower. Unit tests with time bounds stretch
# them (tests/unit/test_filter.c).
IB_TEST_SLOW=1
export IB_TEST_SLOW
# So does the product's per-document bound (10 s natively), unless the
# run sets its own (the watchdog's tests do).
ISMSBOOK_DOC_SECONDS=${ISMSBOOK_DOC_SECONDS:-500}
export ISMSBOOK_DOC_SECONDS
log=$(mktemp "${TMPDIR:-/tmp}/ismsbook-vg.XXXXXX")
# Flags: every leak kind but "still reachable" is an error (still
# reachable blocks are libraries' process-lifetime caches, not leaks);
# --num-callers=30 because cmark and Lua stacks are deep; a child forked
# without exec (test_filter's watchdog case) ends mid-run on purpose, so
# only the parent is checked.
# shellcheck disable=SC2086
valgrind --tool=memcheck --quiet \
    --leak-check=full \
    --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible \
    --error-exitcode=99 --track-fds=no --num-callers=30 \
    --child-silent-after-fork=yes \
    --suppressions="$here/valgrind.supp" \
    ${IB_VG_FLAGS:-} --log-file="$log" "$@"
status=$?
printf '%s\n' "$*" >>"$logs/runs"
# --quiet leaves the log empty on a clean run; anything in it (an error,
# a leak, a warning about the client) fails the run.
if [ "$status" = 99 ] || [ -s "$log" ]; then
    kept=$(mktemp "$logs/failed.XXXXXX")
    { printf 'command: %s\nstatus: %s\n' "$*" "$status"; cat "$log"; } >"$kept"
    {
        printf 'valgrind: errors in: %s (log %s)\n' "$*" "$kept"
        cat "$log"
    } >&2
    [ "$status" = 0 ] && status=99
fi
rm -f "$log"
exit "$status"
