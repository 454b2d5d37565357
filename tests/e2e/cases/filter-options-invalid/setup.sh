# The example filter from the repository, as a handbook would copy it.
repo="$(dirname "$0")/../../../.."
mkdir -p filters
cp "$repo/filters/vague-language.lua" filters/
