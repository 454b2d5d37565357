# A key twice in handbook.yaml: a configuration error (exit 2).
handbook_yaml <<'Y'
title: One
organisation: Org
title: Two
Y
doc content/a.md POL-001
ib_build
expect_status 2
expect_err_re "handbook.yaml:3:1: error: duplicate key 'title' \(first at line 1\) \[yaml-syntax\]"
