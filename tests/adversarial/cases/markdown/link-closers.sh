# cmark pathological: 65,000 link closers with no openers.
handbook
patho link-closers
bound 5
ib_build
expect_md_ok
