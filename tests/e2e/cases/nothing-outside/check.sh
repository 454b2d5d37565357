# The build may write only into public/ (and, while it runs, the temporary
# folder beside it, which must be gone now): nothing else may be created,
# removed or changed.
find . -path ./public -prune -o -print | LC_ALL=C sort > "$E2E_TMP/after"
find . -path ./public -prune -o -type f -exec cksum {} + | LC_ALL=C sort \
    > "$E2E_TMP/after.sum"
diff -u "$E2E_TMP/before" "$E2E_TMP/after" &&
    diff -u "$E2E_TMP/before.sum" "$E2E_TMP/after.sum" &&
    [ -f public/img/logo.svg ] && [ -f public/policies/security.html ]
