# Over 1,000 '@' in one line (the e-mail autolink extension's slow path).
handbook
{ doc_head POL-001; echo; python3 -c 'print("a@" * 1001 + "b.example")'; } >"$HB/content/a.md"
ib_build
expect_status 1
expect_err_re "content/a.md:8:[0-9]+: error: .*'@'.* \[document-too-complex\]"
