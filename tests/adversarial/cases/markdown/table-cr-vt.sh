# cmark-gfm pathological: 30,000 tables made with CR and VT.
handbook
patho table-cr-vt
bound 5
ib_build
expect_md_ok
