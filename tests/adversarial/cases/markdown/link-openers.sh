# cmark pathological: 65,000 link openers with no closers (an opener flood).
handbook
patho link-openers
bound 5
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:8:20001: error: more than 10000 '[' in one paragraph (links and images); the document is not parsed as Markdown [document-too-complex]
X
