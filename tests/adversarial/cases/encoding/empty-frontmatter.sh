# "---" then "---": empty front matter, every required key missing.
handbook
printf -- '---\n---\n\nBody.\n' | file content/a.md
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:1:1: error: front matter has no 'id' [field-missing]
content/a.md:1:1: error: front matter has no 'title' [field-missing]
content/a.md:1:1: error: front matter has no 'type' [field-missing]
content/a.md:1:1: error: front matter has no 'owner' [field-missing]
X
