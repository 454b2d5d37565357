# -o .. and an absolute ancestor: they contain the handbook.
handbook
doc content/a.md POL-001
ib_build -o ..
expect_status 2
expect_stderr <<'X'
ismsbook: error: refusing to write the site to '..': it contains the handbook; choose a folder of its own such as 'public' [output-refused]
X
ib_build -o "$W"
expect_status 2
expect_stderr <<X
ismsbook: error: refusing to write the site to '$W': it contains the handbook; choose a folder of its own such as 'public' [output-refused]
X
