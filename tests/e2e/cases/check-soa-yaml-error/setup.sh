# The shared handbook of the check cases: tests/e2e/check-base/README.
sh "$(dirname "$0")/../../check-base/use.sh"
# A.8.34 decided twice with the same spelling: a duplicate YAML key.
echo '  A.8.34: { status: planned }' >>soa.yaml
