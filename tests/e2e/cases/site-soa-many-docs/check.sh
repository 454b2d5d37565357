# soa.csv and soa.html name all 12 documents of A.5.1, as the justification
# does; the control index names 10 and says how many more there are. The
# Danish draft translation of POL-001 is on POL-001's row: "Also in:
# Dansk" on the pages, its own line in soa.csv.
set -u
fail=0
python3 - <<'PY' || fail=1
import csv, re, sys
rows = list(csv.reader(open("public/soa.csv", encoding="utf-8-sig",
                            newline=""), delimiter=";", strict=True))
row = {r[0]: r for r in rows[1:]}["A.5.1"]
want = "\n".join(f"POL-{i:03d} Policy {i}" for i in range(1, 12)) + \
    "\nPOL-012 Policy 12 (Draft)"
want = want.replace("Policy 1\n", "Policy 1\nPOL-001-da Politik 1 [da] (Draft)\n", 1)
problems = []
if row[6] != want:
    problems.append(f"soa.csv: A.5.1 documents {row[6]!r}")
if row[4] != "Implemented by " + ", ".join(f"POL-{i:03d}" for i in range(1, 13)):
    problems.append(f"soa.csv: A.5.1 justification {row[4]!r}")
html = open("public/soa.html", encoding="utf-8").read()
m = re.search(r'<tr>\s*<th scope="row"[^>]*><a href="controls/A\.5\.1\.html".*?</tr>',
              html, re.S)
ids = re.findall(r'<span class="doc-id">(POL-\d+)</span>', m.group(0)) if m else []
if ids != [f"POL-{i:03d}" for i in range(1, 13)]:
    problems.append(f"soa.html: A.5.1 lists {ids}")
index = open("public/controls/index.html", encoding="utf-8").read()
if '<li><a href="A.5.1.html">and 2 more documents</a></li>' not in index:
    problems.append("controls/index.html: no 'and 2 more documents' link")
also = 'Also in: <a href="{}p/pol-001.da.html" hreflang="da" lang="da">Dansk</a>'
for page, html, root in (("soa.html", html, ""), ("controls/index.html", index, "../")):
    if html.count(also.format(root)) != 1:
        problems.append(f"{page}: POL-001-da is not once 'Also in' on POL-001's row")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
PY
exit $fail
