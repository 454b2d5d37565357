# Billion laughs in handbook.yaml: a configuration error, at once.
{
  printf 'title: T\nextra_laughs:\n'
  printf '  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
  for i in 1 2 3 4 5 6 7 8 9; do
    p=$((i - 1))
    printf '  a%d: &a%d [*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d,*a%d]\n' $i $i $p $p $p $p $p $p $p $p $p
  done
} | handbook_yaml
doc content/a.md POL-001
ib_build
expect_status 2
expect_err_line "handbook.yaml:3:7: error: anchors (&name) are not allowed [yaml-syntax]"
