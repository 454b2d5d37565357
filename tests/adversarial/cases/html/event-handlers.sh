# Event-handler attributes in raw HTML, in every spelling.
handbook
doc content/a.md POL-001 "$(cat <<'M'
<img src=x onerror=alert(1)> <svg onload=alert(2)> <body onload=alert(3)>

<a href="#" ONCLICK="alert(4)">x</a> <p/onmouseover=alert(5)>y</p>

<details open ontoggle=alert(6)> <div onpointerenter
=alert(7)>z</div>
M
)"
ib_build
expect_status 0
expect_site_safe a.html
