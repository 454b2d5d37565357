/* SPDX-License-Identifier: MIT */
/* Translations on the site: groups of a document and its translations. */
#ifndef IB_PAGES_LANG_H
#define IB_PAGES_LANG_H

#include <stddef.h>

struct ib_doc;
struct ib_page;
struct ib_site;
struct ib_val;

/*
 * Returns the original DOC translates: the end of its chain of
 * `translation_of` (a translation of a translation belongs with the
 * first original), or DOC itself when it translates nothing, the chain
 * leads to a document that is missing or not published, or goes round
 * in a circle. Borrowed from SITE.
 */
const struct ib_doc *ib_pages_lang_original(const struct ib_site *site,
                                            const struct ib_doc *doc);

/*
 * The translation groups of a site: every published document with the
 * others that share its original. Built once per build, then only read.
 */
struct ib_pages_lang;

/* Returns the groups of SITE's published documents; free with
 * ib_pages_lang_free. */
struct ib_pages_lang *ib_pages_lang_new(const struct ib_site *site);
/* Frees G; NULL is a no-op. */
void ib_pages_lang_free(struct ib_pages_lang *g);

/*
 * Sets DOC's language switcher in its page's summary S: `translations[]`
 * (the other published documents of DOC's group, by language then id,
 * each {id, title, href, lang, language (its name in itself), status,
 * last}) and `has_translations`. DOC must be one of G's documents.
 */
void ib_pages_lang_switcher(struct ib_page *p, const struct ib_pages_lang *g,
                            const struct ib_doc *doc, struct ib_val *s);

/*
 * Folds translations into their originals in a list of documents: sets
 * ROW[i] to the index in DOCS[0..N) of the row document i is shown on:
 * i itself, or its original's index when the original is in the list
 * too. Takes O(N).
 */
void ib_pages_lang_fold(const struct ib_site *site,
                        const struct ib_doc *const *docs, size_t n,
                        size_t *row);

/*
 * Adds DOC to the `translations[]` of summary S (the row of its original
 * on page P), in order of language then id, and sets S's
 * `has_translations`. Summaries start with an empty list.
 */
void ib_pages_lang_add(struct ib_page *p, struct ib_val *s,
                       const struct ib_doc *doc);

#endif
