/* SPDX-License-Identifier: MIT */
/*
 * The Statement of Applicability as an auditor takes it away: soa.html, a
 * printable table of all Annex A controls with their applicability,
 * justification, implementation status and documents, and soa.csv, the
 * same rows for a spreadsheet. Both come from one set of control
 * summaries (pages_controls.c), so they cannot disagree. Reads the site,
 * catalog and coverage only.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "catalog.h"
#include "csv.h"
#include "fs.h"
#include "page.h"
#include "pages_controls.h"
#include "pages_requirements.h"
#include "render.h"
#include "rules.h"
#include "site.h"
#include "soa.h"
#include "text.h"
#include "val.h"

/* Nordic (and most European) Excel installations use ';' as the list
 * separator, because ',' is their decimal mark; see the README. */
#define CSV_SEP ';'

/*
 * The document that is the SoA: a published one declaring clause 6.1.3 d)
 * and not retired, approved ones first, then in path order. NULL if none.
 */
static const struct ib_doc *
soa_document(const struct ib_site *site)
{
    const struct ib_doc *found = NULL;
    for (size_t i = 0; i < site->ndocs; i++) {
        const struct ib_doc *doc = site->docs[i];
        if (!ib_site_is_published(site, doc) ||
            doc->status == IB_STATUS_RETIRED ||
            !ib_pages_requirements_declares(doc, "6.1.3d"))
            continue;
        if (doc->status == IB_STATUS_APPROVED)
            return doc;
        if (!found)
            found = doc;
    }
    return found;
}

static const char *
str(const struct ib_val *m, const char *key)
{
    const struct ib_val *v = ib_val_get(m, key);
    return v && v->str ? v->str : "";
}

/* The documents cell of a CSV row: one document a line, a translation on
 * the line after its original's with its language code in brackets:
 * "POL-001-da Adgangsstyring [da]", "... [da] (Draft)" when it is not
 * approved, as an original's status is. */
static const char *
csv_docs(struct ib_page *p, const struct ib_val *c)
{
    struct ib_buf b;
    ib_buf_init(&b);
    const struct ib_val *docs = ib_val_get(c, "docs");
    for (size_t i = 0; i < docs->n; i++) {
        const struct ib_val *d = docs->items[i];
        if (i)
            ib_buf_putc(&b, '\n');
        ib_buf_printf(&b, "%s %s", str(d, "id"), str(d, "title"));
        if (strcmp(str(d, "status"), "approved") != 0)
            ib_buf_printf(&b, " (%s)", str(d, "status_label"));
        const struct ib_val *tr = ib_val_get(d, "translations");
        for (size_t k = 0; tr && k < tr->n; k++) {
            const struct ib_val *t = tr->items[k];
            ib_buf_printf(&b, "\n%s %s [%s]", str(t, "id"), str(t, "title"),
                          str(t, "lang"));
            if (strcmp(str(t, "status"), "approved") != 0) {
                char key[32];
                ib_text_join(key, sizeof key, "status_", str(t, "status"));
                ib_buf_printf(&b, " (%s)", ib_page_t(p, key));
            }
        }
    }
    long hidden = (long)ib_val_get(c, "unpublished")->num;
    if (hidden)
        ib_buf_printf(&b, "%s%s", docs->n ? "\n" : "",
                      ib_page_tn(p, "csv_unpublished", hidden, (char *)NULL));
    const char *s = ib_arena_strdup(p->a, ib_buf_cstr(&b));
    ib_buf_fini(&b);
    return s;
}

static int
write_csv(struct ib_page *p, const struct ib_val *themes)
{
    static const char *const keys[] = {
        "col_control",       "col_title",         "col_theme",
        "col_applicability", "col_justification", "col_implementation_status",
        "col_documents",     "col_coverage",
    };
    const char *head[sizeof keys / sizeof *keys];
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        head[i] = ib_page_t(p, keys[i]);
    struct ib_buf b;
    ib_buf_init(&b);
    ib_buf_puts(&b, IB_CSV_BOM);
    ib_csv_put_row(&b, head, sizeof head / sizeof *head, CSV_SEP);
    for (size_t t = 0; t < themes->n; t++) {
        const struct ib_val *list = ib_val_get(themes->items[t], "controls");
        for (size_t i = 0; i < list->n; i++) {
            const struct ib_val *c = list->items[i];
            const char *row[] = {
                str(c, "id"),
                str(c, "title"),
                str(c, "theme_label"),
                str(c, "applicability_label"),
                str(c, "justification_text"),
                str(c, "implementation_label"),
                csv_docs(p, c),
                str(c, "coverage_label"),
            };
            ib_csv_put_row(&b, row, sizeof row / sizeof *row, CSV_SEP);
        }
    }
    int rc = ib_out_write(p->r->out, "soa.csv", b.data, b.len, p->r->d);
    ib_buf_fini(&b);
    return rc;
}

static struct ib_val *
stats_val(struct ib_page *p, const struct ib_val *themes)
{
    /* Counted from the summaries, so the figures match the table. */
    static const struct {
        const char *key, *value, *name;
    } facts[] = {
        {"applicability", "applicable", "applicable"},
        {"applicability", "excluded", "excluded"},
        {"applicability", "undecided", "undecided"},
        {"implementation", "implemented", "implemented"},
        {"implementation", "partial", "partial"},
        {"implementation", "planned", "planned"},
        {"implementation", "not-started", "not_started"},
        {"coverage", "covered", "covered"},
        {"coverage", "uncovered", "uncovered"},
    };
    enum { NFACTS = sizeof facts / sizeof *facts };
    long n[NFACTS] = {0};
    long total = 0, not_stated = 0;
    for (size_t t = 0; t < themes->n; t++) {
        const struct ib_val *list = ib_val_get(themes->items[t], "controls");
        for (size_t i = 0; i < list->n; i++) {
            const struct ib_val *c = list->items[i];
            total++;
            not_stated += !str(c, "implementation")[0] &&
                          strcmp(str(c, "applicability"), "excluded") != 0;
            for (size_t k = 0; k < NFACTS; k++)
                n[k] += strcmp(str(c, facts[k].key), facts[k].value) == 0;
        }
    }
    struct ib_val *s = ib_val_map(p->a);
    ib_val_set(p->a, s, "controls", ib_page_num(p, total));
    for (size_t k = 0; k < NFACTS; k++)
        ib_val_set(p->a, s, facts[k].name, ib_page_num(p, n[k]));
    ib_val_set(p->a, s, "not_stated", ib_page_num(p, not_stated));
    /* facts[5] and facts[6]: planned, not-started */
    ib_val_set(p->a, s, "planned_or_not_started", ib_page_num(p, n[5] + n[6]));
    return s;
}

int
ib_render_soa(const struct ib_render *r)
{
    const struct ib_site *site = r->site;
    struct ib_page p;
    /* Not the SoA document's own title: two pages would share it. */
    struct ib_val *ctx =
        ib_page_begin(&p, r, "soa.html",
                      ib_page_text(r, NULL, "soa_page_title"), "soa", NULL);
    struct ib_arena *a = p.a;
    struct ib_val *soa = ib_val_set(a, ctx, "soa", ib_val_map(a));
    ib_val_set_str(a, soa, "framework", ib_catalog_name(r->cat));
    ib_val_set_str(a, soa, "file", r->soa ? r->soa->file : "");
    ib_val_set_bool(a, soa, "has_file", r->soa != NULL);
    ib_val_set_str(a, soa, "csv", ib_page_href(&p, "soa.csv"));
    const struct ib_doc *doc = soa_document(site);
    if (doc) {
        struct ib_val *d =
            ib_val_set(a, soa, "document", ib_page_summary(&p, doc));
        ib_val_set_str(a, d, "approved",
                       ib_page_date(&p, doc->approved, doc->has_approved));
        ib_val_set_str(a, d, "approver_name",
                       ib_page_person(&p, doc->approver.s));
    }
    ib_val_set_str(a, soa, "version", doc ? doc->version.s : "");
    /* Every implementing document, on the page and in the CSV: the copy
     * an auditor takes away must be complete. */
    struct ib_val *themes =
        ib_val_set(a, ctx, "themes",
                   ib_pages_controls_by_theme(&p, r->cov, false, SIZE_MAX));
    ib_val_set(a, ctx, "stats", stats_val(&p, themes));
    int rc = write_csv(&p, themes);
    if (ib_page_end(&p, "soa") < 0)
        rc = -1;
    return rc;
}
