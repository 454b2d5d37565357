/* SPDX-License-Identifier: MIT */
/*
 * The build pipeline: load -> parse -> resolve (site.c) -> render
 * (render.c) -> publish (fs.c): pages, static files, then the files of
 * content/ that documents link to. Nothing touches OUT until the handbook
 * loaded without errors, and the new site replaces the old one only after
 * every page was written.
 */
#include "build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "config.h"
#include "diag.h"
#include "fs.h"
#include "pool.h"
#include "catalog.h"
#include "render.h"
#include "rules.h"
#include "site.h"
#include "soa.h"
#include "theme.h"
#include "xmalloc.h"

static bool
failed(const struct ib_build_opts *opts, const struct ib_diag *d)
{
    return ib_diag_errors(d) > 0 || (opts->strict && ib_diag_warnings(d) > 0);
}

/* The handbook's cache file, or NULL when there is none to be had. */
static struct ib_cache *
open_cache(const char *root)
{
    struct ib_cache_key stamp;
    if (ib_cache_stamp(&stamp) < 0)
        return NULL;
    char *file = ib_cache_path(root);
    struct ib_cache *c = file ? ib_cache_open(file, &stamp) : NULL;
    free(file);
    return c;
}

struct ib_build_state {
    struct ib_build_opts opts;
    struct ib_site *site;
    struct ib_theme theme;
    struct ib_soa soa; /* in the site's arena */
    bool has_soa;
    struct ib_coverage *cov;
    char *outdir;
    char generator[64];
};

void
ib_build_state_free(struct ib_build_state *st)
{
    if (!st)
        return;
    ib_coverage_free(st->cov);
    ib_theme_fini(&st->theme);
    ib_site_free(st->site);
    free(st->outdir);
    free(st);
}

/* What a build loads with: OPTS, and CACHE for the bodies. */
static struct ib_site_opts
site_opts(const struct ib_build_opts *opts, struct ib_cache *cache)
{
    return (struct ib_site_opts){.root = opts->root,
                                 .today = opts->today,
                                 .jobs = opts->jobs,
                                 .body = ib_render_keep_body,
                                 .spill = true,
                                 .keep_links = opts->keep != NULL,
                                 .cache = cache,
                                 .have_max_class = opts->have_max_class,
                                 .max_class = opts->max_class};
}

/* The renderer of the site ST holds, writing to OUT with findings to D. */
static struct ib_render
renderer(const struct ib_build_state *st, struct ib_out *out,
         struct ib_diag *d)
{
    const struct ib_build_opts *opts = &st->opts;
    return (struct ib_render){st->site,
                              ib_catalog_builtin(),
                              st->has_soa && st->soa.file[0] ? &st->soa : NULL,
                              st->cov,
                              st->theme.tmpl,
                              st->theme.i18n,
                              st->generator,
                              out,
                              d,
                              opts->jobs ? opts->jobs : ib_pool_cpus(),
                              ib_render_has_feed(st->site)};
}

/* What the site being written has at PATH, for ib_site_check_files. */
static enum ib_site_has
out_has(void *ud, const char *path)
{
    switch (ib_out_has(ud, path)) {
    case IB_OUT_HAS_PAGE:
        return IB_SITE_HAS_PAGE;
    case IB_OUT_HAS_COPY:
        return IB_SITE_HAS_STATIC;
    default:
        return IB_SITE_HAS_NOTHING;
    }
}

/*
 * The files of content/ that published documents link to, copied last:
 * once every page and static file is in O, a link to neither is broken
 * and a file that would replace one is an error. The findings fail the
 * build as their severity says (rules: may make them warnings); a file
 * in another's place is not copied either way.
 */
static int
publish_files(const struct ib_site *site, struct ib_out *o, const char *root,
              struct ib_diag *d)
{
    ib_site_check_files(site, out_has, o, d);
    size_t n;
    const char **files = ib_site_published_files(site, &n);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        const char *dst = files[i] + strlen("content/");
        if (ib_out_has(o, dst) == IB_OUT_HAS_NOTHING &&
            ib_out_copy_file(o, root, files[i], dst, d) < 0)
            rc = -1;
    }
    free(files);
    return rc;
}

int
ib_build(const struct ib_build_opts *opts, struct ib_diag *d)
{
    ib_malloc_tune();
    struct ib_cache *own = NULL;
    if (!opts->cache && !opts->no_cache)
        own = open_cache(opts->root);
    struct ib_cache *cache = opts->cache ? opts->cache : own;
    int status;
    struct ib_site_opts so = site_opts(opts, cache);
    struct ib_build_state *st = ib_xcalloc(1, sizeof(*st));
    st->opts = *opts;
    st->site = ib_site_load(&so, d, &status);
    if (!st->site) {
        free(st);
        ib_cache_free(own);
        return status;
    }
    struct ib_site *site = st->site;

    int rc = IB_EXIT_OK;
    struct ib_loc where = {site->cfg.file, site->cfg.theme_line,
                           site->cfg.theme_col};
    if (ib_theme_load(opts->root, site->cfg.theme, where, &st->theme, d) < 0) {
        rc = st->theme.dir ? IB_EXIT_ERRORS : IB_EXIT_USAGE;
        goto out;
    }
    if (failed(opts, d)) {
        rc = IB_EXIT_ERRORS;
        goto out;
    }

    if (opts->out[0] == '/' || strcmp(opts->root, ".") == 0)
        st->outdir = strdup(opts->out);
    else if (asprintf(&st->outdir, "%s/%s", opts->root, opts->out) < 0)
        st->outdir = NULL;
    struct ib_out *o =
        st->outdir ? ib_out_begin_own(opts->root, st->outdir, opts->own_out, d)
                   : NULL;
    if (!o) {
        rc = IB_EXIT_USAGE;
        goto out;
    }
    snprintf(st->generator, sizeof st->generator, "ismsbook %s", IB_VERSION);
    char *site_static = NULL;
    if (asprintf(&site_static, "%s/static", opts->root) < 0)
        site_static = NULL;
    char *theme_static = NULL;
    if (asprintf(&theme_static, "%s/static", st->theme.dir) < 0)
        theme_static = NULL;
    /* Pages about controls need the SoA; an unreadable one fails the build
     * like any other bad input. */
    int w = ib_soa_load(site->arena, site->root, site->cfg.soa, &st->soa, d);
    st->has_soa = w == 0;
    st->cov = ib_coverage_new(site, ib_catalog_builtin(),
                              st->has_soa ? &st->soa : NULL);
    struct ib_render r = renderer(st, o, d);
    if (w == 0)
        w = ib_render_site(&r);
    if (w == 0 && theme_static)
        w = ib_out_copy_tree(o, theme_static, "", d);
    if (w == 0 && site_static)
        w = ib_out_copy_tree(o, site_static, "", d);
    if (w == 0)
        w = publish_files(site, o, opts->root, d);
    free(site_static);
    free(theme_static);
    if (w < 0 || failed(opts, d)) {
        ib_out_abort(o);
        rc = IB_EXIT_ERRORS;
    } else if (ib_out_commit(o, d) < 0) {
        rc = IB_EXIT_ERRORS;
    }
out:
    /* The bodies are good whether or not the site was published, so a
     * build with findings keeps them too. A cache is only a cache:
     * failing to write it fails nothing. */
    if (cache)
        ib_cache_end(cache);
    ib_cache_free(own);
    if (opts->keep && rc == IB_EXIT_OK)
        *opts->keep = st;
    else
        ib_build_state_free(st);
    return rc;
}

int
ib_build_update(struct ib_build_state *st, char *const *paths, size_t n,
                size_t *npages, struct ib_diag *d)
{
    const char *root = st->opts.root;
    size_t rootlen = strlen(root);
    struct ib_site_opts so = site_opts(&st->opts, NULL);
    struct ib_doclist pages = {NULL, 0, 0};
    int rc = n ? 0 : 1;
    for (size_t i = 0; i < n && rc == 0; i++) {
        /* The watch names files as ROOT/content/...; documents go by
         * content/... */
        const char *rel = paths[i];
        if (strncmp(rel, root, rootlen) == 0 && rel[rootlen] == '/')
            rel += rootlen + 1;
        struct ib_doc *doc = ib_site_find_path(st->site, rel);
        char *text = NULL;
        size_t len = 0;
        struct ib_diag *scratch = ib_diag_new();
        rc = doc && ib_fs_read(root, rel, IB_DOC_MAX, &text, &len,
                               scratch) == 0 &&
                     ib_site_update_body(st->site, &so, doc, text, len,
                                         &pages)
                 ? 0
                 : 1;
        ib_diag_free(scratch);
        free(text);
    }
    if (rc == 0) {
        struct ib_out *o = ib_out_patch(st->outdir, d);
        struct ib_render r = renderer(st, o, d);
        if (!o || ib_render_docs(&r, pages.items, pages.n) < 0 ||
            ib_diag_count(d) > 0) {
            ib_out_abort(o);
            rc = 1;
        } else if (ib_out_commit(o, d) < 0) {
            rc = 1;
        }
    }
    *npages = pages.n;
    free(pages.items);
    return rc;
}
