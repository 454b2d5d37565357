# content/ is the published policy set byte for byte: the case proves that
# handbook.yaml alone adapts it, so nobody may "fix" the input.
if ! (cd content && sha256sum -c --quiet ../content.sha256); then
    echo "content/ differs from content.sha256: restore the corpus copy"
    exit 1
fi
listed=$(sed 's/^[0-9a-f]*  //' content.sha256)
actual=$(cd content && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
if [ "$listed" != "$actual" ]; then
    echo "content/ holds other files than content.sha256 lists"
    exit 1
fi

# Sixteen pages: the fourteen policies, overview.md (no front matter) and
# _index.md (no slug); the excluded README.md is none.
for page in _index.html overview.html access-control/index.html \
    bcp-dr/index.html change-management/index.html \
    data-retention-deletion/index.html incident-disclosure/index.html \
    incident-response-policy/index.html incident-response-process/index.html \
    information-classification/index.html password/index.html \
    patch-management/index.html personnel/index.html \
    risk-assessment/index.html testing/index.html vendor/index.html; do
    [ -f "public/$page" ] || { echo "no page $page"; exit 1; }
done
[ ! -e public/README.html ] || { echo "the excluded README.md is published"; exit 1; }
grep -q '<h1 class="doc-header__title">Overview</h1>' public/overview.html ||
    { echo "overview.md is not titled from its file name"; exit 1; }

# The HTML tables survive the allow-list, cells and lists included.
for page in data-retention-deletion information-classification \
    incident-response-process; do
    grep -q '<table>' "public/$page/index.html" ||
        { echo "$page lost its HTML table"; exit 1; }
done
grep -q '<td><strong>High risk</strong>' public/information-classification/index.html ||
    { echo "information-classification lost its table's cells"; exit 1; }
grep -q '<li><strong>Hardware and software systems</strong>' public/information-classification/index.html ||
    { echo "information-classification lost the lists in its cells"; exit 1; }

# Hugo permalinks, with and without the trailing slash, reach the pages.
expect() {
    grep -qF "href=\"$2\"" "public/$1" || { echo "$1 lacks a link to $2"; exit 1; }
}
expect bcp-dr/index.html ../vendor/index.html
expect bcp-dr/index.html ../incident-response-process/index.html
expect testing/index.html ../change-management/index.html
expect incident-response-policy/index.html ../incident-disclosure/index.html
expect incident-response-process/index.html ../bcp-dr/index.html
# Other tailscale.com paths go to tailscale.com; other links stay.
expect data-retention-deletion/index.html https://tailscale.com/privacy-policy/
expect information-classification/index.html https://tailscale.com/privacy-policy/
expect incident-disclosure/index.html https://tailscale.com/changelog/
expect incident-response-policy/index.html http://go/code-of-conduct
# So no page keeps a site-absolute link, which would break on an intranet
# (404.html uses them on purpose: it is served at any depth).
if grep -rlF --include='*.html' 'href="/' public | grep -v '^public/404\.html$'; then
    echo "the pages above keep site-absolute links"
    exit 1
fi
