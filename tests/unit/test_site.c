/* SPDX-License-Identifier: MIT */
/* Unit tests for site.c: hrefs, and a small handbook loaded from disk. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "cache.h"
#include "diag.h"
#include "markdown.h"
#include "site.h"

/*
 * The handbook. Each file is a list of lines, so expected positions can be
 * found in the same text the user would look at: line N is item N - 1.
 */
struct file {
    const char *path;
    const char *const *lines;
};

static const char *const handbook_yaml[] = {
    "title: Test handbook",
    "review:",
    "  interval: 12 months",
    "  warn_days: 30",
    "publish:",
    "  max_classification: internal",
    NULL,
};

static const char *const access_md[] = {
    "---",
    "id: POL-ACCESS",
    "title: Access control",
    "type: policy",
    "owner: ciso",
    "status: approved",
    "approver: ceo",
    "approved: 2026-01-01",
    "last_reviewed: 2025-12-22",
    "---",
    "# Access control",
    "",
    "## Scope",
    "",
    "Read the [password guideline](../guidelines/passwords.md) first.",
    "Also [[GDL-PW]], [lower case](id:gdl-pw) and [frag](id:Gdl-Pw#length).",
    "The [length rule](../guidelines/./passwords.md#length) applies.",
    "Broken: [gone](../guidelines/nothere.md) and [[NOPE]].",
    "Broken anchor: [anchor](../guidelines/passwords.md#nope).",
    "Secret: [incident plan](../plans/incident.md).",
    "Local: [up](#scope), [bad local](#nowhere), [web](https://x.org/a.md).",
    NULL,
};

static const char *const passwords_md[] = {
    "---",
    "id: GDL-PW",
    "title: Passwords",
    "type: guideline",
    "owner: it",
    "status: approved",
    "approver: ciso",
    "approved: 2026-01-01",
    "next_review: 2026-11-22",
    "---",
    "# Passwords",
    "",
    "## Length",
    "",
    "Twelve characters. Back to [access](../policies/access.md#scope).",
    NULL,
};

static const char *const incident_md[] = {
    "---",
    "id: PLAN-IR",
    "title: Incident response",
    "type: plan",
    "owner: ciso",
    "classification: confidential",
    "status: approved",
    "approver: ceo",
    "approved: 2026-01-01",
    "next_review: 2026-11-21",
    "---",
    "# Incident response",
    "",
    "Follows [[pol-access]].",
    NULL,
};

static const char *const leave_md[] = {
    "---",
    "id: POL-LEAVE",
    "title: Leave",
    "type: policy",
    "owner: hr",
    "---",
    "See [passwords](../../guidelines/passwords.md) and [up](../access.md).",
    "Too far: [out](../../../../outside.md).",
    "Itself: [[POL-LEAVE]], [this page](leave.md) and [[pol-leave]].",
    NULL,
};

static const char *const dup_md[] = {
    "---",
    "id: pol-access",
    "title: Duplicate",
    "type: record",
    "owner: it",
    "---",
    "Body.",
    NULL,
};

static const char *const crypto_md[] = {
    "---",
    "id: STD-CRYPTO",
    "title: Cryptography",
    "type: standard",
    "owner: it",
    "status: approved",
    "approver: ciso",
    "approved: 2026-01-01",
    "next_review: 2026-12-23",
    "---",
    "# Cryptography",
    NULL,
};

static const struct file files[] = {
    {"handbook.yaml", handbook_yaml},
    {"content/policies/access.md", access_md},
    {"content/guidelines/passwords.md", passwords_md},
    {"content/plans/incident.md", incident_md},
    {"content/policies/hr/leave.md", leave_md},
    {"content/records/dup.md", dup_md},
    {"content/standards/crypto.md", crypto_md},
};

struct fx {
    char root[64];
    struct ib_diag *d;
    struct ib_site *site;
    int status;
    struct ib_arena *a;
};

static const struct ib_date today = {2026, 11, 22};

/* Loads the handbook at ROOT as `check` does, or, with BODY, keeping
 * what BODY takes of each tree. */
static struct ib_site *
load_site(const char *dir, ib_site_body_fn body, struct ib_diag *d,
          int *status)
{
    struct ib_site_opts o = {.root = dir, .today = today, .body = body};
    return ib_site_load(&o, d, status);
}

/* Keeps each parsed body's HTML, as a build does (doc->html). */
static void
keep_html(void *ud, const struct ib_site *site, struct ib_doc *doc)
{
    (void)ud;
    (void)site;
    doc->html = ib_md_render_html(doc->md);
}


static void
write_file(const char *root, const struct file *f)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", root, f->path);
    /* Create the folders on the way. */
    for (char *p = path + strlen(root) + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    }
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    for (size_t i = 0; f->lines[i]; i++)
        fprintf(fp, "%s\n", f->lines[i]);
    assert_int_equal(fclose(fp), 0);
}

static int
rm_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)type;
    (void)ftw;
    return remove(path);
}

static int
remove_tree(const char *root)
{
    return nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int
group_setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    strcpy(f->root, "/tmp/ib-test-site-XXXXXX");
    if (!mkdtemp(f->root))
        return -1;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        write_file(f->root, &files[i]);
    f->d = ib_diag_new();
    f->site = load_site(f->root, NULL, f->d, &f->status);
    ib_diag_sort(f->d);
    f->a = ib_arena_new();
    *state = f;
    return 0;
}

static int
group_teardown(void **state)
{
    struct fx *f = *state;
    int rc = remove_tree(f->root);
    ib_site_free(f->site);
    ib_diag_free(f->d);
    ib_arena_free(f->a);
    free(f);
    return rc;
}

static const struct file *
file_of(const char *path)
{
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        if (strcmp(files[i].path, path) == 0)
            return &files[i];
    fail_msg("no fixture %s", path);
    return NULL;
}

/* Finds NEEDLE in PATH's text: 1-based line and byte column of its start. */
static void
pos_of(const char *path, const char *needle, unsigned *line, unsigned *col)
{
    const struct file *f = file_of(path);
    for (size_t i = 0; f->lines[i]; i++) {
        const char *p = strstr(f->lines[i], needle);
        if (p) {
            *line = (unsigned)i + 1;
            *col = (unsigned)(p - f->lines[i]) + 1;
            return;
        }
    }
    fail_msg("'%s' not in %s", needle, path);
}

static void
dump(const struct ib_diag *d)
{
    for (size_t i = 0; i < ib_diag_count(d); i++) {
        const struct ib_finding *x = ib_diag_get(d, i);
        print_message("  %s:%u:%u: %s: %s [%s]\n",
                      x->loc.file ? x->loc.file : "-", x->loc.line, x->loc.col,
                      ib_sev_name(x->sev), x->msg, x->rule);
    }
}

/* The findings the handbook must produce, each at the text it is about. */
struct want {
    const char *file, *at, *rule, *msg;
};

static const struct want wanted[] = {
    {"content/policies/access.md", "[gone]", "link-broken",
     "'../guidelines/nothere.md' is not a document of this handbook"},
    {"content/policies/access.md", "[[NOPE]]", "link-broken",
     "no document with id 'NOPE'"},
    {"content/policies/access.md", "[anchor]", "anchor-broken", "#nope"},
    {"content/policies/access.md", "[incident plan]", "classification-leak",
     "PLAN-IR"},
    {"content/policies/access.md", "[bad local]", "anchor-broken", "#nowhere"},
    {"content/policies/hr/leave.md", "[out]", "link-broken",
     "'../../../../outside.md' is not a document of this handbook"},
    {"content/records/dup.md", "pol-access", "id-duplicate",
     "id 'pol-access' is already used by content/policies/access.md"},
};

static void
test_loaded(void **state)
{
    struct fx *f = *state;
    assert_non_null(f->site);
    assert_int_equal(f->status, IB_EXIT_OK);
    assert_int_equal(f->site->ndocs, 6);
    /* Sorted by path, whatever order the file system lists them in. */
    assert_string_equal(f->site->docs[0]->path,
                        "content/guidelines/passwords.md");
    assert_string_equal(f->site->docs[5]->path, "content/standards/crypto.md");
    assert_string_equal(f->site->cfg.title, "Test handbook");
    assert_int_equal(f->site->today.d, 22);
}

static void
test_each_finding(void **state)
{
    struct fx *f = *state;
    for (size_t w = 0; w < sizeof wanted / sizeof *wanted; w++) {
        const struct want *x = &wanted[w];
        unsigned line = 0, col = 0;
        pos_of(x->file, x->at, &line, &col);
        bool found = false;
        for (size_t i = 0; i < ib_diag_count(f->d) && !found; i++) {
            const struct ib_finding *g = ib_diag_get(f->d, i);
            found = g->loc.file && strcmp(g->loc.file, x->file) == 0 &&
                    g->loc.line == line && g->loc.col == col &&
                    strcmp(g->rule, x->rule) == 0 &&
                    strstr(g->msg, x->msg) != NULL && g->sev == IB_SEV_ERROR;
        }
        if (!found) {
            dump(f->d);
            fail_msg("missing %s:%u:%u: %s [%s]", x->file, line, col, x->msg,
                     x->rule);
        }
    }
}

static void
test_no_other_findings(void **state)
{
    struct fx *f = *state;
    /* Every other link resolves: relative, [[ID]], id:, and anchors. */
    size_t n = sizeof wanted / sizeof *wanted;
    if (ib_diag_count(f->d) != n)
        dump(f->d);
    assert_int_equal(ib_diag_count(f->d), n);
}

static void
test_wiki_links_resolve(void **state)
{
    struct fx *f = *state;
    for (size_t i = 0; i < ib_diag_count(f->d); i++) {
        const struct ib_finding *g = ib_diag_get(f->d, i);
        if (strcmp(g->rule, "link-broken") == 0 &&
            (strstr(g->msg, "GDL-PW") || strstr(g->msg, "pol-access") ||
             strstr(g->msg, "gdl-pw") || strstr(g->msg, "Gdl-Pw"))) {
            dump(f->d);
            fail_msg("link not resolved: %s", g->msg);
        }
    }
}

static void
test_find_id(void **state)
{
    struct fx *f = *state;
    struct ib_doc *doc = ib_site_find_id(f->site, "pol-access");
    assert_non_null(doc);
    /* The first by path keeps the id; the duplicate is dropped. */
    assert_string_equal(doc->path, "content/policies/access.md");
    assert_ptr_equal(ib_site_find_id(f->site, "POL-ACCESS"), doc);
    assert_ptr_equal(ib_site_find_id(f->site, "Pol-Access"), doc);
    doc = ib_site_find_id(f->site, "gdl-pw");
    assert_non_null(doc);
    assert_string_equal(doc->title.s, "Passwords");
    assert_non_null(ib_site_find_id(f->site, "std-crypto"));
    assert_non_null(ib_site_find_id(f->site, "PLAN-IR"));
    assert_non_null(ib_site_find_id(f->site, "pol-leave"));
    assert_null(ib_site_find_id(f->site, "NOPE"));
    assert_null(ib_site_find_id(f->site, "POL"));
    assert_null(ib_site_find_id(f->site, ""));
    assert_int_equal(f->site->nby_id, 5);
}

static struct ib_doc *
doc_at(const struct fx *f, const char *path)
{
    for (size_t i = 0; i < f->site->ndocs; i++)
        if (strcmp(f->site->docs[i]->path, path) == 0)
            return f->site->docs[i];
    fail_msg("no document %s", path);
    return NULL;
}

static void
test_duplicate_invalidated(void **state)
{
    struct fx *f = *state;
    struct ib_doc *dup = doc_at(f, "content/records/dup.md");
    assert_false(dup->valid);
    assert_false(ib_site_is_published(f->site, dup));
    assert_true(doc_at(f, "content/policies/access.md")->valid);
}

static void
test_published(void **state)
{
    struct fx *f = *state;
    assert_true(
        ib_site_is_published(f->site, doc_at(f, "content/policies/access.md")));
    assert_false(
        ib_site_is_published(f->site, doc_at(f, "content/plans/incident.md")));
    assert_true(ib_site_is_published(
        f->site, doc_at(f, "content/policies/hr/leave.md")));
}

/* Counts D's findings of RULE. */
static size_t
count_rule(const struct ib_diag *d, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < ib_diag_count(d); i++)
        n += strcmp(ib_diag_get(d, i)->rule, rule) == 0;
    return n;
}

/* Loads the handbook with the limit MAX (--max-classification) and,
 * if CACHE, bodies from and to it. */
static struct ib_site *
load_limited(const char *dir, enum ib_class max, struct ib_cache *cache,
             struct ib_diag *d)
{
    struct ib_site_opts o = {.root = dir,
                             .today = today,
                             .body = keep_html,
                             .cache = cache,
                             .have_max_class = true,
                             .max_class = max};
    int status;
    return ib_site_load(&o, d, &status);
}

static void
test_max_class_override(void **state)
{
    struct fx *f = *state;
    struct ib_diag *d = ib_diag_new();
    struct ib_site *site = load_limited(f->root, IB_CLASS_CONFIDENTIAL,
                                        NULL, d);
    assert_non_null(site);
    assert_int_equal(site->cfg.max_class, IB_CLASS_CONFIDENTIAL);
    assert_true(ib_site_is_published(
        site, ib_site_find_path(site, "content/plans/incident.md")));
    assert_int_equal(count_rule(d, "classification-leak"), 0);
    ib_site_free(site);
    ib_diag_free(d);

    d = ib_diag_new();
    site = load_limited(f->root, IB_CLASS_PUBLIC, NULL, d);
    assert_false(ib_site_is_published(
        site, ib_site_find_path(site, "content/policies/access.md")));
    assert_int_equal(count_rule(d, "classification-leak"), 0);
    ib_site_free(site);
    ib_diag_free(d);
}

/* A body cached under a higher limit is no answer under a lower one: the
 * limit is in the key, so the classification-leak is found again. */
static void
test_max_class_cache_key(void **state)
{
    struct fx *f = *state;
    struct ib_cache_key stamp = {{0}};
    struct ib_cache *c = ib_cache_open(NULL, &stamp);
    struct ib_diag *d = ib_diag_new();
    struct ib_site *site = load_limited(f->root, IB_CLASS_CONFIDENTIAL, c, d);
    assert_int_equal(count_rule(d, "classification-leak"), 0);
    ib_site_free(site);
    ib_diag_free(d);
    ib_cache_end(c);
    assert_true(ib_cache_size(c) > 0);

    d = ib_diag_new();
    site = load_limited(f->root, IB_CLASS_INTERNAL, c, d);
    assert_int_equal(count_rule(d, "classification-leak"), 1);
    ib_site_free(site);
    ib_diag_free(d);
    ib_cache_end(c);

    /* The same limit again: every body comes from the cache. */
    size_t hits = ib_cache_hits(c);
    d = ib_diag_new();
    site = load_limited(f->root, IB_CLASS_INTERNAL, c, d);
    assert_int_equal(count_rule(d, "classification-leak"), 1);
    assert_true(ib_cache_hits(c) > hits);
    ib_site_free(site);
    ib_diag_free(d);
    ib_cache_free(c);
}

static void
assert_refs(const struct ib_doc *doc, const char *const *paths)
{
    size_t n = 0;
    while (paths[n])
        n++;
    if (doc->referenced_by.n != n)
        for (size_t i = 0; i < doc->referenced_by.n; i++)
            print_message("  referenced by %s\n",
                          doc->referenced_by.items[i]->path);
    assert_int_equal(doc->referenced_by.n, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(doc->referenced_by.items[i]->path, paths[i]);
}

static void
test_backlinks(void **state)
{
    struct fx *f = *state;
    /* Each linking document once, sorted by path; no self-links. */
    static const char *const to_pw[] = {"content/policies/access.md",
                                        "content/policies/hr/leave.md", NULL};
    assert_refs(doc_at(f, "content/guidelines/passwords.md"), to_pw);
    static const char *const to_access[] = {
        "content/guidelines/passwords.md", "content/plans/incident.md",
        "content/policies/hr/leave.md", NULL};
    assert_refs(doc_at(f, "content/policies/access.md"), to_access);
    /* The leaking link is not a backlink of the unpublished plan. */
    static const char *const none[] = {NULL};
    assert_refs(doc_at(f, "content/plans/incident.md"), none);
    assert_refs(doc_at(f, "content/standards/crypto.md"), none);
    /* Links to itself do not make a document its own backlink. */
    assert_refs(doc_at(f, "content/policies/hr/leave.md"), none);
}

static void
assert_review(const struct fx *f, const char *path, enum ib_review_state state,
              long days, const char *due)
{
    struct ib_review r = ib_site_review(f->site, doc_at(f, path));
    assert_int_equal(r.state, state);
    if (state == IB_REVIEW_NONE)
        return;
    assert_int_equal(r.days, days);
    char buf[11];
    ib_date_format(r.due, buf);
    assert_string_equal(buf, due);
}

static void
test_review_states(void **state)
{
    struct fx *f = *state;
    /* Due today: due soon, 0 days. Due yesterday: overdue. */
    assert_review(f, "content/guidelines/passwords.md", IB_REVIEW_DUE_SOON, 0,
                  "2026-11-22");
    assert_review(f, "content/plans/incident.md", IB_REVIEW_OVERDUE, -1,
                  "2026-11-21");
    /* last_reviewed + 12 months, exactly warn_days (30) away: due soon. */
    assert_review(f, "content/policies/access.md", IB_REVIEW_DUE_SOON, 30,
                  "2026-12-22");
    /* warn_days + 1: current. */
    assert_review(f, "content/standards/crypto.md", IB_REVIEW_CURRENT, 31,
                  "2026-12-23");
    /* A draft has no obligation. */
    assert_review(f, "content/policies/hr/leave.md", IB_REVIEW_NONE, 0, "");
}

static void
test_href(void **state)
{
    struct fx *f = *state;
    struct ib_arena *a = f->a;
    assert_string_equal(ib_site_href(a, "index.html", "policies/a.html"),
                        "policies/a.html");
    assert_string_equal(ib_site_href(a, "policies/a.html", "guidelines/b.html"),
                        "../guidelines/b.html");
    assert_string_equal(ib_site_href(a, "policies/a.html", "policies/b.html"),
                        "b.html");
    assert_string_equal(ib_site_href(a, "policies/a.html", "policies/a.html"),
                        "a.html");
    assert_string_equal(ib_site_href(a, "policies/a.html", "index.html"),
                        "../index.html");
    assert_string_equal(ib_site_href(a, "index.html", "search.html"),
                        "search.html");
    assert_string_equal(
        ib_site_href(a, "policies/hr/leave.html", "guidelines/b.html"),
        "../../guidelines/b.html");
    assert_string_equal(
        ib_site_href(a, "policies/hr/leave.html", "policies/access.html"),
        "../access.html");
    assert_string_equal(
        ib_site_href(a, "policies/access.html", "policies/hr/leave.html"),
        "hr/leave.html");
    assert_string_equal(ib_site_href(a, "a/b/c/d.html", "a/b/x/y/z.html"),
                        "../x/y/z.html");
    /* A shared name prefix is not a shared folder. */
    assert_string_equal(
        ib_site_href(a, "policies/a.html", "policies-old/a.html"),
        "../policies-old/a.html");
    assert_string_equal(ib_site_href(a, "pol/a.html", "policies/a.html"),
                        "../policies/a.html");
    assert_string_equal(ib_site_href(a, "policies/a.html", "policies/a/b.html"),
                        "a/b.html");
}

/* File names a URL path cannot hold as they are: percent-encoded, so the
 * link leads to the page, and a ':' never reads as a scheme. */
static void
test_href_encoded(void **state)
{
    struct fx *f = *state;
    struct ib_arena *a = f->a;
    assert_string_equal(ib_site_href(a, "index.html", "p/incident #1.html"),
                        "p/incident%20%231.html");
    assert_string_equal(ib_site_href(a, "p/a.html", "p/faq?.html"),
                        "faq%3F.html");
    assert_string_equal(ib_site_href(a, "p/a.html", "p/uptime 99%25.html"),
                        "uptime%2099%2525.html");
    assert_string_equal(ib_site_href(a, "index.html", "iso:27001.html"),
                        "iso%3A27001.html");
    assert_string_equal(ib_site_href(a, "p/a.html", "iso:27001/x.html"),
                        "../iso%3A27001/x.html");
    assert_string_equal(ib_site_href(a, "a b/x.html", "a b/y z.html"),
                        "y%20z.html");
    assert_string_equal(ib_site_href(a, "a b/x.html", "c/d.html"),
                        "../c/d.html");
    assert_string_equal(
        ib_site_href(a, "index.html", "politikker/\xc3\xa5rshjul.html"),
        "politikker/%C3%A5rshjul.html");
    assert_string_equal(ib_site_href(a, "index.html", "a-b_c.d~e/f.html"),
                        "a-b_c.d~e/f.html");
}

static void
test_root_prefix(void **state)
{
    struct fx *f = *state;
    assert_string_equal(ib_site_root_prefix(f->a, "index.html"), "");
    assert_string_equal(ib_site_root_prefix(f->a, "policies/a.html"), "../");
    assert_string_equal(ib_site_root_prefix(f->a, "a/b/c/d.html"), "../../../");
    assert_string_equal(ib_site_root_prefix(f->a, ""), "");
}

static void
test_missing_config(void **state)
{
    (void)state;
    char root[] = "/tmp/ib-test-site-empty-XXXXXX";
    assert_non_null(mkdtemp(root));
    struct ib_diag *d = ib_diag_new();
    int status = -7;
    struct ib_site *site = load_site(root, keep_html, d, &status);
    assert_null(site);
    assert_int_equal(status, IB_EXIT_USAGE);
    assert_int_equal(ib_diag_errors(d), 1);
    assert_string_equal(ib_diag_get(d, 0)->rule, "file-unreadable");
    ib_diag_free(d);
    assert_int_equal(rmdir(root), 0);
}

static void
test_no_content_folder(void **state)
{
    (void)state;
    char root[] = "/tmp/ib-test-site-bare-XXXXXX";
    assert_non_null(mkdtemp(root));
    struct file hb = {"handbook.yaml", handbook_yaml};
    write_file(root, &hb);
    struct ib_diag *d = ib_diag_new();
    int status = -7;
    struct ib_site *site = load_site(root, keep_html, d, &status);
    assert_non_null(site);
    assert_int_equal(status, IB_EXIT_OK);
    assert_int_equal(site->ndocs, 0);
    assert_null(ib_site_find_id(site, "x"));
    ib_site_free(site);
    ib_diag_free(d);
    assert_int_equal(remove_tree(root), 0);
}

/* A policy set written for a Hugo site, read through handbook.yaml. */
static const char *const hugo_yaml[] = {
    "exclude: [content/README.md]",
    "front_matter: optional",
    "derive: {id: path, title: heading}",
    "aliases: {slug: id}",
    "links:",
    "  permalinks: [/security-policies/:id/, /docs/:path/]",
    "  origin: https://old.example",
    "defaults:",
    "  - values: {type: policy, owner: coo}",
    NULL,
};

static const char *const hugo_readme[] = {
    "# Our policies",
    "[Personnel](/personnel/index.md)",
    NULL,
};

static const char *const hugo_index[] = {
    "---",
    "title: Our security policies",
    "---",
    "Start here.",
    NULL,
};

static const char *const hugo_personnel[] = {
    "---",
    "title: Personnel policy",
    "slug: staff",
    "---",
    "### Scope",
    NULL,
};

static const char *const hugo_overview[] = {
    "### Ownership",
    NULL,
};

static const char *const hugo_bcp[] = {
    "---",
    "title: BCP",
    "slug: bcp",
    "---",
    "[a](/security-policies/staff/) [b](/security-policies/staff)",
    "[c](/security-policies/staff/#scope) [d](/security-policies/STAFF/)",
    "[e](/privacy-policy/?x=1#top) [f](/personnel/index.md#scope)",
    "[g](/content/overview.md) [h](/docs/) [i](/docs/personnel/)",
    "[j](https://old.example/security-policies/bcp/)",
    "[k](https://old.example/blog/) [l](//cdn.example/x.md)",
    "[m](https://old.example.org/x) [n](/security-policies/)",
    "Broken: [o](/security-policies/gone/) [p](/README.md)",
    "[q](/docs/nowhere/) [r](/security-policies/staff/#nope)",
    "[s](https://old.example/security-policies/gone/) [t](/missing.md)",
    "[u](https://old.example/x.md)",
    NULL,
};

static const struct file hugo_files[] = {
    {"handbook.yaml", hugo_yaml},
    {"content/README.md", hugo_readme},
    {"content/_index.md", hugo_index},
    {"content/personnel/index.md", hugo_personnel},
    {"content/overview.md", hugo_overview},
    {"content/bcp/index.md", hugo_bcp},
};

static void
test_site_absolute_links(void **state)
{
    (void)state;
    char root[] = "/tmp/ib-test-site-hugo-XXXXXX";
    assert_non_null(mkdtemp(root));
    for (size_t i = 0; i < sizeof hugo_files / sizeof *hugo_files; i++)
        write_file(root, &hugo_files[i]);
    struct ib_diag *d = ib_diag_new();
    int status = -7;
    struct ib_site *site = load_site(root, keep_html, d, &status);
    assert_non_null(site);
    ib_diag_sort(d);

    /* README.md is excluded: four documents, with derived ids. */
    assert_int_equal(site->ndocs, 4);
    assert_string_equal(site->docs[0]->path, "content/_index.md");
    assert_string_equal(site->docs[0]->id.s, "index");
    assert_string_equal(ib_site_find_id(site, "overview")->title.s,
                        "Overview");
    assert_non_null(ib_site_find_id(site, "staff"));

    static const char *const broken[][2] = {
        {"[o]", "'/security-policies/gone/' matches the permalink "
                "'/security-policies/:id/', but no document has the id "
                "'gone'"},
        {"[p]", "'/README.md' is not a document of this handbook (looked "
                "for content/README.md, which 'exclude' in handbook.yaml "
                "leaves out)"},
        {"[q]", "'/docs/nowhere/' matches the permalink '/docs/:path/', but "
                "no document is at content/nowhere.md or in its folder"},
        {"[r]", "'content/personnel/index.md' has no heading with anchor "
                "'#nope'"},
        {"[t]", "'/missing.md' is not a document of this handbook (looked "
                "for content/missing.md)"},
    };
    size_t n = sizeof broken / sizeof *broken;
    if (ib_diag_count(d) != n)
        dump(d);
    assert_int_equal(ib_diag_count(d), n);
    for (size_t i = 0; i < n; i++) {
        const struct ib_finding *g = ib_diag_get(d, i);
        const char *line = hugo_bcp[g->loc.line - 1];
        assert_string_equal(g->loc.file, "content/bcp/index.md");
        assert_ptr_equal(strstr(line, broken[i][0]), line + g->loc.col - 1);
        if (!strstr(g->msg, broken[i][1]))
            fail_msg("'%s' lacks '%s'", g->msg, broken[i][1]);
    }

    struct ib_doc *bcp = ib_site_find_id(site, "bcp");
    char *html = strdup(bcp->html);
    static const char *const hrefs[] = {
        "<a href=\"../personnel/index.html\">a</a>",
        "<a href=\"../personnel/index.html\">b</a>",
        "<a href=\"../personnel/index.html#scope\">c</a>",
        "<a href=\"../personnel/index.html\">d</a>", /* ids ignore case */
        /* Elsewhere on the old site: there, query and fragment kept. */
        "<a href=\"https://old.example/privacy-policy/?x=1#top\">e</a>",
        "<a href=\"../personnel/index.html#scope\">f</a>",
        "<a href=\"../overview.html\">g</a>",
        "<a href=\"../_index.html\">h</a>",
        "<a href=\"../personnel/index.html\">i</a>",
        "<a href=\"#\">j</a>", /* its own page */
        "<a href=\"https://old.example/blog/\">k</a>",
        "<a href=\"//cdn.example/x.md\">l</a>",
        "<a href=\"https://old.example.org/x\">m</a>",
        "<a href=\"https://old.example/security-policies/\">n</a>",
        /* A page on the old site we do not have stays there. */
        "<a href=\"https://old.example/security-policies/gone/\">s</a>",
        "<a href=\"https://old.example/x.md\">u</a>",
    };
    for (size_t i = 0; i < sizeof hrefs / sizeof *hrefs; i++)
        if (!strstr(html, hrefs[i]))
            fail_msg("no %s in:\n%s", hrefs[i], html);
    free(html);
    /* Permalinks count as references, as relative links do. */
    struct ib_doc *staff = ib_site_find_id(site, "staff");
    assert_int_equal(staff->referenced_by.n, 1);
    assert_ptr_equal(staff->referenced_by.items[0], bcp);

    ib_site_free(site);
    ib_diag_free(d);
    assert_int_equal(remove_tree(root), 0);
}

/* Without links: a site-absolute .md link is still checked against
 * content/, other site-absolute links are left as they are. */
static void
test_site_absolute_links_plain(void **state)
{
    (void)state;
    static const char *const yaml[] = {"title: T", NULL};
    static const char *const a_md[] = {
        "---", "id: A", "title: A", "type: policy", "owner: o", "---",
        "[b](/b.md) [x](/x/) [gone](/gone.md)", NULL,
    };
    static const char *const b_md[] = {
        "---", "id: B", "title: B", "type: policy", "owner: o", "---", NULL,
    };
    const struct file fs[] = {{"handbook.yaml", yaml},
                              {"content/sub/a.md", a_md},
                              {"content/b.md", b_md}};
    char root[] = "/tmp/ib-test-site-plain-XXXXXX";
    assert_non_null(mkdtemp(root));
    for (size_t i = 0; i < 3; i++)
        write_file(root, &fs[i]);
    struct ib_diag *d = ib_diag_new();
    int status;
    struct ib_site *site = load_site(root, keep_html, d, &status);
    assert_non_null(site);
    if (ib_diag_count(d) != 1)
        dump(d);
    assert_int_equal(ib_diag_count(d), 1);
    assert_string_equal(ib_diag_get(d, 0)->rule, "link-broken");
    assert_int_equal(ib_diag_get(d, 0)->loc.col, 21);
    char *html = strdup(ib_site_find_id(site, "A")->html);
    assert_non_null(strstr(html, "<a href=\"../b.html\">b</a>"));
    assert_non_null(strstr(html, "<a href=\"/x/\">x</a>"));
    free(html);
    ib_site_free(site);
    ib_diag_free(d);
    assert_int_equal(remove_tree(root), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loaded),
        cmocka_unit_test(test_each_finding),
        cmocka_unit_test(test_no_other_findings),
        cmocka_unit_test(test_wiki_links_resolve),
        cmocka_unit_test(test_find_id),
        cmocka_unit_test(test_duplicate_invalidated),
        cmocka_unit_test(test_published),
        cmocka_unit_test(test_max_class_override),
        cmocka_unit_test(test_max_class_cache_key),
        cmocka_unit_test(test_backlinks),
        cmocka_unit_test(test_review_states),
        cmocka_unit_test(test_href),
        cmocka_unit_test(test_href_encoded),
        cmocka_unit_test(test_root_prefix),
        cmocka_unit_test(test_missing_config),
        cmocka_unit_test(test_no_content_folder),
        cmocka_unit_test(test_site_absolute_links),
        cmocka_unit_test(test_site_absolute_links_plain),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
