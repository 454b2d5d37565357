/* SPDX-License-Identifier: MIT */
/*
 * The site's machine-readable files: isms.json (every published document's
 * metadata and review state, for dashboards), and, when base_url gives the
 * site an absolute address, sitemap.xml (sitemaps.org 0.9) and feed.xml
 * (Atom, RFC 4287) of recently approved documents. Both protocols require
 * absolute URLs, so without base_url they are not written at all. Only
 * published documents are read; ids of others (a related or translated
 * document above max_classification) are left out too.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "catalog.h"
#include "config.h"
#include "date.h"
#include "diag.h"
#include "fs.h"
#include "i18n.h"
#include "json.h"
#include "page.h"
#include "render.h"
#include "site.h"
#include "text.h"
#include "val.h"
#include "xmalloc.h"
#include "xmlout.h"

#define ATOM_NS "http://www.w3.org/2005/Atom"
#define SITEMAP_NS "http://www.sitemaps.org/schemas/sitemap/0.9"
/* Entries in feed.xml: the most recent approvals. */
#define FEED_MAX 20
/* Bumped when a key of isms.json changes meaning or goes away. */
#define ISMS_SCHEMA 1

static const char *const review_states[] = {"none", "current", "due-soon",
                                            "overdue"};

static bool
published(const struct ib_site *site, const struct ib_doc *doc)
{
    return ib_site_is_published(site, doc) && doc->md;
}

bool
ib_render_base(struct ib_arena *a, const char *url, struct ib_render_base *out)
{
    struct ib_base_url u;
    if (!ib_config_parse_base_url(url, &u))
        return false;
    char *h = ib_arena_strndup(a, u.host, u.host_len);
    for (char *c = h; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c + 32);
    size_t ulen = strlen(url);
    out->base = url[ulen - 1] == '/' ? url : ib_arena_printf(a, "%s/", url);
    out->host = h;
    out->path = ib_arena_strndup(a, u.path, u.path_len);
    return true;
}

const char *
ib_render_abs_url(struct ib_arena *a, const struct ib_render_base *b,
                  const char *path)
{
    size_t blen = strlen(b->base);
    char *s = ib_arena_alloc(a, blen + ib_text_url_path(NULL, path) + 1);
    memcpy(s, b->base, blen);
    s[blen + ib_text_url_path(s + blen, path)] = '\0';
    return s;
}

static const char *
date_str(struct ib_arena *a, struct ib_date d)
{
    char buf[11];
    ib_date_format(d, buf);
    return ib_arena_strdup(a, buf);
}

/* The date a document last changed as far as its front matter tells: the
 * later of its approval and its last review. */
static bool
last_change(const struct ib_doc *doc, struct ib_date *out)
{
    bool has = false;
    if (doc->has_approved) {
        *out = doc->approved;
        has = true;
    }
    if (doc->has_last_reviewed &&
        (!has || ib_date_cmp(doc->last_reviewed, *out) > 0)) {
        *out = doc->last_reviewed;
        has = true;
    }
    return has;
}

static void
sitemap_url(struct ib_xmlout *x, const char *loc, const char *lastmod)
{
    ib_xmlout_start(x, "url");
    ib_xmlout_start(x, "loc");
    ib_xmlout_text(x, loc);
    ib_xmlout_end(x);
    if (lastmod) {
        ib_xmlout_start(x, "lastmod");
        ib_xmlout_text(x, lastmod);
        ib_xmlout_end(x);
    }
    ib_xmlout_end(x);
}

static int
write_xml(const struct ib_render *r, const char *name, struct ib_xmlout *x)
{
    const char *data;
    size_t len;
    if (ib_xmlout_finish(x, &data, &len) < 0) {
        ib_diag_add(r->d, IB_SEV_ERROR, (struct ib_loc){name, 0, 0},
                    "output-error", "could not write %s", name);
        return -1;
    }
    return ib_out_write(r->out, name, data, len, r->d);
}

/*
 * sitemap.xml: the home page, the other pages of the main navigation,
 * search.html and every document page, the latter with the date it last
 * changed.
 */
static int
write_sitemap(const struct ib_render *r, const struct ib_render_base *b)
{
    const struct ib_site *site = r->site;
    /* The navigation is the page kit's: borrow a page context for it. */
    struct ib_page p;
    struct ib_val *ctx = ib_page_begin(&p, r, "sitemap.xml", "", "data", NULL);
    struct ib_arena *a = p.a;
    struct ib_xmlout *x = ib_xmlout_new(true);
    ib_xmlout_start(x, "urlset");
    ib_xmlout_attr(x, "xmlns", SITEMAP_NS);
    sitemap_url(x, b->base, NULL);
    const struct ib_val *nav = ib_val_get(ctx, "nav");
    for (size_t i = 0; nav && i < nav->n; i++) {
        const char *href = ib_val_get(nav->items[i], "href")->str;
        if (strcmp(href, "index.html") != 0 && strcmp(href, "search.html") != 0)
            sitemap_url(x, ib_render_abs_url(a, b, href), NULL);
    }
    sitemap_url(x, ib_render_abs_url(a, b, "search.html"), NULL);
    for (size_t i = 0; i < site->ndocs; i++) {
        const struct ib_doc *doc = site->docs[i];
        struct ib_date d;
        if (published(site, doc))
            sitemap_url(x, ib_render_abs_url(a, b, doc->out_path),
                        last_change(doc, &d) ? date_str(a, d) : NULL);
    }
    int rc = write_xml(r, "sitemap.xml", x);
    ib_xmlout_free(x);
    ib_arena_free(p.a);
    return rc;
}

static int
cmp_approved(const void *pa, const void *pb)
{
    const struct ib_doc *a = *(const struct ib_doc *const *)pa;
    const struct ib_doc *b = *(const struct ib_doc *const *)pb;
    int c = ib_date_cmp(b->approved, a->approved);
    return c ? c : strcmp(a->id.s, b->id.s);
}

static void
text_el(struct ib_xmlout *x, const char *name, const char *text)
{
    ib_xmlout_start(x, name);
    ib_xmlout_text(x, text);
    ib_xmlout_end(x);
}

static void
link_el(struct ib_xmlout *x, const char *rel, const char *type,
        const char *href)
{
    ib_xmlout_start(x, "link");
    ib_xmlout_attr(x, "rel", rel);
    ib_xmlout_attr(x, "type", type);
    ib_xmlout_attr(x, "href", href);
    ib_xmlout_end(x);
}

/* An RFC 3339 timestamp for a calendar date: its start, in UTC. */
static const char *
atom_date(struct ib_arena *a, struct ib_date d)
{
    return ib_arena_printf(a, "%sT00:00:00Z", date_str(a, d));
}

static const char *
person(const struct ib_site *site, const char *key)
{
    const struct ib_val *name =
        ib_val_get(ib_val_get(site->cfg.people, key), "name");
    return name && ib_val_is_scalar(name) && name->len ? name->str : key;
}

static void
feed_entry(const struct ib_render *r, struct ib_xmlout *x, struct ib_arena *a,
           const struct ib_render_base *b, const struct ib_doc *doc)
{
    const struct ib_site *site = r->site;
    char key[32];
    snprintf(key, sizeof key, "type_%s", ib_doc_type_name(doc->type));
    const char *type = ib_page_text(r, NULL, key);
    const char *approved = date_str(a, doc->approved);
    ib_xmlout_start(x, "entry");
    /* One entry per approval: a re-approval is news again. The tag date
     * is the approval's, a day the organisation held its intranet name. */
    text_el(x, "id",
            ib_arena_printf(a, "tag:%s,%s:%s%s%s", b->host, approved, b->path,
                            b->path[0] ? "/" : "", doc->id.s));
    /* Only the title is in the document's language; the category and
     * summary below are in the feed's. */
    ib_xmlout_start(x, "title");
    if (doc->lang.s[0] && strcmp(doc->lang.s, site->cfg.language) != 0)
        ib_xmlout_attr(x, "xml:lang", doc->lang.s);
    ib_xmlout_text(x, doc->title.s);
    ib_xmlout_end(x);
    text_el(x, "updated", atom_date(a, doc->approved));
    link_el(x, "alternate", "text/html",
            ib_render_abs_url(a, b, doc->out_path));
    ib_xmlout_start(x, "category");
    ib_xmlout_attr(x, "term", ib_doc_type_name(doc->type));
    ib_xmlout_attr(x, "label", type);
    ib_xmlout_end(x);
    /* In the handbook's language, as the feed's xml:lang says. */
    const char *approver = person(site, doc->approver.s);
    const char *const parts[] = {"version", doc->version.s, "approver",
                                 approver, NULL};
    const char *const vars[] = {
        "type", type, "id", doc->id.s, "date", approved,
        "owner", person(site, doc->owner.s),
        "version", doc->version.s[0]
                       ? ib_i18n_format(a, ib_page_text(r, NULL,
                                                        "feed_version"),
                                        parts)
                       : "",
        "by", doc->approver.s[0]
                  ? ib_i18n_format(a, ib_page_text(r, NULL, "feed_by"), parts)
                  : "",
        NULL};
    text_el(x, "summary",
            ib_i18n_format(a, ib_page_text(r, NULL, "feed_summary"), vars));
    ib_xmlout_end(x);
}

/* feed.xml: the FEED_MAX most recent approvals up to today, newest
 * first. */
static int
write_feed(const struct ib_render *r, const struct ib_render_base *b,
           struct ib_arena *a)
{
    const struct ib_site *site = r->site;
    const struct ib_doc **docs = ib_xmalloc((site->ndocs ? site->ndocs : 1) *
                                            sizeof(const struct ib_doc *));
    size_t n = 0;
    for (size_t i = 0; i < site->ndocs; i++) {
        const struct ib_doc *doc = site->docs[i];
        if (published(site, doc) && doc->status == IB_STATUS_APPROVED &&
            doc->has_approved && ib_date_cmp(doc->approved, site->today) <= 0)
            docs[n++] = doc;
    }
    qsort(docs, n, sizeof(const struct ib_doc *), cmp_approved);
    if (n > FEED_MAX)
        n = FEED_MAX;

    const char *title = site->cfg.title;
    const char *org =
        site->cfg.organisation[0] ? site->cfg.organisation : title;
    struct ib_xmlout *x = ib_xmlout_new(true);
    ib_xmlout_start(x, "feed");
    ib_xmlout_attr(x, "xmlns", ATOM_NS);
    ib_xmlout_attr(x, "xml:lang", site->cfg.language);
    text_el(x, "id", ib_render_abs_url(a, b, "feed.xml"));
    text_el(x, "title",
            ib_i18n_format(a, ib_page_text(r, NULL, "feed_title"),
                           (const char *const[]){"site.title", title, NULL}));
    text_el(x, "subtitle", ib_page_text(r, NULL, "feed_subtitle"));
    /* The newest approval, not the build date, so an unchanged handbook
     * gives an unchanged feed. */
    text_el(x, "updated", atom_date(a, n ? docs[0]->approved : site->today));
    ib_xmlout_start(x, "author");
    text_el(x, "name", org);
    ib_xmlout_end(x);
    link_el(x, "self", "application/atom+xml",
            ib_render_abs_url(a, b, "feed.xml"));
    link_el(x, "alternate", "text/html", b->base);
    ib_xmlout_start(x, "generator");
    ib_xmlout_text(x, r->generator);
    ib_xmlout_end(x);
    for (size_t i = 0; i < n; i++)
        feed_entry(r, x, a, b, docs[i]);
    int rc = write_xml(r, "feed.xml", x);
    ib_xmlout_free(x);
    free(docs);
    return rc;
}

/* isms.json */

static void
json_date(struct ib_json *j, struct ib_arena *a, const char *key,
          struct ib_date d, bool has)
{
    ib_json_str(j, key, has ? date_str(a, d) : NULL);
}

static void
json_opt(struct ib_json *j, const char *key, const char *s)
{
    ib_json_str(j, key, s && s[0] ? s : NULL);
}

static void
json_list(struct ib_json *j, const char *key, const struct ib_reflist *l)
{
    ib_json_array(j, key);
    for (size_t i = 0; i < l->n; i++)
        ib_json_str(j, NULL, l->items[i].s);
    ib_json_end(j);
}

/* Controls as the catalog names them ("A.5.15"); a 2013 id stands for the
 * controls it maps to; unknown ids are kept as written. No repeats. */
static void
json_controls(struct ib_json *j, const struct ib_render *r,
              const struct ib_doc *doc)
{
    const char **ids = ib_xmalloc((4 * doc->controls.n + 1) * sizeof(*ids));
    size_t n = 0;
    for (size_t i = 0; i < doc->controls.n; i++) {
        const char *id = doc->controls.items[i].s;
        const struct ib_control *c = ib_catalog_control(r->cat, id);
        const struct ib_control *mapped[4];
        size_t m = c ? 0 : ib_catalog_legacy(r->cat, id, mapped, 4);
        if (m > 4)
            m = 4;
        if (c)
            ids[n++] = c->display_id;
        for (size_t k = 0; k < m; k++)
            ids[n++] = mapped[k]->display_id;
        if (!c && !m)
            ids[n++] = id;
    }
    ib_json_array(j, "controls");
    for (size_t i = 0; i < n; i++) {
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = strcmp(ids[k], ids[i]) == 0;
        if (!seen)
            ib_json_str(j, NULL, ids[i]);
    }
    ib_json_end(j);
    free(ids);
}

/* The id of the published document ID names, as it spells it, or NULL. */
static const char *
published_id(const struct ib_site *site, const char *id)
{
    const struct ib_doc *doc = ib_site_find_id(site, id);
    return doc && ib_site_is_published(site, doc) ? doc->id.s : NULL;
}

static void
json_doc(struct ib_json *j, struct ib_arena *a, const struct ib_render *r,
         const struct ib_render_base *b, const struct ib_doc *doc)
{
    const struct ib_site *site = r->site;
    ib_json_object(j, NULL);
    ib_json_str(j, "id", doc->id.s);
    ib_json_str(j, "title", doc->title.s);
    ib_json_str(j, "type", ib_doc_type_name(doc->type));
    ib_json_str(j, "status", ib_status_name(doc->status));
    ib_json_str(j, "owner", doc->owner.s);
    ib_json_str(j, "owner_name", person(site, doc->owner.s));
    json_opt(j, "approver", doc->approver.s);
    json_opt(j, "approver_name",
             doc->approver.s[0] ? person(site, doc->approver.s) : NULL);
    ib_json_str(j, "classification", ib_class_name(doc->classification));
    json_opt(j, "version", doc->version.s);
    json_date(j, a, "approved", doc->approved, doc->has_approved);
    json_date(j, a, "effective", doc->effective, doc->has_effective);
    json_date(j, a, "last_reviewed", doc->last_reviewed,
              doc->has_last_reviewed);
    struct ib_date due = {0, 0, 0};
    bool has_due = ib_doc_due(doc, &due);
    json_date(j, a, "next_review", due, has_due);
    char iv[32];
    ib_interval_format(doc->review_interval, iv);
    ib_json_str(j, "review_interval", iv);
    struct ib_review rv = ib_site_review(site, doc);
    ib_json_object(j, "review");
    ib_json_str(j, "state", review_states[rv.state]);
    json_date(j, a, "due", rv.due, rv.state != IB_REVIEW_NONE);
    if (rv.state != IB_REVIEW_NONE)
        ib_json_int(j, "days", rv.days);
    else
        ib_json_null(j, "days");
    ib_json_end(j);
    json_controls(j, r, doc);
    json_list(j, "clauses", &doc->clauses);
    json_list(j, "audience", &doc->audience);
    json_list(j, "tags", &doc->tags);
    ib_json_array(j, "related");
    for (size_t i = 0; i < doc->related.n; i++) {
        const char *id = published_id(site, doc->related.items[i].s);
        if (id)
            ib_json_str(j, NULL, id);
    }
    ib_json_end(j);
    ib_json_str(j, "lang", doc->lang.s[0] ? doc->lang.s : site->cfg.language);
    ib_json_str(j, "translation_of",
                doc->translation_of.s[0]
                    ? published_id(site, doc->translation_of.s)
                    : NULL);
    ib_json_str(j, "path", doc->out_path);
    ib_json_str(j, "url",
                b ? ib_render_abs_url(a, b, doc->out_path)
                  : ib_site_href(a, "isms.json", doc->out_path));
    ib_json_str(j, "source", doc->path);
    ib_json_end(j);
}

static int
write_isms_json(const struct ib_render *r, const struct ib_render_base *b,
                struct ib_arena *a)
{
    const struct ib_site *site = r->site;
    long status[3] = {0}, review[4] = {0}, total = 0;
    for (size_t i = 0; i < site->ndocs; i++) {
        const struct ib_doc *doc = site->docs[i];
        if (!published(site, doc))
            continue;
        total++;
        status[doc->status]++;
        review[ib_site_review(site, doc).state]++;
    }
    /* As large as the front matter of every document: written a piece
     * at a time. */
    struct ib_out_file *f = ib_out_open(r->out, "isms.json", r->d);
    if (!f)
        return -1;
    struct ib_buf out;
    ib_buf_init(&out);
    struct ib_json *j = ib_json_new(&out, 3);
    ib_json_object(j, NULL);
    ib_json_int(j, "schema", ISMS_SCHEMA);
    ib_json_str(j, "generator", r->generator);
    ib_json_object(j, "site");
    ib_json_str(j, "title", site->cfg.title);
    json_opt(j, "organisation", site->cfg.organisation);
    ib_json_str(j, "language", site->cfg.language);
    ib_json_str(j, "base_url", b ? b->base : NULL);
    ib_json_str(j, "today", date_str(a, site->today));
    ib_json_int(j, "warn_days", site->cfg.warn_days);
    ib_json_end(j);
    ib_json_object(j, "counts");
    ib_json_int(j, "documents", total);
    for (int s = 0; s < 3; s++)
        ib_json_int(j, ib_status_name((enum ib_status)s), status[s]);
    ib_json_object(j, "review");
    static const char *const keys[] = {"none", "current", "due_soon",
                                       "overdue"};
    for (int s = 0; s < 4; s++)
        ib_json_int(j, keys[s], review[s]);
    ib_json_end(j);
    ib_json_end(j);
    ib_json_array(j, "documents");
    for (size_t i = 0; i < site->ndocs; i++) {
        if (published(site, site->docs[i]))
            json_doc(j, a, r, b, site->docs[i]);
        if (out.len >= 1 << 20) {
            ib_out_put(f, out.data, out.len);
            ib_buf_reset(&out);
        }
    }
    ib_json_end(j);
    ib_json_end(j);
    ib_json_free(j);
    ib_buf_putc(&out, '\n');
    ib_out_put(f, out.data, out.len);
    ib_buf_fini(&out);
    return ib_out_close(f, r->d);
}

bool
ib_render_has_feed(const struct ib_site *site)
{
    return ib_config_parse_base_url(site->cfg.base_url, NULL);
}

int
ib_render_data(const struct ib_render *r)
{
    struct ib_arena *a = ib_arena_new();
    struct ib_render_base b;
    bool absolute = ib_render_base(a, r->site->cfg.base_url, &b);
    int rc = write_isms_json(r, absolute ? &b : NULL, a);
    if (absolute && write_sitemap(r, &b) < 0)
        rc = -1;
    if (absolute && write_feed(r, &b, a) < 0)
        rc = -1;
    ib_arena_free(a);
    return rc;
}
