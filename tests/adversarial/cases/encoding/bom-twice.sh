# Two BOMs: the second is text before the fence, so there is no front matter.
handbook
printf '\xef\xbb\xbf\xef\xbb\xbf---\nid: POL-001\ntitle: T\ntype: policy\nowner: ciso\n---\n\nBody.\n' | file content/a.md
ib_build
expect_status 1
expect_err_re "content/a.md:1:1: error: .* \[frontmatter-missing\]"
