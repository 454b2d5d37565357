/* SPDX-License-Identifier: MIT */
/* Writing XML documents (JUnit reports) through libxml2. */
#ifndef IB_XMLOUT_H
#define IB_XMLOUT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * An XML document being written into memory, element by element. Every
 * string given to it may be any bytes: invalid UTF-8 and characters XML 1.0
 * cannot hold (control characters other than tab, newline and carriage
 * return; U+FFFE, U+FFFF) are written as U+FFFD, so the result is always
 * well-formed UTF-8 XML. Markup characters are escaped. Element and
 * attribute names are the caller's constants and are not checked.
 *
 * Errors are sticky: once libxml2 fails (in practice only when out of
 * memory) later calls do nothing and ib_xmlout_finish returns -1.
 */
struct ib_xmlout;

/*
 * Starts a UTF-8 document with an XML declaration. INDENT puts each element
 * on its own line, indented by two spaces a level. Free with
 * ib_xmlout_free.
 */
struct ib_xmlout *ib_xmlout_new(bool indent);

/* Frees X and the text it holds. NULL is a no-op. */
void ib_xmlout_free(struct ib_xmlout *x);

/* Opens element NAME; attributes may follow until content is written. */
void ib_xmlout_start(struct ib_xmlout *x, const char *name);

/* Adds attribute NAME="VALUE" to the element just opened. */
void ib_xmlout_attr(struct ib_xmlout *x, const char *name, const char *value);

/* Like ib_xmlout_attr with the value formatted by printf rules. */
void ib_xmlout_attrf(struct ib_xmlout *x, const char *name, const char *fmt,
                     ...) __attribute__((format(printf, 3, 4)));

/* Writes TEXT as character data of the open element. */
void ib_xmlout_text(struct ib_xmlout *x, const char *text);

/* Closes the innermost open element (empty ones as <name/>). */
void ib_xmlout_end(struct ib_xmlout *x);

/*
 * Closes every open element and ends the document. Returns 0 with *DATA
 * the whole document (NUL-terminated, *LEN bytes, ending in a newline),
 * borrowed from X until ib_xmlout_free; or -1 if writing failed. Nothing
 * may be written after it.
 */
int ib_xmlout_finish(struct ib_xmlout *x, const char **data, size_t *len);

#endif
