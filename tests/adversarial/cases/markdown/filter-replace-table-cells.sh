# A filter's node:replace with 8 KB of table: a 999-column header and
# 2,000 one-letter rows, which cmark-gfm would fill up to two million
# cells (gigabytes, seconds). Replacements keep the limits bodies keep:
# a filter-error naming the limit, at once, instead of the memory limit
# after the damage.
handbook_yaml <<'YAML'
title: Adversarial Handbook
organisation: Test Org
filters: [filters/table.lua]
YAML
bound 5
doc content/a.md POL-001
file filters/table.lua <<'LUA'
return { document = function(doc)
  for n in doc:nodes("paragraph") do
    n:replace(string.rep("|a", 999) .. "|\n" .. string.rep("|-", 999) ..
              "|\n" .. string.rep("a\n", 2000))
  end
end }
LUA
ib_build
expect_status 1
expect_err_re "filters/table.lua:3: error: node:replace: the Markdown is too complex at its line [0-9]+: more than 200000 table cells .*\[filter-error\]"
