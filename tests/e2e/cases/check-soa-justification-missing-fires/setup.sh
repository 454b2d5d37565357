# The shared handbook of the check cases: tests/e2e/check-base/README.
sh "$(dirname "$0")/../../check-base/use.sh"
# Two exclusions lose their justification: none at all, and an empty one.
sed -i -e 's/^  A\.7\.4: .*/  A.7.4: { excluded: true }/' \
    -e 's/^  A\.7\.5: .*/  A.7.5: { excluded: true, justification: "" }/' \
    soa.yaml
