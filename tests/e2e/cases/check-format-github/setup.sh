# The handbook of the check-format-* cases: tests/e2e/check-base/formats
# over the shared one (tests/e2e/check-base/README), with A.5.15 applicable.
base="$(dirname "$0")/../../check-base"
cp -R "$base/formats/." .
sh "$base/use.sh" A.5.15
