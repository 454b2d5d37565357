# The last Sunday of October 2026 (25th) has 25 hours in Copenhagen.
handbook_yaml <<'Y'
title: T
rules: {control-uncovered: "off", mandatory-missing: "off", mandatory-not-approved: "off"}
Y
printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: ciso\nstatus: approved\napprover: ceo\napproved: 2026-01-01\nlast_reviewed: 2026-10-24\nreview_interval: 2 days\n---\n\nBody.\n' | file content/a.md
printf -- '---\nid: POL-002\ntitle: U\ntype: policy\nowner: ciso\nstatus: approved\napprover: ceo\napproved: 2026-01-01\nnext_review: 2026-10-24\n---\n\nBody.\n' | file content/b.md
for tz in Europe/Copenhagen Pacific/Kiritimati; do
    TZ=$tz ib_check --today 2026-10-25
    expect_status 1
    expect_out_re "content/a.md:9:16: warning: review due 2026-10-26 \(in 1 day\) \[review-due-soon\]"
    expect_out_re "content/b.md:9:14: error: review overdue since 2026-10-24 \(1 day\) \[review-overdue\]"
done
