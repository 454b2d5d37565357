# Three documents with comply's headers; the folder README is no page.
for page in policies/access.html procedures/offboarding.html \
    narratives/system.html; do
    [ -f "public/$page" ] || { echo "no page $page"; exit 1; }
done
[ ! -e public/policies/README.html ] || { echo "README.md is published"; exit 1; }
grep -q '<h1 class="doc-header__title">Access Onboarding and Termination Policy</h1>' \
    public/policies/access.html || { echo "no title from name:"; exit 1; }
grep -q 'href="../procedures/offboarding.html"' public/policies/access.html ||
    { echo "the link to the procedure is not resolved"; exit 1; }
grep -q 'href="../narratives/system.html"' public/policies/access.html ||
    { echo "[[SYS]] is not resolved to the narrative"; exit 1; }
# The YAML header is no part of any page.
if grep -l 'majorRevisions\|acronym:' public/policies/access.html \
    public/procedures/offboarding.html public/narratives/system.html; then
    echo "a header leaks into the pages above"
    exit 1
fi
