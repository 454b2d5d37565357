set -u
fail=0
[ -f hb/handbook.yaml ] && [ -f hb/content/soa.yaml ] || { echo "files missing"; fail=1; }
extra=$(ls -A hb | grep -v -x -e handbook.yaml -e content -e .gitignore || true)
[ -z "$extra" ] || { echo "unexpected in hb: $extra"; fail=1; }
exit $fail
