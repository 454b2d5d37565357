# data:, vbscript: and file: URLs in links and images become '#'.
handbook
doc content/a.md POL-001 "$(printf '%s\n' \
 '[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [b](DATA:text/html,<script>alert(2)</script>)' \
 '![c](data:image/svg+xml,<svg/onload=alert(3)>) ![d](data:image/png;base64,iVBORw0KGgo=)' \
 '[e](vbscript:msgbox(4)) [f](VBScript:msgbox(5)) [g](file:///etc/passwd) [h](FILE://server/share)')"
ib_build
expect_status 0
expect_site_safe a.html
expect_site_lacks 'base64,PHNj'
expect_site_lacks 'etc/passwd'
expect_site_lacks 'msgbox'
