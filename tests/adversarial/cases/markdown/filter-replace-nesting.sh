# A filter's node:replace with 200,000 nested block quotes: refused like
# such a body, before cmark-gfm and every reader of its tree recurse
# through them.
handbook_yaml <<'YAML'
title: Adversarial Handbook
organisation: Test Org
filters: [filters/deep.lua]
YAML
bound 5
doc content/a.md POL-001
file filters/deep.lua <<'LUA'
return { document = function(doc)
  for n in doc:nodes("paragraph") do
    n:replace(string.rep("> ", 200000) .. "a")
  end
end }
LUA
ib_build
expect_status 1
expect_err_re "filters/deep.lua:3: error: node:replace: the Markdown is too complex at its line 1: block quotes and list items nest deeper than 100 levels .*\[filter-error\]"
