# -o content, -o content/site, and content/ reached through a symlink.
handbook
doc content/a.md POL-001
ln -s content "$HB/c2"
for o in content content/site c2/site; do
    ib_build -o "$o"
    expect_status 2
    expect_stderr <<X
ismsbook: error: refusing to write the site to '$o': it is or is inside the content folder, which holds the documents; choose a folder outside content/ such as 'public' [output-refused]
X
done
