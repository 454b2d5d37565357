# An unterminated single-quoted value, found by `check` (text report, caret).
handbook
printf -- "---\nid: POL-001\ntitle: T\ntype: policy\nowner: 'ciso\n---\n\nBody.\n" | file content/a.md
ib_check
expect_status 1
expect_out_re "content/a.md:5:8: error: found unexpected end of stream while scanning a quoted scalar: the \"'\" here is never closed \[yaml-syntax\]"
expect_out_re " +5 \| owner: 'ciso"
expect_out_re " +\| +\^"
