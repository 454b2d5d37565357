# 1900 is not a leap year (divisible by 100), 2000 is (by 400).
handbook
printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: ciso\neffective: 1900-02-29\nnext_review: 2000-02-29\n---\n\nBody.\n' | file content/a.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:6:12: error: 'effective' is not a real date in the form YYYY-MM-DD: '1900-02-29' [date-invalid]
X
