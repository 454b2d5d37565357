# Exactly 100 nested block quotes build; 101 are document-too-complex at
# the 101st marker. The same for list markers.
handbook
{ doc_head POL-001; echo; printf '> %.0s' $(seq 1 100); echo a; } >"$HB/content/a.md"
ib_build
expect_status 0
{ doc_head POL-001; echo; printf '> %.0s' $(seq 1 101); echo a; } >"$HB/content/a.md"
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:8:201: error: block quotes and list items nest deeper than 100 levels; the document is not parsed as Markdown [document-too-complex]
X
{ doc_head POL-001; echo; printf -- '- %.0s' $(seq 1 101); echo a; } >"$HB/content/a.md"
ib_build
expect_status 1
expect_err_line "content/a.md:8:201: error: block quotes and list items nest deeper than 100 levels; the document is not parsed as Markdown [document-too-complex]"
