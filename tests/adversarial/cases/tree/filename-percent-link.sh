# GitHub-style link to a file with a space, written with %20: it names
# content/my policy.md and must resolve to its page.
handbook
doc "content/my policy.md" POL-001
doc content/a.md POL-002 '[p](my%20policy.md)'
ib_build
expect_status 0
expect_stderr </dev/null
expect_in "$OUT/a.html" 'href="my%20policy.html"'
