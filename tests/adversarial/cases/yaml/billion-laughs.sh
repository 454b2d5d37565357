# Anchors and aliases (billion laughs): refused at the first anchor, at once.
handbook
{
  printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: ciso\nextra:\n'
  printf '  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
  for i in 1 2 3 4 5 6 7 8 9; do
    p=$((i - 1))
    printf '  a%d: &a%d [*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d]\n' $i $i $p $p $p $p $p $p $p $p $p
  done
  printf -- '---\n\nBody.\n'
} | file content/a.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:7:7: error: anchors (&name) are not allowed [yaml-syntax]
X
