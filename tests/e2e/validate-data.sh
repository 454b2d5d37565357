#!/bin/sh
# SPDX-License-Identifier: MIT
# Checks a machine-readable file of a built site with real parsers, so a
# golden file cannot enshrine output that consumers would reject:
#   sitemap  well-formed XML (xmllint); what the sitemaps.org 0.9 schema
#            requires: <urlset> in its namespace holding 1-50,000 <url>,
#            each with one absolute http(s) <loc> (12-2048 characters, a
#            valid URI: no raw spaces or non-ASCII) first and at most one
#            <lastmod> (W3C date); nothing else; unique locs
#   atom     well-formed XML (xmllint); RFC 4287: <feed> in the Atom
#            namespace with exactly one id, title and updated, an author,
#            a self link; each entry with exactly one id (absolute IRI,
#            unique), title, updated, an alternate link and a summary;
#            timestamps in RFC 3339
#   isms     JSON with the documented isms.json keys and types, counts
#            that agree with the documents, dates YYYY-MM-DD or null
#   search   JSON with the documented search-index.json shape
# Needs xmllint (Debian: libxml2-utils) and python3.
# Usage: validate-data.sh sitemap|atom|isms|search FILE
set -eu
if [ $# -ne 2 ]; then
    echo "usage: validate-data.sh sitemap|atom|isms|search FILE" >&2
    exit 2
fi
format=$1 file=$2
case "$format" in
sitemap | atom)
    if ! command -v xmllint >/dev/null; then
        echo "validate-data.sh: xmllint not found (libxml2-utils)" >&2
        exit 1
    fi
    xmllint --noout "$file"
    ns=http://www.sitemaps.org/schemas/sitemap/0.9 root=urlset
    [ "$format" = atom ] && ns=http://www.w3.org/2005/Atom root=feed
    n=$(xmllint --xpath \
        "count(/*[local-name()='$root' and namespace-uri()='$ns'])" "$file")
    if [ "$n" != 1 ]; then
        echo "$file: the root is not <$root> in $ns"
        exit 1
    fi
    ;;
esac
exec python3 - "$format" "$file" <<'EOF'
import json, re, sys
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

fmt, path = sys.argv[1], sys.argv[2]
problems = []

def bad(msg):
    problems.append(msg)

DATE = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
URI = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")

def absolute(u):
    s = urlsplit(u)
    return (s.scheme in ("http", "https") and s.netloc != ""
            and URI.match(u) is not None
            and not re.search(r"%(?![0-9A-Fa-f]{2})", u))

def check_sitemap(root):
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = list(root)
    if not 1 <= len(urls) <= 50000:
        bad(f"{len(urls)} <url> elements")
    seen = set()
    for i, u in enumerate(urls):
        if u.tag != ns + "url":
            bad(f"child {i} is {u.tag}, not <url>")
            continue
        kids = [k.tag for k in u]
        if not kids or kids[0] != ns + "loc" or kids.count(ns + "loc") != 1:
            bad(f"url {i}: not exactly one <loc>, first")
            continue
        if set(kids) - {ns + "loc", ns + "lastmod"} or \
                kids.count(ns + "lastmod") > 1:
            bad(f"url {i}: unexpected children {kids}")
        loc = u.find(ns + "loc").text or ""
        if not 12 <= len(loc) <= 2048 or not absolute(loc):
            bad(f"url {i}: loc {loc!r} is not an absolute http(s) URI")
        if loc in seen:
            bad(f"url {i}: loc {loc!r} repeats")
        seen.add(loc)
        lm = u.find(ns + "lastmod")
        if lm is not None and not DATE.match(lm.text or ""):
            bad(f"url {i}: lastmod {lm.text!r}")

def check_atom(feed):
    a = "{http://www.w3.org/2005/Atom}"
    def one(el, name, where):
        found = el.findall(a + name)
        if len(found) != 1:
            bad(f"{where}: {len(found)} <{name}> elements, want 1")
            return None
        return found[0]
    for name in ("id", "title", "updated"):
        one(feed, name, "feed")
    fid = feed.find(a + "id")
    if fid is not None and not absolute(fid.text or ""):
        bad(f"feed id {fid.text!r} is not an absolute IRI")
    up = feed.find(a + "updated")
    if up is not None and not RFC3339.match(up.text or ""):
        bad(f"feed updated {up.text!r} is not RFC 3339")
    entries = feed.findall(a + "entry")
    if feed.find(a + "author") is None and any(
            e.find(a + "author") is None for e in entries):
        bad("no feed author and an entry without one")
    author = feed.find(a + "author")
    if author is not None and not (author.findtext(a + "name") or "").strip():
        bad("feed author without a name")
    if not any(l.get("rel") == "self" and absolute(l.get("href", ""))
               for l in feed.findall(a + "link")):
        bad("no absolute rel=self link")
    ids = set()
    for i, e in enumerate(entries):
        where = f"entry {i}"
        for name in ("id", "title", "updated", "summary"):
            one(e, name, where)
        eid = e.findtext(a + "id") or ""
        if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", eid):
            bad(f"{where}: id {eid!r} is not an absolute IRI")
        if eid.startswith("tag:") and not re.match(
                r"tag:[a-z0-9.-]+,\d{4}(-\d\d(-\d\d)?)?:[\w.~!$&'()*+,;=:@/?%-]+$",
                eid):
            bad(f"{where}: {eid!r} is not an RFC 4151 tag URI")
        if eid in ids:
            bad(f"{where}: id {eid!r} repeats")
        ids.add(eid)
        if not RFC3339.match(e.findtext(a + "updated") or ""):
            bad(f"{where}: updated is not RFC 3339")
        alts = [l for l in e.findall(a + "link")
                if l.get("rel", "alternate") == "alternate"]
        if len(alts) != 1 or not absolute(alts[0].get("href", "")):
            bad(f"{where}: not one absolute alternate link")
        if not (e.findtext(a + "title") or "").strip():
            bad(f"{where}: empty title")

def typed(obj, key, types, where):
    """OBJ[KEY] if it has one of TYPES (bool is no int here), else None."""
    types = types if isinstance(types, tuple) else (types,)
    v = obj.get(key)
    if key not in obj or not isinstance(v, types) or (
            isinstance(v, bool) and bool not in types):
        bad(f"{where}: {key!r} missing or not {'/'.join(t.__name__ for t in types)}")
        return None
    return v

def check_isms(data):
    if typed(data, "schema", int, "top") != 1:
        bad("schema is not 1")
    typed(data, "generator", str, "top")
    site = typed(data, "site", dict, "top") or {}
    for k in ("title", "language", "today"):
        typed(site, k, str, "site")
    for k in ("organisation", "base_url"):
        typed(site, k, (str, type(None)), "site")
    if not DATE.match(site.get("today", "")):
        bad("site.today is not a date")
    docs = typed(data, "documents", list, "top") or []
    keys = {"id", "title", "type", "status", "owner", "owner_name",
            "approver", "approver_name", "classification", "version",
            "approved", "effective", "last_reviewed", "next_review",
            "review_interval", "review", "controls", "clauses", "audience",
            "tags", "related", "lang", "translation_of", "path", "url",
            "source"}
    ids = [d.get("id") for d in docs]
    for i, d in enumerate(docs):
        where = f"document {i} ({d.get('id')})"
        if set(d) != keys:
            bad(f"{where}: keys differ by {sorted(set(d) ^ keys)}")
            continue
        for k in ("approved", "effective", "last_reviewed", "next_review"):
            if d[k] is not None and not DATE.match(d[k]):
                bad(f"{where}: {k} {d[k]!r}")
        if d["type"] not in ("policy", "standard", "procedure", "guideline",
                             "plan", "register", "record"):
            bad(f"{where}: type {d['type']!r}")
        if d["status"] not in ("draft", "approved", "retired"):
            bad(f"{where}: status {d['status']!r}")
        if d["classification"] not in ("public", "internal", "confidential",
                                       "restricted"):
            bad(f"{where}: classification {d['classification']!r}")
        r = d["review"]
        if not isinstance(r, dict) or set(r) != {"state", "due", "days"}:
            bad(f"{where}: review is not {{state, due, days}}")
        elif r["state"] == "none":
            if r["due"] is not None or r["days"] is not None:
                bad(f"{where}: review state none with a due date")
        elif r["state"] not in ("current", "due-soon", "overdue") or \
                not DATE.match(r["due"] or "") or type(r["days"]) is not int \
                or (r["state"] == "overdue") != (r["days"] < 0):
            bad(f"{where}: review {r!r}")
        for k in ("controls", "clauses", "audience", "tags", "related"):
            if not isinstance(d[k], list) or not all(
                    isinstance(x, str) for x in d[k]):
                bad(f"{where}: {k} is not a list of strings")
        for k in ("related", "translation_of"):
            for x in d[k] if k == "related" else [d[k]]:
                if x is not None and x not in ids:
                    bad(f"{where}: {k} names {x!r}, not a listed document")
    counts = typed(data, "counts", dict, "top") or {}
    if counts.get("documents") != len(docs):
        bad(f"counts.documents {counts.get('documents')} != {len(docs)}")
    for s in ("draft", "approved", "retired"):
        n = sum(1 for d in docs if d.get("status") == s)
        if counts.get(s) != n:
            bad(f"counts.{s} {counts.get(s)} != {n}")
    rv = counts.get("review", {})
    for s, key in (("none", "none"), ("current", "current"),
                   ("due-soon", "due_soon"), ("overdue", "overdue")):
        n = sum(1 for d in docs if d.get("review", {}).get("state") == s)
        if rv.get(key) != n:
            bad(f"counts.review.{key} {rv.get(key)} != {n}")

def check_search(data):
    if data.get("version") != 1:
        bad("version is not 1")
    typed(data, "lang", str, "top")
    docs = typed(data, "docs", list, "top") or []
    keys = {"id", "title", "url", "type", "lang", "status", "keys",
            "summary", "sections"}
    for i, d in enumerate(docs):
        where = f"doc {i} ({d.get('id')})"
        if set(d) != keys:
            bad(f"{where}: keys differ by {sorted(set(d) ^ keys)}")
            continue
        if any(not isinstance(d[k], str) for k in keys - {"sections"}):
            bad(f"{where}: a field is not a string")
        if d["url"].startswith("/") or "://" in d["url"] or \
                not d["url"].endswith(".html"):
            bad(f"{where}: url {d['url']!r} is not a site path")
        for s in d["sections"]:
            if not (isinstance(s, list) and len(s) == 3 and
                    all(isinstance(x, str) for x in s)):
                bad(f"{where}: section {s!r} is not [heading, anchor, words]")
            elif (s[0] == "") != (s[1] == ""):
                bad(f"{where}: heading and anchor disagree in {s[:2]!r}")
            elif s[2] != s[2].strip() or "  " in s[2]:
                bad(f"{where}: words not single-spaced")

with open(path, "rb") as f:
    raw = f.read()
try:
    raw.decode("utf-8")
except UnicodeDecodeError as e:
    sys.exit(f"{path}: not UTF-8: {e}")
try:
    if fmt == "sitemap":
        check_sitemap(ET.fromstring(raw))
    elif fmt == "atom":
        check_atom(ET.fromstring(raw))
    elif fmt == "isms":
        check_isms(json.loads(raw))
    elif fmt == "search":
        check_search(json.loads(raw))
    else:
        sys.exit(f"validate-data.sh: unknown format {fmt!r}")
except (ValueError, ET.ParseError) as e:
    sys.exit(f"{path}: does not parse as {fmt}: {e}")
for p in problems:
    print(f"{path}: {p}")
sys.exit(1 if problems else 0)
EOF
