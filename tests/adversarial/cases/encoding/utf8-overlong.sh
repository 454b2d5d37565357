# An overlong encoding of '/' (0xC0 0xAF), a classic filter bypass.
handbook
printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: ciso\n---\n\n[x](..\xc0\xaf..\xc0\xafetc)\n' | file content/a.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:8:7: error: invalid UTF-8 (byte 0xC0) [encoding-invalid]
X
