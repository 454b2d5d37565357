/* SPDX-License-Identifier: MIT */
/* Fuzz target: handbook.yaml through ib_config_load. */

/*
 * The input is a handbook.yaml, written to a scratch folder (the loader
 * reads a file) and loaded. A configuration that loads is then used the
 * way a build uses it: its rule severities applied, key aliases looked up
 * and a fixed document loaded with its aliases and defaults. Properties:
 * a failure has an error finding; a loaded configuration has every
 * string set, intervals and limits in their documented ranges, defaults
 * longest path first, and filter paths that stay below the root.
 */
#include "fuzz.h"

#include <stdbool.h>

#include "arena.h"
#include "config.h"
#include "date.h"
#include "diag.h"
#include "doc.h"
#include "val.h"

static const char doc_text[] = "---\n"
                               "document_id: POL-001\n"
                               "title: Access control\n"
                               "owner: alice\n"
                               "review_cycle: 24\n"
                               "status: approved\n"
                               "approved_by: bob\n"
                               "approved: 2026-01-31\n"
                               "last_reviewed: 2026-01-31\n"
                               "---\n"
                               "# Access\n";

static bool
path_is_safe(const char *p)
{
    if (!p[0] || p[0] == '/')
        return false;
    for (const char *seg = p; *seg;) {
        size_t n = strcspn(seg, "/");
        if (n == 0 || (n == 2 && seg[0] == '.' && seg[1] == '.'))
            return false;
        seg += n;
        if (*seg == '/')
            seg++;
    }
    return true;
}

static void
check_config(const struct ib_config *c)
{
    fuzz_assert(c->root && c->file && c->title && c->organisation);
    fuzz_assert(c->language && c->theme && c->base_url && c->soa);
    fuzz_assert(c->review_interval.n >= 1 && c->review_interval.n <= 1200);
    fuzz_assert(c->warn_days >= 0);
    fuzz_assert(c->max_class <= IB_CLASS_RESTRICTED);
    for (size_t i = 0; i < c->naliases; i++)
        fuzz_assert(c->aliases[i].from && c->aliases[i].to);
    for (size_t i = 0; i < c->ndefaults; i++) {
        fuzz_assert(c->defaults[i].path);
        if (i > 0)
            fuzz_assert(strlen(c->defaults[i - 1].path) >=
                        strlen(c->defaults[i].path));
    }
    for (size_t i = 0; i < c->nfilters; i++)
        fuzz_assert(c->filters[i].path && path_is_safe(c->filters[i].path));
    for (size_t i = 0; i < c->nexclude; i++)
        fuzz_assert(c->exclude[i] && c->exclude[i][0] != '/');
    for (size_t i = 0; i < c->npermalinks; i++)
        fuzz_assert(c->permalinks[i][0] == '/');
    fuzz_assert(c->link_origin);
    ib_config_is_excluded(c, "content/a/README.md");
    fuzz_assert(c->filter_limits.instructions > 0);
    fuzz_assert(c->filter_limits.memory > 0);
    fuzz_assert(c->filter_limits.seconds > 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write("handbook.yaml", data, size);
    struct ib_arena *a = ib_arena_new();
    struct ib_diag *d = ib_diag_new();
    struct ib_config cfg;
    int rc = ib_config_load(a, fuzz_dir(), &cfg, d);
    for (size_t i = 0; i < ib_diag_count(d); i++) {
        const struct ib_finding *f = ib_diag_get(d, i);
        fuzz_assert(f->rule && f->msg);
    }
    if (rc < 0) {
        fuzz_assert(ib_diag_errors(d) > 0);
    } else {
        check_config(&cfg);
        struct ib_diag *d2 = ib_diag_new();
        ib_config_apply_rules(&cfg, d2);
        ib_diag_add(d2, IB_SEV_ERROR, (struct ib_loc){"x.md", 1, 1},
                    "link-broken", "probe");
        fuzz_assert(ib_config_canonical_key(&cfg, "document_id"));
        struct ib_doc *doc = ib_doc_load(a, &cfg, "content/policies/a.md",
                                         doc_text, sizeof(doc_text) - 1, d2);
        fuzz_assert(doc);
        struct ib_date due;
        if (ib_doc_due(doc, &due)) {
            char s[11];
            ib_date_format(due, s);
        }
        ib_doc_fini(doc);
        ib_diag_free(d2);
    }
    ib_diag_free(d);
    ib_arena_free(a);
    return 0;
}
