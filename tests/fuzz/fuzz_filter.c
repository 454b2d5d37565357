/* SPDX-License-Identifier: MIT */
/* Fuzz target: a Lua filter's source, run through the filter API. */

/*
 * The input is a filter (filters/f.lua) for a fixed handbook of two
 * documents, written to a scratch folder once. For each input the
 * handbook is loaded as a build loads it, by ib_site_load: the filter
 * runs with small budgets, its document hooks on the parsed documents
 * before links are resolved, its site hook after. So every value a filter
 * can hand the API (metadata, tree edits, reports, ismsbook.* calls)
 * reaches C from Lua, and what the hooks leave goes on through link
 * resolution. Properties: afterwards every document's headings are
 * consistent and its HTML passes the oracle of html_check.h (no raw HTML,
 * no dangerous URL), whatever the filter wrote into the tree. The
 * filter's log lines go to standard error, as in a build.
 */
#include "fuzz.h"

#include <sys/stat.h>

#include "config.h"
#include "date.h"
#include "diag.h"
#include "doc.h"
#include "html_check.h"
#include "markdown.h"
#include "site.h"

static const char handbook_yaml[] = "title: Fuzz\n"
                                    "people:\n"
                                    "  ciso: {name: Cleo Iso, role: ciso}\n"
                                    "  ceo: {name: Ceo, role: ceo}\n"
                                    "filters: [filters/f.lua]\n"
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

/* Each body as the filters left it, with links resolved, while its tree
 * is still there. */
static void
check_body(void *ud, const struct ib_site *site, struct ib_doc *doc)
{
    (void)ud;
    (void)site;
    ib_md_refresh(doc->md);
    fuzz_check_headings(doc->md, 0xffffffffu);
    char *html = ib_md_render_html(doc->md);
    fuzz_check_html(doc->md, html);
    free(html);
    free(ib_md_plain_text(doc->md));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *root = handbook();
    fuzz_write("filters/f.lua", data, size);

    struct ib_diag *d = ib_diag_new();
    int status = 0;
    struct ib_site_opts so = {.root = root, .today = today, .body = check_body};
    struct ib_site *site = ib_site_load(&so, d, &status);
    fuzz_assert(site);

    dump("finding", d);
    dump("filter finding", site->filter_findings);
    ib_site_free(site);
    ib_diag_free(d);
    return 0;
}
