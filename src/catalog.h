/* SPDX-License-Identifier: MIT */
/* Framework catalogs: Annex A controls, clauses and required documents. */
#ifndef IB_CATALOG_H
#define IB_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"

/*
 * A catalog is one framework (the built-in one is ISO/IEC 27001:2022) read
 * from four TSV tables. It owns every string and array it hands out: the
 * structs and strings below are borrowed and live as long as the catalog.
 * A catalog is never changed once built, so any number of threads may read
 * it at the same time.
 */
struct ib_catalog;

/* An Annex A control. Lists are NULL-terminated and never NULL. */
struct ib_control {
    const char *id;         /* "5.15" */
    const char *display_id; /* "A.5.15": the catalog's prefix plus id */
    const char *theme;      /* "organizational" | "people" | "physical" |
                               "technological" */
    const char *title;      /* short title, e.g. "Access control" */
    /* Other published spellings of the title, e.g. 27002's "User endpoint
       devices" for 8.1; usually empty. Accept them in input too. */
    const char *const *other_titles;
    /* ISO/IEC 27002:2022 attribute values, without the '#'. */
    const char *const *control_type;           /* "Preventive" ... */
    const char *const *security_properties;    /* "Confidentiality" ... */
    const char *const *cybersecurity_concepts; /* "Identify" ... */
    const char *const *operational_capabilities;
    const char *const *security_domains;
    bool is_new; /* no predecessor: new in this edition (2022) */
    /* Predecessor ids mapped to this control, e.g. "A.9.1.1" "A.9.1.2". */
    const char *const *legacy;
    size_t index; /* 0..count-1, in catalog order */
};

/* A requirement clause such as "6.1.2". The headings "4".."10" are
   clauses too, with a NULL parent. */
struct ib_clause {
    const char *id;     /* "6.1.2" */
    const char *title;  /* "Information security risk assessment" */
    const char *parent; /* "6.1", "4" for "4.3", NULL for "4" */
};

/* Documented information the standard requires. */
struct ib_required {
    const char *id;      /* "4.3", "6.1.3d", "9.2.2" */
    const char *clause;  /* the clause that words it: "4.3", "6.1.3" */
    const char *title;   /* "Scope of the ISMS" */
    bool is_record;      /* evidence of something done, not a document */
    bool is_implied;     /* expected by auditors, not worded as required */
    const char *wording; /* "shall be available as documented information";
                            "" when unknown */
    const char *note;    /* "" when none */
};

/* One table of a framework: TSV text with a header row. */
struct ib_catalog_table {
    const char *file; /* the name findings use, e.g. "frameworks/x.tsv" */
    const char *text; /* NUL-terminated UTF-8; NULL when the table is absent */
};

/*
 * Where a framework comes from. Columns are found by their header names,
 * so extra columns are ignored and their order does not matter:
 * - controls: id, theme, title required; control_type, security_properties,
 *   cybersecurity_concepts, operational_capabilities, security_domains
 *   (space-separated "#Tag" values), new_in_* or new (yes/no), and title_*
 *   (other spellings) optional.
 * - legacy (optional): first column a predecessor id, second the
 *   space-separated ids it maps to; optional column change.
 * - clauses (optional): id, title required; parent_id, clause and
 *   clause_title (which add the headings) optional.
 * - required (optional): id, parent_clause, document, kind (document or
 *   record) required; wording, explicit (yes or implied), note optional.
 */
struct ib_catalog_def {
    const char *name;   /* "ISO/IEC 27001:2022" */
    const char *prefix; /* of display ids, e.g. "A."; may be "" */
    struct ib_catalog_table controls, legacy, clauses, required;
};

/*
 * Returns the built-in ISO/IEC 27001:2022 catalog, parsed from the data
 * embedded at build time on the first call (thread-safe). Never NULL. The
 * instance is shared and lives until the process exits; ib_catalog_free
 * ignores it.
 */
const struct ib_catalog *ib_catalog_builtin(void);

/*
 * Parses a framework from DEF. Returns a new catalog (free with
 * ib_catalog_free), or NULL after recording a "catalog-invalid" finding in D
 * at file:line:col for each bad row (a missing column, a malformed or
 * duplicate id, an unknown control in a mapping, a bad tag). D gets nothing
 * on success. The texts are copied; DEF may go away afterwards.
 */
struct ib_catalog *ib_catalog_parse(const struct ib_catalog_def *def,
                                    struct ib_diag *d);

/* Frees C and everything it handed out. NULL and the built-in are no-ops. */
void ib_catalog_free(struct ib_catalog *c);

/* Returns the framework's name, e.g. "ISO/IEC 27001:2022". */
const char *ib_catalog_name(const struct ib_catalog *c);

/* Returns the number of controls (93 for the built-in catalog). */
size_t ib_catalog_control_count(const struct ib_catalog *c);
/* Returns control I (I < count), in catalog order: 5.1 .. 8.34. */
const struct ib_control *ib_catalog_control_at(const struct ib_catalog *c,
                                               size_t i);

/*
 * Returns the control named ID, with or without the display prefix in any
 * case ("A.5.15", "a.5.15", "5.15"), or NULL if there is none. Nothing
 * else is tolerated: no spaces, no leading zeros, no 2013 ids.
 */
const struct ib_control *ib_catalog_control(const struct ib_catalog *c,
                                            const char *id);

/*
 * Looks up a predecessor (2013) id such as "A.9.1.1" or "9.1.1". Returns the
 * number of controls it maps to (0 if unknown; 2 for A.18.2.3) and stores
 * up to MAX of them in OUT, in catalog order. OUT may be NULL when MAX is
 * 0. Several old ids may map to the same control ("merged").
 */
size_t ib_catalog_legacy(const struct ib_catalog *c, const char *id2013,
                         const struct ib_control **out, size_t max);

/* Returns the clause ID ("4.3", "6.1.2", "9.3.3", "10") or NULL. */
const struct ib_clause *ib_catalog_clause(const struct ib_catalog *c,
                                          const char *id);
/* Returns the number of clauses, headings included. */
size_t ib_catalog_clause_count(const struct ib_catalog *c);
/* Returns clause I (I < count) in document order: 4, 4.1, ..., 10.2. */
const struct ib_clause *ib_catalog_clause_at(const struct ib_catalog *c,
                                             size_t i);

/* Returns the number of required documents and records. */
size_t ib_catalog_required_count(const struct ib_catalog *c);
/* Returns required item I (I < count), in clause order. */
const struct ib_required *ib_catalog_required_at(const struct ib_catalog *c,
                                                 size_t i);

/*
 * Writes every control to F. FORMAT is "text" (a table grouped by theme,
 * attributes abbreviated, a legend at the end), "json" (an array of
 * objects with every field) or "csv" (RFC 4180: header row, UTF-8, CRLF);
 * NULL means "text". Returns 0, or -1 for an unknown format (nothing is
 * written) or a write error; the caller reports either.
 */
int ib_catalog_print(const struct ib_catalog *c, FILE *f, const char *format);

#endif
