# 20,000 footnotes and references.
handbook
patho footnote-refs
bound 5
ib_build
expect_md_ok
