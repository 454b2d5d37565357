# -o /: refused before anything is touched.
handbook
doc content/a.md POL-001
ib_build -o /
expect_status 2
expect_stderr <<'X'
ismsbook: error: refusing to write the site to '/': it is the root of the file system; choose a folder of its own such as 'public' [output-refused]
X
