# 20 levels of block maps: refused where the 17th level starts.
handbook
{ printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: ciso\nextra:\n'
  for i in $(seq 1 20); do printf '%*sk%d:\n' $((i * 2)) '' $i; done
  printf -- '---\n\nBody.\n'; } | file content/a.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:22:33: error: nesting deeper than 16 levels [yaml-syntax]
X
