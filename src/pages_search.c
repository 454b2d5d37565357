/* SPDX-License-Identifier: MIT */
/*
 * Search: search-index.json, which the theme's search script loads on
 * first use, and search.html, the search form over an A–Z index of every
 * published document, which is what a reader without JavaScript gets. Only
 * published documents are read, so a restricted one cannot reach either.
 * The index keeps per document its id, title, type, address, a short
 * summary, its control ids, tags and audiences, and per section (the text
 * before the first heading, then each top-level heading) the heading and
 * the words that first appear there; search.c cuts the words. Raw HTML
 * is left out.
 */
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "fs.h"
#include "json.h"
#include "markdown.h"
#include "page.h"
#include "render.h"
#include "search.h"
#include "site.h"
#include "text.h"
#include "val.h"
#include "xmalloc.h"

/* Bytes of distinct words one document may put into the index. */
#define WORDS_CAP ((size_t)16 * 1024)
/* Bytes of a result's summary. */
#define SUMMARY_MAX 160

/* A control id with its "A." prefix, so that a query for "5.15" and one
 * for "A.5.15" both find "5.15"; 2013 ids are kept as written. */
static void
put_control(struct ib_buf *b, const char *id)
{
    if (id[0] >= '0' && id[0] <= '9')
        ib_buf_puts(b, "A.");
    ib_buf_puts(b, id);
    ib_buf_putc(b, ' ');
}

/* The keys of DOC: its controls, tags and audiences, as search words. */
static void
put_keys(struct ib_json *j, struct ib_search_words *w, const struct ib_doc *doc)
{
    struct ib_buf text, out;
    ib_buf_init(&text);
    ib_buf_init(&out);
    for (size_t i = 0; i < doc->controls.n; i++)
        put_control(&text, doc->controls.items[i].s);
    const struct ib_reflist *lists[] = {&doc->tags, &doc->audience};
    for (size_t l = 0; l < 2; l++)
        for (size_t i = 0; i < lists[l]->n; i++) {
            ib_buf_puts(&text, lists[l]->items[i].s);
            ib_buf_putc(&text, ' ');
        }
    ib_search_words_add(w, ib_buf_cstr(&text), &out);
    ib_json_str(j, "keys", ib_buf_cstr(&out));
    ib_buf_fini(&text);
    ib_buf_fini(&out);
}

/* A section being collected: its heading (NULL before the first) and
 * words. */
struct section {
    const struct ib_md_heading *h;
    struct ib_buf words;
};

static void
put_section(struct ib_json *j, struct section *s)
{
    if (!s->h && !s->words.len)
        return;
    ib_json_array(j, NULL);
    ib_json_str(j, NULL, s->h ? s->h->text : "");
    ib_json_str(j, NULL, s->h ? s->h->anchor : "");
    ib_json_str(j, NULL, ib_buf_cstr(&s->words));
    ib_json_end(j);
    ib_buf_reset(&s->words);
}

/*
 * The summary and sections of DOC's body. A section starts at each heading
 * that is a child of the document (not inside a list or quote); the
 * summary is the start of the first such paragraph.
 */
static void
put_body(struct ib_json *j, struct ib_search_words *w, const struct ib_doc *doc)
{
    struct ib_md *md = doc->md;
    struct ib_md_node *root = ib_md_root(md);
    size_t n = ib_md_node_children(root, NULL, 0), top = 0;
    struct ib_md_node **nodes =
        ib_xmalloc((n ? n : 1) * sizeof(struct ib_md_node *));
    ib_md_node_children(root, nodes, n);
    /* Raw HTML is published sanitised or not at all: its text, comments
     * and attribute values must not reach the index either. */
    for (size_t i = 0; i < n; i++)
        if (strcmp(ib_md_node_type(nodes[i]), "html_block") != 0)
            nodes[top++] = nodes[i];

    struct ib_buf text, summary;
    ib_buf_init(&text);
    ib_buf_init(&summary);
    for (size_t i = 0; i < top && !summary.len; i++) {
        if (strcmp(ib_md_node_type(nodes[i]), "paragraph") != 0)
            continue;
        ib_buf_reset(&text);
        ib_md_node_text(nodes[i], &text);
        ib_search_excerpt(ib_buf_cstr(&text), SUMMARY_MAX, &summary);
    }
    ib_json_str(j, "summary", ib_buf_cstr(&summary));

    size_t nh = ib_md_heading_count(md), next_h = 0;
    for (size_t i = 0; i < nh; i++)
        ib_search_words_see(w, ib_md_heading_get(md, i)->text);
    struct section s = {NULL, {0}};
    ib_buf_init(&s.words);
    ib_json_array(j, "sections");
    for (size_t i = 0; i < top; i++) {
        if (strcmp(ib_md_node_type(nodes[i]), "heading") == 0) {
            /* Headings are listed in document order; find this one by
               its line, as a heading has a line to itself. */
            unsigned line = ib_md_node_line(md, nodes[i]);
            size_t k = next_h;
            while (k < nh && ib_md_heading_get(md, k)->line != line)
                k++;
            if (k < nh) {
                put_section(j, &s);
                s.h = ib_md_heading_get(md, k);
                next_h = k + 1;
                continue;
            }
        }
        ib_buf_reset(&text);
        ib_md_node_words(nodes[i], &text);
        ib_search_words_add(w, ib_buf_cstr(&text), &s.words);
    }
    put_section(j, &s);
    ib_json_end(j);
    ib_buf_fini(&text);
    ib_buf_fini(&summary);
    ib_buf_fini(&s.words);
    free(nodes);
}

char *
ib_render_search_fields(const struct ib_doc *doc)
{
    struct ib_buf b;
    ib_buf_init(&b);
    struct ib_json *j = ib_json_new(&b, 0);
    struct ib_search_words *w = ib_search_words_new(WORDS_CAP);
    ib_search_words_see(w, doc->id.s);
    ib_search_words_see(w, doc->title.s);
    ib_json_object(j, NULL);
    put_keys(j, w, doc);
    put_body(j, w, doc);
    ib_json_end(j);
    ib_search_words_free(w);
    ib_json_free(j);
    /* Members only: the entry puts them after those of the page. Kept
     * until the page is made, so without the buffer's slack. */
    char *s = ib_buf_take(&b);
    size_t n = strlen(s);
    memmove(s, s + 1, n - 2);
    s[n - 2] = '\0';
    return ib_xrealloc(s, n - 1);
}

static bool
indexed(const struct ib_site *site, const struct ib_doc *doc)
{
    return ib_site_is_published(site, doc) && doc->md;
}

/* Puts DOC's entry, with its search fields, on one line of B. Returns 0,
 * or -1 if the fields could not be read back. */
static int
put_entry(const struct ib_render *r, const struct ib_doc *doc,
          struct ib_buf *b)
{
    char key[32];
    ib_text_join(key, sizeof key, "type_", ib_doc_type_name(doc->type));
    const char *lang = doc->lang.s[0] ? doc->lang.s : r->site->cfg.language;
    struct ib_json *j = ib_json_new(b, 0);
    ib_json_object(j, NULL);
    ib_json_str(j, "id", doc->id.s);
    ib_json_str(j, "title", doc->title.s);
    /* Relative to search.html, at the root, as an href is. */
    char *url = ib_xmalloc(ib_text_url_path(NULL, doc->out_path) + 1);
    url[ib_text_url_path(url, doc->out_path)] = '\0';
    ib_json_str(j, "url", url);
    free(url);
    ib_json_str(j, "type", ib_page_text(r, NULL, key));
    ib_json_str(j, "lang", lang);
    ib_json_str(j, "status", ib_status_name(doc->status));
    ib_json_free(j);
    ib_buf_putc(b, ',');
    if (ib_site_put_search_fields(r->site, doc, b, r->d) < 0)
        return -1;
    ib_buf_putc(b, '}');
    return 0;
}

/*
 * The index as JSON.stringify(index, null, 2) would lay it out down to
 * each document, whose entry is one line. It is as large as the HTML of
 * every body: it goes out a piece at a time, each entry made from its
 * document's search fields as they are read back
 * (ib_site_put_search_fields).
 */
int
ib_render_search_index(const struct ib_render *r)
{
    const struct ib_site *site = r->site;
    struct ib_out_file *f = ib_out_open(r->out, "search-index.json", r->d);
    if (!f)
        return -1;
    struct ib_buf b;
    ib_buf_init(&b);
    ib_buf_puts(&b, "{\n  \"version\": 1,\n  \"lang\": ");
    ib_json_put_str(&b, site->cfg.language);
    ib_buf_puts(&b, ",\n  \"docs\": [");
    size_t n = 0, put = 0;
    int rc = 0;
    for (size_t i = 0; i < site->ndocs && rc == 0; i++) {
        struct ib_doc *doc = site->docs[i];
        doc->index_off = doc->index_len = 0;
        if (!indexed(site, doc) || !(doc->search || doc->spilled[1]))
            continue;
        ib_buf_puts(&b, n++ ? ",\n    " : "\n    ");
        doc->index_off = put + b.len;
        if (put_entry(r, doc, &b) < 0) {
            rc = -1;
            break;
        }
        doc->index_len = put + b.len - doc->index_off;
        if (b.len >= 1 << 20) {
            ib_out_put(f, b.data, b.len);
            put += b.len;
            ib_buf_reset(&b);
        }
    }
    ib_buf_puts(&b, n ? "\n  ]\n}\n" : "]\n}\n");
    ib_out_put(f, b.data, b.len);
    ib_buf_fini(&b);
    if (ib_out_close(f, r->d) < 0)
        rc = -1;
    return rc;
}

static int
cmp_index_off(const void *pa, const void *pb)
{
    const struct ib_doc *a = *(struct ib_doc *const *)pa;
    const struct ib_doc *b = *(struct ib_doc *const *)pb;
    return (a->index_off > b->index_off) - (a->index_off < b->index_off);
}

int
ib_render_search_patch(const struct ib_render *r, struct ib_doc *const *docs,
                       size_t n)
{
    const struct ib_site *site = r->site;
    struct ib_doc **list = ib_xcalloc(n + 1, sizeof(*list));
    size_t k = 0;
    bool known = true;
    for (size_t i = 0; i < n; i++) {
        if (!indexed(site, docs[i]))
            continue;
        list[k++] = docs[i];
        known &= docs[i]->index_len > 0 &&
                 (docs[i]->search || docs[i]->spilled[1]);
    }
    if (k == 0) { /* none of them is in the index */
        free(list);
        return 0;
    }
    qsort(list, k, sizeof(*list), cmp_index_off);
    int old = known ? ib_out_read_old(r->out, "search-index.json") : -1;
    struct stat st;
    known &= old >= 0 && fstat(old, &st) == 0;
    for (size_t i = 0; known && i < k; i++)
        known = (i == 0 || list[i]->index_off >= list[i - 1]->index_off +
                                                     list[i - 1]->index_len) &&
                list[i]->index_off + list[i]->index_len <= (size_t)st.st_size;
    if (!known) {
        if (old >= 0)
            close(old);
        free(list);
        return ib_render_search_index(r);
    }
    struct ib_out_file *f = ib_out_open(r->out, "search-index.json", r->d);
    if (!f) {
        close(old);
        free(list);
        return -1;
    }
    /* The old file up to each entry made again, the entry, then the rest;
     * new places are noted after, as later entries move with the new. */
    size_t *off = ib_xcalloc(k + 1, sizeof(*off));
    size_t *len = ib_xcalloc(k + 1, sizeof(*len));
    size_t from = 0, put = 0;
    int rc = 0;
    struct ib_buf b;
    ib_buf_init(&b);
    for (size_t i = 0; i < k && rc == 0; i++) {
        struct ib_doc *doc = list[i];
        ib_buf_reset(&b);
        if (put_entry(r, doc, &b) < 0) {
            rc = -1;
            break;
        }
        ib_out_put_file(f, old, (off_t)from, doc->index_off - from);
        put += doc->index_off - from;
        ib_out_put(f, b.data, b.len);
        off[i] = put;
        len[i] = b.len;
        put += b.len;
        from = doc->index_off + doc->index_len;
    }
    if (rc == 0)
        ib_out_put_file(f, old, (off_t)from, (size_t)st.st_size - from);
    ib_buf_fini(&b);
    close(old);
    if (rc < 0)
        ib_out_discard(f);
    else if (ib_out_close(f, r->d) < 0)
        rc = -1;
    if (rc == 0) {
        /* Every entry after one made again moves by its change of size. */
        long long shift = 0;
        size_t next = 0;
        for (size_t i = 0; i < site->ndocs; i++) {
            struct ib_doc *doc = site->docs[i];
            if (next < k && doc == list[next]) {
                shift += (long long)len[next] - (long long)doc->index_len;
                doc->index_off = off[next];
                doc->index_len = len[next];
                next++;
            } else if (doc->index_len) {
                doc->index_off = (size_t)((long long)doc->index_off + shift);
            }
        }
    }
    free(off);
    free(len);
    free(list);
    return rc;
}

/* A document in the A–Z index, with its sort key. */
struct entry {
    const struct ib_doc *doc;
    struct ib_search_letter letter;
    const char *key;
    size_t keylen;
};

static int
cmp_entry(const void *pa, const void *pb)
{
    const struct entry *a = pa, *b = pb;
    if (a->letter.rank != b->letter.rank)
        return a->letter.rank < b->letter.rank ? -1 : 1;
    size_t n = a->keylen < b->keylen ? a->keylen : b->keylen;
    int c = memcmp(a->key, b->key, n);
    if (!c && a->keylen != b->keylen)
        c = a->keylen < b->keylen ? -1 : 1;
    if (!c)
        c = strcmp(a->doc->title.s, b->doc->title.s);
    return c ? c : strcmp(a->doc->id.s, b->doc->id.s);
}

/* letters[]: {label, anchor, docs[]} in A–Z order. */
static struct ib_val *
letters(struct ib_page *p)
{
    const struct ib_site *site = p->r->site;
    struct ib_arena *a = p->a;
    struct entry *e = ib_xmalloc((site->ndocs ? site->ndocs : 1) * sizeof(*e));
    size_t n = 0;
    struct ib_buf key;
    ib_buf_init(&key);
    for (size_t i = 0; i < site->ndocs; i++) {
        const struct ib_doc *doc = site->docs[i];
        if (!indexed(site, doc))
            continue;
        ib_buf_reset(&key);
        ib_search_sort_key(doc->title.s, p->lang, &key);
        e[n].doc = doc;
        e[n].letter = ib_search_letter(doc->title.s, p->lang);
        e[n].keylen = key.len;
        e[n].key = ib_arena_strndup(a, ib_buf_cstr(&key), key.len);
        n++;
    }
    ib_buf_fini(&key);
    qsort(e, n, sizeof(*e), cmp_entry);

    struct ib_val *list = ib_val_list(a), *docs = NULL;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || e[i].letter.rank != e[i - 1].letter.rank) {
            struct ib_val *l = ib_val_map(a);
            ib_val_set_str(a, l, "label", e[i].letter.label);
            ib_val_set_str(a, l, "anchor", e[i].letter.anchor);
            docs = ib_val_set(a, l, "docs", ib_val_list(a));
            ib_val_push(a, list, l);
        }
        const struct ib_doc *doc = e[i].doc;
        struct ib_val *s = ib_page_summary(p, doc);
        ib_val_set_bool(a, s, "show_status", doc->status != IB_STATUS_APPROVED);
        ib_val_push(a, docs, s);
    }
    for (size_t i = 0; i < list->n; i++)
        ib_val_set(a, list->items[i], "count",
                   ib_page_num(p, (long)ib_val_get(list->items[i], "docs")->n));
    free(e);
    return list;
}

int
ib_render_search(const struct ib_render *r)
{
    int rc = ib_render_search_index(r);
    struct ib_page p;
    struct ib_val *ctx =
        ib_page_begin(&p, r, "search.html",
                      ib_page_text(r, NULL, "search_title"), "search", NULL);
    struct ib_val *l = ib_val_set(p.a, ctx, "letters", letters(&p));
    long count = 0;
    for (size_t i = 0; i < l->n; i++)
        count += (long)ib_val_get(l->items[i], "docs")->n;
    ib_val_set(p.a, ctx, "count", ib_page_num(&p, count));
    ib_val_set_str(p.a, ctx, "count_text",
                   ib_page_tn(&p, "documents_count", count, (char *)NULL));
    ib_val_set_str(p.a, ctx, "index", ib_page_href(&p, "search-index.json"));
    if (ib_page_end(&p, "search") < 0)
        rc = -1;
    return rc;
}
