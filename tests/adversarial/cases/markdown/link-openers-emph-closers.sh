# cmark pathological: 50,000 link openers and emphasis closers.
handbook
patho link-openers-emph-closers
bound 5
ib_build
expect_md_ok
