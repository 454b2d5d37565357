# A YAML tag other than !!str (a classic deserialisation attack).
handbook
printf -- '---\nid: POL-001\ntitle: !!python/object/apply:os.system ["id"]\ntype: policy\nowner: ciso\n---\n\nBody.\n' | file content/a.md
ib_build
expect_status 1
expect_err_re "content/a.md:3:8: error: .*tag.* \[yaml-syntax\]"
