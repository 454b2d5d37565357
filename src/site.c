/* SPDX-License-Identifier: MIT */
/*
 * The site model. Loading runs in passes over every document in path
 * order: read and check front matter (on threads); index ids
 * (duplicates); parse each body, resolve its links against the ids and
 * paths, let the caller keep what it needs and free the tree (on threads;
 * with document filters, parse all, filter, then the rest); and last,
 * serially, check anchors in other documents, collect backlinks and check
 * related documents and translations. The order of documents, and so of
 * findings and output, never depends on the file system's order or on
 * the threads.
 */
#include "site.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "arena.h"
#include "buf.h"
#include "cache.h"
#include "catalog.h"
#include "diag.h"
#include "filter.h"
#include "fs.h"
#include "guard.h"
#include "i18n.h"
#include "markdown.h"
#include "mdlimit.h"
#include "pool.h"
#include "spill.h"
#include "text.h"
#include "xmalloc.h"

static int
cmp_id(const void *pa, const void *pb)
{
    const struct ib_doc *a = *(struct ib_doc *const *)pa;
    const struct ib_doc *b = *(struct ib_doc *const *)pb;
    int c = ib_text_casecmp(a->id.s, b->id.s);
    return c ? c : strcmp(a->path, b->path);
}

/* The hash of S: ib_text_hash, or if FOLD, FNV-1a with ASCII letters
 * lowercased, as ib_text_casecmp sees them. */
static uint32_t
key_hash(const char *s, bool fold)
{
    if (!fold)
        return ib_text_hash(s);
    uint32_t h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ (*p >= 'A' && *p <= 'Z' ? *p + 32u : *p)) * 16777619u;
    return h;
}

/* A document's id (BY_ID) or path: the keys of the two indexes. */
static const char *
doc_key(const struct ib_doc *doc, bool by_id)
{
    return by_id ? doc->id.s : doc->path;
}

/*
 * Returns a hash index of DOCS[0..N) by id, ignoring case (BY_ID), or by
 * path, in A: open addressing, at most half full; *MASK is the slot count
 * - 1. A slot keeps its key and the key's hash, so that a probe reads a
 * key only when the hashes are equal and no document at all: at 10,000
 * documents each read is a cache miss, and a document's first lines are
 * written by the thread parsing it while others look links up.
 */
static struct ib_doc_slot *
index_docs(struct ib_arena *a, struct ib_doc *const *docs, size_t n,
           bool by_id, size_t *mask)
{
    size_t size = 16;
    while (size < 2 * n)
        size *= 2;
    struct ib_doc_slot *slots = ib_arena_calloc(a, size, sizeof(*slots));
    *mask = size - 1;
    for (size_t i = 0; i < n; i++) {
        const char *key = doc_key(docs[i], by_id);
        uint32_t h = key_hash(key, by_id);
        size_t j = h & *mask;
        while (slots[j].pos)
            j = (j + 1) & *mask;
        slots[j] = (struct ib_doc_slot){(uint32_t)(i + 1), h, key};
    }
    return slots;
}

/* The document of DOCS whose id (BY_ID) or path is KEY, through the
 * index_docs index SLOTS, MASK; or NULL. */
static struct ib_doc *
find_doc(const struct ib_doc_slot *slots, size_t mask,
         struct ib_doc *const *docs, const char *key, bool by_id)
{
    uint32_t h = key_hash(key, by_id);
    for (size_t j = h & mask; slots[j].pos; j = (j + 1) & mask) {
        if (slots[j].hash != h)
            continue;
        const char *k = slots[j].key;
        if ((by_id ? ib_text_casecmp(key, k) : strcmp(key, k)) == 0)
            return docs[slots[j].pos - 1];
    }
    return NULL;
}

/* (Re)builds the hash index of SITE->by_id. */
static void
hash_ids(struct ib_site *site)
{
    site->id_slots = index_docs(site->arena, site->by_id, site->nby_id, true,
                                &site->id_mask);
}

static void
index_ids(struct ib_site *site, struct ib_diag *d)
{
    site->by_id = ib_arena_calloc(site->arena, site->ndocs + 1,
                                  sizeof(*site->by_id));
    for (size_t i = 0; i < site->ndocs; i++)
        if (site->docs[i]->valid)
            site->by_id[site->nby_id++] = site->docs[i];
    qsort(site->by_id, site->nby_id, sizeof(*site->by_id), cmp_id);

    /* Keep the first of each id (by path); report and drop the rest. */
    size_t kept = 0;
    for (size_t i = 0; i < site->nby_id; i++) {
        struct ib_doc *doc = site->by_id[i];
        if (kept && ib_text_casecmp(site->by_id[kept - 1]->id.s,
                                    doc->id.s) == 0) {
            const struct ib_doc *first = site->by_id[kept - 1];
            ib_diag_add(d, IB_SEV_ERROR,
                        (struct ib_loc){doc->path, doc->id.line, doc->id.col},
                        "id-duplicate", "id '%s' is already used by %s (as '%s')",
                        doc->id.s, first->path, first->id.s);
            doc->valid = false;
            continue;
        }
        site->by_id[kept++] = doc;
    }
    site->nby_id = kept;
    hash_ids(site);
}

struct ib_doc *
ib_site_find_id(const struct ib_site *site, const char *id)
{
    return find_doc(site->id_slots, site->id_mask, site->by_id, id, true);
}

struct ib_doc *
ib_site_find_path(const struct ib_site *site, const char *path)
{
    return find_doc(site->path_slots, site->path_mask, site->docs, path,
                    false);
}

bool
ib_site_is_published(const struct ib_site *site, const struct ib_doc *doc)
{
    return doc->valid && doc->classification <= site->cfg.max_class;
}

struct ib_review
ib_site_review(const struct ib_site *site, const struct ib_doc *doc)
{
    struct ib_review r = {IB_REVIEW_NONE, {0, 0, 0}, 0};
    if (!ib_doc_due(doc, &r.due))
        return r;
    r.days = ib_date_diff(r.due, site->today);
    if (r.days < 0)
        r.state = IB_REVIEW_OVERDUE;
    else if (r.days <= site->cfg.warn_days)
        r.state = IB_REVIEW_DUE_SOON;
    else
        r.state = IB_REVIEW_CURRENT;
    return r;
}

const char *
ib_site_root_prefix(struct ib_arena *a, const char *page)
{
    size_t depth = 0;
    for (const char *p = strchr(page, '/'); p; p = strchr(p + 1, '/'))
        depth++;
    char *s = ib_arena_alloc(a, depth * 3 + 1);
    for (size_t i = 0; i < depth; i++)
        memcpy(s + i * 3, "../", 3);
    s[depth * 3] = '\0';
    return s;
}

const char *
ib_site_href(struct ib_arena *a, const char *from, const char *to)
{
    /* Drop the folders both paths share, then climb out of FROM's rest. */
    size_t common = 0;
    for (size_t i = 0; from[i] && from[i] == to[i]; i++)
        if (from[i] == '/')
            common = i + 1;
    size_t depth = 0;
    for (const char *p = strchr(from + common, '/'); p; p = strchr(p + 1, '/'))
        depth++;
    /* Percent-encoded: a '#', '?' or '%' in a file name would end the
     * path or start an escape, and a ':' in the first segment would make
     * it a scheme. */
    const char *path = to + common;
    size_t plain = ib_text_url_plain(path);
    size_t len = path[plain] ? ib_text_url_path(NULL, path) : plain;
    char *s = ib_arena_alloc(a, depth * 3 + len + 1), *q = s;
    for (size_t i = 0; i < depth; i++) {
        *q++ = '.';
        *q++ = '.';
        *q++ = '/';
    }
    if (path[plain])
        ib_text_url_path(q, path);
    else
        memcpy(q, path, len);
    q[len] = '\0';
    return s;
}

/*
 * Joins the folder of BASE with the relative path REL (LEN bytes),
 * resolving "." and "..". Returns NULL if REL climbs above the root.
 */
static char *
join_path(struct ib_arena *a, const char *base, const char *rel, size_t len)
{
    size_t blen = strlen(base);
    while (blen && base[blen - 1] != '/')
        blen--;
    char *out = ib_arena_alloc(a, blen + len + 2);
    memcpy(out, base, blen);
    size_t n = blen; /* out[0..n) is empty or ends in '/' */
    const char *p = rel, *end = rel + len;
    while (p < end) {
        const char *seg = p;
        while (p < end && *p != '/')
            p++;
        size_t sl = (size_t)(p - seg);
        if (p < end)
            p++;
        if (sl == 0 || (sl == 1 && seg[0] == '.'))
            continue;
        if (sl == 2 && seg[0] == '.' && seg[1] == '.') {
            if (n == 0)
                return NULL;
            n--;
            while (n && out[n - 1] != '/')
                n--;
            continue;
        }
        memcpy(out + n, seg, sl);
        n += sl;
        out[n++] = '/';
    }
    if (n)
        n--;
    out[n] = '\0';
    return out;
}

/*
 * Decodes the %XX escapes of the N bytes of PATH into the arena: a link
 * to "my%20policy.md" names the file "my policy.md", as CommonMark wants
 * spaces in link targets escaped. *LEN gets the length. Returns NULL when
 * an escape decodes to NUL, which no file name holds.
 */
static char *
unescape_path(struct ib_arena *a, const char *path, size_t n, size_t *len)
{
    struct ib_buf b;
    ib_buf_init(&b);
    char *out = ib_text_percent_decode(path, n, &b)
                    ? ib_arena_strndup(a, ib_buf_cstr(&b), b.len)
                    : NULL;
    *len = b.len;
    ib_buf_fini(&b);
    return out;
}

/* An anchor in another document, checked once every body is parsed. */
struct anchor_check {
    const struct ib_doc *to;
    const char *frag;
    struct ib_loc loc;
};

/*
 * What resolving one document's links leaves for the serial pass: its
 * findings, the documents it links to (in link order, with repeats:
 * their backlinks) and anchors to check in other documents.
 */
struct ib_doc_links {
    struct ib_diag *d;
    struct ib_doclist targets;
    struct anchor_check *checks;
    size_t nchecks, capchecks;
    struct ib_site_file *files; /* moved to the site's file_links */
    size_t nfiles, capfiles;
};

/* Resolves the links of DOC on one loading thread: strings that outlive
 * it go to KEEP, the others to A. */
struct resolver {
    const struct ib_site *site;
    struct ib_doc *doc;
    struct ib_arena *keep;
    struct ib_arena *a;
    struct ib_doc_links *out;
    struct ib_diag *d;
};

static void
defer_anchor(struct resolver *r, const struct ib_doc *to, const char *frag,
             struct ib_loc loc)
{
    struct ib_doc_links *o = r->out;
    if (o->nchecks == o->capchecks) {
        o->capchecks = o->capchecks ? o->capchecks * 2 : 4;
        o->checks = ib_xrealloc(o->checks, o->capchecks * sizeof(*o->checks));
    }
    o->checks[o->nchecks++] =
        (struct anchor_check){to, ib_arena_strdup(r->keep, frag), loc};
}

static void
add_file(struct resolver *r, const char *url, const char *path,
         const char *file, struct ib_loc loc)
{
    struct ib_doc_links *o = r->out;
    if (o->nfiles == o->capfiles) {
        o->capfiles = o->capfiles ? o->capfiles * 2 : 4;
        o->files = ib_xrealloc(o->files, o->capfiles * sizeof(*o->files));
    }
    o->files[o->nfiles++] = (struct ib_site_file){
        r->doc, ib_arena_strdup(r->keep, url), ib_arena_strdup(r->keep, path),
        file ? ib_arena_strdup(r->keep, file) : NULL, loc};
}

/* True if SITE has the content file PATH to publish. */
static bool
has_file(const struct ib_site *site, const char *path)
{
    return site->nfiles && bsearch(&path, site->files, site->nfiles,
                                   sizeof(*site->files), ib_text_cmp_ptr);
}

/* True if a file of SITE or a document is below the folder DIR, whose
 * name is LEN bytes of PREFIX ("content/forms/" of LEN 13 + 1). Both
 * lists are sorted, so the first path not before PREFIX tells. */
static bool
is_folder(const struct ib_site *site, const char *prefix)
{
    size_t lo = 0, hi = site->nfiles, n = strlen(prefix);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(site->files[mid], prefix) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < site->nfiles && strncmp(site->files[lo], prefix, n) == 0)
        return true;
    lo = 0;
    hi = site->ndocs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(site->docs[mid]->path, prefix) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < site->ndocs && strncmp(site->docs[lo]->path, prefix, n) == 0;
}

/* True if FRAG is an empty fragment or "top" in any case: HTML takes
 * both to the top of the page, with or without such a heading. */
static bool
frag_is_top(const char *frag)
{
    return !*frag || ib_text_casecmp(frag, "top") == 0;
}

/* What an anchor FRAG names, for messages: cmark-gfm's footnote ids
 * start "fn-" (the note) and "fnref-" (a reference to it). */
static const char *
anchor_kind(const char *frag)
{
    return ib_text_starts_with(frag, "fn-") ||
                   ib_text_starts_with(frag, "fnref-")
               ? "footnote"
               : "heading";
}

static void
check_anchor(struct ib_diag *d, const struct anchor_check *c)
{
    if (c->to->md && !ib_md_has_anchor(c->to->md, c->frag))
        ib_diag_add(d, IB_SEV_ERROR, c->loc, "anchor-broken",
                    "'%s' has no %s with anchor '#%s'", c->to->path,
                    anchor_kind(c->frag), c->frag);
}

static int
link_to(struct resolver *r, const struct ib_md_link *link, struct ib_doc *to,
        const char *frag, char **new_url, char **label)
{
    struct ib_loc loc = {r->doc->path, link->line, link->col};
    if (frag && !frag_is_top(frag)) {
        /* Another body may not be parsed yet: check its anchors later. */
        struct anchor_check c = {to, frag, loc};
        if (to == r->doc)
            check_anchor(r->d, &c);
        else
            defer_anchor(r, to, frag, loc);
    }
    if (ib_site_is_published(r->site, r->doc) &&
        !ib_site_is_published(r->site, to)) {
        ib_diag_add(r->d, IB_SEV_ERROR, loc, "classification-leak",
                    "links to '%s', which is %s and not published (limit: "
                    "%s)",
                    to->id.s, ib_class_name(to->classification),
                    ib_class_name(r->site->cfg.max_class));
        return -1;
    }
    if (to != r->doc)
        ib_doclist_push(&r->out->targets, to);
    struct ib_arena *a = r->a;
    const char *href = to == r->doc
                           ? ""
                           : ib_site_href(a, r->doc->out_path, to->out_path);
    if (frag && *frag)
        *new_url = ib_xstrdup(ib_arena_cat(a, href, "#", frag, (char *)NULL));
    else
        *new_url = ib_xstrdup(*href ? href : "#");
    if (link->is_wiki)
        *label = ib_xstrdup(to->title.s);
    return 0;
}

/* [[A.5.15]], [[5.15]] and [t](id:A.5.15) name an Annex A control when no
 * document has that id: they link to the control's page. */
static int
link_control(struct resolver *r, const struct ib_md_link *link,
             const char *key, const char *frag, char **new_url, char **label)
{
    const struct ib_catalog *cat = ib_catalog_builtin();
    const struct ib_control *c = ib_catalog_control(cat, key);
    if (!c) {
        /* A 2013 id names no page: say which 2022 ones it became. */
        const struct ib_control *m[4];
        size_t n = ib_catalog_legacy(cat, key, m, 4);
        if (n > 4)
            n = 4;
        struct ib_buf list;
        ib_buf_init(&list);
        for (size_t i = 0; i < n; i++)
            ib_buf_printf(&list, "%s[[%s]]",
                          i == 0 ? "" : i + 1 < n ? ", " : " or ",
                          m[i]->display_id);
        struct ib_loc loc = {r->doc->path, link->line, link->col};
        if (n)
            ib_diag_add(r->d, IB_SEV_ERROR, loc, "link-broken",
                        "no document with id '%s', and '%s' is an ISO/IEC "
                        "27001:2013 control id: link %s, its 2022 control%s",
                        key, key, ib_buf_cstr(&list), n > 1 ? "s" : "");
        else
            ib_diag_add(r->d, IB_SEV_ERROR, loc, "link-broken",
                        "no document with id '%s'", key);
        ib_buf_fini(&list);
        return -1;
    }
    struct ib_arena *a = r->a;
    const char *href = ib_site_href(
        a, r->doc->out_path,
        ib_arena_cat(a, "controls/", c->display_id, ".html", (char *)NULL));
    *new_url = ib_xstrdup(frag && *frag ? ib_arena_cat(a, href, "#", frag,
                                                       (char *)NULL)
                                        : href);
    if (link->is_wiki)
        *label = ib_xstrdup(
            ib_arena_cat(a, c->display_id, " ", c->title, (char *)NULL));
    return 0;
}

/* A link to the .md file URL (PLEN bytes) that is not a document of this
 * handbook; TARGET is where it was looked for, or NULL. */
static int
md_broken(struct resolver *r, const struct ib_md_link *link, const char *url,
          size_t plen, const char *target)
{
    const struct ib_config *cfg = &r->site->cfg;
    bool excluded = target && ib_config_is_excluded(cfg, target);
    ib_diag_add(r->d, IB_SEV_ERROR,
                (struct ib_loc){r->doc->path, link->line, link->col},
                "link-broken",
                "'%.*s' is not a document of this handbook%s%s%s",
                (int)plen, url, target ? " (looked for " : "",
                target ? target : "",
                !target     ? ""
                : excluded ? ", which 'exclude' in handbook.yaml leaves out)"
                           : ")");
    return -1;
}

/*
 * Matches the site path PATH (LEN bytes, no query or fragment) against a
 * `links.permalinks` pattern; a trailing '/' is optional on either. On a
 * match, *CAP and *CAPLEN are what :id or :path stands for.
 */
static bool
permalink_match(const char *pat, const char *path, size_t len,
                const char **cap, size_t *caplen, bool *by_id)
{
    const char *ph = strchr(pat, ':');
    while (!ib_config_permalink_token(ph))
        ph = strchr(ph + 1, ':');
    *by_id = ph[1] == 'i';
    size_t pre = (size_t)(ph - pat);
    const char *suf = ph + ib_config_permalink_token(ph);
    size_t suflen = strlen(suf);
    if (suflen && suf[suflen - 1] == '/')
        suflen--;
    if (len > 1 && path[len - 1] == '/')
        len--;
    /* "/docs/" is :path "" of "/docs/:path/": the section's index. */
    if (!*by_id && !suflen && pre && len == pre - 1 &&
        memcmp(path, pat, len) == 0) {
        *cap = path + len;
        *caplen = 0;
        return true;
    }
    if (len < pre + suflen || memcmp(path, pat, pre) != 0 ||
        memcmp(path + len - suflen, suf, suflen) != 0)
        return false;
    *cap = path + pre;
    *caplen = len - pre - suflen;
    return !*by_id || (*caplen && !memchr(*cap, '/', *caplen));
}

/*
 * A relative link to something other than a .md file, URL's first PLEN
 * bytes its path: a file of content/ is published where the document's
 * folder has it on the site (ib_site_published_files); anything else the
 * site must have by itself, which ib_site_check_files judges once the
 * pages are known. Either way the link becomes the site path's, relative
 * and percent-encoded like every link of the site. A link that leaves
 * content/ (more "../" than the document is deep: elsewhere on the
 * server), a link to a folder and a dangerous URL (ib_md_url_is_dangerous)
 * are left as they are.
 */
static int
link_file(struct resolver *r, const struct ib_md_link *link, const char *url,
          size_t plen, char **new_url)
{
    struct ib_arena *a = r->a;
    /* A scheme in disguise (java%09script:) is no file: it becomes "#". */
    if (plen == 0 || url[plen - 1] == '/' || ib_md_url_is_dangerous(url))
        return 0;
    size_t n;
    const char *p = unescape_path(a, url, plen, &n);
    if (!p) {
        ib_diag_add(r->d, IB_SEV_ERROR,
                    (struct ib_loc){r->doc->path, link->line, link->col},
                    "link-broken",
                    "'%.*s' names no file: an escape in it stands for a NUL "
                    "byte",
                    (int)plen, url);
        return -1;
    }
    char *target = join_path(a, r->doc->path, p, n);
    if (!target || !ib_text_starts_with(target, "content/") ||
        is_folder(r->site, ib_arena_cat(a, target, "/", (char *)NULL)))
        return 0;
    const char *path = target + strlen("content/");
    add_file(r, ib_arena_strndup(a, url, plen), path,
             has_file(r->site, target) ? target : NULL,
             (struct ib_loc){r->doc->path, link->line, link->col});
    *new_url = ib_xstrdup(ib_arena_cat(
        a, ib_site_href(a, r->doc->out_path, path), url + plen, (char *)NULL));
    return 0;
}

/* The document at content/P.md, content/P/index.md or content/P/_index.md. */
static struct ib_doc *
doc_at(struct resolver *r, const char *p, size_t n)
{
    static const char *const ends[] = {".md", "/index.md", "/_index.md"};
    struct ib_arena *a = r->a;
    for (size_t i = n ? 0 : 1; i < 3; i++) {
        const char *path =
            n ? ib_arena_printf(a, "content/%.*s%s", (int)n, p, ends[i])
              : ib_arena_printf(a, "content%s", ends[i]);
        struct ib_doc *to = ib_site_find_path(r->site, path);
        if (to && to->valid)
            return to;
    }
    return NULL;
}

/*
 * A link by site path, "/x/y/": a .md file below content/ or the root, or
 * a permalink. Returns 1 when PATH is none of those and the caller
 * decides. ON_ORIGIN: PATH is from an absolute link to `links.origin`,
 * a page that exists there, so only a permalink to one of our documents
 * replaces it.
 */
static int
link_site_path(struct resolver *r, const struct ib_md_link *link,
               const char *path, size_t plen, bool on_origin,
               const char *frag, char **new_url, char **label)
{
    struct ib_arena *a = r->a;
    if (!on_origin && plen > 3 && memcmp(path + plen - 3, ".md", 3) == 0) {
        /* As a repository shows it: content/ is usually the old root. */
        size_t n;
        const char *p = unescape_path(a, path + 1, plen - 1, &n);
        char *target = p ? join_path(a, "content/", p, n) : NULL;
        struct ib_doc *to = target ? ib_site_find_path(r->site, target) : NULL;
        if ((!to || !to->valid) && plen > 9 &&
            memcmp(path, "/content/", 9) == 0) {
            target = p ? join_path(a, "", p, n) : NULL;
            to = target ? ib_site_find_path(r->site, target) : NULL;
        }
        if (!to || !to->valid)
            return md_broken(r, link, path, plen, target);
        return link_to(r, link, to, frag, new_url, label);
    }
    const struct ib_config *cfg = &r->site->cfg;
    for (size_t i = 0; i < cfg->npermalinks; i++) {
        const char *cap;
        size_t n;
        bool by_id;
        if (!permalink_match(cfg->permalinks[i], path, plen, &cap, &n,
                             &by_id))
            continue;
        struct ib_doc *to =
            by_id ? ib_site_find_id(r->site, ib_arena_strndup(a, cap, n))
                  : doc_at(r, cap, n);
        if (to)
            return link_to(r, link, to, frag, new_url, label);
        if (on_origin)
            return 1;
        ib_diag_add(r->d, IB_SEV_ERROR,
                    (struct ib_loc){r->doc->path, link->line, link->col},
                    "link-broken",
                    by_id ? "'%.*s' matches the permalink '%s', but no "
                            "document has the id '%.*s'"
                          : "'%.*s' matches the permalink '%s', but no "
                            "document is at content/%.*s.md or in its "
                            "folder",
                    (int)plen, path, cfg->permalinks[i], (int)n, cap);
        return -1;
    }
    return 1;
}

/* Raw HTML that the page will not show whole: the author should know. */
static void
report_html(void *ud, unsigned line, unsigned col, const char *msg)
{
    struct resolver *r = ud;
    ib_diag_add(r->d, IB_SEV_WARNING, (struct ib_loc){r->doc->path, line, col},
                "html-dropped", "%s", msg);
}

static int
resolve_link(void *ud, const struct ib_md_link *link, char **new_url,
             char **label)
{
    struct resolver *r = ud;
    struct ib_arena *a = r->a;
    struct ib_loc loc = {r->doc->path, link->line, link->col};
    const char *url = link->url;
    const char *hash = strchr(url, '#');
    const char *frag = hash ? hash + 1 : NULL;
    size_t plen = hash ? (size_t)(hash - url) : strlen(url);

    if (link->is_image && ib_md_url_is_external(url) &&
        !ib_md_url_is_dangerous(url)) {
        ib_diag_add(r->d, IB_SEV_WARNING, loc, "image-external",
                    "the image '%s' is on another host and is not "
                    "published: the page shows its alt text (the site "
                    "loads nothing from other hosts)",
                    url);
        return 0;
    }
    if (link->is_wiki || ib_text_starts_with(url, "id:")) {
        bool prefixed = ib_text_starts_with(url, "id:");
        const char *id = prefixed ? url + 3 : url;
        char *key = ib_arena_strndup(a, id, prefixed ? plen - 3 : plen);
        struct ib_doc *to = ib_site_find_id(r->site, key);
        if (!to)
            return link_control(r, link, key, frag, new_url, label);
        return link_to(r, link, to, frag, new_url, label);
    }
    if (url[0] == '#') {
        if (r->doc->md && !frag_is_top(url + 1) &&
            !ib_md_has_anchor(r->doc->md, url + 1))
            ib_diag_add(r->d, IB_SEV_ERROR, loc, "anchor-broken",
                        "this document has no %s with anchor '%s'",
                        anchor_kind(url + 1), url);
        return 0;
    }
    const char *q = memchr(url, '?', plen);
    size_t path_len = q ? (size_t)(q - url) : plen;
    const char *origin = r->site->cfg.link_origin;
    size_t olen = origin ? strlen(origin) : 0;
    if (olen && strncmp(url, origin, olen) == 0 && url[olen] == '/' &&
        url[olen + 1] != '/') {
        /* An absolute link to the old site may name one of our pages. */
        int rc = link_site_path(r, link, url + olen, path_len - olen, true,
                                frag, new_url, label);
        return rc > 0 ? 0 : rc;
    }
    if (url[0] == '/' && url[1] != '/') {
        int rc = link_site_path(r, link, url, path_len, false, frag,
                                new_url, label);
        if (rc <= 0)
            return rc;
        /* Elsewhere on the old site: send the reader there. Not an
         * image, which the page would load from another host, so it
         * would show its alt text: it stays a file of this site. */
        if (olen && !link->is_image)
            *new_url = ib_xstrdup(ib_arena_printf(a, "%s%s", origin, url));
        return 0;
    }
    if (ib_md_url_has_scheme(url) || url[0] == '/' || url[0] == '?')
        return 0;
    plen = path_len;
    if (plen < 3 || memcmp(url + plen - 3, ".md", 3) != 0)
        return link_file(r, link, url, plen, new_url);
    size_t n;
    const char *p = unescape_path(a, url, plen, &n);
    char *target = p ? join_path(a, r->doc->path, p, n) : NULL;
    struct ib_doc *to = target ? ib_site_find_path(r->site, target) : NULL;
    if (!to || !to->valid)
        return md_broken(r, link, url, plen, target);
    return link_to(r, link, to, frag, new_url, label);
}

/* `related:` names documents by id: they must exist and be publishable. */
static void
check_related(struct ib_site *site, struct ib_doc *doc, struct ib_diag *d)
{
    for (size_t i = 0; i < doc->related.n; i++) {
        const struct ib_ref *r = &doc->related.items[i];
        struct ib_loc loc = {doc->path, r->line ? r->line : 1, r->col};
        struct ib_doc *to = ib_site_find_id(site, r->s);
        if (!to)
            ib_diag_add(d, IB_SEV_ERROR, loc, "link-broken",
                        "related document '%s' does not exist", r->s);
        else if (ib_site_is_published(site, doc) &&
                 !ib_site_is_published(site, to))
            ib_diag_add(d, IB_SEV_ERROR, loc, "classification-leak",
                        "related document '%s' is %s and not published "
                        "(limit: %s)",
                        to->id.s, ib_class_name(to->classification),
                        ib_class_name(site->cfg.max_class));
    }
}

/* Longest chain of `translation_of` followed before calling it a circle
 * (pages_lang.c stops at the same length). */
#define TRANSLATION_CHAIN_MAX 16

/*
 * `lang` must be a language code, since it becomes a page's lang
 * attribute and picks its UI strings; `translation_of` must name another
 * publishable document in another language, without going round in a
 * circle.
 */
static void
check_translation(struct ib_site *site, struct ib_doc *doc, struct ib_diag *d)
{
    const struct ib_ref *l = &doc->lang;
    if (l->s[0] && !ib_i18n_is_language(l->s))
        ib_diag_add(d, IB_SEV_ERROR,
                    (struct ib_loc){doc->path, l->line ? l->line : 1, l->col},
                    "field-type",
                    "'lang' must be a language code such as en, da, sv or "
                    "nb, not '%s'",
                    l->s);
    const struct ib_ref *r = &doc->translation_of;
    if (!r->s[0])
        return;
    struct ib_loc loc = {doc->path, r->line ? r->line : 1, r->col};
    struct ib_doc *to = ib_site_find_id(site, r->s);
    if (!to) {
        ib_diag_add(d, IB_SEV_ERROR, loc, "link-broken",
                    "'translation_of' names no document: '%s'", r->s);
        return;
    }
    const char *lang = l->s[0] ? l->s : site->cfg.language;
    const char *olang = to->lang.s[0] ? to->lang.s : site->cfg.language;
    if (to == doc)
        ib_diag_add(d, IB_SEV_ERROR, loc, "field-type",
                    "a document cannot be a translation of itself");
    else if (strcmp(lang, olang) == 0)
        ib_diag_add(d, IB_SEV_ERROR, loc, "field-type",
                    "'%s' is in '%s' too: set this translation's 'lang' to "
                    "its own language",
                    to->id.s, olang);
    else if (ib_site_is_published(site, doc) &&
             !ib_site_is_published(site, to))
        ib_diag_add(d, IB_SEV_ERROR, loc, "classification-leak",
                    "the original, '%s', is %s and not published (limit: %s)",
                    to->id.s, ib_class_name(to->classification),
                    ib_class_name(site->cfg.max_class));
    if (to == doc)
        return;
    const struct ib_doc *cur = to;
    for (int i = 0; cur && cur->translation_of.s[0]; i++) {
        cur = ib_site_find_id(site, cur->translation_of.s);
        if (cur == doc || i == TRANSLATION_CHAIN_MAX) {
            ib_diag_add(d, IB_SEV_ERROR, loc, "field-type",
                        "'translation_of' goes round in a circle: a chain "
                        "of translations must end at the original");
            return;
        }
    }
}

/*
 * Loading on several threads: each document is read and its front matter
 * checked by one worker, into that worker's arena and the document's own
 * findings, which are merged in path order.
 */
struct loader {
    struct ib_site *site;
    bool hash;                  /* fill in each document's hash */
    const struct ib_fs_list *files;
    const struct ib_diag *like; /* severity overrides for each findings */
    struct ib_arena **arenas;   /* per worker */
    struct ib_diag **diags;     /* per file */
    struct ib_doc **docs;       /* per file; NULL when not loaded */
};

/* The SHA-256 of the N bytes of TEXT. */
static void
hash_bytes(const char *text, size_t n, unsigned char out[32])
{
    struct ib_hash h;
    struct ib_cache_key k;
    ib_hash_init(&h);
    ib_hash_put(&h, text, n);
    ib_hash_end(&h, &k);
    memcpy(out, k.b, 32);
}

static void
load_one(void *ud, unsigned worker, size_t i)
{
    struct loader *l = ud;
    const char *path = l->files->paths[i];
    if (ib_config_is_excluded(&l->site->cfg, path))
        return;
    struct ib_diag *d = l->diags[i] = ib_diag_new_like(l->like);
    char *text;
    size_t len;
    if (ib_fs_read(l->site->root, path, IB_DOC_MAX, &text, &len, d) < 0)
        return;
    struct ib_doc *doc = ib_doc_load(l->arenas[worker], &l->site->cfg, path,
                                     text, len, d);
    /* What comes before the body: front matter, fences, and a heading the
     * title was taken from. */
    if (l->site->links_kept)
        hash_bytes(text, len - doc->body_len, doc->front);
    if (l->hash)
        hash_bytes(text, len, doc->hash);
    free(text);
    l->docs[i] = doc;
}

static void
load_docs(struct ib_site *site, unsigned jobs, bool hash, struct ib_diag *d)
{
    struct ib_fs_list files;
    if (ib_fs_walk(site->root, "content", ".md", &files, d) < 0)
        return;
    if (jobs > files.n)
        jobs = files.n ? (unsigned)files.n : 1;
    site->narenas = jobs;
    site->arenas = ib_xcalloc(jobs, sizeof(*site->arenas));
    for (unsigned k = 0; k < jobs; k++)
        site->arenas[k] = ib_arena_new();
    struct loader l = {
        site,
        hash,
        &files,
        d,
        site->arenas,
        ib_xcalloc(files.n + 1, sizeof(*l.diags)),
        ib_xcalloc(files.n + 1, sizeof(*l.docs)),
    };
    ib_pool_run(files.n, jobs, load_one, &l);
    site->docs = ib_arena_calloc(site->arena, files.n + 1,
                                 sizeof(*site->docs));
    for (size_t i = 0; i < files.n; i++) {
        if (l.diags[i]) {
            if (l.docs[i])
                l.docs[i]->fm_errors = ib_diag_errors(l.diags[i]) > 0;
            ib_diag_take_all(d, l.diags[i]);
            ib_diag_free(l.diags[i]);
        }
        if (l.docs[i])
            site->docs[site->ndocs++] = l.docs[i];
    }
    site->path_slots = index_docs(site->arena, site->docs, site->ndocs, false,
                                  &site->path_mask);
    free(l.diags);
    free(l.docs);
    ib_fs_list_free(&files);
}

/*
 * True if a browser may run scripts from the file PATH (.html, .svg,
 * .js...) when a reader opens it. Documents' authors may not publish
 * such a file beside them, as they may not publish raw HTML unsanitised:
 * only static/, which the site's maintainers keep, does.
 */
static bool
is_active(const char *path)
{
    static const char *const exts[] = {
        ".html", ".htm", ".xhtml", ".xht", ".shtml", ".svg", ".svgz",
        ".xml",  ".xsl", ".xslt",  ".js",  ".mjs",   NULL,
    };
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return false;
    for (size_t i = 0; exts[i]; i++)
        if (strcasecmp(dot, exts[i]) == 0)
            return true;
    return false;
}

/*
 * Lists the files of content/ that documents may link to (ib_site.files):
 * not documents, not what `exclude` leaves out, and none a browser could
 * run scripts from. The walk for documents has reported what this one
 * finds wrong.
 */
static void
load_files(struct ib_site *site)
{
    struct ib_fs_list l;
    struct ib_diag *scratch = ib_diag_new();
    int rc = ib_fs_walk_plain(site->root, "content", &l, scratch);
    ib_diag_free(scratch);
    if (rc < 0)
        return;
    size_t k = 0;
    for (size_t i = 0; i < l.n; i++) {
        char *p = l.paths[i];
        size_t n = strlen(p);
        if ((n > 3 && strcmp(p + n - 3, ".md") == 0) ||
            ib_config_is_excluded(&site->cfg, p) || is_active(p))
            free(p);
        else
            l.paths[k++] = p;
    }
    site->files = l.paths;
    site->nfiles = k;
}

/*
 * Bodies, on the loading threads again: each valid document's Markdown is
 * parsed (PARSE), and its links resolved, its body handed to the caller's
 * hook and its tree released (FINISH). Without document filters both
 * happen in one task, so only one tree per thread is alive at a time.
 */
enum { BODY_PARSE = 1, BODY_FINISH = 2 };

struct bodies {
    struct ib_site *site;
    const struct ib_site_opts *o;
    const struct ib_diag *like;
    struct ib_doc_links *out; /* per document */
    int steps;
    struct ib_cache_key *keys; /* per document, when caching */
    bool keep_trees; /* a site hook reads them: release_trees() does */
};

/*
 * Puts HTML and SEARCH, DOC's body, in the site's scratch file. Returns
 * false if there is none or it failed: keep them in memory then.
 */
static bool
spill_body(const struct ib_site *site, unsigned worker, struct ib_doc *doc,
           const char *html, const char *search)
{
    if (!site->spill || !html || !search)
        return false;
    doc->spill_len[0] = strlen(html);
    doc->spill_len[1] = strlen(search);
    struct iovec iov[2] = {{(char *)html, doc->spill_len[0]},
                           {(char *)search, doc->spill_len[1]}};
    if (ib_spill_putv(site->spill, worker, iov, 2, &doc->spill[0]) < 0)
        return false;
    doc->spill[1] = doc->spill[0] + doc->spill_len[0];
    doc->spilled[0] = doc->spilled[1] = true;
    return true;
}

/* Records in D that DOC's body could not be read back (errno says why). */
static void
unspill_error(const struct ib_doc *doc, struct ib_diag *d)
{
    ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){doc->path, 0, 0},
                "output-error",
                "cannot read the rendered body back from the scratch file: "
                "%s",
                strerror(errno));
}

int
ib_site_unspill(const struct ib_site *site, struct ib_doc *doc,
                struct ib_diag *d)
{
    if (!doc->spilled[0] || doc->html)
        return 0;
    /* It stays there too, for a page made again (serve). */
    doc->html = ib_spill_get(site->spill, doc->spill[0], doc->spill_len[0]);
    if (!doc->html) {
        unspill_error(doc, d);
        return -1;
    }
    return 0;
}

int
ib_site_put_search_fields(const struct ib_site *site, const struct ib_doc *doc,
                          struct ib_buf *b, struct ib_diag *d)
{
    if (!doc->spilled[1]) {
        ib_buf_puts(b, doc->search ? doc->search : "");
        return 0;
    }
    size_t len = doc->spill_len[1];
    if (b->len + len >= b->cap)
        ib_buf_grow(b, len);
    if (ib_spill_read(site->spill, doc->spill[1], len, b->data + b->len) < 0) {
        b->data[b->len] = '\0';
        unspill_error(doc, d);
        return -1;
    }
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

/*
 * Takes DOC's body from the cache entry E as if it had been made here.
 * Returns false, having changed nothing, if E names a document that is
 * not there.
 */
static bool
from_cache(struct ib_site *site, unsigned worker, struct ib_doc *doc,
           struct ib_doc_links *out, const struct ib_cache_body *e)
{
    struct ib_arena *a = site->arenas[worker];
    struct ib_doc **to = ib_xcalloc(e->nchecks + e->ntargets + 1, sizeof(*to));
    for (size_t i = 0; i < e->nchecks + e->ntargets; i++) {
        to[i] = ib_site_find_path(site, i < e->nchecks ? e->checks[i].to
                                               : e->targets[i - e->nchecks]);
        if (!to[i]) {
            free(to);
            return false;
        }
    }
    for (size_t i = 0; i < e->nfiles; i++)
        if (e->files[i].file[0] && !has_file(site, e->files[i].file)) {
            free(to);
            return false;
        }
    for (size_t i = 0; i < e->nfindings; i++) {
        const struct ib_cache_finding *f = &e->findings[i];
        ib_diag_add(out->d, (enum ib_sev)f->sev,
                    (struct ib_loc){doc->path, f->line, f->col}, f->rule, "%s",
                    f->msg);
    }
    struct resolver r = {site, doc, a, a, out, out->d};
    for (size_t i = 0; i < e->nchecks; i++)
        defer_anchor(&r, to[i], e->checks[i].frag,
                     (struct ib_loc){doc->path, e->checks[i].line,
                                     e->checks[i].col});
    for (size_t i = 0; i < e->ntargets; i++)
        ib_doclist_push(&out->targets, to[e->nchecks + i]);
    free(to);
    for (size_t i = 0; i < e->nfiles; i++) {
        const struct ib_cache_file *f = &e->files[i];
        add_file(&r, f->url, f->path, f->file[0] ? f->file : NULL,
                 (struct ib_loc){doc->path, f->line, f->col});
    }
    doc->md = ib_md_from_anchors(e->heads, e->nheads, e->notes, e->nnotes);
    if (!spill_body(site, worker, doc, e->html, e->search)) {
        doc->html = e->html ? ib_xstrdup(e->html) : NULL;
        doc->search = e->search ? ib_xstrdup(e->search) : NULL;
    }
    return true;
}

/* Puts what body_one made of DOC into the cache under KEY. */
static void
to_cache(struct ib_cache *c, const struct ib_cache_key *key,
         const struct ib_doc *doc, const struct ib_doc_links *out)
{
    struct ib_cache_body e = {0};
    e.nfindings = ib_diag_count(out->d);
    e.findings = ib_xcalloc(e.nfindings + 1, sizeof(*e.findings));
    for (size_t i = 0; i < e.nfindings; i++) {
        const struct ib_finding *f = ib_diag_get(out->d, i);
        e.findings[i] = (struct ib_cache_finding){(int)f->sev, f->loc.line,
                                                  f->loc.col, f->rule, f->msg};
    }
    e.nheads = ib_md_heading_count(doc->md);
    e.heads = ib_xcalloc(e.nheads + 1, sizeof(*e.heads));
    for (size_t i = 0; i < e.nheads; i++)
        e.heads[i] = *ib_md_heading_get(doc->md, i);
    e.nnotes = ib_md_note_count(doc->md);
    e.notes = ib_xcalloc(e.nnotes + 1, sizeof(*e.notes));
    for (size_t i = 0; i < e.nnotes; i++)
        e.notes[i] = ib_md_note_get(doc->md, i);
    e.nchecks = out->nchecks;
    e.checks = ib_xcalloc(e.nchecks + 1, sizeof(*e.checks));
    for (size_t i = 0; i < e.nchecks; i++) {
        const struct anchor_check *k = &out->checks[i];
        e.checks[i] = (struct ib_cache_check){k->to->path, k->frag,
                                              k->loc.line, k->loc.col};
    }
    e.ntargets = out->targets.n;
    e.targets = ib_xcalloc(e.ntargets + 1, sizeof(*e.targets));
    for (size_t i = 0; i < e.ntargets; i++)
        e.targets[i] = out->targets.items[i]->path;
    e.nfiles = out->nfiles;
    e.files = ib_xcalloc(e.nfiles + 1, sizeof(*e.files));
    for (size_t i = 0; i < e.nfiles; i++) {
        const struct ib_site_file *f = &out->files[i];
        e.files[i] = (struct ib_cache_file){
            f->url, f->path, f->file ? f->file : "", f->loc.line, f->loc.col};
    }
    e.html = doc->html;
    e.search = doc->search;
    ib_cache_put(c, key, &e);
    ib_cache_body_fini(&e);
}

static void
body_one(void *ud, unsigned worker, size_t i)
{
    struct bodies *b = ud;
    struct ib_site *site = b->site;
    struct ib_doc *doc = site->docs[i];
    struct ib_doc_links *out = &b->out[i];
    if (!out->d)
        out->d = ib_diag_new_like(b->like);
    struct ib_cache_body e;
    if (b->keys && doc->valid && ib_cache_get(b->o->cache, &b->keys[i], &e)) {
        bool hit = from_cache(site, worker, doc, out, &e);
        ib_cache_body_fini(&e);
        if (hit) {
            ib_doc_drop_body(doc);
            return;
        }
    }
    if ((b->steps & BODY_PARSE) && doc->valid) {
        ib_guard_begin(worker, doc->path, "parsing");
        /* Without filters between, the tree goes as soon as it is
         * rendered, a few lines below. */
        doc->md = ib_mdlimit_parse(doc->path, doc->body, doc->body_len,
                                   doc->body_line,
                                   (b->steps & BODY_FINISH) && !b->keep_trees,
                                   out->d);
        ib_guard_end(worker);
        /* A filter finds positions inside text nodes in the body
         * (ib_md_node_position): it stays as long as the tree. */
        if ((b->steps & BODY_FINISH) && !b->keep_trees)
            ib_doc_drop_body(doc);
    }
    if (!(b->steps & BODY_FINISH) || !doc->md)
        return;
    struct ib_arena *scratch = ib_arena_new();
    struct resolver r = {site, doc, site->arenas[worker], scratch, out, out->d};
    /* The mode first: links in raw HTML are resolved where it is
     * published; what it loses is told once they are. */
    ib_md_set_raw_html(doc->md, site->cfg.raw_html, NULL, NULL);
    ib_md_resolve_links(doc->md, resolve_link, &r);
    ib_md_set_raw_html(doc->md, site->cfg.raw_html, report_html, &r);
    ib_arena_free(scratch);
    if (b->o->body) {
        ib_guard_begin(worker, doc->path, "rendering");
        b->o->body(b->o->ud, site, doc);
        ib_guard_end(worker);
    }
    if (b->keys)
        to_cache(b->o->cache, &b->keys[i], doc, out);
    if (!b->keep_trees) {
        ib_md_release_tree(doc->md);
        ib_doc_drop_body(doc);
    }
    if (spill_body(site, worker, doc, doc->html, doc->search)) {
        free(doc->html);
        free(doc->search);
        doc->html = doc->search = NULL;
    }
}

/* A filter's ismsbook.log(): a debugging aid, so straight to stderr. */
static void
log_line(void *ud, const char *file, unsigned line, const char *msg)
{
    (void)ud;
    if (line)
        fprintf(stderr, "%s:%u: log: %s\n", file, line, msg);
    else
        fprintf(stderr, "%s: log: %s\n", file, msg);
}

/*
 * Filters run between parsing and link resolution, so the links they
 * write are resolved and checked like the author's. A document whose
 * changed metadata no longer validates leaves the id index.
 */
static void
run_document_filters(struct ib_site *site, struct ib_filter_set *fs,
                     struct ib_diag *d)
{
    for (size_t i = 0; i < site->ndocs; i++) {
        struct ib_doc *doc = site->docs[i];
        if (doc->md && ib_filter_run_document(fs, doc, d) < 0)
            break;
    }
    size_t kept = 0;
    for (size_t i = 0; i < site->nby_id; i++)
        if (site->by_id[i]->valid)
            site->by_id[kept++] = site->by_id[i];
    site->nby_id = kept;
    hash_ids(site);
}

/* Document I's checks that read other documents, once every body is
 * parsed: its anchors in them, its related documents and its translation.
 * The findings go to its own list, so threads may share the work. */
static void
check_links(void *ud, unsigned worker, size_t i)
{
    (void)worker;
    struct bodies *b = ud;
    struct ib_doc *doc = b->site->docs[i];
    struct ib_doc_links *o = &b->out[i];
    for (size_t k = 0; k < o->nchecks; k++)
        check_anchor(o->d, &o->checks[k]);
    if (doc->md) {
        check_related(b->site, doc, o->d);
        check_translation(b->site, doc, o->d);
    }
}

/*
 * The end of loading: each document's checks of the others, side by side,
 * then in path order its findings and the backlinks it gives.
 */
static void
link_docs(struct bodies *b, struct ib_diag *d)
{
    struct ib_site *site = b->site;
    ib_pool_run(site->ndocs, (unsigned)site->narenas, check_links, b);
    size_t nfiles = 0;
    for (size_t i = 0; i < site->ndocs; i++)
        nfiles += b->out[i].nfiles;
    site->file_links =
        ib_arena_calloc(site->arena, nfiles + 1, sizeof(*site->file_links));
    for (size_t i = 0; i < site->ndocs; i++) {
        struct ib_doc_links *o = &b->out[i];
        if (o->nfiles)
            memcpy(site->file_links + site->nfile_links, o->files,
                   o->nfiles * sizeof(*o->files));
        site->nfile_links += o->nfiles;
        free(o->files);
        o->files = NULL;
        o->nfiles = o->capfiles = 0;
    }
    for (size_t i = 0; i < site->ndocs; i++) {
        struct ib_doc *doc = site->docs[i];
        struct ib_doc_links *o = &b->out[i];
        for (size_t k = 0; k < o->targets.n; k++)
            ib_doclist_push(&o->targets.items[k]->referenced_by, doc);
        ib_diag_take_all(d, o->d);
        ib_diag_free(o->d);
        o->d = NULL;
        if (!site->links_kept) {
            free(o->checks);
            free(o->targets.items);
        }
    }
}

/* Frees the trees a site hook read, keeping the headings, as body_one
 * would have done had there been no site hook. */
static void
release_trees(struct ib_site *site)
{
    for (size_t i = 0; i < site->ndocs; i++) {
        if (site->docs[i]->md)
            ib_md_release_tree(site->docs[i]->md);
        ib_doc_drop_body(site->docs[i]);
    }
}

/*
 * The cache keys of the documents: each hashes the document's path and
 * bytes, and what its body's products depend on besides: handbook.yaml,
 * whether pages are made, the classification limit in force (which
 * --max-classification may set apart from handbook.yaml; it decides
 * which links are classification leaks), and what links resolve
 * against, every document's path, validity, id, title, classification
 * and page, and the files of content/ other than documents. (The
 * program is the cache file's stamp.) An edit to one body changes one
 * key; a new title, say, changes them all. Returns NULL if
 * handbook.yaml cannot be read again.
 */
static struct ib_cache_key *
cache_keys(const struct ib_site *site, const struct ib_site_opts *o)
{
    char *cfg;
    size_t len;
    struct ib_diag *scratch = ib_diag_new();
    int rc = ib_fs_read(site->root, site->cfg.file, (size_t)1 << 24, &cfg,
                        &len, scratch);
    ib_diag_free(scratch);
    if (rc < 0)
        return NULL;
    struct ib_hash base;
    ib_hash_init(&base);
    ib_hash_put(&base, cfg, len);
    free(cfg);
    ib_hash_str(&base, o->body ? "pages" : "check");
    ib_hash_str(&base, ib_class_name(site->cfg.max_class));
    /* Which files a link finds in content/, and not their bytes: those
     * are copied by every build. */
    for (size_t i = 0; i < site->nfiles; i++)
        ib_hash_str(&base, site->files[i]);
    ib_hash_str(&base, "");
    for (size_t i = 0; i < site->ndocs; i++) {
        const struct ib_doc *doc = site->docs[i];
        char flags[3] = {doc->valid ? 'v' : '-',
                         (char)('0' + doc->classification), '\0'};
        ib_hash_str(&base, doc->path);
        ib_hash_str(&base, flags);
        ib_hash_str(&base, doc->id.s);
        ib_hash_str(&base, doc->title.s);
        ib_hash_str(&base, doc->out_path);
    }
    struct ib_cache_key *keys =
        ib_xcalloc(site->ndocs + 1, sizeof(*keys));
    for (size_t i = 0; i < site->ndocs; i++) {
        struct ib_hash h = base;
        ib_hash_str(&h, site->docs[i]->path);
        ib_hash_put(&h, site->docs[i]->hash, sizeof site->docs[i]->hash);
        ib_hash_end(&h, &keys[i]);
    }
    return keys;
}

struct ib_site *
ib_site_load(const struct ib_site_opts *o, struct ib_diag *d, int *status)
{
    struct ib_site *site = ib_xcalloc(1, sizeof(*site));
    site->arena = ib_arena_new();
    site->root = ib_arena_strdup(site->arena, o->root);
    site->today = o->today;
    *status = IB_EXIT_OK;
    if (ib_config_load(site->arena, site->root, &site->cfg, d) < 0) {
        *status = IB_EXIT_USAGE;
        ib_site_free(site);
        return NULL;
    }
    if (o->have_max_class)
        site->cfg.max_class = o->max_class;
    site->links_kept = o->keep_links;
    load_docs(site, o->jobs ? o->jobs : ib_pool_cpus(), o->cache != NULL, d);
    load_files(site);
    if (o->spill && o->body)
        site->spill = ib_spill_open((unsigned)site->narenas);
    index_ids(site, d);
    site->filter_findings = ib_diag_new();
    ib_config_apply_rules(&site->cfg, site->filter_findings);
    struct ib_filter_set *fs =
        ib_filter_set_new(site, ib_catalog_builtin(), site->filter_findings,
                          o->log ? o->log : log_line, o->log_ud, d);
    struct bodies b = {site, o, d,
                       ib_xcalloc(site->ndocs + 1, sizeof(*b.out)), 0, NULL,
                       false};
    bool hooks = ib_filter_set_has_document_hooks(fs);
    /* A document hook may do anything with a tree: nothing is cached. A
     * site hook walks the trees, which a cached body has not got: every
     * tree is parsed and kept until the site hook is done. */
    b.keep_trees = ib_filter_set_has_site_hooks(fs);
    if (o->cache && !hooks && !b.keep_trees)
        b.keys = cache_keys(site, o);
    if (hooks) {
        b.steps = BODY_PARSE;
        ib_pool_run(site->ndocs, (unsigned)site->narenas, body_one, &b);
        run_document_filters(site, fs, d);
        b.steps = BODY_FINISH;
    } else {
        b.steps = BODY_PARSE | BODY_FINISH;
    }
    ib_pool_run(site->ndocs, (unsigned)site->narenas, body_one, &b);
    /* What it cannot write stays in memory, read back all the same. */
    if (site->spill)
        ib_spill_flush(site->spill);
    link_docs(&b, d);
    if (site->links_kept)
        site->links = b.out;
    else
        free(b.out);
    free(b.keys);
    ib_filter_run_site(fs, d);
    ib_filter_set_free(fs);
    if (b.keep_trees)
        release_trees(site);
    return site;
}

/* Task 0 closes the scratch file, which at thousands of bodies keeps the
 * kernel busy a while; the others free the documents beside it. */
static void
free_one(void *ud, unsigned worker, size_t i)
{
    (void)worker;
    struct ib_site *site = ud;
    if (i == 0) {
        ib_spill_close(site->spill);
        site->spill = NULL;
    } else {
        ib_doc_fini(site->docs[i - 1]);
    }
}

void
ib_site_free(struct ib_site *site)
{
    if (!site)
        return;
    ib_pool_run(site->ndocs + 1, site->narenas ? (unsigned)site->narenas : 1,
                free_one, site);
    ib_diag_free(site->filter_findings);
    for (size_t i = 0; site->links && i < site->ndocs; i++) {
        free(site->links[i].checks);
        free(site->links[i].targets.items);
    }
    free(site->links);
    for (size_t i = 0; i < site->nfiles; i++)
        free(site->files[i]);
    free(site->files);
    for (size_t i = 0; i < site->narenas; i++)
        ib_arena_free(site->arenas[i]);
    free(site->arenas);
    ib_arena_free(site->arena);
    free(site);
}

/* True if L holds DOC. */
static bool
has_doc(const struct ib_doclist *l, const struct ib_doc *doc)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->items[i] == doc)
            return true;
    return false;
}

/* Puts FROM into TO's backlinks, which are in path order, or takes it
 * out; adds TO to PAGES. */
static void
move_backlink(struct ib_doc *to, struct ib_doc *from, bool add,
              struct ib_doclist *pages)
{
    struct ib_doclist *l = &to->referenced_by;
    size_t at = 0;
    while (at < l->n && strcmp(l->items[at]->path, from->path) < 0)
        at++;
    bool there = at < l->n && l->items[at] == from;
    if (add && !there) {
        ib_doclist_push(l, from); /* room for one more */
        memmove(&l->items[at + 1], &l->items[at],
                (l->n - 1 - at) * sizeof(*l->items));
        l->items[at] = from;
    } else if (!add && there) {
        memmove(&l->items[at], &l->items[at + 1],
                (l->n - at - 1) * sizeof(*l->items));
        l->n--;
    }
    if (!has_doc(pages, to))
        ib_doclist_push(pages, to);
}

/* True if A and B are one link to one file, wherever they are. */
static bool
same_file_link(const struct ib_site_file *a, const struct ib_site_file *b)
{
    return strcmp(a->url, b->url) == 0 && strcmp(a->path, b->path) == 0 &&
           (a->file && b->file ? strcmp(a->file, b->file) == 0
                               : a->file == b->file);
}

/* True if every anchor check of the N CHECKS finds its heading. */
static bool
anchors_hold(const struct anchor_check *checks, size_t n,
             const struct ib_doc *to)
{
    for (size_t k = 0; k < n; k++)
        if ((!to || checks[k].to == to) && checks[k].to->md &&
            !ib_md_has_anchor(checks[k].to->md, checks[k].frag))
            return false;
    return true;
}

int
ib_site_update_body(struct ib_site *site, const struct ib_site_opts *o,
                    struct ib_doc *doc, const char *text, size_t len,
                    struct ib_doclist *pages)
{
    /* Filters see every document; a derived title comes from the body. */
    if (!site->links || !site->spill || !doc->md || !doc->valid ||
        site->cfg.nfilters || site->cfg.derive_title ||
        !ib_text_valid_utf8(text, len, NULL))
        return 0;
    struct ib_diag *scratch = ib_diag_new();
    struct ib_fm fm;
    int rc = ib_fm_split_as(text, len, doc->path, site->cfg.front_matter, &fm,
                            scratch);
    ib_diag_free(scratch);
    unsigned char front[32];
    if (rc < 0)
        return 0;
    hash_bytes(text, fm.body_off, front);
    if (memcmp(front, doc->front, sizeof front) != 0 ||
        fm.body_line != doc->body_line)
        return 0;

    size_t i = 0;
    while (i < site->ndocs && site->docs[i] != doc)
        i++;
    if (i == site->ndocs)
        return 0;
    ib_md_free(doc->md);
    doc->md = NULL;
    free(doc->html);
    free(doc->search);
    doc->html = doc->search = NULL;
    doc->spilled[0] = doc->spilled[1] = false;
    ib_doc_drop_body(doc);
    char *body = ib_xmalloc(fm.body_len + 1);
    memcpy(body, text + fm.body_off, fm.body_len);
    body[fm.body_len] = '\0';
    doc->body = body;
    doc->body_len = fm.body_len;
    doc->own_body = true;

    struct ib_diag *like = ib_diag_new();
    ib_config_apply_rules(&site->cfg, like);
    struct bodies b = {site, o, like,
                       ib_xcalloc(site->ndocs + 1, sizeof(*b.out)),
                       BODY_PARSE | BODY_FINISH, NULL, false};
    body_one(&b, 0, i);
    ib_spill_flush(site->spill);
    struct ib_doc_links *now = &b.out[i], *was = &site->links[i];
    /* Findings are the full build's to report; so are anchors lost. */
    bool quiet = ib_diag_count(now->d) == 0 && doc->md &&
                 anchors_hold(now->checks, now->nchecks, NULL);
    for (size_t j = 0; quiet && j < site->ndocs; j++)
        quiet = anchors_hold(site->links[j].checks, site->links[j].nchecks,
                             doc);
    /* Other links to files would be judged, and files copied, anew. */
    size_t at = 0, nwas = 0;
    while (at < site->nfile_links && site->file_links[at].from != doc)
        at++;
    while (at + nwas < site->nfile_links &&
           site->file_links[at + nwas].from == doc)
        nwas++;
    quiet = quiet && nwas == now->nfiles;
    for (size_t k = 0; quiet && k < nwas; k++)
        quiet = same_file_link(&site->file_links[at + k], &now->files[k]);
    if (quiet) {
        for (size_t k = 0; k < nwas; k++)
            site->file_links[at + k].loc = now->files[k].loc;
        ib_doclist_push(pages, doc);
        for (size_t k = 0; k < was->targets.n; k++)
            if (!has_doc(&now->targets, was->targets.items[k]))
                move_backlink(was->targets.items[k], doc, false, pages);
        for (size_t k = 0; k < now->targets.n; k++)
            if (!has_doc(&was->targets, now->targets.items[k]))
                move_backlink(now->targets.items[k], doc, true, pages);
        free(was->checks);
        free(was->targets.items);
        ib_diag_free(now->d); /* empty: kept links keep no findings */
        now->d = NULL;
        /* The links to files stay in site->file_links, as a build left
         * them (with their new places). */
        free(now->files);
        now->files = NULL;
        now->nfiles = now->capfiles = 0;
        *was = *now;
        *now = (struct ib_doc_links){0};
    }
    ib_diag_free(now->d);
    free(now->checks);
    free(now->targets.items);
    free(now->files);
    free(b.out);
    ib_diag_free(like);
    return quiet;
}

/* True if something is at REL below ROOT. */
static bool
exists(const char *root, const char *rel)
{
    struct ib_buf b;
    ib_buf_init(&b);
    ib_buf_printf(&b, "%s/%s", root && *root ? root : ".", rel);
    struct stat st;
    bool there = lstat(ib_buf_cstr(&b), &st) == 0;
    ib_buf_fini(&b);
    return there;
}

/* The published document whose page is at the site path PATH, or NULL. */
static const struct ib_doc *
page_doc(const struct ib_site *site, const char *path)
{
    size_t n = strlen(path);
    if (n <= 5 || strcmp(path + n - 5, ".html") != 0)
        return NULL;
    struct ib_buf b;
    ib_buf_init(&b);
    ib_buf_printf(&b, "content/%.*s.md", (int)(n - 5), path);
    const struct ib_doc *doc = ib_site_find_path(site, ib_buf_cstr(&b));
    ib_buf_fini(&b);
    return doc && ib_site_is_published(site, doc) ? doc : NULL;
}

int
ib_site_check_files(const struct ib_site *site, ib_site_has_fn has, void *ud,
                    struct ib_diag *d)
{
    int rc = 0;
    for (size_t i = 0; i < site->nfile_links; i++) {
        const struct ib_site_file *f = &site->file_links[i];
        const struct ib_doc *page = page_doc(site, f->path);
        enum ib_site_has h = page ? IB_SITE_HAS_PAGE : has(ud, f->path);
        if (!f->file && h == IB_SITE_HAS_NOTHING) {
            struct ib_buf b;
            ib_buf_init(&b);
            ib_buf_printf(&b, "content/%s", f->path);
            const char *looked = ib_buf_cstr(&b);
            const char *why = ib_config_is_excluded(&site->cfg, looked)
                                  ? NULL
                                  : ib_fs_plain_why(site->root, looked);
            if (!why && is_active(looked) && exists(site->root, looked))
                why = "a file a browser can run scripts from (static/ "
                      "may hold one; content/ may not)";
            struct ib_buf w;
            ib_buf_init(&w);
            if (why)
                ib_buf_printf(&w, "%s, which is not published", why);
            ib_diag_add(d, IB_SEV_ERROR, f->loc, "link-broken",
                        "'%s' is not a file of this handbook (looked for "
                        "%s%s%s%s, and for %s among the pages and static "
                        "files of the site)",
                        f->url, looked,
                        ib_config_is_excluded(&site->cfg, looked)
                            ? ", which 'exclude' in handbook.yaml leaves out"
                            : "",
                        why ? ", " : "", why ? ib_buf_cstr(&w) : "", f->path);
            ib_buf_fini(&w);
            ib_buf_fini(&b);
            rc = -1;
        } else if (f->file && ib_site_is_published(site, f->from) &&
                   (h == IB_SITE_HAS_PAGE || h == IB_SITE_HAS_STATIC)) {
            ib_diag_add(d, IB_SEV_ERROR, f->loc, "output-error",
                        "%s would be published at %s, which is %s%s too; "
                        "rename or move the file",
                        f->file, f->path,
                        page                    ? "the page of "
                        : h == IB_SITE_HAS_PAGE ? "a page ismsbook generates"
                                                : "a file of static/ or of "
                                                  "the theme's static/",
                        page ? page->path : "");
            rc = -1;
        }
    }
    return rc;
}

const char **
ib_site_published_files(const struct ib_site *site, size_t *n)
{
    const char **v = ib_xcalloc(site->nfile_links + 1, sizeof(*v));
    size_t k = 0;
    for (size_t i = 0; i < site->nfile_links; i++) {
        const struct ib_site_file *f = &site->file_links[i];
        if (f->file && ib_site_is_published(site, f->from))
            v[k++] = f->file;
    }
    if (k > 1)
        qsort(v, k, sizeof(*v), ib_text_cmp_ptr);
    size_t m = 0;
    for (size_t i = 0; i < k; i++)
        if (m == 0 || strcmp(v[m - 1], v[i]) != 0)
            v[m++] = v[i];
    *n = m;
    return v;
}
