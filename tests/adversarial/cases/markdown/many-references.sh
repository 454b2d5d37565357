# cmark pathological: 80,000 link reference definitions, 5,000 uses.
handbook
patho many-references
bound 5
ib_build
expect_md_ok
