# A tab used for indentation in front matter: yaml-syntax at the tab.
handbook
printf -- '---\nid: POL-001\ntitle: Tabbed\n\ttype: policy\nowner: ciso\n---\n\nBody.\n' | file content/a.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:4:1: error: found a tab character that violates indentation while scanning a plain scalar [yaml-syntax]
X
