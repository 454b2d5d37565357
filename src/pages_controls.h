/* SPDX-License-Identifier: MIT */
/* Annex A control pages, and the control summary the SoA pages share. */
#ifndef IB_PAGES_CONTROLS_H
#define IB_PAGES_CONTROLS_H

#include <stdbool.h>
#include <stddef.h>

struct ib_control_cov;
struct ib_reflist;
struct ib_coverage;
struct ib_page;
struct ib_val;

/* Whether a control applies, as the Statement of Applicability says. */
enum ib_applic {
    IB_APPLIC_UNDECIDED,
    IB_APPLIC_APPLICABLE,
    IB_APPLIC_EXCLUDED,
};

/*
 * Returns CC's applicability: excluded when soa.yaml excludes it;
 * applicable when soa.yaml gives it a status or a justification, or a
 * document that is not retired lists it in `controls:`; else undecided.
 */
enum ib_applic ib_pages_controls_applicability(const struct ib_control_cov *cc);

/*
 * Returns the template context of control CC as page P shows it, in P's
 * arena: ids, title, theme, href, the SoA decision, coverage and the
 * published documents implementing it (the keys are in the README), at
 * most MAX_DOCS of them (has_more_docs and more_docs_text tell of the
 * rest). FULL adds its ISO/IEC 27002 attributes and the 2013 controls it
 * replaces.
 */
struct ib_val *ib_pages_controls_summary(struct ib_page *p,
                                         const struct ib_control_cov *cc,
                                         bool full, size_t max_docs);

/*
 * Returns the summaries of every control of COV grouped by theme, in
 * catalog order, in P's arena: a list of {theme, label, count,
 * controls[]}. FULL and MAX_DOCS are as for ib_pages_controls_summary.
 */
struct ib_val *ib_pages_controls_by_theme(struct ib_page *p,
                                          const struct ib_coverage *cov,
                                          bool full, size_t max_docs);

/*
 * Returns how the controls of COV stand, in P's arena: {controls,
 * covered, uncovered, excluded, undecided, all_covered (nothing uncovered
 * or undecided)}.
 */
struct ib_val *ib_pages_controls_stats(struct ib_page *p,
                                       const struct ib_coverage *cov);

/*
 * Returns the controls a document lists (REFS, as written) for its page,
 * in P's arena: [{id, title, href}]. A 2022 id gets its display id, title
 * and control page; a 2013 or unknown id stays as written, with title and
 * href "".
 */
struct ib_val *ib_pages_controls_refs(struct ib_page *p,
                                      const struct ib_reflist *refs);

#endif
