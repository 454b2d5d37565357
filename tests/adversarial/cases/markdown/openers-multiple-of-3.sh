# cmark pathological: the rule of 3 for emphasis, 50,000 times.
handbook
patho openers-multiple-of-3
bound 5
ib_build
expect_md_ok
