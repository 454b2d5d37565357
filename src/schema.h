/* SPDX-License-Identifier: MIT */
/* Typed reads from YAML maps, reporting type problems as findings. */
#ifndef IB_SCHEMA_H
#define IB_SCHEMA_H

#include <stdbool.h>

#include "date.h"
#include "diag.h"
#include "doc.h"

struct ib_arena;
struct ib_val;

/* Where findings go: the arena for results, the diag, the source file. */
struct ib_schema {
    struct ib_arena *a;
    struct ib_diag *d;
    const char *file;
    unsigned fallback_line; /* used for values without a position */
    /* Canonical key -> the key as written, for keys an alias renamed
     * (each value placed where the written key stands); NULL: none. */
    const struct ib_val *spelt;
};

/* KEY of MAP as the user wrote it: the alias, if one renamed it. */
const char *ib_schema_key(const struct ib_schema *s, const struct ib_val *map,
                          const char *key);

/* Returns the position of V (or of the fallback line) in the file. */
struct ib_loc ib_schema_loc(const struct ib_schema *s, const struct ib_val *v);

/*
 * Reads KEY of MAP as text into *OUT (position included). Absent or null:
 * returns false and leaves *OUT. A list or map: field-type error, false.
 * Numbers and booleans are read as written ("2.10" stays "2.10").
 */
bool ib_schema_text(const struct ib_schema *s, const struct ib_val *map,
                    const char *key, struct ib_ref *out);

/*
 * Reads KEY as a list of texts. A single scalar is taken as a one-item
 * list. Items that are not scalars are field-type errors and skipped.
 * Returns false when KEY is absent or null (OUT is then empty).
 */
bool ib_schema_list(const struct ib_schema *s, const struct ib_val *map,
                    const char *key, struct ib_reflist *out);

/* Reads KEY as a date; a bad one is a date-invalid error. */
bool ib_schema_date(const struct ib_schema *s, const struct ib_val *map,
                    const char *key, struct ib_date *out);

/* Reads KEY as an interval ("12 months", or a bare number of months). */
bool ib_schema_interval(const struct ib_schema *s, const struct ib_val *map,
                        const char *key, struct ib_interval *out);

/*
 * Reads KEY as one of NAMES (NULL-terminated); returns its index, or -1
 * when absent or not one of them (then a field-type error naming the
 * accepted values).
 */
int ib_schema_enum(const struct ib_schema *s, const struct ib_val *map,
                   const char *key, const char *const *names);

/*
 * Reports every key of MAP not in KNOWN (NULL-terminated) as a
 * field-unknown warning, with a "did you mean" suggestion when one is
 * close. WHAT names the context ("front matter", "handbook.yaml").
 */
void ib_schema_unknown_keys(const struct ib_schema *s, const struct ib_val *map,
                            const char *const *known, const char *what);

/* Reports a field-type error at V unless V is a map; returns whether it is. */
bool ib_schema_is_map(const struct ib_schema *s, const struct ib_val *v,
                      const char *what);

#endif
