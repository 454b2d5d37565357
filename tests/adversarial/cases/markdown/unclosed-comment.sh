# cmark pathological: '</' then 300,000 unclosed '<!--'.
handbook
patho unclosed-comment
bound 5
ib_build
expect_md_ok
