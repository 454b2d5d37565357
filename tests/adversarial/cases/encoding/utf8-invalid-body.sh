# A truncated sequence in the body, on line 9.
handbook
printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: ciso\n---\n\nFine line.\nBroken \xc3\x28 here.\n' | file content/a.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:9:8: error: invalid UTF-8 (byte 0xC3) [encoding-invalid]
X
