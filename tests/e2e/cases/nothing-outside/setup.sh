# Records every path and file checksum of the handbook except public/.
find . -path ./public -prune -o -print | LC_ALL=C sort > "$E2E_TMP/before"
find . -path ./public -prune -o -type f -exec cksum {} + | LC_ALL=C sort \
    > "$E2E_TMP/before.sum"
