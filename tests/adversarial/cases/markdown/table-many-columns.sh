# A table of 5,000 columns and 200 rows (a million cells).
handbook
patho table-many-columns
bound 3
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:8:2001: error: more than 1000 '|' in one line (table cells); the document is not parsed as Markdown [document-too-complex]
X
