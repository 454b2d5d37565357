# Markdown images that load from another host (a tracking pixel, an
# intranet page reaching out): the issue asks for no reference to another
# host in any src. The CSP's img-src 'self' blocks the request in a
# browser, but the page still names the host and no finding says so.
handbook
doc content/a.md POL-001 '![a](https://evil.example/pixel.png) ![b](//evil.example/b.png) ![c](http://10.0.0.1/c.png)'
ib_build
expect_site_safe a.html
expect_site_lacks 'evil.example'
expect_err_re "content/a.md:8:[0-9]+: warning: the image .https://evil.example/pixel.png. is on another host .* \[image-external\]"
