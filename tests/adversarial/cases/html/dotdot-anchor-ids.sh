# Links with ../ that stay inside content/ resolve; a path through a
# non-existent folder and back (x/../) does too, or is link-broken: never
# a read outside content/.
handbook
doc content/policies/a.md POL-001 '[b](../guides/b.md) [c](../nowhere/../guides/b.md) [d](../../content/guides/b.md)'
doc content/guides/b.md GL-001
ib_build
expect_status_in "0 1"
expect_no_err_re 'outside|handbook.yaml'
if [ "$STATUS" = 0 ]; then
    expect_in "$OUT/policies/a.html" 'href="../guides/b.html"'
    expect_site_safe
fi
