# javascript: links in mixed case, with leading space, tab and newline
# inside the scheme (browsers drop those), autolinks and references.
handbook
doc content/a.md POL-001 "$(printf '%s\n' \
 '[a](javascript:alert(1)) [b](JaVaScRiPt:alert(2)) [c]( javascript:alert(3))' \
 '[d](<java	script:alert(4)>) [e](<javascript	:alert(5)>) [f](<java' 'script:alert(6)>)' \
 '<javascript:alert(7)> <JAVASCRIPT:alert(8)> [g][r1] [h]' '' \
 '[r1]: javascript:alert(9)' '[h]: <  javascript:alert(10)>' \
 '![i](javascript:alert(11)) [j](javascript:alert(12) "title")')"
ib_build
expect_status 0
expect_site_safe a.html
