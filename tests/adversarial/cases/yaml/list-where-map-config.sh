# review: given a list where handbook.yaml expects a map.
handbook_yaml <<'Y'
title: T
review: [12 months, 30]
Y
doc content/a.md POL-001
ib_build
expect_status 2
expect_err_re "handbook.yaml:2:9: error: .*review.* \[field-type\]"
