/* SPDX-License-Identifier: MIT */
/*
 * JSON output: reports (JSON findings, SARIF) and the site's data files
 * (isms.json, search-index.json) are written through here, so they escape
 * alike. A writer owns only its nesting stack; the text goes straight onto
 * the caller's buffer. Invariant: what has been written is a valid prefix
 * of one JSON value, whatever bytes the strings held, because every string
 * passes ib_json_put_str.
 */
#include "json.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"
#include "xmalloc.h"

struct ib_json {
    struct ib_buf *b;
    int indent;
    int depth;                         /* open containers */
    bool empty[IB_JSON_MAX_DEPTH + 1]; /* no value yet at that depth */
    char close[IB_JSON_MAX_DEPTH + 1]; /* its closing bracket */
};

/* True if byte C goes into a JSON string as it is (ASCII only). */
static bool
plain(unsigned char c)
{
    return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
}

/* True if the 8 bytes at S all go in as they are. */
static bool
plain8(const unsigned char *s)
{
    uint64_t x = ib_text_word(s);
    return !((x & IB_TEXT_HIGHS) | ib_text_word_has_below(x, 0x20) |
             ib_text_word_has(x, 0x7F) | ib_text_word_has(x, '"') |
             ib_text_word_has(x, '\\'));
}

void
ib_json_put_str(struct ib_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    ib_buf_putc(b, '"');
    while (n > 0) {
        size_t run = 0;
        while (run + 8 <= n && plain8(p + run))
            run += 8;
        /* The last eight bytes as one word, overlapping those before. */
        if (run < n && n - run < 8 && n >= 8 && plain8(p + n - 8))
            run = n;
        while (run < n && plain(p[run]))
            run++;
        if (run) {
            ib_buf_put(b, p, run);
            p += run;
            n -= run;
            continue;
        }
        uint32_t c;
        size_t len = ib_text_utf8_decode(p, n, &c);
        if (!len)
            ib_buf_puts(b, "\\ufffd");
        else if (c == '"' || c == '\\') {
            ib_buf_putc(b, '\\');
            ib_buf_putc(b, (int)c);
        } else if (c == '\n')
            ib_buf_puts(b, "\\n");
        else if (c == '\r')
            ib_buf_puts(b, "\\r");
        else if (c == '\t')
            ib_buf_puts(b, "\\t");
        else if (c < 0x20 || c == 0x7F)
            ib_buf_printf(b, "\\u%04x", (unsigned)c);
        else
            ib_buf_put(b, p, len);
        len = len ? len : 1;
        p += len;
        n -= len;
    }
    ib_buf_putc(b, '"');
}

/* A line break and the indent of DEPTH, at most IB_JSON_MAX_DEPTH. */
static void
new_line(struct ib_buf *b, int depth)
{
    static const char line[2 * IB_JSON_MAX_DEPTH + 2] =
        "\n                                "
        "                                ";
    ib_buf_put(b, line, 1 + 2 * (size_t)depth);
}

struct ib_json *
ib_json_new(struct ib_buf *out, int indent)
{
    struct ib_json *w = ib_xcalloc(1, sizeof(*w));
    w->b = out;
    w->indent = indent;
    w->empty[0] = true;
    return w;
}

void
ib_json_free(struct ib_json *w)
{
    free(w);
}

/* Starts a value: the comma, line break and indent it needs, then KEY. */
static void
begin(struct ib_json *w, const char *key)
{
    bool pretty = w->depth <= w->indent;
    if (w->depth > 0) {
        if (!w->empty[w->depth])
            ib_buf_putc(w->b, ',');
        if (pretty)
            new_line(w->b, w->depth);
    }
    w->empty[w->depth] = false;
    /* A key outside an object, or none inside one, is our own bug. */
    assert((key != NULL) == (w->depth > 0 && w->close[w->depth] == '}'));
    if (key) {
        ib_json_put_str(w->b, key);
        ib_buf_puts(w->b, pretty ? ": " : ":");
    }
}

static void
open_container(struct ib_json *w, const char *key, char brace, char close)
{
    begin(w, key);
    ib_buf_putc(w->b, brace);
    assert(w->depth < IB_JSON_MAX_DEPTH);
    w->depth++;
    w->empty[w->depth] = true;
    w->close[w->depth] = close;
}

void
ib_json_object(struct ib_json *w, const char *key)
{
    open_container(w, key, '{', '}');
}

void
ib_json_array(struct ib_json *w, const char *key)
{
    open_container(w, key, '[', ']');
}

void
ib_json_end(struct ib_json *w)
{
    assert(w->depth > 0);
    bool had_values = !w->empty[w->depth];
    bool pretty = w->depth <= w->indent;
    char close = w->close[w->depth];
    w->depth--;
    if (had_values && pretty)
        new_line(w->b, w->depth);
    ib_buf_putc(w->b, close);
}

void
ib_json_str(struct ib_json *w, const char *key, const char *val)
{
    begin(w, key);
    if (val)
        ib_json_put_str(w->b, val);
    else
        ib_buf_puts(w->b, "null");
}

void
ib_json_int(struct ib_json *w, const char *key, long long val)
{
    begin(w, key);
    ib_buf_put_int(w->b, val);
}

void
ib_json_bool(struct ib_json *w, const char *key, bool val)
{
    begin(w, key);
    ib_buf_puts(w->b, val ? "true" : "false");
}

void
ib_json_null(struct ib_json *w, const char *key)
{
    begin(w, key);
    ib_buf_puts(w->b, "null");
}
