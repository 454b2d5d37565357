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
