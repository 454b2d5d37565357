/* SPDX-License-Identifier: MIT */
/* Unit tests for config.c: handbook.yaml read from a temporary folder. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "config.h"
#include "diag.h"
#include "val.h"

struct fx {
    char root[64];
    struct ib_arena *a;
    struct ib_diag *d;
    struct ib_config cfg;
};

static int
setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    strcpy(f->root, "/tmp/ib-test-config-XXXXXX");
    if (!mkdtemp(f->root))
        return -1;
    f->a = ib_arena_new();
    f->d = ib_diag_new();
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/handbook.yaml", f->root);
    unlink(path);
    int rc = rmdir(f->root);
    ib_diag_free(f->d);
    ib_arena_free(f->a);
    free(f);
    return rc;
}

/* Writes TEXT as handbook.yaml and loads it; returns ib_config_load's. */
static int
load(struct fx *f, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/handbook.yaml", f->root);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
    assert_int_equal(fclose(fp), 0);
    return ib_config_load(f->a, f->root, &f->cfg, f->d);
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

static void
assert_clean(struct fx *f)
{
    if (ib_diag_count(f->d))
        dump(f->d);
    assert_int_equal(ib_diag_count(f->d), 0);
}

/* Asserts exactly one finding, RULE at handbook.yaml:LINE:COL. */
static void
assert_only(struct fx *f, enum ib_sev sev, const char *rule, unsigned line,
            unsigned col, const char *needle)
{
    const struct ib_finding *x = ib_diag_get(f->d, 0);
    if (ib_diag_count(f->d) != 1 || strcmp(x->rule, rule) ||
        x->loc.line != line || x->loc.col != col || !strstr(x->msg, needle))
        dump(f->d);
    assert_int_equal(ib_diag_count(f->d), 1);
    assert_string_equal(x->rule, rule);
    assert_int_equal(x->sev, sev);
    assert_string_equal(x->loc.file, "handbook.yaml");
    assert_int_equal(x->loc.line, line);
    assert_int_equal(x->loc.col, col);
    assert_non_null(strstr(x->msg, needle));
}

static void
assert_defaults(const struct ib_config *c)
{
    assert_string_equal(c->file, "handbook.yaml");
    assert_string_equal(c->title, "Information Security Handbook");
    assert_string_equal(c->organisation, "");
    assert_string_equal(c->base_url, "");
    assert_string_equal(c->language, "en");
    assert_string_equal(c->theme, "default");
    assert_string_equal(c->soa, "");
    assert_int_equal(c->review_interval.n, 12);
    assert_int_equal(c->review_interval.unit, IB_UNIT_MONTHS);
    assert_int_equal(c->warn_days, 30);
    assert_int_equal(c->max_class, IB_CLASS_INTERNAL);
    assert_null(c->people);
    assert_int_equal(c->naliases, 0);
    assert_int_equal(c->ndefaults, 0);
    assert_null(c->rules);
}

static void
test_defaults_when_absent(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "organisation: ACME\n"), 0);
    assert_clean(f);
    assert_string_equal(f->cfg.root, f->root);
    assert_string_equal(f->cfg.organisation, "ACME");
    f->cfg.organisation = "";
    assert_defaults(&f->cfg);
}

static void
test_empty_file(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, ""), 0);
    assert_clean(f);
    assert_defaults(&f->cfg);
    assert_int_equal(load(f, "# nothing configured yet\n"), 0);
    assert_clean(f);
    assert_defaults(&f->cfg);
}

static void
test_every_key(void **state)
{
    struct fx *f = *state;
    int rc = load(f, "\xEF\xBB\xBF"
                     "title: ACME Håndbog\n"
                     "organisation: ACME A/S\n"
                     "base_url: https://intranet.acme.example/isms/\n"
                     "language: da\n"
                     "theme: corporate\n"
                     "frameworks: [iso27001-2022]\n"
                     "review:\n"
                     "  interval: 6 months\n"
                     "  warn_days: 14\n"
                     "publish:\n"
                     "  max_classification: confidential\n"
                     "soa: content/soa.yaml\n"
                     "people:\n"
                     "  kari: {name: Kari Nordmann, email: kari@acme.example, "
                     "role: ciso}\n"
                     "filters: [filters/a.lua]\n"
                     "rules:\n"
                     "  review-due-soon: error\n"
                     "aliases:\n"
                     "  document_id: id\n"
                     "  review_cycle: review_interval\n"
                     "defaults:\n"
                     "  - path: content/guidelines\n"
                     "    values: {type: guideline, audience: [all-staff]}\n"
                     "  - values: {owner: ciso}\n"
                     "  - path: content/guidelines/hr/\n"
                     "    values: {owner: hr}\n");
    assert_clean(f);
    assert_int_equal(rc, 0);
    const struct ib_config *c = &f->cfg;
    assert_string_equal(c->title, "ACME Håndbog");
    assert_string_equal(c->organisation, "ACME A/S");
    assert_string_equal(c->base_url, "https://intranet.acme.example/isms/");
    assert_string_equal(c->language, "da");
    assert_string_equal(c->theme, "corporate");
    assert_string_equal(c->soa, "content/soa.yaml");
    assert_int_equal(c->review_interval.n, 6);
    assert_int_equal(c->review_interval.unit, IB_UNIT_MONTHS);
    assert_int_equal(c->warn_days, 14);
    assert_int_equal(c->max_class, IB_CLASS_CONFIDENTIAL);
    assert_non_null(c->people);
    const struct ib_val *kari = ib_val_get(c->people, "kari");
    assert_non_null(kari);
    assert_string_equal(ib_val_get(kari, "role")->str, "ciso");
    /* A person is named by the directory, else by the id as written. */
    assert_string_equal(ib_config_person_name(c, "kari"), "Kari Nordmann");
    assert_string_equal(ib_config_person_name(c, "ola"), "ola");
    assert_non_null(c->rules);
    assert_string_equal(ib_val_get(c->rules, "review-due-soon")->str, "error");

    assert_int_equal(c->naliases, 2);
    assert_string_equal(c->aliases[0].from, "document_id");
    assert_string_equal(c->aliases[0].to, "id");
    assert_string_equal(ib_config_canonical_key(c, "review_cycle"),
                        "review_interval");
    assert_string_equal(ib_config_canonical_key(c, "owner"), "owner");
    assert_string_equal(ib_config_canonical_key(c, "id"), "id");

    /* Longest path first, each ending in '/'; "" (everywhere) last. */
    assert_int_equal(c->ndefaults, 3);
    assert_string_equal(c->defaults[0].path, "content/guidelines/hr/");
    assert_string_equal(c->defaults[1].path, "content/guidelines/");
    assert_string_equal(c->defaults[2].path, "");
    assert_string_equal(ib_val_get(c->defaults[0].values, "owner")->str, "hr");
    assert_string_equal(ib_val_get(c->defaults[1].values, "type")->str,
                        "guideline");
    assert_string_equal(ib_val_get(c->defaults[2].values, "owner")->str,
                        "ciso");

    /* Applied to the diag: review-due-soon is now an error. */
    ib_diag_add(f->d, IB_SEV_WARNING, (struct ib_loc){"a.md", 1, 1},
                "review-due-soon", "due");
    assert_int_equal(ib_diag_errors(f->d), 1);
}

static void
test_intervals_and_languages_accepted(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "language: nb-NO\nreview:\n  interval: 2 years\n"
                             "  warn_days: 0\n"),
                     0);
    assert_clean(f);
    assert_string_equal(f->cfg.language, "nb-NO");
    assert_int_equal(f->cfg.review_interval.n, 2);
    assert_int_equal(f->cfg.review_interval.unit, IB_UNIT_YEARS);
    assert_int_equal(f->cfg.warn_days, 0);
    assert_int_equal(load(f, "language: sv_SE\nreview:\n  interval: 18\n"), 0);
    assert_clean(f);
    /* Written as a locale, read as the tag lang attributes take. */
    assert_string_equal(f->cfg.language, "sv-SE");
    assert_int_equal(f->cfg.review_interval.n, 18);
    assert_int_equal(f->cfg.review_interval.unit, IB_UNIT_MONTHS);
}

static void
test_unknown_key(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "title: X\nlangauge: da\n"), 0);
    assert_only(f, IB_SEV_WARNING, "field-unknown", 2, 1,
                "unknown key 'langauge' in handbook.yaml (did you mean "
                "'language'?)");
    assert_string_equal(f->cfg.language, "en");
}

static void
test_unknown_nested_key(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "review:\n  interval: 6 months\n"
                             "  warndays: 10\n"),
                     0);
    assert_only(f, IB_SEV_WARNING, "field-unknown", 3, 3,
                "'warndays' in 'review' (did you mean 'warn_days'?)");
}

static void
test_bad_language(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "title: X\nlanguage: English\n"), -1);
    assert_only(f, IB_SEV_ERROR, "field-type", 2, 11, "'English'");
    assert_string_equal(f->cfg.language, "en");
}

static void
test_soa_outside_root(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "title: X\nsoa: ../outside.yaml\n"), -1);
    assert_only(f, IB_SEV_ERROR, "field-type", 2, 6, "below the handbook root");
    assert_string_equal(f->cfg.soa, "");
}

static void
test_bad_language_forms(void **state)
{
    (void)state;
    static const char *const bad[] = {"e",    "EN",      "engl", "en-",
                                      "en-x", "en-DK-x", "da dk"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct fx *f;
        assert_int_equal(setup((void **)&f), 0);
        char text[64];
        snprintf(text, sizeof text, "language: \"%s\"\n", bad[i]);
        assert_int_equal(load(f, text), -1);
        assert_only(f, IB_SEV_ERROR, "field-type", 1, 11, bad[i]);
        assert_int_equal(teardown((void **)&f), 0);
    }
}

static void
test_bad_interval(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "review:\n  interval: every year\n"), -1);
    assert_only(f, IB_SEV_ERROR, "field-type", 2, 13, "'every year'");
    assert_int_equal(f->cfg.review_interval.n, 12);
}

static void
test_bad_interval_zero(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "review:\n  interval: 0 months\n"), -1);
    assert_only(f, IB_SEV_ERROR, "field-type", 2, 13, "'0 months'");
}

static void
test_interval_limit(void **state)
{
    struct fx *f = *state;
    /* The limit is the interval's length, not the number's size. */
    assert_int_equal(load(f, "review:\n  interval: 1500 days\n"), 0);
    assert_clean(f);
    assert_int_equal(f->cfg.review_interval.n, 1500);
    assert_int_equal(f->cfg.review_interval.unit, IB_UNIT_DAYS);
    assert_int_equal(load(f, "review:\n  interval: 101 years\n"), -1);
    assert_only(f, IB_SEV_ERROR, "field-type", 2, 13,
                "'interval' is too long: '101 years' is over the limit of "
                "100 years (1200 months or 36525 days)");
    assert_int_equal(f->cfg.review_interval.n, 12);
    assert_int_equal(f->cfg.review_interval.unit, IB_UNIT_MONTHS);
}

static void
test_base_url(void **state)
{
    (void)state;
    /* An absolute http(s) URL, or a site path for the 404 page. */
    static const char *const good[] = {
        "https://intranet.example.org/isms/",
        "HTTP://Intranet.Example.org:8443/isms",
        "https://user@intranet.example.org",
        "/isms/",
        "\"\"",
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        struct fx *f;
        assert_int_equal(setup((void **)&f), 0);
        char text[128];
        snprintf(text, sizeof text, "title: X\nbase_url: %s\n", good[i]);
        assert_int_equal(load(f, text), 0);
        assert_clean(f);
        assert_string_equal(f->cfg.base_url, good[i][0] == '"' ? "" : good[i]);
        assert_int_equal(teardown((void **)&f), 0);
    }
    /* Anything else would quietly lose sitemap.xml and feed.xml. */
    static const char *const bad[] = {
        "intranet.example.org/isms/",
        "htps://intranet.example.org/isms/",
        "https://",
        "https:///isms/",
        "//intranet.example.org/isms/",
        "https://intranet.example.org/isms/?page=1",
        "https://intranet.example.org/isms/#top",
        "https://intra_net.example.org/",
        "\"https://intranet.example.org/i sms/\"",
        "https://intranet.example.org/\xc3\xa5/",
        "ftp://intranet.example.org/",
        "\"/i sms/\"",
        "/isms/?page=1",
        "/isms/<x>/",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct fx *f;
        assert_int_equal(setup((void **)&f), 0);
        char text[128];
        snprintf(text, sizeof text, "title: X\nbase_url: %s\n", bad[i]);
        assert_int_equal(load(f, text), -1);
        assert_only(f, IB_SEV_ERROR, "field-type", 2, 11,
                    "'base_url' must be an absolute http:// or https:// URL "
                    "such as https://intranet.example.org/isms/");
        assert_string_equal(f->cfg.base_url, "");
        assert_int_equal(teardown((void **)&f), 0);
    }
}

static void
test_parse_base_url(void **state)
{
    (void)state;
    struct ib_base_url u;
    const char *url = "https://me@Intranet.Example.org:8443//isms/x//";
    assert_true(ib_config_parse_base_url(url, &u));
    assert_int_equal(u.host_len, 20);
    assert_memory_equal(u.host, "Intranet.Example.org", 20);
    assert_int_equal(u.path_len, 6);
    assert_memory_equal(u.path, "isms/x", 6);
    assert_true(ib_config_parse_base_url("http://h", &u));
    assert_int_equal(u.host_len, 1);
    assert_int_equal(u.path_len, 0);
    assert_true(ib_config_parse_base_url("http://h/", NULL));
    assert_false(ib_config_parse_base_url("", NULL));
    assert_false(ib_config_parse_base_url("/isms/", NULL));
    assert_false(ib_config_parse_base_url("http://h/a b", NULL));
}

static void
test_bad_warn_days(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "review:\n  warn_days: -1\n"), -1);
    assert_only(f, IB_SEV_ERROR, "field-type", 2, 14, "'-1'");
    assert_int_equal(f->cfg.warn_days, 30);
}

static void
test_whats_new_days(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "title: T\n"), 0);
    assert_int_equal(f->cfg.whats_new_days, 90);
    assert_int_equal(load(f, "whats_new_days: 30\n"), 0);
    assert_clean(f);
    assert_int_equal(f->cfg.whats_new_days, 30);
    assert_int_equal(load(f, "whats_new_days: 0\n"), -1);
    assert_only(f, IB_SEV_ERROR, "field-type", 1, 17,
                "from 1 to 3660, not '0'");
    assert_int_equal(f->cfg.whats_new_days, 90);
}

static void
test_bad_max_classification(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "publish:\n  max_classification: secret\n"), -1);
    assert_only(f, IB_SEV_ERROR, "field-type", 2, 23,
                "public, internal, confidential, restricted, not 'secret'");
    assert_int_equal(f->cfg.max_class, IB_CLASS_INTERNAL);
}

static void
test_alias_to_unknown_key(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "aliases:\n  document_id: id\n"
                             "  responsible: ownr\n"),
                     -1);
    assert_only(f, IB_SEV_ERROR, "field-type", 3, 16,
                "alias 'responsible' must name a front-matter key or "
                "extra.NAME (did you mean 'owner'?)");
    /* The good alias is kept. */
    assert_int_equal(f->cfg.naliases, 1);
    assert_string_equal(ib_config_canonical_key(&f->cfg, "document_id"), "id");
    assert_string_equal(ib_config_canonical_key(&f->cfg, "responsible"),
                        "responsible");
}

static void
test_defaults_entry_without_values(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "defaults:\n"
                             "  - path: content/a/\n"
                             "    values: {owner: x}\n"
                             "  - path: content/b/\n"),
                     -1);
    assert_only(f, IB_SEV_ERROR, "field-missing", 4, 5, "needs 'values'");
    assert_int_equal(f->cfg.ndefaults, 1);
    assert_string_equal(f->cfg.defaults[0].path, "content/a/");
}

static void
test_defaults_not_a_list(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "defaults: {path: x}\n"), -1);
    assert_only(f, IB_SEV_ERROR, "field-type", 1, 11, "list");
}

static void
test_defaults_unknown_value_key(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "defaults:\n  - values: {ownr: x}\n"), 0);
    assert_only(f, IB_SEV_WARNING, "field-unknown", 2, 14,
                "did you mean 'owner'?");
}

static void
test_rules_applied(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "rules:\n  link-broken: warning\n"
                             "  review-overdue: off\n"
                             "  my-filter-rule: error\n"),
                     0);
    assert_clean(f);
    struct ib_loc at = {"content/a.md", 3, 4};
    ib_diag_add(f->d, IB_SEV_ERROR, at, "link-broken", "broken");
    ib_diag_add(f->d, IB_SEV_ERROR, at, "review-overdue", "overdue");
    ib_diag_add(f->d, IB_SEV_WARNING, at, "my-filter-rule", "custom");
    ib_diag_add(f->d, IB_SEV_ERROR, at, "anchor-broken", "untouched");
    assert_int_equal(ib_diag_count(f->d), 3);
    assert_string_equal(ib_diag_get(f->d, 0)->rule, "link-broken");
    assert_int_equal(ib_diag_get(f->d, 0)->sev, IB_SEV_WARNING);
    assert_int_equal(ib_diag_get(f->d, 1)->sev, IB_SEV_ERROR);
    assert_string_equal(ib_diag_get(f->d, 2)->rule, "anchor-broken");
    assert_int_equal(ib_diag_get(f->d, 2)->sev, IB_SEV_ERROR);
}

static void
test_rules_off_covers_handbook_yaml(void **state)
{
    struct fx *f = *state;
    /* A rule turned off is off everywhere, handbook.yaml included. */
    assert_int_equal(load(f, "x-internal-note: kept for tooling\n"
                             "rules:\n  field-unknown: off\n"),
                     0);
    assert_clean(f);
}

static void
test_rules_unknown_ids(void **state)
{
    struct fx *f = *state;
    /* A filter's own id is silent; a typo of a built-in one and a key
     * that cannot be a rule id are warnings at the key. */
    assert_int_equal(load(f, "rules:\n  dpo-approval: error\n"
                             "  review-overdu: off\n"
                             "  Review-Overdue: off\n"
                             "  \"Dpo Approval\": off\n"),
                     0);
    if (ib_diag_count(f->d) != 3)
        dump(f->d);
    assert_int_equal(ib_diag_count(f->d), 3);
    static const struct {
        unsigned line;
        const char *msg;
    } want[] = {
        {3, "unknown rule 'review-overdu' in 'rules' (did you mean "
            "'review-overdue'?)"},
        {4, "unknown rule 'Review-Overdue' in 'rules' (did you mean "
            "'review-overdue'?)"},
        {5, "unknown rule 'Dpo Approval' in 'rules': rule ids are "
            "lower-case letters, digits and '-' (ismsbook's are listed by "
            "'ismsbook help rules')"},
    };
    for (size_t i = 0; i < 3; i++) {
        const struct ib_finding *x = ib_diag_get(f->d, i);
        assert_string_equal(x->rule, "field-unknown");
        assert_int_equal(x->sev, IB_SEV_WARNING);
        assert_string_equal(x->loc.file, "handbook.yaml");
        assert_int_equal(x->loc.line, want[i].line);
        assert_int_equal(x->loc.col, 3);
        assert_string_equal(x->msg, want[i].msg);
    }
    /* The misspelt rule is not review-overdue: that keeps its severity. */
    ib_diag_add(f->d, IB_SEV_ERROR, (struct ib_loc){"a.md", 1, 1},
                "review-overdue", "overdue");
    assert_int_equal(ib_diag_get(f->d, 3)->sev, IB_SEV_ERROR);
}

static void
test_rules_order_free(void **state)
{
    struct fx *f = *state;
    /* Severities apply before the findings about rules: itself, wherever
     * the severity of field-unknown or field-type is set. */
    assert_int_equal(load(f, "rules:\n  review-overdu: off\n"
                             "  link-broken: fatal\n"
                             "  field-unknown: off\n"
                             "  field-type: warning\n"),
                     0);
    assert_only(f, IB_SEV_WARNING, "field-type", 3, 16,
                "severity of rule 'link-broken'");
}

static void
test_bad_rule_severity(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "rules:\n  link-broken: fatal\n"), -1);
    assert_only(f, IB_SEV_ERROR, "field-type", 2, 16,
                "severity of rule 'link-broken' must be error, warning or "
                "off");
}

static void
test_unknown_framework(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "frameworks: [iso27001-2022, nist-csf]\n"), -1);
    assert_only(f, IB_SEV_ERROR, "field-type", 1, 29, "'nist-csf'");
}

static void
test_not_a_map(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "- title\n- x\n"), -1);
    assert_only(f, IB_SEV_ERROR, "field-type", 1, 1,
                "handbook.yaml must be a map");
}

static void
test_yaml_error(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "title: X\ntitle: Y\n"), -1);
    assert_only(f, IB_SEV_ERROR, "yaml-syntax", 2, 1, "duplicate key");
}

static void
test_invalid_utf8(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "title: X\norganisation: Bl\xE5"
                             "b\xE6r\n"),
                     -1);
    assert_only(f, IB_SEV_ERROR, "encoding-invalid", 2, 17, "invalid UTF-8");
}

static void
test_missing_file(void **state)
{
    struct fx *f = *state;
    assert_int_equal(ib_config_load(f->a, f->root, &f->cfg, f->d), -1);
    assert_int_equal(ib_diag_count(f->d), 1);
    const struct ib_finding *x = ib_diag_get(f->d, 0);
    assert_string_equal(x->rule, "file-unreadable");
    assert_int_equal(x->sev, IB_SEV_ERROR);
    assert_non_null(
        strstr(x->loc.file ? x->loc.file : x->msg, "handbook.yaml"));
}

/* The keys for reading a policy set written for another tool. */
static void
test_migration_keys(void **state)
{
    struct fx *f = *state;
    int rc = load(f, "exclude: [content/README.md, 'content/**/LICENSE']\n"
                     "front_matter: unfenced\n"
                     "derive: {id: path, title: heading}\n"
                     "aliases:\n"
                     "  slug: id\n"
                     "  weight: extra.weight\n"
                     "ignore_keys: [faq, header-includes]\n"
                     "value_aliases:\n"
                     "  status: {published: approved, 'true': draft}\n"
                     "links:\n"
                     "  permalinks: [/security-policies/:id/, /docs/:path]\n"
                     "  origin: https://tailscale.com/\n"
                     "defaults:\n"
                     "  - path: content/overview.md\n"
                     "    values: {controls: [A.5.1]}\n"
                     "  - path: content/a\n"
                     "    values: {owner: x, slug: y, extra.z: 1}\n");
    assert_clean(f); /* defaults may use alias names and extra.NAME */
    assert_int_equal(rc, 0);
    const struct ib_config *c = &f->cfg;
    assert_int_equal(c->nexclude, 2);
    assert_string_equal(c->exclude[1], "content/**/LICENSE");
    assert_int_equal(c->front_matter, IB_FM_UNFENCED);
    assert_true(c->derive_id);
    assert_true(c->derive_title);
    assert_string_equal(ib_config_canonical_key(c, "weight"), "extra.weight");
    assert_true(ib_config_is_ignored_key(c, "faq"));
    assert_true(ib_config_is_ignored_key(c, "header-includes"));
    assert_false(ib_config_is_ignored_key(c, "slug"));
    assert_string_equal(ib_config_value_alias(c, "status", "published"),
                        "approved");
    assert_string_equal(ib_config_value_alias(c, "status", "true"), "draft");
    assert_null(ib_config_value_alias(c, "status", "Published"));
    assert_null(ib_config_value_alias(c, "type", "published"));
    assert_int_equal(c->npermalinks, 2);
    assert_string_equal(c->permalinks[0], "/security-policies/:id/");
    /* The origin loses its trailing '/': links are joined to it. */
    assert_string_equal(c->link_origin, "https://tailscale.com");
    /* A default's path ending in .md names that one file. */
    assert_string_equal(c->defaults[0].path, "content/overview.md");
    assert_string_equal(c->defaults[1].path, "content/a/");
}

static void
test_migration_keys_absent(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "title: T\n"), 0);
    const struct ib_config *c = &f->cfg;
    assert_int_equal(c->front_matter, IB_FM_REQUIRED);
    assert_false(c->derive_id);
    assert_false(c->derive_title);
    assert_int_equal(c->nexclude, 0);
    assert_false(ib_config_is_excluded(c, "content/README.md"));
    assert_int_equal(c->nignore_keys, 0);
    assert_null(c->value_aliases);
    assert_null(ib_config_value_alias(c, "status", "published"));
    assert_int_equal(c->npermalinks, 0);
    assert_string_equal(c->link_origin, "");
}

/* Each bad value is one field-type error at its place; the rest loads. */
static void
test_migration_keys_invalid(void **state)
{
    static const struct {
        const char *yaml;
        unsigned line, col;
        const char *needle;
    } cases[] = {
        {"front_matter: sometimes\n", 1, 15, "required, optional, unfenced"},
        {"derive: {id: title}\n", 1, 14, "path"},
        {"derive: {title: file}\n", 1, 17, "heading"},
        {"derive: [id]\n", 1, 9, "'derive'"},
        {"exclude: [/etc/passwd]\n", 1, 11, "relative to the handbook root"},
        {"aliases: {faq: extra.}\n", 1, 16, "extra.NAME"},
        {"aliases: {slug: id}\nignore_keys: [slug]\n", 2, 15,
         "'slug' is in both 'ignore_keys' and 'aliases'"},
        {"value_aliases: {stauts: {x: y}}\n", 1, 17, "did you mean 'status'"},
        {"value_aliases: {status: published}\n", 1, 25, "must be a map"},
        {"value_aliases:\n  status: {x: [a]}\n", 2, 15,
         "must be a single value"},
        {"links: {permalinks: [/p/]}\n", 1, 22, "one :id or :path"},
        {"links: {permalinks: [p/:id/]}\n", 1, 22, "starting with '/'"},
        {"links: {permalinks: [/p/:id/:path/]}\n", 1, 22, "one :id"},
        {"links: {permalinks: [/p/:identity/]}\n", 1, 22, "one :id"},
        {"links: {permalinks: [/p/:id/?q]}\n", 1, 22, "one :id"},
        {"links: {origin: https://x.example/docs}\n", 1, 17,
         "without a path"},
        {"links: {origin: ftp://x.example}\n", 1, 17, "without a path"},
        {"links: {base: x}\n", 1, 9, "unknown key 'base'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct fx *f = *state;
        ib_diag_free(f->d);
        f->d = ib_diag_new();
        load(f, cases[i].yaml);
        bool unknown = strstr(cases[i].needle, "unknown key") != NULL;
        assert_only(f, unknown ? IB_SEV_WARNING : IB_SEV_ERROR,
                    unknown ? "field-unknown" : "field-type", cases[i].line,
                    cases[i].col, cases[i].needle);
    }
}

static void
test_glob_match(void **state)
{
    (void)state;
    static const struct {
        const char *pattern, *path;
        bool match;
    } cases[] = {
        {"content/README.md", "content/README.md", true},
        {"content/README.md", "content/a/README.md", false},
        {"content/*.md", "content/a.md", true},
        {"content/*.md", "content/a/b.md", false}, /* '*' stays in a folder */
        {"content/**.md", "content/a/b.md", true},
        {"content/**/LICENSE", "content/LICENSE", true}, /* no folder */
        {"content/**/LICENSE", "content/a/b/LICENSE", true},
        {"content/**/LICENSE", "content/aLICENSE", false},
        {"content/**/LICENSE", "content/a/xLICENSE", false},
        {"**/README.md", "README.md", true},
        {"**/README.md", "content/x/README.md", true},
        {"content/?.md", "content/a.md", true},
        {"content/?.md", "content/ab.md", false},
        {"content/?", "content//", false},
        {"content/[abc].md", "content/b.md", true},
        {"content/[!abc].md", "content/b.md", false},
        {"content/[a-c]x.md", "content/cx.md", true},
        {"content/[a-c]x.md", "content/dx.md", false},
        {"content/[]].md", "content/].md", true},
        {"content/[ab", "content/[ab", true}, /* unclosed: literal */
        {"content/\\*.md", "content/*.md", true},
        {"content/\\*.md", "content/a.md", false},
        {"", "", true},
        {"", "a", false},
        {"***", "a/b", true},
        {"content/drafts/**", "content/drafts/a/b.md", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (ib_config_glob_match(cases[i].pattern, cases[i].path) !=
            cases[i].match)
            fail_msg("'%s' %s '%s'", cases[i].pattern,
                     cases[i].match ? "should match" : "should not match",
                     cases[i].path);
}

/* What defeats a backtracking matcher finishes at once. */
static void
test_glob_match_pathological(void **state)
{
    (void)state;
    char pat[401], path[4001];
    for (size_t i = 0; i < 200; i++)
        memcpy(pat + 2 * i, "*a", 2);
    pat[400] = '\0';
    memset(path, 'a', 4000);
    path[3999] = 'b';
    path[4000] = '\0';
    assert_false(ib_config_glob_match(pat, path));
    for (size_t i = 0; i < 100; i++)
        memcpy(pat + 4 * i, "**/a", 4);
    pat[400] = '\0';
    for (size_t i = 0; i < 2000; i++)
        memcpy(path + 2 * i, "a/", 2);
    path[3999] = 'b';
    assert_false(ib_config_glob_match(pat, path));
}

static void
test_excluded(void **state)
{
    struct fx *f = *state;
    assert_int_equal(load(f, "exclude:\n"
                             "  - content/README.md\n"
                             "  - content/drafts\n"
                             "  - content/old/\n"
                             "  - '**/_*.md'\n"),
                     0);
    const struct ib_config *c = &f->cfg;
    assert_true(ib_config_is_excluded(c, "content/README.md"));
    assert_false(ib_config_is_excluded(c, "content/a/README.md"));
    /* A pattern naming a folder leaves out all of it. */
    assert_true(ib_config_is_excluded(c, "content/drafts/a.md"));
    assert_true(ib_config_is_excluded(c, "content/drafts/x/y.md"));
    assert_false(ib_config_is_excluded(c, "content/drafts-2.md"));
    assert_true(ib_config_is_excluded(c, "content/old/a.md"));
    assert_false(ib_config_is_excluded(c, "content/older/a.md"));
    assert_true(ib_config_is_excluded(c, "content/_index.md"));
    assert_true(ib_config_is_excluded(c, "content/a/_index.md"));
    assert_false(ib_config_is_excluded(c, "content/a/index.md"));
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_defaults_when_absent),
        T(test_empty_file),
        T(test_every_key),
        T(test_intervals_and_languages_accepted),
        T(test_unknown_key),
        T(test_unknown_nested_key),
        T(test_bad_language),
        T(test_soa_outside_root),
        cmocka_unit_test(test_bad_language_forms),
        T(test_bad_interval),
        T(test_bad_interval_zero),
        T(test_interval_limit),
        cmocka_unit_test(test_base_url),
        cmocka_unit_test(test_parse_base_url),
        T(test_bad_warn_days),
        T(test_whats_new_days),
        T(test_bad_max_classification),
        T(test_alias_to_unknown_key),
        T(test_defaults_entry_without_values),
        T(test_defaults_not_a_list),
        T(test_defaults_unknown_value_key),
        T(test_rules_applied),
        T(test_rules_off_covers_handbook_yaml),
        T(test_rules_unknown_ids),
        T(test_rules_order_free),
        T(test_bad_rule_severity),
        T(test_unknown_framework),
        T(test_not_a_map),
        T(test_yaml_error),
        T(test_invalid_utf8),
        T(test_missing_file),
        T(test_migration_keys),
        T(test_migration_keys_absent),
        T(test_migration_keys_invalid),
        cmocka_unit_test(test_glob_match),
        cmocka_unit_test(test_glob_match_pathological),
        T(test_excluded),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
