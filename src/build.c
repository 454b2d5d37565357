/* SPDX-License-Identifier: MIT */
/*
 * The build pipeline: load -> parse -> resolve (site.c) -> render
 * (render.c) -> publish (fs.c). Nothing touches OUT until the handbook
 * loaded without errors, and the new site replaces the old one only after
 * every page was written.
 */
#include "build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "diag.h"
#include "fs.h"
#include "pool.h"
#include "catalog.h"
#include "render.h"
#include "rules.h"
#include "site.h"
#include "soa.h"
#include "theme.h"

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

int
ib_build(const struct ib_build_opts *opts, struct ib_diag *d)
{
    struct ib_cache *own = NULL;
    if (!opts->cache && !opts->no_cache)
        own = open_cache(opts->root);
    struct ib_cache *cache = opts->cache ? opts->cache : own;
    int status;
    struct ib_site_opts so = {.root = opts->root,
                              .today = opts->today,
                              .jobs = opts->jobs,
                              .body = ib_render_keep_body,
                              .spill = true,
                              .cache = cache};
    struct ib_site *site = ib_site_load(&so, d, &status);
    if (!site) {
        ib_cache_free(own);
        return status;
    }

    struct ib_theme theme;
    int rc = IB_EXIT_OK;
    struct ib_loc where = {site->cfg.file, site->cfg.theme_line,
                           site->cfg.theme_col};
    if (ib_theme_load(opts->root, site->cfg.theme, where, &theme, d) < 0) {
        rc = theme.dir ? IB_EXIT_ERRORS : IB_EXIT_USAGE;
        goto out;
    }
    if (failed(opts, d)) {
        rc = IB_EXIT_ERRORS;
        goto out;
    }

    char *outdir = NULL;
    if (opts->out[0] == '/' || strcmp(opts->root, ".") == 0)
        outdir = strdup(opts->out);
    else if (asprintf(&outdir, "%s/%s", opts->root, opts->out) < 0)
        outdir = NULL;
    struct ib_out *o = outdir ? ib_out_begin(opts->root, outdir, d) : NULL;
    free(outdir);
    if (!o) {
        rc = IB_EXIT_USAGE;
        goto out;
    }
    char generator[64];
    snprintf(generator, sizeof generator, "ismsbook %s", IB_VERSION);
    char *site_static = NULL;
    if (asprintf(&site_static, "%s/static", opts->root) < 0)
        site_static = NULL;
    char *theme_static = NULL;
    if (asprintf(&theme_static, "%s/static", theme.dir) < 0)
        theme_static = NULL;
    /* Pages about controls need the SoA; an unreadable one fails the build
     * like any other bad input. */
    struct ib_soa soa;
    int w = ib_soa_load(site->arena, site->root, site->cfg.soa, &soa, d);
    const struct ib_catalog *cat = ib_catalog_builtin();
    struct ib_coverage *cov = ib_coverage_new(site, cat, w == 0 ? &soa : NULL);
    struct ib_render r = {site, cat, w == 0 && soa.file[0] ? &soa : NULL,
                          cov, theme.tmpl, theme.i18n, generator, o, d,
                          opts->jobs ? opts->jobs : ib_pool_cpus()};
    if (w == 0)
        w = ib_render_site(&r);
    ib_coverage_free(cov);
    if (w == 0 && theme_static)
        w = ib_out_copy_tree(o, theme_static, "", d);
    if (w == 0 && site_static)
        w = ib_out_copy_tree(o, site_static, "", d);
    free(site_static);
    free(theme_static);
    if (w < 0 || failed(opts, d)) {
        ib_out_abort(o);
        rc = IB_EXIT_ERRORS;
    } else if (ib_out_commit(o, d) < 0) {
        rc = IB_EXIT_ERRORS;
    }
out:
    ib_theme_fini(&theme);
    ib_site_free(site);
    /* The bodies are good whether or not the site was published, so a
     * build with findings keeps them too. A cache is only a cache:
     * failing to write it fails nothing. */
    if (cache)
        ib_cache_end(cache);
    ib_cache_free(own);
    return rc;
}
