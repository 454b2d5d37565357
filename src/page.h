/* SPDX-License-Identifier: MIT */
/* The kit every page family uses: a page's arena, its base template
 * context, document summaries, links, and writing the rendered page. */
#ifndef IB_PAGE_H
#define IB_PAGE_H

#include <stdbool.h>

#include "date.h"
#include "doc.h"

struct ib_arena;
struct ib_catalog;
struct ib_coverage;
struct ib_diag;
struct ib_i18n;
struct ib_mustache;
struct ib_out;
struct ib_site;
struct ib_soa;
struct ib_val;

/*
 * What rendering reads and where it writes; shared by every page of one
 * build and only read. COV and SOA describe the Statement of
 * Applicability (SOA may be NULL when the handbook has none).
 */
struct ib_render {
    const struct ib_site *site;
    const struct ib_catalog *cat;
    const struct ib_soa *soa;
    const struct ib_coverage *cov;
    const struct ib_mustache *tmpl;
    const struct ib_i18n *i18n; /* the theme's UI strings */
    const char *generator;      /* "ismsbook 0.1.0" */
    struct ib_out *out;
    struct ib_diag *d;
    unsigned jobs; /* threads ib_render_site may use; 0 or 1: one */
    bool has_feed; /* ib_render_has_feed(site), asked once */
};

/*
 * One page being built. Its arena holds the template context and is
 * released by ib_page_end, so memory stays flat however many pages a
 * site has. PATH is the page's site path ("controls/A.5.15.html").
 */
struct ib_page {
    const struct ib_render *r;
    struct ib_arena *a;
    const char *path;
    const char *lang;   /* the page's language: a document's, else the
                           handbook's */
    const struct ib_val *strings; /* the UI strings of LANG */
    struct ib_val *ctx; /* the template context: site, root, page, nav... */
    /* The values of the texts that many summaries on this page share (a
     * type's label, a status), made once each; in the arena. */
    struct ib_page_shared *shared;
};

/*
 * Starts page PATH with title TITLE, kind KIND ("home", "document",
 * "control"...) and language LANG (NULL or "": the handbook's). Fills P
 * and returns its context, which already holds site, root, page, t (the
 * UI strings of the page's language), nav and an empty breadcrumbs list
 * (Home is added first unless the page is home). PATH, TITLE, KIND and
 * LANG are borrowed until ib_page_end: the context refers to them.
 */
struct ib_val *ib_page_begin(struct ib_page *p, const struct ib_render *r,
                             const char *path, const char *title,
                             const char *kind, const char *lang);

/*
 * Returns UI string KEY in language LANG (NULL: the handbook's), for a
 * page's title before the page begins. Borrowed from R's strings.
 */
const char *ib_page_text(const struct ib_render *r, const char *lang,
                         const char *key);

/* Returns UI string KEY in P's language (borrowed). */
const char *ib_page_t(const struct ib_page *p, const char *key);

/*
 * Returns UI string KEY in P's language with each {{name}} replaced:
 * VARS are name, value pairs ending with NULL. In P's arena.
 */
const char *ib_page_tf(struct ib_page *p, const char *key, ...);

/*
 * Returns the plural form of KEY for count N in P's language, with {{n}}
 * replaced by N and any other {{name}} by the name, value pairs that
 * follow (ending with NULL). In P's arena.
 */
const char *ib_page_tn(struct ib_page *p, const char *key, long n, ...);

/* The name of language LANG in itself ("Dansk"), for switchers. */
const char *ib_page_language_name(const struct ib_page *p, const char *lang);

/* LANG when it is not P's language, else "": a `lang` attribute for text
 * in another language than the page's. */
const char *ib_page_other_lang(const struct ib_page *p, const char *lang);

/* Renders template NAME with P's context, writes the page, releases P.
 * Returns 0, or -1 with a finding. */
int ib_page_end(struct ib_page *p, const char *name);
/* Releases P without rendering or writing it: a page begun only for its
 * kit (summaries, links) that other pages then show. */
void ib_page_discard(struct ib_page *p);

/* Appends a breadcrumb {title, href} leading to site path TO. */
void ib_page_crumb(struct ib_page *p, const char *title, const char *to);

/* Returns the relative URL from P to site path TO (in P's arena). */
const char *ib_page_href(struct ib_page *p, const char *to);

/* The label of type T in P's language: "Policy", or "Policies" when
 * PLURAL. */
const char *ib_page_type_label(const struct ib_page *p, enum ib_doc_type t,
                               bool plural);

/* A summary of DOC (the keys documented in the README). */
struct ib_val *ib_page_summary(struct ib_page *p, const struct ib_doc *doc);

/*
 * A page that lists one document in many places (the SoA names a policy
 * on each of its controls' rows) can share one summary between them:
 * ib_page_keep_summary remembers S as DOC's shared summary on P, and
 * ib_page_kept_summary returns it, or NULL. A shared summary must not be
 * changed once kept.
 */
void ib_page_keep_summary(struct ib_page *p, const struct ib_doc *doc,
                          struct ib_val *s);
struct ib_val *ib_page_kept_summary(struct ib_page *p,
                                    const struct ib_doc *doc);

/* {id, title, href, lang, other_lang} of DOC when published, else NULL. */
struct ib_val *ib_page_doc_link(struct ib_page *p, const struct ib_doc *doc);

/* "YYYY-MM-DD" in P's arena, or "" when !HAS. */
const char *ib_page_date(struct ib_page *p, struct ib_date d, bool has);

/* A number value. */
struct ib_val *ib_page_num(struct ib_page *p, long n);

/* The name of person KEY from the people directory, else KEY itself. */
const char *ib_page_person(const struct ib_page *p, const char *key);

/* The site path of control ID's page: "controls/A.5.15.html". */
const char *ib_page_control_path(struct ib_page *p, const char *display_id);

#endif
