# 5,000 nested flow sequences: refused at the 17th level, no stack overflow.
handbook
{ printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: ciso\nextra: '
  head -c 5000 /dev/zero | tr '\0' '['
  printf '\n---\n\nBody.\n'; } | file content/a.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:6:23: error: nesting deeper than 16 levels [yaml-syntax]
X
