# cmark pathological: emphasis in a 100,000-deep block quote.
handbook
patho emph-deep-blockquote
bound 3
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:8:101: error: block quotes and list items nest deeper than 100 levels; the document is not parsed as Markdown [document-too-complex]
X
