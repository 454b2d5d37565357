# With --today, the result is the same in zones on both sides of UTC and
# across a DST change: check output and the built site byte for byte.
handbook_yaml <<'Y'
title: T
rules: {control-uncovered: "off", mandatory-missing: "off", mandatory-not-approved: "off"}
Y
printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: ciso\nstatus: approved\napprover: ceo\napproved: 2025-03-30\nlast_reviewed: 2025-03-30\n---\n\nBody.\n' | file content/a.md
printf -- '---\nid: POL-002\ntitle: U\ntype: policy\nowner: ciso\nstatus: approved\napprover: ceo\napproved: 2025-10-26\nlast_reviewed: 2025-10-26\nreview_interval: 1 days\n---\n\nBody.\n' | file content/b.md
first=
for tz in UTC Pacific/Kiritimati Pacific/Pago_Pago Europe/Copenhagen America/St_Johns Asia/Kathmandu; do
    TZ=$tz ib check --today 2026-03-29
    expect_status 1
    if [ -z "$first" ]; then
        first=$tz
        cp "$STDOUT" "$W/.adv/check.first"
        expect_out_re "content/a.md:9:16: warning: review due 2026-03-30 \(in 1 day\) \[review-due-soon\]"
        expect_out_re "content/b.md:9:16: error: review overdue since 2025-10-27 \(153 days\) \[review-overdue\]"
    elif ! cmp -s "$W/.adv/check.first" "$STDOUT"; then
        fail "check output under TZ=$tz differs from TZ=$first"
        diff "$W/.adv/check.first" "$STDOUT" | head -n 10
    fi
    TZ=$tz ib build --today 2026-03-29 -o "$W/.adv/site-${tz//\//_}"
    expect_status 0
done
for d in "$W"/.adv/site-*; do
    diff -rq "$W/.adv/site-UTC" "$d" >/dev/null || fail "site built under ${d##*site-} differs from UTC's"
done
