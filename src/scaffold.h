/* SPDX-License-Identifier: MIT */
/* `ismsbook init` and `ismsbook new`: starting handbooks and documents. */
#ifndef IB_SCAFFOLD_H
#define IB_SCAFFOLD_H

#include <stddef.h>

#include "date.h"

struct ib_diag;

/*
 * Creates a new handbook in DIR (missing, with an existing parent, or an
 * empty folder): a commented handbook.yaml, content/soa.yaml listing every
 * Annex A control of the built-in catalog as undecided, and one draft per
 * item of documented information the catalog requires, with an outline of
 * what it must contain. TODAY gives the drafts' date and the year of record
 * ids. Everything appears at once or nothing does. Returns an exit status:
 * 0; 2 after output-refused (DIR is not empty, not a folder, or its parent
 * is missing); 1 after output-error (writing failed).
 */
int ib_scaffold_init(const char *dir, struct ib_date today,
                     struct ib_diag *d);

struct ib_scaffold_new_opts {
    const char *root;     /* handbook root, holding handbook.yaml */
    const char *type;     /* policy, standard, procedure, ... */
    const char *title;
    const char *owner;    /* NULL: the first key of people:, else "owner" */
    const char *controls; /* "A.5.15,A.8.24" or NULL */
    const char *clauses;  /* "4.3,6.1.3d" or NULL */
    struct ib_date today;
};

/*
 * Writes a draft of type O->type to content/<folder>/<slug>.md below
 * O->root, with the next free id of the type's pattern (handbook.yaml
 * `ids:`), the title, owner, status draft, last_reviewed O->today, the
 * controls and clauses given, and an outline for the type. Never replaces
 * a file. Returns an exit status: 0 with *PATH the path written, relative
 * to the root (free with free()); 2 after findings about the arguments or
 * handbook.yaml (field-type, control-unknown, owner-unknown, ...) or
 * output-refused (the file exists); 1 after file-unreadable or
 * output-error. *PATH is NULL unless 0 is returned.
 */
int ib_scaffold_new(const struct ib_scaffold_new_opts *o, char **path,
                    struct ib_diag *d);

/*
 * Returns the file name for TITLE: ASCII letters in lower case and digits,
 * Nordic and other common Latin letters transliterated (æ ae, ø oe, å aa,
 * ä ae, ö oe, ü ue, é e, ß ss), spaces, '-' and '_' as single '-', other
 * characters dropped, at most 80 bytes. Returns a new string, "" when
 * nothing is left; free with free().
 */
char *ib_scaffold_slug(const char *title);

/*
 * Returns NULL if PATTERN is a usable id pattern, else a static text
 * saying why not. A pattern is a document id with one run of 1 to 9 '#'
 * (the number, zero-padded to that width) and optionally "{year}" (four
 * digits), e.g. "POL-###" or "REC-{year}-###".
 */
const char *ib_scaffold_pattern_problem(const char *pattern);

/*
 * Returns the next id of PATTERN in YEAR: one more than the highest number
 * among IDS (N of them) that fit the pattern, ignoring ASCII case, or 1;
 * numbers wider than the pattern are kept whole. Returns a new string
 * (free with free()), or NULL if PATTERN is not usable.
 */
char *ib_scaffold_next_id(const char *pattern, int year,
                          const char *const *ids, size_t n);

#endif
