# OUT is a symbolic link (to a folder holding a previous site): refused,
# and the folder it points to is left alone.
handbook
doc content/a.md POL-001
cp -a "$ADV_BASE" "$W/real-site"
ln -s ../real-site "$HB/public"
ib_build
expect_status 2
expect_stderr <<'X'
ismsbook: error: refusing to write the site to 'public': it is a symbolic link; give the folder it points to, or another folder [output-refused]
X
