# A Latin-1 byte in front matter: encoding-invalid at its byte.
handbook
printf -- '---\nid: POL-001\ntitle: Caf\xe9 rules\ntype: policy\nowner: ciso\n---\n\nBody.\n' | file content/a.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:3:11: error: invalid UTF-8 (byte 0xE9) [encoding-invalid]
X
