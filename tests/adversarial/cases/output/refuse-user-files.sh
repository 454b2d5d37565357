# OUT holds the user's own files and no marker: refused, files untouched.
handbook
doc content/a.md POL-001
mkdir -p "$HB/site/sub"
printf 'my notes\n' >"$HB/site/notes.txt"
printf 'more\n' >"$HB/site/sub/more.txt"
OUT="$HB/site"
ib_build -o site
expect_status 2
expect_stderr <<'X'
ismsbook: error: refusing to write the site to 'site': it is not empty and was not written by ismsbook (it has no .ismsbook-output file); choose an empty or new folder, or empty it yourself [output-refused]
X
