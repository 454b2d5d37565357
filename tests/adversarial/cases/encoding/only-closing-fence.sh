# YAML and a closing fence, but no opening one.
handbook
printf -- 'id: POL-001\ntitle: T\n---\n\nBody.\n' | file content/a.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:1:1: error: document does not start with a '---' front matter block [frontmatter-missing]
X
