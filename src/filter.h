/* SPDX-License-Identifier: MIT */
/* Lua 5.4 filters: an organisation's own rules and rewrites, sandboxed. */
#ifndef IB_FILTER_H
#define IB_FILTER_H

#include <stdbool.h>

struct ib_catalog;
struct ib_diag;
struct ib_doc;
struct ib_site;

/*
 * The filters handbook.yaml lists, in its order, each in a Lua state of
 * its own with the budgets of `filter_limits:`. The set borrows the site,
 * which must outlive it. Not thread-safe: one thread runs a set.
 */
struct ib_filter_set;

/*
 * Receives a filter's ismsbook.log() and print() output: FILE is the
 * filter ("filters/x.lua"), LINE the line that logged (0 if unknown), MSG
 * one line of text.
 */
typedef void (*ib_filter_log_fn)(void *ud, const char *file, unsigned line,
                                 const char *msg);

/*
 * Reads every filter of SITE->cfg.filters below SITE->root and runs its
 * main chunk, which returns its hooks. Findings that filters report with
 * their own rule ids (doc:report, site:report) go to FINDINGS; filter-error
 * and filter-limit, and findings about metadata a filter changed, go to D.
 * CAT answers catalog look-ups; LOG may be NULL to drop log lines.
 * Returns the set (free with ib_filter_set_free), or NULL when there are
 * no filters or one failed to load (then with a finding in D).
 */
struct ib_filter_set *ib_filter_set_new(struct ib_site *site,
                                        const struct ib_catalog *cat,
                                        struct ib_diag *findings,
                                        ib_filter_log_fn log, void *log_ud,
                                        struct ib_diag *d);

/* True if some filter of FS (which may be NULL) has a document hook. */
bool ib_filter_set_has_document_hooks(const struct ib_filter_set *fs);

/* True if some filter of FS (which may be NULL) has a site hook: its
 * documents' trees must then live until ib_filter_run_site is done. */
bool ib_filter_set_has_site_hooks(const struct ib_filter_set *fs);

/*
 * Runs every filter's document hook on DOC, a valid document with a parsed
 * tree, in order. After each hook, metadata the hook changed is checked
 * again by the front matter schema and becomes DOC's; afterwards DOC's
 * headings are brought up to date. Returns 0, or -1 after recording a
 * filter-error or filter-limit in D: from then on the set runs nothing.
 */
int ib_filter_run_document(struct ib_filter_set *fs, struct ib_doc *doc,
                           struct ib_diag *d);

/*
 * Runs every filter's site hook, for rules across documents; it reads the
 * site (links resolved) and reports, but changes nothing. Returns 0, or -1
 * as ib_filter_run_document.
 */
int ib_filter_run_site(struct ib_filter_set *fs, struct ib_diag *d);

/* Closes every filter's Lua state. NULL is a no-op. */
void ib_filter_set_free(struct ib_filter_set *fs);

#endif
