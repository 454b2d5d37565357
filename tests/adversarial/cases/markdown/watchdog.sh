# The per-document time bound (ISMSBOOK_DOC_SECONDS): a legal but slow
# document stops build and check with document-too-complex; the build's
# temporary folder is removed and the previous site stays.
handbook
patho headings-many
export ISMSBOOK_DOC_SECONDS=0.001
ib_build
expect_status 1
expect_stderr <<'X'
content/a.md:1:1: error: parsing took longer than 0.001 s [document-too-complex]
X
ib_check
expect_status 1
expect_err_line "content/a.md:1:1: error: parsing took longer than 0.001 s [document-too-complex]"
