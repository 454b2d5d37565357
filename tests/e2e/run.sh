#!/bin/sh
# SPDX-License-Identifier: MIT
# End-to-end golden tests: each tests/e2e/cases/<case>/ is a small handbook
# with the expected results of running ismsbook on it:
#   args              arguments (default: "build --today 2026-11-22")
#   expected.status   exit status
#   expected.stderr   findings, byte for byte
#   expected.stdout   optional: standard output, byte for byte; --regen
#                     writes it when the case has one or args start "check"
#   expected/         the whole site tree (theme assets/ left out), if any
#   pin               optional: the site paths expected/ holds, as shell
#                     globs relative to the site, one a line (# comments);
#                     the rest of the site is neither kept nor compared
#   setup.sh          optional: run by sh in the work folder before the build
#                     (for what git cannot store, such as a .git folder)
#   check.sh          optional: run by sh in the work folder after the build;
#                     a non-zero exit fails the case, its output says why.
#                     Both get E2E_TMP, a scratch folder outside the work one,
#                     and E2E_BIN, the program under test.
#   valgrind-flags    optional: more valgrind options for this case, used
#                     when IB_WRAP is tests/valgrind.sh (make test VALGRIND=1)
#   valgrind-skip     optional: why this case runs without IB_WRAP (a time
#                     limit that valgrind's slowdown would change)
# A case that fails, and every check case, must leave a previous site
# untouched: the runner puts one in OUT first and compares it afterwards.
# No temporary directory may be left beside OUT.
# IB_WRAP, if set, is a command every run of BIN goes through, in check.sh
# too (make test VALGRIND=1 sets it to tests/valgrind.sh).
# Usage: run.sh [--regen] BIN [CASE...]
set -u
regen=0
if [ "${1:-}" = "--regen" ]; then regen=1; shift; fi
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); shift
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ismsbook-e2e.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
plain_bin=$bin
if [ -n "${IB_WRAP:-}" ]; then
    # One path that check.sh scripts can call like the program itself.
    mkdir -p "$tmp/wrap"
    printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$IB_WRAP" "$bin" >"$tmp/wrap/ismsbook"
    chmod +x "$tmp/wrap/ismsbook"
    bin="$tmp/wrap/ismsbook"
fi
pass=0 fail=0 failed=""

# Prints the folder holding the part of the site that case $src pins: the
# site itself, or a copy of the paths its pin file lists.
pinned() {
    if [ ! -f "$src/pin" ]; then
        echo "$work/public"
        return
    fi
    rm -rf "$tmp/$name.pinned"
    mkdir -p "$tmp/$name.pinned"
    (cd "$work/public" && while IFS= read -r glob; do
        case "$glob" in "" | "#"*) continue ;; esac
        for f in $glob; do
            [ -e "$f" ] && cp -R --parents "$f" "$tmp/$name.pinned/"
        done
    done) < "$src/pin"
    echo "$tmp/$name.pinned"
}

if [ $# -gt 0 ]; then cases="$*"; else cases=$(ls "$here/cases"); fi
for name in $cases; do
    src="$here/cases/$name"
    work="$tmp/$name"
    mkdir -p "$work"
    (cd "$src" && tar cf - --exclude=./expected --exclude=./expected.stderr \
        --exclude=./expected.stdout \
        --exclude=./expected.status --exclude=./args --exclude=./setup.sh \
        --exclude=./check.sh --exclude=./pin --exclude=./valgrind-flags \
        --exclude=./valgrind-skip .) |
        (cd "$work/" && tar xf -)
    [ -d "$work/themes" ] || cp -R "$repo/themes" "$work/themes"
    # A previous site that a failed build must leave alone.
    mkdir -p "$work/public"
    printf 'ismsbook output\n' > "$work/public/.ismsbook-output"
    printf '<p>previous site</p>\n' > "$work/public/previous.html"
    cp -R "$work/public" "$tmp/$name.previous"

    export E2E_TMP="$tmp/$name.scratch"
    # Each case has its own body cache (cache.h), empty at the start.
    export XDG_CACHE_HOME="$E2E_TMP/cache"
    IB_VG_FLAGS=$(cat "$src/valgrind-flags" 2>/dev/null | grep -v '^#')
    export IB_VG_FLAGS
    E2E_BIN=$bin
    [ -f "$src/valgrind-skip" ] && E2E_BIN=$plain_bin
    export E2E_BIN
    mkdir -p "$E2E_TMP"
    if [ -f "$src/setup.sh" ] && ! (cd "$work" && sh "$src/setup.sh"); then
        fail=$((fail + 1)) failed="$failed $name"
        echo "FAIL $name: setup.sh failed"
        continue
    fi
    args="build --today 2026-11-22"
    [ -f "$src/args" ] && args=$(cat "$src/args")
    is_check=0
    case "$args" in check | "check "*) is_check=1 ;; esac
    (cd "$work" && $E2E_BIN $args) >"$tmp/$name.stdout" 2>"$tmp/$name.stderr"
    status=$?
    ok=1 why=""

    if [ "$regen" = 1 ]; then
        new_case=0
        [ -f "$src/expected.status" ] || new_case=1
        echo "$status" > "$tmp/$name.status"
        if ! cmp -s "$tmp/$name.status" "$src/expected.status" 2>/dev/null; then
            echo "--- $name: status $(cat "$src/expected.status" 2>/dev/null) -> $status"
        fi
        diff -u "$src/expected.stderr" "$tmp/$name.stderr" 2>/dev/null
        cp "$tmp/$name.status" "$src/expected.status"
        cp "$tmp/$name.stderr" "$src/expected.stderr"
        if [ -f "$src/expected.stdout" ] || [ "$is_check" = 1 ]; then
            diff -u "$src/expected.stdout" "$tmp/$name.stdout" 2>/dev/null
            cp "$tmp/$name.stdout" "$src/expected.stdout"
        fi
        # A site golden is kept where a case has one, and made for a new
        # build case; cases about findings alone stay without one.
        if [ "$status" = 0 ] && [ "$is_check" = 0 ] &&
            { [ -d "$src/expected" ] || [ "$new_case" = 1 ]; }; then
            rm -f "$work/public/.ismsbook-output"
            rm -rf "$work/public/assets"
            site=$(pinned)
            [ -d "$src/expected" ] && diff -ru "$src/expected" "$site"
            rm -rf "$src/expected"
            cp -R "$site" "$src/expected"
        fi
        pass=$((pass + 1))
        continue
    fi

    if [ "$status" != "$(cat "$src/expected.status")" ]; then
        ok=0 why="exit status $status, expected $(cat "$src/expected.status")"
    elif ! diff -u "$src/expected.stderr" "$tmp/$name.stderr" >"$tmp/$name.diff"; then
        ok=0 why="stderr differs:
$(cat "$tmp/$name.diff")"
    elif [ -f "$src/expected.stdout" ] &&
        ! diff -u "$src/expected.stdout" "$tmp/$name.stdout" >"$tmp/$name.diff"
    then
        ok=0 why="stdout differs:
$(cat "$tmp/$name.diff")"
    elif [ "$status" != 0 ] || [ "$is_check" = 1 ]; then
        if ! diff -r "$tmp/$name.previous" "$work/public" >"$tmp/$name.diff"; then
            ok=0 why="the previous site was changed:
$(cat "$tmp/$name.diff")"
        fi
    elif [ -d "$src/expected" ]; then
        if ! diff -ru --exclude=assets --exclude=.ismsbook-output \
                "$src/expected" "$(pinned)" >"$tmp/$name.diff"; then
            ok=0 why="site differs:
$(cat "$tmp/$name.diff" | head -60)"
        fi
    fi
    if [ "$ok" = 1 ] && [ -f "$src/check.sh" ] &&
        ! (cd "$work" && sh "$src/check.sh") >"$tmp/$name.check" 2>&1; then
        ok=0 why="check.sh failed:
$(cat "$tmp/$name.check")"
    fi
    leftovers=$(ls -A "$work" | grep '^\.public\.' || true)
    if [ "$ok" = 1 ] && [ -n "$leftovers" ]; then
        ok=0 why="temporary folder left behind: $leftovers"
    fi
    if [ "$ok" = 1 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)) failed="$failed $name"
        echo "FAIL $name: $why"
    fi
done
echo "e2e: $pass passed, $fail failed${failed:+ (}${failed# }${failed:+)}"
[ "$fail" = 0 ]
