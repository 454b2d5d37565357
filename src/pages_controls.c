/* SPDX-License-Identifier: MIT */
/*
 * The Annex A control pages: controls/index.html (every control by theme
 * with its coverage and attributes), controls/<id>.html for each control,
 * and controls/attribute/<attribute>-<value>.html for each ISO/IEC 27002
 * attribute value, which filter the index without JavaScript. The control
 * summary built here is shared with the SoA pages, so every page states a
 * control's decision in the same words. The site, catalog and coverage
 * are only read; each page's context lives in the page's arena.
 */
#include "pages_controls.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "catalog.h"
#include "page.h"
#include "pages_lang.h"
#include "render.h"
#include "rules.h"
#include "site.h"
#include "soa.h"
#include "val.h"
#include "xmalloc.h"

/*
 * The five attributes of ISO/IEC 27002:2022 (LABEL names the UI string of
 * their name), with their values in the order the standard lists them;
 * values the catalog has beyond these follow in the order they first
 * appear.
 */
#define NATTRS 5
static const struct attr {
    const char *key, *label;
    size_t off; /* of the value list in struct ib_control */
    const char *const order[16];
} attrs[NATTRS] = {
    {"type",
     "attr_type",
     offsetof(struct ib_control, control_type),
     {"Preventive", "Detective", "Corrective"}},
    {"property",
     "attr_property",
     offsetof(struct ib_control, security_properties),
     {"Confidentiality", "Integrity", "Availability"}},
    {"concept",
     "attr_concept",
     offsetof(struct ib_control, cybersecurity_concepts),
     {"Identify", "Protect", "Detect", "Respond", "Recover"}},
    {"capability",
     "attr_capability",
     offsetof(struct ib_control, operational_capabilities),
     {"Governance", "Asset_management", "Information_protection",
      "Human_resource_security", "Physical_security",
      "System_and_network_security", "Application_security",
      "Secure_configuration", "Identity_and_access_management",
      "Threat_and_vulnerability_management", "Continuity",
      "Supplier_relationships_security", "Legal_and_compliance",
      "Information_security_event_management",
      "Information_security_assurance"}},
    {"domain",
     "attr_domain",
     offsetof(struct ib_control, security_domains),
     {"Governance_and_Ecosystem", "Protection", "Defence", "Resilience"}},
};

static const char *const *
values_of(const struct ib_control *c, int k)
{
    return *(const char *const *const *)((const char *)c + attrs[k].off);
}

/* "Organizational controls", from the UI string theme_<theme>. */
static const char *
theme_label(struct ib_page *p, const char *theme)
{
    return ib_page_t(p, ib_arena_printf(p->a, "theme_%s", theme));
}

/* "Identity_and_access_management" -> "identity-and-access-management". */
static char *
slug(struct ib_arena *a, const char *s)
{
    char *out = ib_arena_strdup(a, s);
    size_t n = 0;
    for (const char *p = s; *p; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            out[n++] = (char)(c + 32);
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out[n++] = c;
        else if (n && out[n - 1] != '-')
            out[n++] = '-';
    }
    out[n] = '\0';
    return out;
}

/* The folder of the attribute pages. */
#define ATTR_DIR "controls/attribute/"

static const char *
attr_path(struct ib_arena *a, int k, const char *value)
{
    return ib_arena_printf(a, ATTR_DIR "%s-%s.html", attrs[k].key,
                           slug(a, value));
}

/* "Identity_and_access_management" -> "Identity and access management". */
static char *
value_label(struct ib_arena *a, const char *value)
{
    char *s = ib_arena_strdup(a, value);
    for (char *c = s; *c; c++)
        if (*c == '_')
            *c = ' ';
    return s;
}

static struct ib_val *
value_val(struct ib_page *p, int k, const char *value)
{
    struct ib_val *m = ib_val_map(p->a);
    ib_val_set_str(p->a, m, "attribute_label", ib_page_t(p, attrs[k].label));
    ib_val_set_str(p->a, m, "value", value);
    ib_val_set_str(p->a, m, "tag", ib_arena_printf(p->a, "#%s", value));
    ib_val_set_str(p->a, m, "label", value_label(p->a, value));
    ib_val_set_str(p->a, m, "href", ib_page_href(p, attr_path(p->a, k, value)));
    return m;
}

enum ib_applic
ib_pages_controls_applicability(const struct ib_control_cov *cc)
{
    if (cc->excluded)
        return IB_APPLIC_EXCLUDED;
    if (cc->soa &&
        (cc->soa->status != IB_IMPL_UNSET || cc->soa->justification[0]))
        return IB_APPLIC_APPLICABLE;
    for (size_t i = 0; i < cc->ndocs; i++)
        if (cc->docs[i]->status != IB_STATUS_RETIRED)
            return IB_APPLIC_APPLICABLE;
    return IB_APPLIC_UNDECIDED;
}

static const char *
impl_label(struct ib_page *p, enum ib_impl s)
{
    static const char *const labels[] = {"impl_not_stated", "impl_implemented",
                                         "impl_partial", "impl_planned",
                                         "impl_not_started"};
    return ib_page_t(p, labels[s]);
}

static void
add_attributes(struct ib_page *p, struct ib_val *v, const struct ib_control *c)
{
    struct ib_arena *a = p->a;
    struct ib_val *groups = ib_val_set(a, v, "attributes", ib_val_list(a));
    struct ib_val *tags = ib_val_set(a, v, "tags", ib_val_list(a));
    for (int k = 0; k < NATTRS; k++) {
        struct ib_val *g = ib_val_map(a);
        ib_val_set_str(a, g, "key", attrs[k].key);
        ib_val_set_str(a, g, "label", ib_page_t(p, attrs[k].label));
        struct ib_val *vals = ib_val_set(a, g, "values", ib_val_list(a));
        for (const char *const *s = values_of(c, k); *s; s++) {
            struct ib_val *tag = value_val(p, k, *s);
            ib_val_push(a, vals, tag);
            ib_val_push(a, tags, tag);
        }
        ib_val_push(a, groups, g);
    }
    struct ib_val *legacy = ib_val_set(a, v, "legacy", ib_val_list(a));
    for (const char *const *s = c->legacy; *s; s++)
        ib_val_push(a, legacy, ib_val_str(a, *s));
    ib_val_set_bool(a, v, "has_legacy", legacy->n > 0);
    ib_val_set_bool(a, v, "is_new", c->is_new);
}

struct ib_val *
ib_pages_controls_summary(struct ib_page *p, const struct ib_control_cov *cc,
                          bool full, size_t max_docs)
{
    static const char *const applic[][2] = {
        {"undecided", "applic_undecided"},
        {"applicable", "applic_applicable"},
        {"excluded", "applic_excluded"},
    };
    const struct ib_control *c = cc->control;
    const struct ib_site *site = p->r->site;
    struct ib_arena *a = p->a;
    struct ib_val *v = ib_val_map(a);
    ib_val_set_str(a, v, "id", c->display_id);
    ib_val_set_str(a, v, "number", c->id);
    ib_val_set_str(a, v, "title", c->title);
    ib_val_set_str(a, v, "theme", c->theme);
    ib_val_set_str(a, v, "theme_label", theme_label(p, c->theme));
    ib_val_set_str(a, v, "href",
                   ib_page_href(p, ib_page_control_path(p, c->display_id)));

    enum ib_applic ap = ib_pages_controls_applicability(cc);
    ib_val_set_str(a, v, "applicability", applic[ap][0]);
    ib_val_set_str(a, v, "applicability_label", ib_page_t(p, applic[ap][1]));
    ib_val_set_bool(a, v, "applicable", ap == IB_APPLIC_APPLICABLE);
    ib_val_set_bool(a, v, "excluded", ap == IB_APPLIC_EXCLUDED);
    ib_val_set_bool(a, v, "undecided", ap == IB_APPLIC_UNDECIDED);
    enum ib_impl st = cc->soa ? cc->soa->status : IB_IMPL_UNSET;
    ib_val_set_str(a, v, "implementation", ib_impl_name(st));
    ib_val_set_str(a, v, "implementation_label",
                   ap == IB_APPLIC_EXCLUDED && st == IB_IMPL_UNSET
                       ? ib_page_t(p, "impl_not_applicable")
                       : impl_label(p, st));
    const char *cov = cc->excluded  ? "excluded"
                      : cc->covered ? "covered"
                                    : "uncovered";
    ib_val_set_str(a, v, "coverage", cov);
    ib_val_set_bool(a, v, "covered", cc->covered && !cc->excluded);
    ib_val_set_str(a, v, "coverage_label",
                   ib_page_t(p, cc->excluded  ? "coverage_excluded"
                                : cc->covered ? "coverage_covered"
                                              : "coverage_uncovered"));

    /* Retired documents no longer implement anything; documents above
     * max_classification are counted but never named. A translation of
     * another implementing document is a link on its original's row. */
    struct ib_val *docs = ib_val_set(a, v, "docs", ib_val_list(a));
    long hidden = 0;
    struct ib_buf ids; /* "POL-001, STD-002": one pass, not re-printed */
    ib_buf_init(&ids);
    const struct ib_doc **list =
        ib_xcalloc(cc->ndocs ? cc->ndocs : 1, sizeof(*list));
    size_t nlist = 0;
    for (size_t i = 0; i < cc->ndocs; i++) {
        const struct ib_doc *doc = cc->docs[i];
        if (doc->status == IB_STATUS_RETIRED)
            continue;
        if (ib_site_is_published(site, doc))
            list[nlist++] = doc;
        else
            hidden++;
    }
    size_t *row = ib_xcalloc(nlist ? nlist : 1, sizeof(*row));
    struct ib_val **rows = ib_xcalloc(nlist ? nlist : 1, sizeof(*rows));
    ib_pages_lang_fold(site, list, nlist, row);
    bool *folded = ib_xcalloc(nlist ? nlist : 1, sizeof(*folded));
    for (size_t i = 0; i < nlist; i++)
        if (row[i] != i)
            folded[row[i]] = true;
    size_t more = 0;
    for (size_t i = 0; i < nlist; i++) {
        const struct ib_doc *doc = list[i];
        if (row[i] != i)
            continue;
        if (ids.len)
            ib_buf_puts(&ids, ", ");
        ib_buf_puts(&ids, doc->id.s);
        if (docs->n == max_docs) {
            more++;
            continue;
        }
        /* A row gets its translations added: only a row without any can
         * be shared with the document's rows on other controls. */
        struct ib_val *s = folded[i] ? NULL : ib_page_kept_summary(p, doc);
        if (!s) {
            s = ib_page_summary(p, doc);
            ib_val_set_bool(a, s, "not_approved",
                            doc->status != IB_STATUS_APPROVED);
            if (!folded[i])
                ib_page_keep_summary(p, doc, s);
        }
        rows[i] = s;
        ib_val_push(a, docs, s);
    }
    for (size_t i = 0; i < nlist; i++)
        if (row[i] != i && rows[row[i]])
            ib_pages_lang_add(p, rows[row[i]], list[i]);
    ib_val_set_bool(a, v, "has_more_docs", more > 0);
    ib_val_set_str(a, v, "more_docs_text",
                   more ? ib_page_tn(p, "ctl_more_docs", (long)more,
                                     (char *)NULL)
                        : "");
    free(folded);
    free(rows);
    free(row);
    free(list);
    ib_val_set_bool(a, v, "has_docs", docs->n > 0);
    ib_val_set(a, v, "unpublished", ib_page_num(p, hidden));
    ib_val_set_bool(a, v, "has_unpublished", hidden > 0);
    ib_val_set_str(a, v, "unpublished_text",
                   ib_page_tn(p, "ctl_unpublished", hidden, (char *)NULL));

    /* A YAML block scalar ends in a newline a table cell does not want. */
    char *just = ib_arena_strdup(a, cc->soa ? cc->soa->justification : "");
    for (size_t n = strlen(just); n && strchr(" \t\r\n", just[n - 1]); n--)
        just[n - 1] = '\0';
    ib_val_set_str(a, v, "justification", just);
    /* What justifies inclusion when soa.yaml says nothing: the documents
     * implementing the control. */
    const char *text = just;
    if (!text[0] && ap == IB_APPLIC_APPLICABLE && ids.len)
        text = ib_page_tf(p, "implemented_by", "ids", ib_buf_cstr(&ids),
                          (char *)NULL);
    else if (!text[0] && ap == IB_APPLIC_APPLICABLE && hidden)
        text = ib_page_t(p, "implemented_by_unpublished");
    ib_val_set_str(a, v, "justification_text", text);
    ib_buf_fini(&ids);
    ib_val_set_bool(a, v, "justification_missing",
                    ap == IB_APPLIC_EXCLUDED && !just[0]);
    if (full)
        add_attributes(p, v, c);
    return v;
}

/* The distinct values of each attribute, with how many controls carry
 * each; the strings are the catalog's. */
struct attr_index {
    const char **values[NATTRS];
    size_t *counts[NATTRS];
    size_t n[NATTRS];
};

static size_t
rank(int k, const char *value)
{
    for (size_t i = 0; attrs[k].order[i]; i++)
        if (strcmp(attrs[k].order[i], value) == 0)
            return i;
    return SIZE_MAX;
}

static void
index_add(struct attr_index *x, int k, const char *value, size_t cap)
{
    for (size_t i = 0; i < x->n[k]; i++)
        if (strcmp(x->values[k][i], value) == 0) {
            x->counts[k][i]++;
            return;
        }
    /* Insert at its rank; unknown values keep their order of arrival. */
    size_t r = rank(k, value), at = x->n[k];
    while (at > 0 && rank(k, x->values[k][at - 1]) > r)
        at--;
    if (x->n[k] == cap)
        return;
    memmove(x->values[k] + at + 1, x->values[k] + at,
            (x->n[k] - at) * sizeof(*x->values[k]));
    memmove(x->counts[k] + at + 1, x->counts[k] + at,
            (x->n[k] - at) * sizeof(*x->counts[k]));
    x->values[k][at] = value;
    x->counts[k][at] = 1;
    x->n[k]++;
}

static void
index_build(struct attr_index *x, const struct ib_catalog *cat)
{
    size_t nc = ib_catalog_control_count(cat);
    for (int k = 0; k < NATTRS; k++) {
        size_t cap = 0;
        for (size_t i = 0; i < nc; i++)
            for (const char *const *s =
                     values_of(ib_catalog_control_at(cat, i), k);
                 *s; s++)
                cap++;
        x->values[k] = ib_xcalloc(cap + 1, sizeof(*x->values[k]));
        x->counts[k] = ib_xcalloc(cap + 1, sizeof(*x->counts[k]));
        x->n[k] = 0;
        for (size_t i = 0; i < nc; i++)
            for (const char *const *s =
                     values_of(ib_catalog_control_at(cat, i), k);
                 *s; s++)
                index_add(x, k, *s, cap);
    }
}

static void
index_free(struct attr_index *x)
{
    for (int k = 0; k < NATTRS; k++) {
        free(x->values[k]);
        free(x->counts[k]);
    }
}

/* The attribute index: every attribute with its values, counts and the
 * links to their pages; CURRENT (may be NULL) is marked. */
static struct ib_val *
attributes_val(struct ib_page *p, const struct attr_index *x,
               const char *current)
{
    struct ib_val *list = ib_val_list(p->a);
    for (int k = 0; k < NATTRS; k++) {
        struct ib_val *g = ib_val_map(p->a);
        ib_val_set_str(p->a, g, "key", attrs[k].key);
        ib_val_set_str(p->a, g, "label", ib_page_t(p, attrs[k].label));
        struct ib_val *vals = ib_val_set(p->a, g, "values", ib_val_list(p->a));
        for (size_t i = 0; i < x->n[k]; i++) {
            struct ib_val *m = value_val(p, k, x->values[k][i]);
            ib_val_set(p->a, m, "count", ib_page_num(p, (long)x->counts[k][i]));
            ib_val_set_bool(
                p->a, m, "current",
                current &&
                    strcmp(attr_path(p->a, k, x->values[k][i]), current) == 0);
            ib_val_push(p->a, vals, m);
        }
        ib_val_push(p->a, list, g);
    }
    return list;
}

static void
crumb_controls(struct ib_page *p)
{
    ib_page_crumb(p, ib_page_t(p, "nav_controls"), "controls/index.html");
}

struct ib_val *
ib_pages_controls_stats(struct ib_page *p, const struct ib_coverage *cov)
{
    long n[4] = {0}; /* covered, uncovered, excluded, undecided */
    for (size_t i = 0; i < cov->n; i++) {
        const struct ib_control_cov *cc = &cov->controls[i];
        n[cc->excluded ? 2 : cc->covered ? 0 : 1]++;
        n[3] += ib_pages_controls_applicability(cc) == IB_APPLIC_UNDECIDED;
    }
    struct ib_val *s = ib_val_map(p->a);
    ib_val_set(p->a, s, "controls", ib_page_num(p, (long)cov->n));
    ib_val_set(p->a, s, "covered", ib_page_num(p, n[0]));
    ib_val_set(p->a, s, "uncovered", ib_page_num(p, n[1]));
    ib_val_set(p->a, s, "excluded", ib_page_num(p, n[2]));
    ib_val_set(p->a, s, "undecided", ib_page_num(p, n[3]));
    ib_val_set_bool(p->a, s, "all_covered", n[1] == 0 && n[3] == 0);
    return s;
}

/* How many implementing documents a control's row names in the lists
 * of controls (the index, attribute pages): the rest are a link to the
 * control's page, so a list stays readable, and light, however many
 * documents a handbook has. The justification still names all. The SoA
 * names all: an auditor's copy must be complete. */
#define LIST_DOCS_MAX 10

/*
 * The summaries of the controls on the attribute pages, made once for all
 * of them rather than once per page (31 pages, each naming most controls
 * and walking their documents): they do not depend on the attribute, and
 * the pages share a folder and a language. P, never written, holds them;
 * V has one per control, NULL until made.
 */
struct summaries {
    struct ib_page p;
    struct ib_val **v;
};

/* The summary of control I of COV, kept in MADE if not NULL (naming at
 * most LIST_DOCS_MAX documents); else made in P's arena. FULL and
 * MAX_DOCS are as for ib_pages_controls_summary. */
static struct ib_val *
summary(struct ib_page *p, struct summaries *made,
        const struct ib_coverage *cov, size_t i, bool full, size_t max_docs)
{
    const struct ib_control_cov *cc = &cov->controls[i];
    if (!made)
        return ib_pages_controls_summary(p, cc, full, max_docs);
    if (!made->v[i])
        made->v[i] = ib_pages_controls_summary(&made->p, cc, full,
                                               LIST_DOCS_MAX);
    return made->v[i];
}

/* Groups the summaries of the controls with attribute K's VALUE (all when
 * VALUE is NULL) by theme, in catalog order, taking them from MADE when
 * it is not NULL; each names at most MAX_DOCS documents. */
static struct ib_val *
themes_val(struct ib_page *p, const struct ib_coverage *cov, bool full,
           size_t max_docs, int k, const char *value, struct summaries *made)
{
    struct ib_arena *a = p->a;
    struct ib_val *themes = ib_val_list(a);
    struct ib_val *g = NULL;
    for (size_t i = 0; i < cov->n; i++) {
        const struct ib_control_cov *cc = &cov->controls[i];
        const struct ib_control *c = cc->control;
        if (value) {
            bool has = false;
            for (const char *const *s = values_of(c, k); *s && !has; s++)
                has = strcmp(*s, value) == 0;
            if (!has)
                continue;
        }
        if (!g || strcmp(ib_val_get(g, "theme")->str, c->theme) != 0) {
            g = ib_val_map(a);
            ib_val_set_str(a, g, "theme", c->theme);
            ib_val_set_str(a, g, "label", theme_label(p, c->theme));
            ib_val_set(a, g, "controls", ib_val_list(a));
            ib_val_push(a, themes, g);
        }
        ib_val_push(a, ib_val_get(g, "controls"),
                    summary(p, made, cov, i, full, max_docs));
    }
    for (size_t i = 0; i < themes->n; i++) {
        struct ib_val *t = themes->items[i];
        ib_val_set(a, t, "count",
                   ib_page_num(p, (long)ib_val_get(t, "controls")->n));
    }
    return themes;
}

struct ib_val *
ib_pages_controls_by_theme(struct ib_page *p, const struct ib_coverage *cov,
                           bool full, size_t max_docs)
{
    return themes_val(p, cov, full, max_docs, 0, NULL, NULL);
}

struct ib_val *
ib_pages_controls_refs(struct ib_page *p, const struct ib_reflist *refs)
{
    struct ib_val *list = ib_val_list(p->a);
    for (size_t i = 0; i < refs->n; i++) {
        const struct ib_control *c =
            ib_catalog_control(p->r->cat, refs->items[i].s);
        struct ib_val *m = ib_val_map(p->a);
        ib_val_set_str(p->a, m, "id", c ? c->display_id : refs->items[i].s);
        ib_val_set_str(p->a, m, "title", c ? c->title : "");
        ib_val_set_str(
            p->a, m, "href",
            c ? ib_page_href(p, ib_page_control_path(p, c->display_id)) : "");
        ib_val_push(p->a, list, m);
    }
    return list;
}

static int
render_index(const struct ib_render *r, const struct attr_index *x)
{
    struct ib_page p;
    struct ib_val *ctx =
        ib_page_begin(&p, r, "controls/index.html",
                      ib_page_text(r, NULL, "controls_title"), "controls", NULL);
    ib_val_set_str(p.a, ctx, "framework", ib_catalog_name(r->cat));
    ib_val_set(p.a, ctx, "stats", ib_pages_controls_stats(&p, r->cov));
    ib_val_set(p.a, ctx, "attributes", attributes_val(&p, x, NULL));
    ib_val_set(p.a, ctx, "themes",
               themes_val(&p, r->cov, true, LIST_DOCS_MAX, 0, NULL, NULL));
    ib_val_set_bool(p.a, ctx, "has_soa", r->soa != NULL);
    return ib_page_end(&p, "controls");
}

static struct ib_val *
neighbour(struct ib_page *p, const struct ib_coverage *cov, size_t i)
{
    const struct ib_control *c = cov->controls[i].control;
    struct ib_val *m = ib_val_map(p->a);
    ib_val_set_str(p->a, m, "id", c->display_id);
    ib_val_set_str(p->a, m, "title", c->title);
    ib_val_set_str(p->a, m, "href",
                   ib_page_href(p, ib_page_control_path(p, c->display_id)));
    return m;
}

static int
render_control(const struct ib_render *r, size_t i)
{
    const struct ib_control_cov *cc = &r->cov->controls[i];
    const struct ib_control *c = cc->control;
    struct ib_page p;
    struct ib_arena *tmp = ib_arena_new();
    const char *path = ib_arena_printf(tmp, "controls/%s.html", c->display_id);
    struct ib_val *ctx = ib_page_begin(
        &p, r, path, ib_arena_printf(tmp, "%s %s", c->display_id, c->title),
        "control", NULL);
    crumb_controls(&p);
    ib_val_set_str(p.a, ctx, "framework", ib_catalog_name(r->cat));
    ib_val_set(p.a, ctx, "control", ib_pages_controls_summary(&p, cc, true, SIZE_MAX));
    ib_val_set_bool(p.a, ctx, "has_soa", r->soa != NULL);
    if (i > 0)
        ib_val_set(p.a, ctx, "prev", neighbour(&p, r->cov, i - 1));
    if (i + 1 < r->cov->n)
        ib_val_set(p.a, ctx, "next", neighbour(&p, r->cov, i + 1));
    int rc = ib_page_end(&p, "control");
    ib_arena_free(tmp);
    return rc;
}

static int
render_attribute(const struct ib_render *r, const struct attr_index *x, int k,
                 size_t i, struct summaries *made)
{
    const char *value = x->values[k][i];
    struct ib_arena *tmp = ib_arena_new();
    const char *path = attr_path(tmp, k, value);
    struct ib_page p;
    struct ib_val *ctx = ib_page_begin(
        &p, r, path,
        ib_arena_printf(tmp, "%s: #%s", ib_page_text(r, NULL, attrs[k].label),
                        value),
        "attribute", NULL);
    crumb_controls(&p);
    struct ib_val *m =
        ib_val_set(p.a, ctx, "attribute", value_val(&p, k, value));
    ib_val_set_str(p.a, m, "key", attrs[k].key);
    ib_val_set(p.a, m, "count", ib_page_num(&p, (long)x->counts[k][i]));
    ib_val_set(p.a, ctx, "total", ib_page_num(&p, (long)r->cov->n));
    /* The other values of the same attribute, to move between filters. */
    struct ib_val *all = attributes_val(&p, x, path);
    ib_val_set(p.a, ctx, "siblings", ib_val_get(all->items[k], "values"));
    ib_val_set(p.a, ctx, "themes",
               themes_val(&p, r->cov, false, LIST_DOCS_MAX, k, value, made));
    int rc = ib_page_end(&p, "attribute");
    ib_arena_free(tmp);
    return rc;
}

int
ib_render_controls(const struct ib_render *r)
{
    struct attr_index x;
    index_build(&x, r->cat);
    int rc = render_index(r, &x);
    for (size_t i = 0; i < r->cov->n; i++)
        if (render_control(r, i) < 0)
            rc = -1;
    struct summaries made;
    ib_page_begin(&made.p, r, ATTR_DIR "summaries.html", "", "attribute",
                  NULL);
    made.v = ib_xcalloc(r->cov->n ? r->cov->n : 1, sizeof(*made.v));
    for (int k = 0; k < NATTRS; k++)
        for (size_t i = 0; i < x.n[k]; i++)
            if (render_attribute(r, &x, k, i, &made) < 0)
                rc = -1;
    free(made.v);
    ib_page_discard(&made.p);
    index_free(&x);
    return rc;
}
