# An alias inside its own anchor (a cycle) must not loop.
handbook
printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: ciso\nextra: &loop\n  self: *loop\n---\n\nBody.\n' | file content/a.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:6:8: error: anchors (&name) are not allowed [yaml-syntax]
X
