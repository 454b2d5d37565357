# A list where text is expected, and a map where a list is expected.
handbook
printf -- '---\nid: POL-001\ntitle: [a, b]\ntype: policy\nowner: ciso\ntags:\n  a: b\n---\n\nBody.\n' | file content/a.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:3:8: error: 'title' must be text, not a list [field-type]
content/a.md:7:3: error: 'tags' must be a list, not a map [field-type]
X
