# The page holds the table, nothing that runs, and no request elsewhere.
page=public/policies/data-retention.html
grep -q '<td><strong>Data assets</strong>' "$page" || { echo "the table is lost"; exit 1; }
grep -q '<li><strong>Backups</strong>: 30 days' "$page" || { echo "the table's list is lost"; exit 1; }
if grep -qi '<script\|javascript:\|tracker\.example\|evil\.example\| on[a-z]*=\|style=' "$page"; then
    echo "something hostile reached the page"
    exit 1
fi
exit 0
