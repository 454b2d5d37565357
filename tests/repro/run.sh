#!/bin/sh
# SPDX-License-Identifier: MIT
# Reproducible builds: the same handbook gives a byte-identical site (same
# files, same bytes, same modes; mtimes aside), the same findings and the
# same check report whatever the run, the -j value, the time zone, the
# locale and the folder the handbook is checked out in; SOURCE_DATE_EPOCH
# alone gives the site of --today at its UTC date. Two handbooks: the
# repository's example and one of 300 documents from
# tests/bench/gen-handbook.sh.
#
# Each handbook is copied to two checkout paths of different depth and
# length, $TMP/a/x and $TMP/b/yy/z, and built into a folder relative to the
# copy; the reference is a build at the first path with TZ=UTC, LC_ALL=C
# and --today. Every other build is compared with it by diff -r and by a
# listing of paths, types and modes, and its standard error with the
# reference's. No output file may contain the checkout path.
#
# Locales: C.UTF-8, POSIX, one that does not exist, and de_DE.UTF-8 and
# fi_FI.UTF-8 compiled into a private folder with localedef when the
# system's locale sources are there (else those two are skipped, with a
# note). Usage: run.sh BIN
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
repo=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ismsbook-repro.XXXXXX")
export XDG_CACHE_HOME="$tmp/cache" # the body cache, gone with the rest
trap 'rm -rf "$tmp"' EXIT INT TERM
umask 022
pass=0 fail=0 failed=""
today=2026-12-01
# 2026-12-01 12:00:00 UTC: already 2026-12-02 at UTC+14 (Kiritimati) and
# still 2026-12-01 at UTC-12, so a local-time reading would show.
epoch=1796126400

# A clean environment for every run: only what the variant sets counts
# (and the sanitizers' options of make test SANITIZE=1, which ismsbook
# never reads).
run() {
    env -i PATH="$PATH" HOME="$tmp" TZ=UTC LC_ALL=C \
        ${LSAN_OPTIONS:+LSAN_OPTIONS="$LSAN_OPTIONS"} \
        ${ASAN_OPTIONS:+ASAN_OPTIONS="$ASAN_OPTIONS"} "$@"
}

# Lists OUT's paths with type and permission bits, sorted bytewise.
modes() {
    (cd "$1" && find . -printf '%p %y %m\n' | LC_ALL=C sort)
}

# same NAME REF OUT: compares the build OUT (and OUT.err) with REF.
same() {
    why=""
    if ! diff -r "$2" "$3" >"$tmp/diff" 2>&1; then
        why="site differs: $(head -c 2000 "$tmp/diff")"
    elif ! modes "$2" >"$tmp/m1" || ! modes "$3" >"$tmp/m2" ||
        ! diff "$tmp/m1" "$tmp/m2" >"$tmp/diff"; then
        why="file modes differ: $(head -20 "$tmp/diff")"
    elif ! cmp -s "$2.err" "$3.err"; then
        why="standard error differs: $(diff "$2.err" "$3.err" | head -20)"
    elif ! cmp -s "$2.status" "$3.status"; then
        why="exit status $(cat "$3.status"), reference $(cat "$2.status")"
    fi
    result "$1" "$why"
}

# result NAME WHY: a pass if WHY is empty.
result() {
    if [ -z "$2" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)) failed="$failed $1"
        printf 'FAIL %s: %s\n' "$1" "$2"
    fi
}

# build DIR OUT [ENV...] -- [ARG...]: builds the handbook in DIR into DIR/OUT
# under `env -i` with ENV; leaves OUT's standard error in DIR/OUT.err and
# its exit status in DIR/OUT.status.
build() {
    dir=$1 out=$2
    shift 2
    envs=""
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
        envs="$envs $1"
        shift
    done
    shift
    # shellcheck disable=SC2086
    (cd "$dir" && run $envs "$bin" build -o "$out" "$@") 2>"$dir/$out.err"
    echo $? >"$dir/$out.status"
}

# Locales to try besides C: compiled privately if the sources are there.
locales="C.UTF-8 POSIX xx_XX.UTF-8"
if command -v localedef >/dev/null && [ -d /usr/share/i18n/locales ]; then
    mkdir -p "$tmp/locale"
    for l in de_DE fi_FI; do
        if localedef -i "$l" -f UTF-8 "$tmp/locale/$l.UTF-8" >/dev/null 2>&1; then
            locales="$locales $l.UTF-8"
        else
            echo "SKIP locale $l.UTF-8: localedef could not compile it"
        fi
    done
else
    echo "SKIP locales de_DE.UTF-8, fi_FI.UTF-8: no localedef or locale sources"
fi

jobs=""
if "$bin" build --help 2>&1 | grep -qE '(^|[^a-z])-j[ ,]'; then
    jobs="1 2 8"
else
    echo "SKIP -j: ismsbook build has no -j option; comparing two plain runs"
fi

mkdir -p "$tmp/src/example"
(cd "$repo" && cp -R handbook.yaml content filters themes "$tmp/src/example/" &&
    if [ -d static ]; then cp -R static "$tmp/src/example/"; fi)
sh "$repo/tests/bench/gen-handbook.sh" 300 "$tmp/src/gen300" >/dev/null ||
    { echo "repro: gen-handbook.sh failed"; exit 1; }
cp -R "$repo/themes" "$tmp/src/gen300/themes"

for hb in example gen300; do
    a="$tmp/a/x/$hb"
    b="$tmp/b/yy/z/$hb"
    mkdir -p "$a" "$b"
    cp -R "$tmp/src/$hb/." "$a/"
    cp -R "$tmp/src/$hb/." "$b/"

    build "$a" ref -- --today "$today"
    ref="$a/ref"
    if [ "$(cat "$ref.status")" != 0 ]; then
        result "$hb/reference" "build failed: $(head -20 "$ref.err")"
        continue
    fi
    if grep -rlF "$tmp" "$ref" >"$tmp/leak"; then
        result "$hb/no-paths" "the checkout path is in: $(head -5 "$tmp/leak")"
    else
        result "$hb/no-paths" ""
    fi

    build "$a" again -- --today "$today"
    same "$hb/second-run" "$ref" "$a/again"
    for j in $jobs; do
        build "$a" "j$j" -- --today "$today" -j "$j"
        same "$hb/-j$j" "$ref" "$a/j$j"
    done

    build "$b" path -- --today "$today"
    same "$hb/checkout-path" "$ref" "$b/path"

    for tz in Pacific/Kiritimati Etc/GMT+12; do
        n=$(echo "$tz" | tr '/+' '__')
        build "$a" "tz-$n" TZ="$tz" -- --today "$today"
        same "$hb/TZ=$tz" "$ref" "$a/tz-$n"
        build "$a" "sde-$n" TZ="$tz" SOURCE_DATE_EPOCH="$epoch" --
        same "$hb/SOURCE_DATE_EPOCH,TZ=$tz" "$ref" "$a/sde-$n"
    done
    build "$a" sde-utc SOURCE_DATE_EPOCH="$epoch" --
    same "$hb/SOURCE_DATE_EPOCH" "$ref" "$a/sde-utc"

    for l in $locales; do
        n=$(echo "$l" | tr '.' '_')
        lp=""
        [ -d "$tmp/locale/$l" ] && lp="LOCPATH=$tmp/locale"
        # shellcheck disable=SC2086
        build "$a" "lc-$n" LC_ALL="$l" LANG="$l" $lp -- --today "$today"
        same "$hb/LC_ALL=$l" "$ref" "$a/lc-$n"
    done

    # check's reports: the same bytes at both paths, in every time zone
    # and locale, and with SOURCE_DATE_EPOCH for --today.
    for fmt in text json sarif; do
        (cd "$a" && run "$bin" check --today "$today" --format "$fmt") \
            >"$tmp/check.ref" 2>&1
        for v in "b TZ=UTC" "a TZ=Pacific/Kiritimati" "a LC_ALL=C.UTF-8" \
            "a SOURCE_DATE_EPOCH=$epoch TZ=Etc/GMT+12"; do
            where=${v%% *} envs=${v#* }
            d=$a
            [ "$where" = b ] && d=$b
            set -- --today "$today"
            case "$envs" in *SOURCE_DATE_EPOCH*) set -- ;; esac
            # shellcheck disable=SC2086
            (cd "$d" && run $envs "$bin" check "$@" --format "$fmt") \
                >"$tmp/check.out" 2>&1
            why=""
            cmp -s "$tmp/check.ref" "$tmp/check.out" ||
                why="report differs: $(diff "$tmp/check.ref" "$tmp/check.out" | head -20)"
            result "$hb/check-$fmt($where $envs)" "$why"
        done
    done
done

# A malformed SOURCE_DATE_EPOCH is refused, not replaced by the clock.
(cd "$tmp/a/x/example" && run SOURCE_DATE_EPOCH=tomorrow "$bin" check) \
    >/dev/null 2>"$tmp/bad.err"
st=$?
why=""
[ "$st" = 2 ] && grep -q "SOURCE_DATE_EPOCH: 'tomorrow'" "$tmp/bad.err" ||
    why="status $st: $(cat "$tmp/bad.err")"
result "SOURCE_DATE_EPOCH=tomorrow" "$why"

echo "repro: $pass passed, $fail failed${failed:+ (}${failed# }${failed:+)}"
[ "$fail" = 0 ]
