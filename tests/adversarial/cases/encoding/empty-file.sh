# An empty .md file.
handbook
: | file content/empty.md
doc content/b.md POL-002
ib_build
expect_status 1
expect_stderr <<'X'
content/empty.md:1:1: error: document does not start with a '---' front matter block [frontmatter-missing]
X
