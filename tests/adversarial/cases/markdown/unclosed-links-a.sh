# cmark pathological: 30,000 unclosed links '[a](<b'.
handbook
patho unclosed-links-a
bound 5
ib_build
expect_md_ok
