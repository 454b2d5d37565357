# raw_html: sanitize keeps the allow-list (tables, kbd, b, details) and
# removes scripts, event handlers, styles, foreign images, dangerous links,
# svg/math and forms, each removal an html-dropped warning at its line
# (consecutive HTML blocks count as one: lines 21 and 23 share a warning).
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
<script>alert(1)</script>

<table onclick="alert(2)"><tr><td style="color:red" onmouseover="alert(3)">cell</td></tr></table>

<img src="https://evil.example/p.png"> <img src="//evil.example/q.png"> <img src="img/ok.png" onerror="alert(4)">

<a href="javascript:alert(5)">j</a> <a href="jav&#x09;ascript:alert(6)">k</a> <a href="https://example.org/">ok</a>

<svg><script>alert(7)</script></svg><math><mi xlink:href="javascript:alert(8)">x</mi></math>

<details open ontoggle=alert(9)><summary>s</summary>body</details>

Press <kbd onclick="alert(10)">Ctrl</kbd> and <b>bold</b>.

<div><a href="\\evil.example/x">bs</a><a href="/\evil.example/y">fs</a><img src="/\evil.example/z.png"></div>

<form action="https://evil.example"><input name=x></form><iframe srcdoc="<script>alert(12)</script>"></iframe>
M
ib_build
expect_status 0
expect_site_safe a.html
expect_in "$OUT/a.html" '<td>cell</td>'
expect_in "$OUT/a.html" '<kbd>Ctrl</kbd>'
expect_in "$OUT/a.html" '<details open><summary>s</summary>body</details>'
expect_err_line "content/a.md:7:1: warning: raw HTML partly removed by the allow-list: <script> and its content, and 3 more [html-dropped]"
expect_err_line "content/a.md:17:1: warning: raw HTML partly removed by the allow-list: the 'ontoggle' attribute of <details> [html-dropped]"
expect_err_line "content/a.md:19:7: warning: raw HTML partly removed by the allow-list: the 'onclick' attribute of <kbd> [html-dropped]"
expect_err_line "content/a.md:21:1: warning: raw HTML partly removed by the allow-list: the 'href' attribute of <a>, and 4 more [html-dropped]"
expect_not_in "$OUT/a.html" 'evil.example'
