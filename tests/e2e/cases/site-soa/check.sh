# soa.csv is read back by a real CSV parser as Excel in a Nordic locale
# would read it; every page is well-formed; the confidential POL-009 leaks
# into no file; control links in Markdown reach the control pages.
set -u
fail=0
python3 - <<'PY' || fail=1
import csv, sys

raw = open("public/soa.csv", "rb").read()
problems = []
if not raw.startswith(b"\xef\xbb\xbf"):
    problems.append("no UTF-8 byte order mark")
if raw.startswith(b"\xef\xbb\xbfsep="):
    problems.append("a sep= line hides the BOM from Excel")
if raw.replace(b"\r\n", b"").count(b"\r"):
    problems.append("a bare CR")
rows = list(csv.reader(open("public/soa.csv", encoding="utf-8-sig",
                            newline=""), delimiter=";", strict=True))
if len(rows) != 94:
    problems.append(f"{len(rows)} rows, expected 94 (header + 93)")
head = ["Control", "Title", "Theme", "Applicability", "Justification",
        "Implementation status", "Documents", "Coverage"]
if rows[0] != head:
    problems.append(f"header {rows[0]}")
if any(len(r) != len(head) for r in rows):
    problems.append("rows of different lengths")
# Each record ends in CRLF: count the records' line ends outside quotes.
if raw.count(b"\r\n") < 94 or not raw.endswith(b"\r\n"):
    problems.append("records do not end in CRLF")
by = {r[0]: r for r in rows[1:]}
if [r[0] for r in rows[1:4]] != ["A.5.1", "A.5.2", "A.5.3"] or \
        rows[-1][0] != "A.8.34":
    problems.append("controls are not in catalog order")
want = {
    ("A.5.1", 4): 'Ledelsen kræver politikker; "godkendt" årligt af direktøren',
    ("A.5.1", 6): "POL-001 Adgangsstyring for ansatte og leverandører\n"
                  "POL-001-da Adgangsstyring (dansk) [da]",
    ("A.5.13", 5): "Partially implemented",
    ("A.5.13", 6): "POL-002 Mærkning af information (Draft)",
    ("A.5.13", 7): "Not covered",
    ("A.5.15", 4): "Implemented by POL-001",
    ("A.5.15", 6): "POL-001 Adgangsstyring for ansatte og leverandører\n"
                   "POL-001-da Adgangsstyring (dansk) [da]",
    ("A.7.4", 3): "Excluded",
    ("A.7.4", 4): "Ingen egne lokaler: vi bor hos Søfartens Hus.\n"
                  "Overvågning er udlejers ansvar.",
    ("A.7.12", 4): "",
    ("A.8.1", 3): "Undecided",
    ("A.8.5", 6): "1 document not published on this site",
    ("A.8.12", 5): "Planned",
    ("A.8.23", 4): "'-- ikke besluttet; se risikoregistret",
    ("A.8.23", 5): "Not started",
}
for (cid, col), value in want.items():
    got = by.get(cid, [""] * 8)[col]
    if got != value:
        problems.append(f"{cid} {head[col]}: {got!r}, expected {value!r}")
for p in problems:
    print("soa.csv:", p)
sys.exit(1 if problems else 0)
PY
# Well-formed: every element closed in order (HTML void elements aside).
python3 - public <<'PY' || fail=1
import os, sys
from html.parser import HTMLParser
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}
class Check(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors = [], []
    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else ''}> at line {self.getpos()[0]}")
        else:
            self.stack.pop()
bad = 0
for root, _, files in os.walk(sys.argv[1]):
    for f in sorted(files):
        if f.endswith(".html"):
            c = Check()
            c.feed(open(os.path.join(root, f), encoding="utf-8").read())
            c.close()
            errs = c.errors + ([f"unclosed {c.stack}"] if c.stack else [])
            if errs:
                bad += 1
                print(os.path.join(root, f), errs[0])
sys.exit(1 if bad else 0)
PY
if grep -rl -e 'POL-009' -e 'Zebra' -e 'vault' public; then
    echo "the confidential POL-009 leaks into the files above"; fail=1
fi
n=$(ls public/controls/A.*.html | wc -l)
[ "$n" = 93 ] || { echo "$n control pages, expected 93"; fail=1; }
for want in '<a href="../controls/A.5.15.html">A.5.15 Access control</a>' \
    '<a href="../controls/A.5.15.html#documents">A.5.15 Access control</a>' \
    '<a href="../controls/A.8.2.html">special</a>' \
    '<a href="../controls/A.5.13.html">A.5.13 Labelling of information</a>' \
    '<a href="../procedures/operating.html">Driftsprocedurer</a>'; do
    grep -qF "$want" public/policies/access.html ||
        { echo "policies/access.html lacks $want"; fail=1; }
done
exit $fail
