/* SPDX-License-Identifier: MIT */
/* Growable byte buffers. */
#ifndef IB_BUF_H
#define IB_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * A buffer owns data; data is always NUL-terminated once anything has been
 * put (or after ib_buf_cstr), so it can be used as a C string. An embedded
 * struct: ib_buf_init before use, ib_buf_fini to release.
 */
struct ib_buf {
    char *data;
    size_t len;
    size_t cap;
};

void ib_buf_init(struct ib_buf *b);
void ib_buf_fini(struct ib_buf *b);

/* Empties B, keeping its memory. */
static inline void
ib_buf_reset(struct ib_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

/* Appends, growing the buffer when needed (ib_buf_grow). */
void ib_buf_grow(struct ib_buf *b, size_t extra);
void ib_buf_puts(struct ib_buf *b, const char *s);

/* Inline: pages are built from millions of short pieces. */
static inline void
ib_buf_put(struct ib_buf *b, const void *p, size_t n)
{
    if (b->len + n >= b->cap)
        ib_buf_grow(b, n);
    if (n)
        __builtin_memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static inline void
ib_buf_putc(struct ib_buf *b, int c)
{
    if (b->len + 1 >= b->cap)
        ib_buf_grow(b, 1);
    b->data[b->len++] = (char)c;
    b->data[b->len] = '\0';
}
void ib_buf_printf(struct ib_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ib_buf_vprintf(struct ib_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Appends N in decimal, as "%lld" would, without parsing a format. */
void ib_buf_put_int(struct ib_buf *b, long long n);

/* Appends S (N bytes) with & < > " ' escaped for HTML text and attributes.
 * Returns true if S had none of them (it was copied as it is). */
bool ib_buf_put_html(struct ib_buf *b, const char *s, size_t n);

/* Returns the contents as a C string (never NULL); the buffer keeps it. */
const char *ib_buf_cstr(struct ib_buf *b);

/* Returns the contents as a new string (free with free()); B is emptied. */
char *ib_buf_take(struct ib_buf *b);

#endif
