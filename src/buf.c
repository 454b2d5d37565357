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

/* True if one of the 8 bytes at S is escaped in HTML. */
static bool
special8(const char *s)
{
    uint64_t x = ib_text_word(s);
    return ib_text_word_has(x, '&') | ib_text_word_has(x, '<') |
           ib_text_word_has(x, '>') | ib_text_word_has(x, '"') |
           ib_text_word_has(x, '\'');
}

void
ib_buf_put_html(struct ib_buf *b, const char *s, size_t n)
{
    static const bool special[256] = {
        ['&'] = true, ['<'] = true, ['>'] = true, ['"'] = true, ['\''] = true,
    };
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        while (i + 8 <= n && !special8(s + i))
            i += 8;
        if (i == n)
            break;
        if (!special[(unsigned char)s[i]])
            continue;
        const char *rep;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        ib_buf_put(b, s + start, i - start);
        ib_buf_puts(b, rep);
        start = i + 1;
    }
    ib_buf_put(b, s + start, n - start);
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
