# cmark pathological: 50,000-deep nested brackets.
handbook
patho nested-brackets
bound 5
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:8:10001: error: more than 10000 '[' in one paragraph (links and images); the document is not parsed as Markdown [document-too-complex]
X
