# cmark pathological: 65,000 emphasis openers with no closers.
handbook
patho emph-openers
bound 5
ib_build
expect_md_ok
