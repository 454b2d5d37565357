#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes a deterministic benchmark handbook of N documents.
#
# usage: tests/bench/gen-corpus.py N OUTDIR
#
# OUTDIR (created; must not exist or be empty) gets handbook.yaml with a
# people directory, content/soa.yaml deciding all 93 Annex A controls, and
# N documents of 2-6 KB in content/<type>/<area>/: headings, bullet and
# numbered lists, a control mapping table, footnotes, task lists, [[ID]],
# id: and relative links (some with #anchors), control mappings, varied
# owners, approvers and review dates. The same N always gives the same
# bytes. The handbook is clean for `ismsbook check --today 2026-12-01`
# apart from review-due-soon warnings on about one document in twelve: no
# errors, so build and check both run every rule to the end.
import os
import random
import sys

TODAY = (2026, 12, 1)

TYPES = [  # type, folder, id prefix, share of the corpus
    ("policy", "policies", "POL", 8),
    ("standard", "standards", "STD", 10),
    ("procedure", "procedures", "PRC", 26),
    ("guideline", "guidelines", "GL", 24),
    ("plan", "plans", "PLN", 6),
    ("register", "registers", "REG", 6),
    ("record", "records", "REC", 20),
]

AREAS = [
    "access", "assets", "backup", "cloud", "continuity", "crypto",
    "development", "endpoints", "hr", "incidents", "logging", "network",
    "physical", "privacy", "risk", "suppliers", "vulnerabilities", "audit",
]

PEOPLE = [
    ("mette.kristensen", "Mette Kristensen", "ceo"),
    ("jonas.holm", "Jonas Holm", "cto"),
    ("line.sorensen", "Line Sørensen", "ciso"),
    ("erik.lindqvist", "Erik Lindqvist", "dpo"),
    ("camilla.vestergaard", "Camilla Vestergaard", "head-of-people"),
    ("rasmus.ostergaard", "Rasmus Østergaard", "it-operations-lead"),
    ("amira.haddad", "Amira Haddad", "head-of-engineering"),
    ("peter.nygaard", "Peter Nygaard", "cfo"),
    ("sofie.berg", "Sofie Berg", "security-engineer"),
    ("anders.dahl", "Anders Dahl", "platform-lead"),
    ("karin.aalto", "Karin Aalto", "legal-counsel"),
    ("mikkel.friis", "Mikkel Friis", "support-lead"),
    ("nora.haugen", "Nora Haugen", "product-lead"),
    ("oskar.lund", "Oskar Lund", "facilities"),
    ("ida.juhl", "Ida Juhl", "quality-manager"),
    ("tobias.krog", "Tobias Krog", "sre"),
]
APPROVERS = ["mette.kristensen", "jonas.holm", "line.sorensen"]

CONTROLS = (["5.%d" % i for i in range(1, 38)] +
            ["6.%d" % i for i in range(1, 9)] +
            ["7.%d" % i for i in range(1, 15)] +
            ["8.%d" % i for i in range(1, 35)])
EXCLUDED = {"7.5", "7.12", "8.30"}
APPLICABLE = [c for c in CONTROLS if c not in EXCLUDED]

MANDATORY = ["4.3", "5.2", "6.1.2", "6.1.3", "6.1.3d", "6.1.3e", "6.2",
             "7.2d", "7.5.1b", "8.1", "8.2", "8.3", "9.1", "9.2.2",
             "9.3.3", "10.2"]

WORDS = """access account administrator alert approval asset audit
authentication availability backup baseline boundary breach budget
certificate change classification cloud compliance confidentiality
configuration contract control customer data decision deployment device
disposal encryption endpoint evidence exception firewall incident
information integrity inventory key laptop least licence log management
measurement monitoring network objective owner password patch personal
policy privilege procedure process record recovery register release
requirement retention review risk role scope secret segregation service
software staff supplier system team test threat training update user
vendor vulnerability workstation""".split()
VERBS = """approves assesses checks documents encrypts escalates limits
logs monitors protects records removes reports restores reviews tests
updates verifies""".split()
ADJ = """annual approved critical daily documented external internal
monthly mandatory new privileged quarterly remote restricted secure
shared temporary weekly written""".split()
TOOLS = ["Okta", "Jamf", "GitHub", "AWS", "1Password", "HiBob", "Jira",
         "Confluence", "Microsoft 365", "Slack", "Datadog", "CrowdStrike"]
TOPICS = ["access reviews", "key rotation", "log retention",
          "incident triage", "supplier onboarding", "backup restores",
          "patch windows", "privileged sessions", "data classification",
          "remote work", "secure coding", "asset disposal",
          "vulnerability scanning", "change approval", "awareness training"]


def days_from_civil(y, m, d):
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def civil_from_days(z):
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    return "%04d-%02d-%02d" % (y + (m <= 2), m, d)


TODAY_DAYS = days_from_civil(*TODAY)


def sentence(r, link=None):
    n = r.randint(6, 15)
    words = [r.choice(WORDS) for _ in range(n)]
    words.insert(r.randint(1, n - 1), r.choice(VERBS))
    words.insert(r.randint(0, 2), r.choice(ADJ))
    if r.random() < 0.25:
        words.insert(r.randint(0, len(words)), "**%s**" % r.choice(TOOLS))
    if r.random() < 0.1:
        words.insert(r.randint(0, len(words)), "`%s`" % r.choice(WORDS))
    if link:
        words.insert(r.randint(0, len(words)), link)
    s = " ".join(words)
    return s[0].upper() + s[1:] + "."


def wrap(text, width=76):
    out, line = [], ""
    for w in text.split(" "):
        if line and len(line) + 1 + len(w) > width:
            out.append(line)
            line = w
        else:
            line = line + " " + w if line else w
    if line:
        out.append(line)
    return "\n".join(out)


def paragraph(r, links):
    k = r.randint(2, 4)
    parts = [sentence(r, links.pop() if links and r.random() < 0.5 else None)
             for _ in range(k)]
    return wrap(" ".join(parts))


class Doc:
    __slots__ = ("id", "title", "type", "path", "published", "approved",
                 "controls", "clauses")


def plan(n, r):
    """Decides every document's id, type, path and publication first, so
    bodies can link to any of them."""
    weights = [t[3] for t in TYPES]
    docs = []
    counters = {}
    slugs = set()
    for i in range(n):
        if i < len(MANDATORY):
            # The documents that provide the mandatory items come first.
            kind = 6 if MANDATORY[i] in ("7.2d", "8.1", "8.2", "8.3", "9.1",
                                          "9.2.2", "9.3.3", "10.2") else 2
        else:
            kind = r.choices(range(len(TYPES)), weights)[0]
        typ, folder, prefix, _ = TYPES[kind]
        counters[prefix] = counters.get(prefix, 0) + 1
        d = Doc()
        d.id = "%s-%05d" % (prefix, counters[prefix])
        d.type = typ
        topic = r.choice(TOPICS)
        area = r.choice(AREAS)
        d.title = "%s %s %s" % (topic[0].upper() + topic[1:],
                                 r.choice(["for", "in", "across", "and"]),
                                 r.choice(WORDS) + " " + r.choice(WORDS))
        slug = "%s-%s" % (topic.replace(" ", "-"), d.id.lower())
        d.path = "%s/%s/%s.md" % (folder, area, slug)
        assert d.path not in slugs
        slugs.add(d.path)
        # Confidential documents are left out of the site; nothing links
        # to them, so no classification-leak.
        d.published = i < len(MANDATORY) or r.random() >= 0.03
        d.approved = i < len(MANDATORY) or r.random() >= 0.1
        d.clauses = [MANDATORY[i]] if i < len(MANDATORY) else []
        d.controls = []
        docs.append(d)
    # Every applicable control is implemented by an approved document.
    approved = [d for d in docs if d.approved]
    for j, c in enumerate(APPLICABLE):
        approved[(j * 7919) % len(approved)].controls.append(c)
    for d in docs:
        for _ in range(r.randint(0, 5)):
            c = r.choice(APPLICABLE)
            if c not in d.controls:
                d.controls.append(c)
    return docs


def relpath(src, dst):
    return os.path.relpath(dst, os.path.dirname(src))


def front_matter(d, r, people_keys):
    owner = r.choice(people_keys)
    lines = ["---", "id: %s" % d.id, "title: %s" % d.title,
             "type: %s" % d.type, "owner: %s" % owner]
    if d.approved:
        # Reviews spread over the past 350 days: every one is current
        # and those older than 335 days are due within warn_days.
        age = r.randint(1, 350)
        reviewed = civil_from_days(TODAY_DAYS - age)
        lines += ["status: approved",
                  "approver: %s" % r.choice(APPROVERS),
                  "approved: %s" % reviewed,
                  "last_reviewed: %s" % reviewed]
    else:
        lines.append("status: draft")
    lines.append('version: "%d.%d"' % (r.randint(1, 5), r.randint(0, 9)))
    lines.append("classification: %s" % (
        ("public" if r.random() < 0.2 else "internal") if d.published
        else "confidential"))
    if d.controls:
        lines.append("controls: [%s]" % ", ".join("A." + c
                                                 for c in d.controls))
    if d.clauses:
        lines.append("clauses: [%s]" % ", ".join(d.clauses))
    lines.append("tags: [%s]" % ", ".join(sorted(set(
        r.choice(AREAS) for _ in range(r.randint(1, 3))))))
    if r.random() < 0.3:
        lines.append("audience: [all-staff]")
    lines.append("---")
    return "\n".join(lines) + "\n"


def body(d, docs, r):
    targets = [t for t in (r.choice(docs) for _ in range(8))
               if t.published and t is not d]
    links = []
    for t in targets[:r.randint(2, 6)]:
        style = r.randrange(4)
        if style == 0:
            links.append("[[%s]]" % t.id)
        elif style == 1:
            links.append("[%s](id:%s#scope)" % (t.title.lower(), t.id))
        elif style == 2:
            links.append("[the %s](%s)" % (t.type, relpath(d.path, t.path)))
        else:
            links.append("[purpose of %s](%s#purpose)"
                         % (t.id, relpath(d.path, t.path)))
    out = []
    out.append(paragraph(r, links))
    out.append("## Purpose\n\n" + paragraph(r, links))
    out.append("## Scope\n\n" + paragraph(r, links) + "[^scope]")
    nsec = r.randint(1, 3)
    for s in range(nsec):
        topic = r.choice(TOPICS)
        out.append("## %s%s" % (topic[0].upper() + topic[1:],
                                 "" if s == 0 else " (%d)" % (s + 1)))
        out.append(paragraph(r, links))
        if r.random() < 0.7:
            items = ["- " + wrap(sentence(r), 74).replace("\n", "\n  ")
                     for _ in range(r.randint(2, 5))]
            out.append("\n".join(items))
        if r.random() < 0.4:
            items = ["%d. %s" % (k + 1, sentence(r))
                     for k in range(r.randint(3, 5))]
            out.append("\n".join(items))
        if r.random() < 0.5:
            out.append("### %s details\n\n%s" % (r.choice(ADJ).title(),
                                                 paragraph(r, links)))
        if r.random() < 0.2:
            out.append("\n".join("- [%s] %s" % (r.choice(" x"), sentence(r))
                                 for _ in range(3)))
    if d.controls:
        rows = ["| Control | Implementation | Owner | Status |",
                "|:--------|:---------------|:------|-------:|"]
        for c in d.controls:
            rows.append("| A.%s | %s | %s | %s |" % (
                c, " ".join(r.choice(WORDS) for _ in range(5)),
                r.choice(PEOPLE)[1], r.choice(["done", "partial",
                                               "~~planned~~ done"])))
        out.append("## Controls\n\n" + "\n".join(rows))
    rel = ", ".join("[[%s]]" % t.id for t in targets[:3])
    out.append("## Related documents\n\n" + (rel or "None."))
    out.append("[^scope]: " + sentence(r))
    return "\n\n".join(out) + "\n"


def main():
    if len(sys.argv) != 3 or not sys.argv[1].isdigit() or \
            int(sys.argv[1]) < len(MANDATORY):
        sys.stderr.write("usage: gen-corpus.py N OUTDIR   (N >= %d)\n"
                         % len(MANDATORY))
        sys.exit(2)
    n, root = int(sys.argv[1]), sys.argv[2]
    if os.path.exists(root) and os.listdir(root):
        sys.stderr.write("gen-corpus: %s is not empty\n" % root)
        sys.exit(2)
    r = random.Random(27001)
    docs = plan(n, r)
    people_keys = [p[0] for p in PEOPLE]

    os.makedirs(os.path.join(root, "content"), exist_ok=True)
    with open(os.path.join(root, "handbook.yaml"), "w") as f:
        f.write("# Benchmark handbook of %d documents "
                "(tests/bench/gen-corpus.py).\n" % n)
        f.write("title: Benchmark Handbook\norganisation: Bench A/S\n"
                "language: en\nreview:\n  interval: 12 months\n"
                "  warn_days: 30\npublish:\n"
                "  max_classification: internal\n"
                "soa: content/soa.yaml\npeople:\n")
        for key, name, role in PEOPLE:
            f.write("  %s:\n    name: %s\n    email: %s@bench.example\n"
                    "    role: %s\n" % (key, name, key, role))
    with open(os.path.join(root, "content", "soa.yaml"), "w") as f:
        f.write("controls:\n")
        for c in CONTROLS:
            if c in EXCLUDED:
                f.write('  A.%s: { excluded: true, justification: '
                        '"Not relevant to a fully remote company" }\n' % c)
            else:
                f.write('  A.%s: { status: implemented, justification: '
                        '"Required by the risk assessment" }\n' % c)
    made = set()
    for d in docs:
        text = front_matter(d, r, people_keys) + "\n" + \
            body(d, docs, r)
        path = os.path.join(root, "content", d.path)
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)


if __name__ == "__main__":
    main()
