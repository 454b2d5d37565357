# cmark pathological: empty lines after a 30,000-deep list.
handbook
patho empty-lines-nested-lists
bound 3
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:8:201: error: block quotes and list items nest deeper than 100 levels; the document is not parsed as Markdown [document-too-complex]
X
