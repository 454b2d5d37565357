/* SPDX-License-Identifier: MIT */
/*
 * CSV output. Records end in CRLF and fields are quoted only when they
 * must be, as RFC 4180 writes them; the bytes of a field are copied
 * unchanged otherwise, so UTF-8 text stays intact. Owns nothing: it only
 * appends to the caller's buffer.
 */
#include "csv.h"

#include <stdbool.h>
#include <string.h>

#include "buf.h"

void
ib_csv_put_field(struct ib_buf *b, const char *s, char sep)
{
    /* Spreadsheets evaluate these as formulas even inside quotes. */
    bool formula = s[0] && strchr("=+-@\t\r", s[0]);
    bool quote = formula || s[0] == ' ';
    for (const char *p = s; *p && !quote; p++)
        quote = *p == sep || *p == '"' || *p == '\r' || *p == '\n';
    if (!quote) {
        ib_buf_puts(b, s);
        return;
    }
    ib_buf_putc(b, '"');
    if (formula)
        ib_buf_putc(b, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            ib_buf_putc(b, '"');
        ib_buf_putc(b, *p);
    }
    ib_buf_putc(b, '"');
}

void
ib_csv_put_row(struct ib_buf *b, const char *const *fields, size_t n, char sep)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            ib_buf_putc(b, sep);
        ib_csv_put_field(b, fields[i], sep);
    }
    ib_buf_puts(b, "\r\n");
}
