# Front matter never closed: an error, and none of it is published.
handbook
printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: secret-owner-xyz\n\n# Heading\n\nBody.\n' | file content/a.md
doc content/b.md POL-002
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:1:1: error: front matter opened here is never closed with a '---' line [yaml-syntax]
X
