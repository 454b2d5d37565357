# A file that is just "---".
handbook
printf -- '---\n' | file content/a.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:1:1: error: front matter opened here is never closed with a '---' line [yaml-syntax]
X
