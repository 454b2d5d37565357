/* SPDX-License-Identifier: MIT */
/* Growable byte buffers; the invariant is data[len] == '\0' once data exists. */
#include "buf.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "xmalloc.h"

void
ib_buf_init(struct ib_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void
ib_buf_fini(struct ib_buf *b)
{
    free(b->data);
    ib_buf_init(b);
}

void
ib_buf_grow(struct ib_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap *= 2;
    b->data = ib_xrealloc(b->data, cap);
    b->cap = cap;
    b->data[b->len] = '\0'; /* a new buffer is a string at once too */
}

void
ib_buf_puts(struct ib_buf *b, const char *s)
{
    ib_buf_put(b, s, strlen(s));
}

void
ib_buf_vprintf(struct ib_buf *b, const char *fmt, va_list ap)
{
    /* Formatted straight into the room the buffer has, once if it fits. */
    va_list aq;
    va_copy(aq, ap);
    size_t room = b->cap > b->len ? b->cap - b->len : 0;
    int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, aq);
    va_end(aq);
    if (n < 0) {
        if (room)
            b->data[b->len] = '\0';
        return;
    }
    if ((size_t)n >= room) {
        ib_buf_grow(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    }
    b->len += (size_t)n;
}

void
ib_buf_printf(struct ib_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ib_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void
ib_buf_put_int(struct ib_buf *b, long long n)
{
    char digits[IB_TEXT_INT_MAX];
    ib_buf_put(b, digits, ib_text_int(digits, n));
}

/* True if one of the 8 bytes at S is escaped in HTML. Three tests for
 * five bytes: x | 1 is ' for & and ', and x | 2 is > for < and >. */
static bool
special8(const char *s)
{
    uint64_t x = ib_text_word(s);
    return ib_text_word_has(x, '"') |
           ib_text_word_has(x | IB_TEXT_ONES, '\'') |
           ib_text_word_has(x | (IB_TEXT_ONES * 2), '>');
}

/* The escape of byte C, or NULL if C stands for itself. */
static const char *
html_escape(unsigned char c)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    default: return NULL;
    }
}

/*
 * Eight bytes at a time while no byte of the eight is special; the last
 * eight of a string of at least eight are read as one word, overlapping
 * the ones before, so most strings are done without a byte loop. The
 * bytes of a word that has a special one are taken one at a time.
 */
bool
ib_buf_put_html(struct ib_buf *b, const char *s, size_t n)
{
    size_t start = 0, i = 0;
    while (i < n) {
        while (i + 8 <= n && !special8(s + i))
            i += 8;
        if (i + 8 > n && i < n && n >= 8 && !special8(s + n - 8))
            break;
        size_t end = i + 8 < n ? i + 8 : n;
        for (; i < end; i++) {
            const char *rep = html_escape((unsigned char)s[i]);
            if (rep) {
                ib_buf_put(b, s + start, i - start);
                ib_buf_puts(b, rep);
                start = i + 1;
            }
        }
    }
    ib_buf_put(b, s + start, n - start);
    return start == 0; /* nothing was escaped */
}

const char *
ib_buf_cstr(struct ib_buf *b)
{
    if (!b->data) {
        b->data = ib_xmalloc(64);
        b->cap = 64;
        b->data[0] = '\0';
    }
    return b->data;
}

char *
ib_buf_take(struct ib_buf *b)
{
    ib_buf_cstr(b);
    char *s = b->data;
    /* Kept strings (a page body until its page is written) should not
     * carry the slack of doubling: give back more than a quarter. */
    if (b->cap - b->len > b->cap / 4 && b->cap > 4096)
        s = ib_xrealloc(s, b->len + 1);
    ib_buf_init(b);
    return s;
}
