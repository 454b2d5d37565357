# Folders nested past PATH_MAX (4096 bytes): a clear error or a build, no
# crash, no truncated path written elsewhere.
handbook
d="$HB/content"
seg=$(printf 'd%.0s' $(seq 1 200))
( cd "$d" && for i in $(seq 1 25); do mkdir "$seg" && cd "$seg" || exit 1; done &&
  printf -- '---\nid: DEEP-1\ntitle: Deep\ntype: policy\nowner: x\n---\n\nDeep.\n' >deep.md )
doc content/a.md POL-001
ib_build
expect_status_in "0 1"
if [ "$STATUS" = 1 ]; then
    expect_err_re "content/d+.*: error: .*"
fi
