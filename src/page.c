/* SPDX-License-Identifier: MIT */
/*
 * The page kit: what every page family needs to build a template context
 * and publish a page. A page owns an arena for its context; nothing in it
 * outlives ib_page_end. The site model is only read.
 */
#include "page.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "fs.h"
#include "i18n.h"
#include "mustache.h"
#include "render.h"
#include "site.h"
#include "text.h"
#include "val.h"

/* The top navigation: sections present on every site, in order, each
 * titled by a UI string. */
static const struct {
    const char *key, *path;
} sections[] = {
    {"nav_home", "index.html"},
    {"nav_guidelines", "audiences/index.html"},
    {"nav_controls", "controls/index.html"},
    {"nav_soa", "soa.html"},
    {"nav_reviews", "reviews.html"},
    {"nav_owners", "owners.html"},
};

/* What a page's output buffer starts with: a document's page is 8-20 KB. */
#define PAGE_ROOM ((size_t)16 * 1024)

/* Most name, value pairs one UI string is given. */
#define MAX_VARS ((size_t)8)

const char *
ib_page_text(const struct ib_render *r, const char *lang, const char *key)
{
    return ib_i18n_get(r->i18n,
                       lang && lang[0] ? lang : r->site->cfg.language, key);
}

const char *
ib_page_t(const struct ib_page *p, const char *key)
{
    return ib_i18n_pick(p->strings, key, 2);
}

/* Collects the name, value pairs of AP (ending with NULL) into VARS after
 * the N already there. */
static void
collect_vars(const char **vars, size_t n, va_list ap)
{
    const char *name;
    while (n < 2 * MAX_VARS && (name = va_arg(ap, const char *))) {
        vars[n++] = name;
        vars[n++] = va_arg(ap, const char *);
    }
    vars[n] = NULL;
}

const char *
ib_page_tf(struct ib_page *p, const char *key, ...)
{
    const char *vars[2 * MAX_VARS + 1];
    va_list ap;
    va_start(ap, key);
    collect_vars(vars, 0, ap);
    va_end(ap);
    return ib_i18n_format(p->a, ib_page_t(p, key), vars);
}

const char *
ib_page_tn(struct ib_page *p, const char *key, long n, ...)
{
    const char *vars[2 * MAX_VARS + 3];
    vars[0] = "n";
    char num[IB_TEXT_INT_MAX];
    ib_text_int(num, n);
    vars[1] = ib_arena_strdup(p->a, num);
    va_list ap;
    va_start(ap, n);
    collect_vars(vars, 2, ap);
    va_end(ap);
    return ib_i18n_format(p->a,
                          ib_i18n_pick(p->strings, key, n), vars);
}

const char *
ib_page_language_name(const struct ib_page *p, const char *lang)
{
    return ib_i18n_language_name(p->r->i18n, lang);
}

const char *
ib_page_other_lang(const struct ib_page *p, const char *lang)
{
    return lang && lang[0] && strcmp(lang, p->lang) != 0 ? lang : "";
}

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
    return ib_config_person_name(&p->r->site->cfg, key);
}

const char *
ib_page_control_path(struct ib_page *p, const char *display_id)
{
    return ib_arena_cat(p->a, "controls/", display_id, ".html", (char *)NULL);
}

/*
 * The members of summaries and links, in the order a summary has them.
 * Their hashes are computed once per page: summaries are made by the
 * hundred thousand.
 */
enum member {
    M_ID, M_TITLE, M_TYPE, M_TYPE_LABEL, M_HREF, M_OWNER, M_OWNER_NAME,
    M_STATUS, M_STATUS_LABEL, M_CLASS, M_CLASS_LABEL, M_VERSION, M_LANG,
    M_OTHER_LANG, M_LAST_REVIEWED, M_NEXT_REVIEW, M_REVIEW, M_TRANSLATIONS,
    M_HAS_TRANSLATIONS,
    /* review */
    M_STATE, M_LABEL, M_TEXT, M_DUE, M_OVERDUE, M_DUE_SOON,
    M_COUNT
};

static const char *const member_names[M_COUNT] = {
    "id", "title", "type", "type_label", "href", "owner", "owner_name",
    "status", "status_label", "classification", "classification_label",
    "version", "lang", "other_lang", "last_reviewed", "next_review", "review",
    "translations", "has_translations",
    "state", "label", "text", "due", "overdue", "due_soon",
};

/*
 * A page that lists every document holds ten thousand summaries at
 * 10,000 documents. Most members are texts of the theme or the program
 * (a type's label, a status), the same address in every summary: each
 * gets one value, which the summaries share. Templates only read them.
 */
#define SHARED_SLOTS 64
/* Review dates remembered with their texts, as documents share due
 * dates: an open-addressing table by day, made on the first summary and
 * doubled when half full, since a list of every document meets hundreds
 * of dates and a document's page one. */
#define REVIEW_SLOTS_FIRST 16

/* Summaries kept for sharing (ib_page_keep_summary): an open-addressing
 * table by document, doubled when half full. */
#define KEPT_SLOTS_FIRST 64

struct kept {
    const struct ib_doc *doc;
    struct ib_val *v;
};

struct review_text {
    bool used;
    long day; /* ib_date_to_days of the due date */
    const char *due, *text;
};

struct ib_page_shared {
    unsigned hash[M_COUNT];
    const char *s[SHARED_SLOTS];
    struct ib_val *v[SHARED_SLOTS];
    struct ib_val *bools[2];
    /* Labels in the page's language, looked up once per page. */
    const char *type_label[IB_TYPE_COUNT];
    const char *status_label[IB_STATUS_RETIRED + 1];
    const char *class_label[IB_CLASS_RESTRICTED + 1];
    const char *review_label[IB_REVIEW_OVERDUE + 1];
    struct review_text *review;
    size_t nreview, capreview;
    struct kept *kept;
    size_t nkept, capkept;
};

static struct ib_page_shared *
shared(struct ib_page *p)
{
    if (!p->shared) {
        p->shared = ib_arena_calloc(p->a, 1, sizeof(*p->shared));
        for (int m = 0; m < M_COUNT; m++)
            p->shared->hash[m] = ib_val_hash(member_names[m]);
    }
    return p->shared;
}

/* Adds member M with the value V to the new map MAP; shared(P) made
 * P's shared part first, as for every put_ function below. */
static void
put(struct ib_page *p, struct ib_val *map, enum member m, struct ib_val *v)
{
    ib_val_append_hashed(p->a, map, member_names[m], p->shared->hash[m], v);
}

/*
 * Adds member M with the text S to the new map MAP, copying nothing: S is
 * a string of the site, the theme or the page's arena, which all outlive
 * the page's context.
 */
static void
put_ref(struct ib_page *p, struct ib_val *map, enum member m, const char *s)
{
    put(p, map, m, ib_val_str_ref(p->a, s));
}

/* Adds member M with the text of R, a document's string, to the new map
 * MAP: R's own value when it has one (the front matter's values are only
 * read while the site is rendered), else one made for its text. */
static void
put_doc_ref(struct ib_page *p, struct ib_val *map, enum member m,
            const struct ib_ref *r)
{
    put(p, map, m,
        r->val ? (struct ib_val *)r->val : ib_val_str_ref(p->a, r->s));
}

/* As put_ref, for S of the theme, the program or the configuration. */
static void
put_shared(struct ib_page *p, struct ib_val *map, enum member m,
           const char *s)
{
    struct ib_page_shared *sh = p->shared;
    size_t h = (size_t)((uintptr_t)s >> 3) % SHARED_SLOTS;
    struct ib_val *v = NULL;
    for (size_t k = 0; k < SHARED_SLOTS && !v; k++) {
        size_t i = (h + k) % SHARED_SLOTS;
        if (!sh->s[i]) {
            sh->s[i] = s;
            sh->v[i] = ib_val_str_ref(p->a, s);
        }
        if (sh->s[i] == s)
            v = sh->v[i];
    }
    /* A full table: the rare page with that many such texts. */
    put(p, map, m, v ? v : ib_val_str_ref(p->a, s));
}

static void
put_bool(struct ib_page *p, struct ib_val *map, enum member m, bool b)
{
    struct ib_page_shared *sh = p->shared;
    if (!sh->bools[b])
        sh->bools[b] = ib_val_bool(p->a, b);
    put(p, map, m, sh->bools[b]);
}

/* The slot of DAY in SH's review texts, or the empty one it would take;
 * NULL before the first. */
static struct review_text *
review_slot(struct ib_page_shared *sh, long day)
{
    if (!sh->capreview)
        return NULL;
    size_t mask = sh->capreview - 1, i = (unsigned long)day & mask;
    while (sh->review[i].used && sh->review[i].day != day)
        i = (i + 1) & mask;
    return &sh->review[i];
}

static void
review_grow(struct ib_page *p)
{
    struct ib_page_shared *sh = p->shared;
    const struct review_text *old = sh->review;
    size_t n = sh->capreview;
    sh->capreview = n ? 2 * n : REVIEW_SLOTS_FIRST;
    sh->review = ib_arena_calloc(p->a, sh->capreview, sizeof(*sh->review));
    for (size_t i = 0; i < n; i++)
        if (old[i].used)
            *review_slot(sh, old[i].day) = old[i];
}

/* The due date of review R as text, and the sentence saying when it is
 * due; R's state is not IB_REVIEW_NONE. */
static const struct review_text *
review_text(struct ib_page *p, struct ib_review r)
{
    struct ib_page_shared *sh = p->shared;
    long day = ib_date_to_days(r.due);
    struct review_text *t = review_slot(sh, day);
    if (t && t->used)
        return t;
    if (!t || 2 * (sh->nreview + 1) > sh->capreview) {
        review_grow(p);
        t = review_slot(sh, day);
    }
    sh->nreview++;
    const char *due = ib_page_date(p, r.due, true);
    const char *text = "";
    switch (r.state) {
    case IB_REVIEW_OVERDUE:
        text = ib_page_tn(p, "review_text_overdue", -r.days, "date", due,
                          (char *)NULL);
        break;
    case IB_REVIEW_DUE_SOON:
        text = r.days == 0 ? ib_page_tf(p, "review_text_today", "date", due,
                                        (char *)NULL)
                           : ib_page_tn(p, "review_text_due_soon", r.days,
                                        "date", due, (char *)NULL);
        break;
    case IB_REVIEW_CURRENT:
        text = ib_page_tf(p, "review_text_current", "date", due, (char *)NULL);
        break;
    case IB_REVIEW_NONE: break;
    }
    *t = (struct review_text){true, day, due, text};
    return t;
}

static struct ib_val *
review_val(struct ib_page *p, struct ib_review r, const char *due,
           const char *text)
{
    static const char *const states[] = {"none", "current", "due-soon",
                                         "overdue"};
    static const char *const labels[] = {"review_none", "review_current",
                                         "review_due_soon", "review_overdue"};
    struct ib_val *v = ib_val_map(p->a);
    ib_val_reserve(p->a, v, 6);
    const char **label = &p->shared->review_label[r.state];
    if (!*label)
        *label = ib_page_t(p, labels[r.state]);
    put_shared(p, v, M_STATE, states[r.state]);
    put_shared(p, v, M_LABEL, *label);
    put_ref(p, v, M_TEXT, text);
    put_ref(p, v, M_DUE, due);
    put_bool(p, v, M_OVERDUE, r.state == IB_REVIEW_OVERDUE);
    put_bool(p, v, M_DUE_SOON, r.state == IB_REVIEW_DUE_SOON);
    return v;
}

/* The UI string PREFIX NAME ("status_" "draft"). A theme whose strings
 * lack the key gets the key itself (i18n.h), so it is copied to the
 * page's arena: the joined key lives on this stack frame only. */
static const char *
label(const struct ib_page *p, const char *prefix, const char *name)
{
    char key[32];
    ib_text_join(key, sizeof key, prefix, name);
    const char *s = ib_page_t(p, key);
    return s == key ? ib_arena_strdup(p->a, key) : s;
}

const char *
ib_page_type_label(const struct ib_page *p, enum ib_doc_type t, bool plural)
{
    return label(p, plural ? "types_" : "type_", ib_doc_type_name(t));
}

struct ib_val *
ib_page_summary(struct ib_page *p, const struct ib_doc *doc)
{
    struct ib_arena *a = p->a;
    struct ib_val *v = ib_val_map(a);
    /* The 19 members below and the few that lists of documents add. */
    ib_val_reserve(a, v, 24);
    struct ib_page_shared *sh = shared(p);
    if (!sh->type_label[doc->type])
        sh->type_label[doc->type] = ib_page_type_label(p, doc->type, false);
    if (!sh->status_label[doc->status])
        sh->status_label[doc->status] =
            label(p, "status_", ib_status_name(doc->status));
    if (!sh->class_label[doc->classification])
        sh->class_label[doc->classification] =
            label(p, "class_", ib_class_name(doc->classification));
    const char *lang =
        doc->lang.s[0] ? doc->lang.s : p->r->site->cfg.language;
    struct ib_review r = ib_site_review(p->r->site, doc);
    const struct review_text *rt =
        r.state != IB_REVIEW_NONE ? review_text(p, r) : NULL;
    put_doc_ref(p, v, M_ID, &doc->id);
    put_doc_ref(p, v, M_TITLE, &doc->title);
    put_shared(p, v, M_TYPE, ib_doc_type_name(doc->type));
    put_shared(p, v, M_TYPE_LABEL, sh->type_label[doc->type]);
    put_ref(p, v, M_HREF, ib_page_href(p, doc->out_path));
    put_doc_ref(p, v, M_OWNER, &doc->owner);
    put_ref(p, v, M_OWNER_NAME, doc->owner_name);
    put_shared(p, v, M_STATUS, ib_status_name(doc->status));
    put_shared(p, v, M_STATUS_LABEL, sh->status_label[doc->status]);
    put_shared(p, v, M_CLASS, ib_class_name(doc->classification));
    put_shared(p, v, M_CLASS_LABEL, sh->class_label[doc->classification]);
    put_doc_ref(p, v, M_VERSION, &doc->version);
    put_ref(p, v, M_LANG, lang);
    put_ref(p, v, M_OTHER_LANG, ib_page_other_lang(p, lang));
    put_ref(p, v, M_LAST_REVIEWED,
            ib_page_date(p, doc->last_reviewed, doc->has_last_reviewed));
    put_ref(p, v, M_NEXT_REVIEW, rt ? rt->due : "");
    put(p, v, M_REVIEW, review_val(p, r, rt ? rt->due : "", rt ? rt->text : ""));
    /* Lists that fold translations into their original's row fill
     * these (pages_lang.c); a row without them must not find an outer
     * context's. */
    put(p, v, M_TRANSLATIONS, ib_val_list(a));
    put_bool(p, v, M_HAS_TRANSLATIONS, false);
    return v;
}

/* The slot of DOC in SH's kept summaries, or the empty one it would
 * take; NULL before the first. */
static struct kept *
kept_slot(const struct ib_page_shared *sh, const struct ib_doc *doc)
{
    if (!sh->capkept)
        return NULL;
    size_t mask = sh->capkept - 1;
    size_t i = (size_t)(((uintptr_t)doc >> 4) * 2654435761u) & mask;
    while (sh->kept[i].doc && sh->kept[i].doc != doc)
        i = (i + 1) & mask;
    return &sh->kept[i];
}

void
ib_page_keep_summary(struct ib_page *p, const struct ib_doc *doc,
                     struct ib_val *s)
{
    struct ib_page_shared *sh = shared(p);
    struct kept *k = kept_slot(sh, doc);
    if (!k || 2 * (sh->nkept + 1) > sh->capkept) {
        const struct kept *old = sh->kept;
        size_t n = sh->capkept;
        sh->capkept = n ? 2 * n : KEPT_SLOTS_FIRST;
        sh->kept = ib_arena_calloc(p->a, sh->capkept, sizeof(*sh->kept));
        for (size_t i = 0; i < n; i++)
            if (old[i].doc)
                *kept_slot(sh, old[i].doc) = old[i];
        k = kept_slot(sh, doc);
    }
    if (!k->doc)
        sh->nkept++;
    *k = (struct kept){doc, s};
}

struct ib_val *
ib_page_kept_summary(struct ib_page *p, const struct ib_doc *doc)
{
    const struct kept *k = kept_slot(shared(p), doc);
    return k && k->doc ? k->v : NULL;
}

struct ib_val *
ib_page_doc_link(struct ib_page *p, const struct ib_doc *doc)
{
    if (!doc || !ib_site_is_published(p->r->site, doc))
        return NULL;
    shared(p);
    struct ib_val *m = ib_val_map(p->a);
    const char *lang =
        doc->lang.s[0] ? doc->lang.s : p->r->site->cfg.language;
    put_doc_ref(p, m, M_ID, &doc->id);
    put_doc_ref(p, m, M_TITLE, &doc->title);
    put_ref(p, m, M_HREF, ib_page_href(p, doc->out_path));
    put_ref(p, m, M_LANG, lang);
    put_ref(p, m, M_OTHER_LANG, ib_page_other_lang(p, lang));
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
    size_t n = sizeof sections / sizeof *sections;
    struct ib_val *list = ib_val_list(p->a);
    ib_val_reserve(p->a, list, n);
    for (size_t i = 0; i < n; i++) {
        struct ib_val *m = ib_val_map(p->a);
        ib_val_reserve(p->a, m, 3);
        ib_val_append_ref(p->a, m, "title", ib_page_t(p, sections[i].key));
        ib_val_append_ref(p->a, m, "href", ib_page_href(p, sections[i].path));
        ib_val_append(p->a, m, "current",
                      ib_val_bool(p->a,
                                  strcmp(p->path, sections[i].path) == 0));
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
    p->shared = NULL;
    p->path = path;
    p->lang = lang && lang[0] ? lang : cfg->language;
    p->strings = ib_i18n_table(r->i18n, p->lang);
    struct ib_arena *a = p->a;
    /* New maps of distinct keys, appended, not set; the texts outlive
     * the page (the site's, the render's, the page's arena's, or the
     * borrowed arguments), so they are not copied. */
    struct ib_val *ctx = p->ctx = ib_val_map(a);
    struct ib_val *site = ib_val_map(a);
    ib_val_append(a, ctx, "site", site);
    ib_val_reserve(a, site, 8);
    ib_val_append_ref(a, site, "title", cfg->title);
    ib_val_append_ref(a, site, "organisation", cfg->organisation);
    ib_val_append_ref(a, site, "language", cfg->language);
    ib_val_append_ref(a, site, "base_url", cfg->base_url);
    ib_val_append_ref(a, site, "generator", r->generator);
    ib_val_append_ref(a, site, "today",
                      ib_page_date(p, r->site->today, true));
    ib_val_append_ref(a, site, "feed", r->has_feed ? "feed.xml" : "");
    ib_val_append_ref(a, ctx, "root", ib_site_root_prefix(a, path));
    struct ib_val *page = ib_val_map(a);
    ib_val_append(a, ctx, "page", page);
    ib_val_reserve(a, page, 6);
    ib_val_append_ref(a, page, "title", title);
    ib_val_append_ref(a, page, "lang", p->lang);
    ib_val_append_ref(a, page, "ui_lang", ib_i18n_lang(r->i18n, p->lang));
    /* Control and clause titles come from the catalog, in English. */
    ib_val_append_ref(a, page, "catalog_lang",
                      strncmp(p->lang, "en", 2) == 0 &&
                              (p->lang[2] == '\0' || p->lang[2] == '-' ||
                               p->lang[2] == '_')
                          ? ""
                          : "en");
    ib_val_append_ref(a, site, "other_lang",
                      ib_page_other_lang(p, cfg->language));
    /* The strings are shared by every page of the language, never
     * written: the context only lends them to the templates. */
    ib_val_append(a, ctx, "t", (struct ib_val *)p->strings);
    ib_val_append_ref(a, page, "kind", kind);
    ib_val_append_ref(a, page, "path", path);
    ib_val_append(a, ctx, "nav", nav(p));
    ib_val_append(a, ctx, "breadcrumbs", ib_val_list(a));
    if (strcmp(path, "index.html") != 0)
        ib_page_crumb(p, ib_page_t(p, "nav_home"), "index.html");
    return ctx;
}

/* A context of more keys than this is given a hash index before the
 * templates read it: every name they look up goes through it first. */
#define INDEX_MIN 12

int
ib_page_end(struct ib_page *p, const char *name)
{
    if (p->ctx->n > INDEX_MIN && !p->ctx->index)
        ib_val_index(p->a, p->ctx);
    struct ib_buf out;
    ib_buf_init(&out);
    /* Room for a typical page at once, rather than doubling up to it. */
    ib_buf_grow(&out, PAGE_ROOM);
    int rc = ib_mustache_render(p->r->tmpl, name, p->ctx, &out, p->r->d);
    if (rc == 0)
        rc = ib_out_write(p->r->out, p->path, ib_buf_cstr(&out), out.len,
                          p->r->d);
    ib_buf_fini(&out);
    ib_page_discard(p);
    return rc;
}

void
ib_page_discard(struct ib_page *p)
{
    ib_arena_free(p->a);
    p->a = NULL;
    p->ctx = NULL;
}
