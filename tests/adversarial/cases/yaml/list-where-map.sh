# Front matter that is a list, not a map.
handbook
printf -- '---\n- id: POL-001\n- title: T\n---\n\nBody.\n' | file content/a.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:2:1: error: front matter must be a map of keys and values, not a list [field-type]
X
