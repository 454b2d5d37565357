# last_reviewed 9999-12-31 + 12 months falls in year 10000: the due date
# cannot be written as YYYY-MM-DD. A finding, never "????-12-31" in pages,
# JSON or an invalid iCalendar DATE.
handbook_yaml <<'Y'
title: T
rules: {control-uncovered: "off", mandatory-missing: "off", mandatory-not-approved: "off"}
Y
printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: ciso\nstatus: approved\napprover: ceo\napproved: 2026-01-01\nlast_reviewed: 9999-12-31\n---\n\nBody.\n' | file content/a.md
ib_build
expect_err_re "content/a.md:9:16: (error|warning): .* \[(date-invalid|field-type)\]"
expect_site_lacks '????'
