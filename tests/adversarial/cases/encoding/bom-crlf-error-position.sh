# Positions in a BOM + CRLF file: the BOM is not a column, \r not a char.
handbook
printf '\xef\xbb\xbf---\r\nid: POL-001\r\ntitle: T\r\ntype: policy\r\nowner: ciso\r\neffective: 2026-13-01\r\n---\r\n\r\nBody.\r\n' | file content/a.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:6:12: error: 'effective' is not a real date in the form YYYY-MM-DD: '2026-13-01' [date-invalid]
X
