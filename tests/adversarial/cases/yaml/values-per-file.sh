# 120,000 values in one handbook.yaml (under 1 MiB): over the limit of
# 100,000 values per file.
{ printf 'title: T\nx: ['; seq 1 120000 | tr '\n' ',' ; printf '0]\n'; } | cut -c1-1000000 | handbook_yaml
doc content/a.md POL-001
ib_build
expect_status 2
expect_err_line "handbook.yaml:2:588869: error: too many values (limit reached) [yaml-syntax]"
