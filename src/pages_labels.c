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
#include "site.h"
#include "slug.h"
#include "text.h"
#include "val.h"

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
    for (size_t i = 0; i < site->ndocs; i++) {
        const struct ib_doc *doc = site->docs[i];
        if (!ib_site_is_published(site, doc) ||
            (approved_only && doc->status != IB_STATUS_APPROVED))
            continue;
        const struct ib_reflist *v = tags ? &doc->tags : &doc->audience;
        for (size_t k = 0; k < v->n; k++)
            add_doc(a, find_or_add(a, l, v->items[k].s), doc);
    }
    if (l->n > 1)
        qsort(l->items, l->n, sizeof(*l->items), cmp_label);
    for (size_t i = 0; i < l->n; i++)
        if (l->items[i].ndocs > 1)
            qsort(l->items[i].docs, l->items[i].ndocs,
                  sizeof(*l->items[i].docs), cmp_title);
}

/* The name of language LANG in itself, for links to translations. */
static const char *
language_name(const char *lang)
{
    static const char *const names[][2] = {
        {"da", "Dansk"},        {"de", "Deutsch"},       {"en", "English"},
        {"fi", "Suomi"},        {"fr", "Français"},      {"is", "Íslenska"},
        {"nb", "Norsk bokmål"}, {"nn", "Norsk nynorsk"}, {"no", "Norsk"},
        {"sv", "Svenska"},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(lang, names[i][0]) == 0)
            return names[i][1];
    return lang;
}

static const char *
doc_lang(const struct ib_site *site, const struct ib_doc *doc)
{
    return doc->lang.s[0] ? doc->lang.s : site->cfg.language;
}

/* The document of LB that DOC translates, if it is there and not itself
 * a translation of another one there. */
static const struct ib_doc *
original_in(const struct ib_site *site, const struct label *lb,
            const struct ib_doc *doc, int depth)
{
    if (!doc->translation_of.s[0] || depth > 1)
        return NULL;
    const struct ib_doc *o = ib_site_find_id(site, doc->translation_of.s);
    if (!o || o == doc)
        return NULL;
    for (size_t i = 0; i < lb->ndocs; i++)
        if (lb->docs[i] == o)
            return original_in(site, lb, o, depth + 1) ? NULL : o;
    return NULL;
}

static int
cmp_lang(const void *pa, const void *pb)
{
    const struct ib_val *a = *(struct ib_val *const *)pa;
    const struct ib_val *b = *(struct ib_val *const *)pb;
    int c = strcmp(ib_val_get(a, "lang")->str, ib_val_get(b, "lang")->str);
    return c ? c : strcmp(ib_val_get(a, "id")->str, ib_val_get(b, "id")->str);
}

static struct ib_val *
audience_row(struct ib_page *p, const struct label *lb,
             const struct ib_doc *doc)
{
    const struct ib_site *site = p->r->site;
    struct ib_arena *a = p->a;
    struct ib_val *s = ib_page_summary(p, doc);
    ib_val_set_str(a, s, "effective",
                   ib_page_date(p, doc->effective, doc->has_effective));
    ib_val_set_str(a, s, "language", language_name(doc_lang(site, doc)));
    struct ib_val *tr = ib_val_set(a, s, "translations", ib_val_list(a));
    for (size_t i = 0; i < lb->ndocs; i++) {
        const struct ib_doc *t = lb->docs[i];
        if (t == doc || original_in(site, lb, t, 0) != doc)
            continue;
        const char *tl = doc_lang(site, t);
        struct ib_val *m = ib_val_map(a);
        ib_val_set_str(a, m, "id", t->id.s);
        ib_val_set_str(a, m, "title", t->title.s);
        ib_val_set_str(a, m, "href", ib_page_href(p, t->out_path));
        ib_val_set_str(a, m, "lang", tl);
        ib_val_set_str(a, m, "language", language_name(tl));
        ib_val_push(a, tr, m);
    }
    if (tr->n > 1)
        qsort(tr->items, tr->n, sizeof(*tr->items), cmp_lang);
    ib_val_set_bool(a, s, "has_translations", tr->n > 0);
    return s;
}

static const char *
label_path(struct ib_arena *a, const char *dir, const struct label *lb)
{
    return ib_arena_printf(a, "%s/%s.html", dir, lb->slug);
}

/* Counts LB's documents that are not translations shown on another row. */
static long
primary_count(const struct ib_site *site, const struct label *lb)
{
    long n = 0;
    for (size_t i = 0; i < lb->ndocs; i++)
        n += original_in(site, lb, lb->docs[i], 0) == NULL;
    return n;
}

static struct ib_val *
label_index(struct ib_page *p, const struct labels *l, const char *dir,
            bool primaries)
{
    struct ib_val *list = ib_val_list(p->a);
    for (size_t i = 0; i < l->n; i++) {
        const struct label *lb = &l->items[i];
        struct ib_val *m = ib_val_map(p->a);
        ib_val_set_str(p->a, m, "name", lb->name);
        ib_val_set_str(p->a, m, "slug", lb->slug);
        ib_val_set_str(p->a, m, "href",
                       ib_page_href(p, label_path(p->a, dir, lb)));
        long n = primaries ? primary_count(p->r->site, lb) : (long)lb->ndocs;
        ib_val_set(p->a, m, "count", ib_page_num(p, n));
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
    struct ib_val *ctx = ib_page_begin(&p, r, "audiences/index.html",
                                       "Guidelines for you", "audiences", NULL);
    struct ib_val *list = ib_val_set(p.a, ctx, "audiences",
                                     label_index(&p, &l, "audiences", true));
    ib_val_set_bool(p.a, ctx, "has_audiences", list->n > 0);
    ib_val_set_str(p.a, ctx, "whats_new_href",
                   ib_page_href(&p, "whats-new.html"));
    if (ib_page_end(&p, "audiences") < 0)
        rc = -1;

    for (size_t i = 0; i < l.n; i++) {
        const struct label *lb = &l.items[i];
        ctx = ib_page_begin(&p, r, label_path(fa, "audiences", lb),
                            ib_arena_printf(fa, "Guidelines for %s", lb->name),
                            "audience", NULL);
        struct ib_arena *a = p.a;
        ib_page_crumb(&p, "Guidelines", "audiences/index.html");
        ib_val_set_str(a, ctx, "audience", lb->name);
        struct ib_val *docs = ib_val_set(a, ctx, "docs", ib_val_list(a));
        for (size_t k = 0; k < lb->ndocs; k++)
            if (!original_in(site, lb, lb->docs[k], 0))
                ib_val_push(a, docs, audience_row(&p, lb, lb->docs[k]));
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
        ib_page_begin(&p, r, "tags/index.html", "Tags", "tags", NULL);
    struct ib_val *list =
        ib_val_set(p.a, ctx, "tags", label_index(&p, &l, "tags", false));
    ib_val_set_bool(p.a, ctx, "has_tags", list->n > 0);
    if (ib_page_end(&p, "tags") < 0)
        rc = -1;

    for (size_t i = 0; i < l.n; i++) {
        const struct label *lb = &l.items[i];
        ctx = ib_page_begin(&p, r, label_path(fa, "tags", lb),
                            ib_arena_printf(fa, "Tag: %s", lb->name), "tag",
                            NULL);
        struct ib_arena *a = p.a;
        ib_page_crumb(&p, "Tags", "tags/index.html");
        ib_val_set_str(a, ctx, "tag", lb->name);
        struct ib_val *docs = ib_val_set(a, ctx, "docs", ib_val_list(a));
        for (size_t k = 0; k < lb->ndocs; k++)
            ib_val_push(a, docs, ib_page_summary(&p, lb->docs[k]));
        ib_val_set(a, ctx, "count", ib_page_num(&p, (long)docs->n));
        if (ib_page_end(&p, "tag") < 0)
            rc = -1;
    }
    ib_arena_free(fa);
    return rc;
}
