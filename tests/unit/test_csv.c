/* SPDX-License-Identifier: MIT */
/* Unit tests for csv.c: RFC 4180 quoting, records, formula guarding. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "buf.h"
#include "csv.h"

/* Returns S written as one field with separator SEP (static buffer). */
static const char *
field(const char *s, char sep)
{
    static char out[256];
    struct ib_buf b;
    ib_buf_init(&b);
    ib_csv_put_field(&b, s, sep);
    assert_true(b.len < sizeof out);
    memcpy(out, ib_buf_cstr(&b), b.len + 1);
    ib_buf_fini(&b);
    return out;
}

static void
test_plain_fields_are_copied(void **state)
{
    (void)state;
    assert_string_equal(field("", ';'), "");
    assert_string_equal(field("A.5.15", ';'), "A.5.15");
    assert_string_equal(field("Access control", ';'), "Access control");
    /* Nordic letters are bytes like any other: copied as they are. */
    assert_string_equal(field("Ærø, Åkirkeby og Østerbro", ';'),
                        "Ærø, Åkirkeby og Østerbro");
    assert_string_equal(field("trailing space ", ';'), "trailing space ");
}

static void
test_separator_is_quoted(void **state)
{
    (void)state;
    assert_string_equal(field("a;b", ';'), "\"a;b\"");
    /* A comma only matters when it is the separator. */
    assert_string_equal(field("a,b", ';'), "a,b");
    assert_string_equal(field("a,b", ','), "\"a,b\"");
    assert_string_equal(field("a;b", ','), "a;b");
}

static void
test_quotes_are_doubled(void **state)
{
    (void)state;
    assert_string_equal(field("say \"hi\"", ';'), "\"say \"\"hi\"\"\"");
    assert_string_equal(field("\"", ';'), "\"\"\"\"");
}

static void
test_line_breaks_are_quoted(void **state)
{
    (void)state;
    assert_string_equal(field("one\ntwo", ';'), "\"one\ntwo\"");
    assert_string_equal(field("one\r\ntwo", ';'), "\"one\r\ntwo\"");
    assert_string_equal(field(" lead", ';'), "\" lead\"");
}

static void
test_formulas_are_neutralised(void **state)
{
    (void)state;
    assert_string_equal(field("=HYPERLINK(\"x\")", ';'),
                        "\"'=HYPERLINK(\"\"x\"\")\"");
    assert_string_equal(field("+1", ';'), "\"'+1\"");
    assert_string_equal(field("-1", ';'), "\"'-1\"");
    assert_string_equal(field("@SUM(A1)", ';'), "\"'@SUM(A1)\"");
    assert_string_equal(field("\tx", ';'), "\"'\tx\"");
    /* Only the first character counts. */
    assert_string_equal(field("a=b-c", ';'), "a=b-c");
}

static void
test_row(void **state)
{
    (void)state;
    struct ib_buf b;
    ib_buf_init(&b);
    const char *const r1[] = {"Control", "Title", "Note"};
    const char *const r2[] = {"A.5.1", "Policies; general", ""};
    ib_buf_puts(&b, IB_CSV_BOM);
    ib_csv_put_row(&b, r1, 3, ';');
    ib_csv_put_row(&b, r2, 3, ';');
    assert_string_equal(ib_buf_cstr(&b), "\xEF\xBB\xBF"
                                         "Control;Title;Note\r\n"
                                         "A.5.1;\"Policies; general\";\r\n");
    ib_buf_fini(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_fields_are_copied),
        cmocka_unit_test(test_separator_is_quoted),
        cmocka_unit_test(test_quotes_are_doubled),
        cmocka_unit_test(test_line_breaks_are_quoted),
        cmocka_unit_test(test_formulas_are_neutralised),
        cmocka_unit_test(test_row),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
