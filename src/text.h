/* SPDX-License-Identifier: MIT */
/* Small text utilities: UTF-8 validation, positions, suggestions. */
#ifndef IB_TEXT_H
#define IB_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct ib_buf;

/*
 * Text read eight bytes at a time, where most bytes need no attention:
 * ib_text_word loads them, and the tests below are nonzero when one of
 * them is byte B, or below B (at most 128). Exact for the eight as a
 * whole; which of them it is, they do not say.
 */
#define IB_TEXT_ONES UINT64_C(0x0101010101010101)
#define IB_TEXT_HIGHS UINT64_C(0x8080808080808080)

static inline uint64_t
ib_text_word(const void *s)
{
    uint64_t x;
    memcpy(&x, s, sizeof x);
    return x;
}

static inline uint64_t
ib_text_word_has(uint64_t x, unsigned char b)
{
    uint64_t y = x ^ (IB_TEXT_ONES * b);
    return (y - IB_TEXT_ONES) & ~y & IB_TEXT_HIGHS;
}

static inline uint64_t
ib_text_word_has_below(uint64_t x, unsigned char b)
{
    return (x - IB_TEXT_ONES * b) & ~x & IB_TEXT_HIGHS;
}

/*
 * Returns true if S (LEN bytes) is valid UTF-8 without NUL bytes; otherwise
 * false with *BAD set to the byte offset of the first offending byte.
 */
bool ib_text_valid_utf8(const char *s, size_t len, size_t *bad);

/*
 * Decodes the UTF-8 sequence at S (N > 0 bytes left) into *CP. Returns its
 * length, or 0 if S does not start a valid sequence (overlong forms,
 * surrogates and values past U+10FFFF are invalid).
 */
size_t ib_text_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

struct ib_buf;

/* Appends S (N bytes) to OUT with every invalid UTF-8 sequence and NUL byte
 * replaced by U+FFFD. */
void ib_text_put_clean_utf8(struct ib_buf *out, const char *s, size_t n);

/* Converts byte offset OFF in S into a 1-based line and byte column. */
void ib_text_pos(const char *s, size_t off, unsigned *line, unsigned *col);

/* ASCII case-insensitive comparison, like strcasecmp but locale-free. */
int ib_text_casecmp(const char *a, const char *b);

/* strcmp of two strings given by address, for qsort and bsearch over an
 * array of string pointers. */
int ib_text_cmp_ptr(const void *a, const void *b);

/*
 * Returns the candidate closest to WORD by edit distance (a swap of two
 * neighbouring letters counts as one edit) when it is close
 * enough to be a likely typo (distance at most a third of the word, min 1,
 * max 3), else NULL. CANDIDATES is NULL-terminated; the result is borrowed.
 */
const char *ib_text_suggest(const char *word, const char *const *candidates);

/* Returns true if S (NUL-terminated) starts with PREFIX. */
bool ib_text_starts_with(const char *s, const char *prefix);
/* Room for any long long in decimal: its sign, 19 digits and a NUL. */
#define IB_TEXT_INT_MAX 21
/* Writes N in decimal to OUT with a NUL, as "%lld" would, without parsing
 * a format; returns its length. */
size_t ib_text_int(char out[IB_TEXT_INT_MAX], long long n);
/* Writes A then B to OUT, SIZE bytes with the NUL, cut as snprintf cuts:
 * for the short keys made by the thousand, without parsing a format. */
void ib_text_join(char *out, size_t size, const char *a, const char *b);

/* One step of ib_text_hash_n: eight bytes X into H. */
static inline uint64_t
ib_text_hash_step(uint64_t h, uint64_t x)
{
    h = (h ^ x) * UINT64_C(0x9E3779B97F4A7C15);
    return h ^ (h >> 32);
}

/* The hash of the N bytes at S, for the program's string tables (map
 * keys, anchors, control ids): eight bytes at a time, the last one to
 * seven read as overlapping words. Inline, so that the hash of a string
 * literal is a constant. Only the layout of the tables depends on it,
 * never the order of any output. */
static inline uint32_t
ib_text_hash_n(const char *s, size_t n)
{
    uint64_t h = ib_text_hash_step(0, n);
    const unsigned char *p = (const unsigned char *)s;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t x;
        memcpy(&x, p, sizeof x);
        h = ib_text_hash_step(h, x);
    }
    if (n >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, p, sizeof lo);
        memcpy(&hi, p + (n - 4), sizeof hi);
        h = ib_text_hash_step(h, lo | (uint64_t)hi << 32);
    } else if (n > 0) {
        h = ib_text_hash_step(h, p[0] | (uint64_t)p[n / 2] << 8 |
                                     (uint64_t)p[n - 1] << 16);
    }
    return (uint32_t)h;
}

/* The same of the string S. */
static inline uint32_t
ib_text_hash(const char *s)
{
    return ib_text_hash_n(s, strlen(s));
}

/* The value of the hex digit C (either case), or -1. */
int ib_text_hex_value(int c);

/*
 * Appends the N bytes of S to OUT with each %XX escape decoded (a '%' not
 * followed by two hex digits stays as it is). Returns false if an escape
 * decodes to NUL, which no path or anchor holds.
 */
bool ib_text_percent_decode(const char *s, size_t n, struct ib_buf *out);

/*
 * Writes PATH percent-encoded as the path of a URL to OUT (no NUL), unless
 * OUT is NULL, and returns its length: every byte but ASCII letters and
 * digits, '-', '.', '_', '~' (RFC 3986's unreserved) and '/' becomes %XX
 * in upper-case hex, so '%', '#', '?', ':', spaces and UTF-8 are encoded
 * and a site path can be a relative URL as it is.
 */
size_t ib_text_url_path(char *out, const char *path);

/* The length of the start of PATH that ib_text_url_path keeps as it is:
 * all of it (strlen) for most paths of a site. */
size_t ib_text_url_plain(const char *path);

#endif
