/* SPDX-License-Identifier: MIT */
/* Unit tests for json.c: escaping and the writer's three layouts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>

#include "buf.h"
#include "json.h"

static void
test_escapes(void **state)
{
    (void)state;
    struct ib_buf b;
    ib_buf_init(&b);
    /* Markup needs no escaping in JSON; quotes, backslashes, controls and
       DEL do; Nordic letters stay readable; a stray byte becomes U+FFFD. */
    ib_json_put_str(&b, "<a href=\"x\">\\ \n\r\t\x01\x7f Å\xff");
    assert_string_equal(ib_buf_cstr(&b),
                        "\"<a href=\\\"x\\\">\\\\ \\n\\r\\t\\u0001\\u007f "
                        "Å\\ufffd\"");
    ib_buf_reset(&b);
    ib_json_put_str(&b, "");
    assert_string_equal(ib_buf_cstr(&b), "\"\"");
    ib_buf_fini(&b);
}

/* Plain text is copied eight bytes at a time: whatever needs escaping is
 * found at every offset of a longer string, and bytes around it kept. */
static void
test_escapes_at_every_offset(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } special[] = {
        {"\"", "\\\""}, {"\\", "\\\\"}, {"\n", "\\n"},
        {"\x01", "\\u0001"}, {"\x1f", "\\u001f"}, {"\x7f", "\\u007f"},
        {"\xc3\x85", "\xc3\x85"}, {"\xff", "\\ufffd"},
    };
    const char *plain = "The quick brown fox jumps";
    struct ib_buf b, want;
    ib_buf_init(&b);
    ib_buf_init(&want);
    for (size_t k = 0; k < sizeof special / sizeof *special; k++)
        for (size_t at = 0; at <= 20; at++) {
            char in[64];
            snprintf(in, sizeof in, "%.*s%s%s", (int)at, plain,
                     special[k].in, plain + at);
            ib_buf_reset(&want);
            ib_buf_printf(&want, "\"%.*s%s%s\"", (int)at, plain,
                          special[k].out, plain + at);
            ib_buf_reset(&b);
            ib_json_put_str(&b, in);
            assert_string_equal(ib_buf_cstr(&b), ib_buf_cstr(&want));
        }
    /* And at every offset of every length up to 24: the last eight bytes
     * of a string are read as one word. */
    for (size_t k = 0; k < sizeof special / sizeof *special; k++)
        for (int len = 0; len <= 24; len++)
            for (int at = 0; at <= len; at++) {
                char in[64];
                snprintf(in, sizeof in, "%.*s%s%.*s", at, plain,
                         special[k].in, len - at, plain + at);
                ib_buf_reset(&want);
                ib_buf_printf(&want, "\"%.*s%s%.*s\"", at, plain,
                              special[k].out, len - at, plain + at);
                ib_buf_reset(&b);
                ib_json_put_str(&b, in);
                assert_string_equal(ib_buf_cstr(&b), ib_buf_cstr(&want));
            }
    ib_buf_fini(&b);
    ib_buf_fini(&want);
}

/* {"a": 1, "l": [true, null, "s", {}], "o": {"k": null, "e": []}} */
static void
write_sample(struct ib_json *w)
{
    ib_json_object(w, NULL);
    ib_json_int(w, "a", -12345678901LL);
    ib_json_array(w, "l");
    ib_json_bool(w, NULL, true);
    ib_json_null(w, NULL);
    ib_json_str(w, NULL, "s");
    ib_json_object(w, NULL);
    ib_json_end(w);
    ib_json_end(w);
    ib_json_object(w, "o");
    ib_json_str(w, "k", NULL);
    ib_json_array(w, "e");
    ib_json_end(w);
    ib_json_end(w);
    ib_json_end(w);
}

static void
test_compact(void **state)
{
    (void)state;
    struct ib_buf b;
    ib_buf_init(&b);
    ib_buf_puts(&b, "x=");
    struct ib_json *w = ib_json_new(&b, 0);
    write_sample(w);
    ib_json_free(w);
    /* Appended after what the buffer held, on one line. */
    assert_string_equal(ib_buf_cstr(&b),
                        "x={\"a\":-12345678901,\"l\":[true,null,\"s\",{}],"
                        "\"o\":{\"k\":null,\"e\":[]}}");
    ib_buf_fini(&b);
    ib_json_free(NULL);
}

static void
test_pretty(void **state)
{
    (void)state;
    struct ib_buf b;
    ib_buf_init(&b);
    struct ib_json *w = ib_json_new(&b, IB_JSON_MAX_DEPTH);
    write_sample(w);
    ib_json_free(w);
    /* What JSON.stringify(v, null, 2) gives. */
    assert_string_equal(ib_buf_cstr(&b), "{\n"
                                         "  \"a\": -12345678901,\n"
                                         "  \"l\": [\n"
                                         "    true,\n"
                                         "    null,\n"
                                         "    \"s\",\n"
                                         "    {}\n"
                                         "  ],\n"
                                         "  \"o\": {\n"
                                         "    \"k\": null,\n"
                                         "    \"e\": []\n"
                                         "  }\n"
                                         "}");
    ib_buf_fini(&b);
}

/* One record a line: what the search index uses, so diffs stay readable. */
static void
test_one_record_a_line(void **state)
{
    (void)state;
    struct ib_buf b;
    ib_buf_init(&b);
    struct ib_json *w = ib_json_new(&b, 2);
    ib_json_object(w, NULL);
    ib_json_int(w, "version", 1);
    ib_json_array(w, "docs");
    for (int i = 0; i < 2; i++) {
        ib_json_object(w, NULL);
        ib_json_str(w, "id", i ? "B" : "A");
        ib_json_array(w, "h");
        ib_json_array(w, NULL);
        ib_json_str(w, NULL, "Scope");
        ib_json_str(w, NULL, "scope");
        ib_json_end(w);
        ib_json_end(w);
        ib_json_end(w);
    }
    ib_json_end(w);
    ib_json_end(w);
    ib_json_free(w);
    assert_string_equal(ib_buf_cstr(&b),
                        "{\n"
                        "  \"version\": 1,\n"
                        "  \"docs\": [\n"
                        "    {\"id\":\"A\",\"h\":[[\"Scope\",\"scope\"]]},\n"
                        "    {\"id\":\"B\",\"h\":[[\"Scope\",\"scope\"]]}\n"
                        "  ]\n"
                        "}");
    ib_buf_fini(&b);
}

static void
test_deep_nesting(void **state)
{
    (void)state;
    struct ib_buf b;
    ib_buf_init(&b);
    struct ib_json *w = ib_json_new(&b, 0);
    for (int i = 0; i < IB_JSON_MAX_DEPTH; i++)
        ib_json_array(w, NULL);
    for (int i = 0; i < IB_JSON_MAX_DEPTH; i++)
        ib_json_end(w);
    ib_json_free(w);
    assert_int_equal(b.len, 2 * IB_JSON_MAX_DEPTH);
    assert_int_equal(b.data[IB_JSON_MAX_DEPTH - 1], '[');
    assert_int_equal(b.data[IB_JSON_MAX_DEPTH], ']');
    ib_buf_fini(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_escapes_at_every_offset),
        cmocka_unit_test(test_compact),
        cmocka_unit_test(test_pretty),
        cmocka_unit_test(test_one_record_a_line),
        cmocka_unit_test(test_deep_nesting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
