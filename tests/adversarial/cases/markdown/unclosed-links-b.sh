# cmark pathological: 30,000 unclosed links '[a](b'.
handbook
patho unclosed-links-b
bound 5
ib_build
expect_md_ok
