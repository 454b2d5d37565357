# cmark pathological: 65,000 nested strong/emph pairs.
handbook
patho nested-strong-emph
bound 5
ib_build
expect_md_ok
