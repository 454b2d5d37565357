# Front matter closed with "..." and then a second fenced block: the second
# block is body text, not more front matter (no override of the id).
handbook
printf -- '---\nid: POL-001\ntitle: T\ntype: policy\nowner: ciso\n...\n---\nid: EVIL\n---\n\nBody.\n' | file content/a.md
ib_build
expect_status 0
expect_file "$OUT/a.html"
expect_not_in "$OUT/isms.json" '"EVIL"'
