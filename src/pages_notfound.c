/* SPDX-License-Identifier: MIT */
/*
 * 404.html, the page a web server shows for a URL it does not have. It is
 * served at whatever URL was asked for, at any depth, so relative links
 * cannot work: its links and assets start at base_url when that is an
 * http(s) URL or a path from the server root ("/isms/"), else at "/", the
 * server root. A site served from a sub-path should set base_url.
 */
#include "render.h"

#include <string.h>

#include "arena.h"
#include "site.h"
#include "val.h"

/* Where the site starts as seen from any URL, ending in '/'. BASE is
 * handbook.yaml's base_url, which loading has checked: an http(s) URL,
 * a path from the server root, or "". */
static const char *
site_root(struct ib_arena *a, const char *base)
{
    size_t n = strlen(base);
    if (n == 0)
        return "/";
    return base[n - 1] == '/' ? base : ib_arena_printf(a, "%s/", base);
}

int
ib_render_not_found(const struct ib_render *r)
{
    struct ib_page p;
    struct ib_val *ctx =
        ib_page_begin(&p, r, "404.html",
                      ib_page_text(r, NULL, "notfound_title"), "not-found",
                      NULL);
    struct ib_arena *a = p.a;
    const char *root = site_root(a, r->site->cfg.base_url);
    ib_val_set_str(a, ctx, "root", root);
    /* 404.html sits at the top, so the kit's links are site paths. */
    struct ib_val *nav = ib_val_get(ctx, "nav");
    for (size_t i = 0; i < nav->n; i++) {
        struct ib_val *href = ib_val_get(nav->items[i], "href");
        ib_val_set_str(a, nav->items[i], "href",
                       ib_arena_printf(a, "%s%s", root, href->str));
        ib_val_set_bool(a, nav->items[i], "current", false);
    }
    ib_val_set(a, ctx, "breadcrumbs", ib_val_list(a));
    return ib_page_end(&p, "not-found");
}
