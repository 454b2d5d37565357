#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Adversarial tests: hostile handbooks, hostile output folders, signals.
#
# Each case is one bash file, tests/adversarial/cases/<group>/<name>.sh,
# named <group>/<name>. Its first comment line says what it is about. It
# runs in a subshell of its own, in a fresh work folder W (made by mktemp)
# that holds a sentinel file, the handbook HB=$W/hb and, by default, the
# site OUT=$HB/public; it uses the helpers of lib.sh:
#
#   handbook                 write a plain handbook.yaml (handbook_yaml: from stdin)
#   doc PATH ID [BODY]       a valid draft document at $HB/PATH
#   file PATH                $HB/PATH from standard input
#   ib ARGS...               run "$BIN ARGS..." in $HB and check what every
#                            run must satisfy (see ib_post in lib.sh): done
#                            within ADV_TIMEOUT seconds, no crash or sanitizer
#                            report, nothing changed outside OUT, no temporary
#                            folder left beside OUT, and, unless it built
#                            successfully, the previous site in OUT (a good
#                            build put there first) byte for byte intact
#   expect_status N, expect_stderr (stdin, byte for byte), expect_stdout,
#   expect_err_line TEXT, expect_err_re ERE, expect_site_safe, ...
#   skip "why"               the case cannot run here (no mount permission...)
#
# tests/adversarial/xfail lists cases expected to fail (a product bug or a
# feature not built yet), one "<group>/<name> reason" a line: they print
# XFAIL and do not fail the suite; one that passes prints XPASS (remove it
# from the list).
#
# Usage: run.sh BIN [CASE...]      CASE: group/name, or a group
#        ADV_TIMEOUT=S             the per-run time bound (default 10, x3
#                                  for a sanitizer build, x50 under
#                                  valgrind; a case may set a tighter one
#                                  with "bound S"); ISMSBOOK_DOC_SECONDS,
#                                  the product's own, scales alike
#        ADV_KEEP=1                keep the work folders (printed at the end)
#        ADV_VERBOSE=1             list passing cases (with their notes) too
set -u
if [ $# -lt 1 ]; then
    echo "usage: $0 BIN [CASE...]" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
shift
[ -x "$BIN" ] || { echo "adversarial: $BIN is not an executable" >&2; exit 2; }
export BIN
# A sanitizer build is some 5 times slower: bounds are multiplied by 3.
# Under valgrind (IB_WRAP=tests/valgrind.sh, make test VALGRIND=1) every
# run of BIN but the ones a case signals goes through memcheck, 20 to 50
# times slower: bounds are multiplied by 50.
ADV_FACTOR=1
if grep -q __asan_init "$BIN" 2>/dev/null; then ADV_FACTOR=3; fi
IB_WRAP=${IB_WRAP:-}
[ -n "$IB_WRAP" ] && ADV_FACTOR=50
export IB_WRAP
[ -n "${ADV_TIMEOUT:-}" ] || ADV_TIMEOUT=$((10 * ADV_FACTOR))
export ADV_TIMEOUT ADV_FACTOR
# The product's own per-document bound (10 s) stretches by the same
# factor: a pathological case that parses in 0.3 s natively takes 15 s
# under memcheck, and must reach the case's bound, not the watchdog's.
# A case that tests the watchdog sets its own.
if [ -z "${ISMSBOOK_DOC_SECONDS:-}" ] && [ "$ADV_FACTOR" != 1 ]; then
    ISMSBOOK_DOC_SECONDS=$((10 * ADV_FACTOR))
    export ISMSBOOK_DOC_SECONDS
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/ismsbook-adv.XXXXXX")
cleanup() {
    # Work folders may hold read-only bits and mounts of a case that failed.
    chmod -R u+w "$T" 2>/dev/null
    if [ "${ADV_KEEP:-0}" = 1 ]; then echo "adversarial: kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
export ADV_T=$T

# The previous site every case's OUT starts from: a good build of a small
# handbook, copied (with its .ismsbook-output marker) into OUT by ib.
mkdir -p "$T/base/hb/content"
printf 'title: Previous Handbook\norganisation: Test Org\n' > "$T/base/hb/handbook.yaml"
printf -- '---\nid: PREV-001\ntitle: Previous Policy\ntype: policy\nowner: ciso\n---\n\nThe previous site.\n' \
    > "$T/base/hb/content/previous.md"
if ! (cd "$T/base/hb" && "$BIN" build --today 2026-11-22) >"$T/base/log" 2>&1 ||
    [ ! -f "$T/base/hb/public/.ismsbook-output" ]; then
    echo "adversarial: cannot build the baseline site:" >&2
    cat "$T/base/log" >&2
    exit 1
fi
export ADV_BASE="$T/base/hb/public"

xfail_reason() {
    [ -f "$here/xfail" ] || return 1
    awk -v c="$1" '$1 == c { $1 = ""; sub(/^ /, ""); print; found = 1 } END { exit !found }' "$here/xfail"
}

# The cases to run.
list=()
if [ $# -eq 0 ]; then set -- $(cd "$here/cases" && ls); fi
for arg in "$@"; do
    arg=${arg%.sh}
    arg=${arg#cases/}
    if [ -d "$here/cases/$arg" ]; then
        for f in "$here/cases/$arg"/*.sh; do
            [ -e "$f" ] && list+=("$arg/$(basename "$f" .sh)")
        done
    elif [ -f "$here/cases/$arg.sh" ]; then
        list+=("$arg")
    else
        echo "adversarial: no case $arg" >&2
        exit 2
    fi
done

pass=0 fail=0 skip=0 xfail=0 xpass=0
failed="" xpassed=""
start=$(date +%s%N)
n=0
for c in "${list[@]}"; do
    n=$((n + 1))
    W="$T/w/$n"
    mkdir -p "$W/.adv/tmp" "$W/hb"
    printf 'sentinel: nothing may change this file\n' > "$W/sentinel.txt"
    t0=$(date +%s%N)
    (
        export W HB="$W/hb" OUT="$W/hb/public" CASE="$c"
        # The body cache of the case's builds: kept apart, under .adv.
        export XDG_CACHE_HOME="$W/.adv/cache"
        cd "$W" || exit 1
        # shellcheck source=lib.sh
        . "$here/lib.sh"
        # shellcheck disable=SC1090
        . "$here/cases/$c.sh"
        adv_finish
    ) >"$W/.adv/log" 2>&1 </dev/null
    rc=$?
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    reason=$(xfail_reason "$c")
    is_x=$?
    if [ $rc = 77 ]; then
        skip=$((skip + 1))
        echo "SKIP  $c: $(tail -n 1 "$W/.adv/log")"
    elif [ $rc = 0 ] && [ $is_x = 0 ]; then
        xpass=$((xpass + 1)) xpassed="$xpassed $c"
        echo "XPASS $c (${ms} ms): listed in xfail ($reason) but passes; take it off the list"
    elif [ $rc = 0 ]; then
        pass=$((pass + 1))
        if [ "${ADV_VERBOSE:-0}" = 1 ]; then
            echo "ok    $c (${ms} ms)"
            grep '^note:' "$W/.adv/log" | sed 's/^/      | /'
        fi
    elif [ $is_x = 0 ]; then
        xfail=$((xfail + 1))
        echo "XFAIL $c (${ms} ms): $reason"
        [ "${ADV_VERBOSE:-0}" = 1 ] && sed 's/^/      | /' "$W/.adv/log"
    else
        fail=$((fail + 1)) failed="$failed $c"
        echo "FAIL  $c (${ms} ms)"
        sed 's/^/      | /' "$W/.adv/log" | head -n 80
    fi
    # The case's folder can hold much (a big generated handbook): free it.
    if [ "${ADV_KEEP:-0}" != 1 ]; then
        chmod -R u+w "$W" 2>/dev/null
        rm -rf "$W"
    fi
done
secs=$(( ($(date +%s%N) - start) / 1000000 ))
echo "adversarial: $pass passed, $fail failed, $xfail xfail, $xpass xpass, $skip skipped" \
    "of ${#list[@]} in $((secs / 1000)).$(printf '%03d' $((secs % 1000))) s" \
    "${failed:+(failed:$failed)}"
[ $fail = 0 ]
