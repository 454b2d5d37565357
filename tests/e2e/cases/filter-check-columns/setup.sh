# The example filter from the repository, then the shared check handbook.
mkdir -p filters && cp "$(dirname "$0")/../../../../filters/no-placeholders.lua" filters/
sh "$(dirname "$0")/../../check-base/use.sh"
