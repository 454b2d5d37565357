# The shared filter handbook (tests/e2e/filter-base/README).
sh "$(dirname "$0")/../../filter-base/use.sh"
