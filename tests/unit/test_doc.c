/* SPDX-License-Identifier: MIT */
/* Unit tests for doc.c: loading front matter and checking the schema. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "config.h"
#include "date.h"
#include "diag.h"
#include "doc.h"
#include "val.h"

struct fx {
    struct ib_arena *a;
    struct ib_diag *d;
    struct ib_config cfg;
    struct ib_alias aliases[3];
    struct ib_doc *docs[16];
    size_t ndocs;
};

static int
setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    f->a = ib_arena_new();
    f->d = ib_diag_new();
    f->cfg.root = ".";
    f->cfg.file = "handbook.yaml";
    f->cfg.title = "Handbook";
    f->cfg.organisation = f->cfg.base_url = f->cfg.soa = "";
    f->cfg.language = "en";
    f->cfg.theme = "default";
    f->cfg.review_interval = (struct ib_interval){12, IB_UNIT_MONTHS};
    f->cfg.warn_days = 30;
    f->cfg.max_class = IB_CLASS_INTERNAL;
    f->aliases[0] = (struct ib_alias){"document_id", "id"};
    f->aliases[1] = (struct ib_alias){"review_cycle", "review_interval"};
    f->aliases[2] = (struct ib_alias){"approved_by", "approver"};
    f->cfg.aliases = f->aliases;
    f->cfg.naliases = 3;
    f->cfg.defaults = NULL;
    f->cfg.ndefaults = 0;
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    for (size_t i = 0; i < f->ndocs; i++)
        ib_doc_fini(f->docs[i]);
    ib_diag_free(f->d);
    ib_arena_free(f->a);
    free(f);
    return 0;
}

static struct ib_doc *
load_n(struct fx *f, const char *path, const char *text, size_t len)
{
    struct ib_doc *doc = ib_doc_load(f->a, &f->cfg, path, text, len, f->d);
    assert_non_null(doc);
    assert_true(f->ndocs < 16);
    f->docs[f->ndocs++] = doc;
    return doc;
}

static struct ib_doc *
load(struct fx *f, const char *path, const char *text)
{
    return load_n(f, path, text, strlen(text));
}

static void
dump(const struct ib_diag *d)
{
    for (size_t i = 0; i < ib_diag_count(d); i++) {
        const struct ib_finding *x = ib_diag_get(d, i);
        print_message("  %s:%u:%u: %s: %s [%s]\n",
                      x->loc.file ? x->loc.file : "-", x->loc.line, x->loc.col,
                      ib_sev_name(x->sev), x->msg, x->rule);
    }
}

static void
assert_clean(struct fx *f)
{
    if (ib_diag_count(f->d))
        dump(f->d);
    assert_int_equal(ib_diag_count(f->d), 0);
}

/*
 * Asserts that the only finding is RULE at FILE:LINE:COL with severity SEV
 * and a message containing NEEDLE; then clears the findings.
 */
static void
assert_only(struct fx *f, enum ib_sev sev, const char *rule, const char *file,
            unsigned line, unsigned col, const char *needle)
{
    const struct ib_finding *x = ib_diag_get(f->d, 0);
    if (ib_diag_count(f->d) != 1 || strcmp(x->rule, rule) ||
        x->loc.line != line || x->loc.col != col || !strstr(x->msg, needle))
        dump(f->d);
    assert_int_equal(ib_diag_count(f->d), 1);
    assert_string_equal(x->rule, rule);
    assert_int_equal(x->sev, sev);
    assert_string_equal(x->loc.file, file);
    assert_int_equal(x->loc.line, line);
    assert_int_equal(x->loc.col, col);
    assert_non_null(strstr(x->msg, needle));
    ib_diag_free(f->d);
    f->d = ib_diag_new();
}

static void
assert_date(struct ib_date d, const char *want)
{
    char buf[11];
    ib_date_format(d, buf);
    assert_string_equal(buf, want);
}

static const char VALID[] = "---\n"
                            "id: POL-001\n"
                            "title: Access control\n"
                            "type: policy\n"
                            "owner: ciso\n"
                            "status: approved\n"
                            "approver: ceo\n"
                            "approved: 2026-01-15\n"
                            "classification: confidential\n"
                            "last_reviewed: 2026-01-15\n"
                            "version: 2.10\n"
                            "audience: [staff, contractors]\n"
                            "controls: [A.5.15, A.8.2]\n"
                            "tags: access\n"
                            "extra: {risk: high}\n"
                            "---\n"
                            "# Access\n\nBody text.\n";

static void
test_valid_document(void **state)
{
    struct fx *f = *state;
    struct ib_doc *doc = load(f, "content/policies/access.md", VALID);
    assert_clean(f);
    assert_true(doc->valid);
    assert_string_equal(doc->path, "content/policies/access.md");
    assert_string_equal(doc->out_path, "policies/access.html");
    assert_string_equal(doc->id.s, "POL-001");
    assert_int_equal(doc->id.line, 2); /* file lines: the fence is line 1 */
    assert_int_equal(doc->id.col, 5);
    assert_string_equal(doc->title.s, "Access control");
    assert_int_equal(doc->title.line, 3);
    assert_int_equal(doc->title.col, 8);
    assert_int_equal(doc->type, IB_TYPE_POLICY);
    assert_string_equal(doc->owner.s, "ciso");
    assert_int_equal(doc->status, IB_STATUS_APPROVED);
    assert_string_equal(doc->approver.s, "ceo");
    assert_true(doc->has_approved);
    assert_date(doc->approved, "2026-01-15");
    assert_int_equal(doc->classification, IB_CLASS_CONFIDENTIAL);
    assert_true(doc->has_last_reviewed);
    assert_date(doc->last_reviewed, "2026-01-15");
    assert_false(doc->has_next_review);
    assert_false(doc->has_effective);
    assert_string_equal(doc->version.s, "2.10"); /* as written */
    assert_int_equal(doc->audience.n, 2);
    assert_string_equal(doc->audience.items[1].s, "contractors");
    assert_int_equal(doc->audience.items[1].line, 12);
    assert_int_equal(doc->audience.items[1].col, 19);
    assert_int_equal(doc->controls.n, 2);
    assert_string_equal(doc->controls.items[0].s, "A.5.15");
    assert_int_equal(doc->tags.n, 1); /* a scalar is a one-item list */
    assert_string_equal(doc->tags.items[0].s, "access");
    assert_int_equal(doc->related.n, 0);
    assert_non_null(doc->extra);
    assert_string_equal(ib_val_get(doc->extra, "risk")->str, "high");
    assert_false(doc->own_interval);
    assert_int_equal(doc->review_interval.n, 12);
    assert_int_equal(doc->review_interval.unit, IB_UNIT_MONTHS);
    assert_string_equal(doc->lang.s, "");
    assert_string_equal(doc->translation_of.s, "");
    assert_int_equal(doc->fm_line, 1);
    assert_non_null(doc->fm);
    assert_string_equal(doc->body, "# Access\n\nBody text.\n");
    assert_int_equal(doc->body_len, strlen(doc->body));
    assert_int_equal(doc->body_line, 16);
    assert_null(doc->md);
    assert_int_equal(doc->referenced_by.n, 0);
}

static void
test_minimal_draft(void **state)
{
    struct fx *f = *state;
    struct ib_doc *doc = load(f, "content/a/b/c.md",
                              "---\nid: G1\ntitle: T\ntype: guideline\n"
                              "owner: it\n---\n");
    assert_clean(f);
    assert_true(doc->valid);
    assert_string_equal(doc->out_path, "a/b/c.html");
    assert_int_equal(doc->status, IB_STATUS_DRAFT); /* the defaults */
    assert_int_equal(doc->classification, IB_CLASS_INTERNAL);
    assert_int_equal(doc->type, IB_TYPE_GUIDELINE);
    assert_string_equal(doc->version.s, "");
    assert_string_equal(doc->approver.s, "");
    assert_string_equal(doc->body, "");
    assert_null(doc->extra);
}

static void
test_required_keys_missing(void **state)
{
    struct fx *f = *state;
    static const char *const keys[] = {"id", "title", "type", "owner"};
    static const char *const lines[] = {"id: P-1\n", "title: T\n",
                                        "type: policy\n", "owner: o\n"};
    for (size_t skip = 0; skip < 4; skip++) {
        char text[256] = "---\n";
        for (size_t k = 0; k < 4; k++)
            if (k != skip)
                strcat(text, lines[k]);
        strcat(text, "---\nBody\n");
        struct ib_doc *doc = load(f, "content/p.md", text);
        char want[64];
        snprintf(want, sizeof want, "no '%s'", keys[skip]);
        assert_only(f, IB_SEV_ERROR, "field-missing", "content/p.md", 1, 1,
                    want);
        /* Without an owner it can still be rendered; not without the rest. */
        assert_int_equal(doc->valid, skip == 3);
    }
}

static void
test_required_keys_null(void **state)
{
    struct fx *f = *state;
    struct ib_doc *doc = load(f, "content/p.md",
                              "---\nid: P-1\ntitle:\ntype: ~\nowner: o\n"
                              "---\n");
    assert_int_equal(ib_diag_count(f->d), 2);
    assert_string_equal(ib_diag_get(f->d, 0)->rule, "field-missing");
    assert_non_null(strstr(ib_diag_get(f->d, 0)->msg, "'title'"));
    assert_string_equal(ib_diag_get(f->d, 1)->rule, "field-missing");
    assert_non_null(strstr(ib_diag_get(f->d, 1)->msg, "'type'"));
    assert_false(doc->valid);
}

static void
test_empty_title_reported(void **state)
{
    struct fx *f = *state;
    /* An empty title makes the document unrenderable: the user is told. */
    struct ib_doc *doc = load(f, "content/p.md",
                              "---\nid: P-1\ntitle: \"\"\ntype: policy\n"
                              "owner: o\n---\n");
    assert_false(doc->valid);
    assert_int_equal(ib_diag_errors(f->d), 1);
    assert_string_equal(ib_diag_get(f->d, 0)->rule, "field-missing");
}

static void
test_empty_front_matter(void **state)
{
    struct fx *f = *state;
    struct ib_doc *doc = load(f, "content/p.md", "---\n---\nBody\n");
    assert_false(doc->valid);
    assert_int_equal(ib_diag_count(f->d), 4);
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(ib_diag_get(f->d, i)->rule, "field-missing");
    assert_string_equal(doc->body, "Body\n");
    assert_int_equal(doc->body_line, 2);
}

static void
test_id_invalid(void **state)
{
    struct fx *f = *state;
    static const char *const bad[] = {
        "-abc",
        "\"a b\"",
        "ab/c",
        "POL_æ",
        ".hidden",
        "x1234567890123456789012345678901234567890123456789012345678901234",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char text[256];
        snprintf(text, sizeof text,
                 "---\ntitle: T\nid: %s\ntype: policy\nowner: o\n---\n",
                 bad[i]);
        struct ib_doc *doc = load(f, "content/p.md", text);
        assert_only(f, IB_SEV_ERROR, "id-invalid", "content/p.md", 3, 5,
                    "must start with a letter or digit");
        assert_false(doc->valid);
    }
    /* An empty id is missing, not malformed. */
    struct ib_doc *empty = load(f, "content/p.md",
                                "---\ntitle: T\nid: \"\"\ntype: policy\n"
                                "owner: o\n---\n");
    assert_only(f, IB_SEV_ERROR, "field-missing", "content/p.md", 3, 5,
                "'id' is empty");
    assert_false(empty->valid);
    /* A number is read as written. */
    struct ib_doc *doc = load(f, "content/p.md",
                              "---\nid: 42\ntitle: T\ntype: policy\n"
                              "owner: o\n---\n");
    assert_clean(f);
    assert_true(doc->valid);
    assert_string_equal(doc->id.s, "42");
}

static void
test_id_not_text(void **state)
{
    struct fx *f = *state;
    struct ib_doc *doc = load(f, "content/p.md",
                              "---\nid: [a, b]\ntitle: T\ntype: policy\n"
                              "owner: o\n---\n");
    assert_only(f, IB_SEV_ERROR, "field-type", "content/p.md", 2, 5,
                "'id' must be text, not a list");
    assert_false(doc->valid);
}

static void
test_enum_errors(void **state)
{
    struct fx *f = *state;
    struct ib_doc *doc = load(f, "content/p.md",
                              "---\nid: P\ntitle: T\ntype: polcy\n"
                              "owner: o\n---\n");
    assert_only(f, IB_SEV_ERROR, "field-type", "content/p.md", 4, 7,
                "'type' must be one of policy, standard, procedure, "
                "guideline, plan, register, record, not 'polcy' (did you "
                "mean 'policy'?)");
    assert_false(doc->valid);

    doc = load(f, "content/p.md",
               "---\nid: P\ntitle: T\ntype: policy\nowner: o\n"
               "status: final\n---\n");
    assert_only(f, IB_SEV_ERROR, "field-type", "content/p.md", 6, 9,
                "'status' must be one of draft, approved, retired, not "
                "'final'");
    assert_int_equal(doc->status, IB_STATUS_DRAFT);

    doc = load(f, "content/p.md",
               "---\nid: P\ntitle: T\ntype: policy\nowner: o\n"
               "classification: secret\n---\n");
    assert_only(f, IB_SEV_ERROR, "field-type", "content/p.md", 6, 17,
                "'classification' must be one of public, internal, "
                "confidential, restricted, not 'secret'");

    /* Case matters: the accepted values are lowercase. */
    doc = load(f, "content/p.md",
               "---\nid: P\ntitle: T\ntype: Policy\nowner: o\n---\n");
    assert_only(f, IB_SEV_ERROR, "field-type", "content/p.md", 4, 7,
                "did you mean 'policy'?");
    (void)doc;
}

static void
test_impossible_dates(void **state)
{
    struct fx *f = *state;
    struct ib_doc *doc = load(f, "content/p.md",
                              "---\nid: P\ntitle: T\ntype: policy\n"
                              "owner: o\nstatus: draft\n"
                              "approved: 2026-02-30\n---\n");
    assert_only(f, IB_SEV_ERROR, "date-invalid", "content/p.md", 7, 11,
                "'2026-02-30'");
    assert_false(doc->has_approved);

    doc = load(f, "content/p.md",
               "---\nid: P\ntitle: T\ntype: policy\nowner: o\n"
               "last_reviewed: 2025-02-29\n---\n");
    assert_only(f, IB_SEV_ERROR, "date-invalid", "content/p.md", 6, 16,
                "'2025-02-29'");
    assert_false(doc->has_last_reviewed);

    doc = load(f, "content/p.md",
               "---\nid: P\ntitle: T\ntype: policy\nowner: o\n"
               "next_review: 1/2/2026\neffective: [2026-01-01]\n---\n");
    assert_int_equal(ib_diag_count(f->d), 2);
    assert_string_equal(ib_diag_get(f->d, 0)->rule, "date-invalid");
    assert_int_equal(ib_diag_get(f->d, 0)->loc.line, 6);
    assert_int_equal(ib_diag_get(f->d, 0)->loc.col, 14);
    assert_string_equal(ib_diag_get(f->d, 1)->rule, "date-invalid");
    assert_int_equal(ib_diag_get(f->d, 1)->loc.line, 7);
    assert_int_equal(ib_diag_get(f->d, 1)->loc.col, 12);
    (void)doc;
}

static void
test_date_position_with_bom_and_crlf(void **state)
{
    struct fx *f = *state;
    load(f, "content/p.md",
         "\xEF\xBB\xBF---\r\nid: P\r\ntitle: Tæøå\r\ntype: policy\r\n"
         "owner: o\r\neffective:   2026-04-31\r\n---\r\nBody\r\n");
    assert_only(f, IB_SEV_ERROR, "date-invalid", "content/p.md", 6, 14,
                "2026-04-31");
}

static void
test_unknown_key_warning(void **state)
{
    struct fx *f = *state;
    struct ib_doc *doc = load(f, "content/p.md",
                              "---\nid: P\ntitle: T\ntype: policy\n"
                              "owner: o\nownr: x\n---\n");
    assert_only(f, IB_SEV_WARNING, "field-unknown", "content/p.md", 6, 1,
                "unknown key 'ownr' in front matter (did you mean "
                "'owner'?)");
    assert_true(doc->valid);

    load(f, "content/p.md",
         "---\nid: P\ntitle: T\ntype: policy\nowner: o\n"
         "  \ndepartment: it\n---\n");
    assert_only(f, IB_SEV_WARNING, "field-unknown", "content/p.md", 7, 1,
                "unknown key 'department' in front matter");
}

static void
test_aliases(void **state)
{
    struct fx *f = *state;
    struct ib_doc *doc = load(f, "content/p.md",
                              "---\ndocument_id: POL-9\ntitle: T\n"
                              "type: policy\nowner: o\nreview_cycle: 12\n"
                              "status: approved\napproved_by: ceo\n"
                              "approved: 2026-01-01\n"
                              "last_reviewed: 2026-01-01\n---\n");
    assert_clean(f);
    assert_true(doc->valid);
    assert_string_equal(doc->id.s, "POL-9");
    assert_int_equal(doc->id.line, 2);
    assert_int_equal(doc->id.col, 14);
    assert_string_equal(doc->approver.s, "ceo");
    assert_true(doc->own_interval);
    assert_int_equal(doc->review_interval.n, 12);
    assert_int_equal(doc->review_interval.unit, IB_UNIT_MONTHS);
    /* The front matter seen by later stages uses the canonical names. */
    assert_non_null(ib_val_get(doc->fm, "id"));
    assert_null(ib_val_get(doc->fm, "document_id"));
    assert_non_null(ib_val_get(doc->fm, "review_interval"));
    struct ib_date due;
    assert_true(ib_doc_due(doc, &due));
    assert_date(due, "2027-01-01");
}

static void
test_alias_and_canonical_both_given(void **state)
{
    struct fx *f = *state;
    load(f, "content/p.md",
         "---\nid: P-1\ntitle: T\ntype: policy\nowner: o\n"
         "document_id: P-2\n---\n");
    assert_only(f, IB_SEV_ERROR, "yaml-syntax", "content/p.md", 6, 1,
                "'document_id' sets 'id' again (already set at line 2)");
}

/* A map {k1: v1, k2: v2, ...} built in the fixture's arena. */
static struct ib_val *
map_of(struct fx *f, const char *const *kv)
{
    struct ib_val *m = ib_val_map(f->a);
    for (; kv[0]; kv += 2)
        ib_val_set_str(f->a, m, kv[0], kv[1]);
    return m;
}

static void
test_folder_defaults(void **state)
{
    struct fx *f = *state;
    static const char *const hr[] = {"owner", "hr-lead", NULL};
    static const char *const pol[] = {
        "owner", "ciso", "classification", "confidential", "review_cycle",
        "6",     "tags", "policy-tag",     NULL,
    };
    static const char *const all[] = {"lang", "da", NULL};
    /* Sorted longest path first, as ib_config_load leaves them. */
    struct ib_default defs[] = {
        {"content/policies/hr/", map_of(f, hr)},
        {"content/policies/", map_of(f, pol)},
        {"", map_of(f, all)},
    };
    f->cfg.defaults = defs;
    f->cfg.ndefaults = 3;
    static const char head[] = "---\nid: X\ntitle: T\ntype: policy\n";

    char text[256];
    snprintf(text, sizeof text, "%s---\n", head);
    struct ib_doc *doc = load(f, "content/policies/hr/leave.md", text);
    assert_clean(f);
    assert_string_equal(doc->owner.s, "hr-lead"); /* longest path wins */
    assert_int_equal(doc->classification, IB_CLASS_CONFIDENTIAL);
    assert_int_equal(doc->review_interval.n, 6); /* alias in a default */
    assert_int_equal(doc->tags.n, 1);
    assert_string_equal(doc->lang.s, "da");
    /* Not from this file: no column, the fence line as a fallback. */
    assert_int_equal(doc->owner.col, 0);

    doc = load(f, "content/policies/access.md", text);
    assert_clean(f);
    assert_string_equal(doc->owner.s, "ciso");
    assert_string_equal(doc->lang.s, "da");

    /* The document's own values win over every default. */
    snprintf(text, sizeof text,
             "%sowner: bob\nclassification: public\nlang: en\n---\n", head);
    doc = load(f, "content/policies/hr/x.md", text);
    assert_clean(f);
    assert_string_equal(doc->owner.s, "bob");
    assert_int_equal(doc->owner.line, 5);
    assert_int_equal(doc->classification, IB_CLASS_PUBLIC);
    assert_string_equal(doc->lang.s, "en");

    /* Only below their folder: not in a sibling, nor a prefix lookalike. */
    snprintf(text, sizeof text, "%s---\n", head);
    doc = load(f, "content/guidelines/y.md", text);
    assert_only(f, IB_SEV_ERROR, "field-missing", "content/guidelines/y.md", 1,
                1, "'owner'");
    assert_int_equal(doc->classification, IB_CLASS_INTERNAL);
    assert_false(doc->own_interval);
    assert_string_equal(doc->lang.s, "da");
    doc = load(f, "content/policies-old/z.md", text);
    assert_only(f, IB_SEV_ERROR, "field-missing", "content/policies-old/z.md",
                1, 1, "'owner'");
}

/* Hugo's keys: kept in extra, dropped, or converted, as configured. */
static void
test_alias_to_extra_and_ignored_keys(void **state)
{
    struct fx *f = *state;
    struct ib_alias aliases[] = {{"slug", "id"},
                                 {"weight", "extra.weight"},
                                 {"summary", "extra.summary"}};
    static const char *const ignored[] = {"faq", "policy"};
    f->cfg.aliases = aliases;
    f->cfg.naliases = 3;
    f->cfg.ignore_keys = (const char **)ignored;
    f->cfg.nignore_keys = 2;
    struct ib_doc *doc = load(f, "content/a/index.md",
                              "---\ntitle: A\nslug: a\npolicy: true\n"
                              "faq: false\nweight: 7\ntype: policy\n"
                              "owner: o\n---\n");
    assert_clean(f); /* no field-unknown for policy or faq */
    assert_true(doc->valid);
    assert_string_equal(doc->id.s, "a");
    assert_non_null(doc->extra);
    assert_int_equal(doc->extra->n, 1);
    const struct ib_val *w = ib_val_get(doc->extra, "weight");
    assert_string_equal(w->str, "7");
    assert_int_equal(w->line, 6);
    assert_null(ib_val_get(doc->fm, "policy"));
    assert_null(ib_val_get(doc->fm, "weight"));

    /* Joined to the document's own extra; a name given twice is an error. */
    doc = load(f, "content/b.md",
               "---\nid: b\ntitle: B\ntype: policy\nowner: o\n"
               "extra: {risk: high}\nweight: 2\nsummary: S\n---\n");
    assert_clean(f);
    assert_int_equal(doc->extra->n, 3);
    assert_string_equal(ib_val_get(doc->extra, "risk")->str, "high");
    assert_string_equal(ib_val_get(doc->extra, "summary")->str, "S");
    load(f, "content/c.md",
         "---\nid: c\ntitle: C\ntype: policy\nowner: o\n"
         "extra: {weight: 1}\nweight: 2\n---\n");
    assert_only(f, IB_SEV_ERROR, "yaml-syntax", "content/c.md", 7, 1,
                "sets extra.weight again (already set at line 6)");
}

static void
test_value_aliases(void **state)
{
    struct fx *f = *state;
    struct ib_alias aliases[] = {{"draft", "status"}};
    f->cfg.aliases = aliases;
    f->cfg.naliases = 1;
    struct ib_val *va = ib_val_map(f->a);
    static const char *const status[] = {"true", "draft", "false", "approved",
                                         "published", "approved", NULL};
    static const char *const audience[] = {"everyone", "all-staff", NULL};
    ib_val_set(f->a, va, "status", map_of(f, status));
    ib_val_set(f->a, va, "audience", map_of(f, audience));
    f->cfg.value_aliases = va;
    static const char head[] = "---\nid: X\ntitle: T\ntype: policy\n"
                               "owner: o\napprover: a\napproved: 2026-01-01\n"
                               "last_reviewed: 2026-01-01\n";
    char text[512];
    snprintf(text, sizeof text,
             "%sdraft: false\naudience: [devs, everyone]\n---\n", head);
    struct ib_doc *doc = load(f, "content/x.md", text);
    assert_clean(f);
    assert_int_equal(doc->status, IB_STATUS_APPROVED);
    assert_int_equal(doc->audience.n, 2);
    assert_string_equal(doc->audience.items[0].s, "devs");
    assert_string_equal(doc->audience.items[1].s, "all-staff");
    assert_int_equal(doc->audience.items[1].line, 10); /* where it stands */
    assert_int_equal(doc->audience.items[1].col, 18);

    /* Only whole, exactly equal values; the rest is checked as usual. */
    snprintf(text, sizeof text, "%sstatus: Published\n---\n", head);
    load(f, "content/y.md", text);
    assert_only(f, IB_SEV_ERROR, "field-type", "content/y.md", 9, 9,
                "'Published'");
}

/* Hugo and Jekyll dates carry a time: the date part counts. */
static void
test_timestamps_are_dates(void **state)
{
    struct fx *f = *state;
    struct ib_doc *doc = load(
        f, "content/x.md",
        "---\nid: X\ntitle: T\ntype: policy\nowner: o\nstatus: approved\n"
        "approver: a\napproved: 2026-01-15T10:30:00+01:00\n"
        "last_reviewed: 2026-02-01 08:00\neffective: 2026-03-01T00:00:00Z\n"
        "version: 2026-01-15T10:30:00Z\n---\n");
    assert_clean(f);
    assert_date(doc->approved, "2026-01-15");
    assert_date(doc->last_reviewed, "2026-02-01");
    assert_date(doc->effective, "2026-03-01");
    assert_string_equal(doc->version.s, "2026-01-15T10:30:00Z");
    /* A real date is still required, and a time is no date. */
    load(f, "content/y.md",
         "---\nid: Y\ntitle: T\ntype: policy\nowner: o\n"
         "effective: 2026-02-30T10:00:00Z\n---\n");
    assert_only(f, IB_SEV_ERROR, "date-invalid", "content/y.md", 6, 12,
                "2026-02-30");
    load(f, "content/z.md",
         "---\nid: Z\ntitle: T\ntype: policy\nowner: o\n"
         "effective: 2026-02-03T10:00 tomorrow\n---\n");
    assert_only(f, IB_SEV_ERROR, "date-invalid", "content/z.md", 6, 12,
                "2026-02-03T10:00 tomorrow");
}

/* `front_matter: optional` with derived ids and titles (overview.md). */
static void
test_no_front_matter(void **state)
{
    struct fx *f = *state;
    static const char *const vals[] = {"type", "policy", "owner", "coo",
                                       NULL};
    struct ib_default defs[] = {{"", map_of(f, vals)}};
    f->cfg.defaults = defs;
    f->cfg.ndefaults = 1;
    static const char text[] = "### Ownership\nAll policies.\n";

    /* By default, a document needs front matter. */
    load(f, "content/overview.md", text);
    assert_only(f, IB_SEV_ERROR, "frontmatter-missing", "content/overview.md",
                1, 1, "'---'");

    f->cfg.front_matter = IB_FM_OPTIONAL;
    struct ib_doc *doc = load(f, "content/overview.md", text);
    assert_int_equal(ib_diag_count(f->d), 2);
    assert_string_equal(ib_diag_get(f->d, 0)->msg, "front matter has no 'id'");
    assert_string_equal(ib_diag_get(f->d, 1)->msg,
                        "front matter has no 'title'");
    assert_int_equal(ib_diag_get(f->d, 1)->loc.line, 1);
    assert_false(doc->valid);
    ib_diag_free(f->d);
    f->d = ib_diag_new();

    f->cfg.derive_id = f->cfg.derive_title = true;
    doc = load(f, "content/overview.md", text);
    assert_clean(f);
    assert_true(doc->valid);
    assert_string_equal(doc->id.s, "overview");
    /* No leading "# " heading: the file name. */
    assert_string_equal(doc->title.s, "Overview");
    assert_string_equal(doc->owner.s, "coo");
    assert_string_equal(doc->body, text);
    assert_int_equal(doc->body_line, 0);
    assert_int_equal(doc->fm_line, 1);

    /* A leading "# Title" is the title, and leaves the body. */
    doc = load(f, "content/guides/vpn-setup.md",
               "\xEF\xBB\xBF\n  # Setting up the VPN ##  \n\nText.\n");
    assert_clean(f);
    assert_string_equal(doc->id.s, "guides-vpn-setup");
    assert_string_equal(doc->title.s, "Setting up the VPN");
    assert_int_equal(doc->title.line, 2);
    assert_int_equal(doc->title.col, 5);
    assert_string_equal(doc->body, "\nText.\n");
    assert_int_equal(doc->body_line, 2); /* body line 1 is file line 3 */

    /* A level-2 heading or text first: the file name, body untouched. */
    doc = load(f, "content/bcp-dr/index.md", "## Purpose\n# Late\n");
    assert_clean(f);
    assert_string_equal(doc->id.s, "bcp-dr");
    assert_string_equal(doc->title.s, "Bcp dr");
    assert_string_equal(doc->body, "## Purpose\n# Late\n");
    doc = load(f, "content/_index.md", "#hashtag\n");
    assert_string_equal(doc->id.s, "index");
    assert_string_equal(doc->title.s, "Index");
    doc = load(f, "content/a/_index.md", "# \n");
    assert_string_equal(doc->id.s, "a");
    assert_string_equal(doc->title.s, "A");
    assert_string_equal(doc->body, "# \n");
    doc = load(f, "content/Ä b (2).md", "");
    assert_clean(f);
    assert_string_equal(doc->id.s, "b-2");
    assert_string_equal(doc->title.s, "Ä b (2)");

    /* What the document or a default gives beats what is derived. */
    doc = load(f, "content/p/index.md",
               "---\nid: P-1\ntitle: Mine\n---\n# H\n");
    assert_clean(f);
    assert_string_equal(doc->id.s, "P-1");
    assert_string_equal(doc->title.s, "Mine");
    assert_string_equal(doc->body, "# H\n");
}

/* `front_matter: unfenced`: comply's YAML, "---", Markdown. */
static void
test_unfenced_front_matter(void **state)
{
    struct fx *f = *state;
    struct ib_alias aliases[] = {{"name", "title"},
                                 {"acronym", "id"},
                                 {"satisfies", "extra.satisfies"},
                                 {"majorRevisions", "extra.revisions"}};
    f->cfg.aliases = aliases;
    f->cfg.naliases = 4;
    f->cfg.front_matter = IB_FM_UNFENCED;
    static const char *const vals[] = {"type", "policy", "owner", "ciso",
                                       NULL};
    struct ib_default defs[] = {{"content/policies/", map_of(f, vals)}};
    f->cfg.defaults = defs;
    f->cfg.ndefaults = 1;
    struct ib_doc *doc = load(f, "content/policies/access.md",
                              "name: Access Onboarding and Termination Policy\n"
                              "acronym: AOTP\n"
                              "satisfies:\n  TSC:\n    - CC6.1\n"
                              "majorRevisions:\n  - date: Jun 1 2018\n"
                              "    comment: Initial document\n"
                              "---\n\n# Coming Soon\n");
    assert_clean(f);
    assert_true(doc->valid);
    assert_string_equal(doc->id.s, "AOTP");
    assert_int_equal(doc->id.line, 2); /* the file's own lines */
    assert_string_equal(doc->title.s,
                        "Access Onboarding and Termination Policy");
    assert_non_null(ib_val_get(doc->extra, "satisfies"));
    assert_non_null(ib_val_get(doc->extra, "revisions"));
    assert_string_equal(doc->body, "\n# Coming Soon\n");
    assert_int_equal(doc->body_line, 9);

    /* A fenced document reads as ever; a file without "---" is refused. */
    doc = load(f, "content/policies/b.md", "---\nname: B\nacronym: B\n---\n");
    assert_clean(f);
    assert_string_equal(doc->id.s, "B");
    load(f, "content/policies/c.md", "name: C\n\nJust text.\n");
    assert_only(f, IB_SEV_ERROR, "frontmatter-missing",
                "content/policies/c.md", 1, 1, "front_matter: unfenced");
    /* YAML positions are the file's: no fence line to count. */
    load(f, "content/policies/d.md", "name: ok\nacronym: [D\n---\n");
    assert_int_equal(ib_diag_count(f->d), 1);
    assert_string_equal(ib_diag_get(f->d, 0)->rule, "yaml-syntax");
    assert_int_equal(ib_diag_get(f->d, 0)->loc.line, 2);
}

/* A default whose path ends in .md is for that one document. */
static void
test_file_defaults(void **state)
{
    struct fx *f = *state;
    static const char *const one[] = {"owner", "dpo", "extra.weight", "3",
                                      NULL};
    static const char *const all[] = {"owner", "coo", NULL};
    struct ib_alias aliases[] = {{"weight", "extra.weight"}};
    f->cfg.aliases = aliases;
    f->cfg.naliases = 1;
    struct ib_default defs[] = {{"content/overview.md", map_of(f, one)},
                                {"", map_of(f, all)}};
    f->cfg.defaults = defs;
    f->cfg.ndefaults = 2;
    static const char text[] = "---\nid: X\ntitle: T\ntype: policy\n---\n";
    struct ib_doc *doc = load(f, "content/overview.md", text);
    assert_clean(f);
    assert_string_equal(doc->owner.s, "dpo");
    assert_string_equal(ib_val_get(doc->extra, "weight")->str, "3");
    doc = load(f, "content/overview.md.d/x.md", text);
    assert_clean(f);
    assert_string_equal(doc->owner.s, "coo");
    assert_null(doc->extra);
    /* A default in our key's name is ours, though an alias takes the
     * document's key of that name elsewhere (Hugo's layout `type`). */
    struct ib_alias hugo[] = {{"type", "extra.layout"}};
    f->cfg.aliases = hugo;
    static const char *const typed[] = {"type", "guideline", "owner", "o",
                                        NULL};
    struct ib_default tdefs[] = {{"", map_of(f, typed)}};
    f->cfg.defaults = tdefs;
    f->cfg.ndefaults = 1;
    doc = load(f, "content/t.md", "---\nid: T\ntitle: T\ntype: docs\n---\n");
    assert_clean(f);
    assert_int_equal(doc->type, IB_TYPE_GUIDELINE);
    assert_string_equal(ib_val_get(doc->extra, "layout")->str, "docs");
    f->cfg.aliases = aliases;
    f->cfg.defaults = defs;
    f->cfg.ndefaults = 2;

    /* The document's own extra keeps its name; a default fills a gap. */
    doc = load(f, "content/overview.md",
               "---\nid: X\ntitle: T\ntype: policy\nextra: {a: 1}\n---\n");
    assert_clean(f);
    assert_string_equal(ib_val_get(doc->extra, "a")->str, "1");
    assert_string_equal(ib_val_get(doc->extra, "weight")->str, "3");
}

static void
test_approval_missing(void **state)
{
    struct fx *f = *state;
    static const char head[] = "---\nid: P\ntitle: T\ntype: policy\n"
                               "owner: o\nlast_reviewed: 2026-01-01\n";
    char text[256];
    snprintf(text, sizeof text,
             "%sstatus:  approved\napproved: 2026-01-01\n"
             "---\n",
             head);
    struct ib_doc *doc = load(f, "content/p.md", text);
    assert_only(f, IB_SEV_ERROR, "approval-missing", "content/p.md", 7, 10,
                "'approver'");
    assert_true(doc->valid);

    snprintf(text, sizeof text, "%sstatus: approved\napprover: ceo\n---\n",
             head);
    load(f, "content/p.md", text);
    assert_only(f, IB_SEV_ERROR, "approval-missing", "content/p.md", 7, 9,
                "'approved'");

    /* Drafts and retired documents need no approval. */
    snprintf(text, sizeof text, "%sstatus: retired\n---\n", head);
    load(f, "content/p.md", text);
    assert_clean(f);
}

static void
test_approved_needs_review_date(void **state)
{
    struct fx *f = *state;
    struct ib_doc *doc = load(f, "content/p.md",
                              "---\nid: P\ntitle: T\ntype: policy\n"
                              "owner: o\nstatus: approved\napprover: a\n"
                              "approved: 2026-01-01\n---\n");
    assert_only(f, IB_SEV_ERROR, "field-missing", "content/p.md", 1, 1,
                "'last_reviewed'");
    struct ib_date due;
    assert_false(ib_doc_due(doc, &due));
    /* next_review alone is enough. */
    load(f, "content/p.md",
         "---\nid: P\ntitle: T\ntype: policy\nowner: o\nstatus: approved\n"
         "approver: a\napproved: 2026-01-01\nnext_review: 2027-01-01\n---\n");
    assert_clean(f);
}

static void
test_invalid_utf8(void **state)
{
    struct fx *f = *state;
    struct ib_doc *doc = load(f, "content/p.md",
                              "---\nid: P\ntitle: caf\xC3\ntype: policy\n"
                              "owner: o\n---\n");
    assert_only(f, IB_SEV_ERROR, "encoding-invalid", "content/p.md", 3, 11,
                "0xC3");
    assert_false(doc->valid);
    assert_string_equal(doc->id.s, "");
    assert_string_equal(doc->body, "");

    /* In the body too, after multi-byte characters. */
    load(f, "content/p.md",
         "---\nid: P\ntitle: T\ntype: policy\nowner: o\n---\n"
         "# Æøå\n\nblåbær \xFF\n");
    assert_only(f, IB_SEV_ERROR, "encoding-invalid", "content/p.md", 9, 10,
                "0xFF");

    static const char nul[] = "---\nid: P\0\n---\n";
    doc = load_n(f, "content/p.md", nul, sizeof nul - 1);
    assert_only(f, IB_SEV_ERROR, "encoding-invalid", "content/p.md", 2, 6,
                "NUL");
    assert_false(doc->valid);
}

static void
test_structure_errors(void **state)
{
    struct fx *f = *state;
    struct ib_doc *doc = load(f, "content/p.md", "# No front matter\n");
    assert_only(f, IB_SEV_ERROR, "frontmatter-missing", "content/p.md", 1, 1,
                "");
    assert_false(doc->valid);

    doc = load(f, "content/p.md", "---\nid: P\ntitle: T\n\n# Body\n");
    assert_only(f, IB_SEV_ERROR, "yaml-syntax", "content/p.md", 1, 1,
                "never closed");
    assert_false(doc->valid);
    assert_string_equal(doc->body, ""); /* the YAML is not shown as body */

    doc = load(f, "content/p.md", "---\nid: P\ntitle: T\nid: Q\n---\n");
    assert_only(f, IB_SEV_ERROR, "yaml-syntax", "content/p.md", 4, 1,
                "duplicate key 'id' (first at line 2)");
    assert_false(doc->valid);

    doc = load(f, "content/p.md", "---\n- a\n- b\n---\n");
    assert_only(f, IB_SEV_ERROR, "field-type", "content/p.md", 2, 1,
                "front matter must be a map");
    assert_false(doc->valid);
}

static struct ib_doc *
review_doc(struct fx *f, const char *status, const char *dates)
{
    char text[512];
    snprintf(text, sizeof text,
             "---\nid: P\ntitle: T\ntype: policy\nowner: o\nstatus: %s\n"
             "approver: a\napproved: 2020-01-01\n%s---\n",
             status, dates);
    struct ib_doc *doc = load(f, "content/p.md", text);
    if (strcmp(status, "approved") == 0 || strstr(dates, "last_reviewed"))
        assert_clean(f);
    return doc;
}

static void
test_due(void **state)
{
    struct fx *f = *state;
    struct ib_date due = {0, 0, 0};
    struct ib_doc *doc =
        review_doc(f, "approved", "last_reviewed: 2024-02-29\n");
    assert_true(ib_doc_due(doc, &due));
    assert_date(due, "2025-02-28"); /* 12 months, clamped */

    doc = review_doc(f, "approved",
                     "last_reviewed: 2026-01-31\nreview_interval: 1 month\n");
    assert_true(ib_doc_due(doc, &due));
    assert_date(due, "2026-02-28");

    doc = review_doc(f, "approved",
                     "last_reviewed: 2024-02-29\nreview_interval: 1 year\n");
    assert_true(ib_doc_due(doc, &due));
    assert_date(due, "2025-02-28");

    doc = review_doc(f, "approved",
                     "last_reviewed: 2026-01-01\nreview_interval: 90 days\n");
    assert_true(ib_doc_due(doc, &due));
    assert_date(due, "2026-04-01");

    /* next_review overrides last_reviewed + interval. */
    doc = review_doc(f, "approved",
                     "last_reviewed: 2024-02-29\nnext_review: 2025-06-01\n");
    assert_true(ib_doc_due(doc, &due));
    assert_date(due, "2025-06-01");

    /* Drafts and retired documents have no due date. */
    due = (struct ib_date){1, 1, 1};
    doc = review_doc(f, "draft", "last_reviewed: 2024-02-29\n");
    assert_false(ib_doc_due(doc, &due));
    doc = review_doc(f, "retired",
                     "last_reviewed: 2024-02-29\nnext_review: 2025-01-01\n");
    assert_false(ib_doc_due(doc, &due));
    assert_int_equal(due.y, 1); /* untouched */
}

static void
test_bad_interval(void **state)
{
    struct fx *f = *state;
    struct ib_doc *doc = review_doc(f, "draft", "review_interval: often\n");
    assert_only(f, IB_SEV_ERROR, "field-type", "content/p.md", 9, 18,
                "'often'");
    assert_false(doc->own_interval);
    assert_int_equal(doc->review_interval.n, 12); /* from the config */
}

static void
test_id_is_valid(void **state)
{
    (void)state;
    assert_true(ib_doc_id_is_valid("POL-001"));
    assert_true(ib_doc_id_is_valid("a"));
    assert_true(ib_doc_id_is_valid("7"));
    assert_true(ib_doc_id_is_valid("a.b_c-d"));
    assert_true(ib_doc_id_is_valid("A.5.15"));
    char id[80];
    memset(id, 'x', 64);
    id[64] = '\0';
    assert_true(ib_doc_id_is_valid(id));
    id[64] = 'x';
    id[65] = '\0';
    assert_false(ib_doc_id_is_valid(id));
    assert_false(ib_doc_id_is_valid(""));
    assert_false(ib_doc_id_is_valid("-a"));
    assert_false(ib_doc_id_is_valid(".a"));
    assert_false(ib_doc_id_is_valid("_a"));
    assert_false(ib_doc_id_is_valid("a b"));
    assert_false(ib_doc_id_is_valid("a/b"));
    assert_false(ib_doc_id_is_valid("a#b"));
    assert_false(ib_doc_id_is_valid("æ"));
    assert_false(ib_doc_id_is_valid("aæ"));
}

static void
test_names(void **state)
{
    (void)state;
    enum ib_doc_type t;
    assert_true(ib_doc_type_parse("register", &t));
    assert_int_equal(t, IB_TYPE_REGISTER);
    assert_string_equal(ib_doc_type_name(t), "register");
    assert_string_equal(ib_doc_type_label(IB_TYPE_POLICY), "Policy");
    assert_string_equal(ib_doc_type_plural(IB_TYPE_POLICY), "Policies");
    assert_false(ib_doc_type_parse("Policy", &t));
    enum ib_status s;
    assert_true(ib_status_parse("retired", &s));
    assert_int_equal(s, IB_STATUS_RETIRED);
    assert_string_equal(ib_status_name(IB_STATUS_DRAFT), "draft");
    assert_false(ib_status_parse("final", &s));
    enum ib_class c;
    assert_true(ib_class_parse("restricted", &c));
    assert_int_equal(c, IB_CLASS_RESTRICTED);
    assert_string_equal(ib_class_name(IB_CLASS_PUBLIC), "public");
    assert_false(ib_class_parse("secret", &c));
    ib_doc_fini(NULL);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_valid_document),
        T(test_minimal_draft),
        T(test_required_keys_missing),
        T(test_required_keys_null),
        T(test_empty_title_reported),
        T(test_empty_front_matter),
        T(test_id_invalid),
        T(test_id_not_text),
        T(test_enum_errors),
        T(test_impossible_dates),
        T(test_date_position_with_bom_and_crlf),
        T(test_unknown_key_warning),
        T(test_aliases),
        T(test_alias_and_canonical_both_given),
        T(test_folder_defaults),
        T(test_alias_to_extra_and_ignored_keys),
        T(test_value_aliases),
        T(test_timestamps_are_dates),
        T(test_no_front_matter),
        T(test_unfenced_front_matter),
        T(test_file_defaults),
        T(test_approval_missing),
        T(test_approved_needs_review_date),
        T(test_invalid_utf8),
        T(test_structure_errors),
        T(test_due),
        T(test_bad_interval),
        T(test_id_is_valid),
        T(test_names),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
