# Reproducible builds: with --today, the site is byte-identical whatever
# SOURCE_DATE_EPOCH and TZ say and however often it is built (no clock
# time in any file). ismsbook does not read SOURCE_DATE_EPOCH: --today is
# how a build pins its date.
handbook
doc content/a.md POL-001
SOURCE_DATE_EPOCH=0 TZ=Pacific/Kiritimati ib build --today "$TODAY" -o "$W/.adv/s1"
expect_status 0
sleep 1
SOURCE_DATE_EPOCH=1900000000 TZ=Pacific/Pago_Pago ib build --today "$TODAY" -o "$W/.adv/s2"
expect_status 0
ib build --today "$TODAY" -o "$W/.adv/s3"
expect_status 0
diff -r "$W/.adv/s1" "$W/.adv/s2" >/dev/null || fail "SOURCE_DATE_EPOCH/TZ changed the site"
diff -r "$W/.adv/s1" "$W/.adv/s3" >/dev/null || fail "two builds of the same input differ"
