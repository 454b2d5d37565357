# cmark pathological: 1,000-deep nested lists.
handbook
patho deeply-nested-lists
bound 5
ib_build
expect_md_ok
