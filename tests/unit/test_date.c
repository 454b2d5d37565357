/* SPDX-License-Identifier: MIT */
/* Unit tests for date.c: parsing, leap years, clamping, intervals. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"

static struct ib_date
D(const char *s) {
    struct ib_date d = {0, 0, 0};
    assert_true(ib_date_parse(s, strlen(s), &d));
    return d;
}

static bool
parses(const char *s)
{
    struct ib_date d;
    return ib_date_parse(s, strlen(s), &d);
}

static void
assert_date(struct ib_date d, const char *want)
{
    char buf[11];
    ib_date_format(d, buf);
    assert_string_equal(buf, want);
}

static void
test_parse_valid(void **state)
{
    (void)state;
    struct ib_date d = D("2026-03-01");
    assert_int_equal(d.y, 2026);
    assert_int_equal(d.m, 3);
    assert_int_equal(d.d, 1);
    assert_true(parses("1000-01-01"));
    assert_true(parses("9999-12-31"));
    assert_true(parses("2026-12-31"));
    assert_true(parses("2026-04-30"));
}

static void
test_parse_invalid(void **state)
{
    (void)state;
    const char *bad[] = {
        "2026-02-30",  "2025-02-29",  "2026-13-01",  "2026-00-10", "2026-01-00",
        "2026-04-31",  "2026-1-5",    "2026-01-5",   "26-01-05",   "2026/01/05",
        "2026-01-05x", "2026-01-05 ", " 2026-01-05", "",           "0999-12-31",
        "2026-0a-01",  "2026--1-01",  "+026-01-01",  "2026-01-32", "20260105",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct ib_date d = {7, 7, 7};
        if (ib_date_parse(bad[i], strlen(bad[i]), &d))
            fail_msg("accepted '%s'", bad[i]);
        /* A refused date must not half-fill the output. */
        assert_int_equal(d.y, 7);
    }
}

static void
test_parse_uses_len(void **state)
{
    (void)state;
    struct ib_date d;
    /* Only the first LEN bytes count: no NUL needed, trailing junk ignored
     * by the caller's choice of LEN, and a short LEN is refused. */
    assert_true(ib_date_parse("2026-03-01T10:00", 10, &d));
    assert_date(d, "2026-03-01");
    assert_false(ib_date_parse("2026-03-01", 9, &d));
    assert_false(ib_date_parse("2026-03-01\0", 11, &d));
}

static void
test_leap_years(void **state)
{
    (void)state;
    assert_false(parses("1900-02-29"));
    assert_true(parses("2000-02-29"));
    assert_true(parses("2024-02-29"));
    assert_false(parses("2100-02-29"));
    assert_false(parses("2023-02-29"));
    /* 2024 has 366 days, 2023 and 1900 have 365, 2000 has 366. */
    assert_int_equal(ib_date_diff(D("2025-01-01"), D("2024-01-01")), 366);
    assert_int_equal(ib_date_diff(D("2024-01-01"), D("2023-01-01")), 365);
    assert_int_equal(ib_date_diff(D("1901-01-01"), D("1900-01-01")), 365);
    assert_int_equal(ib_date_diff(D("2001-01-01"), D("2000-01-01")), 366);
}

static void
test_days_known_values(void **state)
{
    (void)state;
    assert_int_equal(ib_date_to_days(D("1970-01-01")), 0);
    assert_int_equal(ib_date_to_days(D("1970-01-02")), 1);
    assert_int_equal(ib_date_to_days(D("1969-12-31")), -1);
    assert_int_equal(ib_date_to_days(D("2000-03-01")), 11017);
    assert_int_equal(ib_date_to_days(D("2026-03-01")), 20513);
    assert_int_equal(ib_date_to_days(D("1000-01-01")), -354285);
    assert_date(ib_date_from_days(0), "1970-01-01");
    assert_date(ib_date_from_days(11016), "2000-02-29");
    assert_date(ib_date_from_days(2932896), "9999-12-31");
}

static void
test_round_trip(void **state)
{
    (void)state;
    long lo = ib_date_to_days(D("1000-01-01"));
    long hi = ib_date_to_days(D("9999-12-31"));
    struct ib_date prev = ib_date_from_days(lo - 1);
    for (long n = lo; n <= hi; n++) {
        struct ib_date d = ib_date_from_days(n);
        if (ib_date_to_days(d) != n)
            fail_msg("day %ld does not round-trip", n);
        /* Consecutive days are consecutive valid dates, in order. */
        if (ib_date_cmp(prev, d) >= 0)
            fail_msg("day %ld is not after day %ld", n, n - 1);
        char buf[11];
        ib_date_format(d, buf);
        struct ib_date back;
        if (!ib_date_parse(buf, 10, &back) || ib_date_cmp(back, d) != 0)
            fail_msg("'%s' does not parse back", buf);
        prev = d;
    }
    assert_date(prev, "9999-12-31");
}

static void
test_cmp_and_diff(void **state)
{
    (void)state;
    assert_true(ib_date_cmp(D("2026-03-01"), D("2026-03-02")) < 0);
    assert_true(ib_date_cmp(D("2026-03-01"), D("2025-12-31")) > 0);
    assert_true(ib_date_cmp(D("2026-03-01"), D("2026-03-01")) == 0);
    assert_true(ib_date_cmp(D("2026-02-28"), D("2026-03-01")) < 0);
    assert_int_equal(ib_date_diff(D("2026-03-01"), D("2026-02-28")), 1);
    assert_int_equal(ib_date_diff(D("2026-02-28"), D("2026-03-01")), -1);
    assert_int_equal(ib_date_diff(D("2026-11-22"), D("2026-03-01")), 266);
}

static void
test_diff_across_dst(void **state)
{
    (void)state;
    /* Days with 23 and 25 hours in Europe and the US still count as one. */
    const char *zones[] = {"Europe/Copenhagen", "America/New_York",
                           "Australia/Lord_Howe", "UTC"};
    const char *tz = getenv("TZ");
    char *old = tz ? strdup(tz) : NULL;
    for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
        setenv("TZ", zones[i], 1);
        tzset();
        assert_int_equal(ib_date_diff(D("2026-03-29"), D("2026-03-28")), 1);
        assert_int_equal(ib_date_diff(D("2026-10-25"), D("2026-10-24")), 1);
        assert_int_equal(ib_date_diff(D("2026-03-08"), D("2026-03-07")), 1);
        assert_int_equal(ib_date_diff(D("2026-11-01"), D("2026-10-31")), 1);
        struct ib_interval day = {1, IB_UNIT_DAYS};
        assert_date(ib_date_add(D("2026-03-28"), day), "2026-03-29");
        assert_date(ib_date_add(D("2026-03-29"), day), "2026-03-30");
    }
    if (old)
        setenv("TZ", old, 1);
    else
        unsetenv("TZ");
    tzset();
    free(old);
}

static void
test_add_clamps(void **state)
{
    (void)state;
    struct ib_interval m1 = {1, IB_UNIT_MONTHS}, m12 = {12, IB_UNIT_MONTHS};
    struct ib_interval y1 = {1, IB_UNIT_YEARS}, y4 = {4, IB_UNIT_YEARS};
    assert_date(ib_date_add(D("2024-02-29"), m12), "2025-02-28");
    assert_date(ib_date_add(D("2026-01-31"), m1), "2026-02-28");
    assert_date(ib_date_add(D("2024-01-31"), m1), "2024-02-29");
    assert_date(ib_date_add(D("2024-02-29"), y1), "2025-02-28");
    assert_date(ib_date_add(D("2024-02-29"), y4), "2028-02-29");
    assert_date(ib_date_add(D("2026-03-31"), m1), "2026-04-30");
    assert_date(ib_date_add(D("2026-12-15"), m1), "2027-01-15");
    assert_date(ib_date_add(D("2026-03-01"), m12), "2027-03-01");
    struct ib_interval m_1 = {-1, IB_UNIT_MONTHS}, m_13 = {-13, IB_UNIT_MONTHS};
    assert_date(ib_date_add(D("2026-03-31"), m_1), "2026-02-28");
    assert_date(ib_date_add(D("2026-01-15"), m_13), "2024-12-15");
    struct ib_interval m1200 = {1200, IB_UNIT_MONTHS};
    assert_date(ib_date_add(D("2024-02-29"), m1200), "2124-02-29");
}

static void
test_add_days_weeks(void **state)
{
    (void)state;
    struct ib_interval d30 = {30, IB_UNIT_DAYS}, w2 = {2, IB_UNIT_WEEKS};
    struct ib_interval d_1 = {-1, IB_UNIT_DAYS};
    assert_date(ib_date_add(D("2026-02-10"), d30), "2026-03-12");
    assert_date(ib_date_add(D("2024-02-10"), d30), "2024-03-11");
    assert_date(ib_date_add(D("2026-12-25"), w2), "2027-01-08");
    assert_date(ib_date_add(D("2026-03-01"), d_1), "2026-02-28");
}

static void
assert_interval(const char *s, int n, enum ib_unit unit)
{
    struct ib_interval iv = {0, IB_UNIT_DAYS};
    bool too_long = true;
    if (!ib_interval_parse(s, strlen(s), &iv, &too_long))
        fail_msg("refused '%s'", s);
    assert_false(too_long);
    assert_int_equal(iv.n, n);
    assert_int_equal(iv.unit, unit);
}

static void
test_interval_parse(void **state)
{
    (void)state;
    assert_interval("12 months", 12, IB_UNIT_MONTHS);
    assert_interval("1 month", 1, IB_UNIT_MONTHS);
    assert_interval("12months", 12, IB_UNIT_MONTHS);
    assert_interval("12", 12, IB_UNIT_MONTHS);
    assert_interval("1200", 1200, IB_UNIT_MONTHS);
    assert_interval("30 days", 30, IB_UNIT_DAYS);
    assert_interval("1 DAY", 1, IB_UNIT_DAYS);
    assert_interval("2 Weeks", 2, IB_UNIT_WEEKS);
    assert_interval("1 year", 1, IB_UNIT_YEARS);
    assert_interval("3 YEARS", 3, IB_UNIT_YEARS);
    assert_interval("2yearS", 2, IB_UNIT_YEARS);
}

static void
test_interval_parse_invalid(void **state)
{
    (void)state;
    const char *bad[] = {
        "",
        "0",
        "0 months",
        "-1 months",
        "-12",
        "12  months",
        " 12 months",
        "12 months ",
        "12 month s",
        "12 monthss",
        "12 mon",
        "months",
        "12 fortnights",
        "12\tmonths",
        "+12",
        "1.5 years",
        "12 months ago",
        "twelve months",
        "12 Månader",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct ib_interval iv = {77, IB_UNIT_WEEKS};
        bool too_long = true;
        if (ib_interval_parse(bad[i], strlen(bad[i]), &iv, &too_long))
            fail_msg("accepted '%s'", bad[i]);
        if (too_long)
            fail_msg("'%s' called too long, not malformed", bad[i]);
        assert_int_equal(iv.n, 77);
    }
    /* LEN bounds the input: "12 monthsXYZ" cut at 9 bytes is fine. */
    struct ib_interval iv;
    assert_true(ib_interval_parse("12 monthsXYZ", 9, &iv, NULL));
    assert_false(ib_interval_parse("12 monthsXYZ", 10, &iv, NULL));
}

/* The limit is on the interval's length, 100 years, whatever the unit;
 * longer ones are told apart from malformed ones. */
static void
test_interval_length(void **state)
{
    (void)state;
    assert_interval("1201 days", 1201, IB_UNIT_DAYS);
    assert_interval("1500 days", 1500, IB_UNIT_DAYS);
    assert_interval("36525 days", 36525, IB_UNIT_DAYS);
    assert_interval("5217 weeks", 5217, IB_UNIT_WEEKS);
    assert_interval("1200 months", 1200, IB_UNIT_MONTHS);
    assert_interval("100 years", 100, IB_UNIT_YEARS);
    const char *long_ones[] = {
        "36526 days",
        "5218 weeks",
        "1201",
        "1201 months",
        "101 years",
        "1000 years",
        "99999999999999999999 days",
        "99999999999999999999999999999999999999 years",
        "00000000000000000000000000000000000000101 years",
    };
    for (size_t i = 0; i < sizeof(long_ones) / sizeof(long_ones[0]); i++) {
        const char *s = long_ones[i];
        struct ib_interval iv = {77, IB_UNIT_WEEKS};
        bool too_long = false;
        if (ib_interval_parse(s, strlen(s), &iv, &too_long))
            fail_msg("accepted '%s'", s);
        if (!too_long)
            fail_msg("'%s' not called too long", s);
        assert_int_equal(iv.n, 77);
    }
    /* A long number in a wrong form is malformed, not too long. */
    struct ib_interval iv;
    bool too_long = true;
    assert_false(ib_interval_parse("5000 fortnights", 15, &iv, &too_long));
    assert_false(too_long);
    assert_false(ib_interval_parse("5000 years ago", 14, &iv, &too_long));
    assert_false(too_long);
}

static void
test_interval_format(void **state)
{
    (void)state;
    char buf[32];
    ib_interval_format((struct ib_interval){12, IB_UNIT_MONTHS}, buf);
    assert_string_equal(buf, "12 months");
    ib_interval_format((struct ib_interval){1, IB_UNIT_YEARS}, buf);
    assert_string_equal(buf, "1 year");
    ib_interval_format((struct ib_interval){1, IB_UNIT_MONTHS}, buf);
    assert_string_equal(buf, "1 month");
    ib_interval_format((struct ib_interval){2, IB_UNIT_WEEKS}, buf);
    assert_string_equal(buf, "2 weeks");
    ib_interval_format((struct ib_interval){90, IB_UNIT_DAYS}, buf);
    assert_string_equal(buf, "90 days");
    /* Formatting then parsing gives back the same interval. */
    struct ib_interval iv;
    ib_interval_format((struct ib_interval){3, IB_UNIT_YEARS}, buf);
    assert_true(ib_interval_parse(buf, strlen(buf), &iv, NULL));
    assert_int_equal(iv.n, 3);
    assert_int_equal(iv.unit, IB_UNIT_YEARS);
}

static void
test_format(void **state)
{
    (void)state;
    assert_date((struct ib_date){2026, 3, 1}, "2026-03-01");
    assert_date((struct ib_date){1000, 12, 31}, "1000-12-31");
    assert_date((struct ib_date){999, 1, 2}, "0999-01-02");
    /* A year that does not fit is marked, never written past OUT. */
    char buf[12];
    memset(buf, 'Z', sizeof(buf));
    ib_date_format((struct ib_date){123456, 1, 2}, buf);
    assert_string_equal(buf, "?\?\?\?-01-02");
    assert_int_equal(buf[11], 'Z');
}

static void
test_today(void **state)
{
    (void)state;
    unsetenv("SOURCE_DATE_EPOCH");
    struct ib_date today;
    assert_int_equal(ib_date_today(&today), 0);
    char buf[11];
    ib_date_format(today, buf);
    struct ib_date back;
    assert_true(ib_date_parse(buf, 10, &back));
    /* Local date is within a day of the UTC day count. */
    long utc = (long)(time(NULL) / 86400);
    long got = ib_date_to_days(today);
    assert_true(got >= utc - 1 && got <= utc + 1);
}

/* SOURCE_DATE_EPOCH gives the UTC date, whatever TZ says; a malformed one
 * fails rather than fall back to the clock; an empty one is unset. */
static void
test_today_source_date_epoch(void **state)
{
    (void)state;
    struct {
        const char *sde;
        int ret;
        const char *date;
    } cases[] = {
        {"0", 0, "1970-01-01"},
        {"1796126400", 0, "2026-12-01"}, /* 12:00 UTC */
        {"1796169599", 0, "2026-12-01"}, /* 23:59:59 UTC */
        {"1796169600", 0, "2026-12-02"},
        {"253402300799", 0, "9999-12-31"},
        {"253402300800", -1, NULL},
        {"9999999999999", -1, NULL},
        {"-1", -1, NULL},
        {"1796126400 ", -1, NULL},
        {"1.5", -1, NULL},
        {"tomorrow", -1, NULL},
    };
    setenv("TZ", "Pacific/Kiritimati", 1);
    tzset();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        setenv("SOURCE_DATE_EPOCH", cases[i].sde, 1);
        struct ib_date d = {0, 0, 0};
        int ret = ib_date_today(&d);
        if (ret != cases[i].ret)
            fail_msg("SOURCE_DATE_EPOCH=%s: returned %d", cases[i].sde, ret);
        if (cases[i].date) {
            char buf[11];
            ib_date_format(d, buf);
            assert_string_equal(buf, cases[i].date);
        }
    }
    setenv("SOURCE_DATE_EPOCH", "", 1);
    struct ib_date d;
    assert_int_equal(ib_date_today(&d), 0);
    unsetenv("SOURCE_DATE_EPOCH");
    unsetenv("TZ");
    tzset();
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_valid),
        cmocka_unit_test(test_parse_invalid),
        cmocka_unit_test(test_parse_uses_len),
        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_days_known_values),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_cmp_and_diff),
        cmocka_unit_test(test_diff_across_dst),
        cmocka_unit_test(test_add_clamps),
        cmocka_unit_test(test_add_days_weeks),
        cmocka_unit_test(test_interval_parse),
        cmocka_unit_test(test_interval_parse_invalid),
        cmocka_unit_test(test_interval_length),
        cmocka_unit_test(test_interval_format),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_today),
        cmocka_unit_test(test_today_source_date_epoch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
