# -o . and -o with the absolute path of the handbook root: refused.
handbook
doc content/a.md POL-001
ib_build -o .
expect_status 2
expect_stderr <<'X'
ismsbook: error: refusing to write the site to '.': it is the handbook folder itself; choose a folder of its own such as 'public' [output-refused]
X
ib_build -o "$HB/"
expect_status 2
expect_err_re "ismsbook: error: refusing to write the site to '.*': it is the handbook folder itself; .* \[output-refused\]"
