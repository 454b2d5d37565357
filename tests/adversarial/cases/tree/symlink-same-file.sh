# A symlink inside the handbook to another document: the same file twice,
# so its id is a duplicate (at the link's position), not two pages.
handbook
doc content/a.md POL-001
ln -s a.md "$HB/content/b.md"
ib_build
expect_status 1
expect_stderr <<'X'
content/b.md:2:5: error: id 'POL-001' is already used by content/a.md (as 'POL-001') [id-duplicate]
X
