# A NUL byte in the body.
handbook
printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: ciso\n---\n\nab\0cd\n' | file content/a.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:8:3: error: NUL byte (0x00): not a text file [encoding-invalid]
X
