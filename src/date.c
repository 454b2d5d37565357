/* SPDX-License-Identifier: MIT */
/* Civil dates: parsing, day arithmetic, month-end clamping, intervals. */
/*
 * Dates are plain year/month/day values and all arithmetic goes through a
 * day count since 1970-01-01 (Howard Hinnant's days_from_civil and
 * civil_from_days, proleptic Gregorian). Nothing here calls mktime, timegm
 * or strptime: they normalise impossible dates such as 2026-02-30 instead of
 * refusing them, and a local-time mktime can move a date across a DST change.
 * Only ib_date_today looks at the clock, the time zone and the
 * environment (SOURCE_DATE_EPOCH).
 */
#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool
is_leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(long y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Reads N ASCII digits at S; returns -1 if any byte is not a digit. */
static int
digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

bool
ib_date_parse(const char *s, size_t len, struct ib_date *out)
{
    if (len != 10 || s[4] != '-' || s[7] != '-')
        return false;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return false;
    *out = (struct ib_date){y, m, d};
    return true;
}

long
ib_date_to_days(struct ib_date d)
{
    /* Count years from March so the leap day is the last day of a year. */
    long y = (long)d.y - (d.m <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (d.m > 2 ? d.m - 3 : d.m + 9) + 2) / 5 + d.d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct ib_date
ib_date_from_days(long days)
{
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    return (struct ib_date){(int)(yoe + era * 400 + (m <= 2)), m, d};
}

long
ib_date_diff(struct ib_date a, struct ib_date b)
{
    return ib_date_to_days(a) - ib_date_to_days(b);
}

int
ib_date_cmp(struct ib_date a, struct ib_date b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    if (a.d != b.d)
        return a.d < b.d ? -1 : 1;
    return 0;
}

static struct ib_date
add_months(struct ib_date d, long n)
{
    long total = (long)d.y * 12 + (d.m - 1) + n;
    long y = total >= 0 ? total / 12 : -((-total + 11) / 12);
    int m = (int)(total - y * 12) + 1;
    int dim = days_in_month(y, m);
    return (struct ib_date){(int)y, m, d.d > dim ? dim : d.d};
}

struct ib_date
ib_date_add(struct ib_date d, struct ib_interval iv)
{
    switch (iv.unit) {
    case IB_UNIT_DAYS:
        return ib_date_from_days(ib_date_to_days(d) + iv.n);
    case IB_UNIT_WEEKS:
        return ib_date_from_days(ib_date_to_days(d) + 7L * iv.n);
    case IB_UNIT_MONTHS:
        return add_months(d, iv.n);
    case IB_UNIT_YEARS:
        return add_months(d, 12L * iv.n);
    }
    return d;
}

static const struct {
    const char *name; /* singular; the plural adds "s" */
    enum ib_unit unit;
} units[] = {
    {"day", IB_UNIT_DAYS},
    {"week", IB_UNIT_WEEKS},
    {"month", IB_UNIT_MONTHS},
    {"year", IB_UNIT_YEARS},
};

static bool
unit_match(const char *s, size_t len, const char *name)
{
    size_t n = strlen(name);
    if (len != n && !(len == n + 1 && (s[n] == 's' || s[n] == 'S')))
        return false;
    for (size_t i = 0; i < n; i++)
        if ((s[i] | 0x20) != name[i])
            return false;
    return true;
}

/* N units in days, a month and a year at their average length (a year is
 * 365.25 days), rounded down. N is at most IB_INTERVAL_MAX_DAYS + 1, so
 * the product fits in a 32-bit long. */
static long
approx_days(long n, enum ib_unit unit)
{
    switch (unit) {
    case IB_UNIT_DAYS:
        return n;
    case IB_UNIT_WEEKS:
        return 7 * n;
    case IB_UNIT_MONTHS:
        return n * 36525 / 1200;
    case IB_UNIT_YEARS:
        return n * 36525 / 100;
    }
    return n;
}

bool
ib_interval_parse(const char *s, size_t len, struct ib_interval *out,
                  bool *too_long)
{
    if (too_long)
        *too_long = false;
    size_t i = 0;
    long n = 0;
    /* Every unit is a day or more, so a larger N is too long whatever
     * follows; it saturates there, and the rest is still read for form. */
    while (i < len && s[i] >= '0' && s[i] <= '9') {
        n = n * 10 + (s[i] - '0');
        if (n > IB_INTERVAL_MAX_DAYS)
            n = IB_INTERVAL_MAX_DAYS + 1;
        i++;
    }
    if (i == 0 || n < 1)
        return false;
    enum ib_unit unit = IB_UNIT_MONTHS;
    if (i < len) {
        if (s[i] == ' ')
            i++;
        size_t k = 0;
        while (k < sizeof(units) / sizeof(units[0]) &&
               !unit_match(s + i, len - i, units[k].name))
            k++;
        if (k == sizeof(units) / sizeof(units[0]))
            return false;
        unit = units[k].unit;
    }
    if (approx_days(n, unit) > IB_INTERVAL_MAX_DAYS) {
        if (too_long)
            *too_long = true;
        return false;
    }
    *out = (struct ib_interval){(int)n, unit};
    return true;
}

void
ib_interval_format(struct ib_interval iv, char out[32])
{
    const char *name = "month";
    for (size_t k = 0; k < sizeof(units) / sizeof(units[0]); k++)
        if (units[k].unit == iv.unit)
            name = units[k].name;
    snprintf(out, 32, "%d %s%s", iv.n, name,
             iv.n == 1 || iv.n == -1 ? "" : "s");
}

static void
put_digits(char *p, int v, int n)
{
    while (n-- > 0) {
        p[n] = (char)('0' + v % 10);
        v /= 10;
    }
}

void
ib_date_format(struct ib_date d, char out[11])
{
    /* Written by hand so no year, however wild, can overflow OUT. */
    if (d.y >= 0 && d.y <= 9999)
        put_digits(out, d.y, 4);
    else
        memcpy(out, "????", 4);
    out[4] = '-';
    put_digits(out + 5, d.m >= 1 && d.m <= 12 ? d.m : 0, 2);
    out[7] = '-';
    put_digits(out + 8, d.d >= 1 && d.d <= 31 ? d.d : 0, 2);
    out[10] = '\0';
}

/*
 * SOURCE_DATE_EPOCH (reproducible-builds.org) makes a build of one commit
 * give the same bytes whatever the clock and the time zone: today is the
 * UTC date of that many seconds since 1970. A value that is not a plain
 * decimal number up to year 9999 is refused, as the convention asks, rather
 * than quietly replaced by the clock.
 */
int
ib_date_today(struct ib_date *out)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        long long secs = 0;
        for (const char *p = sde; *p; p++) {
            if (*p < '0' || *p > '9' || p - sde >= 12)
                return -1;
            secs = secs * 10 + (*p - '0');
        }
        if (secs >= 253402300800LL) /* 10000-01-01 */
            return -1;
        *out = ib_date_from_days((long)(secs / 86400));
        return 0;
    }
    time_t now = time(NULL);
    struct tm tm;
    if (now == (time_t)-1 || !localtime_r(&now, &tm))
        return -1;
    *out = (struct ib_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    return 0;
}
