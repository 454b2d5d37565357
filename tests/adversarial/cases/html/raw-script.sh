# Raw <script> blocks and inline tags are not published (default config).
handbook
doc content/a.md POL-001 "$(cat <<'M'
<script>alert(1)</script>

<SCRIPT SRC=//evil.example/x.js></SCRIPT>

Inline <script>alert(2)</script> and <scr<script>ipt>alert(3)</script>.

<div><style>body{background:url(javascript:alert(4))}</style></div>

<iframe src="https://evil.example/"></iframe> <object data="x.swf"></object>
M
)"
ib_build
expect_status 0
expect_site_safe a.html
