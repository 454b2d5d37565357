# cmark pathological: 50,000 mismatched emphasis openers and closers.
handbook
patho mismatched-openers
bound 5
ib_build
expect_md_ok
