/* SPDX-License-Identifier: MIT */
/* The rules `ismsbook check` adds to loading: reviews, owners, controls,
 * the Statement of Applicability and mandatory documented information. */
#ifndef IB_RULES_H
#define IB_RULES_H

#include <stdbool.h>
#include <stddef.h>

struct ib_catalog;
struct ib_control;
struct ib_diag;
struct ib_doc;
struct ib_site;
struct ib_soa;
struct ib_soa_entry;

/*
 * How one control stands: the SoA's decision and the documents that
 * implement it (directly or through a 2013 id). Built by ib_coverage_new.
 */
struct ib_control_cov {
    const struct ib_control *control;
    const struct ib_soa_entry *soa; /* NULL when the SoA does not list it */
    bool excluded;
    bool covered; /* an approved document with a current review maps it */
    const struct ib_doc **docs; /* every valid document mapping it */
    size_t ndocs;
};

struct ib_coverage {
    struct ib_control_cov *controls; /* one per catalog control, in order */
    size_t n;
};

/*
 * Computes coverage of every control of CAT by SITE's documents (retired
 * ones are listed but never cover) and SOA (NULL: nothing excluded). Free
 * with ib_coverage_free. Pure: records no findings.
 */
struct ib_coverage *ib_coverage_new(const struct ib_site *site,
                                    const struct ib_catalog *cat,
                                    const struct ib_soa *soa);
void ib_coverage_free(struct ib_coverage *cov);

/*
 * Runs every check-only rule over SITE and records findings in D:
 * owner-unknown, review-overdue, review-due-soon, control-unknown,
 * control-legacy, control-uncovered, control-excluded-but-mapped,
 * soa-justification-missing, mandatory-missing, mandatory-not-approved,
 * and unknown clauses (field-type). SOA is NULL when the SoA file could not
 * be read: the rules that need it are then skipped.
 */
void ib_rules_check(const struct ib_site *site, const struct ib_catalog *cat,
                    const struct ib_soa *soa, struct ib_diag *d);

/* Whether the per-document rules judge DOC (its people, review, controls
 * and clauses): it has front matter and is not retired. */
bool ib_rules_judges(const struct ib_doc *doc);

/* Normalises a clause reference: "6.1.3 d)" -> "6.1.3d". Returns a new
 * string; free with free(). */
char *ib_rules_clause_key(const char *s);

#endif
