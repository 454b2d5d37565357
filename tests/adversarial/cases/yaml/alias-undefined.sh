# An alias with no anchor.
handbook
printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: *nobody\n---\n\nBody.\n' | file content/a.md
ib_build
expect_status 1
expect_err_re "content/a.md:5:8: error: .* \[yaml-syntax\]"
