# GFM autolink extension: 'www.' followed by 200,000 'a_' (CVE-2022-39209 class).
handbook
patho autolink-www
bound 5
ib_build
expect_md_ok
