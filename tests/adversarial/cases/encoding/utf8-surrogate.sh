# An encoded UTF-16 surrogate (U+D800) and a code point above U+10FFFF.
handbook
printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: ciso\n---\n\nA \xed\xa0\x80 surrogate.\n' | file content/a.md
printf -- '---\nid: POL-002\ntitle: T\ntype: policy\nowner: ciso\n---\n\nToo \xf4\x90\x80\x80 big.\n' | file content/b.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:8:3: error: invalid UTF-8 (byte 0xED) [encoding-invalid]
content/b.md:8:5: error: invalid UTF-8 (byte 0xF4) [encoding-invalid]
X
