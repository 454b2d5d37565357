# SPDX-License-Identifier: MIT
# Helpers of the adversarial cases; sourced by run.sh in each case's
# subshell (bash). See run.sh for the layout. Set by run.sh: BIN, W, HB,
# OUT, CASE, ADV_BASE, ADV_TIMEOUT, ADV_T.

ADV_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TODAY=2026-11-22
STATUS=
RUNS=0
SIGNAL_STATUS=       # the status of a run a case ended by a signal itself
PREV=1               # ib puts the previous site into OUT first (0: not)
RUN_DIR=             # where ib runs the program (default: $HB)
ERR="$W/.adv/stderr"
STDOUT="$W/.adv/stdout"
: >"$W/.adv/failures"
export TMPDIR="$W/.adv/tmp" HOME="$W/.adv/home" NO_COLOR=1 LC_ALL=C.UTF-8
mkdir -p "$HOME"

fail() {
    printf 'FAIL: %s\n' "$*" | tee -a "$W/.adv/failures"
}

skip() {
    echo "$*"
    exit 77
}

note() {
    echo "note: $*"
}

# --- input ---------------------------------------------------------------

handbook() {
    mkdir -p "$HB/content"
    printf 'title: Adversarial Handbook\norganisation: Test Org\n' >"$HB/handbook.yaml"
}

handbook_yaml() {
    mkdir -p "$HB/content"
    cat >"$HB/handbook.yaml"
}

# file PATH: $HB/PATH from standard input.
file() {
    mkdir -p "$(dirname "$HB/$1")"
    cat >"$HB/$1"
}

# doc_head ID [TITLE]: a valid draft's front matter, on standard output.
doc_head() {
    printf -- '---\nid: %s\ntitle: %s\ntype: policy\nowner: ciso\n---\n' "$1" "${2:-Policy $1}"
}

# doc PATH ID [BODY]: a valid draft document at $HB/PATH.
doc() {
    mkdir -p "$(dirname "$HB/$1")"
    { doc_head "$2"; printf '\n%s\n' "${3:-Body of $2.}"; } >"$HB/$1"
}

# --- snapshots -----------------------------------------------------------

# snap DIR [PRUNE...]: every path below DIR (type, mode, symlink target)
# and every file's checksum, PRUNE paths (relative, "./x/y") left out.
snap() {
    local d=$1 p
    shift
    local args=()
    for p in "$@"; do args+=(-path "$p" -prune -o); done
    (
        cd "$d" || exit 1
        find . "${args[@]}" -printf '%y %m %p -> %l\n' | LC_ALL=C sort
        find . "${args[@]}" -type f -print0 | LC_ALL=C sort -z | xargs -0 -r cksum
    )
}

# The paths of W that ib's runs may not touch: all but OUT and .adv.
snap_outside() {
    local prunes=(./.adv)
    case "$OUT" in "$W"/*) prunes+=("./${OUT#"$W"/}") ;; esac
    snap "$W" "${prunes[@]}"
}

# --- running -------------------------------------------------------------

# ib_pre: the previous site into OUT, the snapshots ib_post compares.
ib_pre() {
    if [ "$PREV" = 1 ] && [ ! -e "$OUT" ] && [ ! -L "$OUT" ]; then
        mkdir -p "$(dirname "$OUT")"
        cp -a "$ADV_BASE" "$OUT"
    fi
    snap_outside >"$W/.adv/outside.before"
    OUT_WAS_DIR=0
    if [ -d "$OUT" ] && [ ! -L "$OUT" ]; then
        OUT_WAS_DIR=1
        snap "$OUT" >"$W/.adv/out.before"
    fi
}

# ib_exec ARGS...: runs the program once with the time bound; sets STATUS.
ib_exec() {
    RUNS=$((RUNS + 1))
    (cd "${RUN_DIR:-$HB}" && exec timeout -k 5 "$ADV_TIMEOUT" $IB_WRAP "$BIN" "$@") \
        >"$STDOUT" 2>"$ERR" </dev/null
    STATUS=$?
    LAST_ARGS="$*"
}

# ib_exec_wrapped ARGS...: as ib_exec, the program started through the
# command in the array WRAP (which must end by exec'ing its arguments),
# such as (unshare -m sh -c '... && exec "$@"' sh) or (bash -c 'ulimit ...').
ib_exec_wrapped() {
    RUNS=$((RUNS + 1))
    (cd "${RUN_DIR:-$HB}" && exec timeout -k 5 "$ADV_TIMEOUT" "${WRAP[@]}" $IB_WRAP "$BIN" "$@") \
        >"$STDOUT" 2>"$ERR" </dev/null
    STATUS=$?
    LAST_ARGS="$*"
}

# ib_post: what every run must satisfy, whatever its input.
ib_post() {
    if [ "$STATUS" = 124 ] || [ "$STATUS" = 137 ]; then
        fail "'ismsbook $LAST_ARGS' did not finish within $ADV_TIMEOUT s (status $STATUS)"
    elif [ "$STATUS" -ge 128 ] && [ "$STATUS" != "${SIGNAL_STATUS:-}" ]; then
        fail "'ismsbook $LAST_ARGS' was killed by signal $((STATUS - 128))"
    fi
    if grep -qE 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:' "$ERR"; then
        fail "sanitizer report:"
        head -n 30 "$ERR"
    fi
    snap_outside >"$W/.adv/outside.after"
    if ! diff -u "$W/.adv/outside.before" "$W/.adv/outside.after" >"$W/.adv/outside.diff"; then
        fail "something outside OUT was created, removed or changed:"
        head -n 20 "$W/.adv/outside.diff"
    fi
    if [ -n "$(ls -A "$TMPDIR")" ]; then
        fail "files left in TMPDIR: $(ls -A "$TMPDIR" | head -n 5 | tr '\n' ' ')"
    fi
    local parent base left
    parent=$(dirname "$OUT") base=$(basename "$OUT")
    if [ -d "$parent" ]; then
        left=$(ls -A "$parent" | grep -F ".$base.tmp-" || true)
        [ -z "$left" ] || fail "temporary folder left beside OUT: $left"
    fi
    local built=0
    case " $LAST_ARGS " in *" build "*) [ "$STATUS" = 0 ] && built=1 ;; esac
    if [ "$built" = 1 ]; then
        [ -f "$OUT/.ismsbook-output" ] || fail "the build succeeded but OUT has no .ismsbook-output"
        [ -f "$OUT/index.html" ] || fail "the build succeeded but OUT has no index.html"
    elif [ "$OUT_WAS_DIR" = 1 ]; then
        if [ -L "$OUT" ] || ! snap "$OUT" >"$W/.adv/out.after" 2>&1 ||
            ! diff -u "$W/.adv/out.before" "$W/.adv/out.after" >"$W/.adv/out.diff"; then
            fail "the previous site in OUT was changed (status $STATUS):"
            head -n 40 "$W/.adv/out.diff" 2>/dev/null
        fi
    fi
}

# ib ARGS...: run the program in $HB, with every general check.
ib() {
    ib_pre
    ib_exec "$@"
    ib_post
}

# ib_build [ARGS...]: ib build --today $TODAY ARGS...
ib_build() {
    ib build --today "$TODAY" "$@"
}

# ib_check [ARGS...]: ib check --today $TODAY ARGS...
ib_check() {
    ib check --today "$TODAY" "$@"
}

# --- expectations --------------------------------------------------------

expect_status() {
    [ "$STATUS" = "$1" ] || {
        fail "exit status $STATUS, expected $1"
        echo "stderr:"
        head -n 20 "$ERR"
    }
}

# expect_status_in "1 2": one of the listed.
expect_status_in() {
    case " $1 " in *" $STATUS "*) return ;; esac
    fail "exit status $STATUS, expected one of $1"
    head -n 20 "$ERR"
}

# expect_stderr: standard error, byte for byte, from standard input.
expect_stderr() {
    cat >"$W/.adv/expected.stderr"
    if ! diff -u "$W/.adv/expected.stderr" "$ERR" >"$W/.adv/stderr.diff"; then
        fail "standard error differs:"
        head -n 40 "$W/.adv/stderr.diff"
    fi
}

expect_stdout() {
    cat >"$W/.adv/expected.stdout"
    if ! diff -u "$W/.adv/expected.stdout" "$STDOUT" >"$W/.adv/stdout.diff"; then
        fail "standard output differs:"
        head -n 40 "$W/.adv/stdout.diff"
    fi
}

# expect_err_line TEXT: standard error has the line TEXT.
expect_err_line() {
    grep -qxF -- "$1" "$ERR" || {
        fail "standard error lacks the line: $1"
        echo "stderr:"
        head -n 20 "$ERR"
    }
}

# expect_err_re ERE: a line of standard error matches ERE as a whole.
expect_err_re() {
    grep -qxE -- "$1" "$ERR" || {
        fail "no line of standard error matches: $1"
        echo "stderr:"
        head -n 20 "$ERR"
    }
}

expect_no_err_re() {
    if grep -qE -- "$1" "$ERR"; then
        fail "standard error matches what it must not: $1"
        grep -E -- "$1" "$ERR" | head -n 5
    fi
}

# expect_out_re ERE: a line of standard output matches ERE as a whole.
expect_out_re() {
    grep -qxE -- "$1" "$STDOUT" || {
        fail "no line of standard output matches: $1"
        echo "stdout:"
        head -n 20 "$STDOUT"
    }
}

expect_file() {
    [ -f "$1" ] || fail "missing file: $1"
}

expect_no_path() {
    if [ -e "$1" ] || [ -L "$1" ]; then fail "must not exist: $1"; fi
}

# expect_in FILE TEXT / expect_not_in FILE TEXT: fixed strings.
expect_in() {
    grep -qF -- "$2" "$1" 2>/dev/null || fail "$1 lacks: $2"
}

expect_not_in() {
    if grep -qF -- "$2" "$1" 2>/dev/null; then fail "$1 holds: $2"; fi
}

# expect_site_lacks TEXT: no file of the site holds TEXT.
expect_site_lacks() {
    local hits
    hits=$(grep -rlF -- "$1" "$OUT" 2>/dev/null | head -n 5)
    [ -z "$hits" ] || fail "the site holds '$1' in: $hits"
}

# expect_site_safe: every page of OUT passes htmlcheck.py (no script but
# the theme's own, no event handler, no dangerous URL, no other host).
# expect_site_safe [PAGE...]: only those pages (relative to OUT).
expect_site_safe() {
    if ! python3 "$ADV_LIB_DIR/htmlcheck.py" "$OUT" "$@" >"$W/.adv/htmlcheck" 2>&1; then
        fail "unsafe HTML in the site:"
        head -n 30 "$W/.adv/htmlcheck"
    fi
}

# --- helpers for the cases -------------------------------------------------

REPO=$(cd "$ADV_LIB_DIR/../.." && pwd)

# big_handbook N: a generated handbook of N documents in $HB (builds
# without errors at --today 2026-12-01).
big_handbook() {
    rm -rf "$HB"
    sh "$REPO/tests/bench/gen-handbook.sh" "$1" "$HB" >/dev/null || fail "gen-handbook.sh failed"
}

# ib_start ARGS...: starts the program in the background in $HB, with
# SIGINT and SIGTERM at their defaults (a background job of a script
# inherits them ignored); sets PID. ib_wait collects it.
ib_start() {
    RUNS=$((RUNS + 1))
    LAST_ARGS="$*"
    (cd "${RUN_DIR:-$HB}" && exec env --default-signal=INT,TERM "$BIN" "$@") \
        >"$STDOUT" 2>"$ERR" </dev/null &
    PID=$!
}

# ib_wait [PID]: waits at most ADV_TIMEOUT seconds for the program, then
# kills it (a hang); sets STATUS.
ib_wait() {
    local p=${1:-$PID} i=0
    while kill -0 "$p" 2>/dev/null && [ $i -lt $((ADV_TIMEOUT * 20)) ]; do
        sleep 0.05
        i=$((i + 1))
    done
    if kill -0 "$p" 2>/dev/null; then
        kill -KILL "$p" 2>/dev/null
        wait "$p" 2>/dev/null
        STATUS=124
    else
        wait "$p"
        STATUS=$?
    fi
}

# tmp_beside_out: true while a temporary folder is beside OUT.
tmp_beside_out() {
    ls -A "$(dirname "$OUT")" 2>/dev/null | grep -qF ".$(basename "$OUT").tmp-"
}

# can_mount: true if this process may make a private mount namespace and
# mount a tmpfs in it.
can_mount() {
    unshare -m --propagation private sh -c \
        'mount -t tmpfs -o size=1m none "$1" && umount "$1"' sh "$TMPDIR" 2>/dev/null
}

# bound S: this case's runs must end within S seconds (x3 under ASan).
bound() {
    ADV_TIMEOUT=$(($1 * ${ADV_FACTOR:-1}))
}

# patho NAME [ID]: a document whose body is cmark's pathological input
# NAME (see patho.py), at $HB/content/a.md.
patho() {
    mkdir -p "$HB/content"
    { doc_head "${2:-POL-001}"; echo; python3 "$ADV_LIB_DIR/patho.py" "$1"; } >"$HB/content/a.md" ||
        fail "patho.py $1 failed"
}

# expect_md_ok: a pathological document either builds (status 0, safe
# HTML) or is refused with an error finding at a position in the document.
expect_md_ok() {
    expect_status_in "0 1"
    if [ "$STATUS" = 0 ]; then
        expect_file "$OUT/a.html"
        expect_site_safe a.html
    else
        expect_err_re "content/a.md:[0-9]+:[0-9]+: error: .*"
    fi
}

# wait_for COND-COMMAND [TENTHS]: polls until the command succeeds.
wait_for() {
    local i=0 n=${2:-100}
    while [ $i -lt "$n" ]; do
        eval "$1" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

adv_finish() {
    [ "$RUNS" -gt 0 ] || fail "the case never ran the program"
    if [ -s "$W/.adv/failures" ]; then exit 1; fi
    exit 0
}
