/* SPDX-License-Identifier: MIT */
/* A handbook document: its front matter, checked against the schema. */
#ifndef IB_DOC_H
#define IB_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"

struct ib_arena;
struct ib_config;
struct ib_diag;
struct ib_md;
struct ib_val;

enum ib_doc_type {
    IB_TYPE_POLICY,
    IB_TYPE_STANDARD,
    IB_TYPE_PROCEDURE,
    IB_TYPE_GUIDELINE,
    IB_TYPE_PLAN,
    IB_TYPE_REGISTER,
    IB_TYPE_RECORD,
    IB_TYPE_COUNT
};

enum ib_status { IB_STATUS_DRAFT, IB_STATUS_APPROVED, IB_STATUS_RETIRED };

enum ib_class {
    IB_CLASS_PUBLIC,
    IB_CLASS_INTERNAL,
    IB_CLASS_CONFIDENTIAL,
    IB_CLASS_RESTRICTED
};

/* A string from the front matter with the position of its value. VAL is
 * that value when it is a YAML string (its text is S), else NULL: pages
 * that list the document put it in their context as it is. */
struct ib_ref {
    const char *s;
    unsigned line, col;
    const struct ib_val *val;
};

struct ib_reflist {
    struct ib_ref *items;
    size_t n;
};

/* A growable list of borrowed document pointers (ib_doc_fini frees it). */
struct ib_doclist {
    struct ib_doc **items;
    size_t n, cap;
};

/*
 * A loaded document. Strings and lists live in the build's arena; MD is
 * owned by the document and released by ib_doc_fini. Optional strings are
 * "" when absent, never NULL; dates have a HAS_ flag.
 */
struct ib_doc {
    const char *path;     /* "content/policies/access.md" */
    const char *out_path; /* "policies/access.html" */
    bool valid;           /* front matter usable: the doc can be rendered */
    bool fm_errors; /* its loading found errors (set by site.c): no filter
                     * hook sees it */

    struct ib_ref id, title, owner, approver, version, lang, translation_of;
    const char *owner_name; /* ib_config_person_name of the owner */
    enum ib_doc_type type;
    enum ib_status status;
    enum ib_class classification;
    struct ib_reflist audience, controls, clauses, tags, related;
    struct ib_date approved, last_reviewed, next_review, effective;
    bool has_approved, has_last_reviewed, has_next_review, has_effective;
    struct ib_interval review_interval; /* from the doc or the config */
    bool own_interval;                  /* set in the front matter */
    const struct ib_val *extra;         /* map, or NULL */
    const struct ib_val *fm;            /* front matter after aliases */
    unsigned fm_line;                   /* line of the opening fence */

    const char *body; /* Markdown, NUL-terminated; owned if OWN_BODY */
    size_t body_len;
    bool own_body;
    unsigned body_line; /* line before the body's first line */
    struct ib_md *md;   /* parsed body, or NULL before parsing */
    unsigned char hash[32]; /* SHA-256 of the file, when a cache is used */
    /* SHA-256 of the text before the body, when the site keeps links
     * (ib_site_opts.keep_links). */
    unsigned char front[32];
    /* Made from the tree while loading for a build (ib_site_opts.body),
     * owned by the document, NULL otherwise: the body as HTML, and its
     * search fields (render.h). */
    char *html;
    char *search;
    /* Or, when the site has a scratch file (ib_site_opts.spill), they wait
     * there (SPILLED[0] the html, [1] the search fields) until read back
     * with ib_site_unspill and ib_site_put_search_fields: SPILL_LEN[k] bytes
     * at SPILL[k]. */
    bool spilled[2];
    uint64_t spill[2];
    size_t spill_len[2];
    /* Where its entry of search-index.json was written: INDEX_LEN bytes at
     * INDEX_OFF; 0 bytes when it was not. */
    size_t index_off, index_len;

    /* Filled in by the site: documents linking here, sorted by path. */
    struct ib_doclist referenced_by;
};

/* Appends DOC to L unless it is already the last item. */
void ib_doclist_push(struct ib_doclist *l, struct ib_doc *doc);

/*
 * Loads the document at PATH (relative to the handbook root) from TEXT:
 * validates UTF-8, splits the front matter, parses it, applies the
 * configuration's key aliases and folder defaults, and checks the schema.
 * Every problem is a finding; the document is returned (in arena A) even
 * with errors, with VALID false when it cannot be rendered.
 */
struct ib_doc *ib_doc_load(struct ib_arena *a, const struct ib_config *cfg,
                           const char *path, const char *text, size_t len,
                           struct ib_diag *d);

/*
 * Runs the schema checks of ib_doc_load on FM, a changed front matter map
 * for DOC (a Lua filter's edits, already past aliases and defaults), and
 * sets DOC's fields from it; FM becomes DOC->fm. The path, body and
 * parsed tree stay. Strings come from arena A, findings go to D, at the
 * positions FM's values carry (new values: the front matter's first line).
 */
void ib_doc_revalidate(struct ib_arena *a, const struct ib_config *cfg,
                       struct ib_doc *doc, const struct ib_val *fm,
                       struct ib_diag *d);

/* Frees the body's Markdown, once parsed: BODY becomes "". */
void ib_doc_drop_body(struct ib_doc *doc);

/* Releases what the document owns outside the arena. NULL is a no-op. */
void ib_doc_fini(struct ib_doc *doc);

/* Returns true if ID matches [A-Za-z0-9][A-Za-z0-9._-]* (max 64 bytes). */
bool ib_doc_id_is_valid(const char *id);

/*
 * Computes the review due date: next_review, else last_reviewed plus the
 * interval. Returns false when the document has no review obligation
 * (drafts, retired documents, or no dates).
 */
bool ib_doc_due(const struct ib_doc *doc, struct ib_date *due);

/* Names and labels; *_parse return false for unknown names. */
const char *ib_doc_type_name(enum ib_doc_type t);
const char *ib_doc_type_label(enum ib_doc_type t);
const char *ib_doc_type_plural(enum ib_doc_type t);
bool ib_doc_type_parse(const char *s, enum ib_doc_type *out);
const char *ib_status_name(enum ib_status s);
bool ib_status_parse(const char *s, enum ib_status *out);
const char *ib_class_name(enum ib_class c);
bool ib_class_parse(const char *s, enum ib_class *out);

/* The front-matter keys of SPEC §4, NULL-terminated, for suggestions. */
extern const char *const ib_doc_keys[];

/* Returns true if KEY is one of ib_doc_keys. */
bool ib_doc_is_key(const char *key);

#endif
