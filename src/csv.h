/* SPDX-License-Identifier: MIT */
/* Writing CSV that spreadsheets open as the writer meant (RFC 4180). */
#ifndef IB_CSV_H
#define IB_CSV_H

#include <stddef.h>

struct ib_buf;

/* The UTF-8 byte order mark: Excel reads a CSV file as UTF-8 only after
 * it. Write it once, before the first row. */
#define IB_CSV_BOM "\xEF\xBB\xBF"

/*
 * Appends S to B as one field for separator SEP. The field is quoted when
 * it holds SEP, a double quote, CR or LF, or begins with a space; quotes
 * inside are doubled. A field beginning with '=', '+', '-', '@', tab or CR
 * would run as a formula in a spreadsheet, so it gets a leading apostrophe
 * (OWASP's advice against CSV injection) and is quoted.
 */
void ib_csv_put_field(struct ib_buf *b, const char *s, char sep);

/* Appends the N FIELDS as one record: fields joined by SEP, ended with
 * CRLF. */
void ib_csv_put_row(struct ib_buf *b, const char *const *fields, size_t n,
                    char sep);

#endif
