/* SPDX-License-Identifier: MIT */
/*
 * Documents grouped by a label they carry in a list: audiences/ (one page
 * per `audience` value, for employees, and an index) and tags/ (one page
 * per tag, and an index). A label's page is named by ib_slug of its value,
 * so spellings with the same slug share a page and the document page can
 * link a tag without knowing the others. Groups live in an arena of the
 * family's own, freed at its end; the site model is only read.
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "i18n.h"
#include "page.h"
#include "pages_lang.h"
#include "site.h"
#include "slug.h"
#include "text.h"
#include "val.h"
#include "xmalloc.h"

struct label {
    const char *slug;
    const char *name; /* the bytewise first spelling */
    const struct ib_doc **docs;
    size_t ndocs, cap;
};

struct labels {
    struct label *items;
    size_t n, cap;
};

static struct label *
find_or_add(struct ib_arena *a, struct labels *l, const char *value)
{
    const char *slug = ib_slug(a, value);
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].slug, slug) == 0) {
            if (strcmp(value, l->items[i].name) < 0)
                l->items[i].name = value;
            return &l->items[i];
        }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        struct label *items = ib_arena_calloc(a, cap, sizeof(*items));
        if (l->n)
            memcpy(items, l->items, l->n * sizeof(*items));
        l->items = items;
        l->cap = cap;
    }
    struct label *lb = &l->items[l->n++];
    memset(lb, 0, sizeof(*lb));
    lb->slug = slug;
    lb->name = value;
    return lb;
}

static void
add_doc(struct ib_arena *a, struct label *lb, const struct ib_doc *doc)
{
    /* Two spellings of one label on one document list it once. */
    if (lb->ndocs && lb->docs[lb->ndocs - 1] == doc)
        return;
    if (lb->ndocs == lb->cap) {
        size_t cap = lb->cap ? lb->cap * 2 : 8;
        const struct ib_doc **docs = ib_arena_calloc(a, cap, sizeof(*docs));
        if (lb->ndocs)
            memcpy(docs, lb->docs, lb->ndocs * sizeof(*docs));
        lb->docs = docs;
        lb->cap = cap;
    }
    lb->docs[lb->ndocs++] = doc;
}

static int
cmp_label(const void *pa, const void *pb)
{
    return strcmp(((const struct label *)pa)->slug,
                  ((const struct label *)pb)->slug);
}

static int
cmp_title(const void *pa, const void *pb)
{
    const struct ib_doc *a = *(const struct ib_doc *const *)pa;
    const struct ib_doc *b = *(const struct ib_doc *const *)pb;
    int c = ib_text_casecmp(a->title.s, b->title.s);
    if (!c)
        c = ib_text_casecmp(a->id.s, b->id.s);
    return c ? c : strcmp(a->path, b->path);
}

/*
 * Groups the published documents by the values of their list field
 * (audience or tags), labels sorted by slug and documents by title.
 * APPROVED_ONLY keeps documents in force only.
 */
static void
collect(struct ib_arena *a, const struct ib_site *site, bool tags,
        bool approved_only, struct labels *l)
{
    memset(l, 0, sizeof(*l));
    const struct ib_doc **order =
        ib_xcalloc(site->ndocs + 1, sizeof(*order));
    size_t n = 0;
    for (size_t i = 0; i < site->ndocs; i++) {
        const struct ib_doc *doc = site->docs[i];
        if (ib_site_is_published(site, doc) &&
            (!approved_only || doc->status == IB_STATUS_APPROVED))
            order[n++] = doc;
    }
    /* Sorted once by title, so that every label's documents come out
     * in that order: one sort, not one per label. */
    qsort(order, n, sizeof(*order), cmp_title);
    for (size_t i = 0; i < n; i++) {
        const struct ib_reflist *v =
            tags ? &order[i]->tags : &order[i]->audience;
        for (size_t k = 0; k < v->n; k++)
            add_doc(a, find_or_add(a, l, v->items[k].s), order[i]);
    }
    free(order);
    if (l->n > 1)
        qsort(l->items, l->n, sizeof(*l->items), cmp_label);
}

static const char *
doc_lang(const struct ib_site *site, const struct ib_doc *doc)
{
    return doc->lang.s[0] ? doc->lang.s : site->cfg.language;
}

/*
 * The rows of LB's page in P's arena: its documents, each translation
 * folded into its original's row when the original carries the label
 * too (pages_lang.c). AUDIENCE adds what the audience pages show.
 */
static struct ib_val *
label_rows(struct ib_page *p, const struct label *lb, bool audience)
{
    const struct ib_site *site = p->r->site;
    struct ib_arena *a = p->a;
    struct ib_val *docs = ib_val_list(a);
    size_t n = lb->ndocs;
    size_t *row = ib_xcalloc(n ? n : 1, sizeof(*row));
    struct ib_val **s = ib_xcalloc(n ? n : 1, sizeof(*s));
    ib_pages_lang_fold(site, lb->docs, n, row);
    for (size_t i = 0; i < n; i++) {
        if (row[i] != i)
            continue;
        const struct ib_doc *doc = lb->docs[i];
        s[i] = ib_page_summary(p, doc);
        if (audience) {
            ib_val_set_str(a, s[i], "effective",
                           ib_page_date(p, doc->effective, doc->has_effective));
            ib_val_set_str(a, s[i], "language",
                           ib_page_language_name(p, doc_lang(site, doc)));
        }
        ib_val_push(a, docs, s[i]);
    }
    for (size_t i = 0; i < n; i++)
        if (row[i] != i)
            ib_pages_lang_add(p, s[row[i]], lb->docs[i]);
    free(s);
    free(row);
    return docs;
}

static const char *
label_path(struct ib_arena *a, const char *dir, const struct label *lb)
{
    return ib_arena_printf(a, "%s/%s.html", dir, lb->slug);
}

/* Counts LB's rows: documents that are not translations shown on
 * another document's row. */
static long
row_count(const struct ib_site *site, const struct label *lb)
{
    size_t *row = ib_xcalloc(lb->ndocs ? lb->ndocs : 1, sizeof(*row));
    ib_pages_lang_fold(site, lb->docs, lb->ndocs, row);
    long n = 0;
    for (size_t i = 0; i < lb->ndocs; i++)
        n += row[i] == i;
    free(row);
    return n;
}

static struct ib_val *
label_index(struct ib_page *p, const struct labels *l, const char *dir)
{
    struct ib_val *list = ib_val_list(p->a);
    for (size_t i = 0; i < l->n; i++) {
        const struct label *lb = &l->items[i];
        struct ib_val *m = ib_val_map(p->a);
        ib_val_set_str(p->a, m, "name", lb->name);
        ib_val_set_str(p->a, m, "slug", lb->slug);
        ib_val_set_str(p->a, m, "href",
                       ib_page_href(p, label_path(p->a, dir, lb)));
        ib_val_set(p->a, m, "count",
                   ib_page_num(p, row_count(p->r->site, lb)));
        ib_val_push(p->a, list, m);
    }
    return list;
}

int
ib_render_audiences(const struct ib_render *r)
{
    const struct ib_site *site = r->site;
    struct ib_arena *fa = ib_arena_new();
    struct labels l;
    collect(fa, site, false, true, &l);
    int rc = 0;

    struct ib_page p;
    struct ib_val *ctx = ib_page_begin(
        &p, r, "audiences/index.html", ib_page_text(r, NULL, "audiences_title"),
        "audiences", NULL);
    struct ib_val *list = ib_val_set(p.a, ctx, "audiences",
                                     label_index(&p, &l, "audiences"));
    ib_val_set_bool(p.a, ctx, "has_audiences", list->n > 0);
    ib_val_set_str(p.a, ctx, "whats_new_href",
                   ib_page_href(&p, "whats-new.html"));
    if (ib_page_end(&p, "audiences") < 0)
        rc = -1;

    for (size_t i = 0; i < l.n; i++) {
        const struct label *lb = &l.items[i];
        ctx = ib_page_begin(&p, r, label_path(fa, "audiences", lb),
                            ib_i18n_format(fa,
                                           ib_page_text(r, NULL,
                                                        "audience_title"),
                                           (const char *const[]){
                                               "audience", lb->name, NULL}),
                            "audience", NULL);
        struct ib_arena *a = p.a;
        ib_page_crumb(&p, ib_page_t(&p, "nav_guidelines"),
                      "audiences/index.html");
        ib_val_set_str(a, ctx, "audience", lb->name);
        struct ib_val *docs =
            ib_val_set(a, ctx, "docs", label_rows(&p, lb, true));
        ib_val_set(a, ctx, "count", ib_page_num(&p, (long)docs->n));
        ib_val_set_str(a, ctx, "whats_new_href",
                       ib_page_href(&p, "whats-new.html"));
        if (ib_page_end(&p, "audience") < 0)
            rc = -1;
    }
    ib_arena_free(fa);
    return rc;
}

int
ib_render_tags(const struct ib_render *r)
{
    const struct ib_site *site = r->site;
    struct ib_arena *fa = ib_arena_new();
    struct labels l;
    collect(fa, site, true, false, &l);
    int rc = 0;

    struct ib_page p;
    struct ib_val *ctx =
        ib_page_begin(&p, r, "tags/index.html", ib_page_text(r, NULL, "tags"),
                      "tags", NULL);
    struct ib_val *list =
        ib_val_set(p.a, ctx, "tags", label_index(&p, &l, "tags"));
    ib_val_set_bool(p.a, ctx, "has_tags", list->n > 0);
    if (ib_page_end(&p, "tags") < 0)
        rc = -1;

    for (size_t i = 0; i < l.n; i++) {
        const struct label *lb = &l.items[i];
        ctx = ib_page_begin(&p, r, label_path(fa, "tags", lb),
                            ib_i18n_format(fa,
                                           ib_page_text(r, NULL, "tag_title"),
                                           (const char *const[]){
                                               "tag", lb->name, NULL}),
                            "tag", NULL);
        struct ib_arena *a = p.a;
        ib_page_crumb(&p, ib_page_t(&p, "tags"), "tags/index.html");
        ib_val_set_str(a, ctx, "tag", lb->name);
        struct ib_val *docs =
            ib_val_set(a, ctx, "docs", label_rows(&p, lb, false));
        ib_val_set(a, ctx, "count", ib_page_num(&p, (long)docs->n));
        if (ib_page_end(&p, "tag") < 0)
            rc = -1;
    }
    ib_arena_free(fa);
    return rc;
}
