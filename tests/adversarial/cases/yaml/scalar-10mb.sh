# A 10 MB scalar makes the document larger than the 4 MiB limit: refused
# before it is read whole.
handbook
{ printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: ciso\nversion: '
  head -c 10485760 /dev/zero | tr '\0' a
  printf '\n---\n\nBody.\n'; } | file content/a.md
doc content/b.md POL-002
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md: error: file is larger than the limit of 4194304 bytes [file-too-large]
X
