# OUT inside static/ (copied into every site) must be refused like
# content/ and themes/: otherwise each build copies the previous site into
# the new one (site/site/site/...), without end.
handbook
doc content/a.md POL-001
mkdir -p "$HB/static"
printf 'x\n' >"$HB/static/file.txt"
OUT="$HB/static/site"
PREV=0
ib_build -o static/site
ib_build -o static/site
expect_status 2
expect_err_re "ismsbook: error: refusing to write the site to 'static/site': .* \[output-refused\]"
expect_no_path "$HB/static/site/site"
