/* SPDX-License-Identifier: MIT */
/* Unit tests for diag.c: recording, sorting, counting and severities. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "diag.h"

static int
setup(void **state)
{
    *state = ib_diag_new();
    return 0;
}

static int
teardown(void **state)
{
    ib_diag_free(*state);
    return 0;
}

static struct ib_loc
at(const char *file, unsigned line, unsigned col)
{
    return (struct ib_loc){file, line, col};
}

static void
test_add_copies_everything(void **state)
{
    struct ib_diag *d = *state;
    char file[] = "content/a.md";
    char rule[] = "link-broken";
    char arg[] = "POL-1";
    ib_diag_add(d, IB_SEV_ERROR, at(file, 7, 16), rule, "no document '%s'",
                arg);
    memset(file, 'X', sizeof file - 1);
    memset(rule, 'X', sizeof rule - 1);
    memset(arg, 'X', sizeof arg - 1);
    assert_int_equal(ib_diag_count(d), 1);
    const struct ib_finding *f = ib_diag_get(d, 0);
    assert_int_equal(f->sev, IB_SEV_ERROR);
    assert_string_equal(f->loc.file, "content/a.md");
    assert_int_equal(f->loc.line, 7);
    assert_int_equal(f->loc.col, 16);
    assert_string_equal(f->rule, "link-broken");
    assert_string_equal(f->msg, "no document 'POL-1'");
    assert_null(ib_diag_get(d, 1));

    /* A finding without a file is allowed. */
    ib_diag_add(d, IB_SEV_WARNING, at(NULL, 0, 0), "x", "plain");
    assert_null(ib_diag_get(d, 1)->loc.file);
}

static void
test_counts(void **state)
{
    struct ib_diag *d = *state;
    assert_int_equal(ib_diag_count(d), 0);
    assert_int_equal(ib_diag_errors(d), 0);
    assert_int_equal(ib_diag_warnings(d), 0);
    for (int i = 0; i < 40; i++)
        ib_diag_add(d, i % 4 ? IB_SEV_WARNING : IB_SEV_ERROR,
                    at("f.md", (unsigned)i, 1), "r", "m%d", i);
    assert_int_equal(ib_diag_count(d), 40);
    assert_int_equal(ib_diag_errors(d), 10);
    assert_int_equal(ib_diag_warnings(d), 30);
}

static void
test_sort(void **state)
{
    struct ib_diag *d = *state;
    ib_diag_add(d, IB_SEV_ERROR, at("content/b.md", 2, 1), "r", "b2");
    ib_diag_add(d, IB_SEV_ERROR, at("content/a.md", 10, 1), "r", "a10");
    ib_diag_add(d, IB_SEV_ERROR, at("content/a.md", 9, 30), "r", "a9c30");
    ib_diag_add(d, IB_SEV_ERROR, at("content/a.md", 9, 4), "z-rule", "z");
    ib_diag_add(d, IB_SEV_ERROR, at("content/a.md", 9, 4), "a-rule", "y");
    ib_diag_add(d, IB_SEV_ERROR, at("content/a.md", 9, 4), "a-rule", "x");
    ib_diag_add(d, IB_SEV_ERROR, at(NULL, 0, 0), "r", "nofile");
    ib_diag_add(d, IB_SEV_WARNING, at("content/a.md", 0, 0), "r", "whole");
    ib_diag_sort(d);
    /* Line 10 after line 9: numbers, not text. No file sorts first. At
     * one position, findings keep the order they were added in. */
    const char *want[] = {"nofile", "whole", "z",   "y",
                          "x",      "a9c30", "a10", "b2"};
    assert_int_equal(ib_diag_count(d), 8);
    for (size_t i = 0; i < 8; i++)
        assert_string_equal(ib_diag_get(d, i)->msg, want[i]);
}

static void
test_sort_empty_and_one(void **state)
{
    struct ib_diag *d = *state;
    ib_diag_sort(d);
    ib_diag_add(d, IB_SEV_ERROR, at("a", 1, 1), "r", "only");
    ib_diag_sort(d);
    assert_string_equal(ib_diag_get(d, 0)->msg, "only");
}

static void
test_severity_overrides(void **state)
{
    struct ib_diag *d = *state;
    ib_diag_set_severity(d, "review-due-soon", IB_SEV_ERROR);
    ib_diag_set_severity(d, "field-unknown", IB_SEV_OFF);
    ib_diag_set_severity(d, "link-broken", IB_SEV_ERROR);
    ib_diag_set_severity(d, "link-broken", IB_SEV_WARNING); /* last wins */

    ib_diag_add(d, IB_SEV_WARNING, at("a.md", 1, 1), "review-due-soon", "s");
    ib_diag_add(d, IB_SEV_WARNING, at("a.md", 2, 1), "field-unknown", "u");
    ib_diag_add(d, IB_SEV_ERROR, at("a.md", 3, 1), "link-broken", "l");
    ib_diag_add(d, IB_SEV_ERROR, at("a.md", 4, 1), "other", "o");

    assert_int_equal(ib_diag_count(d), 3); /* "off" dropped it */
    assert_int_equal(ib_diag_get(d, 0)->sev, IB_SEV_ERROR);
    assert_string_equal(ib_diag_get(d, 1)->rule, "link-broken");
    assert_int_equal(ib_diag_get(d, 1)->sev, IB_SEV_WARNING);
    assert_int_equal(ib_diag_get(d, 2)->sev, IB_SEV_ERROR);
    assert_int_equal(ib_diag_errors(d), 2);
    assert_int_equal(ib_diag_warnings(d), 1);

    /* Overrides apply to later findings only. */
    ib_diag_set_severity(d, "other", IB_SEV_OFF);
    assert_int_equal(ib_diag_count(d), 3);
    ib_diag_add(d, IB_SEV_ERROR, at("a.md", 5, 1), "other", "gone");
    assert_int_equal(ib_diag_count(d), 3);
}

static void
test_take_all(void **state)
{
    struct ib_diag *d = *state;
    struct ib_diag *src = ib_diag_new();
    ib_diag_add(d, IB_SEV_ERROR, at("a.md", 1, 1), "r", "first");
    ib_diag_add(src, IB_SEV_WARNING, at("b.md", 2, 3), "w", "second");
    ib_diag_add(src, IB_SEV_ERROR, at("c.md", 4, 5), "e", "third");
    ib_diag_take_all(d, src);
    assert_int_equal(ib_diag_count(src), 0);
    assert_int_equal(ib_diag_count(d), 3);
    assert_string_equal(ib_diag_get(d, 0)->msg, "first");
    assert_string_equal(ib_diag_get(d, 1)->msg, "second");
    assert_string_equal(ib_diag_get(d, 1)->loc.file, "b.md");
    assert_int_equal(ib_diag_get(d, 2)->loc.col, 5);
    assert_int_equal(ib_diag_errors(d), 2);
    /* The emptied source is still usable, and freeing both is clean. */
    ib_diag_add(src, IB_SEV_ERROR, at("d.md", 1, 1), "r", "again");
    assert_int_equal(ib_diag_count(src), 1);
    ib_diag_take_all(d, src);
    assert_int_equal(ib_diag_count(d), 4);
    ib_diag_free(src);
    ib_diag_free(NULL);
}

static void
test_take_all_many(void **state)
{
    struct ib_diag *d = *state;
    struct ib_diag *src = ib_diag_new();
    for (int i = 0; i < 100; i++)
        ib_diag_add(src, IB_SEV_ERROR, at("x.md", (unsigned)(100 - i), 1), "r",
                    "%d", i);
    ib_diag_take_all(d, src);
    ib_diag_free(src);
    ib_diag_sort(d);
    assert_int_equal(ib_diag_count(d), 100);
    assert_int_equal(ib_diag_get(d, 0)->loc.line, 1);
    assert_string_equal(ib_diag_get(d, 99)->msg, "0");
}

static void
test_sev_names(void **state)
{
    (void)state;
    assert_string_equal(ib_sev_name(IB_SEV_ERROR), "error");
    assert_string_equal(ib_sev_name(IB_SEV_WARNING), "warning");
    assert_string_equal(ib_sev_name(IB_SEV_OFF), "off");
    enum ib_sev s = IB_SEV_ERROR;
    assert_true(ib_sev_parse("warning", &s));
    assert_int_equal(s, IB_SEV_WARNING);
    assert_true(ib_sev_parse("off", &s));
    assert_int_equal(s, IB_SEV_OFF);
    assert_true(ib_sev_parse("error", &s));
    assert_int_equal(s, IB_SEV_ERROR);
    assert_false(ib_sev_parse("Error", &s));
    assert_false(ib_sev_parse("fatal", &s));
    assert_false(ib_sev_parse("", &s));
    assert_int_equal(s, IB_SEV_ERROR);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_add_copies_everything, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sort, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sort_empty_and_one, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_severity_overrides, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_take_all, setup, teardown),
        cmocka_unit_test_setup_teardown(test_take_all_many, setup, teardown),
        cmocka_unit_test(test_sev_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
