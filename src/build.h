/* SPDX-License-Identifier: MIT */
/* `ismsbook build`: load, check, render and publish a handbook site. */
#ifndef IB_BUILD_H
#define IB_BUILD_H

#include <stdbool.h>

#include "date.h"
#include "doc.h"

struct ib_cache;
struct ib_diag;

struct ib_build_opts {
    const char *root;   /* handbook root folder */
    const char *out;    /* output folder; relative paths are under ROOT */
    struct ib_date today;
    bool strict;        /* warnings fail the build too */
    unsigned jobs;      /* threads; 0: one per available CPU */
    bool no_cache;      /* neither read nor write the cache file */
    /* --max-classification: with HAVE_MAX_CLASS, MAX_CLASS replaces
     * publish.max_classification (the body cache keys on the limit). */
    bool have_max_class;
    enum ib_class max_class;
    /* A cache kept by the caller (serve), used instead of the file and
     * ended after every build that loaded the handbook; or NULL. */
    struct ib_cache *cache;
    /* serve: where a build that succeeded leaves what its quick rebuilds
     * need (ib_build_update); or NULL. */
    struct ib_build_state **keep;
    /* OUT is the caller's private folder (serve's): nothing in it is the
     * user's (ib_out_begin_own). */
    bool own_out;
};

/* What serve keeps of its last good build. */
struct ib_build_state;

/*
 * Builds the site of OPTS->root into OPTS->out. The new site is written
 * beside OUT and swapped in only when everything succeeded; otherwise the
 * previous OUT is untouched. Unless OPTS->no_cache or OPTS->cache, bodies
 * come from and go to the handbook's cache file (ib_cache_path), which
 * is written whenever the handbook loaded. Findings go to D. Returns an exit
 * status of enum ib_exit: 0, 1 (handbook errors) or 2 (configuration or
 * usage).
 */
int ib_build(const struct ib_build_opts *opts, struct ib_diag *d);

/*
 * serve's quick rebuild of the site ST was kept from, after the N files
 * PATHS (as the watch named them) changed: when they are documents whose
 * bodies alone changed, without findings, only their pages, the pages of
 * the documents they link to or stopped linking to, and search-index.json
 * are made again, in place; *PAGES is how many pages. Returns 0 when the
 * site is up to date, or 1 when a full build is needed (and ST is of no
 * more use: free it).
 */
int ib_build_update(struct ib_build_state *st, char *const *paths, size_t n,
                    size_t *pages, struct ib_diag *d);
void ib_build_state_free(struct ib_build_state *st);

#endif
