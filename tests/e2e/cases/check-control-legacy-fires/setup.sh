# The shared handbook of the check cases: tests/e2e/check-base/README.
sh "$(dirname "$0")/../../check-base/use.sh" A.5.15 A.5.36 A.8.8
