/* SPDX-License-Identifier: MIT */
/* The Statement of Applicability decisions file (soa.yaml). */
#ifndef IB_SOA_H
#define IB_SOA_H

#include <stdbool.h>
#include <stddef.h>

struct ib_arena;
struct ib_diag;

enum ib_impl {
    IB_IMPL_UNSET,
    IB_IMPL_IMPLEMENTED,
    IB_IMPL_PARTIAL,
    IB_IMPL_PLANNED,
    IB_IMPL_NOT_STARTED,
};

/* One control's decision, with the positions findings point at. */
struct ib_soa_entry {
    const char *control; /* as written: "A.5.15" or "5.15" */
    unsigned line, col;  /* of the key */
    bool excluded;
    const char *justification; /* "" when none */
    unsigned just_line;
    enum ib_impl status;
};

/*
 * A loaded soa.yaml:
 *
 *     controls:
 *       A.5.15: { status: implemented, justification: "..." }
 *       A.7.4:  { excluded: true, justification: "..." }
 *       A.8.1:                    # listed, not yet decided
 *
 * FILE is "" when the handbook has no SoA. Entries keep file order; ids are
 * not checked against the catalog here (rules.c does that).
 */
struct ib_soa {
    const char *file;
    struct ib_soa_entry *entries;
    size_t n;
};

/*
 * Loads ROOT/FILE (FILE relative to the root, "" for none) into SOA, in
 * arena A. Shape problems are findings (yaml-syntax, field-type,
 * field-unknown); returns -1 if the file could not be read or parsed.
 */
int ib_soa_load(struct ib_arena *a, const char *root, const char *file,
                struct ib_soa *soa, struct ib_diag *d);

/* "implemented", "partial", "planned", "not-started" or "" for unset. */
const char *ib_impl_name(enum ib_impl s);

#endif
