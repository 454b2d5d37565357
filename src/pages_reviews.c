/* SPDX-License-Identifier: MIT */
/*
 * Who reviews what, and when: owners.html (every owner with their
 * documents), reviews.html (the review calendar, "årshjul": overdue
 * reviews, then the next twelve months), and the iCalendar feeds
 * reviews.ics and owners/<owner>.ics. Each family collects what it needs
 * from the site model into an arena of its own and frees it at the end;
 * the model is only read. A review is in a feed when its document is
 * published and approved and has a due date, overdue ones included.
 */
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "fs.h"
#include "i18n.h"
#include "ics.h"
#include "site.h"
#include "slug.h"
#include "text.h"
#include "val.h"

/* An owner as documents name one, with their published documents. */
struct owner {
    const char *key;   /* the `owner` value, as written */
    const char *name;  /* from `people`, else KEY */
    const char *label; /* NAME, with KEY when two owners share NAME */
    const char *slug;  /* unique among owners: anchor and feed name */
    const struct ib_doc **docs;
    size_t ndocs, cap;
    size_t nreviews; /* documents with a due review */
};

struct owners {
    struct owner *items;
    size_t n, cap;
};

/* A due review: its document and date. */
struct due {
    const struct ib_doc *doc;
    struct ib_date date;
    const struct owner *owner;
};

static const char *
person_field(const struct ib_site *site, const char *key, const char *field)
{
    const struct ib_val *v =
        ib_val_get(ib_val_get(site->cfg.people, key), field);
    return v && ib_val_is_scalar(v) && v->len ? v->str : "";
}

static int
cmp_doc_id(const void *pa, const void *pb)
{
    const struct ib_doc *a = *(const struct ib_doc *const *)pa;
    const struct ib_doc *b = *(const struct ib_doc *const *)pb;
    int c = ib_text_casecmp(a->id.s, b->id.s);
    return c ? c : strcmp(a->path, b->path);
}

static int
cmp_owner_key(const void *pa, const void *pb)
{
    return strcmp(((const struct owner *)pa)->key,
                  ((const struct owner *)pb)->key);
}

static int
cmp_owner_name(const void *pa, const void *pb)
{
    const struct owner *a = pa, *b = pb;
    int c = ib_text_casecmp(a->name, b->name);
    if (!c)
        c = strcmp(a->name, b->name);
    return c ? c : strcmp(a->key, b->key);
}

static bool
slug_taken(const struct owners *o, size_t upto, const char *slug)
{
    for (size_t i = 0; i < upto; i++)
        if (strcmp(o->items[i].slug, slug) == 0)
            return true;
    return false;
}

/*
 * Collects the owners of the published documents that are not retired,
 * sorted by name, each with their documents sorted by id. Slugs are
 * given in key order, so they do not depend on names: "jane.doe" and
 * "jane-doe" become jane-doe and jane-doe-2.
 */
static void
collect_owners(struct ib_arena *a, const struct ib_site *site, struct owners *o)
{
    memset(o, 0, sizeof(*o));
    for (size_t i = 0; i < site->ndocs; i++) {
        const struct ib_doc *doc = site->docs[i];
        if (!ib_site_is_published(site, doc) ||
            doc->status == IB_STATUS_RETIRED)
            continue;
        struct owner *w = NULL;
        for (size_t k = 0; k < o->n && !w; k++)
            if (strcmp(o->items[k].key, doc->owner.s) == 0)
                w = &o->items[k];
        if (!w) {
            if (o->n == o->cap) {
                size_t cap = o->cap ? o->cap * 2 : 16;
                struct owner *items = ib_arena_calloc(a, cap, sizeof(*items));
                if (o->n)
                    memcpy(items, o->items, o->n * sizeof(*items));
                o->items = items;
                o->cap = cap;
            }
            w = &o->items[o->n++];
            memset(w, 0, sizeof(*w));
            w->key = doc->owner.s;
            const char *name = person_field(site, w->key, "name");
            w->name = *name ? name : w->key;
        }
        if (w->ndocs == w->cap) {
            size_t cap = w->cap ? w->cap * 2 : 8;
            const struct ib_doc **docs = ib_arena_calloc(a, cap, sizeof(*docs));
            if (w->ndocs)
                memcpy(docs, w->docs, w->ndocs * sizeof(*docs));
            w->docs = docs;
            w->cap = cap;
        }
        w->docs[w->ndocs++] = doc;
        struct ib_date due;
        w->nreviews += ib_doc_due(doc, &due);
    }
    if (o->n > 1)
        qsort(o->items, o->n, sizeof(*o->items), cmp_owner_key);
    for (size_t i = 0; i < o->n; i++) {
        const char *base = ib_slug(a, o->items[i].key);
        const char *slug = base;
        for (int k = 2; slug_taken(o, i, slug); k++)
            slug = ib_arena_printf(a, "%s-%d", base, k);
        o->items[i].slug = slug;
        if (o->items[i].ndocs > 1)
            qsort(o->items[i].docs, o->items[i].ndocs,
                  sizeof(*o->items[i].docs), cmp_doc_id);
    }
    if (o->n > 1)
        qsort(o->items, o->n, sizeof(*o->items), cmp_owner_name);
    for (size_t i = 0; i < o->n; i++) {
        struct owner *w = &o->items[i];
        bool twin =
            (i > 0 && !ib_text_casecmp(o->items[i - 1].name, w->name)) ||
            (i + 1 < o->n && !ib_text_casecmp(o->items[i + 1].name, w->name));
        w->label =
            twin ? ib_arena_printf(a, "%s (%s)", w->name, w->key) : w->name;
    }
}

static const char *
feed_path(struct ib_arena *a, const struct owner *w)
{
    return ib_arena_printf(a, "owners/%s.ics", w->slug);
}

/* A plausible e-mail address, safe in a mailto: URL without escaping. */
static bool
is_email(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || !at[1] || strchr(at + 1, '@'))
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20 || *p == 0x7F || strchr("\"<>\\^`{|}?#%&/:;,", *p))
            return false;
    return true;
}

int
ib_render_owners(const struct ib_render *r)
{
    const struct ib_site *site = r->site;
    struct ib_arena *fa = ib_arena_new();
    struct owners o;
    collect_owners(fa, site, &o);

    struct ib_page p;
    struct ib_val *ctx =
        ib_page_begin(&p, r, "owners.html", ib_page_text(r, NULL, "nav_owners"),
                      "owners", NULL);
    struct ib_arena *a = p.a;
    ib_val_set_str(a, ctx, "reviews_href", ib_page_href(&p, "reviews.html"));
    struct ib_val *list = ib_val_set(a, ctx, "owners", ib_val_list(a));
    for (size_t i = 0; i < o.n; i++) {
        const struct owner *w = &o.items[i];
        struct ib_val *m = ib_val_map(a);
        const char *email = person_field(site, w->key, "email");
        const char *role = person_field(site, w->key, "role");
        ib_val_set_str(a, m, "key", w->key);
        ib_val_set_str(a, m, "name", w->label);
        ib_val_set_bool(a, m, "unlisted",
                        site->cfg.people &&
                            !ib_val_get(site->cfg.people, w->key));
        ib_val_set_str(a, m, "role", role);
        ib_val_set_str(a, m, "email", email);
        ib_val_set_str(a, m, "mailto",
                       is_email(email) ? ib_arena_printf(a, "mailto:%s", email)
                                       : "");
        ib_val_set_str(a, m, "anchor", ib_arena_printf(a, "owner-%s", w->slug));
        ib_val_set_str(a, m, "feed",
                       w->nreviews ? ib_page_href(&p, feed_path(a, w)) : "");
        ib_val_set(a, m, "count", ib_page_num(&p, (long)w->ndocs));
        long overdue = 0, soon = 0;
        struct ib_val *docs = ib_val_set(a, m, "docs", ib_val_list(a));
        for (size_t k = 0; k < w->ndocs; k++) {
            struct ib_review rv = ib_site_review(site, w->docs[k]);
            overdue += rv.state == IB_REVIEW_OVERDUE;
            soon += rv.state == IB_REVIEW_DUE_SOON;
            ib_val_push(a, docs, ib_page_summary(&p, w->docs[k]));
        }
        ib_val_set(a, m, "overdue", ib_page_num(&p, overdue));
        ib_val_set(a, m, "due_soon", ib_page_num(&p, soon));
        ib_val_set_str(a, m, "overdue_text",
                       ib_page_tn(&p, "owner_overdue", overdue, (char *)NULL));
        ib_val_set_str(a, m, "due_soon_text",
                       ib_page_tn(&p, "owner_due_soon", soon, (char *)NULL));
        ib_val_set_bool(a, m, "has_overdue", overdue > 0);
        ib_val_set_bool(a, m, "has_due_soon", soon > 0);
        ib_val_push(a, list, m);
    }
    ib_val_set_bool(a, ctx, "has_owners", o.n > 0);
    int rc = ib_page_end(&p, "owners");
    ib_arena_free(fa);
    return rc;
}

static int
cmp_due(const void *pa, const void *pb)
{
    const struct due *a = pa, *b = pb;
    int c = ib_date_cmp(a->date, b->date);
    return c ? c : cmp_doc_id(&a->doc, &b->doc);
}

/* Every due review of O's owners, by date then id; *N is the count. */
static struct due *
collect_due(struct ib_arena *a, const struct owners *o, size_t *n)
{
    size_t total = 0;
    for (size_t i = 0; i < o->n; i++)
        total += o->items[i].nreviews;
    struct due *v = ib_arena_calloc(a, total ? total : 1, sizeof(*v));
    *n = 0;
    for (size_t i = 0; i < o->n; i++)
        for (size_t k = 0; k < o->items[i].ndocs; k++) {
            struct due d = {o->items[i].docs[k], {0, 0, 0}, &o->items[i]};
            if (ib_doc_due(d.doc, &d.date))
                v[(*n)++] = d;
        }
    if (*n > 1)
        qsort(v, *n, sizeof(*v), cmp_due);
    return v;
}

/* UI string KEY in the handbook's language. */
static const char *
text(const struct ib_render *r, const char *key)
{
    return ib_page_text(r, NULL, key);
}

/* A calendar named NAME. */
static struct ib_ics *
calendar(const struct ib_render *r, struct ib_arena *a, const char *name)
{
    return ib_ics_new(ib_arena_printf(a, "-//ismsbook//%s//EN", r->generator),
                      name, r->site->today);
}

/* Adds the review D to ICS; BASE is base_url's parts, NULL without an
 * absolute one. */
static void
add_review(const struct ib_render *r, struct ib_arena *a, struct ib_ics *ics,
           const struct ib_render_base *base, const struct due *d)
{
    const struct ib_doc *doc = d->doc;
    char iso[11];
    ib_date_format(d->date, iso);
    const char *url = base ? ib_render_abs_url(a, base, doc->out_path) : "";
    const char *email = person_field(r->site, doc->owner.s, "email");
    const char *owner = *email ? ib_arena_cat(a, d->owner->name, " <", email,
                                              ">", (char *)NULL)
                               : d->owner->name;
    /* The feeds speak the handbook's language, as its site-wide pages
     * do. */
    const char *const vars[] = {"owner", owner, "id", doc->id.s,
                                "title", doc->title.s,
                                "url", base ? url : doc->out_path, NULL};
    const char *desc =
        ib_arena_cat(a, ib_i18n_format(a, text(r, "ics_owner"), vars), "\n",
                     ib_i18n_format(a, text(r, "ics_document"), vars), "\n",
                     ib_i18n_format(a, text(r, "ics_page"), vars),
                     (char *)NULL);
    /* The UID: the id, the day as YYYYMMDD, the host. */
    char day[9];
    memcpy(day, iso, 4);
    memcpy(day + 4, iso + 5, 2);
    memcpy(day + 6, iso + 8, 2);
    day[8] = '\0';
    struct ib_ics_event ev = {
        ib_arena_cat(a, doc->id.s, "-", day, "@",
                     base ? base->host : "ismsbook", (char *)NULL),
        d->date,
        ib_i18n_format(a, text(r, "ics_summary"), vars),
        desc,
        url,
    };
    ib_ics_add(ics, &ev);
}

/* Ends ICS and writes it to PATH. Returns 0 or -1 with a finding. */
static int
write_calendar(const struct ib_render *r, struct ib_ics *ics, const char *path)
{
    size_t len;
    const char *text = ib_ics_finish(ics, &len);
    return ib_out_write(r->out, path, text, len, r->d);
}

/*
 * Writes reviews.ics with the reviews V[0..N), then the feed of each owner
 * of O with theirs, copied from it rather than formatted again. Returns 0
 * or -1 with a finding.
 */
static int
write_feeds(const struct ib_render *r, struct ib_arena *a,
            const struct owners *o, const struct due *v, size_t n)
{
    const struct ib_site *site = r->site;
    struct ib_render_base b;
    const struct ib_render_base *base =
        ib_render_base(a, site->cfg.base_url, &b) ? &b : NULL;
    struct ib_ics *all = calendar(
        r, a,
        ib_i18n_format(a, text(r, "ics_name_all"),
                       (const char *const[]){"site", site->cfg.title, NULL}));
    for (size_t i = 0; i < n; i++)
        add_review(r, a, all, base, &v[i]);
    int rc = write_calendar(r, all, "reviews.ics");
    for (size_t k = 0; k < o->n; k++) {
        const struct owner *w = &o->items[k];
        if (!w->nreviews)
            continue;
        struct ib_ics *own =
            calendar(r, a,
                     ib_i18n_format(a, text(r, "ics_name_owner"),
                                    (const char *const[]){
                                        "site", site->cfg.title, "owner",
                                        w->label, NULL}));
        for (size_t i = 0; i < n; i++)
            if (v[i].owner == w)
                ib_ics_copy_event(own, all, i);
        if (write_calendar(r, own, feed_path(a, w)) < 0)
            rc = -1;
        ib_ics_free(own);
    }
    ib_ics_free(all);
    return rc;
}

static struct ib_val *
due_val(struct ib_page *p, const struct due *d)
{
    struct ib_val *s = ib_page_summary(p, d->doc);
    ib_val_set_str(p->a, s, "due", ib_page_date(p, d->date, true));
    return s;
}

/* Months from today's month to D's: 0 for this month. */
static long
month_offset(struct ib_date today, struct ib_date d)
{
    return (long)(d.y - today.y) * 12 + (d.m - today.m);
}

static int
render_calendar(const struct ib_render *r, const struct owners *o,
                const struct due *v, size_t n)
{
    const struct ib_site *site = r->site;
    struct ib_page p;
    struct ib_val *ctx = ib_page_begin(
        &p, r, "reviews.html", ib_page_text(r, NULL, "reviews_title"),
        "reviews", NULL);
    struct ib_arena *a = p.a;
    struct ib_val *overdue = ib_val_set(a, ctx, "overdue", ib_val_list(a));
    struct ib_val *months = ib_val_set(a, ctx, "months", ib_val_list(a));
    struct ib_val *month[12];
    struct ib_date t = site->today;
    for (int i = 0; i < 12; i++) {
        int y = t.y + (t.m - 1 + i) / 12, m = (t.m - 1 + i) % 12 + 1;
        struct ib_val *mv = ib_val_map(a);
        char key[16], year[16];
        snprintf(key, sizeof key, "month_%d", m);
        snprintf(year, sizeof year, "%d", y);
        ib_val_set_str(a, mv, "label",
                       ib_page_tf(&p, "month_label", "month",
                                  ib_page_t(&p, key), "year", year,
                                  (char *)NULL));
        ib_val_set_str(a, mv, "anchor",
                       ib_arena_printf(a, "m-%04d-%02d", y, m));
        month[i] = ib_val_set(a, mv, "reviews", ib_val_list(a));
        ib_val_push(a, months, mv);
    }
    long later = 0;
    for (size_t i = 0; i < n; i++) {
        long off = month_offset(t, v[i].date);
        if (ib_date_cmp(v[i].date, t) < 0)
            ib_val_push(a, overdue, due_val(&p, &v[i]));
        else if (off < 12)
            ib_val_push(a, month[off], due_val(&p, &v[i]));
        else
            later++;
    }
    for (size_t i = 0; i < months->n; i++) {
        struct ib_val *mv = months->items[i];
        size_t c = ib_val_get(mv, "reviews")->n;
        ib_val_set(a, mv, "count", ib_page_num(&p, (long)c));
        ib_val_set_bool(a, mv, "has_reviews", c > 0);
    }
    ib_val_set_bool(a, ctx, "has_overdue", overdue->n > 0);
    ib_val_set(a, ctx, "overdue_count", ib_page_num(&p, (long)overdue->n));
    ib_val_set(a, ctx, "later", ib_page_num(&p, later));
    ib_val_set_bool(a, ctx, "has_later", later > 0);
    ib_val_set_str(a, ctx, "feed", n ? ib_page_href(&p, "reviews.ics") : "");
    ib_val_set_str(a, ctx, "owners_href", ib_page_href(&p, "owners.html"));
    struct ib_val *feeds = ib_val_set(a, ctx, "owner_feeds", ib_val_list(a));
    for (size_t i = 0; i < o->n; i++) {
        if (!o->items[i].nreviews)
            continue;
        struct ib_val *f = ib_val_map(a);
        ib_val_set_str(a, f, "name", o->items[i].label);
        ib_val_set_str(a, f, "href",
                       ib_page_href(&p, feed_path(a, &o->items[i])));
        ib_val_set(a, f, "count", ib_page_num(&p, (long)o->items[i].nreviews));
        ib_val_push(a, feeds, f);
    }
    ib_val_set_bool(a, ctx, "has_owner_feeds", feeds->n > 0);
    return ib_page_end(&p, "reviews");
}

int
ib_render_reviews(const struct ib_render *r)
{
    const struct ib_site *site = r->site;
    struct ib_arena *fa = ib_arena_new();
    struct owners o;
    collect_owners(fa, site, &o);
    size_t n;
    struct due *v = collect_due(fa, &o, &n);
    int rc = render_calendar(r, &o, v, n);
    /* RFC 5545 wants at least one event in a calendar: no reviews, no
     * feed, and the pages say so instead of linking one. */
    if (n && write_feeds(r, fa, &o, v, n) < 0)
        rc = -1;
    ib_arena_free(fa);
    return rc;
}
