/* SPDX-License-Identifier: MIT */
/* Writing JSON: escaped strings and a streaming writer with set layout. */
#ifndef IB_JSON_H
#define IB_JSON_H

#include <stdbool.h>

struct ib_buf;

/*
 * Appends S to B as a JSON string: quoted, with '"', '\\' and control
 * characters escaped (DEL too), invalid UTF-8 as \ufffd; everything else,
 * non-ASCII included, is copied as it is.
 */
void ib_json_put_str(struct ib_buf *b, const char *s);

/* Containers may nest this deep; the nesting is the caller's, not data's. */
#define IB_JSON_MAX_DEPTH 32

/*
 * A JSON value being written, container by container, onto the end of a
 * buffer. Values nested at most INDENT levels deep (the top value is level
 * 0) begin on a line of their own, indented two spaces a level, as
 * JSON.stringify(v, null, 2) writes them; deeper values are written
 * compactly, without any whitespace. INDENT 0 writes one line;
 * IB_JSON_MAX_DEPTH or more indents everything. Nothing follows the last
 * closing bracket: the caller adds a newline if it wants one.
 */
struct ib_json;

/*
 * Starts writing into OUT, which is borrowed and must outlive the writer.
 * Free with ib_json_free.
 */
struct ib_json *ib_json_new(struct ib_buf *out, int indent);

/* Frees W (the buffer stays the caller's). NULL is a no-op. */
void ib_json_free(struct ib_json *w);

/*
 * Each value below is written under KEY in an object, or as the next
 * element when KEY is NULL (in an array, or the top value). ib_json_object
 * and ib_json_array open a container that ib_json_end closes.
 */
void ib_json_object(struct ib_json *w, const char *key);
void ib_json_array(struct ib_json *w, const char *key);
void ib_json_end(struct ib_json *w);

/* A string value; VAL NULL writes null. */
void ib_json_str(struct ib_json *w, const char *key, const char *val);
void ib_json_int(struct ib_json *w, const char *key, long long val);
void ib_json_bool(struct ib_json *w, const char *key, bool val);
void ib_json_null(struct ib_json *w, const char *key);

#endif
