# Ids that differ only in case collide (links are case-insensitive).
handbook
doc content/a.md POL-01
doc content/b.md pol-01
doc content/c.md Pol-01
ib_build
expect_status 1
expect_stderr <<'X'
content/b.md:2:5: error: id 'pol-01' is already used by content/a.md (as 'POL-01') [id-duplicate]
content/c.md:2:5: error: id 'Pol-01' is already used by content/a.md (as 'POL-01') [id-duplicate]
X
