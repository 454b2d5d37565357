/* SPDX-License-Identifier: MIT */
/* Unit tests for ics.c: folding at 75 octets, UTF-8 at the fold, TEXT
 * escaping, and the calendar and event properties. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ics.h"

/* Returns LINE folded by ib_ics_put_line; free with free(). */
static char *
fold(const char *line)
{
    struct ib_buf b;
    ib_buf_init(&b);
    ib_ics_put_line(&b, line, strlen(line));
    return ib_buf_take(&b);
}

static char *
text(const char *s)
{
    struct ib_buf b;
    ib_buf_init(&b);
    ib_ics_put_text(&b, s);
    ib_buf_cstr(&b);
    return ib_buf_take(&b);
}

static char *
repeat(const char *unit, size_t n)
{
    size_t u = strlen(unit);
    char *s = malloc(u * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * u, unit, u);
    s[u * n] = '\0';
    return s;
}

static char *
concat(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 1);
    memcpy(s, a, la);
    memcpy(s + la, b, lb + 1);
    return s;
}

static bool
is_continuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/*
 * Checks what a strict parser needs of folded OUT: every physical line
 * ends in CRLF, holds at most 75 octets, starts with no UTF-8
 * continuation byte (after the fold's space), and unfolding gives WANT.
 * Returns the number of physical lines.
 */
static size_t
check_folded(const char *out, const char *want)
{
    size_t lines = 0, n = strlen(out);
    assert_true(n >= 2);
    assert_memory_equal(out + n - 2, "\r\n", 2);
    char *unfolded = malloc(n + 1);
    size_t u = 0;
    const char *p = out;
    while (*p) {
        const char *eol = strstr(p, "\r\n");
        assert_non_null(eol);
        size_t len = (size_t)(eol - p);
        assert_true(len <= 75);
        assert_null(memchr(p, '\n', len));
        assert_null(memchr(p, '\r', len));
        const char *content = p;
        if (lines > 0) {
            assert_int_equal(p[0], ' ');
            content++, len--;
            assert_true(len > 0);
        }
        assert_false(is_continuation((unsigned char)content[0]));
        memcpy(unfolded + u, content, len);
        u += len;
        lines++;
        p = eol + 2;
    }
    unfolded[u] = '\0';
    assert_string_equal(unfolded, want);
    free(unfolded);
    return lines;
}

static void
test_short_line(void **state)
{
    (void)state;
    char *out = fold("VERSION:2.0");
    assert_string_equal(out, "VERSION:2.0\r\n");
    free(out);
}

static void
test_fold_at_exactly_75(void **state)
{
    (void)state;
    char *s75 = repeat("a", 75), *s76 = repeat("a", 76);
    char *out = fold(s75);
    assert_int_equal(check_folded(out, s75), 1);
    assert_int_equal(strlen(out), 77);
    free(out);

    out = fold(s76);
    assert_int_equal(check_folded(out, s76), 2);
    /* 75 octets, then the fold's space and the 76th. */
    assert_memory_equal(out + 75, "\r\n a\r\n", 6);
    free(out);
    free(s75);
    free(s76);
}

static void
test_continuation_lines_count_the_space(void **state)
{
    (void)state;
    /* 75 + 74 + 74 octets of content make exactly three full lines. */
    char *s = repeat("x", 75 + 74 + 74);
    char *out = fold(s);
    assert_int_equal(check_folded(out, s), 3);
    assert_int_equal(strlen(out), 75 + 2 + 75 + 2 + 75 + 2);
    free(out);
    free(s);
    s = repeat("x", 75 + 74 + 75);
    out = fold(s);
    assert_int_equal(check_folded(out, s), 4);
    free(out);
    free(s);
}

static void
test_multibyte_at_the_fold(void **state)
{
    (void)state;
    /* "ø" is two octets: at 74 + 2 it moves to the next line whole. */
    char *pad = repeat("a", 74);
    char *s = concat(pad, "\xc3\xb8");
    char *out = fold(s);
    assert_int_equal(check_folded(out, s), 2);
    assert_memory_equal(out, pad, 74);
    assert_memory_equal(out + 74, "\r\n \xc3\xb8\r\n", 7);
    free(out);
    free(s);
    free(pad);

    /* At 73 + 2 it still fits: exactly 75 octets, no fold. */
    pad = repeat("a", 73);
    s = concat(pad, "\xc3\xb8");
    out = fold(s);
    assert_int_equal(check_folded(out, s), 1);
    free(out);
    free(s);
    free(pad);

    /* Three- and four-octet characters at every offset across a fold. */
    const char *chars[] = {"\xe2\x82\xac", "\xf0\x9f\x94\x92", "\xc3\x85"};
    for (size_t c = 0; c < 3; c++) {
        for (size_t k = 70; k < 76; k++) {
            pad = repeat("b", k);
            char *tail = repeat(chars[c], 40);
            s = concat(pad, tail);
            out = fold(s);
            check_folded(out, s);
            free(out);
            free(s);
            free(tail);
            free(pad);
        }
    }

    /* Only Nordic letters: no line ends inside one. */
    s = repeat("\xc3\xa6\xc3\xb8\xc3\xa5", 60);
    out = fold(s);
    assert_true(check_folded(out, s) >= 5);
    free(out);
    free(s);
}

/* Broken UTF-8, a long run of continuation bytes: still folded at 75
 * octets, and every byte kept. */
static void
test_broken_utf8_folds(void **state)
{
    (void)state;
    char *s = repeat("\x80", 200);
    char *out = fold(s);
    assert_int_equal(strlen(out), 200 + 2 * 3 + 2);
    assert_memory_equal(out + 75, "\r\n ", 3);
    assert_memory_equal(out + 75 + 3 + 74, "\r\n ", 3);
    assert_memory_equal(out + strlen(out) - 2, "\r\n", 2);
    free(out);
    free(s);
}

static void
test_escaping(void **state)
{
    (void)state;
    char *out = text("a\\b;c,d\ne\r\nf\rg\th\x01i\x7fj:\"k");
    assert_string_equal(out, "a\\\\b\\;c\\,d\\ne\\nf\\ng\th"
                             "ij:\"k");
    free(out);
    out = text("");
    assert_string_equal(out, "");
    free(out);
    out = text("Line S\xc3\xb8rensen");
    assert_string_equal(out, "Line S\xc3\xb8rensen");
    free(out);
}

static void
test_calendar(void **state)
{
    (void)state;
    struct ib_ics *ics =
        ib_ics_new("-//ismsbook//ismsbook 0.1.0//EN", "Reviews, all",
                   (struct ib_date){2026, 12, 1});
    struct ib_ics_event ev = {
        "POL-003-20261231@intranet.example.org",
        {2026, 12, 31},
        "Review due: POL-003 Access Control Policy",
        "Owner: Line S\xc3\xb8rensen\nPage: https://intranet.example.org/"
        "policies/access-control.html",
        "https://intranet.example.org/policies/access-control.html",
    };
    ib_ics_add(ics, &ev);
    struct ib_ics_event leap = {"GL-001-20280228@ismsbook",
                                {2028, 2, 28},
                                "Review due: GL-001 Passwords; MFA, and more",
                                NULL,
                                ""};
    ib_ics_add(ics, &leap);
    assert_int_equal(ib_ics_count(ics), 2);
    size_t len;
    const char *cal = ib_ics_finish(ics, &len);
    assert_int_equal(strlen(cal), len);

    const char *want =
        "BEGIN:VCALENDAR\r\n"
        "VERSION:2.0\r\n"
        "PRODID:-//ismsbook//ismsbook 0.1.0//EN\r\n"
        "CALSCALE:GREGORIAN\r\n"
        "METHOD:PUBLISH\r\n"
        "X-WR-CALNAME:Reviews\\, all\r\n"
        "BEGIN:VEVENT\r\n"
        "UID:POL-003-20261231@intranet.example.org\r\n"
        "DTSTAMP:20261201T000000Z\r\n"
        "DTSTART;VALUE=DATE:20261231\r\n"
        "DTEND;VALUE=DATE:20270101\r\n"
        "SUMMARY:Review due: POL-003 Access Control Policy\r\n"
        "DESCRIPTION:Owner: Line S\xc3\xb8rensen\\nPage: https://intranet.exam"
        "ple.org/polic\r\n" /* 75 octets */
        " ies/access-control.html\r\n"
        "URL:https://intranet.example.org/policies/access-control.html\r\n"
        "TRANSP:TRANSPARENT\r\n"
        "END:VEVENT\r\n"
        "BEGIN:VEVENT\r\n"
        "UID:GL-001-20280228@ismsbook\r\n"
        "DTSTAMP:20261201T000000Z\r\n"
        "DTSTART;VALUE=DATE:20280228\r\n"
        "DTEND;VALUE=DATE:20280229\r\n"
        "SUMMARY:Review due: GL-001 Passwords\\; MFA\\, and more\r\n"
        "TRANSP:TRANSPARENT\r\n"
        "END:VEVENT\r\n"
        "END:VCALENDAR\r\n";
    assert_string_equal(cal, want);
    /* Finishing twice does not end the calendar twice. */
    assert_string_equal(ib_ics_finish(ics, &len), want);
    ib_ics_free(ics);
    ib_ics_free(NULL);
}

/* A calendar of some of another's events has them byte for byte, in the
 * order copied, and counts them. */
static void
test_copy_event(void **state)
{
    (void)state;
    struct ib_date stamp = {2026, 12, 1};
    struct ib_ics *all = ib_ics_new("-//t//EN", "All", stamp);
    struct ib_ics *one = ib_ics_new("-//t//EN", "One", stamp);
    struct ib_ics *want = ib_ics_new("-//t//EN", "One", stamp);
    struct ib_ics_event ev[3] = {
        {"A-20261231@x", {2026, 12, 31}, "Review due: A", "", ""},
        {"B-20270115@x", {2027, 1, 15}, "Review due: B, folded at the "
         "seventy-fifth octet of the line so the copy must keep it", "Two\n"
         "lines", "https://x/b.html"},
        {"C-20270201@x", {2027, 2, 1}, "Review due: C", NULL, NULL},
    };
    for (size_t i = 0; i < 3; i++)
        ib_ics_add(all, &ev[i]);
    ib_ics_copy_event(one, all, 2);
    ib_ics_copy_event(one, all, 1);
    ib_ics_add(want, &ev[2]);
    ib_ics_add(want, &ev[1]);
    size_t len, want_len;
    const char *got = ib_ics_finish(one, &len);
    assert_int_equal(ib_ics_count(one), 2);
    assert_string_equal(got, ib_ics_finish(want, &want_len));
    assert_int_equal(len, want_len);
    /* The source, finished after the copies, is whole too. */
    assert_non_null(strstr(ib_ics_finish(all, &len), "UID:A-20261231@x"));
    assert_int_equal(ib_ics_count(all), 3);
    ib_ics_free(all);
    ib_ics_free(one);
    ib_ics_free(want);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_short_line),
        cmocka_unit_test(test_fold_at_exactly_75),
        cmocka_unit_test(test_continuation_lines_count_the_space),
        cmocka_unit_test(test_multibyte_at_the_fold),
        cmocka_unit_test(test_broken_utf8_folds),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_calendar),
        cmocka_unit_test(test_copy_event),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
