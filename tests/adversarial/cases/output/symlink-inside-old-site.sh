# The previous site holds a symlink to a folder outside it (someone put it
# there). Replacing the site deletes the old tree without following links:
# the folder the link points to keeps its files. At the top of the site the
# build refuses instead, naming what it did not write.
handbook
doc content/a.md POL-001
mkdir -p "$W/keep"
printf 'keep me\n' >"$W/keep/precious.txt"
ib_pre
ln -s ../../../keep "$OUT/assets/keep-link"
ln -s ../../../keep/precious.txt "$OUT/assets/file-link"
ib_pre
ib_exec build --today "$TODAY"
ib_post
expect_status 0
expect_file "$W/keep/precious.txt"
expect_in "$W/keep/precious.txt" 'keep me'
[ ! -L "$OUT/assets/keep-link" ] || fail "the old site's link is still there"
ln -s ../../keep "$OUT/keep-link"
ib_pre
ib_exec build --today "$TODAY"
ib_post
expect_status 2
expect_stderr <<'X'
ismsbook: error: refusing to write the site to 'public': it holds 'keep-link', which no build wrote, and a build replaces the whole folder; move it elsewhere, or put it in static/ to have every build copy it [output-refused]
X
expect_in "$W/keep/precious.txt" 'keep me'
