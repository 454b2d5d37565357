/* SPDX-License-Identifier: MIT */
/* Mustache templates (spec v1.3 with inheritance and dynamic names). */
#ifndef IB_MUSTACHE_H
#define IB_MUSTACHE_H

#include <stddef.h>

struct ib_buf;
struct ib_diag;
struct ib_val;

/*
 * Rendering nests sections, partials, parents and blocks at most
 * IB_MUSTACHE_MAX_DEPTH deep in all; one template nests sections, parents
 * and blocks at most IB_MUSTACHE_MAX_NEST deep. Both keep the C stack
 * bounded whatever the templates say: a partial that includes itself ends
 * with a finding, not a crash.
 */
#define IB_MUSTACHE_MAX_DEPTH 128
#define IB_MUSTACHE_MAX_NEST 64

/*
 * One render takes at most IB_MUSTACHE_MAX_STEPS steps (a tag rendered,
 * one item of a list a section repeats for, or one enclosing context
 * searched for a name) and writes at most IB_MUSTACHE_MAX_OUTPUT bytes.
 * Sections nested over lists multiply: twenty levels over three items are
 * 3^20 steps (minutes), thirty are 3^30 (months); the whole budget runs
 * in a fraction of a second. The biggest page of the example handbook
 * takes under 5,000.
 */
#define IB_MUSTACHE_MAX_STEPS 10000000
#define IB_MUSTACHE_MAX_OUTPUT ((size_t)64 << 20)

/*
 * A set of named templates, each compiled once into a tree. Partials and
 * parents are looked up by name in the same set when rendering, so they may
 * be added in any order. No lambdas. Adding is not thread-safe; rendering
 * only reads the set, so threads may render from one set at once.
 */
struct ib_mustache;

/* Returns a new, empty set; free with ib_mustache_free. */
struct ib_mustache *ib_mustache_new(void);
/* Frees M and every template in it; NULL is a no-op. */
void ib_mustache_free(struct ib_mustache *m);

/*
 * Compiles TEXT (LEN bytes) as template NAME; a later template of the same
 * name replaces it. FILE names the source in findings. NAME, FILE and TEXT
 * are copied. Returns 0, or -1 after a "template-syntax" finding at
 * FILE:line:col (1-based, columns in bytes): an unclosed tag, an empty or
 * spaced name, a bad delimiter change, an unclosed or mismatched section,
 * or nesting deeper than IB_MUSTACHE_MAX_NEST. A failed NAME is not added.
 */
int ib_mustache_add(struct ib_mustache *m, const char *name, const char *file,
                    const char *text, size_t len, struct ib_diag *d);

/*
 * Reports each partial or parent tag of a template in M that names no
 * template of M, as a "template-error" finding at the tag: rendering
 * follows the spec and shows nothing there, which hides a misspelt or
 * missing partial. Dynamic names ({{>*x}}) are known only when rendering
 * and are not checked. Returns 0, or -1 after findings.
 */
int ib_mustache_check(const struct ib_mustache *m, struct ib_diag *d);

/* Called by ib_mustache_each_key: KEY is borrowed from the set. */
typedef void (*ib_mustache_key_fn)(void *ud, const char *key, const char *file,
                                   unsigned line, unsigned col);

/*
 * Calls FN(UD, KEY, file, line, col) for each tag of template NAME in M,
 * in the template's order, whose name is ROOT.KEY or ROOT.KEY.more: a
 * variable, section or inverted section ({{t.key}}, {{#t.key}}), or a
 * dynamic partial or parent ({{>*t.key}}). Nothing when M has no NAME.
 * For checks at load of the names a theme's templates use.
 */
void ib_mustache_each_key(const struct ib_mustache *m, const char *name,
                          const char *root, ib_mustache_key_fn fn, void *ud);

/*
 * Renders template NAME with the context CTX, appending to OUT. Values are
 * HTML-escaped unless the tag is {{{x}}} or {{&x}}; null, lists and maps
 * interpolate as nothing, numbers in the shortest form that reads back.
 * Unknown partials and parents render as nothing, as the spec says.
 * Returns 0, or -1 after a "template-error" finding (an unknown NAME,
 * nesting deeper than IB_MUSTACHE_MAX_DEPTH, reported at the tag that went
 * too deep, or a render over its budget, reported where it stopped); OUT
 * then holds partial output.
 */
int ib_mustache_render(const struct ib_mustache *m, const char *name,
                       const struct ib_val *ctx, struct ib_buf *out,
                       struct ib_diag *d);

#endif
