# OUT is a regular file: refused, the file kept.
handbook
doc content/a.md POL-001
printf 'precious\n' >"$HB/out.txt"
PREV=0
ib_build -o out.txt
expect_status 2
expect_stderr <<'X'
ismsbook: error: refusing to write the site to 'out.txt': it exists and is not a folder; choose another name or remove the file [output-refused]
X
