# The confidential plan (PLN-001, content/policies/crisis-plan.md) must be
# absent from every output file: no page, and no trace of its id, title,
# path, tag or text. This holds whatever the golden tree says.
[ ! -e public/policies/crisis-plan.html ] || { echo "crisis-plan.html published"; exit 1; }
if grep -rli -e 'PLN-001' -e 'zebra' -e 'crisis' public; then
    echo "the confidential document leaks into the files above"
    exit 1
fi
# The data files parse (validate-data.sh); without base_url there are no
# absolute addresses, so no sitemap.xml and no feed.xml, and no feed link.
e2e=$(cd "$(dirname "$0")/../.." && pwd)
"$e2e/validate-data.sh" isms public/isms.json || exit 1
"$e2e/validate-data.sh" search public/search-index.json || exit 1
for f in sitemap.xml feed.xml; do
    [ ! -e "public/$f" ] || { echo "$f written without base_url"; exit 1; }
done
if grep -l 'application/atom+xml' public/index.html; then
    echo "a feed is announced without base_url"
    exit 1
fi
# The review feeds (owners without a people directory) pass RFC 5545.
sh "$e2e/validate-ics.sh" public/reviews.ics public/owners/*.ics || exit 1
