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

/* Latin Extended-A letters common in Nordic and European names. */
static const char *
latin_ext(uint32_t cp)
{
    switch (cp) {
    case 0x0152:
    case 0x0153:
        return "oe";
    case 0x0160:
    case 0x0161:
        return "s";
    case 0x017D:
    case 0x017E:
        return "z";
    case 0x010C:
    case 0x010D:
        return "c";
    case 0x0141:
    case 0x0142:
        return "l";
    case 0x0158:
    case 0x0159:
        return "r";
    case 0x011A:
    case 0x011B:
        return "e";
    default:
        return NULL;
    }
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
        } else if (cp >= 0xC0 && cp <= 0xFF) {
            w = latin1[cp - 0xC0];
        } else if ((w = latin_ext(cp)) == NULL && cp >= 0xC0 &&
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
