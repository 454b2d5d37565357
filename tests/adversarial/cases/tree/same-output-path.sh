# Documents whose pages would land on generated pages (404, control index,
# a control page): output-error naming the path, old site intact.
handbook
doc content/404.md POL-001
doc content/controls/index.md POL-002
doc content/controls/A.5.1.md POL-003
ib_build
expect_status 1
expect_stderr <<'X'
404.html: error: cannot write: two pages would be written to this path (a document whose path matches a page ismsbook generates?); rename the document [output-error]
controls/A.5.1.html: error: cannot write: two pages would be written to this path (a document whose path matches a page ismsbook generates?); rename the document [output-error]
controls/index.html: error: cannot write: two pages would be written to this path (a document whose path matches a page ismsbook generates?); rename the document [output-error]
X
