# Beyond the goldens: each page of the policy's group links every other
# one with hreflang and lang, in each language's own name; pages are in
# their document's language, and site-wide pages in the handbook's.
fail=0
lang_of() { sed -n 's/^<html lang="\([^"]*\)">$/\1/p' "public/$1"; }
for p in adgangsstyring:da adgangsstyring.en:en adgangsstyring.sv:sv \
         adgangsstyring.nb:nb; do
    page=politikker/${p%%:*}.html
    [ "$(lang_of "$page")" = "${p#*:}" ] ||
        { echo "$page: html lang is not ${p#*:}"; fail=1; }
    for q in adgangsstyring:da:Dansk adgangsstyring.en:en:English \
             adgangsstyring.sv:sv:Svenska "adgangsstyring.nb:nb:Norsk bokmål"; do
        [ "${q%%:*}" = "${p%%:*}" ] && continue
        rest=${q#*:}
        link="<a href=\"${q%%:*}.html\" hreflang=\"${rest%%:*}\" lang=\"${rest%%:*}\">${rest#*:}</a>"
        grep -qF "$link" "public/$page" ||
            { echo "$page lacks $link"; fail=1; }
    done
done
for page in index.html reviews.html audiences/alle-ansatte.html; do
    [ "$(lang_of "$page")" = da ] || { echo "$page: html lang is not da"; fail=1; }
done
# The English guideline keeps its language on the Danish home page.
grep -qF '<a href="retningslinjer/travel.en.html" lang="en">Travel Guideline</a>' \
    public/index.html || { echo "index.html: travel guideline not marked lang=en"; fail=1; }
exit $fail
