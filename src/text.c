/* SPDX-License-Identifier: MIT */
/* Text utilities that do not depend on the locale. */
#include "text.h"

#include <string.h>

#include "buf.h"

size_t
ib_text_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    size_t len;
    uint32_t min, c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, min = 0x80, c &= 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, min = 0x800, c &= 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, min = 0x10000, c &= 0x07;
    else
        return 0;
    if (n < len)
        return 0;
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[k] & 0x3F);
    }
    /* Overlong forms, surrogates and values past U+10FFFF. */
    if (c < min || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
        return 0;
    *cp = c;
    return len;
}

/* True if the 8 bytes at S are ASCII and none is NUL. */
static bool
plain_ascii8(const unsigned char *s)
{
    uint64_t x = ib_text_word(s);
    return !((x & IB_TEXT_HIGHS) | ib_text_word_has(x, 0));
}

/* The same for the 32 bytes at S, with one test: most text is ASCII. */
static bool
plain_ascii32(const unsigned char *s)
{
    uint64_t a = ib_text_word(s), b = ib_text_word(s + 8),
             c = ib_text_word(s + 16), d = ib_text_word(s + 24);
    return !(((a | b | c | d) & IB_TEXT_HIGHS) | ib_text_word_has(a, 0) |
             ib_text_word_has(b, 0) | ib_text_word_has(c, 0) |
             ib_text_word_has(d, 0));
}

bool
ib_text_valid_utf8(const char *str, size_t len, size_t *bad)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        if (i + 32 <= len && plain_ascii32(s + i)) {
            i += 32;
            continue;
        }
        if (i + 8 <= len && plain_ascii8(s + i)) {
            i += 8;
            continue;
        }
        if (s[i] && s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t n = ib_text_utf8_decode(s + i, len - i, &cp);
        if (n == 0 || cp == 0) {
            if (bad)
                *bad = i;
            return false;
        }
        i += n;
    }
    return true;
}

void
ib_text_put_clean_utf8(struct ib_buf *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = ib_text_utf8_decode((const unsigned char *)s + i, n - i,
                                       &cp);
        if (k == 0 || cp == 0) {
            ib_buf_puts(out, "\xEF\xBF\xBD");
            i++;
        } else {
            ib_buf_put(out, s + i, k);
            i += k;
        }
    }
}

void
ib_text_pos(const char *s, size_t off, unsigned *line, unsigned *col)
{
    unsigned l = 1;
    size_t start = 0;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\n') {
            l++;
            start = i + 1;
        }
    }
    *line = l;
    *col = (unsigned)(off - start) + 1;
}

static int
lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

int
ib_text_cmp_ptr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int
ib_text_casecmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        int ca = lower((unsigned char)*a), cb = lower((unsigned char)*b);
        if (ca != cb || !ca)
            return ca - cb;
    }
}

/*
 * Edit distance counting a swap of two neighbouring letters as one edit
 * (optimal string alignment), since "tgas" for "tags" is a typical typo.
 */
static size_t
distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return (size_t)-1;
    size_t rows[3][65];
    size_t *prev2 = rows[0], *prev = rows[1], *row = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            int ca = lower((unsigned char)a[i - 1]);
            int cb = lower((unsigned char)b[j - 1]);
            size_t best = prev[j - 1] + (ca != cb);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            if (i > 1 && j > 1 && ca == lower((unsigned char)b[j - 2]) &&
                lower((unsigned char)a[i - 2]) == cb && prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            row[j] = best;
        }
        size_t *tmp = prev2;
        prev2 = prev;
        prev = row;
        row = tmp;
    }
    return prev[lb];
}

const char *
ib_text_suggest(const char *word, const char *const *candidates)
{
    size_t limit = strlen(word) / 3;
    if (limit < 1)
        limit = 1;
    if (limit > 3)
        limit = 3;
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (; *candidates; candidates++) {
        size_t d = distance(word, *candidates);
        if (d < best_d) {
            best_d = d;
            best = *candidates;
        }
    }
    return best;
}

bool
ib_text_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

size_t
ib_text_int(char out[IB_TEXT_INT_MAX], long long n)
{
    char digits[IB_TEXT_INT_MAX];
    size_t k = sizeof digits;
    /* Negated as unsigned, so LLONG_MIN has its digits too. */
    unsigned long long u = n < 0 ? 0 - (unsigned long long)n
                                 : (unsigned long long)n;
    do
        digits[--k] = (char)('0' + u % 10);
    while ((u /= 10) > 0);
    if (n < 0)
        digits[--k] = '-';
    size_t len = sizeof digits - k;
    memcpy(out, digits + k, len);
    out[len] = '\0';
    return len;
}

void
ib_text_join(char *out, size_t size, const char *a, const char *b)
{
    if (size == 0)
        return;
    size_t n = 0;
    for (const char *s = a; *s && n + 1 < size; s++)
        out[n++] = *s;
    for (const char *s = b; *s && n + 1 < size; s++)
        out[n++] = *s;
    out[n] = '\0';
}

int
ib_text_hex_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool
ib_text_percent_decode(const char *s, size_t n, struct ib_buf *out)
{
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < n &&
            (hi = ib_text_hex_value((unsigned char)s[i + 1])) >= 0 &&
            (lo = ib_text_hex_value((unsigned char)s[i + 2])) >= 0) {
            ok = ok && (hi || lo);
            ib_buf_putc(out, hi * 16 + lo);
            i += 2;
        } else {
            ib_buf_putc(out, s[i]);
        }
    }
    ib_buf_cstr(out);
    return ok;
}

/* The bytes a URL path keeps as they are: RFC 3986's unreserved, and
 * '/'. Every page of a site asks for many hrefs: a table, not tests. */
#define K(c) [c] = 1
static const unsigned char url_plain[256] = {
    K('-'), K('.'), K('/'), K('0'), K('1'), K('2'), K('3'), K('4'), K('5'),
    K('6'), K('7'), K('8'), K('9'), K('A'), K('B'), K('C'), K('D'), K('E'),
    K('F'), K('G'), K('H'), K('I'), K('J'), K('K'), K('L'), K('M'), K('N'),
    K('O'), K('P'), K('Q'), K('R'), K('S'), K('T'), K('U'), K('V'), K('W'),
    K('X'), K('Y'), K('Z'), K('_'), K('a'), K('b'), K('c'), K('d'), K('e'),
    K('f'), K('g'), K('h'), K('i'), K('j'), K('k'), K('l'), K('m'), K('n'),
    K('o'), K('p'), K('q'), K('r'), K('s'), K('t'), K('u'), K('v'), K('w'),
    K('x'), K('y'), K('z'), K('~'),
};
#undef K

size_t
ib_text_url_plain(const char *path)
{
    const unsigned char *p = (const unsigned char *)path;
    size_t n = 0;
    while (url_plain[p[n]])
        n++;
    return n;
}

size_t
ib_text_url_path(char *out, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    /* Most paths are plain throughout: counted, then copied whole. */
    size_t n = ib_text_url_plain(path);
    if (out)
        memcpy(out, path, n);
    for (const unsigned char *p = (const unsigned char *)path + n; *p; p++) {
        if (url_plain[*p]) {
            if (out)
                out[n] = (char)*p;
            n++;
        } else {
            if (out) {
                out[n] = '%';
                out[n + 1] = hex[*p >> 4];
                out[n + 2] = hex[*p & 15];
            }
            n += 3;
        }
    }
    return n;
}
