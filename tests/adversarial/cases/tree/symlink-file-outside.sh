# A symlink to a file outside the handbook (an absolute one and a relative
# one): skipped with a warning, its text never published.
handbook
printf -- '---\nid: OUT-001\ntitle: Outside\ntype: policy\nowner: x\n---\n\nOutside-secret-text.\n' >"$W/outside.md"
ln -s "$W/outside.md" "$HB/content/abs.md"
ln -s ../../outside.md "$HB/content/rel.md"
ln -s /etc/passwd "$HB/content/passwd.md"
doc content/a.md POL-001
ib_build
expect_status 0
expect_stderr <<X
content/abs.md: warning: symbolic link to '$W/outside.md' leads outside the handbook; skipped [symlink-outside]
content/passwd.md: warning: symbolic link to '/etc/passwd' leads outside the handbook; skipped [symlink-outside]
content/rel.md: warning: symbolic link to '../../outside.md' leads outside the handbook; skipped [symlink-outside]
X
expect_site_lacks 'Outside-secret-text'
expect_site_lacks 'root:x:0'
