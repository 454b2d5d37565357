/* SPDX-License-Identifier: MIT */
/* UI strings: a theme's i18n/<lang>.yaml tables, falling back to the
 * built-in ones and to English. */
#ifndef IB_I18N_H
#define IB_I18N_H

#include <stdbool.h>
#include <stddef.h>

struct ib_arena;
struct ib_diag;
struct ib_mustache;
struct ib_val;

/*
 * The UI strings of a theme, one table per language. A table maps a key
 * ("nav_home") to a text, or to plural forms {one, other}. Every text is
 * also a Mustache template: its {{tags}} are filled in from the page's
 * context when a template includes it as a partial ({{>*t.key}}), or from
 * the values C code gives ib_i18n_format. English (en) is required and is
 * the fallback for every key another table and its base lack. Built once, then
 * only read, so pages may read it from several threads.
 */
struct ib_i18n;

/* Returns a new, empty set of tables; free with ib_i18n_free. */
struct ib_i18n *ib_i18n_new(void);
/* Frees T and every string it holds; NULL is a no-op. */
void ib_i18n_free(struct ib_i18n *t);

/*
 * Adds the table of language LANG (a code such as "da" or "nb-NO") from
 * TEXT, LEN bytes of YAML: a map of key to text, or to {one, other}
 * (other required). FILE names the source in findings. Returns 0, or -1
 * after findings: yaml-syntax (not YAML, or not a map), field-type (a
 * value of another shape, or LANG not a language code), template-syntax
 * (a text that is not a valid Mustache template, at its value's position).
 */
int ib_i18n_add(struct ib_i18n *t, const char *lang, const char *file,
                const char *text, size_t len, struct ib_diag *d);

/*
 * Sets the base of language LANG from TEXT, LEN bytes of YAML as for
 * ib_i18n_add (FILE names it in findings): ib_i18n_finish fills in each
 * key LANG's table lacks from it, before English. So a key of language L
 * comes from the theme's L, else the base of L, else the theme's English,
 * else the base of English. ib_i18n_load sets ismsbook's built-in tables
 * (ib_i18n_builtin) as the bases. Returns 0, or -1 after findings.
 */
int ib_i18n_set_base(struct ib_i18n *t, const char *lang, const char *file,
                     const char *text, size_t len, struct ib_diag *d);

/*
 * The default theme's i18n/<lang>.yaml files, compiled in by the Makefile
 * (NUL-terminated text), sorted by language; ends with {NULL, NULL}.
 */
struct ib_i18n_builtin {
    const char *lang;
    const unsigned char *text;
};
extern const struct ib_i18n_builtin ib_i18n_builtin[];

/*
 * Returns the keys ismsbook's C code looks up (labels, review texts, page
 * titles, feed texts...), sorted, NULL-terminated. Static.
 */
const char *const *ib_i18n_needed_keys(void);

/*
 * Reports in one ui-string-missing warning at the English file the keys
 * of ib_i18n_needed_keys and of USED (NUSED keys, e.g. those the theme's
 * templates name as t.KEY, in any order, repeats allowed) that the
 * English file lacks and the base fills in: the first five by name, in
 * the base's order, and how many more. Call after ib_i18n_finish. Returns
 * the number of such keys.
 */
size_t ib_i18n_report_missing(const struct ib_i18n *t, const char *const *used,
                              size_t nused, struct ib_diag *d);

/*
 * Reads every DIR/i18n/ *.yaml file (SHOWN/i18n/... in findings, as
 * theme.c names templates) with ib_i18n_add, the language being the file's
 * base name, sets the built-in table of English and of each language read
 * (by its code, else its primary subtag) as that language's base
 * (ib_i18n_set_base), then ib_i18n_finish. Returns 0, or -1 with findings.
 */
int ib_i18n_load(struct ib_i18n *t, const char *dir, const char *shown,
                 struct ib_diag *d);

/*
 * Completes the tables after the last ib_i18n_add: fills English's
 * missing keys from its base (ib_i18n_set_base), if any, and each other
 * table's from its own base, if any, then from English. Returns 0, or -1 after
 * a template-error finding at EN_FILE when there is no English table. A key
 * neither English nor the base has is a field-unknown warning at its position
 * (a translator's typo, with a suggestion), and is kept.
 */
int ib_i18n_finish(struct ib_i18n *t, const char *en_file, struct ib_diag *d);

/*
 * Returns the language whose table serves LANG: LANG itself (ignoring
 * case), else its primary subtag ("nb" for "nb-NO"; "no" is served by
 * "nb"), else "en". Borrowed from T.
 */
const char *ib_i18n_lang(const struct ib_i18n *t, const char *lang);

/*
 * Returns the text of KEY for LANG (resolved as by ib_i18n_lang, falling
 * back to English key by key); for plural forms, "other". KEY itself when
 * no table has it, so a missing string shows rather than vanishes.
 * Borrowed from T.
 */
const char *ib_i18n_get(const struct ib_i18n *t, const char *lang,
                        const char *key);

/*
 * Returns the form of KEY for the count N: "one" when N is 1 and the table
 * has it, else "other" (the rule of en, da, sv, nb and fi); a plain text
 * serves every N. Borrowed from T.
 */
const char *ib_i18n_plural(const struct ib_i18n *t, const char *lang,
                           const char *key, long n);

/* As ib_i18n_plural, in TABLE, which ib_i18n_table gave: for callers that
 * look up many strings of one language (a page). */
const char *ib_i18n_pick(const struct ib_val *table, const char *key, long n);

/*
 * Returns the whole table for LANG, every key filled in (a map, for the
 * templates' `t`). Borrowed from T; never NULL after ib_i18n_finish.
 */
const struct ib_val *ib_i18n_table(const struct ib_i18n *t, const char *lang);

/*
 * Returns LANG's own table as its file gives it, without English's keys
 * (a map), or NULL when there is no table for exactly LANG. Borrowed.
 */
const struct ib_val *ib_i18n_own(const struct ib_i18n *t, const char *lang);

/*
 * Returns the name of LANG in that language ("Dansk"), for language
 * switchers: the `language_name` of LANG's own table (not English's),
 * else a built-in name for common languages, else LANG. Borrowed.
 */
const char *ib_i18n_language_name(const struct ib_i18n *t, const char *lang);

/*
 * Returns TEXT with each {{name}} replaced by its value, in arena A. VARS
 * holds name, value, name, value..., NULL. Tags naming no variable are
 * kept as written. Values are plain text (templates escape them later).
 */
char *ib_i18n_format(struct ib_arena *a, const char *text,
                     const char *const *vars);

/*
 * Adds every text of every table, and of each base where its table lacks
 * the key, to M as a partial named by the text itself, so a template renders
 * `t.key` as a template with {{>*t.key}}.
 * A text equal to one of RESERVED (NULL-terminated: the theme's template
 * names) would replace that template: it is skipped after a
 * template-error finding. Returns 0, or -1 with findings.
 */
int ib_i18n_add_partials(const struct ib_i18n *t, struct ib_mustache *m,
                         const char *const *reserved, struct ib_diag *d);

/*
 * Returns true if S is a language tag ismsbook accepts: 2 or 3 lower-case
 * letters, optionally '-' or '_' and 2 to 8 letters or digits ("en",
 * "da", "nb-NO").
 */
bool ib_i18n_is_language(const char *s);

/*
 * Returns S as a BCP 47 tag, the form lang and hreflang attributes take:
 * a language tag written as a locale ("nb_NO") with '-' ("nb-NO"), and
 * its subtag in BCP 47's case ("nb-no" -> "nb-NO", "sr-latn" ->
 * "sr-Latn"), a new string in arena A; S itself when it needs no change
 * or is no language tag (ib_i18n_is_language), so a finding shows it as
 * written.
 */
const char *ib_i18n_language_tag(struct ib_arena *a, const char *s);

#endif
