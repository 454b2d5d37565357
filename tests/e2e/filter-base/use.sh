#!/bin/sh
# SPDX-License-Identifier: MIT
# Sets up the filter-check-* handbook in the current folder: this folder's
# files, the example filters from the repository, then the shared check
# handbook (../check-base) under them. Usage: sh use.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
cp -R "$here/content" "$here/filters" "$here/handbook.yaml" .
for f in no-placeholders.lua guideline-audience.lua vague-language.lua; do
    cp "$repo/filters/$f" filters/
done
sh "$here/../check-base/use.sh"
