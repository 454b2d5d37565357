# 1,000 '|' in a line build; 1,001 are document-too-complex at the 1,001st.
handbook
row() { printf '|'; printf 'x|%.0s' $(seq 1 "$1"); echo; }
{ doc_head POL-001; echo; row 999; printf '|'; printf -- '-|%.0s' $(seq 1 999); echo; row 999; } >"$HB/content/a.md"
ib_build
expect_status 0
{ doc_head POL-001; echo; row 1000; } >"$HB/content/a.md"
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:8:2001: error: more than 1000 '|' in one line (table cells); the document is not parsed as Markdown [document-too-complex]
X
