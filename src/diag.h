/* SPDX-License-Identifier: MIT */
/* Findings: what ismsbook reports about a handbook, with positions. */
#ifndef IB_DIAG_H
#define IB_DIAG_H

#include <stdbool.h>
#include <stddef.h>

enum ib_sev {
    IB_SEV_OFF = 0,
    IB_SEV_WARNING,
    IB_SEV_ERROR,
};

/*
 * A position in a source file. FILE is relative to the handbook root
 * (e.g. "content/policies/access.md"). LINE and COL are 1-based; COL counts
 * bytes. 0 means unknown (the whole file, or the whole line).
 */
struct ib_loc {
    const char *file;
    unsigned line;
    unsigned col;
};

struct ib_finding {
    enum ib_sev sev;
    struct ib_loc loc; /* loc.file owned by the diag */
    char *rule;        /* stable rule id, e.g. "link-broken" */
    char *msg;
    /*
     * What the finding is about when that is not simply its file, such as
     * "control:5.15" or "mandatory:6.1.2" (reports group findings by it,
     * e.g. one JUnit test case per control); NULL otherwise.
     */
    char *subject;
    size_t seq; /* insertion order: the last sort key */
};

/*
 * A list of findings. It copies every string it is given, so callers may
 * pass borrowed or temporary strings. Not thread-safe.
 */
struct ib_diag;

struct ib_diag *ib_diag_new(void);
void ib_diag_free(struct ib_diag *d);

/*
 * Records a finding. SEV is the rule's default severity; a severity set with
 * ib_diag_set_severity for RULE replaces it, and IB_SEV_OFF drops it.
 */
void ib_diag_add(struct ib_diag *d, enum ib_sev sev, struct ib_loc loc,
                 const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/*
 * Like ib_diag_add, and also records SUBJECT (copied; NULL for none), the
 * thing the finding is about, e.g. "control:5.15".
 */
void ib_diag_add_about(struct ib_diag *d, const char *subject, enum ib_sev sev,
                       struct ib_loc loc, const char *rule, const char *fmt,
                       ...) __attribute__((format(printf, 6, 7)));

/* Overrides the severity of RULE for later ib_diag_add calls. */
void ib_diag_set_severity(struct ib_diag *d, const char *rule,
                          enum ib_sev sev);

/*
 * Returns a new, empty collection with D's severity overrides: findings
 * one thread collects apart, to be moved into D with ib_diag_take_all.
 */
struct ib_diag *ib_diag_new_like(const struct ib_diag *d);

/* Moves every finding of SRC to the end of D; SRC is left empty. */
void ib_diag_take_all(struct ib_diag *d, struct ib_diag *src);

/*
 * Sorts by file, line, column, then the order findings were added in
 * (deterministic, as the pipeline adds them in sorted input order).
 */
void ib_diag_sort(struct ib_diag *d);

size_t ib_diag_count(const struct ib_diag *d);
const struct ib_finding *ib_diag_get(const struct ib_diag *d, size_t i);
size_t ib_diag_errors(const struct ib_diag *d);
size_t ib_diag_warnings(const struct ib_diag *d);

/* Returns "error", "warning" or "off". */
const char *ib_sev_name(enum ib_sev sev);
/* Parses "error", "warning" or "off"; returns false for anything else. */
bool ib_sev_parse(const char *s, enum ib_sev *out);

#endif
