/* SPDX-License-Identifier: MIT */
/*
 * The documents' comings and goings: whats-new.html (approved or reviewed
 * within handbook.yaml's whats_new_days before today, newest first) and
 * archive.html (retired documents, which keep their pages but leave the
 * home page). Dates come from the documents and --today only.
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "site.h"
#include "text.h"
#include "val.h"

struct change {
    const struct ib_doc *doc;
    struct ib_date date;
    bool approved; /* else reviewed */
};

static int
cmp_change(const void *pa, const void *pb)
{
    const struct change *a = pa, *b = pb;
    int c = ib_date_cmp(b->date, a->date);
    if (!c)
        c = ib_text_casecmp(a->doc->id.s, b->doc->id.s);
    return c ? c : strcmp(a->doc->path, b->doc->path);
}

static int
cmp_id(const void *pa, const void *pb)
{
    const struct ib_doc *a = *(const struct ib_doc *const *)pa;
    const struct ib_doc *b = *(const struct ib_doc *const *)pb;
    int c = ib_text_casecmp(a->id.s, b->id.s);
    return c ? c : strcmp(a->path, b->path);
}

static bool
in_window(struct ib_date d, struct ib_date since, struct ib_date today)
{
    return ib_date_cmp(d, since) >= 0 && ib_date_cmp(d, today) <= 0;
}

int
ib_render_whats_new(const struct ib_render *r)
{
    const struct ib_site *site = r->site;
    int days = site->cfg.whats_new_days;
    struct ib_date since =
        ib_date_from_days(ib_date_to_days(site->today) - days);
    struct change *v = calloc(site->ndocs ? site->ndocs : 1, sizeof(*v));
    size_t n = 0;
    for (size_t i = 0; i < site->ndocs; i++) {
        const struct ib_doc *doc = site->docs[i];
        if (!ib_site_is_published(site, doc) ||
            doc->status != IB_STATUS_APPROVED)
            continue;
        /* One entry per document: its latest event, approval on a tie. */
        struct change c = {doc, {0, 0, 0}, false};
        bool have = false;
        if (doc->has_approved && in_window(doc->approved, since, site->today)) {
            c.date = doc->approved;
            c.approved = have = true;
        }
        if (doc->has_last_reviewed &&
            in_window(doc->last_reviewed, since, site->today) &&
            (!have || ib_date_cmp(doc->last_reviewed, c.date) > 0)) {
            c.date = doc->last_reviewed;
            c.approved = false;
            have = true;
        }
        if (have)
            v[n++] = c;
    }
    if (n > 1)
        qsort(v, n, sizeof(*v), cmp_change);

    struct ib_page p;
    struct ib_val *ctx =
        ib_page_begin(&p, r, "whats-new.html",
                      ib_page_text(r, NULL, "whats_new"), "whats-new", NULL);
    struct ib_arena *a = p.a;
    ib_val_set(a, ctx, "window_days", ib_page_num(&p, days));
    ib_val_set_str(a, ctx, "window_text",
                   ib_page_tn(&p, "days", days, (char *)NULL));
    ib_val_set_str(a, ctx, "since", ib_page_date(&p, since, true));
    struct ib_val *list = ib_val_set(a, ctx, "changes", ib_val_list(a));
    for (size_t i = 0; i < n; i++) {
        const struct ib_doc *doc = v[i].doc;
        struct ib_val *s = ib_page_summary(&p, doc);
        ib_val_set_str(a, s, "date", ib_page_date(&p, v[i].date, true));
        ib_val_set_str(a, s, "change", v[i].approved ? "approved" : "reviewed");
        ib_val_set_str(a, s, "change_label",
                       ib_page_t(&p, v[i].approved ? "change_approved"
                                                   : "change_reviewed"));
        ib_val_set_str(a, s, "effective",
                       ib_page_date(&p, doc->effective, doc->has_effective));
        ib_val_push(a, list, s);
    }
    ib_val_set_bool(a, ctx, "has_changes", n > 0);
    free(v);
    return ib_page_end(&p, "whats-new");
}

int
ib_render_archive(const struct ib_render *r)
{
    const struct ib_site *site = r->site;
    struct ib_page p;
    struct ib_val *ctx =
        ib_page_begin(&p, r, "archive.html", ib_page_text(r, NULL, "archive"),
                      "archive", NULL);
    struct ib_arena *a = p.a;
    struct ib_val *list = ib_val_set(a, ctx, "docs", ib_val_list(a));
    /* Site order is path order; the archive reads best by id. */
    const struct ib_doc **docs =
        calloc(site->ndocs ? site->ndocs : 1, sizeof(*docs));
    size_t n = 0;
    for (size_t i = 0; i < site->ndocs; i++)
        if (ib_site_is_published(site, site->docs[i]) &&
            site->docs[i]->status == IB_STATUS_RETIRED)
            docs[n++] = site->docs[i];
    if (n > 1)
        qsort(docs, n, sizeof(*docs), cmp_id);
    for (size_t i = 0; i < n; i++) {
        struct ib_val *s = ib_page_summary(&p, docs[i]);
        ib_val_set_str(
            a, s, "approved",
            ib_page_date(&p, docs[i]->approved, docs[i]->has_approved));
        ib_val_push(a, list, s);
    }
    free(docs);
    ib_val_set(a, ctx, "count", ib_page_num(&p, (long)n));
    ib_val_set_bool(a, ctx, "has_docs", n > 0);
    return ib_page_end(&p, "archive");
}
