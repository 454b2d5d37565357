# 29 February: a leap-day review plus 12 months clamps to 28 February;
# 2027-02-28 + 12 months is 2028-02-28, one day overdue on 2028-02-29;
# --today 2028-02-29 is a real date, --today 2027-02-29 is a usage error.
handbook_yaml <<'Y'
title: T
rules: {control-uncovered: "off", mandatory-missing: "off", mandatory-not-approved: "off"}
Y
printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: ciso\nstatus: approved\napprover: ceo\napproved: 2027-02-28\nlast_reviewed: 2027-02-28\n---\n\nBody.\n' | file content/a.md
printf -- '---\nid: POL-002\ntitle: U\ntype: policy\nowner: ciso\nstatus: approved\napprover: ceo\napproved: 2024-02-29\nlast_reviewed: 2024-02-29\nreview_interval: 4 years\n---\n\nBody.\n' | file content/b.md
TZ=Pacific/Kiritimati ib_check --today 2028-02-29
expect_status 1
expect_out_re "content/a.md:9:16: error: review overdue since 2028-02-28 \(1 day\) \[review-overdue\]"
expect_out_re "content/b.md:9:16: warning: review due today \(2028-02-29\) \[review-due-soon\]"
ib check --today 2027-02-29
expect_status 2
expect_stderr <<'X'
ismsbook: error: --today: '2027-02-29' is not a date (YYYY-MM-DD)
X
