/* SPDX-License-Identifier: MIT */
/*
 * Search text: how the site's search index cuts documents into words, and
 * how the A–Z index orders titles. A word set owns its words (one buffer
 * of NUL-terminated strings) and an open-addressing hash table of offsets
 * into it, kept at most half full. Nothing here knows about documents or
 * JSON; pages_search.c puts the pieces together.
 */
#include "search.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"
#include "xmalloc.h"

#define WORD_MAX 64

/* A word seen: its offset + 1 into the pool (0: empty) and its hash,
 * compared first so that other words' text is not read. */
struct word_slot {
    uint32_t off;
    uint32_t hash;
};

struct ib_search_words {
    size_t cap, used;   /* byte budget per document, and bytes written */
    struct ib_buf pool; /* the words seen, each NUL-terminated */
    struct word_slot *slots;
    size_t nslots, n;
    struct ib_buf word; /* scratch: the word being read */
};

struct ib_search_words *
ib_search_words_new(size_t cap)
{
    struct ib_search_words *w = ib_xcalloc(1, sizeof(*w));
    w->cap = cap;
    ib_buf_init(&w->pool);
    ib_buf_init(&w->word);
    /* Room for a word past WORD_MAX and its NUL, and for the eight
     * bytes next_word may write from there, or word_hash pads with. */
    ib_buf_grow(&w->word, WORD_MAX + 2 + sizeof(uint64_t));
    /* Room for a typical body's distinct words (130 to 250 in the
     * benchmark's) at most half full: not grown and rehashed for each. */
    w->nslots = 512;
    w->slots = ib_xcalloc(w->nslots, sizeof(*w->slots));
    return w;
}

void
ib_search_words_free(struct ib_search_words *w)
{
    if (!w)
        return;
    ib_buf_fini(&w->pool);
    ib_buf_fini(&w->word);
    free(w->slots);
    free(w);
}

void
ib_search_words_clear(struct ib_search_words *w)
{
    ib_buf_reset(&w->pool);
    memset(w->slots, 0, w->nslots * sizeof(*w->slots));
    w->n = 0;
    w->used = 0;
}

/* For each byte, its lowercase if it is an ASCII letter or digit, else 0
 * (every byte of a multi-byte character too). */
#define D(c) [c] = (c)
#define L(c) [c] = (c), [(c) - 32] = (c)
static const unsigned char ascii_words[256] = {
    D('0'), D('1'), D('2'), D('3'), D('4'), D('5'), D('6'), D('7'), D('8'),
    D('9'), L('a'), L('b'), L('c'), L('d'), L('e'), L('f'), L('g'), L('h'),
    L('i'), L('j'), L('k'), L('l'), L('m'), L('n'), L('o'), L('p'), L('q'),
    L('r'), L('s'), L('t'), L('u'), L('v'), L('w'), L('x'), L('y'), L('z'),
};
#undef D
#undef L

/* True if C can be part of a word: a letter or digit of any script. */
static bool
is_word_char(uint32_t c)
{
    if (c < 0x80)
        return ascii_words[c] != 0;
    if (c < 0xC0)
        return c == 0xAA || c == 0xB5 || c == 0xBA;
    if (c == 0xD7 || c == 0xF7)
        return false;
    /* General punctuation, symbols, arrows, maths, boxes, dingbats...;
       supplementary punctuation; CJK punctuation; specials; emoji. */
    return !(c >= 0x2000 && c <= 0x2BFF) && !(c >= 0x2E00 && c <= 0x2E7F) &&
           !(c >= 0x3000 && c <= 0x303F) && !(c >= 0xFFF0 && c <= 0xFFFF) &&
           !(c >= 0x1F000 && c <= 0x1FAFF);
}

static bool
is_joiner(uint32_t c)
{
    return c == '.' || c == '-' || c == '_' || c == '/' || c == ':';
}

static uint32_t
lower(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c < 0xC0)
        return c;
    if (c <= 0xDE)
        return c == 0xD7 ? c : c + 0x20;
    if (c >= 0x100 && c <= 0x137)
        return c | 1;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
        return c & 1 ? c + 1 : c;
    if (c >= 0x14A && c <= 0x177)
        return c | 1;
    if (c == 0x178)
        return 0xFF;
    if ((c >= 0x391 && c <= 0x3A9 && c != 0x3A2) || (c >= 0x410 && c <= 0x42F))
        return c + 0x20;
    if (c >= 0x400 && c <= 0x40F)
        return c + 0x50;
    return c;
}

/* Writes C in UTF-8 to S; returns its length. */
static size_t
utf8_encode(char s[4], uint32_t c)
{
    if (c < 0x80) {
        s[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        s[0] = (char)(0xC0 | (c >> 6));
        s[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        s[0] = (char)(0xE0 | (c >> 12));
        s[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        s[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    s[0] = (char)(0xF0 | (c >> 18));
    s[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    s[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    s[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

static void
put_utf8(struct ib_buf *b, uint32_t c)
{
    char s[4];
    ib_buf_put(b, s, utf8_encode(s, c));
}

/* Decodes the character at *P (N bytes left); invalid bytes read as
   U+FFFD, one at a time. Advances *P and *N. */
static uint32_t
next_char(const unsigned char **p, size_t *n)
{
    uint32_t c = **p;
    if (c < 0x80) {
        ++*p;
        --*n;
        return c;
    }
    size_t len = ib_text_utf8_decode(*p, *n, &c);
    if (!len) {
        c = 0xFFFD;
        len = 1;
    }
    *p += len;
    *n -= len;
    return c;
}

/* The lowercase of byte C if it is an ASCII letter or digit, else 0. */
static unsigned
ascii_word(unsigned char c)
{
    return ascii_words[c];
}

/*
 * The high bit of each byte of X that is an ASCII letter or digit. The
 * sums are taken of bytes below 0x80, so none carries into the next.
 */
static uint64_t
alnum_bytes(uint64_t x)
{
    uint64_t low = x & ~IB_TEXT_HIGHS;
    uint64_t fold = low | IB_TEXT_ONES * 0x20; /* letters in lowercase */
    uint64_t digit = (low + IB_TEXT_ONES * (0x80 - '0')) &
                     ~(low + IB_TEXT_ONES * (0x7F - '9'));
    uint64_t letter = (fold + IB_TEXT_ONES * (0x80 - 'a')) &
                      ~(fold + IB_TEXT_ONES * (0x7F - 'z'));
    return (digit | letter) & ~x & IB_TEXT_HIGHS;
}

/* How many of the eight bytes loaded as X come, in memory order, before
 * the first whose high bit is set in M (nonzero). */
static size_t
bytes_before(uint64_t m)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return (size_t)__builtin_clzll(m) / 8;
#else
    return (size_t)__builtin_ctzll(m) / 8;
#endif
}

/*
 * Reads the next word of the text at *P into W->word, lowercased.
 * Returns false at the end of the text. ASCII letters and digits, most
 * of any text, take the short way. Always inline: in its two callers'
 * loops, W's fields stay in registers from one word to the next.
 */
static inline __attribute__((always_inline)) bool
next_word(struct ib_search_words *w, const unsigned char **p, size_t *n)
{
    ib_buf_reset(&w->word);
    while (*n > 0) {
        uint32_t c = **p;
        if (ascii_word((unsigned char)c)) {
            /* A run of ASCII letters and digits, lowercased as it is
             * read. A word longer than WORD_MAX is not indexed: past
             * that, only its end is looked for, and its length stays
             * WORD_MAX + 1 (the buffer has room for that and a NUL from
             * the start). */
            const unsigned char *s = *p;
            size_t k = 0, m = *n, len = w->word.len;
            size_t room = len <= WORD_MAX ? WORD_MAX + 1 - len : 0;
            char *d = w->word.data + len;
            /* Eight bytes at a time, which ends most words without a
             * loop; the eight go in lowercased while there is room (the
             * buffer has eight bytes past it), and those past the run
             * are cut off below. */
            while (m - k >= sizeof(uint64_t)) {
                uint64_t x = ib_text_word(s + k);
                uint64_t word = alnum_bytes(x);
                if (k < room) {
                    uint64_t lower = x | IB_TEXT_ONES * 0x20;
                    memcpy(d + k, &lower, sizeof lower);
                }
                if (word != IB_TEXT_HIGHS) {
                    k += bytes_before(~word & IB_TEXT_HIGHS);
                    break;
                }
                k += sizeof(uint64_t);
            }
            /* The last few bytes, one at a time (none if the run ended
             * above: s[k] is not a letter or digit). */
            size_t stop = m < room ? m : room;
            for (unsigned l; k < stop && (l = ascii_word(s[k])) != 0; k++)
                d[k] = (char)l;
            while (k < m && ascii_word(s[k]))
                k++;
            size_t put = k < room ? k : room;
            d[put] = '\0';
            w->word.len += put;
            *p += k;
            *n -= k;
            continue;
        }
        if (c < 0x80) {
            ++*p;
            --*n;
        } else {
            c = next_char(p, n);
            if (is_word_char(c)) {
                char u[4];
                ib_buf_put(&w->word, u, utf8_encode(u, lower(c)));
                continue;
            }
        }
        /* A joiner between two word characters stays in the word. */
        if (w->word.len && is_joiner(c) && *n > 0) {
            const unsigned char *q = *p;
            size_t m = *n;
            if (is_word_char(next_char(&q, &m))) {
                char j = (char)c;
                ib_buf_put(&w->word, &j, 1);
                continue;
            }
        }
        if (w->word.len)
            return true;
    }
    return w->word.len > 0;
}

/*
 * The hash of W's word, of at most WORD_MAX bytes: eight bytes at a
 * time, the last eight padded with zeros, written here (the buffer has
 * room for them). Only the table's layout depends on it, never the order
 * of the output.
 */
static uint32_t
word_hash(struct ib_search_words *w)
{
    const char *s = w->word.data;
    size_t len = w->word.len;
    memset(w->word.data + len, 0, sizeof(uint64_t));
    uint64_t h = len;
    for (size_t i = 0; i < len; i += sizeof(uint64_t)) {
        h = (h ^ ib_text_word(s + i)) * UINT64_C(0x9E3779B97F4A7C15);
        h ^= h >> 32;
    }
    return (uint32_t)h;
}

/* Returns the slot of WORD (LEN bytes, hash H), or of the empty slot
 * where it would go. */
static struct word_slot *
slot(struct ib_search_words *w, const char *word, size_t len, uint32_t h)
{
    size_t mask = w->nslots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        struct word_slot *s = &w->slots[i];
        if (!s->off)
            return s;
        if (s->hash != h)
            continue;
        const char *seen = w->pool.data + s->off - 1;
        if (memcmp(seen, word, len) == 0 && seen[len] == '\0')
            return s;
    }
}

static void
grow(struct ib_search_words *w)
{
    struct word_slot *old = w->slots;
    size_t nold = w->nslots;
    w->nslots *= 2;
    w->slots = ib_xcalloc(w->nslots, sizeof(*w->slots));
    for (size_t i = 0; i < nold; i++) {
        if (old[i].off) {
            size_t mask = w->nslots - 1, j = old[i].hash & mask;
            while (w->slots[j].off)
                j = (j + 1) & mask;
            w->slots[j] = old[i];
        }
    }
    free(old);
}

/* Marks W->word seen. Returns true if it was new. */
static inline bool
remember(struct ib_search_words *w)
{
    uint32_t h = word_hash(w);
    struct word_slot *s = slot(w, w->word.data, w->word.len, h);
    if (s->off)
        return false;
    s->off = (uint32_t)(w->pool.len + 1);
    s->hash = h;
    ib_buf_put(&w->pool, w->word.data, w->word.len + 1);
    if (++w->n * 2 > w->nslots)
        grow(w);
    return true;
}

static bool
indexable(const struct ib_search_words *w)
{
    return w->word.len > 1 && w->word.len <= WORD_MAX;
}

void
ib_search_words_see(struct ib_search_words *w, const char *text)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t n = strlen(text);
    while (next_word(w, &p, &n))
        if (indexable(w))
            remember(w);
}

void
ib_search_words_add(struct ib_search_words *w, const char *text,
                    struct ib_buf *out)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t n = strlen(text);
    while (next_word(w, &p, &n)) {
        if (!indexable(w))
            continue;
        size_t need = w->word.len + (out->len > 0);
        if (w->used + need > w->cap)
            return;
        if (!remember(w))
            continue;
        if (out->len)
            ib_buf_putc(out, ' ');
        ib_buf_put(out, w->word.data, w->word.len);
        w->used += need;
    }
}

void
ib_search_excerpt(const char *text, size_t max, struct ib_buf *out)
{
    size_t len = strlen(text);
    if (len <= max) {
        ib_buf_put(out, text, len);
        return;
    }
    size_t cut = max;
    while (cut > 0 && text[cut] != ' ')
        cut--;
    if (cut == 0) {
        /* No space: cut before the character that straddles MAX. */
        cut = max;
        while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
            cut--;
    }
    while (cut > 0 && text[cut - 1] == ' ')
        cut--;
    ib_buf_put(out, text, cut);
    ib_buf_puts(out, "…");
}

/* A–Z ordering. */

enum nordic { NORDIC_NONE, NORDIC_DA, NORDIC_SV };

static enum nordic
nordic(const char *lang)
{
    /* "da", "DA", "da-DK", "nb_NO"... */
    if (!lang || strlen(lang) < 2 ||
        (lang[2] && lang[2] != '-' && lang[2] != '_'))
        return NORDIC_NONE;
    char l[3] = {(char)(lang[0] | 0x20), (char)(lang[1] | 0x20), 0};
    if (!strcmp(l, "da") || !strcmp(l, "nb") || !strcmp(l, "nn") ||
        !strcmp(l, "no"))
        return NORDIC_DA;
    if (!strcmp(l, "sv") || !strcmp(l, "fi"))
        return NORDIC_SV;
    return NORDIC_NONE;
}

/* The extra letter (1-3, after Z) C is in language N, or 0. */
static int
nordic_letter(uint32_t c, enum nordic n)
{
    c = lower(c);
    if (n == NORDIC_DA)
        return c == 0xE6 || c == 0xE4   ? 1 /* æ ä */
               : c == 0xF8 || c == 0xF6 ? 2 /* ø ö */
               : c == 0xE5              ? 3 /* å */
                                        : 0;
    if (n == NORDIC_SV)
        return c == 0xE5                ? 1 /* å */
               : c == 0xE4 || c == 0xE6 ? 2 /* ä æ */
               : c == 0xF6 || c == 0xF8 ? 3 /* ö ø */
                                        : 0;
    return 0;
}

/*
 * The base letters of a Latin letter with diacritics: lowercase ASCII,
 * one or two letters ("ae" for æ), or NULL when C is not one.
 */
static const char *
fold_latin(uint32_t c, char buf[2])
{
    /* U+00C0-U+00FF, then U+0100-U+017F; '*' is not a letter, '2' a
       two-letter fold from the switch below. */
    static const char latin1[] = "aaaaaa2ceeeeiiiidnooooo*ouuuuy22"
                                 "aaaaaa2ceeeeiiiidnooooo*ouuuuy2y";
    static const char ext_a[] = "aaaaaaccccccccdd"
                                "ddeeeeeeeeeegggg"
                                "gggghhhhiiiiiiii"
                                "ii22jjkkklllllll"
                                "lllnnnnnnnnnoooo"
                                "oo22rrrrrrssssss"
                                "ssttttttuuuuuuuu"
                                "uuuuwwyyyzzzzzzs";
    _Static_assert(sizeof latin1 == 65 && sizeof ext_a == 129,
                   "one base letter per code point");
    switch (c) {
    case 0xC6:
    case 0xE6:
        return "ae";
    case 0xDE:
    case 0xFE:
        return "th";
    case 0xDF:
        return "ss";
    case 0x132:
    case 0x133:
        return "ij";
    case 0x152:
    case 0x153:
        return "oe";
    default:
        break;
    }
    char f = 0;
    if (c >= 0xC0 && c <= 0xFF)
        f = latin1[c - 0xC0];
    else if (c >= 0x100 && c <= 0x17F)
        f = ext_a[c - 0x100];
    if (!f || f == '*' || f == '2')
        return NULL;
    buf[0] = f;
    buf[1] = 0;
    return buf;
}

struct ib_search_letter
ib_search_letter(const char *text, const char *lang)
{
    static const char *const upper[] = {
        "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M",
        "N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z"};
    static const char *const lowers[] = {
        "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m",
        "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z"};
    static const struct {
        const char *label, *anchor;
    } extra[2][3] = {{{"Æ", "ae"}, {"Ø", "oe"}, {"Å", "aa"}},
                     {{"Å", "aa"}, {"Ä", "ae"}, {"Ö", "oe"}}};
    enum nordic nl = nordic(lang);
    const unsigned char *p = (const unsigned char *)text;
    size_t n = strlen(text);
    while (n > 0) {
        uint32_t c = next_char(&p, &n);
        if (!is_word_char(c))
            continue;
        if (c >= '0' && c <= '9')
            return (struct ib_search_letter){0, "0–9", "digits"};
        int x = nordic_letter(c, nl);
        if (x)
            return (struct ib_search_letter){
                26 + x, extra[nl == NORDIC_SV][x - 1].label,
                extra[nl == NORDIC_SV][x - 1].anchor};
        char buf[2];
        uint32_t l = lower(c);
        const char *f = l < 0x80 ? NULL : fold_latin(l, buf);
        uint32_t b = f ? (uint32_t)f[0] : l;
        if (b >= 'a' && b <= 'z')
            return (struct ib_search_letter){(int)(b - 'a') + 1, upper[b - 'a'],
                                             lowers[b - 'a']};
        break;
    }
    return (struct ib_search_letter){30, "#", "other"};
}

/*
 * Key bytes: 0x01 between words; digits 0x10-0x19; letters 0x20-0x39; the
 * Nordic letters 0x3A-0x3C; any other character 0x7F and its UTF-8 bytes
 * (all >= 0x80), so it sorts after every letter.
 */
void
ib_search_sort_key(const char *text, const char *lang, struct ib_buf *out)
{
    enum nordic nl = nordic(lang);
    const unsigned char *p = (const unsigned char *)text;
    size_t n = strlen(text);
    bool gap = false, any = false;
    while (n > 0) {
        uint32_t c = next_char(&p, &n);
        if (!is_word_char(c)) {
            gap = any;
            continue;
        }
        if (gap)
            ib_buf_putc(out, 0x01);
        gap = false;
        any = true;
        int x = nordic_letter(c, nl);
        uint32_t l = lower(c);
        char buf[2];
        const char *f;
        if (x) {
            ib_buf_putc(out, 0x39 + x);
        } else if (l >= '0' && l <= '9') {
            ib_buf_putc(out, (int)(0x10 + l - '0'));
        } else if (l >= 'a' && l <= 'z') {
            ib_buf_putc(out, (int)(0x20 + l - 'a'));
        } else if ((f = fold_latin(l, buf)) != NULL) {
            for (; *f; f++)
                ib_buf_putc(out, 0x20 + *f - 'a');
        } else {
            ib_buf_putc(out, 0x7F);
            put_utf8(out, l);
        }
    }
}
