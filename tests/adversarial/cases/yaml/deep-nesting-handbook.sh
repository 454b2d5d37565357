# 100,000 nested flow sequences in handbook.yaml.
{ printf 'title: T\nextra: '; head -c 100000 /dev/zero | tr '\0' '['; echo; } | handbook_yaml
doc content/a.md POL-001
ib_build
expect_status 2
expect_err_re "handbook.yaml:2:[0-9]+: error: nesting deeper than 16 levels \[yaml-syntax\]"
