# Old Mac line ends (\r only): one line, no front matter fence of its own.
handbook
printf -- '---\rid: POL-001\rtitle: T\rtype: policy\rowner: ciso\r---\r\rBody.\r' | file content/a.md
ib_build
expect_status 1
expect_err_re "content/a.md:1:1: error: .* \[(frontmatter-missing|yaml-syntax)\]"
