# A 3 MB scalar fits a document but not the 64 KiB front matter limit.
handbook
{ printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: ciso\nversion: '
  head -c 3000000 /dev/zero | tr '\0' a
  printf '\n---\n\nBody.\n'; } | file content/a.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:1:1: error: front matter of 3000056 bytes exceeds the limit of 65536 bytes [yaml-syntax]
X
