# Links in raw HTML are resolved like Markdown's, so they must not become
# a way to publish what Markdown cannot: no file a browser runs scripts
# from (.svg, .html, .js) is published from content/, an id: href never
# reaches the page as a scheme, and a link that climbs out of content/
# publishes nothing. The build fails on the refused files, check agrees.
handbook_yaml <<'Y'
title: T
markdown:
  raw_html: sanitize
Y
file content/a.md <<'M'
---
id: POL-001
title: T
type: policy
owner: ciso
---
<p><img src="evil.svg"> <a href="page.html">p</a> <a href="x.JS">j</a>
<img src="../../etc/passwd"> <a href="%2e%2e/%2e%2e/secret.txt">s</a></p>
M
file content/evil.svg <<'B'
<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>
B
file content/page.html <<'B'
<script>alert(2)</script>
B
file content/x.JS <<'B'
alert(3)
B
printf 'secret\n' >"$HB/secret.txt"
ib_build
expect_status 1
expect_err_re "content/a.md:7:9: error: 'evil.svg' is not a file of this handbook .*run scripts.* \[link-broken\]"
expect_err_re "content/a.md:7:28: error: 'page.html' is not a file of this handbook .*run scripts.* \[link-broken\]"
expect_err_re "content/a.md:7:54: error: 'x.JS' is not a file of this handbook .*run scripts.* \[link-broken\]"
expect_no_err_re "passwd|secret"
expect_site_lacks 'alert('
expect_no_path "$OUT/evil.svg"
expect_no_path "$OUT/page.html"
expect_no_path "$OUT/x.JS"
ib_check
expect_status 1
expect_out_re "content/a.md:7:9: error: 'evil.svg' is not a file of this handbook .* \[link-broken\]"
# An id: href that names nothing is link-broken, and no page keeps it.
file content/a.md <<'M'
---
id: POL-001
title: T
type: policy
owner: ciso
---
<p><a href="id:javascript:alert(1)">i</a> <a href="id:POL-001#top">self</a></p>
M
ib_build
expect_status 1
expect_err_re "content/a.md:7:7: error: no document with id 'javascript:alert\(1\)' \[link-broken\]"
expect_site_lacks 'alert('
