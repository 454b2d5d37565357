# An unterminated double-quoted value: the error names where the quote opens.
handbook
printf -- '---\nid: POL-001\ntitle: "Never closed\ntype: policy\nowner: ciso\n---\n\nBody.\n' | file content/a.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:3:8: error: found unexpected end of stream while scanning a quoted scalar: the '"' here is never closed [yaml-syntax]
X
expect_site_lacks 'Never closed'
