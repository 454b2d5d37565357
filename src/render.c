/* SPDX-License-Identifier: MIT */
/*
 * The site's pages: the home page and one page per document, then every
 * other page family in a fixed order. Each page is built with the page
 * kit (page.c) in its own arena and written at once. The site model is
 * only read here.
 */
#include "render.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "fs.h"
#include "guard.h"
#include "markdown.h"
#include "mustache.h"
#include "pages_controls.h"
#include "pages_lang.h"
#include "pool.h"
#include "site.h"
#include "slug.h"
#include "val.h"
#include "xmalloc.h"

/* The id of a type's group on the home page: "policies". */
static const char *
group_anchor(struct ib_arena *a, enum ib_doc_type t)
{
    char *s = ib_arena_strdup(a, ib_doc_type_plural(t));
    for (char *c = s; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c + 32);
    return s;
}

/* How many documents the home page lists per type, and in "Needs
 * attention", before linking to the full list. */
#define HOME_GROUP_MAX 12
#define HOME_ATTENTION_MAX 10

/* The page listing every document of type T: "documents/policies.html". */
static const char *
type_page(enum ib_doc_type t, struct ib_arena *a)
{
    return ib_arena_cat(a, "documents/", group_anchor(a, t), ".html",
                        (char *)NULL);
}

/* A document of "Needs attention", by its next review, then its id. */
struct due {
    const struct ib_doc *doc;
    struct ib_date date;
};

static int
cmp_due(const void *pa, const void *pb)
{
    const struct due *a = pa, *b = pb;
    int c = ib_date_cmp(a->date, b->date);
    return c ? c : strcmp(a->doc->id.s, b->doc->id.s);
}

/*
 * Appends to DOCS the summaries of the N documents of LIST, each
 * translation folded into its original's row when the original is in
 * the list too (pages_lang.c), up to MAX rows. Returns the number of
 * rows there would be without MAX.
 */
static size_t
push_folded(struct ib_page *p, struct ib_val *docs,
            const struct ib_doc *const *list, size_t n, size_t max)
{
    size_t *row = ib_xcalloc(n ? n : 1, sizeof(*row));
    struct ib_val **s = ib_xcalloc(n ? n : 1, sizeof(*s));
    ib_pages_lang_fold(p->r->site, list, n, row);
    size_t rows = 0;
    for (size_t i = 0; i < n; i++)
        if (row[i] == i && rows++ < max) {
            s[i] = ib_page_summary(p, list[i]);
            ib_val_push(p->a, docs, s[i]);
        }
    for (size_t i = 0; i < n; i++)
        if (row[i] != i && s[row[i]])
            ib_pages_lang_add(p, s[row[i]], list[i]);
    free(s);
    free(row);
    return rows;
}

int
ib_render_home(const struct ib_render *r)
{
    const struct ib_site *site = r->site;
    struct ib_page p;
    struct ib_val *ctx = ib_page_begin(
        &p, r, "index.html", ib_page_text(r, NULL, "nav_home"), "home", NULL);
    struct ib_arena *a = p.a;
    struct ib_val *groups = ib_val_set(a, ctx, "groups", ib_val_list(a));
    struct due *attention = ib_xcalloc(site->ndocs + 1, sizeof(*attention));
    size_t nattention = 0;
    long counts[4] = {0}; /* documents, approved, drafts, retired */
    long overdue = 0, due_soon = 0;
    const struct ib_doc **list =
        ib_xcalloc(site->ndocs ? site->ndocs : 1, sizeof(*list));

    for (int t = 0; t < IB_TYPE_COUNT; t++) {
        struct ib_val *docs = ib_val_list(a);
        size_t n = 0;
        for (size_t i = 0; i < site->ndocs; i++) {
            const struct ib_doc *doc = site->docs[i];
            if ((int)doc->type != t || !ib_site_is_published(site, doc))
                continue;
            if (doc->status == IB_STATUS_RETIRED) {
                counts[3]++; /* no longer in force: in the archive */
                continue;
            }
            list[n++] = doc;
            counts[0]++;
            counts[1] += doc->status == IB_STATUS_APPROVED;
            counts[2] += doc->status == IB_STATUS_DRAFT;
            struct ib_review rv = ib_site_review(site, doc);
            overdue += rv.state == IB_REVIEW_OVERDUE;
            due_soon += rv.state == IB_REVIEW_DUE_SOON;
            if (rv.state == IB_REVIEW_OVERDUE ||
                rv.state == IB_REVIEW_DUE_SOON)
                attention[nattention++] = (struct due){doc, rv.due};
        }
        /* Each translation has its own review, so "Needs attention"
         * lists it; the groups show it beside its original. The home
         * page stays light at any size: a long group shows its first
         * documents and links to the page listing them all. */
        size_t rows = push_folded(&p, docs, list, n, HOME_GROUP_MAX);
        if (!rows)
            continue;
        struct ib_val *g = ib_val_map(a);
        const char *plural =
            ib_page_type_label(&p, (enum ib_doc_type)t, true);
        ib_val_set_str(a, g, "type", ib_doc_type_name((enum ib_doc_type)t));
        ib_val_set_str(a, g, "label", plural);
        ib_val_set_str(a, g, "anchor", group_anchor(a, (enum ib_doc_type)t));
        ib_val_set(a, g, "count", ib_page_num(&p, (long)rows));
        ib_val_set_str(a, g, "all_href",
                       ib_page_href(&p, type_page((enum ib_doc_type)t, a)));
        ib_val_set_bool(a, g, "more", rows > HOME_GROUP_MAX);
        ib_val_set(a, g, "docs", docs);
        ib_val_push(a, groups, g);
    }
    free(list);
    if (nattention > 1)
        qsort(attention, nattention, sizeof(*attention), cmp_due);
    ib_val_set(a, ctx, "attention_total", ib_page_num(&p, (long)nattention));
    ib_val_set_bool(a, ctx, "attention_more", nattention > HOME_ATTENTION_MAX);
    struct ib_val *shown = ib_val_list(a);
    for (size_t i = 0; i < nattention && i < HOME_ATTENTION_MAX; i++)
        ib_val_push(a, shown, ib_page_summary(&p, attention[i].doc));
    free(attention);
    struct ib_val *stats = ib_val_set(a, ctx, "stats", ib_val_map(a));
    ib_val_set(a, stats, "documents", ib_page_num(&p, counts[0]));
    ib_val_set(a, stats, "approved", ib_page_num(&p, counts[1]));
    ib_val_set(a, stats, "draft", ib_page_num(&p, counts[2]));
    ib_val_set(a, stats, "retired", ib_page_num(&p, counts[3]));
    ib_val_set(a, stats, "overdue", ib_page_num(&p, overdue));
    ib_val_set(a, stats, "due_soon", ib_page_num(&p, due_soon));
    ib_val_set(a, ctx, "attention", shown);
    ib_val_set_bool(a, ctx, "has_attention", shown->n > 0);
    ib_val_set(a, ctx, "controls", ib_pages_controls_stats(&p, r->cov));

    return ib_page_end(&p, "home");
}

static struct ib_val *
toc(struct ib_page *p, const struct ib_md *md)
{
    struct ib_val *list = ib_val_list(p->a);
    for (size_t i = 0; i < ib_md_heading_count(md); i++) {
        const struct ib_md_heading *h = ib_md_heading_get(md, i);
        if (h->level < 2 || h->level > 3)
            continue;
        struct ib_val *m = ib_val_map(p->a);
        ib_val_reserve(p->a, m, 3);
        ib_val_append(p->a, m, "level", ib_page_num(p, h->level));
        /* The headings outlive the page: referred to, not copied. */
        ib_val_append(p->a, m, "text", ib_val_str_ref(p->a, h->text));
        ib_val_append(p->a, m, "anchor", ib_val_str_ref(p->a, h->anchor));
        ib_val_push(p->a, list, m);
    }
    return list;
}

static struct ib_val *
str_list(struct ib_page *p, const struct ib_reflist *l)
{
    struct ib_val *v = ib_val_list(p->a);
    for (size_t i = 0; i < l->n; i++)
        ib_val_push(p->a, v, ib_val_str(p->a, l->items[i].s));
    return v;
}

/* {name, href} of each tag: its page in tags/ (pages_labels.c). */
static struct ib_val *
tag_list(struct ib_page *p, const struct ib_reflist *l)
{
    struct ib_val *v = ib_val_list(p->a);
    for (size_t i = 0; i < l->n; i++) {
        struct ib_val *m = ib_val_map(p->a);
        const char *to = ib_arena_cat(p->a, "tags/",
                                      ib_slug(p->a, l->items[i].s), ".html",
                                      (char *)NULL);
        ib_val_set_str(p->a, m, "name", l->items[i].s);
        ib_val_set_str(p->a, m, "href", ib_page_href(p, to));
        ib_val_push(p->a, v, m);
    }
    return v;
}

static struct ib_val *
id_list(struct ib_page *p, const struct ib_reflist *l)
{
    struct ib_val *v = ib_val_list(p->a);
    for (size_t i = 0; i < l->n; i++) {
        struct ib_val *m = ib_val_map(p->a);
        ib_val_set_str(p->a, m, "id", l->items[i].s);
        ib_val_set_str(p->a, m, "title", "");
        ib_val_push(p->a, v, m);
    }
    return v;
}

static void
push_link(struct ib_page *p, struct ib_val *list, const struct ib_doc *doc)
{
    struct ib_val *m = ib_page_doc_link(p, doc);
    if (m)
        ib_val_push(p->a, list, m);
}

static int
render_doc(const struct ib_render *r, const struct ib_pages_lang *groups,
           const struct ib_doc *doc)
{
    const struct ib_site *site = r->site;
    struct ib_page p;
    struct ib_val *ctx = ib_page_begin(&p, r, doc->out_path, doc->title.s,
                                       "document", doc->lang.s);
    struct ib_arena *a = p.a;
    if (doc->status == IB_STATUS_RETIRED)
        ib_page_crumb(&p, ib_page_t(&p, "archive"), "archive.html");
    else
        ib_page_crumb(&p, ib_page_type_label(&p, doc->type, true),
                      type_page(doc->type, a));

    /* The summary's members and these, all new but lang (the page's,
     * for the document's own): appended, the texts not copied, as they
     * outlive the page. */
    struct ib_val *v = ib_val_set(a, ctx, "doc", ib_page_summary(&p, doc));
    ib_val_append_ref(a, v, "approver", doc->approver.s);
    ib_val_append_ref(a, v, "approver_name",
                      ib_page_person(&p, doc->approver.s));
    ib_val_append_ref(a, v, "approved",
                      ib_page_date(&p, doc->approved, doc->has_approved));
    ib_val_append_ref(a, v, "effective",
                      ib_page_date(&p, doc->effective, doc->has_effective));
    static const char *const units[] = {"interval_days", "interval_weeks",
                                        "interval_months", "interval_years"};
    ib_val_append_ref(a, v, "review_interval",
                      ib_page_tn(&p, units[doc->review_interval.unit],
                                 doc->review_interval.n, (char *)NULL));
    ib_val_append(a, v, "audience", str_list(&p, &doc->audience));
    ib_val_append(a, v, "controls",
                  ib_pages_controls_refs(&p, &doc->controls));
    ib_val_append(a, v, "clauses", id_list(&p, &doc->clauses));
    ib_val_append(a, v, "tags", tag_list(&p, &doc->tags));
    ib_val_append(a, v, "retired",
                  ib_val_bool(a, doc->status == IB_STATUS_RETIRED));
    struct ib_val *related = ib_val_list(a);
    ib_val_append(a, v, "related", related);
    for (size_t i = 0; i < doc->related.n; i++)
        push_link(&p, related, ib_site_find_id(site, doc->related.items[i].s));
    struct ib_val *refs = ib_val_list(a);
    ib_val_append(a, v, "referenced_by", refs);
    for (size_t i = 0; i < doc->referenced_by.n; i++)
        push_link(&p, refs, doc->referenced_by.items[i]);
    ib_val_set(a, v, "lang", ib_val_str_ref(a, p.lang));
    ib_val_append_ref(a, v, "language", ib_page_language_name(&p, p.lang));
    ib_pages_lang_switcher(&p, groups, doc, v);
    ib_val_append(a, v, "extra", doc->extra ? (struct ib_val *)doc->extra
                                            : ib_val_map(a));
    ib_val_append_ref(a, v, "source", doc->path);

    /* Some 40 members, which most of the template's tags read. */
    ib_val_index(a, v);

    struct ib_val *t = ib_val_set(a, ctx, "toc", toc(&p, doc->md));
    ib_val_set_bool(a, ctx, "has_toc", t->n > 0);
    /* The body's HTML outlives the page (doc_page frees it after): not
     * copied. */
    ib_val_set(a, ctx, "body", ib_val_str_ref(a, doc->html ? doc->html : ""));
    return ib_page_end(&p, "document");
}

void
ib_render_keep_body(void *ud, const struct ib_site *site, struct ib_doc *doc)
{
    (void)ud;
    if (!ib_site_is_published(site, doc))
        return;
    doc->html = ib_md_render_html(doc->md);
    doc->search = ib_render_search_fields(doc);
}

int
ib_render_types(const struct ib_render *r)
{
    int rc = 0;
    for (int t = 0; t < IB_TYPE_COUNT; t++) {
        size_t n = 0;
        for (size_t i = 0; i < r->site->ndocs; i++) {
            const struct ib_doc *doc = r->site->docs[i];
            n += (int)doc->type == t && doc->status != IB_STATUS_RETIRED &&
                 ib_site_is_published(r->site, doc);
        }
        if (n == 0)
            continue;
        struct ib_page p;
        struct ib_arena *tmp = ib_arena_new();
        char key[32];
        snprintf(key, sizeof key, "types_%s",
                 ib_doc_type_name((enum ib_doc_type)t));
        const char *plural = ib_page_text(r, NULL, key);
        struct ib_val *ctx =
            ib_page_begin(&p, r, type_page((enum ib_doc_type)t, tmp), plural,
                          "documents", NULL);
        struct ib_val *docs = ib_val_set(p.a, ctx, "docs", ib_val_list(p.a));
        const struct ib_doc **list = ib_xcalloc(n, sizeof(*list));
        size_t k = 0;
        for (size_t i = 0; i < r->site->ndocs; i++) {
            const struct ib_doc *doc = r->site->docs[i];
            if ((int)doc->type == t && doc->status != IB_STATUS_RETIRED &&
                ib_site_is_published(r->site, doc))
                list[k++] = doc;
        }
        push_folded(&p, docs, list, k, SIZE_MAX);
        free(list);
        ib_val_set_str(p.a, ctx, "label", plural);
        ib_val_set(p.a, ctx, "count", ib_page_num(&p, (long)docs->n));
        if (ib_page_end(&p, "documents") < 0)
            rc = -1;
        ib_arena_free(tmp);
    }
    return rc;
}

/*
 * Every family but the documents, which ib_render_site splits up. The
 * heavy ones list every document on one page, each row a summary: at
 * 10,000 documents each holds 17-25 MB while it renders, so they take
 * turns while the others run beside them (two at once were a fifth of
 * the peak memory; the SoA is one since it names every implementing
 * document). COST is a family's share of the time, roughly (ms at
 * 10,000 documents): the light ones start costliest first, so that no
 * thread is left with a long one at the end while the others idle.
 */
static const struct family {
    int (*render)(const struct ib_render *);
    bool heavy;
    unsigned cost;
} families[] = {
    {ib_render_home, false, 3},      {ib_render_types, false, 21},
    {ib_render_controls, false, 55}, {ib_render_soa, true, 55},
    {ib_render_requirements, false, 1}, {ib_render_search, true, 55},
    {ib_render_data, false, 59},     {ib_render_owners, true, 26},
    {ib_render_reviews, true, 52},   {ib_render_audiences, false, 14},
    {ib_render_tags, false, 55},     {ib_render_whats_new, false, 4},
    {ib_render_archive, false, 1},   {ib_render_not_found, false, 0},
};
#define NFAMILIES (sizeof families / sizeof *families)

/*
 * The tasks of one render. Each has its own findings, merged in task
 * order at the end, so the report does not depend on which thread ran
 * what. A document's task renders its page from the HTML loading kept of
 * its body (ib_render_keep_body), then frees that: a site is rendered
 * once. The search fields stay for the index (ib_render_search).
 */
struct tasks {
    const struct ib_render *r;
    struct ib_pages_lang *groups;
    struct ib_diag **diags;
    int *rc;
    unsigned jobs;
    /* Which families are taken, and whether a heavy one is rendering. */
    pthread_mutex_t lock;
    pthread_cond_t heavy_done;
    bool taken[NFAMILIES];
    bool heavy_busy;
};

/*
 * The document of task I: the documents, in path order, are cut into one
 * run per thread and the runs interleaved, so threads write pages in
 * different folders at the same moment. Creating files in one folder
 * takes the folder's lock in the kernel, and two threads taking turns on
 * it spent more time spinning than writing.
 */
static size_t
doc_of_task(size_t i, size_t n, unsigned jobs)
{
    if (jobs <= 1 || n <= jobs)
        return i;
    size_t run = (n + jobs - 1) / jobs, full = n - (run - 1) * jobs;
    /* Runs 0 .. full-1 have RUN documents, the others RUN - 1. */
    size_t k = i % jobs, j = i / jobs;
    if (j == run - 1) {
        /* The last round has only the long runs. */
        k = i - (run - 1) * jobs;
        return k * run + j;
    }
    return k < full ? k * run + j : full * run + (k - full) * (run - 1) + j;
}

/*
 * Renders DOC's page, if it has one, from the HTML loading kept of its
 * body, then frees that: nothing else reads it, and the other pages would
 * only wait with it in memory. Returns 0 or -1.
 */
static int
doc_page(const struct ib_render *r, struct ib_pages_lang *groups,
         struct ib_doc *doc)
{
    if (!ib_site_is_published(r->site, doc) || !doc->md)
        return 0;
    int rc = ib_site_unspill(r->site, doc, r->d) < 0 ||
                     render_doc(r, groups, doc) < 0
                 ? -1
                 : 0;
    free(doc->html);
    doc->html = NULL;
    return rc;
}

static void
doc_task(void *ud, unsigned worker, size_t task)
{
    struct tasks *t = ud;
    struct ib_render r = *t->r;
    size_t i = doc_of_task(task, r.site->ndocs, t->jobs);
    r.d = t->diags[i] = ib_diag_new_like(t->r->d);
    struct ib_doc *doc = r.site->docs[i];
    ib_guard_begin(worker, doc->path, "rendering");
    t->rc[i] = doc_page(&r, t->groups, doc);
    ib_guard_end(worker);
}

/* The family to start now: the first heavy one not taken, if none is
 * rendering, else the costliest light one; NFAMILIES if none may start
 * (NONE_LEFT set if every family is taken). Under T's lock. */
static size_t
next_family(const struct tasks *t, bool *none_left)
{
    size_t light = NFAMILIES;
    *none_left = true;
    for (size_t i = 0; i < NFAMILIES; i++) {
        if (t->taken[i])
            continue;
        *none_left = false;
        if (families[i].heavy && !t->heavy_busy)
            return i;
        if (!families[i].heavy &&
            (light == NFAMILIES || families[i].cost > families[light].cost))
            light = i;
    }
    return light;
}

/* One thread's share of the families: heavy ones first, one at a time,
 * light ones beside them; it waits only when nothing else is left. The
 * findings are merged in the order of FAMILIES all the same. */
static void
family_worker(void *ud, unsigned worker, size_t task)
{
    (void)worker;
    (void)task;
    struct tasks *t = ud;
    pthread_mutex_lock(&t->lock);
    for (;;) {
        bool none_left;
        size_t i = next_family(t, &none_left);
        if (none_left)
            break;
        if (i == NFAMILIES) {
            pthread_cond_wait(&t->heavy_done, &t->lock);
            continue;
        }
        t->taken[i] = true;
        t->heavy_busy |= families[i].heavy;
        pthread_mutex_unlock(&t->lock);

        struct ib_render r = *t->r;
        r.d = t->diags[i] = ib_diag_new_like(t->r->d);
        t->rc[i] = families[i].render(&r);

        pthread_mutex_lock(&t->lock);
        if (families[i].heavy) {
            t->heavy_busy = false;
            pthread_cond_broadcast(&t->heavy_done);
        }
    }
    pthread_mutex_unlock(&t->lock);
}

/* Moves the findings of N tasks into D in task order; returns -1 if a
 * task failed. */
static int
merge(struct ib_diag *d, struct ib_diag **diags, const int *rc, size_t n)
{
    int out = 0;
    for (size_t i = 0; i < n; i++) {
        ib_diag_take_all(d, diags[i]);
        ib_diag_free(diags[i]);
        out |= rc[i];
    }
    return out < 0 ? -1 : 0;
}

int
ib_render_docs(const struct ib_render *r, struct ib_doc *const *docs,
               size_t n)
{
    struct ib_pages_lang *groups = ib_pages_lang_new(r->site);
    int rc = 0;
    for (size_t i = 0; i < n; i++)
        if (doc_page(r, groups, docs[i]) < 0)
            rc = -1;
    ib_pages_lang_free(groups);
    if (ib_render_search_patch(r, docs, n) < 0)
        rc = -1;
    return rc;
}

int
ib_render_site(const struct ib_render *r)
{
    /* Every page is rendered even after a failure, so all findings show:
     * first the documents, then the other families side by side. */
    size_t ndocs = r->site->ndocs;
    size_t n = ndocs > NFAMILIES ? ndocs : NFAMILIES;
    struct tasks t = {
        .r = r,
        .groups = ib_pages_lang_new(r->site),
        .diags = ib_xcalloc(n, sizeof(*t.diags)),
        .rc = ib_xcalloc(n, sizeof(*t.rc)),
        .jobs = r->jobs,
    };
    pthread_mutex_init(&t.lock, NULL);
    pthread_cond_init(&t.heavy_done, NULL);
    ib_pool_run(ndocs, r->jobs, doc_task, &t);
    int rc = merge(r->d, t.diags, t.rc, ndocs);
    memset(t.rc, 0, n * sizeof(*t.rc));
    /* The document pages leave the threads' malloc arenas full of holes
     * the families' large contexts do not fit: handing the free pages
     * back first took 7 MiB off the peak at 10,000 documents. */
    ib_malloc_trim();
    /* One task per thread, each taking families until none is left. */
    unsigned jobs = r->jobs < NFAMILIES ? r->jobs : (unsigned)NFAMILIES;
    ib_pool_run(jobs ? jobs : 1, jobs, family_worker, &t);
    if (merge(r->d, t.diags, t.rc, NFAMILIES) < 0)
        rc = -1;
    pthread_cond_destroy(&t.heavy_done);
    pthread_mutex_destroy(&t.lock);
    free(t.diags);
    free(t.rc);
    ib_pages_lang_free(t.groups);
    return rc;
}

enum ib_site_has
ib_render_page_at(const struct ib_site *site, const char *path)
{
    static const char *const pages[] = {
        "404.html",          "archive.html",
        "index.html",        "isms.json",
        "owners.html",       "requirements.html",
        "reviews.html",      "search-index.json",
        "search.html",       "soa.csv",
        "soa.html",          "whats-new.html",
        NULL};
    static const char *const folders[] = {
        "audiences/", "controls/", "documents/", "owners/", "tags/", NULL};
    for (size_t i = 0; pages[i]; i++)
        if (strcmp(path, pages[i]) == 0)
            return IB_SITE_HAS_PAGE;
    if (ib_render_has_feed(site) &&
        (strcmp(path, "sitemap.xml") == 0 || strcmp(path, "feed.xml") == 0))
        return IB_SITE_HAS_PAGE;
    for (size_t i = 0; folders[i]; i++)
        if (ib_text_starts_with(path, folders[i]))
            return IB_SITE_MAY_HAVE;
    /* Written when some review is due (pages_reviews.c), which only the
     * build knows. */
    if (strcmp(path, "reviews.ics") == 0)
        return IB_SITE_MAY_HAVE;
    return IB_SITE_HAS_NOTHING;
}
