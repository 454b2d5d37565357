/* SPDX-License-Identifier: MIT */
/*
 * Slugs for file names and fragment ids. The alphabet is [a-z0-9_-] so a
 * slug is safe in a URL path, a file name on any common file system and
 * an HTML id, without escaping. A slug depends on its input alone, so
 * every page that links to a tag computes the same name.
 */
#include "slug.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "text.h"

#define SLUG_MAX 64

/* ASCII spellings of U+00C0..U+00FF, upper and lower case alike; "" is a
 * separator (the multiplication and division signs). */
static const char *const latin1[64] = {
    "a", "a", "a",  "a", "ae", "aa", "ae", "c", "e",  "e",  "e",  "e",  "i",
    "i", "i", "i",  "d", "n",  "o",  "o",  "o", "o",  "oe", "",   "oe", "u",
    "u", "u", "ue", "y", "th", "ss", "a",  "a", "a",  "a",  "ae", "aa", "ae",
    "c", "e", "e",  "e", "e",  "i",  "i",  "i", "i",  "d",  "n",  "o",  "o",
    "o", "o", "oe", "",  "oe", "u",  "u",  "u", "ue", "y",  "th", "y",
};

/* ASCII spellings of U+0100..U+024F, Latin Extended-A and -B, eight a
 * row: the base letter ("n" for n with acute, "l" for l with stroke), as
 * Latin-1's table spells letters that have one there ("ae" for a
 * diaeresis on a, o or u, "oe" for o with a stroke, "aa" for a ring on a);
 * NULL for letters with no ASCII base (tone letters, clicks, yogh,
 * wynn...), which are written as code points. */
static const char *const latin_ext_tab[0x250 - 0x100] = {
    "a",  "a",  "a",  "a",  "a",  "a",  "c",  "c",  /* U+0100 */
    "c",  "c",  "c",  "c",  "c",  "c",  "d",  "d",  /* U+0108 */
    "d",  "d",  "e",  "e",  "e",  "e",  "e",  "e",  /* U+0110 */
    "e",  "e",  "e",  "e",  "g",  "g",  "g",  "g",  /* U+0118 */
    "g",  "g",  "g",  "g",  "h",  "h",  "h",  "h",  /* U+0120 */
    "i",  "i",  "i",  "i",  "i",  "i",  "i",  "i",  /* U+0128 */
    "i",  "i",  "ij", "ij", "j",  "j",  "k",  "k",  /* U+0130 */
    "k",  "l",  "l",  "l",  "l",  "l",  "l",  "l",  /* U+0138 */
    "l",  "l",  "l",  "n",  "n",  "n",  "n",  "n",  /* U+0140 */
    "n",  "n",  "ng", "ng", "o",  "o",  "o",  "o",  /* U+0148 */
    "o",  "o",  "oe", "oe", "r",  "r",  "r",  "r",  /* U+0150 */
    "r",  "r",  "s",  "s",  "s",  "s",  "s",  "s",  /* U+0158 */
    "s",  "s",  "t",  "t",  "t",  "t",  "t",  "t",  /* U+0160 */
    "u",  "u",  "u",  "u",  "u",  "u",  "u",  "u",  /* U+0168 */
    "u",  "u",  "u",  "u",  "w",  "w",  "y",  "y",  /* U+0170 */
    "y",  "z",  "z",  "z",  "z",  "z",  "z",  "s",  /* U+0178 */
    "b",  "b",  "b",  "b",  NULL, NULL, "o",  "c",  /* U+0180 */
    "c",  "d",  "d",  "d",  "d",  NULL, "e",  "e",  /* U+0188 */
    "e",  "f",  "f",  "g",  NULL, "hv", NULL, "i",  /* U+0190 */
    "k",  "k",  "l",  NULL, NULL, "n",  "n",  "o",  /* U+0198 */
    "o",  "o",  "oi", "oi", "p",  "p",  NULL, NULL, /* U+01A0 */
    NULL, NULL, NULL, "t",  "t",  "t",  "t",  "u",  /* U+01A8 */
    "u",  NULL, "v",  "y",  "y",  "z",  "z",  "z",  /* U+01B0 */
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, /* U+01B8 */
    NULL, NULL, NULL, NULL, "dz", "dz", "dz", "lj", /* U+01C0 */
    "lj", "lj", "nj", "nj", "nj", "a",  "a",  "i",  /* U+01C8 */
    "i",  "o",  "o",  "u",  "u",  "ue", "ue", "ue", /* U+01D0 */
    "ue", "ue", "ue", "ue", "ue", "e",  "ae", "ae", /* U+01D8 */
    "a",  "a",  "ae", "ae", "g",  "g",  "g",  "g",  /* U+01E0 */
    "k",  "k",  "o",  "o",  "o",  "o",  "z",  "z",  /* U+01E8 */
    "j",  "dz", "dz", "dz", "g",  "g",  "hv", NULL, /* U+01F0 */
    "n",  "n",  "aa", "aa", "ae", "ae", "oe", "oe", /* U+01F8 */
    "a",  "a",  "a",  "a",  "e",  "e",  "e",  "e",  /* U+0200 */
    "i",  "i",  "i",  "i",  "o",  "o",  "o",  "o",  /* U+0208 */
    "r",  "r",  "r",  "r",  "u",  "u",  "u",  "u",  /* U+0210 */
    "s",  "s",  "t",  "t",  NULL, NULL, "h",  "h",  /* U+0218 */
    "n",  "d",  "ou", "ou", "z",  "z",  "a",  "a",  /* U+0220 */
    "e",  "e",  "oe", "oe", "o",  "o",  "o",  "o",  /* U+0228 */
    "o",  "o",  "y",  "y",  "l",  "n",  "t",  "j",  /* U+0230 */
    "db", "qp", "a",  "c",  "c",  "l",  "t",  "s",  /* U+0238 */
    "z",  NULL, NULL, "b",  "u",  NULL, "e",  "e",  /* U+0240 */
    "j",  "j",  "q",  "q",  "r",  "r",  "y",  "y",  /* U+0248 */
};

const char *
ib_slug_latin(uint32_t cp)
{
    if (cp == 0xAA)
        return "a";
    if (cp == 0xBA)
        return "o";
    if (cp >= 0xC0 && cp <= 0xFF)
        return latin1[cp - 0xC0];
    if (cp >= 0x100 && cp < 0x250)
        return latin_ext_tab[cp - 0x100];
    return NULL;
}

static bool
is_reserved(const char *s)
{
    static const char *const names[] = {"index", "con", "prn",
                                        "aux",   "nul", NULL};
    for (size_t i = 0; names[i]; i++)
        if (strcmp(s, names[i]) == 0)
            return true;
    return (strncmp(s, "com", 3) == 0 || strncmp(s, "lpt", 3) == 0) &&
           s[3] >= '1' && s[3] <= '9' && s[4] == '\0';
}

char *
ib_slug(struct ib_arena *a, const char *s)
{
    char out[SLUG_MAX + 2];
    size_t n = 0;
    size_t last_sep = 0; /* where the last '-' went, 0 if none */
    bool sep = false;    /* a separator is pending */
    const unsigned char *p = (const unsigned char *)s;
    size_t left = strlen(s);
    while (left) {
        uint32_t cp = *p;
        size_t k = 1;
        char word[16];
        const char *w = NULL;
        if (cp >= 0x80) {
            k = ib_text_utf8_decode(p, left, &cp);
            if (k == 0) {
                k = 1;
                cp = '-';
            }
        }
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '_') {
            word[0] = (char)cp, word[1] = '\0', w = word;
        } else if (cp >= 'A' && cp <= 'Z') {
            word[0] = (char)(cp + 32), word[1] = '\0', w = word;
        } else if ((w = ib_slug_latin(cp)) == NULL && cp >= 0xC0 &&
                   !(cp >= 0x2000 && cp <= 0x206F)) {
            /* Not Latin-1 or general punctuation, nor a space: keep it
             * distinguishable. */
            snprintf(word, sizeof word, "u%x", (unsigned)cp);
            w = word;
        }
        p += k;
        left -= k;
        if (!w || !*w) {
            sep = n > 0;
            continue;
        }
        size_t wl = strlen(w);
        if (n + sep + wl > SLUG_MAX) {
            /* Rather end at a word's end than cut one, if there is one. */
            if (!sep && last_sep)
                n = last_sep;
            break;
        }
        if (sep) {
            last_sep = n;
            out[n++] = '-';
        }
        sep = false;
        memcpy(out + n, w, wl);
        n += wl;
    }
    out[n] = '\0';
    if (n == 0)
        return ib_arena_strdup(a, "x");
    if (is_reserved(out))
        return ib_arena_printf(a, "%s_", out);
    return ib_arena_strdup(a, out);
}
