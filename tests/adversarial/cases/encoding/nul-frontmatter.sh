# A NUL byte inside a front matter value (it would cut a C string short).
handbook
printf -- '---\nid: POL-001\ntitle: Short\0ened secret\ntype: policy\nowner: ciso\n---\n\nBody.\n' | file content/a.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:3:13: error: NUL byte (0x00): not a text file [encoding-invalid]
X
