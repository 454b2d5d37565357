# Every relative link of every page, the search index's urls and the
# sitemap's, feed's and isms.json's addresses, decoded once as a web server
# does, name a file of the site (so none is encoded twice, or not at all);
# none starts with a segment holding ':', which would be a scheme.
set -u
python3 - <<'PY'
import json, os, re, sys
from urllib.parse import unquote, urlsplit

site = "public"
base = "https://intranet.example.org/isms/"
problems = []

def exists(page, url, what):
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", url):
        if not url.startswith(base):
            if not url.startswith(("https:", "http:", "mailto:")):
                problems.append(f"{what}: {url} reads as a scheme")
            return
        page, url = "", url[len(base):]
    path = urlsplit(url).path
    if not path:
        return
    target = os.path.normpath(os.path.join(os.path.dirname(page), unquote(path)))
    if path.endswith("/"):
        target = os.path.join(target, "index.html")
    if not os.path.isfile(os.path.join(site, target)):
        problems.append(f"{what}: {url} names no file ({target})")

pages = 0
for root, _, files in os.walk(site):
    for f in files:
        if not f.endswith(".html"):
            continue
        page = os.path.relpath(os.path.join(root, f), site)
        if page == "404.html":
            continue
        pages += 1
        html = open(os.path.join(root, f), encoding="utf-8").read()
        for url in re.findall(r'(?:href|src)="([^"]*)"', html):
            url = url.replace("&amp;", "&")
            if url.startswith(("mailto:", "#")) or url == "":
                continue
            exists(page, url, page)

index = json.load(open(os.path.join(site, "search-index.json")))
docs = index["docs"] if isinstance(index, dict) else index
for d in docs:
    exists("search.html", d["url"], "search-index.json")
isms = json.load(open(os.path.join(site, "isms.json")))
for d in isms["documents"]:
    exists("isms.json", d["url"], "isms.json")
for what in ("sitemap.xml", "feed.xml"):
    xml = open(os.path.join(site, what), encoding="utf-8").read()
    for url in re.findall(r'<loc>([^<]*)</loc>|href="([^"]*)"', xml):
        exists(what, "".join(url).replace("&amp;", "&"), what)

want = {
    "p/pol-001.html": ['href="incident%20%231.html"', 'href="faq%3F.html"',
                       'href="uptime%2099%2525.html"',
                       'href="../iso%3A27001.html"',
                       'href="%C3%A5rshjul.html"',
                       'href="incident%20%231.html#scope"'],
    "index.html": ['href="p/incident%20%231.html"', 'href="iso%3A27001.html"'],
}
for page, needles in want.items():
    html = open(os.path.join(site, page), encoding="utf-8").read()
    for n in needles:
        if n not in html:
            problems.append(f"{page}: no {n}")
if pages < 10:
    problems.append(f"only {pages} pages")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
PY
