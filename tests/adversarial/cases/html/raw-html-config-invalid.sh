# markdown.raw_html accepts drop or sanitize only.
handbook_yaml <<'Y'
title: T
markdown:
  raw_html: allow
Y
doc content/a.md POL-001
ib_build
expect_status 2
expect_err_re "handbook.yaml:3:13: error: .*raw_html.* \[field-type\]"
