# cmark-gfm pathological: '[ (](' repeated 80,000 times.
handbook
patho bracket-paren
bound 5
ib_build
expect_md_ok
