# The previous site holds a symlink to a folder outside it (someone put it
# there). Replacing the site deletes the old tree without following links:
# the folder the link points to keeps its files.
handbook
doc content/a.md POL-001
mkdir -p "$W/keep"
printf 'keep me\n' >"$W/keep/precious.txt"
ib_pre
ln -s ../../keep "$OUT/keep-link"
ln -s ../../keep/precious.txt "$OUT/file-link"
ib_pre
ib_exec build --today "$TODAY"
ib_post
expect_status 0
expect_file "$W/keep/precious.txt"
expect_in "$W/keep/precious.txt" 'keep me'
