/* SPDX-License-Identifier: MIT */
/* Civil (proleptic Gregorian) dates and review intervals, without time zones.
 */
#ifndef IB_DATE_H
#define IB_DATE_H

#include <stdbool.h>
#include <stddef.h>

/* A calendar date: year, month 1..12, day 1..31. An open value type. */
struct ib_date {
    int y, m, d;
};

enum ib_unit {
    IB_UNIT_DAYS,
    IB_UNIT_WEEKS,
    IB_UNIT_MONTHS,
    IB_UNIT_YEARS,
};

/* A review interval such as "12 months": N units. */
struct ib_interval {
    int n;
    enum ib_unit unit;
};

/*
 * Parses exactly "YYYY-MM-DD" (S, LEN bytes, need not be NUL-terminated)
 * into OUT. Returns false, leaving OUT alone, unless it is a real calendar
 * date with a year in 1000..9999: 2026-02-30, 2026-1-5 and trailing bytes
 * are all refused.
 */
bool ib_date_parse(const char *s, size_t len, struct ib_date *out);

/* Returns the number of days from 1970-01-01 to D (negative before it). */
long ib_date_to_days(struct ib_date d);
/* Returns the date DAYS days after 1970-01-01; inverse of ib_date_to_days. */
struct ib_date ib_date_from_days(long days);

/* Returns A - B in days; never affected by the time zone or DST. */
long ib_date_diff(struct ib_date a, struct ib_date b);
/* Returns <0, 0 or >0 as A is before, equal to or after B. */
int ib_date_cmp(struct ib_date a, struct ib_date b);

/*
 * Returns D moved by IV (IV.n may be negative). Months and years keep the
 * day of the month but clamp it to the month's last day, so 2026-01-31 + 1
 * month = 2026-02-28 and 2024-02-29 + 1 year = 2025-02-28.
 */
struct ib_date ib_date_add(struct ib_date d, struct ib_interval iv);

/* The longest interval ib_interval_parse accepts: 100 years, which is
 * 1200 months, 5217 weeks or 36525 days. */
#define IB_INTERVAL_MAX_YEARS 100
#define IB_INTERVAL_MAX_DAYS 36525

/*
 * Parses "N unit" (S, LEN bytes) where unit is day(s), week(s), month(s) or
 * year(s) in any case, separated from N by one space or none ("12months").
 * A bare number means months. N must be 1 or more, and the interval at most
 * IB_INTERVAL_MAX_YEARS long. Returns false for anything else (0,
 * negatives, other spacing, trailing bytes), leaving OUT alone; then
 * *TOO_LONG, unless TOO_LONG is NULL, says whether the form was right and
 * only the length over the limit.
 */
bool ib_interval_parse(const char *s, size_t len, struct ib_interval *out,
                       bool *too_long);

/* Writes IV as "12 months" or "1 year" (NUL-terminated) into OUT. */
void ib_interval_format(struct ib_interval iv, char out[32]);

/*
 * Writes D as "YYYY-MM-DD" (NUL-terminated) into OUT. D must have a year in
 * 0..9999, as every parsed date and any sane interval from one does; other
 * years are written as "????-MM-DD" rather than overflow OUT.
 */
void ib_date_format(struct ib_date d, char out[11]);

/* Stores today's date in OUT: the UTC date of SOURCE_DATE_EPOCH when that is
 * set and not empty, else the local calendar date. Returns 0, or -1 if
 * SOURCE_DATE_EPOCH is not a whole number of seconds from 1970 to 9999, or
 * the clock or the time zone conversion fails. */
int ib_date_today(struct ib_date *out);

#endif
