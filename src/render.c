/* SPDX-License-Identifier: MIT */
/*
 * Page rendering. Each page gets a fresh arena for its template context
 * (the value tree of /themes/default/README.md), rendered with Mustache and
 * written at once, so memory stays flat however many pages there are. The
 * site model is only read here.
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "fs.h"
#include "markdown.h"
#include "mustache.h"
#include "site.h"
#include "val.h"

/* Everything a page's context is built from. */
struct page {
    const struct ib_site *site;
    struct ib_arena *a;
    const char *path; /* "policies/access.html" */
    const char *lang;
};

static struct ib_val *
num(struct page *p, long n)
{
    return ib_val_num(p->a, (double)n);
}

static const char *
date_str(struct page *p, struct ib_date d, bool has)
{
    if (!has)
        return "";
    char buf[11];
    ib_date_format(d, buf);
    return ib_arena_strdup(p->a, buf);
}

static struct ib_val *
review_val(struct page *p, const struct ib_doc *doc)
{
    static const char *const states[] = {"none", "current", "due-soon",
                                         "overdue"};
    static const char *const labels[] = {"Not scheduled", "Current",
                                         "Due soon", "Overdue"};
    struct ib_review r = ib_site_review(p->site, doc);
    struct ib_val *v = ib_val_map(p->a);
    const char *due = date_str(p, r.due, r.state != IB_REVIEW_NONE);
    const char *text = "";
    switch (r.state) {
    case IB_REVIEW_OVERDUE:
        text = ib_arena_printf(p->a, "overdue since %s (%ld day%s)", due,
                               -r.days, r.days == -1 ? "" : "s");
        break;
    case IB_REVIEW_DUE_SOON:
        text = r.days == 0 ? ib_arena_printf(p->a, "due today (%s)", due)
                           : ib_arena_printf(p->a, "due %s (in %ld day%s)",
                                             due, r.days,
                                             r.days == 1 ? "" : "s");
        break;
    case IB_REVIEW_CURRENT:
        text = ib_arena_printf(p->a, "due %s", due);
        break;
    case IB_REVIEW_NONE: break;
    }
    ib_val_set_str(p->a, v, "state", states[r.state]);
    ib_val_set_str(p->a, v, "label", labels[r.state]);
    ib_val_set_str(p->a, v, "text", text);
    ib_val_set_str(p->a, v, "due", due);
    ib_val_set_bool(p->a, v, "overdue", r.state == IB_REVIEW_OVERDUE);
    ib_val_set_bool(p->a, v, "due_soon", r.state == IB_REVIEW_DUE_SOON);
    return v;
}

/* The name of person KEY from the people directory, else KEY itself. */
static const char *
person_name(const struct page *p, const char *key)
{
    const struct ib_val *name =
        ib_val_get(ib_val_get(p->site->cfg.people, key), "name");
    return name && ib_val_is_scalar(name) && name->len ? name->str : key;
}

static struct ib_val *
summary(struct page *p, const struct ib_doc *doc)
{
    struct ib_arena *a = p->a;
    struct ib_val *v = ib_val_map(a);
    static const char *const status_labels[] = {"Draft", "Approved",
                                                "Retired"};
    ib_val_set_str(a, v, "id", doc->id.s);
    ib_val_set_str(a, v, "title", doc->title.s);
    ib_val_set_str(a, v, "type", ib_doc_type_name(doc->type));
    ib_val_set_str(a, v, "type_label", ib_doc_type_label(doc->type));
    ib_val_set_str(a, v, "href", ib_site_href(a, p->path, doc->out_path));
    ib_val_set_str(a, v, "owner", doc->owner.s);
    ib_val_set_str(a, v, "owner_name", person_name(p, doc->owner.s));
    ib_val_set_str(a, v, "status", ib_status_name(doc->status));
    ib_val_set_str(a, v, "status_label", status_labels[doc->status]);
    ib_val_set_str(a, v, "classification",
                   ib_class_name(doc->classification));
    ib_val_set_str(a, v, "version", doc->version.s);
    ib_val_set_str(a, v, "last_reviewed",
                   date_str(p, doc->last_reviewed, doc->has_last_reviewed));
    struct ib_date due;
    ib_val_set_str(a, v, "next_review",
                   date_str(p, due, ib_doc_due(doc, &due)));
    ib_val_set(a, v, "review", review_val(p, doc));
    return v;
}

static struct ib_val *
str_list(struct page *p, const struct ib_reflist *l)
{
    struct ib_val *v = ib_val_list(p->a);
    for (size_t i = 0; i < l->n; i++)
        ib_val_push(p->a, v, ib_val_str(p->a, l->items[i].s));
    return v;
}

static struct ib_val *
id_list(struct page *p, const struct ib_reflist *l)
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

/* A link to a published document, or NULL when it is not published. */
static struct ib_val *
doc_link(struct page *p, const struct ib_doc *doc)
{
    if (!doc || !ib_site_is_published(p->site, doc))
        return NULL;
    struct ib_val *m = ib_val_map(p->a);
    ib_val_set_str(p->a, m, "id", doc->id.s);
    ib_val_set_str(p->a, m, "title", doc->title.s);
    ib_val_set_str(p->a, m, "href",
                   ib_site_href(p->a, p->path, doc->out_path));
    return m;
}

static void
push_link(struct page *p, struct ib_val *list, const struct ib_doc *doc)
{
    struct ib_val *m = doc_link(p, doc);
    if (m)
        ib_val_push(p->a, list, m);
}

static struct ib_val *
nav(struct page *p)
{
    struct ib_val *list = ib_val_list(p->a);
    struct ib_val *home = ib_val_map(p->a);
    ib_val_set_str(p->a, home, "title", "Home");
    ib_val_set_str(p->a, home, "href",
                   ib_site_href(p->a, p->path, "index.html"));
    ib_val_set_bool(p->a, home, "current", strcmp(p->path, "index.html") == 0);
    ib_val_push(p->a, list, home);
    return list;
}

static struct ib_val *
base_context(struct page *p, const char *title, const char *kind,
             const char *generator)
{
    const struct ib_config *cfg = &p->site->cfg;
    struct ib_arena *a = p->a;
    struct ib_val *ctx = ib_val_map(a);
    struct ib_val *site = ib_val_set(a, ctx, "site", ib_val_map(a));
    ib_val_set_str(a, site, "title", cfg->title);
    ib_val_set_str(a, site, "organisation", cfg->organisation);
    ib_val_set_str(a, site, "language", cfg->language);
    ib_val_set_str(a, site, "base_url", cfg->base_url);
    ib_val_set_str(a, site, "generator", generator);
    ib_val_set_str(a, site, "today", date_str(p, p->site->today, true));
    ib_val_set_str(a, ctx, "root", ib_site_root_prefix(a, p->path));
    struct ib_val *page = ib_val_set(a, ctx, "page", ib_val_map(a));
    ib_val_set_str(a, page, "title", title);
    ib_val_set_str(a, page, "lang", p->lang);
    ib_val_set_str(a, page, "kind", kind);
    ib_val_set_str(a, page, "path", p->path);
    ib_val_set(a, ctx, "nav", nav(p));
    ib_val_set(a, ctx, "breadcrumbs", ib_val_list(a));
    return ctx;
}

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

static int
emit(struct page *p, const struct ib_mustache *tmpl, const char *name,
     const struct ib_val *ctx, struct ib_out *o, struct ib_diag *d)
{
    struct ib_buf out;
    ib_buf_init(&out);
    int rc = ib_mustache_render(tmpl, name, ctx, &out, d);
    if (rc == 0)
        rc = ib_out_write(o, p->path, out.data ? out.data : "", out.len, d);
    ib_buf_fini(&out);
    return rc;
}

static int
cmp_due(const void *pa, const void *pb)
{
    const struct ib_val *a = *(struct ib_val *const *)pa;
    const struct ib_val *b = *(struct ib_val *const *)pb;
    int c = strcmp(ib_val_get(a, "next_review")->str,
                   ib_val_get(b, "next_review")->str);
    return c ? c : strcmp(ib_val_get(a, "id")->str, ib_val_get(b, "id")->str);
}

static int
render_home(const struct ib_site *site, const struct ib_mustache *tmpl,
            const char *generator, struct ib_out *o, struct ib_diag *d)
{
    struct page p = {site, ib_arena_new(), "index.html", site->cfg.language};
    struct ib_arena *a = p.a;
    struct ib_val *ctx = base_context(&p, "Home", "home", generator);
    struct ib_val *groups = ib_val_set(a, ctx, "groups", ib_val_list(a));
    struct ib_val *attention = ib_val_list(a);
    long counts[4] = {0}; /* documents, approved, drafts, retired */
    long overdue = 0, due_soon = 0;

    for (int t = 0; t < IB_TYPE_COUNT; t++) {
        struct ib_val *docs = ib_val_list(a);
        for (size_t i = 0; i < site->ndocs; i++) {
            const struct ib_doc *doc = site->docs[i];
            if ((int)doc->type != t || !ib_site_is_published(site, doc))
                continue;
            struct ib_val *s = summary(&p, doc);
            ib_val_push(a, docs, s);
            counts[0]++;
            counts[1] += doc->status == IB_STATUS_APPROVED;
            counts[2] += doc->status == IB_STATUS_DRAFT;
            struct ib_review r = ib_site_review(site, doc);
            overdue += r.state == IB_REVIEW_OVERDUE;
            due_soon += r.state == IB_REVIEW_DUE_SOON;
            if (r.state == IB_REVIEW_OVERDUE || r.state == IB_REVIEW_DUE_SOON)
                ib_val_push(a, attention, s);
        }
        if (!docs->n)
            continue;
        struct ib_val *g = ib_val_map(a);
        const char *plural = ib_doc_type_plural((enum ib_doc_type)t);
        ib_val_set_str(a, g, "type", ib_doc_type_name((enum ib_doc_type)t));
        ib_val_set_str(a, g, "label", plural);
        ib_val_set_str(a, g, "anchor", group_anchor(a, (enum ib_doc_type)t));
        ib_val_set(a, g, "count", num(&p, (long)docs->n));
        ib_val_set(a, g, "docs", docs);
        ib_val_push(a, groups, g);
    }
    if (attention->n > 1)
        qsort(attention->items, attention->n, sizeof(*attention->items),
              cmp_due);
    struct ib_val *stats = ib_val_set(a, ctx, "stats", ib_val_map(a));
    ib_val_set(a, stats, "documents", num(&p, counts[0]));
    ib_val_set(a, stats, "approved", num(&p, counts[1]));
    ib_val_set(a, stats, "draft", num(&p, counts[2]));
    ib_val_set(a, stats, "overdue", num(&p, overdue));
    ib_val_set(a, stats, "due_soon", num(&p, due_soon));
    ib_val_set(a, ctx, "attention", attention);
    ib_val_set_bool(a, ctx, "has_attention", attention->n > 0);

    int rc = emit(&p, tmpl, "home", ctx, o, d);
    ib_arena_free(a);
    return rc;
}

static struct ib_val *
toc(struct page *p, const struct ib_md *md)
{
    struct ib_val *list = ib_val_list(p->a);
    for (size_t i = 0; i < ib_md_heading_count(md); i++) {
        const struct ib_md_heading *h = ib_md_heading_get(md, i);
        if (h->level < 2 || h->level > 3)
            continue;
        struct ib_val *m = ib_val_map(p->a);
        ib_val_set(p->a, m, "level", num(p, h->level));
        ib_val_set_str(p->a, m, "text", h->text);
        ib_val_set_str(p->a, m, "anchor", h->anchor);
        ib_val_push(p->a, list, m);
    }
    return list;
}

static int
render_doc(const struct ib_site *site, const struct ib_doc *doc,
           const struct ib_mustache *tmpl, const char *generator,
           struct ib_out *o, struct ib_diag *d)
{
    const char *lang = doc->lang.s[0] ? doc->lang.s : site->cfg.language;
    struct page p = {site, ib_arena_new(), doc->out_path, lang};
    struct ib_arena *a = p.a;
    struct ib_val *ctx = base_context(&p, doc->title.s, "document", generator);

    struct ib_val *crumbs = ib_val_get(ctx, "breadcrumbs");
    struct ib_val *home = ib_val_map(a);
    ib_val_set_str(a, home, "title", "Home");
    ib_val_set_str(a, home, "href", ib_site_href(a, p.path, "index.html"));
    ib_val_push(a, crumbs, home);
    struct ib_val *group = ib_val_map(a);
    ib_val_set_str(a, group, "title", ib_doc_type_plural(doc->type));
    ib_val_set_str(a, group, "href",
                   ib_arena_printf(a, "%s#%s",
                                   ib_site_href(a, p.path, "index.html"),
                                   group_anchor(a, doc->type)));
    ib_val_push(a, crumbs, group);

    struct ib_val *v = ib_val_set(a, ctx, "doc", summary(&p, doc));
    ib_val_set_str(a, v, "approver", doc->approver.s);
    ib_val_set_str(a, v, "approver_name", person_name(&p, doc->approver.s));
    ib_val_set_str(a, v, "approved",
                   date_str(&p, doc->approved, doc->has_approved));
    ib_val_set_str(a, v, "effective",
                   date_str(&p, doc->effective, doc->has_effective));
    char iv[32];
    ib_interval_format(doc->review_interval, iv);
    ib_val_set_str(a, v, "review_interval", iv);
    ib_val_set(a, v, "audience", str_list(&p, &doc->audience));
    ib_val_set(a, v, "controls", id_list(&p, &doc->controls));
    ib_val_set(a, v, "clauses", id_list(&p, &doc->clauses));
    ib_val_set(a, v, "tags", str_list(&p, &doc->tags));
    struct ib_val *related = ib_val_set(a, v, "related", ib_val_list(a));
    for (size_t i = 0; i < doc->related.n; i++)
        push_link(&p, related, ib_site_find_id(site, doc->related.items[i].s));
    struct ib_val *refs = ib_val_set(a, v, "referenced_by", ib_val_list(a));
    for (size_t i = 0; i < doc->referenced_by.n; i++)
        push_link(&p, refs, doc->referenced_by.items[i]);
    ib_val_set_str(a, v, "lang", lang);
    ib_val_set(a, v, "extra", doc->extra ? (struct ib_val *)doc->extra
                                         : ib_val_map(a));
    ib_val_set_str(a, v, "source", doc->path);

    struct ib_val *t = ib_val_set(a, ctx, "toc", toc(&p, doc->md));
    ib_val_set_bool(a, ctx, "has_toc", t->n > 0);
    char *body = ib_md_render_html(doc->md);
    ib_val_set_str(a, ctx, "body", body);
    free(body);

    int rc = emit(&p, tmpl, "document", ctx, o, d);
    ib_arena_free(a);
    return rc;
}

int
ib_render_site(const struct ib_site *site, const struct ib_mustache *tmpl,
               const char *generator, struct ib_out *o, struct ib_diag *d)
{
    int rc = render_home(site, tmpl, generator, o, d);
    for (size_t i = 0; i < site->ndocs; i++) {
        const struct ib_doc *doc = site->docs[i];
        if (!ib_site_is_published(site, doc) || !doc->md)
            continue;
        if (render_doc(site, doc, tmpl, generator, o, d) < 0)
            rc = -1;
    }
    return rc;
}
