# Without --today, SOURCE_DATE_EPOCH gives today as its UTC date, in every
# zone: noon UTC of 2026-03-29 is already 2026-03-30 in Kiritimati (UTC+14)
# and still 2026-03-29 in Pago Pago (UTC-11). --today wins over it.
handbook_yaml <<'Y'
title: T
rules: {control-uncovered: "off", mandatory-missing: "off", mandatory-not-approved: "off"}
Y
printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: ciso\nstatus: approved\napprover: ceo\napproved: 2020-01-01\nnext_review: 2026-03-29\n---\n\nBody.\n' | file content/a.md
for tz in Pacific/Kiritimati Pacific/Pago_Pago UTC; do
    SOURCE_DATE_EPOCH=1774785600 TZ=$tz ib check
    expect_status 0
    expect_out_re "content/a.md:9:14: warning: review due today \(2026-03-29\) \[review-due-soon\]"
done
SOURCE_DATE_EPOCH=1774785600 ib check --today 2026-03-30
expect_status 1
expect_out_re "content/a.md:9:14: error: review overdue since 2026-03-29 \(1 day\) \[review-overdue\]"
