# Wiki links and id: links cannot smuggle a scheme: they name ids.
handbook
doc content/a.md POL-001 '[[javascript:alert(1)]] [x](id:javascript:alert(2))'
ib_build
# [[javascript:alert(1)]] is no wiki link (':' and '(' are no id characters).
expect_status 1
expect_stderr <<'X'
content/a.md:8:25: error: no document with id 'javascript:alert(2)' [link-broken]
X
