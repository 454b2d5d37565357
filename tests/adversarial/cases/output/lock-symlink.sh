# A symlink planted where the lock file goes (.public.lock -> a file
# elsewhere, or to a name that does not exist): never followed, nothing
# created or truncated there.
handbook
doc content/a.md POL-001
printf 'keep\n' >"$W/target"
ln -s ../target "$HB/.public.lock"
ib_build
expect_status 2
expect_stderr <<'X'
public: error: cannot create the lock file beside it: Too many levels of symbolic links [output-error]
X
rm "$HB/.public.lock"
ln -s ../created-by-build "$HB/.public.lock"
ib_build
expect_status 2
expect_no_path "$W/created-by-build"
