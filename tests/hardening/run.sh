#!/bin/sh
# SPDX-License-Identifier: MIT
# Fault hardening of `ismsbook build` (issue 8), against the real binary:
#   lock-*        two builds of one OUT: the second waits, then builds; a
#                 lock held too long fails with output-error and exit 2
#   signal-*      SIGINT / SIGTERM / SIGHUP mid-build: exit 130 / 143 / 129,
#                 a message, the previous site intact, no temporary left
#   fsize         RLIMIT_FSIZE (ulimit -f): EFBIG, output-error, exit 1
#   enospc, erofs a full and a read-only tmpfs (skipped when mount is not
#                 permitted, e.g. not root or in a container without it)
#   watchdog      ISMSBOOK_DOC_SECONDS: document-too-complex, exit 1
#   patho-*       cmark's and cmark-gfm's pathological inputs
#                 (pathological.py): each builds fast or is refused with
#                 document-too-complex, within PATHO_SECONDS
# Every failing build must leave the previous site as it was and nothing
# beside OUT. Usage: run.sh BIN [CASE-PREFIX...]
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); shift
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
only="$*"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ismsbook-hard.XXXXXX")
export XDG_CACHE_HOME="$tmp/cache" # the body cache, gone with the rest
mounted=""
cleanup() {
    for m in $mounted; do umount "$m" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
# Background builds must get SIGINT: without job control sh ignores it in
# them. With it, each runs in a process group of its own.
set -m 2>/dev/null || true
pass=0 fail=0 skip=0 failed=""
today="--today 2026-12-01"
PATHO_SECONDS=${PATHO_SECONDS:-4}

want() { # CASE: is it selected?
    [ -z "$only" ] && return 0
    for p in $only; do case "$1" in "$p"*) return 0 ;; esac; done
    return 1
}
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)) failed="$failed $1"; echo "FAIL $1: $2"; }
skipped() { skip=$((skip + 1)); echo "skip $1: $2"; }

# A previous site in DIR/public, and a copy to compare with.
previous() {
    mkdir -p "$1/public"
    printf 'ismsbook output\n' > "$1/public/.ismsbook-output"
    printf '<p>previous site</p>\n' > "$1/public/previous.html"
    rm -rf "$1.previous"
    cp -R "$1/public" "$1.previous"
}
# Fails case $1 unless the previous site in $2/public is untouched and
# nothing but public is left beside it.
intact() {
    if ! diff -r "$2.previous" "$2/public" >/dev/null 2>&1; then
        bad "$1" "the previous site was changed"
        return 1
    fi
    left=$(ls -A "$2" | grep '^\.public\.' || true)
    if [ -n "$left" ]; then
        bad "$1" "left beside OUT: $left"
        return 1
    fi
    return 0
}
# Case $1 passes if file $2 holds the fixed string $3.
holds() {
    grep -qF -- "$3" "$2" || { bad "$1" "expected '$3' in: $(head -c 600 "$2")"; return 1; }
}

big="$tmp/big"
sh "$repo/tests/bench/gen-handbook.sh" 1500 "$big" >/dev/null
cp -R "$repo/themes" "$big/themes" 2>/dev/null || true

# Waits (up to 20 s) until PATH exists; 1 if it never does.
await() {
    i=0
    while [ ! -e "$1" ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
    [ -e "$1" ]
}
# The first .public.tmp-* in $1, once it exists.
await_tmp() {
    i=0
    while [ $i -lt 400 ]; do
        for t in "$1"/.public.tmp-*; do [ -d "$t" ] && return 0; done
        sleep 0.02
        i=$((i + 1))
    done
    return 1
}

if want lock-wait; then
    # A big build takes the lock; a small handbook, loaded in a moment,
    # then builds into the same OUT and must wait for it, then replace
    # its site whole.
    w="$tmp/lockwait"; cp -R "$big" "$w"
    s="$tmp/lockwait-small"; mkdir -p "$s/content"
    printf 'title: Small\n' > "$s/handbook.yaml"
    printf -- '---\nid: A\ntitle: A\ntype: policy\nowner: me\n---\nHi\n' > "$s/content/only.md"
    "$bin" build -C "$w" $today >"$tmp/lw1.out" 2>&1 &
    first=$!
    if ! await "$w/.public.lock"; then
        bad lock-wait "the first build took no lock"
        wait $first
    else
        "$bin" build -C "$s" -o "$w/public" $today >"$tmp/lw2.out" 2>&1
        st2=$?
        wait $first
        st1=$?
        if [ "$st1" != 0 ] || [ "$st2" != 0 ]; then
            bad lock-wait "status $st1 and $st2, expected 0 and 0: $(cat "$tmp/lw2.out")"
        elif holds lock-wait "$tmp/lw2.out" "ismsbook: waiting for another ismsbook build (pid $first) to finish writing"; then
            left=$(ls -A "$w" | grep '^\.public\.' || true)
            if [ -n "$left" ]; then
                bad lock-wait "left beside OUT: $left"
            elif [ ! -f "$w/public/only.html" ]; then
                bad lock-wait "the second build's site is not there: $(ls "$w/public" | head)"
            elif [ "$(find "$w/public" -name '*.html' | wc -l)" -gt 1000 ]; then
                bad lock-wait "the first build's pages outlived the second build"
            else
                ok
            fi
        fi
    fi
fi

if want lock-timeout; then
    w="$tmp/locktimeout"; mkdir -p "$w/content"
    printf 'title: T\n' > "$w/handbook.yaml"
    printf -- '---\nid: A\ntitle: A\ntype: policy\nowner: me\n---\nHi\n' > "$w/content/a.md"
    previous "$w"
    # Held until killed (see tests/adversarial/cases/signals/lock-held.sh).
    (exec 9>>"$w/.public.lock" && flock 9 && exec sleep 600) &
    holder=$!
    await "$w/.public.lock"
    sleep 0.2
    ISMSBOOK_LOCK_WAIT=0.3 "$bin" build -C "$w" $today >"$tmp/lt.out" 2>&1
    st=$?
    kill $holder 2>/dev/null; wait $holder 2>/dev/null
    rm -f "$w/.public.lock"
    if [ "$st" != 2 ]; then
        bad lock-timeout "status $st, expected 2: $(cat "$tmp/lt.out")"
    elif holds lock-timeout "$tmp/lt.out" "public: error: another ismsbook build is writing this folder; gave up after waiting 0.3 s (ISMSBOOK_LOCK_WAIT) [output-error]" &&
        intact lock-timeout "$w"; then
        ok
    fi
fi

# signal NAME SIG STATUS MESSAGE
signal_case() {
    want "signal-$1" || return 0
    w="$tmp/sig-$1"; cp -R "$big" "$w"
    previous "$w"
    "$bin" build -C "$w" $today >"$tmp/sig-$1.out" 2>&1 &
    pid=$!
    if ! await_tmp "$w"; then
        wait $pid
        skipped "signal-$1" "the build ended before it could be interrupted"
        return 0
    fi
    kill -s "$2" $pid
    wait $pid
    st=$?
    if [ "$st" != "$3" ]; then
        bad "signal-$1" "status $st, expected $3: $(cat "$tmp/sig-$1.out")"
    elif holds "signal-$1" "$tmp/sig-$1.out" "$4" && intact "signal-$1" "$w"; then
        ok
    fi
}
signal_case int INT 130 "ismsbook: interrupted by SIGINT; the previous site is left as it was"
signal_case term TERM 143 "ismsbook: interrupted by SIGTERM; the previous site is left as it was"
signal_case hup HUP 129 "ismsbook: interrupted by SIGHUP; the previous site is left as it was"

if want fsize; then
    w="$tmp/fsize"; mkdir -p "$w/content"
    printf 'title: T\n' > "$w/handbook.yaml"
    printf -- '---\nid: A\ntitle: A\ntype: policy\nowner: me\n---\nHi\n' > "$w/content/a.md"
    previous "$w"
    # 8 blocks of 512 bytes (dash; 1024 in bash): pages are larger.
    (ulimit -f 8 && exec "$bin" build -C "$w" $today) >"$tmp/fsize.out" 2>&1
    st=$?
    if [ "$st" != 1 ]; then
        bad fsize "status $st, expected 1: $(cat "$tmp/fsize.out")"
    elif holds fsize "$tmp/fsize.out" ": error: cannot write: File too large [output-error]" &&
        intact fsize "$w"; then
        ok
    fi
fi

# A tmpfs at $1 of size $2, or 1 when mounting is not permitted.
tmpfs() {
    mkdir -p "$1"
    mount -t tmpfs -o "size=$2" tmpfs "$1" 2>/dev/null || return 1
    mounted="$mounted $1"
}

if want enospc; then
    m="$tmp/full"
    if ! tmpfs "$m" 256k; then
        skipped enospc "cannot mount a tmpfs here"
    else
        w="$m/hb"; mkdir -p "$w/content"
        printf 'title: T\n' > "$w/handbook.yaml"
        for i in 1 2 3 4 5 6 7 8; do
            printf -- '---\nid: D%s\ntitle: D%s\ntype: policy\nowner: me\n---\nHi\n' $i $i > "$w/content/d$i.md"
        done
        previous "$w"
        "$bin" build -C "$w" $today >"$tmp/enospc.out" 2>&1
        st=$?
        if [ "$st" != 1 ]; then
            bad enospc "status $st, expected 1: $(cat "$tmp/enospc.out")"
        elif holds enospc "$tmp/enospc.out" ": error: cannot write: No space left on device [output-error]" &&
            intact enospc "$w"; then
            ok
        fi
    fi
fi

if want erofs; then
    m="$tmp/ro"
    if ! tmpfs "$m" 4m; then
        skipped erofs "cannot mount a tmpfs here"
    else
        w="$m/hb"; mkdir -p "$w/content"
        printf 'title: T\n' > "$w/handbook.yaml"
        printf -- '---\nid: A\ntitle: A\ntype: policy\nowner: me\n---\nHi\n' > "$w/content/a.md"
        previous "$w"
        if ! mount -o remount,ro "$m" 2>/dev/null; then
            skipped erofs "cannot remount the tmpfs read-only"
        else
            "$bin" build -C "$w" $today >"$tmp/erofs.out" 2>&1
            st=$?
            if [ "$st" != 2 ]; then
                bad erofs "status $st, expected 2: $(cat "$tmp/erofs.out")"
            elif holds erofs "$tmp/erofs.out" "public: error: cannot create the lock file beside it: Read-only file system [output-error]" &&
                intact erofs "$w"; then
                ok
            fi
        fi
    fi
fi

if ! command -v python3 >/dev/null 2>&1; then
    skipped patho "python3 is missing"
elif want watchdog || want patho; then
    python3 "$here/pathological.py" "$tmp/patho" > "$tmp/patho.list"
fi

if want watchdog && [ -f "$tmp/patho.list" ]; then
    w="$tmp/patho/nested-strong-emph"
    previous "$w"
    ISMSBOOK_DOC_SECONDS=0.01 "$bin" build -C "$w" $today >"$tmp/wd.out" 2>&1
    st=$?
    if [ "$st" != 1 ]; then
        bad watchdog "status $st, expected 1: $(cat "$tmp/wd.out")"
    elif holds watchdog "$tmp/wd.out" "content/x.md:1:1: error: parsing took longer than 0.01 s [document-too-complex]" &&
        intact watchdog "$w"; then
        ok
    fi
fi

if [ -f "$tmp/patho.list" ]; then
    while read -r name expect; do
        want "patho-$name" || continue
        w="$tmp/patho/$name"
        previous "$w"
        start=$(date +%s.%N)
        timeout 20 "$bin" build -C "$w" $today >"$tmp/p.out" 2>&1
        st=$?
        secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
        [ -n "${PATHO_VERBOSE:-}" ] && echo "patho-$name: status $st, $secs s"
        if awk -v s="$secs" -v m="$PATHO_SECONDS" 'BEGIN { exit !(s > m) }'; then
            bad "patho-$name" "took $secs s (more than $PATHO_SECONDS)"
        elif [ "$expect" = ok ]; then
            [ "$st" = 0 ] && ok || bad "patho-$name" "status $st: $(head -c 300 "$tmp/p.out")"
        elif [ "$st" != 1 ]; then
            bad "patho-$name" "status $st, expected 1"
        elif holds "patho-$name" "$tmp/p.out" "$expect" &&
            holds "patho-$name" "$tmp/p.out" "[document-too-complex]" &&
            intact "patho-$name" "$w"; then
            ok
        fi
    done < "$tmp/patho.list"
fi

echo "hardening: $pass passed, $fail failed, $skip skipped${failed:+ (}${failed# }${failed:+)}"
[ "$fail" = 0 ]
