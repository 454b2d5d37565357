/* SPDX-License-Identifier: MIT */
/*
 * Check-only rules. They read the site model, the catalog and the SoA and
 * only record findings, so `build` can skip them and `check` can run them
 * after the same load. Every finding about a control or a mandatory item
 * carries a subject ("control:5.15", "mandatory:6.1.2") for JUnit reports.
 */
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "diag.h"
#include "doc.h"
#include "site.h"
#include "soa.h"
#include "text.h"
#include "val.h"
#include "xmalloc.h"

#define MAX_MAPPED 4

static struct ib_loc
ref_loc(const struct ib_doc *doc, const struct ib_ref *r)
{
    return (struct ib_loc){doc->path, r->line ? r->line : 1,
                           r->line ? r->col : 0};
}

/* Resolves a control reference; returns how many 2022 controls it names
 * (0: unknown) and whether it was a legacy id. */
static size_t
resolve_control(const struct ib_catalog *cat, const char *id,
                const struct ib_control **out, bool *legacy)
{
    *legacy = false;
    out[0] = ib_catalog_control(cat, id);
    if (out[0])
        return 1;
    size_t n = ib_catalog_legacy(cat, id, out, MAX_MAPPED);
    *legacy = n > 0;
    return n < MAX_MAPPED ? n : MAX_MAPPED;
}

static bool
counts_for_coverage(const struct ib_site *site, const struct ib_doc *doc)
{
    return doc->valid && doc->status == IB_STATUS_APPROVED &&
           ib_site_review(site, doc).state != IB_REVIEW_OVERDUE;
}

struct ib_coverage *
ib_coverage_new(const struct ib_site *site, const struct ib_catalog *cat,
                const struct ib_soa *soa)
{
    struct ib_coverage *cov = ib_xcalloc(1, sizeof(*cov));
    cov->n = ib_catalog_control_count(cat);
    cov->controls = ib_xcalloc(cov->n, sizeof(*cov->controls));
    for (size_t i = 0; i < cov->n; i++)
        cov->controls[i].control = ib_catalog_control_at(cat, i);
    for (size_t i = 0; soa && i < soa->n; i++) {
        const struct ib_control *c =
            ib_catalog_control(cat, soa->entries[i].control);
        if (c && !cov->controls[c->index].soa) {
            cov->controls[c->index].soa = &soa->entries[i];
            cov->controls[c->index].excluded = soa->entries[i].excluded;
        }
    }
    for (size_t i = 0; i < site->ndocs; i++) {
        const struct ib_doc *doc = site->docs[i];
        if (!doc->valid)
            continue;
        for (size_t k = 0; k < doc->controls.n; k++) {
            const struct ib_control *m[MAX_MAPPED];
            bool legacy;
            size_t n = resolve_control(cat, doc->controls.items[k].s, m,
                                       &legacy);
            for (size_t j = 0; j < n; j++) {
                struct ib_control_cov *cc = &cov->controls[m[j]->index];
                if (cc->ndocs && cc->docs[cc->ndocs - 1] == doc)
                    continue;
                cc->docs = ib_xrealloc(cc->docs,
                                       (cc->ndocs + 1) * sizeof(*cc->docs));
                cc->docs[cc->ndocs++] = doc;
                cc->covered |= counts_for_coverage(site, doc);
            }
        }
    }
    return cov;
}

void
ib_coverage_free(struct ib_coverage *cov)
{
    if (!cov)
        return;
    for (size_t i = 0; i < cov->n; i++)
        free(cov->controls[i].docs);
    free(cov->controls);
    free(cov);
}

char *
ib_rules_clause_key(const char *s)
{
    char *out = ib_xmalloc(strlen(s) + 1);
    size_t n = 0;
    for (; *s; s++) {
        char c = *s;
        if (c == ' ' || c == '(' || c == ')')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        out[n++] = c;
    }
    out[n] = '\0';
    return out;
}

static bool
is_person(const struct ib_site *site, const char *key)
{
    return ib_val_get(site->cfg.people, key) != NULL;
}

static void
check_people(const struct ib_site *site, const struct ib_doc *doc,
             struct ib_diag *d)
{
    if (!site->cfg.people)
        return;
    if (doc->owner.s[0] && !is_person(site, doc->owner.s))
        ib_diag_add(d, IB_SEV_ERROR, ref_loc(doc, &doc->owner),
                    "owner-unknown",
                    "owner '%s' is not in the people directory of "
                    "handbook.yaml",
                    doc->owner.s);
    if (doc->approver.s[0] && !is_person(site, doc->approver.s))
        ib_diag_add(d, IB_SEV_ERROR, ref_loc(doc, &doc->approver),
                    "owner-unknown",
                    "approver '%s' is not in the people directory of "
                    "handbook.yaml",
                    doc->approver.s);
}

/* The front-matter value the due date comes from, for the position. */
static struct ib_loc
due_loc(const struct ib_doc *doc)
{
    const char *key = doc->has_next_review ? "next_review" : "last_reviewed";
    const struct ib_val *v = ib_val_get(doc->fm, key);
    if (v && v->line)
        return (struct ib_loc){doc->path, v->line, v->col};
    return (struct ib_loc){doc->path, 1, 0};
}

static void
check_review(const struct ib_site *site, const struct ib_doc *doc,
             struct ib_diag *d)
{
    struct ib_review r = ib_site_review(site, doc);
    char due[11];
    ib_date_format(r.due, due);
    if (r.state == IB_REVIEW_OVERDUE)
        ib_diag_add(d, IB_SEV_ERROR, due_loc(doc), "review-overdue",
                    "review overdue since %s (%ld day%s)", due, -r.days,
                    r.days == -1 ? "" : "s");
    else if (r.state == IB_REVIEW_DUE_SOON && r.days == 0)
        ib_diag_add(d, IB_SEV_WARNING, due_loc(doc), "review-due-soon",
                    "review due today (%s)", due);
    else if (r.state == IB_REVIEW_DUE_SOON)
        ib_diag_add(d, IB_SEV_WARNING, due_loc(doc), "review-due-soon",
                    "review due %s (in %ld day%s)", due, r.days,
                    r.days == 1 ? "" : "s");
}

static void
check_controls(const struct ib_catalog *cat, const struct ib_soa *soa,
               const struct ib_coverage *cov, const struct ib_doc *doc,
               struct ib_diag *d)
{
    for (size_t k = 0; k < doc->controls.n; k++) {
        const struct ib_ref *r = &doc->controls.items[k];
        const struct ib_control *m[MAX_MAPPED];
        bool legacy;
        size_t n = resolve_control(cat, r->s, m, &legacy);
        if (n == 0) {
            ib_diag_add(d, IB_SEV_ERROR, ref_loc(doc, r), "control-unknown",
                        "'%s' is not an Annex A control of ISO/IEC "
                        "27001:2022 (5.1-5.37, 6.1-6.8, 7.1-7.14, 8.1-8.34) "
                        "nor a 2013 id",
                        r->s);
            continue;
        }
        if (legacy) {
            char list[160] = "";
            for (size_t j = 0; j < n; j++) {
                size_t used = strlen(list);
                snprintf(list + used, sizeof list - used, "%s%s %s",
                         j ? " and " : "", m[j]->display_id, m[j]->title);
            }
            ib_diag_add(d, IB_SEV_WARNING, ref_loc(doc, r), "control-legacy",
                        "'%s' is an ISO/IEC 27001:2013 id; in 2022 it is %s",
                        r->s, list);
        }
        for (size_t j = 0; j < n; j++) {
            const struct ib_control_cov *cc = &cov->controls[m[j]->index];
            if (cc->excluded && soa)
                ib_diag_add(d, IB_SEV_WARNING, ref_loc(doc, r),
                            "control-excluded-but-mapped",
                            "maps %s %s, which the SoA excludes (%s:%u)",
                            m[j]->display_id, m[j]->title, soa->file,
                            cc->soa->line);
        }
    }
}

static bool
clause_is_known(const struct ib_catalog *cat, const char *key)
{
    if (ib_catalog_clause(cat, key))
        return true;
    for (size_t i = 0; i < ib_catalog_required_count(cat); i++)
        if (strcmp(ib_catalog_required_at(cat, i)->id, key) == 0)
            return true;
    return false;
}

static void
check_clauses(const struct ib_catalog *cat, const struct ib_doc *doc,
              struct ib_diag *d)
{
    for (size_t k = 0; k < doc->clauses.n; k++) {
        const struct ib_ref *r = &doc->clauses.items[k];
        char *key = ib_rules_clause_key(r->s);
        if (!clause_is_known(cat, key))
            ib_diag_add(d, IB_SEV_ERROR, ref_loc(doc, r), "field-type",
                        "'%s' is not a clause of ISO/IEC 27001:2022 nor a "
                        "required item (such as 4.3, 6.1.3d, 9.2.2)",
                        r->s);
        free(key);
    }
}

/* True if S holds nothing but spaces, tabs and line breaks. */
static bool
is_blank(const char *s)
{
    return s[strspn(s, " \t\r\n")] == '\0';
}

static void
check_soa(const struct ib_catalog *cat, const struct ib_soa *soa,
          struct ib_diag *d)
{
    const char **seen = ib_xcalloc(ib_catalog_control_count(cat) + 1,
                                   sizeof(*seen));
    unsigned *seen_line = ib_xcalloc(ib_catalog_control_count(cat) + 1,
                                     sizeof(*seen_line));
    for (size_t i = 0; i < soa->n; i++) {
        const struct ib_soa_entry *e = &soa->entries[i];
        struct ib_loc loc = {soa->file, e->line, e->col};
        const struct ib_control *c = ib_catalog_control(cat, e->control);
        if (!c) {
            const struct ib_control *m[MAX_MAPPED];
            size_t n = ib_catalog_legacy(cat, e->control, m, MAX_MAPPED);
            if (n > MAX_MAPPED)
                n = MAX_MAPPED;
            /* A.18.2.3 became two controls: name them all. */
            char list[64] = "";
            for (size_t j = 0; j < n; j++) {
                size_t used = strlen(list);
                const char *sep = j == 0 ? "" : j + 1 < n ? ", " : " and ";
                snprintf(list + used, sizeof list - used, "%s%s", sep,
                         m[j]->display_id);
            }
            if (n)
                ib_diag_add(d, IB_SEV_ERROR, loc, "control-unknown",
                            "'%s' is an ISO/IEC 27001:2013 id; list the "
                            "2022 control%s %s instead",
                            e->control, n > 1 ? "s" : "", list);
            else
                ib_diag_add(d, IB_SEV_ERROR, loc, "control-unknown",
                            "'%s' is not an Annex A control of ISO/IEC "
                            "27001:2022",
                            e->control);
            continue;
        }
        char subject[32];
        snprintf(subject, sizeof subject, "control:%s", c->id);
        if (seen[c->index]) {
            ib_diag_add_about(d, subject, IB_SEV_ERROR, loc, "id-duplicate",
                              "%s is already decided at line %u (as '%s')",
                              c->display_id, seen_line[c->index],
                              seen[c->index]);
            continue;
        }
        seen[c->index] = e->control;
        seen_line[c->index] = e->line;
        if (e->excluded && is_blank(e->justification))
            ib_diag_add_about(d, subject, IB_SEV_ERROR, loc,
                              "soa-justification-missing",
                              "%s %s is excluded without a justification",
                              c->display_id, c->title);
        if (e->excluded && e->status != IB_IMPL_UNSET)
            ib_diag_add_about(d, subject, IB_SEV_WARNING, loc,
                              "control-excluded-but-mapped",
                              "%s %s is excluded, yet its entry gives it "
                              "the implementation status '%s'",
                              c->display_id, c->title,
                              ib_impl_name(e->status));
    }
    free(seen);
    free(seen_line);
}

static void
check_uncovered(const struct ib_site *site, const struct ib_soa *soa,
                const struct ib_coverage *cov, struct ib_diag *d)
{
    for (size_t i = 0; i < cov->n; i++) {
        const struct ib_control_cov *cc = &cov->controls[i];
        if (cc->excluded || cc->covered)
            continue;
        const struct ib_control *c = cc->control;
        char subject[32];
        snprintf(subject, sizeof subject, "control:%s", c->id);
        struct ib_loc loc = {soa->file[0] ? soa->file : site->cfg.file,
                             cc->soa ? cc->soa->line : 0,
                             cc->soa ? cc->soa->col : 0};
        const char *why = cc->ndocs
                              ? "its documents are drafts, retired or overdue"
                              : "no document maps it in 'controls'";
        ib_diag_add_about(d, subject, IB_SEV_ERROR, loc, "control-uncovered",
                          "%s %s is not excluded in the SoA but no approved "
                          "document with a current review implements it (%s)",
                          c->display_id, c->title, why);
    }
}

/* Does DOC declare the required item R among its clauses? */
static bool
declares(const struct ib_doc *doc, const struct ib_required *r)
{
    for (size_t k = 0; k < doc->clauses.n; k++) {
        char *key = ib_rules_clause_key(doc->clauses.items[k].s);
        bool match = strcmp(key, r->id) == 0;
        free(key);
        if (match)
            return true;
    }
    return false;
}

static void
check_mandatory(const struct ib_site *site, const struct ib_catalog *cat,
                struct ib_diag *d)
{
    for (size_t i = 0; i < ib_catalog_required_count(cat); i++) {
        const struct ib_required *r = ib_catalog_required_at(cat, i);
        const struct ib_doc *draft = NULL;
        bool approved = false;
        for (size_t k = 0; k < site->ndocs && !approved; k++) {
            const struct ib_doc *doc = site->docs[k];
            if (!doc->valid || doc->status == IB_STATUS_RETIRED ||
                (doc->type == IB_TYPE_RECORD) != r->is_record ||
                !declares(doc, r))
                continue;
            if (doc->status == IB_STATUS_APPROVED)
                approved = true;
            else if (!draft)
                draft = doc;
        }
        if (approved)
            continue;
        char subject[32];
        snprintf(subject, sizeof subject, "mandatory:%s", r->id);
        const char *kind = r->is_record ? "record" : "document";
        if (draft) {
            const struct ib_val *st = ib_val_get(draft->fm, "status");
            struct ib_loc loc = {draft->path, st && st->line ? st->line : 1,
                                 st && st->line ? st->col : 0};
            ib_diag_add_about(d, subject, IB_SEV_ERROR, loc,
                              "mandatory-not-approved",
                              "%s (%s %s) exists only as a draft: approve it",
                              r->title, kind, r->id);
        } else {
            ib_diag_add_about(d, subject, IB_SEV_ERROR,
                              (struct ib_loc){site->cfg.file, 0, 0},
                              "mandatory-missing",
                              "no approved %s declares clause %s: %s "
                              "(add 'clauses: [%s]' to its front matter%s)",
                              kind, r->id, r->title, r->id,
                              r->is_record ? " and 'type: record'" : "");
        }
    }
}

bool
ib_rules_judges(const struct ib_doc *doc)
{
    return doc->fm && doc->status != IB_STATUS_RETIRED;
}

void
ib_rules_check(const struct ib_site *site, const struct ib_catalog *cat,
               const struct ib_soa *soa, struct ib_diag *d)
{
    struct ib_coverage *cov = ib_coverage_new(site, cat, soa);
    for (size_t i = 0; i < site->ndocs; i++) {
        const struct ib_doc *doc = site->docs[i];
        if (!ib_rules_judges(doc))
            continue;
        check_people(site, doc, d);
        check_review(site, doc, d);
        check_controls(cat, soa, cov, doc, d);
        check_clauses(cat, doc, d);
    }
    if (soa) {
        check_soa(cat, soa, d);
        check_uncovered(site, soa, cov, d);
    }
    check_mandatory(site, cat, d);
    ib_coverage_free(cov);
}
