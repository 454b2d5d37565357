# cmark-gfm pathological: '![[]()' repeated 160,000 times (quadratic in old cmark-gfm).
handbook
patho image-link-run
bound 3
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:8:30002: error: more than 10000 '[' in one paragraph (links and images); the document is not parsed as Markdown [document-too-complex]
X
