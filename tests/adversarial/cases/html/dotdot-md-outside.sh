# A relative link to a .md file above the handbook: link-broken, and the
# file there is not read or published.
handbook
printf -- '---\nid: OUT-001\ntitle: Outside secret\ntype: policy\nowner: x\n---\n\nOutside-secret-text.\n' >"$W/outside.md"
doc content/sub/a.md POL-001 '[x](../../../outside.md) [y](../../handbook.yaml) [z](../../../sentinel.txt)'
ib_build
expect_status 1
expect_stderr <<'X'
content/sub/a.md:8:1: error: '../../../outside.md' is not a document of this handbook [link-broken]
X
expect_site_lacks 'Outside-secret-text'
