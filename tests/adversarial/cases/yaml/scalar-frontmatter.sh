# Front matter that is one plain string.
handbook
printf -- '---\njust some text\n---\n\nBody.\n' | file content/a.md
ib_build
expect_status 1
expect_err_re "content/a.md:2:1: error: front matter must be a map.* \[field-type\]"
