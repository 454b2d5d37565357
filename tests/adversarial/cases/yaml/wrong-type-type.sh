# A value outside its fixed set and a number where a date is expected.
handbook
printf -- '---\nid: POL-001\ntitle: T\ntype: poem\nowner: ciso\nclassification: 3\neffective: 20260101\n---\n\nBody.\n' | file content/a.md
ib_build
expect_status 1
expect_err_re "content/a.md:4:7: error: .*'poem'.* \[field-type\]"
expect_err_re "content/a.md:6:17: error: .* \[field-type\]"
expect_err_re "content/a.md:7:12: error: .* \[(date-invalid|field-type)\]"
