#!/bin/sh
# SPDX-License-Identifier: MIT
# Writes a deterministic handbook of N documents, for the large-site quality
# gate (sitecheck) and for benchmarks.
#
# usage: tests/bench/gen-handbook.sh N OUTDIR
#
# OUTDIR (created; it must not exist or be empty) gets handbook.yaml with a
# base_url and a people directory of 12, content/soa.yaml deciding all 93
# Annex A controls (two excluded), and N documents in
# content/<type>/<area>/, each of 2.3-3.3 KB (mean 2.8 KB; the one
# translation in a hundred, 0.7 KB): headings (some nested, some
# Nordic), bullet and numbered lists, a responsibilities table, footnotes,
# and links of every form ([[ID]], [[ID#anchor]], [text](id:ID#anchor), a
# relative ../../x.md#anchor link, [[A.5.15]] control links, an external
# link); control and clause mappings; owners, approvers, review dates,
# audiences and tags that vary; about 4 % drafts, 3 % retired, 2 %
# confidential or restricted (never linked to), and one guideline in 20 a
# Danish or Swedish translation of the one before. The first eight
# documents and records provide the documented information and records
# ISO 27001 requires.
#
# Built with `--today 2026-12-01`, the handbook has no errors: `build`
# succeeds and `check` reports only review-due-soon warnings. The same N
# gives the same bytes with any POSIX awk (the generator carries its own
# random numbers). POSIX sh and awk only; 2,000 documents take a second.
set -eu
if [ $# -ne 2 ] || ! [ "$1" -ge 1 ] 2>/dev/null; then
    echo "usage: gen-handbook.sh N OUTDIR" >&2
    exit 2
fi
n=$1 out=$2
if [ -e "$out" ] && [ -n "$(ls -A "$out")" ]; then
    echo "gen-handbook.sh: $out exists and is not empty" >&2
    exit 1
fi
areas="access assets backup cloud continuity crypto development endpoints hr
incidents logging network physical privacy risk suppliers vulnerabilities
audit"
for t in policies standards procedures guidelines plans registers records; do
    for a in $areas; do
        mkdir -p "$out/content/$t/$a"
    done
done

LC_ALL=C awk -v N="$n" -v OUT="$out" -v AREAS="$areas" '
# Park-Miller: exact in a double, so every awk draws the same numbers.
function rnd(m) { seed = (seed * 16807) % 2147483647; return seed % m }
function pick(list, n) { return list[1 + rnd(n)] }
function pad(x, w) { return sprintf("%0" w "d", x) }

# Day D counted from 2025-01-01 (D < 730) as YYYY-MM-DD.
function date(d,   y, m) {
    y = 2025
    if (d >= 365) { y = 2026; d -= 365 }
    for (m = 1; d >= mdays[m]; m++) d -= mdays[m]
    return y "-" pad(m, 2) "-" pad(d + 1, 2)
}

function ctl(i) {
    i = i % 93
    if (i == 56 || i == 88) i++      # A.7.12 and A.8.30 are excluded
    return controls[i % 93]
}

function sentence(k) { return sentences[1 + (k % nsent)] }
function para(k, n,   s, j) {
    s = sentence(k)
    for (j = 1; j < n; j++) s = s " " sentence(k * 7 + j * 3)
    return s
}

# A published, not retired document other than I to link to.
function target(i, k,   t, tries) {
    for (tries = 0; tries < 50; tries++) {
        t = 1 + (i * 31 + k * 17 + tries * 7) % N
        if (t != i && linkable[t]) return t
    }
    return 0
}

function rel(from, to) { return "../../" dir[to] "/" file[to] }

BEGIN {
    seed = 20261201
    split("31 28 31 30 31 30 31 31 30 31 30 31", mdays, " ")
    nc = 0
    for (s = 5; s <= 8; s++) {
        top = (s == 5 ? 37 : s == 6 ? 8 : s == 7 ? 14 : 34)
        for (c = 1; c <= top; c++) controls[nc++] = s "." c
    }
    na = split(AREAS, areas, /[ \n]+/)
    split("Access|Asset|Backup|Cloud|Continuity|Cryptography|Development|Endpoint|HR Security|Incident|Logging|Network|Physical Security|Privacy|Risk|Supplier|Vulnerability|Audit", atitle, "|")
    nt = split("policy standard procedure guideline plan register record", tname, " ")
    split("policies standards procedures guidelines plans registers records", tdir, " ")
    split("POL STD PRC GL PLN REG REC", tpre, " ")
    split("Policy Standard Procedure Guideline Plan Register Record", tlabel, " ")
    split("8 10 26 24 6 6 20", share, " ")
    slot = 0
    for (t = 1; t <= nt; t++)
        for (k = 0; k < share[t]; k++) slots[slot++] = t
    # Spread the types over the cycle of 100, not in runs.
    for (k = 0; k < 100; k++) {
        j = (k * 37) % 100
        order[k] = slots[j]
    }
    np = split("mette.kristensen:Mette Kristensen:ceo|jonas.holm:Jonas Holm:cto|line.sorensen:Line Sørensen:ciso|erik.lindqvist:Erik Lindqvist:dpo|camilla.vestergaard:Camilla Vestergaard:head-of-people|rasmus.ostergaard:Rasmus Østergaard:it-operations-lead|amira.haddad:Amira Haddad:head-of-engineering|peter.nygaard:Peter Nygaard:facilities-manager|henrik.bach:Henrik Bach:cfo|sofie.dahl:Sofie Dahl:legal-counsel|johan.berg:Johan Berg:platform-lead|ingrid.aas:Ingrid Aas:service-desk-lead", people, "|")
    for (k = 1; k <= np; k++) { split(people[k], pf, ":"); pkey[k] = pf[1]; pname[k] = pf[2]; prole[k] = pf[3] }
    ntopic = split("Review|Onboarding|Handling|Monitoring|Testing|Approval|Exceptions|Retention|Classification|Hardening|Escalation|Inventory|Training|Response|Recovery|Configuration|Reporting|Ownership|Transfer|Disposal", topic, "|")
    ntag = split("access mfa backup cloud aws gdpr nis2 laptops suppliers incidents logging encryption privacy hr onboarding offboarding physical network vulnerabilities audit risk continuity development secrets", tags, " ")
    nsent = split("Information is protected according to its classification and the risk of the activity.|The owner keeps this document current and reviews it at least once a year.|Exceptions are approved by the CISO, recorded in the exception register and reviewed every quarter.|Staff complete the security awareness module within their first two weeks.|Every change is reviewed by a second person before it reaches production.|Access is granted on a need-to-know basis and removed the day it is no longer needed.|Logs are kept for twelve months and protected against tampering.|Suppliers that process customer data sign a data processing agreement before work starts.|Backups are encrypted, kept in a second region and restored in a test every quarter.|Incidents are reported within one hour to the security team through the incident channel.|Laptops are enrolled in device management, encrypted and locked after five minutes.|Risks are assessed when systems change and at least once a year.|Secrets live in the vault and never in source code, tickets or chat.|The service desk confirms a caller’s identity before resetting a password or MFA.|Results are reported to the management review together with open actions.|Personal data is minimised, kept only as long as needed and deleted on schedule.|Administrators use separate privileged accounts protected by hardware keys.|Network segments are separated by default and opened only for documented flows.|Vulnerabilities rated critical are fixed within seven days, high within thirty.|Visitors sign in at reception and are accompanied in the office areas.", sentences, "|")
    # Required documented information: documents, then records.
    split("4.3 5.2 6.1.2 6.1.3 6.1.3d 6.1.3e 6.2 7.5.1b", docitem, " ")
    split("7.2d 8.1 8.2 8.3 9.1 9.2.2 9.3.3 10.2", recitem, " ")

    # Pass 1: who each document is, so links and relations only reach
    # documents that are published and in force.
    for (i = 1; i <= N; i++) {
        t = order[(i - 1) % 100]
        cnt[t]++
        type[i] = t
        num[i] = cnt[t]
        a = 1 + (i * 7) % na
        area[i] = a
        tp = 1 + (i * 13 + num[i]) % ntopic
        id[i] = tpre[t] "-" pad(num[i], 4)
        title[i] = atitle[a] " " topic[tp] " " tlabel[t]
        dir[i] = tdir[t] "/" areas[a]
        file[i] = areas[a] "-" tolower(topic[tp]) "-" pad(num[i], 4) ".md"
        lang[i] = ""
        r = rnd(100)
        status[i] = r >= 7 ? "approved" : r < 4 ? "draft" : "retired"
        cls[i] = "internal"
        if (i % 53 == 0) cls[i] = "confidential"
        else if (i % 97 == 0) cls[i] = "restricted"
        else if (rnd(10) == 0) cls[i] = "public"
        if (tname[t] == "record" ? nrecm < 8 : ndocm < 8) {
            mandc[i] = tname[t] == "record" ? recitem[++nrecm] : docitem[++ndocm]
            status[i] = "approved"
            cls[i] = "internal"
        }
        # One guideline in 20 translates the guideline before it.
        if (tname[t] == "guideline" && num[i] % 20 == 0 && prevg &&
            status[prevg] == "approved" && cls[prevg] == "internal") {
            lang[i] = (num[i] % 40 == 0) ? "sv" : "da"
            orig[i] = prevg
            id[i] = id[prevg] "-" lang[i]
            dir[i] = dir[prevg]
            file[i] = substr(file[prevg], 1, length(file[prevg]) - 3) "." lang[i] ".md"
            status[i] = "approved"
            cls[i] = "internal"
            area[i] = area[prevg]
        }
        if (tname[t] == "guideline" && !lang[i]) prevg = i
        # Translations have headings of their own: no #purpose to link to.
        linkable[i] = status[i] != "retired" && cls[i] != "confidential" &&
                      cls[i] != "restricted" && !lang[i]
    }

    # handbook.yaml and the SoA.
    f = OUT "/handbook.yaml"
    print "# A generated handbook of " N " documents (tests/bench/gen-handbook.sh)." > f
    print "title: Fjordlys Group Information Security Handbook" > f
    print "organisation: Fjordlys Group A/S" > f
    print "base_url: https://intranet.fjordlys.example/isms/" > f
    print "language: en" > f
    print "review:\n  interval: 12 months\n  warn_days: 30" > f
    print "publish:\n  max_classification: internal" > f
    print "soa: content/soa.yaml\npeople:" > f
    for (k = 1; k <= np; k++)
        printf "  %s: { name: %s, email: %s@fjordlys.example, role: %s }\n", pkey[k], pname[k], pkey[k], prole[k] > f
    print "defaults:\n  - path: content/guidelines/\n    values: { audience: [all-staff] }" > f
    close(f)
    f = OUT "/content/soa.yaml"
    print "controls:" > f
    for (c = 0; c < 93; c++) {
        if (c == 56 || c == 88)
            printf "  A.%s: { excluded: true, justification: \"No such activity in scope; re-confirmed at the management review.\" }\n", controls[c] > f
        else
            printf "  A.%s: { status: %s, justification: \"Required by the risk assessment and customer contracts.\" }\n", controls[c], (c % 11 == 3 ? "partial" : "implemented") > f
    }
    close(f)

    # Pass 2: the documents.
    for (i = 1; i <= N; i++) {
        t = type[i]
        f = OUT "/content/" dir[i] "/" file[i]
        o = orig[i]
        lr = 348 + rnd(330)
        ap = lr - (rnd(3) ? rnd(120) : 0)
        owner = 1 + (i * 5) % np
        appr = 1 + (i * 5 + 3) % np
        print "---" > f
        print "id: " id[i] > f
        if (o) {
            print "title: \"" (lang[i] == "da" ? "Retningslinje: " : "Riktlinje: ") title[o] "\"" > f
        } else
            print "title: " title[i] > f
        print "type: " tname[t] > f
        print "owner: " pkey[owner] > f
        print "status: " status[i] > f
        if (status[i] == "approved") {
            print "approver: " pkey[appr] > f
            print "approved: " date(ap) > f
        }
        if (status[i] != "draft") print "last_reviewed: " date(lr) > f
        if (tname[t] == "standard" && rnd(10) == 0) print "review_interval: 2 years" > f
        if (tname[t] == "policy" || tname[t] == "standard")
            print "effective: " date(ap + 14 < 729 ? ap + 14 : ap) > f
        print "version: \"" (1 + rnd(4)) "." rnd(10) "\"" > f
        print "classification: " cls[i] > f
        c1 = ctl(i - 1); c2 = ctl(i * 17 + 5); c3 = ctl(i * 31 + 11)
        nctl = 1 + rnd(3)
        printf "controls: [%s%s%s]\n", (i % 3 ? "A." : "") c1, (nctl > 1 ? ", A." c2 : ""), (nctl > 2 ? ", " c3 : "") > f
        if (mandc[i]) print "clauses: [" mandc[i] "]" > f
        if (tname[t] == "procedure" && rnd(3) == 0) print "audience: [it-operations, developers]" > f
        if (tname[t] == "guideline" && rnd(2) == 0) print "audience: [all-staff, developers]" > f
        t1 = tags[1 + (i * 3) % ntag]; t2 = tags[1 + (i * 11 + 5) % ntag]
        print "tags: [" t1 (t2 != t1 ? ", " t2 : "") "]" > f
        r1 = target(i, 1)
        if (r1 && !o && rnd(2) == 0) print "related: [" id[r1] "]" > f
        if (o) { print "lang: " lang[i] > f; print "translation_of: " id[o] > f }
        print "---" > f
        print "" > f
        if (o) write_translation(i, o, f)
        else write_body(i, f)
        close(f)
    }
}

function write_body(i, f,   t, a, k, x, y, z, w, n) {
    t = type[i]; a = area[i]
    x = target(i, 2); y = target(i, 3); z = target(i, 4); w = target(i, 5)
    print para(i, 3) > f
    print "\n## Purpose\n" > f
    print "This " tolower(tlabel[t]) " sets out how " tolower(atitle[a]) " is handled at Fjordlys. " para(i + 1, 2) > f
    print "\n## Scope\n" > f
    print "It applies to:\n" > f
    n = 3 + rnd(3)
    for (k = 0; k < n; k++) print "- " sentence(i + k * 5) > f
    print "\n## Responsibilities\n" > f
    print "| Role | Responsibility |\n|------|----------------|" > f
    print "| Owner | Keeps this " tolower(tlabel[t]) " current and answers questions. |" > f
    print "| Managers | Make sure their teams follow it.[^1] |" > f
    print "| Everyone | Reports deviations to the security team. |" > f
    print "\n## " atitle[a] " in practice\n" > f
    n = 3 + rnd(4)
    for (k = 1; k <= n; k++) print k ". " sentence(i * 3 + k) > f
    print "" > f
    if (x) print "See [[" id[x] "]] for the related rules, and [[" id[x] "#responsibilities]] for who does what." > f
    if (y) print "The [scope of " title[y] "](id:" id[y] "#scope) also applies here." > f
    if (z) print "Steps that overlap are described in [" title[z] "](" rel(i, z) "#purpose)." > f
    print "This implements [[A." ctl(i - 1) "]]." > f
    print "\n### Checks\n" > f
    print para(i + 2, 2 + rnd(3)) > f
    if (rnd(4) == 0) {
        print "\n### Særlige krav\n" > f
        print para(i + 3, 2) > f
    }
    print "\n## Exceptions\n" > f
    print para(i + 4, 2) " Guidance from the authorities is at <https://www.cfcs.dk/>." > f
    print "\n## Records and evidence\n" > f
    print "- [x] Evidence is kept for three years" > f
    print "- [ ] Results are summarised for the management review" > f
    if (w) print "- Related: [[" id[w] "]]" > f
    print "\n[^1]: Managers include team leads and the heads of department." > f
}

function write_translation(i, o, f,   da) {
    da = lang[i] == "da"
    print (da ? "Dansk oversættelse af [[" id[o] "]]. Ved tvivl gælder den engelske udgave." \
              : "Svensk översättning av [[" id[o] "]]. Vid tvekan gäller den engelska versionen.") > f
    print "\n## " (da ? "Formål" : "Syfte") "\n" > f
    print (da ? "Retningslinjen beskriver, hvordan vi håndterer information sikkert." \
              : "Riktlinjen beskriver hur vi hanterar information säkert.") > f
    print "\n## " (da ? "Omfang" : "Omfattning") "\n" > f
    print (da ? "- Alle medarbejdere og konsulenter\n- Alle enheder og tjenester" \
              : "- Alla medarbetare och konsulter\n- Alla enheter och tjänster") > f
    print "\n## " (da ? "Ansvar" : "Ansvar") "\n" > f
    print "| " (da ? "Rolle" : "Roll") " | " (da ? "Ansvar" : "Ansvar") " |\n|---|---|" > f
    print "| " (da ? "Ejer" : "Ägare") " | " (da ? "Holder retningslinjen opdateret." : "Håller riktlinjen uppdaterad.") " |" > f
    print "\n## " (da ? "Åbne spørgsmål" : "Öppna frågor") "\n" > f
    print (da ? "Spørg sikkerhedsteamet; se også [afsnittet om omfang](#omfang)." \
              : "Fråga säkerhetsteamet; se även [avsnittet om omfattning](#omfattning).") > f
}
' </dev/null
echo "gen-handbook.sh: $n documents in $out"
