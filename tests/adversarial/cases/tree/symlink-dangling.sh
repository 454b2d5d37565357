# A dangling symlink: a warning, the build goes on.
handbook
ln -s /nonexistent/x.md "$HB/content/gone.md"
doc content/a.md POL-001
ib_build
expect_status 0
expect_stderr <<'X'
content/gone.md: warning: symbolic link leads nowhere (No such file or directory); skipped [symlink-broken]
X
