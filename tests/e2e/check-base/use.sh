#!/bin/sh
# SPDX-License-Identifier: MIT
# Copies the shared handbook of the check cases (handbook/ beside this
# script) into the current folder, keeping every file the case has itself.
# Run from a case's setup.sh. Each CONTROL argument (such as A.5.15) is
# then made applicable in soa.yaml: its exclusion becomes
# "{ status: implemented }" on the same line, so line numbers stay put.
# Usage: sh use.sh [CONTROL...]
set -eu
base=$(cd "$(dirname "$0")/handbook" && pwd)
(cd "$base" && find . -type f) | while IFS= read -r f; do
    [ -e "$f" ] && continue
    mkdir -p "$(dirname "$f")"
    cp "$base/$f" "$f"
done
for c in "$@"; do
    re=$(printf '%s' "$c" | sed 's/\./\\./g')
    if ! grep -q "^  $re: { excluded" soa.yaml; then
        echo "use.sh: $c is not excluded in soa.yaml" >&2
        exit 1
    fi
    sed -i "s/^  $re: { excluded.*/  $c: { status: implemented }/" soa.yaml
done
