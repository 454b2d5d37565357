/* SPDX-License-Identifier: MIT */
/* Unit tests for catalog.c: the built-in 27001:2022 data and its output. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"

static const struct ib_catalog *
iso(void)
{
    return ib_catalog_builtin();
}

/* Returns the number of entries of a NULL-terminated list. */
static size_t
len(const char *const *v)
{
    size_t n = 0;
    while (v[n])
        n++;
    return n;
}

/* Returns the list joined with spaces, in a static buffer. */
static const char *
join(const char *const *v)
{
    static char s[512];
    s[0] = '\0';
    for (size_t i = 0; v[i]; i++) {
        if (i)
            strcat(s, " ");
        strcat(s, v[i]);
    }
    return s;
}

/* Returns what ib_catalog_print writes for FORMAT; free with free(). */
static char *
print(const struct ib_catalog *c, const char *format, int *rc)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    assert_non_null(f);
    *rc = ib_catalog_print(c, f, format);
    fclose(f);
    return s;
}

static void
test_counts(void **state)
{
    (void)state;
    const struct ib_catalog *c = iso();
    size_t org = 0, people = 0, phys = 0, tech = 0, nnew = 0;
    assert_string_equal(ib_catalog_name(c), "ISO/IEC 27001:2022");
    assert_int_equal(ib_catalog_control_count(c), 93);
    for (size_t i = 0; i < ib_catalog_control_count(c); i++) {
        const struct ib_control *ctl = ib_catalog_control_at(c, i);
        assert_int_equal(ctl->index, i);
        org += !strcmp(ctl->theme, "organizational");
        people += !strcmp(ctl->theme, "people");
        phys += !strcmp(ctl->theme, "physical");
        tech += !strcmp(ctl->theme, "technological");
        nnew += ctl->is_new;
    }
    assert_int_equal(org, 37);
    assert_int_equal(people, 8);
    assert_int_equal(phys, 14);
    assert_int_equal(tech, 34);
    assert_int_equal(nnew, 11);
    assert_string_equal(ib_catalog_control_at(c, 0)->id, "5.1");
    assert_string_equal(ib_catalog_control_at(c, 36)->id, "5.37");
    assert_string_equal(ib_catalog_control_at(c, 37)->id, "6.1");
    assert_string_equal(ib_catalog_control_at(c, 92)->id, "8.34");
    assert_null(ib_catalog_control_at(c, 93));
}

static void
test_lookup(void **state)
{
    (void)state;
    const struct ib_catalog *c = iso();
    const struct ib_control *ac = ib_catalog_control(c, "A.5.15");
    assert_non_null(ac);
    assert_string_equal(ac->id, "5.15");
    assert_string_equal(ac->display_id, "A.5.15");
    assert_string_equal(ac->title, "Access control");
    assert_string_equal(ac->theme, "organizational");
    assert_ptr_equal(ib_catalog_control(c, "a.5.15"), ac);
    assert_ptr_equal(ib_catalog_control(c, "5.15"), ac);
    assert_string_equal(ib_catalog_control(c, "8.34")->title,
                        "Protection of information systems during audit "
                        "testing");
    assert_string_equal(ib_catalog_control(c, "A.6.8")->theme, "people");
    assert_string_equal(ib_catalog_control(c, "7.14")->title,
                        "Secure disposal or re-use of equipment");
}

static void
test_unknown(void **state)
{
    (void)state;
    const struct ib_catalog *c = iso();
    static const char *const bad[] = {
        "5.38",     "8.35",  "4.1",    "A.9.1.1", "9.1.1", "A.5",
        "5",        "A.",    "",       " 5.15",   "5.15 ", "5.015",
        "A.A.5.15", "A5.15", "B.5.15", "5.15.1",  "5,15",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (ib_catalog_control(c, bad[i]))
            fail_msg("'%s' should be unknown", bad[i]);
    }
    assert_null(ib_catalog_control(c, NULL));
}

static void
test_attributes(void **state)
{
    (void)state;
    const struct ib_catalog *c = iso();
    const struct ib_control *ti = ib_catalog_control(c, "5.7");
    assert_string_equal(ti->title, "Threat intelligence");
    assert_string_equal(join(ti->control_type),
                        "Preventive Detective Corrective");
    assert_string_equal(join(ti->security_properties),
                        "Confidentiality Integrity Availability");
    assert_string_equal(join(ti->cybersecurity_concepts),
                        "Identify Detect Respond");
    assert_string_equal(join(ti->operational_capabilities),
                        "Threat_and_vulnerability_management");
    assert_string_equal(join(ti->security_domains), "Defence Resilience");
    assert_true(ti->is_new);
    assert_int_equal(len(ti->legacy), 0);

    const struct ib_control *cd = ib_catalog_control(c, "A.7.7");
    assert_string_equal(cd->title, "Clear desk and clear screen");
    assert_string_equal(join(cd->security_properties), "Confidentiality");
    assert_string_equal(join(cd->operational_capabilities),
                        "Physical_security");
    assert_false(cd->is_new);

    const struct ib_control *bk = ib_catalog_control(c, "8.13");
    assert_string_equal(join(bk->control_type), "Corrective");
    assert_string_equal(join(bk->security_properties),
                        "Integrity Availability");
    assert_string_equal(join(bk->cybersecurity_concepts), "Recover");
    assert_string_equal(join(bk->operational_capabilities), "Continuity");
    assert_string_equal(join(bk->security_domains), "Protection");

    const struct ib_control *vm = ib_catalog_control(c, "8.8");
    assert_string_equal(join(vm->security_domains),
                        "Governance_and_Ecosystem Protection Defence");

    /* 8.1 has two published spellings; the other one is kept. */
    const struct ib_control *ep = ib_catalog_control(c, "8.1");
    assert_string_equal(ep->title, "User end point devices");
    assert_string_equal(join(ep->other_titles), "User endpoint devices");
    assert_int_equal(len(ib_catalog_control(c, "5.15")->other_titles), 0);

    /* No '#' survives, and no list is empty where the TSV has values. */
    for (size_t i = 0; i < ib_catalog_control_count(c); i++) {
        const struct ib_control *ctl = ib_catalog_control_at(c, i);
        assert_true(len(ctl->control_type) >= 1);
        assert_true(len(ctl->security_properties) >= 1);
        assert_true(len(ctl->security_domains) >= 1);
        assert_null(strchr(join(ctl->cybersecurity_concepts), '#'));
    }
}

static void
test_legacy(void **state)
{
    (void)state;
    const struct ib_catalog *c = iso();
    const struct ib_control *out[4] = {0};

    /* A.9.1.1 and A.9.1.2 merged into 5.15. */
    assert_int_equal(ib_catalog_legacy(c, "A.9.1.1", out, 4), 1);
    assert_string_equal(out[0]->id, "5.15");
    assert_int_equal(ib_catalog_legacy(c, "9.1.2", out, 4), 1);
    assert_string_equal(out[0]->id, "5.15");
    assert_int_equal(ib_catalog_legacy(c, "a.9.1.2", out, 4), 1);
    assert_string_equal(join(ib_catalog_control(c, "5.15")->legacy),
                        "A.9.1.1 A.9.1.2");

    /* A.18.2.3 split into two, in catalog order. */
    memset(out, 0, sizeof out);
    assert_int_equal(ib_catalog_legacy(c, "A.18.2.3", out, 4), 2);
    assert_string_equal(out[0]->id, "5.36");
    assert_string_equal(out[1]->id, "8.8");
    assert_null(out[2]);
    memset(out, 0, sizeof out);
    assert_int_equal(ib_catalog_legacy(c, "A.18.2.3", out, 1), 2);
    assert_string_equal(out[0]->id, "5.36");
    assert_null(out[1]);
    assert_int_equal(ib_catalog_legacy(c, "A.18.2.3", NULL, 0), 2);
    assert_string_equal(join(ib_catalog_control(c, "8.8")->legacy),
                        "A.12.6.1 A.18.2.3");

    /* Carried over unchanged, with a new number. */
    assert_int_equal(ib_catalog_legacy(c, "A.7.1.1", out, 4), 1);
    assert_string_equal(out[0]->display_id, "A.6.1");
    assert_int_equal(ib_catalog_legacy(c, "A.12.3.1", out, 4), 1);
    assert_string_equal(out[0]->title, "Information backup");

    /* Unknown or 2022 ids. */
    assert_int_equal(ib_catalog_legacy(c, "A.19.1.1", out, 4), 0);
    assert_int_equal(ib_catalog_legacy(c, "A.5.15", out, 4), 0);
    assert_int_equal(ib_catalog_legacy(c, "5.1", out, 4), 0);
    assert_int_equal(ib_catalog_legacy(c, "", out, 4), 0);
    assert_int_equal(ib_catalog_legacy(c, NULL, out, 4), 0);

    /* 114 old controls: 113 map to one, A.18.2.3 to two; exactly the 11
       controls marked new have no predecessor. */
    size_t links = 0;
    for (size_t i = 0; i < ib_catalog_control_count(c); i++) {
        const struct ib_control *ctl = ib_catalog_control_at(c, i);
        links += len(ctl->legacy);
        assert_int_equal(ctl->is_new, len(ctl->legacy) == 0);
    }
    assert_int_equal(links, 115);
}

static void
test_clauses(void **state)
{
    (void)state;
    const struct ib_catalog *c = iso();
    static const char *const ids[] = {
        "4.1", "4.2",   "4.3",   "4.4",   "5.1",   "5.2",   "5.3",
        "6.1", "6.1.1", "6.1.2", "6.1.3", "6.2",   "6.3",   "7.1",
        "7.2", "7.3",   "7.4",   "7.5",   "7.5.1", "7.5.2", "7.5.3",
        "8.1", "8.2",   "8.3",   "9.1",   "9.2",   "9.2.1", "9.2.2",
        "9.3", "9.3.1", "9.3.2", "9.3.3", "10.1",  "10.2",
    };
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        const struct ib_clause *cl = ib_catalog_clause(c, ids[i]);
        if (!cl)
            fail_msg("clause %s is missing", ids[i]);
        assert_string_equal(cl->id, ids[i]);
        assert_non_null(cl->parent);
        assert_non_null(ib_catalog_clause(c, cl->parent));
    }
    /* The 34 clauses plus the headings 4 to 10. */
    assert_int_equal(ib_catalog_clause_count(c), 34 + 7);
    assert_string_equal(ib_catalog_clause_at(c, 0)->id, "4");
    assert_string_equal(ib_catalog_clause_at(c, 1)->id, "4.1");
    assert_string_equal(ib_catalog_clause_at(c, 40)->id, "10.2");
    assert_null(ib_catalog_clause_at(c, 41));

    const struct ib_clause *h = ib_catalog_clause(c, "4");
    assert_string_equal(h->title, "Context of the organization");
    assert_null(h->parent);
    assert_string_equal(ib_catalog_clause(c, "10")->title, "Improvement");
    assert_string_equal(ib_catalog_clause(c, "4.3")->parent, "4");
    assert_string_equal(ib_catalog_clause(c, "6.1.2")->parent, "6.1");
    assert_string_equal(ib_catalog_clause(c, "6.1.2")->title,
                        "Information security risk assessment");
    assert_string_equal(ib_catalog_clause(c, "9.2.2")->title,
                        "Internal audit programme");
    assert_string_equal(ib_catalog_clause(c, "9.3.3")->title,
                        "Management review results");
    /* 2022 swapped 10.1 and 10.2. */
    assert_string_equal(ib_catalog_clause(c, "10.1")->title,
                        "Continual improvement");
    assert_string_equal(ib_catalog_clause(c, "10.2")->title,
                        "Nonconformity and corrective action");

    assert_null(ib_catalog_clause(c, "4.5"));
    assert_null(ib_catalog_clause(c, "11"));
    assert_null(ib_catalog_clause(c, "3"));
    assert_null(ib_catalog_clause(c, "A.5.1"));
    assert_null(ib_catalog_clause(c, "6.1.4"));
    assert_null(ib_catalog_clause(c, NULL));
}

static const struct ib_required *
required(const char *id)
{
    const struct ib_catalog *c = iso();
    for (size_t i = 0; i < ib_catalog_required_count(c); i++)
        if (!strcmp(ib_catalog_required_at(c, i)->id, id))
            return ib_catalog_required_at(c, i);
    fail_msg("no required item %s", id);
    return NULL;
}

static void
test_required(void **state)
{
    (void)state;
    const struct ib_catalog *c = iso();
    assert_int_equal(ib_catalog_required_count(c), 16);
    assert_null(ib_catalog_required_at(c, 16));

    const struct ib_required *r = required("4.3");
    assert_string_equal(r->clause, "4.3");
    assert_string_equal(r->title, "Scope of the ISMS");
    assert_false(r->is_record);
    assert_false(r->is_implied);
    assert_string_equal(r->wording,
                        "shall be available as documented information");

    r = required("9.2.2");
    assert_string_equal(r->clause, "9.2.2");
    assert_true(r->is_record);
    assert_non_null(strstr(r->title, "audit programme"));
    assert_non_null(strstr(r->title, "audit results"));

    r = required("9.3.3");
    assert_string_equal(r->clause, "9.3.3");
    assert_true(r->is_record);
    assert_non_null(strstr(r->title, "management reviews"));

    r = required("10.2");
    assert_string_equal(r->clause, "10.2");
    assert_true(r->is_record);
    assert_non_null(strstr(r->title, "nonconformities"));
    assert_non_null(strstr(r->note, "10.1 is Continual improvement"));

    r = required("6.1.3d");
    assert_string_equal(r->clause, "6.1.3");
    assert_non_null(strstr(r->title, "Statement of Applicability"));
    assert_false(r->is_record);

    r = required("6.1.3e");
    assert_true(r->is_implied);
    assert_string_equal(r->clause, "6.1.3");

    r = required("7.2d");
    assert_string_equal(r->clause, "7.2");
    assert_true(r->is_record);

    /* Every item sits in a known clause; none in 10.1. */
    for (size_t i = 0; i < ib_catalog_required_count(c); i++) {
        r = ib_catalog_required_at(c, i);
        assert_non_null(ib_catalog_clause(c, r->clause));
        assert_string_not_equal(r->clause, "10.1");
        assert_string_not_equal(r->clause, "9.2");
        assert_string_not_equal(r->clause, "9.3");
        assert_non_null(r->note);
    }
}

static void
test_builtin_shared(void **state)
{
    (void)state;
    const struct ib_catalog *c = iso();
    assert_ptr_equal(ib_catalog_builtin(), c);
    ib_catalog_free((struct ib_catalog *)c); /* ignored */
    assert_int_equal(ib_catalog_control_count(ib_catalog_builtin()), 93);
    ib_catalog_free(NULL);
}

static void *
load(void *arg)
{
    (void)arg;
    return (void *)ib_catalog_builtin();
}

static void
test_builtin_threads(void **state)
{
    (void)state;
    pthread_t t[4];
    void *got[4];
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, load, NULL), 0);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(t[i], &got[i]), 0);
        assert_ptr_equal(got[i], ib_catalog_builtin());
    }
}

/* Splits one CSV record at S (RFC 4180); returns the field count and moves
   *S past the CRLF, or returns 0 for a malformed record. Field I is copied
   into FIELD when WANT == I. */
static size_t
csv_record(const char **s, size_t want, char *field, size_t cap)
{
    const char *p = *s;
    size_t n = 0, len = 0;
    for (;;) {
        bool quoted = *p == '"';
        len = 0;
        if (quoted) {
            for (p++;; p++) {
                if (!*p)
                    return 0;
                if (*p == '"' && p[1] == '"')
                    p++;
                else if (*p == '"')
                    break;
                if (n == want && len + 1 < cap)
                    field[len++] = *p;
            }
            p++;
        } else {
            for (; *p && *p != ',' && *p != '\r' && *p != '\n' && *p != '"';
                 p++)
                if (n == want && len + 1 < cap)
                    field[len++] = *p;
            if (*p == '"')
                return 0;
        }
        if (n == want)
            field[len] = '\0';
        n++;
        if (*p == ',') {
            p++;
            continue;
        }
        if (p[0] != '\r' || p[1] != '\n')
            return 0;
        *s = p + 2;
        return n;
    }
}

static void
test_print_csv(void **state)
{
    (void)state;
    int rc;
    char *s = print(iso(), "csv", &rc);
    char field[256];
    assert_int_equal(rc, 0);
    assert_true(!strncmp(s,
                         "id,display_id,theme,title,control_type,"
                         "security_properties,cybersecurity_concepts,"
                         "operational_capabilities,security_domains,"
                         "is_new,legacy\r\n",
                         strlen("id,display_id,theme,title,control_type,"
                                "security_properties,cybersecurity_concepts,"
                                "operational_capabilities,security_domains,"
                                "is_new,legacy\r\n")));
    /* Every line ends in CRLF; every record has 11 fields. */
    for (const char *p = s; *p; p++)
        if (*p == '\n')
            assert_true(p > s && p[-1] == '\r');
    const char *p = s;
    size_t records = 0;
    bool saw_comma_title = false;
    while (*p) {
        const char *line = p;
        assert_int_equal(csv_record(&p, 3, field, sizeof field), 11);
        if (!strcmp(field, "Monitoring, review and change management of "
                           "supplier services")) {
            saw_comma_title = true;
            assert_true(!strncmp(line,
                                 "5.22,A.5.22,organizational,\""
                                 "Monitoring, review",
                                 strlen("5.22,A.5.22,organizational,\""
                                        "Monitoring, review")));
        }
        records++;
    }
    assert_true(saw_comma_title);
    assert_int_equal(records, 94);
    assert_non_null(strstr(s, "\r\n5.7,A.5.7,organizational,Threat "
                              "intelligence,Preventive Detective Corrective,"
                              "Confidentiality Integrity Availability,"
                              "Identify Detect Respond,"
                              "Threat_and_vulnerability_management,"
                              "Defence Resilience,yes,\r\n"));
    assert_non_null(strstr(s, ",no,A.12.6.1 A.18.2.3\r\n"));
    free(s);
}

/* A loose JSON checker: returns the end of the value at P, or NULL. */
static const char *json_value(const char *p, int depth, size_t *objects);

static const char *
json_ws(const char *p)
{
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    return p;
}

static const char *
json_string(const char *p)
{
    if (*p++ != '"')
        return NULL;
    for (; *p != '"'; p++) {
        if ((unsigned char)*p < 0x20)
            return NULL;
        if (*p == '\\') {
            p++;
            if (*p == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
                        return NULL;
                p += 4;
            } else if (!*p || !strchr("\"\\/bfnrt", *p)) {
                return NULL;
            }
        }
    }
    return p + 1;
}

static const char *
json_value(const char *p, int depth, size_t *objects)
{
    p = json_ws(p);
    if (depth > 8)
        return NULL;
    if (*p == '"')
        return json_string(p);
    if (!strncmp(p, "true", 4) || !strncmp(p, "null", 4))
        return p + 4;
    if (!strncmp(p, "false", 5))
        return p + 5;
    if (*p != '[' && *p != '{')
        return NULL;
    char close = *p == '[' ? ']' : '}';
    bool object = *p == '{';
    *objects += object;
    p = json_ws(p + 1);
    if (*p == close)
        return p + 1;
    for (;;) {
        if (object) {
            p = json_string(json_ws(p));
            if (!p || *(p = json_ws(p)) != ':')
                return NULL;
            p++;
        }
        p = json_value(p, depth + 1, objects);
        if (!p)
            return NULL;
        p = json_ws(p);
        if (*p == close)
            return p + 1;
        if (*p++ != ',')
            return NULL;
    }
}

static void
test_print_json(void **state)
{
    (void)state;
    int rc;
    size_t objects = 0;
    char *s = print(iso(), "json", &rc);
    assert_int_equal(rc, 0);
    const char *end = json_value(s, 0, &objects);
    assert_non_null(end);
    assert_string_equal(json_ws(end), "");
    assert_int_equal(objects, 93);
    assert_int_equal(s[0], '[');
    assert_non_null(strstr(
        s, "{\"id\": \"5.15\", \"display_id\": \"A.5.15\", \"theme\": "
           "\"organizational\", \"title\": \"Access control\", "
           "\"other_titles\": [], \"control_type\": [\"Preventive\"], "
           "\"security_properties\": [\"Confidentiality\", \"Integrity\", "
           "\"Availability\"], \"cybersecurity_concepts\": [\"Protect\"], "
           "\"operational_capabilities\": "
           "[\"Identity_and_access_management\"], \"security_domains\": "
           "[\"Protection\"], \"is_new\": false, \"legacy\": [\"A.9.1.1\", "
           "\"A.9.1.2\"]}"));
    assert_non_null(strstr(s, "\"other_titles\": [\"User endpoint "
                              "devices\"]"));
    assert_non_null(strstr(s, "\"is_new\": true, \"legacy\": []}"));
    free(s);
}

static void
test_print_text(void **state)
{
    (void)state;
    int rc;
    char *s = print(iso(), NULL, &rc);
    assert_int_equal(rc, 0);
    assert_true(!strncmp(s, "ISO/IEC 27001:2022: 93 controls, 11 new\n", 40));
    const char *themes[] = {
        "\nOrganizational controls (37)\n", "\nPeople controls (8)\n",
        "\nPhysical controls (14)\n", "\nTechnological controls (34)\n"};
    const char *prev = s;
    for (size_t i = 0; i < 4; i++) {
        const char *at = strstr(s, themes[i]);
        assert_non_null(at);
        assert_true(at > prev); /* in catalog order */
        prev = at;
    }
    /* Titles and attributes line up across all 93 rows. */
    const char *hdr = strstr(s, "\nID ");
    assert_non_null(hdr);
    size_t title_col = (size_t)(strstr(hdr, "TITLE") - hdr - 1);
    size_t type_col = (size_t)(strstr(hdr, "TYPE") - hdr - 1);
    size_t rows = 0;
    for (const char *p = s; (p = strstr(p, "\nA.")); p++) {
        const char *eol = strchr(p + 1, '\n');
        assert_true(eol[-1] != ' '); /* no trailing blanks */
        assert_int_equal(p[title_col], ' ');
        assert_true(p[title_col + 1] != ' ');
        assert_int_equal(p[type_col], ' ');
        assert_true(strchr("PDC", p[type_col + 1]) != NULL);
        rows++;
    }
    assert_int_equal(rows, 93);
    const char *line = strstr(s, "\nA.5.7 ");
    assert_non_null(line);
    const char *eol = strchr(line + 1, '\n');
    char buf[256];
    memcpy(buf, line + 1, (size_t)(eol - line - 1));
    buf[eol - line - 1] = '\0';
    assert_non_null(strstr(buf, "Threat intelligence (new)"));
    assert_non_null(strstr(buf, " PDC "));
    assert_non_null(strstr(buf, " CIA "));
    assert_non_null(strstr(buf, " ID DE RS "));
    assert_non_null(strstr(buf, " Def Res"));
    /* The legend explains the abbreviations. */
    assert_non_null(strstr(s, "\nTYPE: P Preventive, D Detective, C "
                              "Corrective\n"));
    assert_non_null(strstr(s, "RS Respond"));
    assert_non_null(strstr(s, "IAM Identity and access management"));
    free(s);
}

static void
test_print_bad_format(void **state)
{
    (void)state;
    int rc;
    char *s = print(iso(), "xml", &rc);
    assert_int_equal(rc, -1);
    assert_string_equal(s, "");
    free(s);
}

static void
test_print_write_error(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        skip();
    assert_int_equal(ib_catalog_print(iso(), f, "json"), -1);
    fclose(f);
}

/* A small framework of its own, given as texts. */
static const char small_controls[] =
    "id\ttheme\ttitle\tcontrol_type\tnew\ttitle_long\n"
    "1.1\talpha\tFirst, \"quoted\" \\ title\t#Preventive\tno\tThe first\n"
    "\n"
    "1.2\talpha\tSecond\t#Detective #Corrective\tyes\t\n"
    "2.1\tbeta\tThird\t\tno\tThird\r\n";

static void
test_parse_custom(void **state)
{
    (void)state;
    struct ib_diag *d = ib_diag_new();
    struct ib_catalog_def def = {
        .name = "Small",
        .prefix = "X-",
        .controls = {"small/controls.tsv", small_controls},
        .legacy = {"small/old.tsv", "old\tnew\nX-9\tX-1.1 2.1\n"},
        .clauses = {"small/clauses.tsv", "id\ttitle\n1\tOne\n1.1\tSub\n"},
    };
    struct ib_catalog *c = ib_catalog_parse(&def, d);
    assert_non_null(c);
    assert_int_equal(ib_diag_count(d), 0);
    assert_string_equal(ib_catalog_name(c), "Small");
    assert_int_equal(ib_catalog_control_count(c), 3);
    const struct ib_control *a = ib_catalog_control(c, "x-1.1");
    assert_non_null(a);
    assert_string_equal(a->display_id, "X-1.1");
    assert_string_equal(join(a->other_titles), "The first");
    assert_int_equal(len(ib_catalog_control(c, "2.1")->other_titles), 0);
    assert_int_equal(len(ib_catalog_control(c, "2.1")->control_type), 0);
    assert_string_equal(ib_catalog_control(c, "2.1")->title, "Third");
    assert_true(ib_catalog_control(c, "1.2")->is_new);
    assert_null(ib_catalog_control(c, "A.1.1"));
    const struct ib_control *out[2];
    assert_int_equal(ib_catalog_legacy(c, "x-9", out, 2), 2);
    assert_string_equal(out[1]->id, "2.1");
    assert_null(ib_catalog_clause(c, "1")->parent);
    assert_null(ib_catalog_clause(c, "1.1")->parent);
    assert_int_equal(ib_catalog_required_count(c), 0);

    /* Quotes and backslashes are escaped in JSON and CSV. */
    int rc;
    char *s = print(c, "json", &rc);
    size_t objects = 0;
    assert_non_null(json_value(s, 0, &objects));
    assert_int_equal(objects, 3);
    assert_non_null(strstr(s, "\"title\": \"First, \\\"quoted\\\" \\\\ "
                              "title\""));
    free(s);
    s = print(c, "csv", &rc);
    assert_non_null(strstr(s, "\r\n1.1,X-1.1,alpha,\"First, \"\"quoted\"\" "
                              "\\ title\",Preventive,,,,,no,X-9\r\n"));
    free(s);
    /* Empty attribute columns are left out of the text table. */
    s = print(c, "text", &rc);
    assert_non_null(strstr(s, "\nID     TITLE"));
    assert_null(strstr(s, "CIA"));
    assert_non_null(strstr(s, "\nAlpha controls (2)\n"));
    free(s);
    ib_catalog_free(c);
    ib_diag_free(d);
}

/* Parses DEF expecting failure; returns the findings as "line:col: msg". */
static char *
errors(const struct ib_catalog_def *def)
{
    struct ib_diag *d = ib_diag_new();
    struct ib_catalog *c = ib_catalog_parse(def, d);
    assert_null(c);
    assert_true(ib_diag_count(d) > 0);
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    for (size_t i = 0; i < ib_diag_count(d); i++) {
        const struct ib_finding *x = ib_diag_get(d, i);
        assert_int_equal(x->sev, IB_SEV_ERROR);
        assert_string_equal(x->rule, "catalog-invalid");
        fprintf(f, "%s:%u:%u: %s\n", x->loc.file, x->loc.line, x->loc.col,
                x->msg);
    }
    fclose(f);
    ib_diag_free(d);
    return s;
}

static void
test_parse_errors(void **state)
{
    (void)state;
    struct ib_catalog_def def = {.name = "Bad", .prefix = "A."};
    char *s;

    def.controls = (struct ib_catalog_table){
        "c.tsv", "id\ttheme\ttitle\tsecurity_properties\tnew_in_2022\n"
                 "1.1\tt\tOne\t#Integrity\tno\n"
                 "1.1\tt\tAgain\t#Integrity\tno\n"
                 "1.2\tt\tTwo\tIntegrity\tno\n"
                 "1.3\tt\tThree\n"
                 "01.4\tt\tFour\t\tno\n"
                 "1.5\tt\tFive\t\tmaybe\n"
                 "1.6\tt\t\t\tno\n"};
    s = errors(&def);
    assert_string_equal(s,
                        "c.tsv:3:1: control A.1.1 is listed twice\n"
                        "c.tsv:4:11: attribute 'Integrity' is not a #Tag\n"
                        "c.tsv:5:0: 3 columns, but the header on line 1 has 5\n"
                        "c.tsv:6:1: '01.4' is not a control id\n"
                        "c.tsv:7:13: 'maybe' must be yes or no\n"
                        "c.tsv:8:7: control 1.6 has no title\n");
    free(s);

    def.controls = (struct ib_catalog_table){"c.tsv", "id\ttitle\n1.1\tOne\n"};
    s = errors(&def);
    assert_string_equal(s, "c.tsv:1:0: missing column 'theme'\n");
    free(s);

    def.controls = (struct ib_catalog_table){"c.tsv", "\n\n"};
    s = errors(&def);
    assert_string_equal(s, "c.tsv:1:0: empty table; expected a header row\n");
    free(s);

    def.controls = (struct ib_catalog_table){"c.tsv", "id\ttheme\ttitle\n"
                                                      "1.1\tt\tCaf\xC3\n"};
    s = errors(&def);
    assert_string_equal(s, "c.tsv:2:10: invalid UTF-8\n");
    free(s);

    /* The mapping must name known controls and agree with "new". */
    def.controls = (struct ib_catalog_table){
        "c.tsv", "id\ttheme\ttitle\tnew\n1.1\tt\tOne\tno\n1.2\tt\tTwo\tyes\n"
                 "1.3\tt\tThree\tno\n"};
    def.legacy = (struct ib_catalog_table){
        "m.tsv", "old\tnew\nA.9.1\t1.1\nA.9.2\t1.9\nA.9.3\t1.2\nA.9.1\t1.1\n"};
    s = errors(&def);
    assert_string_equal(s, "m.tsv:3:7: A.9.2 maps to unknown control '1.9'\n"
                           "m.tsv:4:7: A.9.3 maps to A.1.2, which is marked "
                           "new\n"
                           "m.tsv:5:1: A.9.1 is listed twice\n");
    free(s);
    def.legacy = (struct ib_catalog_table){"m.tsv", "old\tnew\nA.9.1\t1.1\n"};
    s = errors(&def);
    assert_string_equal(s, "c.tsv:4:0: control A.1.3 is not marked new, but "
                           "no old id in m.tsv maps to it\n");
    free(s);
    def.legacy = (struct ib_catalog_table){0};

    /* Clauses: parents must exist and contain the clause. */
    def.clauses = (struct ib_catalog_table){
        "cl.tsv", "id\ttitle\tparent_id\n4\tFour\t\n4.1\tOne\t4\n"
                  "4.2\tTwo\t5\n5.1\tFive one\t4\n4.1\tAgain\t4\n"};
    s = errors(&def);
    assert_string_equal(s, "cl.tsv:6:1: clause 4.1 is listed twice\n"
                           "cl.tsv:4:0: parent 5 of clause 4.2 is not a "
                           "clause\n"
                           "cl.tsv:5:0: clause 5.1 cannot be under 4\n");
    free(s);

    /* Required items: a known clause, a known kind. */
    def.clauses = (struct ib_catalog_table){"cl.tsv", "id\ttitle\n4\tFour\n"};
    def.required = (struct ib_catalog_table){
        "r.tsv", "id\tparent_clause\tdocument\tkind\texplicit\n"
                 "4a\t4\tScope\tdocument\tyes\n"
                 "4b\t5\tPolicy\tdocument\tyes\n"
                 "4c\t4\tEvidence\tproof\tyes\n"
                 "4d\t4\tPlan\tdocument\tmaybe\n"
                 "x\t4\tPlan\tdocument\tyes\n"
                 "4a\t4\tScope\tdocument\tyes\n"};
    s = errors(&def);
    assert_string_equal(s, "r.tsv:3:4: '5' is not a clause\n"
                           "r.tsv:4:15: kind 'proof' must be document or "
                           "record\n"
                           "r.tsv:5:20: explicit 'maybe' must be yes or "
                           "implied\n"
                           "r.tsv:6:1: 'x' is not a requirement id\n"
                           "r.tsv:7:1: requirement 4a is listed twice\n");
    free(s);

    /* No table of controls at all. */
    def = (struct ib_catalog_def){.name = "Empty"};
    s = errors(&def);
    assert_string_equal(
        s, "(catalog):0:0: a framework needs a table of controls\n");
    free(s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_unknown),
        cmocka_unit_test(test_attributes),
        cmocka_unit_test(test_legacy),
        cmocka_unit_test(test_clauses),
        cmocka_unit_test(test_required),
        cmocka_unit_test(test_builtin_shared),
        cmocka_unit_test(test_builtin_threads),
        cmocka_unit_test(test_print_csv),
        cmocka_unit_test(test_print_json),
        cmocka_unit_test(test_print_text),
        cmocka_unit_test(test_print_bad_format),
        cmocka_unit_test(test_print_write_error),
        cmocka_unit_test(test_parse_custom),
        cmocka_unit_test(test_parse_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
