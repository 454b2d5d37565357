/* SPDX-License-Identifier: MIT */
/* iCalendar (RFC 5545) output: calendars of all-day events. */
#ifndef IB_ICS_H
#define IB_ICS_H

#include <stddef.h>

#include "date.h"

struct ib_buf;

/*
 * A calendar being written. Opaque; every property it writes is a content
 * line ending in CRLF and folded at 75 octets without splitting a UTF-8
 * sequence, and every TEXT value is escaped.
 */
struct ib_ics;

/* One all-day event: DTSTART;VALUE=DATE = DATE, DTEND the day after. */
struct ib_ics_event {
    const char *uid; /* globally unique and stable across builds */
    struct ib_date date;
    const char *summary;     /* plain text */
    const char *description; /* plain text, may hold newlines; NULL or "" */
    const char *url;         /* an absolute URI; NULL or "" for none */
};

/*
 * Starts a calendar (METHOD:PUBLISH, CALSCALE:GREGORIAN) with PRODID
 * PRODID and the display name NAME (X-WR-CALNAME). Every event gets
 * DTSTAMP STAMP at midnight UTC, so output depends on no clock. Returns
 * the writer; free with ib_ics_free.
 */
struct ib_ics *ib_ics_new(const char *prodid, const char *name,
                          struct ib_date stamp);

/* Appends event EV; its strings are copied. */
void ib_ics_add(struct ib_ics *ics, const struct ib_ics_event *ev);

/*
 * Appends a copy of event I (counting from 0, below ib_ics_count(FROM))
 * of the calendar FROM, as ib_ics_add wrote it there, DTSTAMP included:
 * a calendar of some of another's events without formatting them again.
 */
void ib_ics_copy_event(struct ib_ics *ics, const struct ib_ics *from,
                       size_t i);
/* Returns how many events were added. */
size_t ib_ics_count(const struct ib_ics *ics);

/*
 * Ends the calendar and returns its text (*LEN bytes, NUL-terminated),
 * owned by ICS and valid until ib_ics_free. Call once; add nothing after.
 */
const char *ib_ics_finish(struct ib_ics *ics, size_t *len);

/* Releases ICS. NULL is a no-op. */
void ib_ics_free(struct ib_ics *ics);

/*
 * Appends the content line LINE (LEN bytes, without its line break) to B,
 * folded so no physical line exceeds 75 octets: CRLF and one space start
 * each continuation, and a fold never falls inside a UTF-8 sequence.
 * Ends with CRLF.
 */
void ib_ics_put_line(struct ib_buf *b, const char *line, size_t len);

/*
 * Appends S escaped as an RFC 5545 TEXT value: backslash, semicolon and
 * comma get a backslash, a line break (LF, CRLF or CR) becomes \n, and
 * other control characters except tab are dropped.
 */
void ib_ics_put_text(struct ib_buf *b, const char *s);

#endif
