# cmark pathological: 65,000 emphasis closers with no openers.
handbook
patho emph-closers
bound 5
ib_build
expect_md_ok
