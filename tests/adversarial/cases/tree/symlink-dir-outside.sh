# A symlink to a folder outside the handbook, and one to /: skipped.
handbook
mkdir -p "$W/elsewhere"
printf -- '---\nid: OUT-001\ntitle: Outside\ntype: policy\nowner: x\n---\n\nOutside-secret-text.\n' >"$W/elsewhere/x.md"
ln -s ../../elsewhere "$HB/content/docs"
ln -s / "$HB/content/slash"
doc content/a.md POL-001
ib_build
expect_status 0
expect_stderr <<X
content/docs: warning: symbolic link to '../../elsewhere' leads outside the handbook; skipped [symlink-outside]
content/slash: warning: symbolic link to '/' leads outside the handbook; skipped [symlink-outside]
X
expect_site_lacks 'Outside-secret-text'
expect_no_path "$OUT/docs"
