# Without --today, "today" is the local calendar date of TZ: at any instant
# Kiritimati (UTC+14) and Pago Pago (UTC-11) are on different dates, and a
# review due on one zone's date is "due today" there only.
handbook_yaml <<'Y'
title: T
rules: {control-uncovered: "off", mandatory-missing: "off", mandatory-not-approved: "off"}
Y
for tz in Pacific/Kiritimati Pacific/Pago_Pago; do
    d0=$(TZ=$tz date +%F)
    printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: ciso\nstatus: approved\napprover: ceo\napproved: 2020-01-01\nnext_review: %s\n---\n\nBody.\n' "$d0" | file content/a.md
    TZ=$tz ib check
    d1=$(TZ=$tz date +%F)
    if [ "$d0" != "$d1" ]; then note "midnight passed in $tz during the run; not compared"; continue; fi
    expect_out_re "content/a.md:[0-9]+:[0-9]+: warning: review due today \($d0\) \[review-due-soon\]"
    other=Pacific/Pago_Pago
    [ "$tz" = Pacific/Pago_Pago ] && other=Pacific/Kiritimati
    TZ=$other ib check
    if grep -q "review due today ($d0)" "$STDOUT"; then
        fail "TZ=$other also calls $d0 today: today is not the local date"
    fi
done
