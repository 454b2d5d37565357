/* SPDX-License-Identifier: MIT */
/* The in-memory site model that both `build` and `check` read. */
#ifndef IB_SITE_H
#define IB_SITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "date.h"
#include "diag.h"
#include "doc.h"
#include "filter.h"

struct ib_arena;
struct ib_cache;
struct ib_spill;
struct ib_doc_links;

enum ib_review_state {
    IB_REVIEW_NONE,     /* no obligation: draft, retired, or no dates */
    IB_REVIEW_CURRENT,
    IB_REVIEW_DUE_SOON, /* due within warn_days */
    IB_REVIEW_OVERDUE,
};

struct ib_review {
    enum ib_review_state state;
    struct ib_date due; /* valid unless state is IB_REVIEW_NONE */
    long days;          /* due - today; negative when overdue */
};

/*
 * A loaded handbook: configuration, documents sorted by path, and today's
 * date. Built by ib_site_load and read-only afterwards, so later stages may
 * read it from several threads. The site owns its arenas, which own every
 * string reachable from it.
 */
/* A slot of a site's hash index of documents: a position + 1 (0: empty),
 * the hash of that document's key and the key, so that a probe reads no
 * document but the one it finds. */
struct ib_doc_slot {
    uint32_t pos;
    uint32_t hash;
    const char *key;
};

/*
 * A relative link of a document to something that is not a document: a
 * picture or a form beside it, or another file of the site. Made while
 * loading, in the site's arenas.
 */
struct ib_site_file {
    const struct ib_doc *from;
    const char *url;  /* the link's path as written, "diagram%20v2.png" */
    const char *path; /* the site path it names, "policies/diagram v2.png" */
    /* The file of content/ published there ("content/policies/diagram
     * v2.png"), or NULL when content/ has none: the site must have PATH
     * by itself (ib_site_check_files). */
    const char *file;
    struct ib_loc loc;
};

struct ib_site {
    struct ib_arena *arena;
    struct ib_arena **arenas; /* the loading threads': documents' strings */
    size_t narenas;
    const char *root;
    struct ib_config cfg;
    struct ib_date today;
    struct ib_doc **docs;
    size_t ndocs;
    struct ib_doc **by_id; /* valid documents sorted by id, ignoring case */
    size_t nby_id;
    /* A hash index of BY_ID, ID_MASK + 1 slots, made with it: a link by
     * id takes one look, not a dozen documents'. */
    struct ib_doc_slot *id_slots;
    size_t id_mask;
    /* The same of DOCS by path, made when they are loaded. */
    struct ib_doc_slot *path_slots;
    size_t path_mask;
    /* Findings Lua filters reported under their own rule ids: `check`
     * reports them, `build` does not fail on them. Owned by the site. */
    struct ib_diag *filter_findings;
    /* Where the bodies O->body made wait for their pages, or NULL. */
    struct ib_spill *spill;
    /* With ib_site_opts.keep_links, per document: what its links reach
     * (ib_site_update_body); else NULL. */
    bool links_kept;
    struct ib_doc_links *links;
    /* The files below content/ a document may link to, sorted: regular
     * files that are no .md, reached through no symlink below content/,
     * with no hidden name and not excluded. */
    char **files;
    size_t nfiles;
    /* Every document's links to them and to other files of the site, in
     * path order, then link order. */
    struct ib_site_file *file_links;
    size_t nfile_links;
};

/* Exit statuses of SPEC §6. */
enum ib_exit {
    IB_EXIT_OK = 0,
    IB_EXIT_ERRORS = 1,
    IB_EXIT_USAGE = 2,
};

/*
 * Called on a loading thread for each parsed document once its links are
 * resolved, just before its tree is released (ib_md_release_tree): the
 * last moment DOC->md can be read whole. It may set the fields of DOC
 * that the build fills in (html, search) and must not touch other
 * documents.
 */
typedef void (*ib_site_body_fn)(void *ud, const struct ib_site *site,
                                struct ib_doc *doc);

struct ib_site_opts {
    const char *root;
    struct ib_date today;
    unsigned jobs;        /* threads; 0: one per CPU */
    ib_site_body_fn body; /* NULL: keep nothing of the bodies but headings */
    void *ud;
    ib_filter_log_fn log; /* filters' log lines; NULL: standard error */
    void *log_ud;
    /* Bodies already made, and where new ones go (cache.h); NULL: none.
     * Not used when a filter has a document hook. */
    struct ib_cache *cache;
    /* Move what O->body made (DOC->html, DOC->search) to a scratch file
     * (spill.h) until ib_site_unspill. A build holds every body between
     * loading and rendering, which is most of its memory otherwise. */
    bool spill;
    /* Keep what ib_site_update_body needs: the documents each body links
     * to, the anchors it uses, and a hash of each front matter. */
    bool keep_links;
    /* --max-classification: with HAVE_MAX_CLASS, MAX_CLASS replaces
     * publish.max_classification for this load. */
    bool have_max_class;
    enum ib_class max_class;
};

/*
 * Loads the handbook at O->root: handbook.yaml, every content/ *.md file
 * in sorted order and their front matter; checks ids; parses the bodies,
 * runs the Lua filters' document hooks (filter.h) on them, resolves links
 * (link-broken, anchor-broken, classification-leak) and calls O->body;
 * collects backlinks and runs the filters' site hooks. Reading and bodies
 * use O->jobs threads. Findings go to D, except those of filters' own
 * rules (FILTER_FINDINGS); filters' log lines go to O->log.
 * Returns the site (free with ib_site_free), or NULL when the
 * configuration is unusable; *STATUS is then IB_EXIT_USAGE. Each parsed
 * document keeps its headings (DOC->md) but neither its tree nor its
 * Markdown (DOC->body is "").
 */
struct ib_site *ib_site_load(const struct ib_site_opts *o, struct ib_diag *d,
                             int *status);
void ib_site_free(struct ib_site *site);

/*
 * Brings DOC's HTML back from the site's scratch file into DOC->html, if
 * it is there and DOC->html is NULL; it stays in the file too. Returns 0,
 * or -1 after recording an error in D. Documents may be brought back from
 * several threads at once.
 */
int ib_site_unspill(const struct ib_site *site, struct ib_doc *doc,
                    struct ib_diag *d);
/*
 * serve's quick rebuild: the file of DOC now holds the LEN bytes of TEXT.
 * If the site O loaded (with keep_links, no filters, titles not taken
 * from headings) would differ only in DOC's body, its body is made again
 * with O->body, its backlinks moved, and DOC and the documents whose
 * backlinks changed are added to PAGES: returns 1. Returns 0 when any
 * finding would result, or anything but the body changed: the site may
 * be changed half way then, and must be loaded again.
 */
int ib_site_update_body(struct ib_site *site, const struct ib_site_opts *o,
                        struct ib_doc *doc, const char *text, size_t len,
                        struct ib_doclist *pages);

/* Appends DOC's search fields (DOC->search) to B, read straight from the
 * scratch file if they wait there (and stay there, for the next index).
 * Returns 0, or -1 after recording an error in D. */
int ib_site_put_search_fields(const struct ib_site *site,
                              const struct ib_doc *doc, struct ib_buf *b,
                              struct ib_diag *d);

/* What a site has at a site path besides the files of content/ its
 * documents link to. */
enum ib_site_has {
    IB_SITE_HAS_NOTHING,
    IB_SITE_HAS_PAGE,   /* a page ismsbook generates */
    IB_SITE_HAS_STATIC, /* a file of static/ or of the theme's */
    IB_SITE_MAY_HAVE,   /* cannot tell before the pages are made */
};
typedef enum ib_site_has (*ib_site_has_fn)(void *ud, const char *path);

/*
 * Judges SITE's file links against what the site has besides (HAS; the
 * pages of documents are known here): a link to a file content/ has not
 * got nor the site is link-broken; a file a published document links to
 * whose site path is a page or another file too is output-error, naming
 * both. Returns 0, or -1 after recording findings in D.
 */
int ib_site_check_files(const struct ib_site *site, ib_site_has_fn has,
                        void *ud, struct ib_diag *d);

/*
 * Returns the content files that published documents link to, sorted and
 * each once, as a new array of N borrowed strings (free the array with
 * free()): the files a build copies into the site at their site paths
 * (the content path without "content/").
 */
const char **ib_site_published_files(const struct ib_site *site, size_t *n);

/* Returns the document at PATH ("content/a.md"), or NULL. */
struct ib_doc *ib_site_find_path(const struct ib_site *site,
                                 const char *path);

/* Returns the valid document with ID (ignoring ASCII case), or NULL. */
struct ib_doc *ib_site_find_id(const struct ib_site *site, const char *id);

/* Returns true if DOC is valid and not above the classification limit
 * (publish.max_classification, or ib_site_opts.max_class). */
bool ib_site_is_published(const struct ib_site *site,
                          const struct ib_doc *doc);

/* Computes DOC's review state on SITE's today. */
struct ib_review ib_site_review(const struct ib_site *site,
                                const struct ib_doc *doc);

/*
 * Returns the relative URL from page FROM to page TO (both site paths such
 * as "policies/access.html"), in arena A: "../guidelines/x.html", its
 * segments percent-encoded as ib_text_url_path does ("a%20%231.html" for
 * "a #1.html"; "iso%3A27001.html", never a scheme).
 */
const char *ib_site_href(struct ib_arena *a, const char *from, const char *to);

/* Returns "../" repeated once per folder of PAGE ("" at the top). */
const char *ib_site_root_prefix(struct ib_arena *a, const char *page);

#endif
