/* SPDX-License-Identifier: MIT */
/* Fuzz target: a Lua filter's source, run through the filter API. */

/*
 * The input is a filter (filters/f.lua) for a fixed handbook of two
 * documents, written to a scratch folder once. For each input the
 * handbook is loaded afresh (filters change documents), the filter is
 * loaded with small budgets and its document hooks run on every valid
 * document, then its site hook. So every value a filter can hand the API
 * (metadata, tree edits, reports, ismsbook.* calls) reaches C from Lua.
 * Properties: a failing hook has left a filter-error or filter-limit
 * finding; afterwards every document's headings are consistent and its
 * HTML passes the oracle of html_check.h (no raw HTML, no dangerous URL),
 * whatever the filter wrote into the tree.
 */
#include "fuzz.h"

#include <sys/stat.h>

#include "catalog.h"
#include "config.h"
#include "date.h"
#include "diag.h"
#include "doc.h"
#include "filter.h"
#include "html_check.h"
#include "markdown.h"
#include "site.h"

static const char handbook_yaml[] = "title: Fuzz\n"
                                    "people:\n"
                                    "  ciso: {name: Cleo Iso, role: ciso}\n"
                                    "  ceo: {name: Ceo, role: ceo}\n"
                                    "filter_limits:\n"
                                    "  instructions: 200000\n"
                                    "  memory_mb: 16\n"
                                    "  seconds: 2\n";

static const char alpha_md[] =
    "---\n"
    "id: POL-A\n"
    "title: Alpha policy\n"
    "type: policy\n"
    "owner: ciso\n"
    "status: approved\n"
    "approver: ceo\n"
    "approved: 2026-01-10\n"
    "last_reviewed: 2026-01-10\n"
    "controls: [A.5.34]\n"
    "tags: [privacy]\n"
    "extra: {note: hello, count: 3}\n"
    "---\n"
    "# Alpha\n"
    "\n"
    "## Scope TBD\n"
    "\n"
    "Text with `code`, a [link](https://example.org \"Ex\"), "
    "![logo](logo.png) and a note[^1].\n"
    "\n"
    "> A quote.\n"
    "\n"
    "```lua\n"
    "print(\"x\")\n"
    "```\n"
    "\n"
    "| a | b |\n"
    "|---|--:|\n"
    "| 1 | [[POL-B]] |\n"
    "\n"
    "- [ ] task\n"
    "- item\n"
    "\n"
    "See [[POL-B]] and [beta](../procedures/b.md#beta).\n"
    "\n"
    "[^1]: The note.\n";

static const char beta_md[] = "---\n"
                              "id: POL-B\n"
                              "title: Beta procedure\n"
                              "type: procedure\n"
                              "owner: ciso\n"
                              "---\n"
                              "# Beta\n"
                              "\n"
                              "Follows the [alpha policy](../policies/a.md).\n";

static const struct ib_date today = {2026, 6, 1};

/* Makes the fixed handbook in the scratch folder, once. */
static const char *
handbook(void)
{
    static char root[128];
    if (!root[0]) {
        const char *dir = fuzz_dir();
        static const char *const subdirs[] = {
            "content",
            "content/policies",
            "content/procedures",
            "filters",
        };
        char path[256];
        for (size_t i = 0; i < sizeof subdirs / sizeof *subdirs; i++) {
            snprintf(path, sizeof path, "%s/%s", dir, subdirs[i]);
            mkdir(path, 0755);
        }
        fuzz_write("handbook.yaml", handbook_yaml, sizeof(handbook_yaml) - 1);
        fuzz_write("content/policies/a.md", alpha_md, sizeof(alpha_md) - 1);
        fuzz_write("content/procedures/b.md", beta_md, sizeof(beta_md) - 1);
        snprintf(root, sizeof root, "%s", dir);
    }
    return root;
}

/* FUZZ_VERBOSE=1 in the environment shows the findings of each input. */
static void
dump(const char *what, const struct ib_diag *d)
{
    static int verbose = -1;
    if (verbose < 0)
        verbose = getenv("FUZZ_VERBOSE") != NULL;
    for (size_t i = 0; verbose && i < ib_diag_count(d); i++) {
        const struct ib_finding *f = ib_diag_get(d, i);
        fprintf(stderr, "%s: %s:%u:%u: %s [%s]\n", what,
                f->loc.file ? f->loc.file : "-", f->loc.line, f->loc.col,
                f->msg, f->rule);
    }
}

static bool
has_filter_finding(const struct ib_diag *d)
{
    for (size_t i = 0; i < ib_diag_count(d); i++) {
        const char *rule = ib_diag_get(d, i)->rule;
        if (strcmp(rule, "filter-error") == 0 ||
            strcmp(rule, "filter-limit") == 0)
            return true;
    }
    return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *root = handbook();
    fuzz_write("filters/f.lua", data, size);

    struct ib_diag *d = ib_diag_new();
    struct ib_diag *found = ib_diag_new();
    int status = 0;
    struct ib_site *site = ib_site_load(root, today, d, &status);
    fuzz_assert(site);
    struct ib_filter_conf fc = {"filters/f.lua", NULL, 1, 1};
    site->cfg.filters = &fc;
    site->cfg.nfilters = 1;

    struct ib_filter_set *fs =
        ib_filter_set_new(site, ib_catalog_builtin(), found, NULL, NULL, d);
    if (!fs) {
        fuzz_assert(has_filter_finding(d));
    } else {
        int rc = 0;
        for (size_t i = 0; rc == 0 && i < site->ndocs; i++) {
            struct ib_doc *doc = site->docs[i];
            if (doc->valid && doc->md)
                rc = ib_filter_run_document(fs, doc, d);
        }
        if (rc == 0)
            rc = ib_filter_run_site(fs, d);
        if (rc < 0)
            fuzz_assert(has_filter_finding(d));
        ib_filter_set_free(fs);
    }

    for (size_t i = 0; i < site->ndocs; i++) {
        struct ib_doc *doc = site->docs[i];
        if (!doc->md)
            continue;
        ib_md_refresh(doc->md);
        fuzz_check_headings(doc->md, 0xffffffffu);
        char *html = ib_md_render_html(doc->md);
        fuzz_check_html(doc->md, html);
        free(html);
        char *plain = ib_md_plain_text(doc->md);
        free(plain);
    }

    dump("finding", d);
    dump("filter finding", found);
    ib_site_free(site);
    ib_diag_free(found);
    ib_diag_free(d);
    return 0;
}
