/* SPDX-License-Identifier: MIT */
/*
 * requirements.html: every clause of 4-10 with the documented information
 * the standard requires there and the documents or records that provide
 * it, matched as the mandatory-* rules of `check` match them, so the page
 * and CI agree on what is missing. Reads the site and the catalog.
 */
#include "pages_requirements.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "catalog.h"
#include "page.h"
#include "render.h"
#include "rules.h"
#include "site.h"
#include "val.h"

bool
ib_pages_requirements_declares(const struct ib_doc *doc, const char *item)
{
    for (size_t k = 0; k < doc->clauses.n; k++) {
        char *key = ib_rules_clause_key(doc->clauses.items[k].s);
        bool match = strcmp(key, item) == 0;
        free(key);
        if (match)
            return true;
    }
    return false;
}

enum state { PROVIDED, NOT_APPROVED, MISSING };

/* The item's providers (published ones in PROVIDERS) and its state. */
static enum state
providers(struct ib_page *p, const struct ib_required *r, struct ib_val *list,
          long *hidden)
{
    const struct ib_site *site = p->r->site;
    bool approved = false, draft = false;
    for (size_t i = 0; i < site->ndocs; i++) {
        const struct ib_doc *doc = site->docs[i];
        if (!doc->valid || doc->status == IB_STATUS_RETIRED ||
            (doc->type == IB_TYPE_RECORD) != r->is_record ||
            !ib_pages_requirements_declares(doc, r->id))
            continue;
        approved |= doc->status == IB_STATUS_APPROVED;
        draft |= doc->status == IB_STATUS_DRAFT;
        if (ib_site_is_published(site, doc))
            ib_val_push(p->a, list, ib_page_summary(p, doc));
        else
            ++*hidden;
    }
    return approved ? PROVIDED : draft ? NOT_APPROVED : MISSING;
}

static struct ib_val *
item_val(struct ib_page *p, const struct ib_required *r, long counts[3])
{
    static const char *const states[][2] = {
        {"provided", "state_provided"},
        {"not-approved", "state_not_approved"},
        {"missing", "state_missing"},
    };
    struct ib_arena *a = p->a;
    struct ib_val *m = ib_val_map(a);
    ib_val_set_str(a, m, "id", r->id);
    ib_val_set_str(a, m, "title", r->title);
    ib_val_set_str(a, m, "kind", r->is_record ? "record" : "document");
    ib_val_set_str(a, m, "kind_label",
                   ib_page_t(p, r->is_record ? "kind_record" : "kind_document"));
    ib_val_set_str(a, m, "wording", r->wording);
    ib_val_set_str(a, m, "note", r->note);
    ib_val_set_bool(a, m, "implied", r->is_implied);
    long hidden = 0;
    struct ib_val *list = ib_val_set(a, m, "providers", ib_val_list(a));
    enum state s = providers(p, r, list, &hidden);
    counts[s]++;
    ib_val_set_bool(a, m, "has_providers", list->n > 0);
    ib_val_set(a, m, "unpublished", ib_page_num(p, hidden));
    ib_val_set_bool(a, m, "has_unpublished", hidden > 0);
    ib_val_set_str(a, m, "unpublished_text",
                   ib_page_tn(p, "req_unpublished", hidden, (char *)NULL));
    ib_val_set_str(a, m, "state", states[s][0]);
    ib_val_set_str(a, m, "state_label", ib_page_t(p, states[s][1]));
    ib_val_set_bool(a, m, "missing", s == MISSING);
    return m;
}

static struct ib_val *
row_val(struct ib_page *p, const struct ib_clause *cl, bool sub)
{
    struct ib_val *row = ib_val_map(p->a);
    ib_val_set_str(p->a, row, "clause", cl->id);
    ib_val_set_str(p->a, row, "clause_title", cl->title);
    ib_val_set_bool(p->a, row, "sub", sub);
    return row;
}

/* One table row per required item of CL, or one for the clause alone. */
static void
clause_rows(struct ib_page *p, const struct ib_catalog *cat,
            const struct ib_clause *cl, bool sub, struct ib_val *rows,
            long counts[3])
{
    size_t before = rows->n;
    for (size_t i = 0; i < ib_catalog_required_count(cat); i++) {
        const struct ib_required *r = ib_catalog_required_at(cat, i);
        if (strcmp(r->clause, cl->id) != 0)
            continue;
        struct ib_val *row = row_val(p, cl, sub);
        ib_val_set(p->a, row, "item", item_val(p, r, counts));
        ib_val_push(p->a, rows, row);
    }
    if (rows->n == before)
        ib_val_push(p->a, rows, row_val(p, cl, sub));
}

int
ib_render_requirements(const struct ib_render *r)
{
    const struct ib_catalog *cat = r->cat;
    struct ib_page p;
    struct ib_val *ctx = ib_page_begin(
        &p, r, "requirements.html", ib_page_text(r, NULL, "requirements_title"),
        "requirements", NULL);
    struct ib_arena *a = p.a;
    ib_val_set_str(a, ctx, "framework", ib_catalog_name(cat));
    struct ib_val *clauses = ib_val_set(a, ctx, "clauses", ib_val_list(a));
    struct ib_val *group = NULL;
    long counts[3] = {0};
    for (size_t i = 0; i < ib_catalog_clause_count(cat); i++) {
        const struct ib_clause *cl = ib_catalog_clause_at(cat, i);
        if (!cl->parent) {
            group = ib_val_map(a);
            ib_val_set_str(a, group, "id", cl->id);
            ib_val_set_str(a, group, "title", cl->title);
            ib_val_set(a, group, "rows", ib_val_list(a));
            ib_val_push(a, clauses, group);
            continue;
        }
        if (!group)
            continue; /* a catalog without headings has no groups */
        const struct ib_clause *parent = ib_catalog_clause(cat, cl->parent);
        clause_rows(&p, cat, cl, parent && parent->parent != NULL,
                    ib_val_get(group, "rows"), counts);
    }
    struct ib_val *stats = ib_val_set(a, ctx, "stats", ib_val_map(a));
    ib_val_set(a, stats, "required",
               ib_page_num(&p, counts[0] + counts[1] + counts[2]));
    ib_val_set(a, stats, "provided", ib_page_num(&p, counts[PROVIDED]));
    ib_val_set(a, stats, "not_approved", ib_page_num(&p, counts[NOT_APPROVED]));
    ib_val_set(a, stats, "missing", ib_page_num(&p, counts[MISSING]));
    ib_val_set_bool(a, ctx, "complete",
                    counts[PROVIDED] == counts[0] + counts[1] + counts[2]);
    return ib_page_end(&p, "requirements");
}
