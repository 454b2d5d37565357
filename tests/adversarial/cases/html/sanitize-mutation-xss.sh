# Mutation-XSS payloads against the HTML sanitizer: markup that a parser
# reads as text in one context and as tags in another (noscript, title,
# textarea, style, comments, CDATA, namespace confusion), nested forms,
# and entity tricks in URLs.
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
<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>

<div><title><img src=x onerror=alert(2)></title></div>

<div><textarea><img src=x onerror=alert(3)></textarea></div>

<div><style><img src=x onerror=alert(4)></style></div>

<div><!--><img src=x onerror=alert(5)>--></div>

<div><![CDATA[><img src=x onerror=alert(6)>]]></div>

<div><svg><p><style><img src=x onerror=alert(7)></style></p></svg></div>

<div><math><mtext><table><mglyph><style><img src=x onerror=alert(8)></style></mglyph></table></mtext></math></div>

<div><a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(9)">e</a><a href="java&NewLine;script:alert(10)">n</a><a href=" &#14; javascript:alert(11)">c</a></div>

<div><a href="data:text/html,<script>alert(12)</script>">d</a><img src="data:image/svg+xml,<svg onload=alert(13)>"></div>

<div><a href="https://example.org/" target="_blank" rel="opener">t</a><img src="a.png" srcset="https://evil.example/x.png 2x"></div>

<table><tr><td><form><form><input formaction="javascript:alert(14)"></form></form></td></tr></table>

<div id="main" class="site-header" style="position:fixed">spoof</div>
M
# The images that survive are checked like Markdown's: they must exist.
file content/x <<'B'
an image named x
B
file content/a.png <<'B'
an image
B
ib_build
expect_status 0
expect_site_safe a.html
expect_not_in "$OUT/a.html" 'evil.example'
expect_in "$OUT/a.html" '<div>spoof</div>'
expect_not_in "$OUT/a.html" 'position:fixed'
expect_not_in "$OUT/a.html" 'target="_blank"'
