# site/ holds a user's file and no ismsbook marker: it must be left as it was.
set -e
[ "$(ls -A site)" = "notes.txt" ] || { echo "site/ changed: $(ls -A site)"; exit 1; }
[ "$(cat site/notes.txt)" = "My own notes, not a site." ] || { echo "site/notes.txt changed"; exit 1; }
left=$(ls -A | grep '^\.site\.' || true)
[ -z "$left" ] || { echo "temporary folder left behind: $left"; exit 1; }
