# 2025 is not a leap year; 2024-02-29 in the same file is fine.
handbook
printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: ciso\nstatus: approved\napprover: ceo\napproved: 2024-02-29\nlast_reviewed: 2025-02-29\n---\n\nBody.\n' | file content/a.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:9:16: error: 'last_reviewed' is not a real date in the form YYYY-MM-DD: '2025-02-29' [date-invalid]
X
