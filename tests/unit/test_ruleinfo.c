/* SPDX-License-Identifier: MIT */
/* Unit tests for ruleinfo.c: every rule documented, the README table. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ruleinfo.h"

/* The rule ids SPEC.md section 6 promises, plus those src/ reports. */
static const char *const promised[] = {
    "yaml-syntax",
    "frontmatter-missing",
    "field-missing",
    "field-type",
    "field-unknown",
    "id-invalid",
    "id-duplicate",
    "date-invalid",
    "owner-unknown",
    "approval-missing",
    "review-overdue",
    "review-due-soon",
    "link-broken",
    "anchor-broken",
    "html-dropped",
    "image-external",
    "control-unknown",
    "control-legacy",
    "control-uncovered",
    "control-excluded-but-mapped",
    "soa-justification-missing",
    "mandatory-missing",
    "mandatory-not-approved",
    "classification-leak",
    "filter-error",
    "filter-limit",
    "encoding-invalid",
    "file-unreadable",
    "file-too-large",
    "document-too-complex",
    "symlink-outside",
    "symlink-broken",
    "output-refused",
    "output-error",
    "theme-missing",
    "template-syntax",
    "template-error",
    "ui-string-missing",
};

static void
test_every_rule_documented(void **state)
{
    (void)state;
    size_t n = sizeof promised / sizeof promised[0];
    assert_int_equal(ib_ruleinfo_count(), n);
    for (size_t i = 0; i < n; i++) {
        const struct ib_ruleinfo *r = ib_ruleinfo_get(promised[i]);
        assert_non_null(r->id);
        assert_string_equal(r->id, promised[i]);
        assert_true(r->sev == IB_SEV_ERROR || r->sev == IB_SEV_WARNING);
        /* A summary is a phrase; a help text is sentences saying what
           to do. */
        size_t sl = strlen(r->summary), hl = strlen(r->help);
        assert_true(sl > 10 && sl < 80);
        assert_true(r->summary[sl - 1] != '.');
        assert_true(hl > 60);
        assert_int_equal(r->help[hl - 1], '.');
    }
    /* Severities users rely on: an overdue review fails CI, a due one
       only warns. */
    assert_int_equal(ib_ruleinfo_get("review-overdue")->sev, IB_SEV_ERROR);
    assert_int_equal(ib_ruleinfo_get("review-due-soon")->sev, IB_SEV_WARNING);
    assert_int_equal(ib_ruleinfo_get("field-unknown")->sev, IB_SEV_WARNING);
}

static void
test_ids_unique_and_enumerable(void **state)
{
    (void)state;
    size_t n = ib_ruleinfo_count();
    for (size_t i = 0; i < n; i++) {
        const struct ib_ruleinfo *a = ib_ruleinfo_at(i);
        assert_non_null(a);
        assert_ptr_equal(ib_ruleinfo_get(a->id), a);
        for (size_t k = i + 1; k < n; k++)
            assert_string_not_equal(a->id, ib_ruleinfo_at(k)->id);
    }
    assert_null(ib_ruleinfo_at(n));
}

static void
test_filter_rule_is_generic(void **state)
{
    (void)state;
    const struct ib_ruleinfo *r = ib_ruleinfo_get("org-dpo-approval");
    assert_non_null(r);
    assert_null(r->id);
    assert_non_null(strstr(r->help, "filter"));
    assert_ptr_equal(ib_ruleinfo_get("review-overdue2"), r);
}

static void
test_valid_id(void **state)
{
    (void)state;
    for (size_t i = 0; i < ib_ruleinfo_count(); i++)
        assert_true(ib_ruleinfo_is_valid_id(ib_ruleinfo_at(i)->id));
    assert_true(ib_ruleinfo_is_valid_id("dpo-approval"));
    assert_true(ib_ruleinfo_is_valid_id("a"));
    assert_true(ib_ruleinfo_is_valid_id("rule-2"));
    static const char *const bad[] = {
        "",
        "-x",
        "Dpo-approval",
        "dpo_approval",
        "dpo approval",
        "dpo.x",
        "r\xc3\xa9gle",
        "x1234567890123456789012345678901234567890123456789012345678901234",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (ib_ruleinfo_is_valid_id(bad[i]))
            fail_msg("'%s' taken as a rule id", bad[i]);
    /* 64 characters is the most. */
    assert_true(ib_ruleinfo_is_valid_id(
        "x123456789012345678901234567890123456789012345678901234567890123"));
}

static void
test_suggest(void **state)
{
    (void)state;
    assert_string_equal(ib_ruleinfo_suggest("review-overdu"), "review-overdue");
    assert_string_equal(ib_ruleinfo_suggest("Review-Overdue"),
                        "review-overdue");
    assert_string_equal(ib_ruleinfo_suggest("LINK-BROKEN"), "link-broken");
    assert_string_equal(ib_ruleinfo_suggest("review-due-son"),
                        "review-due-soon");
    assert_string_equal(ib_ruleinfo_suggest("feild-type"), "field-type");
    assert_null(ib_ruleinfo_suggest("dpo-approval"));
    assert_null(ib_ruleinfo_suggest(""));
    char long_word[200];
    memset(long_word, 'x', sizeof long_word - 1);
    long_word[sizeof long_word - 1] = '\0';
    assert_null(ib_ruleinfo_suggest(long_word));
}

static void
test_markdown_table(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ib_ruleinfo_print_markdown(f);
    fclose(f);
    assert_memory_equal(buf,
                        "| Rule | Default | Meaning and fix |\n"
                        "|---|---|---|\n"
                        "| `yaml-syntax` | error | YAML front matter or a "
                        "configuration file cannot be parsed. The front ",
                        strlen("| Rule | Default | Meaning and fix |\n"
                               "|---|---|---|\n"
                               "| `yaml-syntax` | error | YAML front matter "
                               "or a configuration file cannot be parsed. "
                               "The front "));
    /* A header, a separator and one row a rule, each a table row. */
    size_t lines = 0;
    for (char *p = buf, *nl; (nl = strchr(p, '\n')); p = nl + 1) {
        assert_int_equal(*p, '|');
        assert_int_equal(nl[-1], '|');
        lines++;
    }
    assert_int_equal(lines, ib_ruleinfo_count() + 2);
    assert_non_null(strstr(buf, "| `review-due-soon` | warning | "));
    free(buf);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_rule_documented),
        cmocka_unit_test(test_ids_unique_and_enumerable),
        cmocka_unit_test(test_filter_rule_is_generic),
        cmocka_unit_test(test_valid_id),
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_markdown_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
