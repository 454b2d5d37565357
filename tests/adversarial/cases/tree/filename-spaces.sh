# File and folder names with spaces, quotes and '<': published under the
# same names, linked with percent-encoding, no markup broken.
handbook
doc "content/my folder/my policy.md" POL-001 '[q](id:POL-002) [s](<../q"<x>.md>)'
doc 'content/q"<x>.md' POL-002 '[back](<my folder/my policy.md>)'
ib_build
expect_status 0
expect_file "$OUT/my folder/my policy.html"
expect_file "$OUT/q\"<x>.html"
expect_in "$OUT/my folder/my policy.html" 'href="../q%22%3Cx%3E.html"'
expect_in "$OUT/q\"<x>.html" 'href="my%20folder/my%20policy.html"'
expect_site_safe
