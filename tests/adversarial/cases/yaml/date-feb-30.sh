# 2026-02-30 does not exist.
handbook
printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: ciso\nstatus: approved\napprover: ceo\napproved: 2026-02-30\nlast_reviewed: 2026-01-10\n---\n\nBody.\n' | file content/a.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:8:11: error: 'approved' is not a real date in the form YYYY-MM-DD: '2026-02-30' [date-invalid]
X
