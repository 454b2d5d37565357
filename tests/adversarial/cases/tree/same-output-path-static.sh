# A static/ file and a document page on the same path: one must not
# silently overwrite the other.
handbook
doc content/a.md POL-001 'Page-from-markdown.'
mkdir -p "$HB/static"
printf '<p>Static-file</p>\n' >"$HB/static/a.html"
ib_build
expect_status 1
expect_err_re "(static/)?a.html: error: .* \[output-error\]"
