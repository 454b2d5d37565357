# Symlink loops: a link to itself, a folder link to its parent and to the
# handbook root. No endless walk; every document once.
handbook
doc content/real/c.md POL-001
ln -s self.md "$HB/content/self.md"
ln -s .. "$HB/content/real/up"
ln -s ../.. "$HB/content/real/root"
ln -s real "$HB/content/alias"
ib_build
expect_status 0
expect_stderr <<'X'
content/self.md: warning: symbolic link leads nowhere (Too many levels of symbolic links); skipped [symlink-broken]
X
