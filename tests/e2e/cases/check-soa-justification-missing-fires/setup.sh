# The shared handbook of the check cases: tests/e2e/check-base/README.
sh "$(dirname "$0")/../../check-base/use.sh"
# Three exclusions lose their justification: none at all, an empty one
# and one of blanks only.
sed -i -e 's/^  A\.7\.4: .*/  A.7.4: { excluded: true }/' \
    -e 's/^  A\.7\.5: .*/  A.7.5: { excluded: true, justification: "" }/' \
    -e 's/^  A\.7\.6: .*/  A.7.6: { excluded: true, justification: "   " }/' \
    soa.yaml
