# "owner:" with no value: the finding must point at the key on line 5, not
# at line 1 as if the key were absent.
handbook
printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner:\n---\n\nBody.\n' | file content/a.md
ib_build
expect_status 1
expect_err_re "content/a.md:5:[0-9]+: error: .*owner.* \[(field-missing|field-type)\]"
