# cmark pathological: backtick runs of every length up to 2,700 (3.6 MB).
handbook
patho backticks
bound 5
ib_build
expect_md_ok
