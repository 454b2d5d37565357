/* SPDX-License-Identifier: MIT */
/*
 * Translations on the site. A document that names another in
 * `translation_of` is a translation of it; the original and all its
 * translations (also translations of translations) form a group, which
 * each of their pages links in a language switcher, and which lists fold
 * into one row: the original's, naming the other languages. Groups are
 * computed once from the read-only site model; a group's order (language,
 * then id) is the order every page shows.
 */
#include "pages_lang.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "hash.h"
#include "page.h"
#include "site.h"
#include "val.h"
#include "xmalloc.h"

/* Longest chain of translation_of followed; site.c reports longer ones
 * as circles, which is what they nearly always are. */
#define MAX_CHAIN 16

const struct ib_doc *
ib_pages_lang_original(const struct ib_site *site, const struct ib_doc *doc)
{
    const struct ib_doc *cur = doc;
    for (int i = 0; cur->translation_of.s[0]; i++) {
        if (i == MAX_CHAIN)
            return doc; /* a circle that does not pass DOC */
        const struct ib_doc *o = ib_site_find_id(site, cur->translation_of.s);
        if (!o || o == cur || !ib_site_is_published(site, o))
            break;
        if (o == doc)
            return doc; /* a circle through DOC */
        cur = o;
    }
    return cur;
}

static const char *
lang_of(const struct ib_site *site, const struct ib_doc *doc)
{
    return doc->lang.s[0] ? doc->lang.s : site->cfg.language;
}

struct member {
    const struct ib_doc *doc, *root;
    size_t start, end; /* the member's group: [start, end) */
};

/* A document's path and its index in some array, to find it by path. */
struct slot {
    const char *path;
    size_t index;
};

static int
cmp_slot(const void *pa, const void *pb)
{
    return strcmp(((const struct slot *)pa)->path,
                  ((const struct slot *)pb)->path);
}

struct ib_pages_lang {
    const struct ib_site *site;
    struct member *m; /* by group (the root's path), language, id */
    size_t n;
    struct slot *by_path; /* M's documents sorted by path */
};

static int
cmp_lang_id(const struct ib_site *site, const struct ib_doc *a,
            const struct ib_doc *b)
{
    int c = strcmp(lang_of(site, a), lang_of(site, b));
    if (!c)
        c = strcmp(a->id.s, b->id.s);
    return c ? c : strcmp(a->path, b->path);
}

/* qsort has no user pointer; the site rides along in each member. */
struct sort_member {
    struct member m;
    const struct ib_site *site;
};

static int
cmp_member(const void *pa, const void *pb)
{
    const struct sort_member *a = pa, *b = pb;
    int c = strcmp(a->m.root->path, b->m.root->path);
    return c ? c : cmp_lang_id(a->site, a->m.doc, b->m.doc);
}

struct ib_pages_lang *
ib_pages_lang_new(const struct ib_site *site)
{
    struct ib_pages_lang *g = ib_xcalloc(1, sizeof(*g));
    g->site = site;
    struct sort_member *v =
        ib_xcalloc(site->ndocs ? site->ndocs : 1, sizeof(*v));
    for (size_t i = 0; i < site->ndocs; i++) {
        const struct ib_doc *doc = site->docs[i];
        if (!ib_site_is_published(site, doc))
            continue;
        v[g->n].m.doc = doc;
        v[g->n].m.root = ib_pages_lang_original(site, doc);
        v[g->n].site = site;
        g->n++;
    }
    qsort(v, g->n, sizeof(*v), cmp_member);
    g->m = ib_xcalloc(g->n ? g->n : 1, sizeof(*g->m));
    for (size_t i = 0; i < g->n; i++)
        g->m[i] = v[i].m;
    free(v);
    for (size_t i = 0, start = 0; i < g->n; i++) {
        if (i + 1 == g->n || g->m[i + 1].root != g->m[i].root) {
            for (size_t k = start; k <= i; k++) {
                g->m[k].start = start;
                g->m[k].end = i + 1;
            }
            start = i + 1;
        }
    }
    g->by_path = ib_xcalloc(g->n ? g->n : 1, sizeof(*g->by_path));
    for (size_t i = 0; i < g->n; i++)
        g->by_path[i] = (struct slot){g->m[i].doc->path, i};
    qsort(g->by_path, g->n, sizeof(*g->by_path), cmp_slot);
    return g;
}

void
ib_pages_lang_free(struct ib_pages_lang *g)
{
    if (!g)
        return;
    free(g->m);
    free(g->by_path);
    free(g);
}

/* The member of G that is DOC, or NULL. */
static const struct member *
find(const struct ib_pages_lang *g, const struct ib_doc *doc)
{
    struct slot key = {doc->path, 0};
    const struct slot *hit =
        bsearch(&key, g->by_path, g->n, sizeof(*g->by_path), cmp_slot);
    return hit ? &g->m[hit->index] : NULL;
}

void
ib_pages_lang_add(struct ib_page *p, struct ib_val *s, const struct ib_doc *doc)
{
    const struct ib_site *site = p->r->site;
    struct ib_arena *a = p->a;
    struct ib_val *list = ib_val_get(s, "translations");
    if (!list || list->kind != IB_VAL_LIST)
        list = ib_val_set(a, s, "translations", ib_val_list(a));
    const char *lang = lang_of(site, doc);
    struct ib_val *m = ib_val_map(a);
    ib_val_set_str(a, m, "id", doc->id.s);
    ib_val_set_str(a, m, "title", doc->title.s);
    ib_val_set_str(a, m, "href", ib_page_href(p, doc->out_path));
    ib_val_set_str(a, m, "lang", lang);
    ib_val_set_str(a, m, "language", ib_page_language_name(p, lang));
    ib_val_set_str(a, m, "status", ib_status_name(doc->status));
    ib_val_set_bool(a, m, "last", true);
    /* Keep the list in language order; lists are a few items long. */
    ib_val_push(a, list, m);
    size_t i = list->n - 1;
    for (; i > 0; i--) {
        struct ib_val *prev = list->items[i - 1];
        int c = strcmp(ib_val_get(prev, "lang")->str, lang);
        if (!c)
            c = strcmp(ib_val_get(prev, "id")->str, doc->id.s);
        if (c <= 0)
            break;
        list->items[i] = prev;
    }
    list->items[i] = m;
    for (size_t k = 0; k + 1 < list->n; k++)
        ib_val_set_bool(a, list->items[k], "last", false);
    ib_val_set_bool(a, list->items[list->n - 1], "last", true);
    ib_val_set_bool(a, s, "has_translations", true);
}

void
ib_pages_lang_switcher(struct ib_page *p, const struct ib_pages_lang *g,
                       const struct ib_doc *doc, struct ib_val *s)
{
    ib_val_set(p->a, s, "translations", ib_val_list(p->a));
    ib_val_set_bool(p->a, s, "has_translations", false);
    const struct member *m = find(g, doc);
    if (!m)
        return;
    for (size_t i = m->start; i < m->end; i++)
        if (g->m[i].doc != doc)
            ib_pages_lang_add(p, s, g->m[i].doc);
}

void
ib_pages_lang_fold(const struct ib_site *site, const struct ib_doc *const *docs,
                   size_t n, size_t *row)
{
    /* Most lists have no translation whose original is listed: only
     * translations look their original up, by address, in a table made
     * when the first one needs it. */
    const struct ib_doc **slots = NULL;
    size_t *at = NULL, mask = 0;
    for (size_t i = 0; i < n; i++) {
        row[i] = i;
        const struct ib_doc *o = ib_pages_lang_original(site, docs[i]);
        if (o == docs[i])
            continue;
        if (!slots) {
            size_t size = 16;
            while (size < 2 * n)
                size *= 2;
            mask = size - 1;
            slots = ib_xcalloc(size, sizeof(*slots));
            at = ib_xcalloc(size, sizeof(*at));
            for (size_t k = 0; k < n; k++) {
                size_t j = ib_ptr_hash(docs[k]) & mask;
                while (slots[j] && slots[j] != docs[k])
                    j = (j + 1) & mask;
                if (!slots[j]) {
                    slots[j] = docs[k];
                    at[j] = k;
                }
            }
        }
        size_t j = ib_ptr_hash(o) & mask;
        while (slots[j] && slots[j] != o)
            j = (j + 1) & mask;
        if (slots[j])
            row[i] = at[j];
    }
    free(slots);
    free(at);
}
