# cmark pathological: 50,000-deep block quotes.
handbook
patho nested-blockquotes
bound 5
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:8:201: error: block quotes and list items nest deeper than 100 levels; the document is not parsed as Markdown [document-too-complex]
X
