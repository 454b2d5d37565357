/* SPDX-License-Identifier: MIT */
/* Unit tests for text.c: UTF-8 checks, positions, case, suggestions. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "text.h"

/* Returns the offset of the first bad byte of S (N bytes), or -1. */
static long
bad_at(const char *s, size_t n)
{
    size_t bad = 12345;
    if (ib_text_valid_utf8(s, n, &bad)) {
        assert_int_equal(bad, 12345); /* untouched on success */
        return -1;
    }
    return (long)bad;
}

#define BAD(lit) bad_at(lit, sizeof(lit) - 1)

static void
test_valid_utf8(void **state)
{
    (void)state;
    assert_int_equal(BAD(""), -1);
    assert_int_equal(BAD("plain ASCII\n\ttext ~"), -1);
    assert_int_equal(BAD("Ærø, Æbelø og Åkirkeby — blåbærgrød"), -1);
    assert_int_equal(BAD("Sverige: åäö ÅÄÖ; Norge: æøå; Ísland: þð"), -1);
    assert_int_equal(BAD("€ ∑ 日本 \xF0\x9F\x94\x92"), -1); /* 3 and 4 bytes */
    /* Boundaries of each length, and the last code point. */
    assert_int_equal(BAD("\x7F \xC2\x80 \xDF\xBF \xE0\xA0\x80 \xEF\xBF\xBF"),
                     -1);
    assert_int_equal(BAD("\xF0\x90\x80\x80 \xF4\x8F\xBF\xBF"), -1);
    assert_int_equal(BAD("\xED\x9F\xBF \xEE\x80\x80"), -1); /* around D800 */
    assert_true(ib_text_valid_utf8("ok", 2, NULL));
}

static void
test_truncated(void **state)
{
    (void)state;
    assert_int_equal(BAD("abc\xC3"), 3);
    assert_int_equal(BAD("abc\xE2\x82"), 3);
    assert_int_equal(BAD("abc\xF0\x9F\x94"), 3);
    assert_int_equal(BAD("ab\xC3x"), 2); /* continuation missing */
    assert_int_equal(BAD("æ\xE2\x82xyz"), 2);
    assert_int_equal(BAD("\xF0\x9F\x94 \x92"), 0);
    /* A lone continuation byte. */
    assert_int_equal(BAD("ok \x80"), 3);
    assert_int_equal(BAD("æ\xA6"), 2);
    /* LEN is honoured: a sequence cut by LEN is truncated. */
    size_t bad = 99;
    assert_false(ib_text_valid_utf8("aæ", 2, &bad));
    assert_int_equal(bad, 1);
    assert_true(ib_text_valid_utf8("aæ\xFF", 3, &bad));
}

/* Long ASCII runs are checked 32 and 8 bytes at a time: a NUL, a bad
 * byte or a good sequence at any place in or after such a block is still
 * seen, and the blocks go on after it. */
static void
test_long_runs(void **state)
{
    (void)state;
    char s[101];
    for (size_t k = 0; k + 1 < sizeof s; k++) {
        memset(s, 'a', sizeof s);
        s[k] = '\0';
        assert_int_equal(bad_at(s, sizeof s), (long)k);
        s[k] = (char)0xFF;
        assert_int_equal(bad_at(s, sizeof s), (long)k);
        s[k] = (char)0xC3, s[k + 1] = (char)0xA6; /* æ */
        assert_int_equal(bad_at(s, sizeof s), -1);
        if (k + 2 < sizeof s - 1) { /* and a bad byte at the end */
            s[sizeof s - 1] = (char)0xFF;
            assert_int_equal(bad_at(s, sizeof s), (long)sizeof s - 1);
            s[sizeof s - 1] = 'a';
        }
        s[k + 1] = 'a'; /* cut short */
        assert_int_equal(bad_at(s, sizeof s), (long)k);
    }
}

static void
test_overlong(void **state)
{
    (void)state;
    assert_int_equal(BAD("x\xC0\xAF"), 1); /* '/' in two bytes */
    assert_int_equal(BAD("x\xC1\xBF"), 1);
    assert_int_equal(BAD("xy\xE0\x80\xAF"), 2);
    assert_int_equal(BAD("xy\xE0\x9F\xBF"), 2);   /* U+07FF in three */
    assert_int_equal(BAD("\xF0\x8F\xBF\xBF"), 0); /* U+FFFF in four */
    assert_int_equal(BAD("\xC0\x80"), 0);         /* "modified UTF-8" NUL */
}

static void
test_surrogates_and_range(void **state)
{
    (void)state;
    assert_int_equal(BAD("a\xED\xA0\x80"), 1);      /* U+D800 */
    assert_int_equal(BAD("a\xED\xBF\xBF"), 1);      /* U+DFFF */
    assert_int_equal(BAD("ab\xF4\x90\x80\x80"), 2); /* U+110000 */
    assert_int_equal(BAD("\xF5\x80\x80\x80"), 0);
    assert_int_equal(BAD("\xF8\x88\x80\x80\x80"), 0);
    assert_int_equal(BAD("\xFE"), 0);
    assert_int_equal(BAD("\xFF"), 0);
}

static void
test_nul_byte(void **state)
{
    (void)state;
    assert_int_equal(BAD("abc\0def"), 3);
    assert_int_equal(BAD("\0"), 0);
    assert_int_equal(BAD("ø\0"), 2);
}

static void
test_first_bad_byte_wins(void **state)
{
    (void)state;
    assert_int_equal(BAD("line one\nlinje to: bl\xE5\n\xFF"), 21);
}

static void
test_pos(void **state)
{
    (void)state;
    const char *s = "ab\ncdæf\n\nx";
    unsigned line = 0, col = 0;
    ib_text_pos(s, 0, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 1);
    ib_text_pos(s, 2, &line, &col); /* the newline itself */
    assert_int_equal(line, 1);
    assert_int_equal(col, 3);
    ib_text_pos(s, 3, &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 1);
    ib_text_pos(s, 7, &line, &col); /* 'f' after the 2-byte 'æ' */
    assert_int_equal(line, 2);
    assert_int_equal(col, 5);
    ib_text_pos(s, 9, &line, &col); /* empty line */
    assert_int_equal(line, 3);
    assert_int_equal(col, 1);
    ib_text_pos(s, 10, &line, &col);
    assert_int_equal(line, 4);
    assert_int_equal(col, 1);
    ib_text_pos(s, strlen(s), &line, &col); /* just past the end */
    assert_int_equal(line, 4);
    assert_int_equal(col, 2);
    /* CRLF: the CR is the last byte of its line. */
    ib_text_pos("a\r\nb", 3, &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 1);
}

static void
test_casecmp(void **state)
{
    (void)state;
    assert_int_equal(ib_text_casecmp("POL-001", "pol-001"), 0);
    assert_int_equal(ib_text_casecmp("", ""), 0);
    assert_true(ib_text_casecmp("abc", "ABD") < 0);
    assert_true(ib_text_casecmp("ABD", "abc") > 0);
    assert_true(ib_text_casecmp("ab", "abc") < 0);
    assert_true(ib_text_casecmp("abc", "AB") > 0);
    /* Compared after lowercasing: '_' (0x5F) comes before 'a'. */
    assert_true(ib_text_casecmp("A_", "Aa") < 0);
    /* Only ASCII folds: "Æ" and "æ" differ. */
    assert_true(ib_text_casecmp("Æ", "æ") != 0);
    /* Bytes above 0x7F compare as unsigned, after ASCII. */
    assert_true(ib_text_casecmp("z", "æ") < 0);
}

static void
test_suggest(void **state)
{
    (void)state;
    static const char *const keys[] = {
        "id",
        "title",
        "type",
        "owner",
        "status",
        "approver",
        "approved",
        "classification",
        "last_reviewed",
        "review_interval",
        NULL,
    };
    assert_string_equal(ib_text_suggest("ownr", keys), "owner");
    assert_string_equal(ib_text_suggest("Owner", keys), "owner");
    assert_string_equal(ib_text_suggest("tittle", keys), "title");
    assert_string_equal(ib_text_suggest("clasification", keys),
                        "classification");
    assert_string_equal(ib_text_suggest("last_reveiwed", keys),
                        "last_reviewed");
    assert_string_equal(ib_text_suggest("reviw_intrval", keys),
                        "review_interval");
    assert_string_equal(ib_text_suggest("ld", keys), "id");
    /* The closest wins: "approvd" is 1 from approved, 2 from approver. */
    assert_string_equal(ib_text_suggest("approvd", keys), "approved");
    assert_string_equal(ib_text_suggest("aproved", keys), "approved");

    /* Unrelated words get no suggestion. */
    assert_null(ib_text_suggest("colour", keys));
    assert_null(ib_text_suggest("department", keys));
    assert_null(ib_text_suggest("x", keys));
    assert_null(ib_text_suggest("budget", keys));
    assert_null(ib_text_suggest("ownership", keys));
    assert_null(ib_text_suggest("", keys));
    static const char *const none[] = {NULL};
    assert_null(ib_text_suggest("owner", none));
    /* Very long words are not compared (and do not crash). */
    char longw[200];
    memset(longw, 'a', sizeof longw - 1);
    longw[sizeof longw - 1] = '\0';
    assert_null(ib_text_suggest(longw, keys));
}

static void
test_starts_with(void **state)
{
    (void)state;
    assert_true(ib_text_starts_with("content/policies/a.md", "content/"));
    assert_true(ib_text_starts_with("abc", ""));
    assert_true(ib_text_starts_with("abc", "abc"));
    assert_false(ib_text_starts_with("ab", "abc"));
    assert_false(ib_text_starts_with("Content/", "content/"));
}

/* As "%lld" writes them, the extremes included. */
static void
test_int(void **state)
{
    (void)state;
    static const long long ints[] = {0, 7, -1, 10, -10, 1234567890123LL,
                                     LLONG_MAX, LLONG_MIN};
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        char got[IB_TEXT_INT_MAX], want[32];
        snprintf(want, sizeof want, "%lld", ints[i]);
        assert_int_equal(ib_text_int(got, ints[i]), strlen(want));
        assert_string_equal(got, want);
    }
}

/* As snprintf(out, size, "%s%s", a, b): the same text, cut the same. */
static void
test_join(void **state)
{
    (void)state;
    char out[8];
    ib_text_join(out, sizeof out, "type_", "sop");
    assert_string_equal(out, "type_so");
    ib_text_join(out, sizeof out, "ab", "");
    assert_string_equal(out, "ab");
    ib_text_join(out, sizeof out, "types_policy", "x");
    assert_string_equal(out, "types_p");
    ib_text_join(out, 1, "a", "b");
    assert_string_equal(out, "");
    char big[32];
    ib_text_join(big, sizeof big, "status_", "approved");
    assert_string_equal(big, "status_approved");
}

static void
test_percent_decode(void **state)
{
    (void)state;
    struct ib_buf b;
    ib_buf_init(&b);
    assert_true(ib_text_percent_decode("my%20policy.md", 14, &b));
    assert_string_equal(ib_buf_cstr(&b), "my policy.md");
    ib_buf_reset(&b);
    assert_true(ib_text_percent_decode("%C3%A5r%2f%zz%4", 15, &b));
    assert_string_equal(ib_buf_cstr(&b), "\xc3\xa5r/%zz%4");
    ib_buf_reset(&b);
    assert_false(ib_text_percent_decode("a%00b", 5, &b));
    ib_buf_fini(&b);
    assert_int_equal(ib_text_hex_value('F'), 15);
    assert_int_equal(ib_text_hex_value('a'), 10);
    assert_int_equal(ib_text_hex_value('g'), -1);
}

static void
test_url_path(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"", ""},
        {"policies/access-control.html", "policies/access-control.html"},
        {"a_b.c~d/E9.html", "a_b.c~d/E9.html"},
        {"incident #1.html", "incident%20%231.html"},
        {"faq?.html", "faq%3F.html"},
        {"99%25.html", "99%2525.html"},
        {"iso:27001.html", "iso%3A27001.html"},
        {"\xc3\xa5rshjul.html", "%C3%A5rshjul.html"},
        {"a\tb\x7f+&=;,'()!*@$[]\\", "a%09b%7F%2B%26%3D%3B%2C%27%28%29%21%2A%40"
                                     "%24%5B%5D%5C"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char out[128];
        memset(out, 'x', sizeof out);
        size_t n = ib_text_url_path(NULL, cases[i].in);
        assert_int_equal(n, strlen(cases[i].out));
        assert_int_equal(ib_text_url_path(out, cases[i].in), n);
        assert_memory_equal(out, cases[i].out, n);
        assert_int_equal(out[n], 'x'); /* no NUL written */
    }
}

/* A hash of N bytes is the hash of those bytes as a string. */
static void
test_hash_n(void **state)
{
    (void)state;
    assert_int_equal(ib_text_hash_n("controls/attribute", 8),
                     ib_text_hash("controls"));
    assert_int_equal(ib_text_hash_n("", 0), ib_text_hash(""));
    assert_int_not_equal(ib_text_hash("policies"), ib_text_hash("procedures"));
}

/* Every byte counts, wherever it falls among the eight-byte words and
 * the overlapping reads of the last few, and so does the length: keys that
 * differ anywhere do not land in one slot. */
static void
test_hash_every_byte(void **state)
{
    (void)state;
    char s[41], t[41];
    for (size_t n = 1; n < sizeof s; n++) {
        memset(s, 'a', n);
        s[n] = '\0';
        uint32_t h = ib_text_hash_n(s, n);
        assert_int_not_equal(h, ib_text_hash_n(s, n - 1));
        for (size_t i = 0; i < n; i++) {
            memcpy(t, s, n + 1);
            t[i] = 'b';
            assert_int_not_equal(h, ib_text_hash_n(t, n));
        }
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_utf8),
        cmocka_unit_test(test_hash_n),
        cmocka_unit_test(test_hash_every_byte),
        cmocka_unit_test(test_long_runs),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_overlong),
        cmocka_unit_test(test_surrogates_and_range),
        cmocka_unit_test(test_nul_byte),
        cmocka_unit_test(test_first_bad_byte_wins),
        cmocka_unit_test(test_pos),
        cmocka_unit_test(test_casecmp),
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_starts_with),
        cmocka_unit_test(test_int),
        cmocka_unit_test(test_join),
        cmocka_unit_test(test_percent_decode),
        cmocka_unit_test(test_url_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
