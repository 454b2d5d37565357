# The pages and feeds are named as README "The site" says slugs are.
set -u
fail=0
for f in tags/bezpieczenstwo.html tags/lodz-office.html \
    tags/osaka-office.html tags/securite.html tags/aeroe.html \
    tags/zuerich.html tags/brasov.html tags/u4e2du6587.html \
    audiences/krakow-staff.html owners/owner.ics; do
    [ -f "public/$f" ] || { echo "no $f"; fail=1; }
done
exit $fail
