# The last Sunday of March 2026 (29th) has 23 hours in Copenhagen: day
# counts across it stay whole days (no off-by-one from mktime arithmetic).
handbook_yaml <<'Y'
title: T
review: {interval: 12 months, warn_days: 30}
rules: {control-uncovered: "off", mandatory-missing: "off", mandatory-not-approved: "off"}
Y
printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: ciso\nstatus: approved\napprover: ceo\napproved: 2026-01-01\nlast_reviewed: 2026-03-28\nreview_interval: 1 days\n---\n\nBody.\n' | file content/a.md
printf -- '---\nid: POL-002\ntitle: U\ntype: policy\nowner: ciso\nstatus: approved\napprover: ceo\napproved: 2026-01-01\nlast_reviewed: 2026-03-23\nreview_interval: 1 weeks\n---\n\nBody.\n' | file content/b.md
printf -- '---\nid: POL-003\ntitle: V\ntype: policy\nowner: ciso\nstatus: approved\napprover: ceo\napproved: 2026-01-01\nnext_review: 2026-03-28\n---\n\nBody.\n' | file content/c.md
TZ=Europe/Copenhagen ib_check --today 2026-03-29
expect_status 1
expect_stdout <<'X'
content/a.md:9:16: warning: review due today (2026-03-29) [review-due-soon]
    9 | last_reviewed: 2026-03-28
      |                ^
content/b.md:9:16: warning: review due 2026-03-30 (in 1 day) [review-due-soon]
    9 | last_reviewed: 2026-03-23
      |                ^
content/c.md:9:14: error: review overdue since 2026-03-28 (1 day) [review-overdue]
    9 | next_review: 2026-03-28
      |              ^
1 error, 2 warnings in 3 documents

Reviews overdue or due within 30 days of 2026-03-29:

  ciso
    OVERDUE   2026-03-28  POL-003 V (1 day late)
    due soon  2026-03-29  POL-001 T (due today)
    due soon  2026-03-30  POL-002 U (in 1 day)
X
