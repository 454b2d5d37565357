# Default (raw_html: drop): raw HTML is left out, and each HTML block and
# the first inline tag of a paragraph is an html-dropped warning at its
# position; HTML comments are no finding.
handbook
doc content/a.md POL-001 "$(printf '%s\n' '<script>alert(1)</script>' '' 'Text <img src=x onerror=alert(2)> more <b>x</b>.' '' '<!-- a comment -->')"
ib_build
expect_status 0
expect_err_re "content/a.md:8:1: warning: .* \[html-dropped\]"
expect_err_re "content/a.md:10:6: warning: .* \[html-dropped\]"
expect_no_err_re "content/a.md:12:"
expect_site_safe a.html
ib_build --strict
expect_status 1
