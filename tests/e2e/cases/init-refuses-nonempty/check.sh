set -u
fail=0
[ "$(ls -A hb)" = "notes.md" ] || { echo "hb changed: $(ls -A hb)"; fail=1; }
[ "$(cat hb/notes.md)" = "My notes." ] || { echo "notes.md changed"; fail=1; }
leftovers=$(ls -A | grep -e tmp || true)
[ -z "$leftovers" ] || { echo "left behind: $leftovers"; fail=1; }
exit $fail
