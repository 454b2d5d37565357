# 50,000 identical headings: anchors -1 ... -49999 without quadratic search.
handbook
patho headings-many
bound 5
ib_build
expect_md_ok
