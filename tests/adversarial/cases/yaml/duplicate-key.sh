# The same key twice: an error at the second one, naming the first line.
handbook
printf -- '---\nid: POL-001\ntitle: First\ntype: policy\nowner: ciso\ntitle: Second\n---\n\nBody.\n' | file content/a.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:6:1: error: duplicate key 'title' (first at line 3) [yaml-syntax]
X
