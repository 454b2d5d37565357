/* SPDX-License-Identifier: MIT */
/*
 * The page kit: what every page family needs to build a template context
 * and publish a page. A page owns an arena for its context; nothing in it
 * outlives ib_page_end. The site model is only read.
 */
#include "page.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "fs.h"
#include "mustache.h"
#include "render.h"
#include "site.h"
#include "val.h"

/* The top navigation: sections present on every site, in order. */
static const struct {
    const char *title, *path;
} sections[] = {
    {"Home", "index.html"},
    {"Guidelines", "audiences/index.html"},
    {"Controls", "controls/index.html"},
    {"SoA", "soa.html"},
    {"Reviews", "reviews.html"},
    {"Owners", "owners.html"},
};

struct ib_val *
ib_page_num(struct ib_page *p, long n)
{
    return ib_val_num(p->a, (double)n);
}

const char *
ib_page_date(struct ib_page *p, struct ib_date d, bool has)
{
    if (!has)
        return "";
    char buf[11];
    ib_date_format(d, buf);
    return ib_arena_strdup(p->a, buf);
}

const char *
ib_page_href(struct ib_page *p, const char *to)
{
    return ib_site_href(p->a, p->path, to);
}

const char *
ib_page_person(const struct ib_page *p, const char *key)
{
    const struct ib_val *name =
        ib_val_get(ib_val_get(p->r->site->cfg.people, key), "name");
    return name && ib_val_is_scalar(name) && name->len ? name->str : key;
}

const char *
ib_page_control_path(struct ib_page *p, const char *display_id)
{
    return ib_arena_printf(p->a, "controls/%s.html", display_id);
}

static struct ib_val *
review_val(struct ib_page *p, const struct ib_doc *doc)
{
    static const char *const states[] = {"none", "current", "due-soon",
                                         "overdue"};
    static const char *const labels[] = {"Not scheduled", "Current",
                                         "Due soon", "Overdue"};
    struct ib_review r = ib_site_review(p->r->site, doc);
    struct ib_val *v = ib_val_map(p->a);
    const char *due = ib_page_date(p, r.due, r.state != IB_REVIEW_NONE);
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

struct ib_val *
ib_page_summary(struct ib_page *p, const struct ib_doc *doc)
{
    struct ib_arena *a = p->a;
    struct ib_val *v = ib_val_map(a);
    static const char *const status_labels[] = {"Draft", "Approved",
                                                "Retired"};
    ib_val_set_str(a, v, "id", doc->id.s);
    ib_val_set_str(a, v, "title", doc->title.s);
    ib_val_set_str(a, v, "type", ib_doc_type_name(doc->type));
    ib_val_set_str(a, v, "type_label", ib_doc_type_label(doc->type));
    ib_val_set_str(a, v, "href", ib_page_href(p, doc->out_path));
    ib_val_set_str(a, v, "owner", doc->owner.s);
    ib_val_set_str(a, v, "owner_name", ib_page_person(p, doc->owner.s));
    ib_val_set_str(a, v, "status", ib_status_name(doc->status));
    ib_val_set_str(a, v, "status_label", status_labels[doc->status]);
    ib_val_set_str(a, v, "classification",
                   ib_class_name(doc->classification));
    ib_val_set_str(a, v, "version", doc->version.s);
    ib_val_set_str(a, v, "lang",
                   doc->lang.s[0] ? doc->lang.s : p->r->site->cfg.language);
    ib_val_set_str(a, v, "last_reviewed",
                   ib_page_date(p, doc->last_reviewed,
                                doc->has_last_reviewed));
    /* ib_doc_due must run before DUE is read: two statements, since the
     * order arguments are evaluated in is unspecified. */
    struct ib_date due = {0, 0, 0};
    bool has_due = ib_doc_due(doc, &due);
    ib_val_set_str(a, v, "next_review", ib_page_date(p, due, has_due));
    ib_val_set(a, v, "review", review_val(p, doc));
    return v;
}

struct ib_val *
ib_page_doc_link(struct ib_page *p, const struct ib_doc *doc)
{
    if (!doc || !ib_site_is_published(p->r->site, doc))
        return NULL;
    struct ib_val *m = ib_val_map(p->a);
    ib_val_set_str(p->a, m, "id", doc->id.s);
    ib_val_set_str(p->a, m, "title", doc->title.s);
    ib_val_set_str(p->a, m, "href", ib_page_href(p, doc->out_path));
    return m;
}

void
ib_page_crumb(struct ib_page *p, const char *title, const char *to)
{
    struct ib_val *c = ib_val_map(p->a);
    ib_val_set_str(p->a, c, "title", title);
    ib_val_set_str(p->a, c, "href", ib_page_href(p, to));
    ib_val_push(p->a, ib_val_get(p->ctx, "breadcrumbs"), c);
}

static struct ib_val *
nav(struct ib_page *p)
{
    struct ib_val *list = ib_val_list(p->a);
    for (size_t i = 0; i < sizeof sections / sizeof *sections; i++) {
        struct ib_val *m = ib_val_map(p->a);
        ib_val_set_str(p->a, m, "title", sections[i].title);
        ib_val_set_str(p->a, m, "href", ib_page_href(p, sections[i].path));
        ib_val_set_bool(p->a, m, "current",
                        strcmp(p->path, sections[i].path) == 0);
        ib_val_push(p->a, list, m);
    }
    return list;
}

struct ib_val *
ib_page_begin(struct ib_page *p, const struct ib_render *r, const char *path,
              const char *title, const char *kind, const char *lang)
{
    const struct ib_config *cfg = &r->site->cfg;
    p->r = r;
    p->a = ib_arena_new();
    p->path = path;
    p->lang = lang && lang[0] ? lang : cfg->language;
    struct ib_arena *a = p->a;
    struct ib_val *ctx = p->ctx = ib_val_map(a);
    struct ib_val *site = ib_val_set(a, ctx, "site", ib_val_map(a));
    ib_val_set_str(a, site, "title", cfg->title);
    ib_val_set_str(a, site, "organisation", cfg->organisation);
    ib_val_set_str(a, site, "language", cfg->language);
    ib_val_set_str(a, site, "base_url", cfg->base_url);
    ib_val_set_str(a, site, "generator", r->generator);
    ib_val_set_str(a, site, "today", ib_page_date(p, r->site->today, true));
    ib_val_set_str(a, site, "feed",
                   ib_render_has_feed(r->site) ? "feed.xml" : "");
    ib_val_set_str(a, ctx, "root", ib_site_root_prefix(a, path));
    struct ib_val *page = ib_val_set(a, ctx, "page", ib_val_map(a));
    ib_val_set_str(a, page, "title", title);
    ib_val_set_str(a, page, "lang", p->lang);
    ib_val_set_str(a, page, "kind", kind);
    ib_val_set_str(a, page, "path", path);
    ib_val_set(a, ctx, "nav", nav(p));
    ib_val_set(a, ctx, "breadcrumbs", ib_val_list(a));
    if (strcmp(path, "index.html") != 0)
        ib_page_crumb(p, "Home", "index.html");
    return ctx;
}

int
ib_page_end(struct ib_page *p, const char *name)
{
    struct ib_buf out;
    ib_buf_init(&out);
    int rc = ib_mustache_render(p->r->tmpl, name, p->ctx, &out, p->r->d);
    if (rc == 0)
        rc = ib_out_write(p->r->out, p->path, ib_buf_cstr(&out), out.len,
                          p->r->d);
    ib_buf_fini(&out);
    ib_arena_free(p->a);
    p->a = NULL;
    p->ctx = NULL;
    return rc;
}
