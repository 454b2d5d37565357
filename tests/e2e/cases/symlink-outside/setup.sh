# content/outside.md links to ../../outside.md, one folder above the
# handbook; give it a target so the link is followed, not just broken.
printf -- '---\nid: OUT-001\ntitle: Outside Secret\ntype: policy\nowner: x\n---\n\nOutside text.\n' > ../outside.md
