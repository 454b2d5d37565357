/* SPDX-License-Identifier: MIT */
/*
 * The check command: the same load as build, then the check-only rules,
 * then one report. It writes nothing but the report, so it is safe to run
 * in CI on any checkout.
 */
#include "check.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "catalog.h"
#include "diag.h"
#include "fs.h"
#include "render.h"
#include "report.h"
#include "rules.h"
#include "site.h"
#include "soa.h"
#include "text.h"
#include "theme.h"
#include "val.h"
#include "xmalloc.h"

/* JUnit cases: every document, every control, every required item. */
static struct ib_report_case *
make_cases(const struct ib_site *site, const struct ib_catalog *cat,
           const struct ib_soa *soa, size_t *n)
{
    size_t nc = ib_catalog_control_count(cat);
    size_t nr = ib_catalog_required_count(cat);
    struct ib_report_case *cases =
        ib_arena_calloc(site->arena, site->ndocs + nc + nr + 1,
                        sizeof(*cases));
    struct ib_arena *a = site->arena;
    size_t k = 0;
    for (size_t i = 0; i < site->ndocs; i++) {
        const struct ib_doc *doc = site->docs[i];
        cases[k++] = (struct ib_report_case){
            ib_arena_printf(a, "doc:%s", doc->path), "documents",
            doc->id.s[0] ? ib_arena_printf(a, "%s %s", doc->id.s, doc->title.s)
                         : doc->path,
            NULL};
    }
    struct ib_coverage *cov = ib_coverage_new(site, cat, soa);
    for (size_t i = 0; i < nc; i++) {
        const struct ib_control *c = ib_catalog_control_at(cat, i);
        cases[k++] = (struct ib_report_case){
            ib_arena_printf(a, "control:%s", c->id), "controls",
            ib_arena_printf(a, "%s %s", c->display_id, c->title),
            cov->controls[i].excluded ? "excluded in the SoA" : NULL};
    }
    ib_coverage_free(cov);
    for (size_t i = 0; i < nr; i++) {
        const struct ib_required *r = ib_catalog_required_at(cat, i);
        cases[k++] = (struct ib_report_case){
            ib_arena_printf(a, "mandatory:%s", r->id), "mandatory",
            ib_arena_printf(a, "%s %s", r->id, r->title), NULL};
    }
    *n = k;
    return cases;
}

struct due_item {
    const struct ib_doc *doc;
    struct ib_review r;
};

static int
cmp_due(const void *pa, const void *pb)
{
    const struct due_item *a = pa, *b = pb;
    int c = strcmp(a->doc->owner.s, b->doc->owner.s);
    if (c)
        return c;
    c = ib_date_cmp(a->r.due, b->r.due);
    return c ? c : strcmp(a->doc->path, b->doc->path);
}

static const char *
person_name(const struct ib_site *site, const char *key)
{
    const struct ib_val *p = ib_val_get(site->cfg.people, key);
    const struct ib_val *name = ib_val_get(p, "name");
    return name && ib_val_is_scalar(name) && name->len ? name->str : NULL;
}

/* Appends TEXT for a terminal, or PLACEHOLDER when TEXT is empty. */
static void
put_text(struct ib_buf *b, const char *text, const char *placeholder)
{
    ib_report_put_text(b, *text ? text : placeholder);
}

/*
 * Reviews overdue and due soon, by owner: ready for a reminder mail. The
 * documents are those the rules judged (ib_rules_judges), so each overdue
 * finding has its line here; their texts are shown as the findings are.
 * Returns 0, or -1 if writing to OUT failed.
 */
static int
print_reviews(const struct ib_site *site, FILE *out)
{
    struct due_item *items = ib_xcalloc(site->ndocs + 1, sizeof(*items));
    size_t n = 0;
    for (size_t i = 0; i < site->ndocs; i++) {
        const struct ib_doc *doc = site->docs[i];
        if (!ib_rules_judges(doc))
            continue;
        struct ib_review r = ib_site_review(site, doc);
        if (r.state == IB_REVIEW_OVERDUE || r.state == IB_REVIEW_DUE_SOON)
            items[n++] = (struct due_item){doc, r};
    }
    qsort(items, n, sizeof(*items), cmp_due);
    char today[11];
    ib_date_format(site->today, today);
    struct ib_buf b;
    ib_buf_init(&b);
    if (n == 0)
        ib_buf_printf(&b, "\nNo reviews overdue or due within %d days of %s.\n",
                      site->cfg.warn_days, today);
    else
        ib_buf_printf(&b, "\nReviews overdue or due within %d days of %s:\n",
                      site->cfg.warn_days, today);
    for (size_t i = 0; i < n; i++) {
        const struct ib_doc *doc = items[i].doc;
        if (i == 0 || strcmp(items[i - 1].doc->owner.s, doc->owner.s) != 0) {
            const char *name = person_name(site, doc->owner.s);
            ib_buf_puts(&b, "\n  ");
            if (name) {
                ib_report_put_text(&b, name);
                ib_buf_puts(&b, " (");
                ib_report_put_text(&b, doc->owner.s);
                ib_buf_putc(&b, ')');
            } else {
                put_text(&b, doc->owner.s, "(no owner)");
            }
            ib_buf_putc(&b, '\n');
        }
        char due[11];
        ib_date_format(items[i].r.due, due);
        long days = items[i].r.days;
        ib_buf_printf(&b, "    %s  %s  ",
                      days < 0 ? "OVERDUE " : "due soon", due);
        /* A document without an id or a title is named by its file. */
        put_text(&b, doc->id.s, doc->path);
        ib_buf_putc(&b, ' ');
        put_text(&b, doc->title.s, "(no title)");
        if (days < 0)
            ib_buf_printf(&b, " (%ld day%s late)\n", -days,
                          days == -1 ? "" : "s");
        else if (days == 0)
            ib_buf_puts(&b, " (due today)\n");
        else
            ib_buf_printf(&b, " (in %ld day%s)\n", days,
                          days == 1 ? "" : "s");
    }
    int rc = fwrite(b.data, 1, b.len, out) == b.len && fflush(out) == 0
                 ? 0
                 : -1;
    ib_buf_fini(&b);
    free(items);
    return rc;
}

/* What check knows a build's site has besides its documents' pages:
 * static/ and the theme's static/ as listed, pages by their names. */
struct site_files {
    const struct ib_site *site;
    struct ib_fs_list own, theme; /* "static/..." */
};

static bool
listed(const struct ib_fs_list *l, const char *rel)
{
    return l->n && bsearch(&rel, l->paths, l->n, sizeof(*l->paths),
                           ib_text_cmp_ptr);
}

static enum ib_site_has
site_has(void *ud, const char *path)
{
    struct site_files *f = ud;
    struct ib_buf b;
    ib_buf_init(&b);
    ib_buf_printf(&b, "static/%s", path);
    bool copied =
        listed(&f->own, ib_buf_cstr(&b)) || listed(&f->theme, ib_buf_cstr(&b));
    ib_buf_fini(&b);
    return copied ? IB_SITE_HAS_STATIC : ib_render_page_at(f->site, path);
}

/*
 * Judges the documents' links to files as a build would, without making
 * the site: a link into a folder of generated pages counts as found,
 * since only the build knows which of them it makes.
 */
static void
check_files(const struct ib_site *site, struct ib_diag *d)
{
    struct site_files f = {site, {NULL, 0}, {NULL, 0}};
    struct ib_diag *scratch = ib_diag_new();
    ib_fs_walk_plain(site->root, "static", &f.own, scratch);
    char *theme = ib_theme_find(site->root, site->cfg.theme);
    if (theme)
        ib_fs_walk_plain(theme, "static", &f.theme, scratch);
    ib_diag_free(scratch);
    ib_site_check_files(site, site_has, &f, d);
    free(theme);
    ib_fs_list_free(&f.own);
    ib_fs_list_free(&f.theme);
}

int
ib_check(const struct ib_check_opts *opts, FILE *out, struct ib_diag *d)
{
    int status;
    struct ib_site_opts so = {.root = opts->root,
                              .today = opts->today,
                              .have_max_class = opts->have_max_class,
                              .max_class = opts->max_class};
    struct ib_site *site = ib_site_load(&so, d, &status);
    if (!site) {
        struct ib_report rep = {opts->root, opts->color, 0, NULL, 0, NULL};
        ib_report_write(out, opts->format, d, &rep);
        return status; /* configuration problems win over write errors */
    }
    /* Filters' own rules count in check, not in build. */
    ib_diag_take_all(d, site->filter_findings);
    const struct ib_catalog *cat = ib_catalog_builtin();
    struct ib_soa soa;
    /* An SoA that cannot be read says nothing about coverage: judging every
     * control against an empty one would bury its one real error. */
    bool soa_ok = ib_soa_load(site->arena, site->root, site->cfg.soa, &soa,
                              d) == 0;
    if (!soa_ok)
        soa.n = 0;
    ib_rules_check(site, cat, soa_ok ? &soa : NULL, d);
    check_files(site, d);

    struct ib_report rep = {opts->root, opts->color, site->ndocs, NULL, 0,
                            NULL};
    rep.cases = make_cases(site, cat, &soa, &rep.ncases);
    int written = ib_report_write(out, opts->format, d, &rep);
    if (written == 0 && opts->format == IB_FORMAT_TEXT)
        written = print_reviews(site, out);

    status = IB_EXIT_OK;
    if (ib_diag_errors(d) || (opts->strict && ib_diag_warnings(d)))
        status = IB_EXIT_ERRORS;
    int err = errno;
    ib_site_free(site);
    if (written < 0) {
        errno = err; /* for the caller's message */
        status = IB_EXIT_USAGE;
    }
    return status;
}
