# Quotes in link titles, URLs, image alt text and heading text must not
# break out of their attribute.
handbook
doc content/a.md POL-001 "$(printf '%s\n' \
 '[t](http://example.org/ "x\" onmouseover=\"alert(1)")' \
 '[u](<http://example.org/"onmouseover="alert(2)>)' \
 '![x" onerror="alert(3)](img.png)' '' \
 '## Heading "><img src=x onerror=alert(4)>' '' \
 'Footnote[^x"onclick="alert(5)].' '' '[^x"onclick="alert(5)]: note')"
echo png | file content/img.png
ib_build
expect_status 0
expect_site_safe a.html
