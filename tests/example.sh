#!/bin/sh
# SPDX-License-Identifier: MIT
# The example handbook at the repository root stays green: `check` at the
# fixed date finds no errors and only the expected due-soon warnings, and
# `build` succeeds. Usage: BIN (IB_WRAP, if set, is put in front of each
# run of BIN: make test VALGRIND=1).
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
wrap=${IB_WRAP:-}
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME="$tmp/cache" # the body cache, gone with the rest
fail=0
$wrap "$bin" check --today 2026-12-01 > "$tmp/check.txt"
status=$?
if [ "$status" != 0 ]; then
    echo "example: check exited $status"; fail=1
fi
summary=$(grep -E '^[0-9]+ errors?, [0-9]+ warnings? in [0-9]+ documents$' "$tmp/check.txt")
case "$summary" in
"0 errors, "*) ;;
*) echo "example: expected no errors, got: $summary"; fail=1 ;;
esac
# Every warning is a review due soon: nothing else may creep in.
if grep -E ': warning: ' "$tmp/check.txt" | grep -v '\[review-due-soon\]$'; then
    echo "example: unexpected warnings above"; fail=1
fi
if ! $wrap "$bin" build --today 2026-12-01 -o "$tmp/site" 2> "$tmp/build.txt"; then
    cat "$tmp/build.txt"; echo "example: build failed"; fail=1
fi
[ "$fail" = 0 ] && echo "example: $summary; build ok"
[ "$fail" = 0 ] || sed -n '1,40p' "$tmp/check.txt"
exit $fail
