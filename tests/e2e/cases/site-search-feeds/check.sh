# The machine-readable files parse as what they claim to be (validate-data.sh:
# xmllint and python3), the confidential record (REC-900, "Kingfisher") is in
# none of them nor anywhere else, and the search script finds what a reader
# expects in the real index (node, when installed).
e2e=$(cd "$(dirname "$0")/../.." && pwd)
fail=0
for f in sitemap:sitemap.xml atom:feed.xml isms:isms.json search:search-index.json
do
    "$e2e/validate-data.sh" "${f%%:*}" "public/${f#*:}" || fail=1
done
if grep -rli -e 'REC-900' -e 'kingfisher' -e 'incident-kingfisher' public; then
    echo "the confidential record leaks into the files above"
    fail=1
fi
# Each entry is in the feed's language but for a translated document's
# title: xml:lang marks the title alone, never the summary or category.
python3 - <<'PY' || fail=1
import sys
import xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
XL = "{http://www.w3.org/XML/1998/namespace}lang"
feed = ET.parse("public/feed.xml").getroot()
bad, titled = [], {}
for e in feed.iter(A + "entry"):
    title = e.find(A + "title")
    titled[title.text] = title.get(XL)
    for el in e.iter():
        if el is not title and el.get(XL):
            bad.append(f"{el.tag} of '{title.text}' has xml:lang")
want = {"Årshjul for sikkerhed": "da", "Riktlinje för lösenord": "sv",
        "Password Guideline": None}
for t, lang in want.items():
    if t not in titled or titled[t] != lang:
        bad.append(f"title '{t}': xml:lang {titled.get(t)!r}, expected {lang!r}")
for b in bad:
    print("feed.xml:", b)
sys.exit(1 if bad else 0)
PY
# The feed is announced on the home page, and only there.
grep -q '<link rel="alternate" type="application/atom+xml" href="feed.xml"' \
    public/index.html || { echo "index.html does not link feed.xml"; fail=1; }
# The search page loads its script from a file and has no inline script.
grep -q '<script src="assets/search.js" defer></script>' public/search.html ||
    { echo "search.html does not load assets/search.js"; fail=1; }
if grep -l '<script>' public/*.html public/*/*.html; then
    echo "inline scripts above break a strict Content-Security-Policy"
    fail=1
fi
[ "$(grep -c '<script' public/index.html)" = 0 ] ||
    { echo "the home page loads a script"; fail=1; }
if ! command -v node >/dev/null; then
    echo "check.sh: node not found; the search script was not run" >&2
    exit $fail
fi
cat > "$E2E_TMP/cases.json" <<'JSON'
[
 {"q": "access control", "ids": ["POL-001", "POL-002"], "ordered": true},
 {"q": "ACCESS quarter", "ids": ["POL-001"], "section": "access-reviews"},
 {"q": "pol-001", "ids": ["POL-001"]},
 {"q": "A.5.15", "ids": ["POL-001"]},
 {"q": "5.15", "ids": ["POL-001"]},
 {"q": "5.1", "ids": ["POL-002", "POL-001"], "ordered": true},
 {"q": "developers", "ids": ["POL-001"]},
 {"q": "årshjul", "ids": ["POL-002"], "section": ""},
 {"q": "arshjul", "ids": ["POL-002"]},
 {"q": "år", "ids": ["POL-002"]},
 {"q": "aret", "ids": ["POL-002"]},
 {"q": "ar", "ids": ["POL-001", "POL-002", "GL-001", "GL-003"]},
 {"q": "atkomst", "ids": ["GL-001-sv"], "section": "åtkomst-med-flerfaktorsautentisering"},
 {"q": "Åtkomst", "ids": ["GL-001-sv"]},
 {"q": "ovelser", "ids": ["POL-002"], "section": "øvelser"},
 {"q": "mfa", "ids": ["GL-001", "GL-001-sv"]},
 {"q": "mfa everywhere", "ids": ["GL-001"], "section": "multi-factor-authentication"},
 {"q": "factor", "ids": ["GL-001"], "section": "multi-factor-authentication"},
 {"q": "passphrase", "ids": ["GL-001"], "section": ""},
 {"q": "faxes", "ids": ["GL-003"]},
 {"q": "kingfisher", "ids": []},
 {"q": "codeword", "ids": []},
 {"q": "  ", "ids": []}
]
JSON
node "$e2e/search-test.js" public "$E2E_TMP/cases.json" || fail=1
exit $fail
