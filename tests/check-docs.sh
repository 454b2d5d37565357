#!/bin/sh
# SPDX-License-Identifier: MIT
# The documentation keeps up with the program: README.md carries the rule
# table that `ismsbook help rules` prints, and the man page and README name
# every rule id and every command in `ismsbook --help`, and both describe
# every environment variable it lists. Usage: BIN (IB_WRAP, if set, is put
# in front of each run of BIN: make test VALGRIND=1).
set -u
bin=$1
wrap=${IB_WRAP:-}
cd "$(dirname "$0")/.."
fail=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
if ! $wrap "$bin" help rules > "$tmp" || ! grep -q '^| `yaml-syntax`' "$tmp"; then
    echo "ismsbook help rules does not print the rule table"
    exit 1
fi
if ! python3 - "$tmp" README.md <<'PY' 2>/dev/null
import sys
table = open(sys.argv[1], encoding="utf-8").read()
readme = open(sys.argv[2], encoding="utf-8").read()
sys.exit(0 if table in readme else 1)
PY
then
    # Without python3, fall back to comparing line by line.
    while IFS= read -r line; do
        grep -qxF -- "$line" README.md || { echo "README.md lacks: $line"; fail=1; break; }
    done < "$tmp"
fi
for id in $(sed -n 's/^| `\([a-z-]*\)`.*/\1/p' "$tmp"); do
    grep -q "^\.B $id\$" cmd/ismsbook.1 || { echo "man page lacks rule $id"; fail=1; }
done
for cmd in $($wrap "$bin" --help | sed -n 's/^  \([a-z]*\) .*/\1/p'); do
    grep -q "$cmd" cmd/ismsbook.1 || { echo "man page lacks command $cmd"; fail=1; }
    grep -q "ismsbook $cmd" README.md || { echo "README lacks command $cmd"; fail=1; }
done
help_env=$($wrap "$bin" --help |
    sed -n '/^Environment:/,/^$/s/^  \([A-Z_][A-Z0-9_]*\) .*/\1/p')
man_env=$(sed -n '/^\.SH ENVIRONMENT/,/^\.SH /s/^\.B \([A-Z_][A-Z0-9_]*\)$/\1/p' \
    cmd/ismsbook.1)
[ -n "$help_env" ] || { echo "ismsbook --help lists no environment"; fail=1; }
for var in $help_env; do
    echo "$man_env" | grep -qx "$var" ||
        { echo "man page ENVIRONMENT lacks $var"; fail=1; }
    grep -q "\`$var\`" README.md || { echo "README lacks $var"; fail=1; }
done
for var in $man_env; do
    echo "$help_env" | grep -qx "$var" ||
        { echo "ismsbook --help Environment lacks $var"; fail=1; }
done
[ "$fail" = 0 ] && echo "docs: in step with the program"
exit $fail
