# A BOM and CRLF line ends are accepted; no stray \r reaches the page.
handbook
printf '\xef\xbb\xbf---\r\nid: POL-001\r\ntitle: Windows Policy\r\ntype: policy\r\nowner: ciso\r\n---\r\n\r\n## Scope\r\n\r\nSee [x](#scope).\r\n' | file content/a.md
ib_build
expect_status 0
expect_stderr </dev/null
expect_in "$OUT/a.html" '<h1'
expect_in "$OUT/a.html" 'Windows Policy'
expect_not_in "$OUT/a.html" $'\r'
expect_not_in "$OUT/a.html" $'\xef\xbb\xbf'
expect_site_safe
