# GFM strikethrough: 100,000 unclosed '~~' openers.
handbook
patho strikethrough-run
bound 5
ib_build
expect_md_ok
