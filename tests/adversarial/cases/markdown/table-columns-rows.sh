# A 1,000-column table header followed by 20,000 one-cell rows (each padded to 1,000 cells).
handbook
patho table-columns-rows
bound 3
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:8:2001: error: more than 1000 '|' in one line (table cells); the document is not parsed as Markdown [document-too-complex]
X
