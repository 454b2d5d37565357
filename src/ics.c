/* SPDX-License-Identifier: MIT */
/*
 * iCalendar writer. A calendar owns one buffer that always holds whole
 * content lines: each property is assembled unfolded in a scratch buffer,
 * then folded into the output, so folding sees the line exactly as a
 * parser will after unfolding. Dates only come from the caller, never
 * from the clock, so the same input gives the same bytes.
 */
#include "ics.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xmalloc.h"

/* RFC 5545 3.1: lines SHOULD NOT be longer than 75 octets. */
#define LINE_MAX_OCTETS 75

/* Where an event's lines are in a calendar's text. */
struct span {
    size_t off, len;
};

struct ib_ics {
    struct ib_buf out;
    struct ib_buf line; /* the content line being assembled */
    char stamp[17];     /* "YYYYMMDDT000000Z" */
    struct span *events;
    size_t count, cap;
    bool finished;
};

void
ib_ics_put_line(struct ib_buf *b, const char *line, size_t len)
{
    size_t col = 0; /* octets on the current physical line */
    for (size_t i = 0; i < len;) {
        size_t room = LINE_MAX_OCTETS - col, cut = len - i;
        if (cut > room) {
            /* A character that does not fit goes to the next line whole:
             * the cut backs off over continuation bytes, unless that
             * would leave the line empty (broken UTF-8: cut anywhere). */
            cut = room;
            while (cut > 0 && ((unsigned char)line[i + cut] & 0xC0) == 0x80)
                cut--;
            if (cut == 0)
                cut = room;
        }
        ib_buf_put(b, line + i, cut);
        i += cut;
        if (i < len) {
            ib_buf_put(b, "\r\n ", 3);
            col = 1;
        }
    }
    ib_buf_put(b, "\r\n", 2);
}

/* True if byte C of a TEXT value is written as it is. */
static bool
plain_text(unsigned char c)
{
    return c >= 0x20 && c != 0x7F && c != '\\' && c != ';' && c != ',';
}

void
ib_ics_put_text(struct ib_buf *b, const char *s)
{
    for (const char *p = s; *p; p++) {
        const char *run = p;
        while (plain_text((unsigned char)*p))
            p++;
        ib_buf_put(b, run, (size_t)(p - run));
        unsigned char c = (unsigned char)*p;
        if (!c)
            break;
        switch (c) {
        case '\\':
            ib_buf_put(b, "\\\\", 2);
            break;
        case ';':
            ib_buf_put(b, "\\;", 2);
            break;
        case ',':
            ib_buf_put(b, "\\,", 2);
            break;
        case '\r':
            if (p[1] == '\n')
                p++;
            ib_buf_put(b, "\\n", 2);
            break;
        case '\n':
            ib_buf_put(b, "\\n", 2);
            break;
        case '\t':
            ib_buf_putc(b, '\t');
            break;
        default:
            /* TEXT admits no other control characters. */
            break;
        }
    }
}

/* Folds the assembled line into the output and clears it. */
static void
flush(struct ib_ics *ics)
{
    ib_ics_put_line(&ics->out, ics->line.data ? ics->line.data : "",
                    ics->line.len);
    ib_buf_reset(&ics->line);
}

/* Writes NAME:VALUE with VALUE used as is (not TEXT). */
static void
prop_raw(struct ib_ics *ics, const char *name, const char *value)
{
    ib_buf_puts(&ics->line, name);
    ib_buf_putc(&ics->line, ':');
    ib_buf_puts(&ics->line, value);
    flush(ics);
}

static void
prop_text(struct ib_ics *ics, const char *name, const char *value)
{
    ib_buf_puts(&ics->line, name);
    ib_buf_putc(&ics->line, ':');
    ib_ics_put_text(&ics->line, value);
    flush(ics);
}

/* A URI value may hold no control characters or spaces; drop them. */
static void
prop_uri(struct ib_ics *ics, const char *name, const char *value)
{
    ib_buf_puts(&ics->line, name);
    ib_buf_putc(&ics->line, ':');
    for (const unsigned char *p = (const unsigned char *)value; *p; p++)
        if (*p > 0x20 && *p != 0x7F)
            ib_buf_putc(&ics->line, *p);
    flush(ics);
}

static void
ymd(char out[9], struct ib_date d)
{
    char iso[11];
    ib_date_format(d, iso);
    memcpy(out, iso, 4);
    memcpy(out + 4, iso + 5, 2);
    memcpy(out + 6, iso + 8, 2);
    out[8] = '\0';
}

struct ib_ics *
ib_ics_new(const char *prodid, const char *name, struct ib_date stamp)
{
    struct ib_ics *ics = ib_xcalloc(1, sizeof(*ics));
    ib_buf_init(&ics->out);
    ib_buf_init(&ics->line);
    char day[9];
    ymd(day, stamp);
    memcpy(ics->stamp, day, 8);
    memcpy(ics->stamp + 8, "T000000Z", 9);
    prop_raw(ics, "BEGIN", "VCALENDAR");
    prop_raw(ics, "VERSION", "2.0");
    prop_text(ics, "PRODID", prodid);
    prop_raw(ics, "CALSCALE", "GREGORIAN");
    prop_raw(ics, "METHOD", "PUBLISH");
    prop_text(ics, "X-WR-CALNAME", name);
    return ics;
}

/* Records that the event just written began at offset OFF. */
static void
add_span(struct ib_ics *ics, size_t off)
{
    if (ics->count == ics->cap) {
        ics->cap = ics->cap ? 2 * ics->cap : 16;
        ics->events =
            ib_xrealloc(ics->events, ics->cap * sizeof(*ics->events));
    }
    ics->events[ics->count++] = (struct span){off, ics->out.len - off};
}

void
ib_ics_add(struct ib_ics *ics, const struct ib_ics_event *ev)
{
    size_t off = ics->out.len;
    char start[9], end[9];
    ymd(start, ev->date);
    ymd(end, ib_date_from_days(ib_date_to_days(ev->date) + 1));
    prop_raw(ics, "BEGIN", "VEVENT");
    prop_text(ics, "UID", ev->uid);
    prop_raw(ics, "DTSTAMP", ics->stamp);
    prop_raw(ics, "DTSTART;VALUE=DATE", start);
    prop_raw(ics, "DTEND;VALUE=DATE", end);
    prop_text(ics, "SUMMARY", ev->summary);
    if (ev->description && ev->description[0])
        prop_text(ics, "DESCRIPTION", ev->description);
    if (ev->url && ev->url[0])
        prop_uri(ics, "URL", ev->url);
    /* A reminder, not an appointment: it must not show the day as busy. */
    prop_raw(ics, "TRANSP", "TRANSPARENT");
    prop_raw(ics, "END", "VEVENT");
    add_span(ics, off);
}

void
ib_ics_copy_event(struct ib_ics *ics, const struct ib_ics *from, size_t i)
{
    size_t off = ics->out.len;
    ib_buf_put(&ics->out, from->out.data + from->events[i].off,
               from->events[i].len);
    add_span(ics, off);
}

size_t
ib_ics_count(const struct ib_ics *ics)
{
    return ics->count;
}

const char *
ib_ics_finish(struct ib_ics *ics, size_t *len)
{
    if (!ics->finished) {
        prop_raw(ics, "END", "VCALENDAR");
        ics->finished = true;
    }
    *len = ics->out.len;
    return ib_buf_cstr(&ics->out);
}

void
ib_ics_free(struct ib_ics *ics)
{
    if (!ics)
        return;
    ib_buf_fini(&ics->out);
    ib_buf_fini(&ics->line);
    free(ics->events);
    free(ics);
}
