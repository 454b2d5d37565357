# Raw HTML that is not published (an editorial comment, attribute values,
# script text) must not reach the published search index either.
handbook
doc content/a.md POL-001 "$(printf '%s\n' 'Visible text.' '' '<!-- internal: secretword42 -->' '' '<div title="attrsecret43">x</div>' '' '<script>scriptsecret44()</script>')"
ib_build
expect_status 0
expect_in "$OUT/search-index.json" 'visible'
expect_site_lacks 'secretword42'
expect_site_lacks 'attrsecret43'
expect_site_lacks 'scriptsecret44'
