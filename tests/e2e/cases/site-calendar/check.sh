# The feeds pass a strict RFC 5545 check and a real parser; the
# confidential plan is in no output file; the feeds hold what the pages
# promise.
set -eu
here=$(dirname "$0")
sh "$here/../../validate-ics.sh" public/reviews.ics public/owners/*.ics
if grep -rli -e 'PLN-001' -e 'zebra' public; then
    echo "the confidential plan leaks into the files above"
    exit 1
fi
for f in owners/jane-doe.ics owners/jane-doe-2.ics owners/line-sorensen.ics \
        owners/ceo.ics tags/index_.html tags/ledelse-styring.html \
        audiences/developers.html 404.html; do
    [ -f "public/$f" ] || { echo "missing $f"; exit 1; }
done
# Drafts and retired documents have no review in any feed.
if grep -l -e 'PRC-001' -e 'GL-003' public/reviews.ics public/owners/*.ics; then
    echo "a draft or retired document has a review event"
    exit 1
fi
# One event per approved document with a due date, overdue ones included.
n=$(grep -c '^BEGIN:VEVENT' public/reviews.ics)
[ "$n" = 7 ] || { echo "reviews.ics has $n events, not 7"; exit 1; }
