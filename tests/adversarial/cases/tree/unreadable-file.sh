# A document the user may not read (only meaningful as non-root).
handbook
doc content/a.md POL-001
doc content/b.md POL-002
chmod 000 "$HB/content/b.md"
if [ -r "$HB/content/b.md" ]; then
    chmod 644 "$HB/content/b.md"
    skip "running as root: chmod 000 does not stop reading"
fi
ib_build
chmod 644 "$HB/content/b.md"
expect_status 1
expect_stderr <<'X'
content/b.md: error: cannot read: Permission denied [file-unreadable]
X
