/* SPDX-License-Identifier: MIT */
/* Text for the site search: distinct words, excerpts, A–Z ordering. */
#ifndef IB_SEARCH_H
#define IB_SEARCH_H

#include <stddef.h>

struct ib_buf;

/*
 * A word is a run of letters and digits (any script; punctuation, symbols
 * and spaces end it) in which single '.', '-', '_', '/' or ':' may join two
 * such runs, so "A.5.15", "POL-003" and "27001:2022" are one word each.
 * Words are lowercased (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic);
 * diacritics are kept, as the search script folds them when it compares.
 * Words of one byte or of more than 64 bytes are left out.
 */

/*
 * The distinct words of one document, collected section by section so
 * that each word is written once, in the first section that has it. CAP
 * bounds the bytes written per document (separators included); words
 * past it are dropped. Free with ib_search_words_free.
 */
struct ib_search_words;

struct ib_search_words *ib_search_words_new(size_t cap);
void ib_search_words_free(struct ib_search_words *w);

/* Forgets every word seen and restores the byte budget: a new document. */
void ib_search_words_clear(struct ib_search_words *w);

/* Counts TEXT's words as seen without writing them (titles, headings). */
void ib_search_words_see(struct ib_search_words *w, const char *text);

/*
 * Appends to OUT each word of TEXT not seen since the last clear, and
 * marks it seen. Words are separated by one space, also from what OUT
 * already holds.
 */
void ib_search_words_add(struct ib_search_words *w, const char *text,
                         struct ib_buf *out);

/*
 * Appends TEXT to OUT, or, when it is longer than MAX bytes, its longest
 * start of at most MAX bytes that ends before a space (at a character
 * boundary when there is no space), followed by "…".
 */
void ib_search_excerpt(const char *text, size_t max, struct ib_buf *out);

/*
 * The letter of an A–Z index under which TEXT is filed: that of its first
 * letter or digit. In Danish and Norwegian (LANG da, nb, nn, no) Æ, Ø and
 * Å are letters after Z (Ä and Ö file as Æ and Ø); in Swedish and Finnish
 * (sv, fi) Å, Ä and Ö are (Æ and Ø file as Ä and Ö); other accented Latin
 * letters file under their base letter. RANK orders the groups: digits 0,
 * A–Z 1–26, the three Nordic letters 27–29, anything else 30. LABEL
 * ("0–9", "A", "Å", "#") and ANCHOR (ASCII: "digits", "a", "aa", "other")
 * are static strings.
 */
struct ib_search_letter {
    int rank;
    const char *label;
    const char *anchor;
};

struct ib_search_letter ib_search_letter(const char *text, const char *lang);

/*
 * Appends to OUT a sort key of TEXT for LANG (as ib_search_letter reads
 * letters): byte order of keys (memcmp, then length) is dictionary order,
 * ignoring case, accents and punctuation, with a space before any letter.
 * Equal keys need a tie-break of the caller's.
 */
void ib_search_sort_key(const char *text, const char *lang, struct ib_buf *out);

#endif
