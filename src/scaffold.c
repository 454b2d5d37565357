/* SPDX-License-Identifier: MIT */
/* `ismsbook init` and `ismsbook new`: new handbooks and draft documents. */
/*
 * This module owns the starting texts: the commented handbook.yaml, the
 * undecided SoA, the drafts of the documented information ISO/IEC
 * 27001:2022 requires with an outline of what each must contain (in our own
 * words), and the outline of a new document of each type. It writes only
 * through fs.c, which puts a whole new handbook in place at once and never
 * replaces a file, so both commands either write everything or nothing.
 *
 * Every draft gets the same front matter shape: id, title, type, owner,
 * status draft, last_reviewed (the day it was written, which the approver
 * updates) and the controls and clauses it provides. Scalars are quoted
 * whenever YAML could read them as anything but the text given.
 */
#include "scaffold.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "buf.h"
#include "catalog.h"
#include "config.h"
#include "diag.h"
#include "doc.h"
#include "fs.h"
#include "rules.h"
#include "site.h"
#include "slug.h"
#include "text.h"
#include "val.h"
#include "xmalloc.h"
#include "yaml.h"

#define SLUG_MAX 80
#define WRAP 72
#define MAX_SECTIONS 8

struct section {
    const char *heading, *guide;
};

/* What a new document of each type gets; indexed by enum ib_doc_type. */
static const struct type_info {
    const char *folder;  /* below content/ */
    const char *pattern; /* default id pattern */
    struct section outline[MAX_SECTIONS];
} types[IB_TYPE_COUNT] = {
    [IB_TYPE_POLICY] = {"policies", "POL-###", {
        {"Purpose", "Why this policy exists and which risks or "
                    "requirements it answers."},
        {"Scope", "Who and what it applies to: people, information, "
                  "systems, locations."},
        {"Policy", "The rules, each one short enough to remember and "
                   "specific enough to check."},
        {"Roles and responsibilities", "Who owns the rules, who carries "
                                       "them out and who checks them."},
        {"Compliance and exceptions", "How compliance is checked, how an "
                                      "exception is requested and "
                                      "approved, and what happens when the "
                                      "policy is broken."},
        {"Related documents", "The standards, procedures and guidelines "
                              "that put this policy into practice."},
    }},
    [IB_TYPE_STANDARD] = {"standards", "STD-###", {
        {"Purpose", "Which policy this standard details and why."},
        {"Scope", "The systems, services or situations it applies to."},
        {"Requirements", "The measurable requirements, such as "
                         "configurations, minimum versions and settings."},
        {"Exceptions", "How a deviation is approved and recorded."},
        {"Related documents", "The policy it supports and the procedures "
                              "that apply it."},
    }},
    [IB_TYPE_PROCEDURE] = {"procedures", "PRC-###", {
        {"Purpose", "What this procedure achieves and when it is used."},
        {"Scope", "The teams, systems and situations it covers."},
        {"Roles", "Who does which step, and who is accountable."},
        {"Steps", "The steps in order, each with its input, what to do "
                  "and its result."},
        {"Records", "The evidence each run leaves behind and where it is "
                    "kept."},
        {"Related documents", "The policies and standards this procedure "
                              "carries out."},
    }},
    [IB_TYPE_GUIDELINE] = {"guidelines", "GL-###", {
        {"Why it matters", "In two or three sentences, for every "
                           "reader."},
        {"What to do", "Practical advice, as a short list."},
        {"What to avoid", "The common mistakes, and what to do instead."},
        {"Where to get help", "Whom to ask or where to report a "
                              "problem."},
    }},
    [IB_TYPE_PLAN] = {"plans", "PLN-###", {
        {"Goal", "What the plan must achieve, and how success is "
                 "measured."},
        {"Actions", "What will be done, by whom and by when."},
        {"Resources", "The people, money and tools the actions need."},
        {"Follow-up", "How progress is tracked and reported, and when "
                      "the plan is evaluated."},
    }},
    [IB_TYPE_REGISTER] = {"registers", "REG-###", {
        {"What this register lists", "What one entry stands for, and "
                                     "which fields each entry has."},
        {"Entries", "The entries, for example as a table."},
        {"Keeping it current", "Who updates the register, when, and how "
                               "changes are approved."},
    }},
    [IB_TYPE_RECORD] = {"records", "REC-{year}-###", {
        {"What this records", "The activity this record is evidence of, "
                              "and the period it covers."},
        {"Entries", "What was done, when, by whom, and the result."},
        {"Where the evidence is kept", "Systems or folders holding further "
                                       "evidence, and how long it is "
                                       "kept."},
    }},
};

/* A draft `init` writes for one required item of the catalog. */
static const struct required_draft {
    const char *item; /* the catalog's required id */
    enum ib_doc_type type;
    const char *slug;
    const char *title;
    struct section outline[MAX_SECTIONS];
} drafts[] = {
    {"4.3", IB_TYPE_POLICY, "isms-scope",
     "Scope of the Information Security Management System", {
        {"Scope statement", "One or two sentences naming the "
                            "organisation, the services, sites and "
                            "information the ISMS covers: the sentence a "
                            "certificate will quote."},
        {"The organisation and its context", "The internal and external "
                                             "issues that shape what the "
                                             "ISMS must achieve: market, "
                                             "regulation, technology, how "
                                             "the organisation is run."},
        {"Interested parties", "Who has a stake in information security "
                               "here (customers, staff, authorities, "
                               "suppliers, owners), what each requires, and "
                               "which of those requirements the ISMS "
                               "addresses."},
        {"What is in scope", "The locations, units, processes, systems and "
                             "cloud services inside the boundary."},
        {"What is outside the scope", "What is left out and why, and how "
                                      "the boundary is handled where "
                                      "activities inside and outside it "
                                      "meet, including services run by "
                                      "others."},
        {"Review of the scope", "Who reviews the scope, how often, and "
                                "which changes (a new site, product or "
                                "acquisition) call for an earlier "
                                "review."},
    }},
    {"5.2", IB_TYPE_POLICY, "information-security-policy",
     "Information Security Policy", {
        {"Purpose", "What the policy is for and how it supports the "
                    "organisation's purpose and strategy."},
        {"Commitment of top management", "A statement by top management "
                                         "that the organisation will meet "
                                         "the information security "
                                         "requirements that apply to it "
                                         "and will keep improving the "
                                         "ISMS."},
        {"Objectives", "The information security objectives, or how they "
                       "are set and reviewed (see the objectives plan)."},
        {"Principles", "The few rules everyone follows, and where the "
                       "topic policies, standards and guidelines that "
                       "detail them are found."},
        {"Roles and responsibilities", "Who owns the ISMS, who approves "
                                       "policies, and what managers and "
                                       "every employee are responsible "
                                       "for."},
        {"Communication", "How staff learn about the policy, and how "
                          "interested parties can obtain it."},
        {"Compliance and review", "What happens when the policy is not "
                                  "followed, how exceptions are approved, "
                                  "and when the policy is reviewed."},
    }},
    {"6.1.2", IB_TYPE_PROCEDURE, "risk-assessment",
     "Information Security Risk Assessment Procedure", {
        {"Purpose and scope", "What this procedure covers and who uses "
                              "it."},
        {"Risk criteria", "The scales for consequence and likelihood, how "
                          "they combine into a risk level, which levels "
                          "may be accepted and by whom, and the criteria "
                          "for carrying out an assessment."},
        {"When assessments are made", "The regular interval and the events "
                                      "(major changes, incidents, new "
                                      "services) that start an "
                                      "assessment, so that repeated "
                                      "assessments give consistent and "
                                      "comparable results."},
        {"Identifying risks", "How risks to the confidentiality, integrity "
                              "and availability of information in scope "
                              "are found, and how each gets a risk "
                              "owner."},
        {"Analysing risks", "How the possible consequences and their "
                            "realistic likelihood are judged, and how the "
                            "risk level follows."},
        {"Evaluating risks", "How the results are compared with the risk "
                             "criteria and put in order of priority for "
                             "treatment."},
        {"Records", "Where the results are kept (the risk assessment "
                    "results record)."},
    }},
    {"6.1.3", IB_TYPE_PROCEDURE, "risk-treatment",
     "Information Security Risk Treatment Procedure", {
        {"Purpose and scope", "What this procedure covers and who uses "
                              "it."},
        {"Choosing a treatment", "How a treatment is chosen for each risk "
                                 "(reduce, avoid, share or accept) from "
                                 "the assessment results."},
        {"Determining the controls", "How the controls a treatment needs "
                                     "are determined, from any source, and "
                                     "compared with Annex A so that none "
                                     "that is needed is overlooked."},
        {"Statement of Applicability", "How the SoA (content/soa.yaml) is "
                                       "kept in step with the controls "
                                       "chosen: why each is included, its "
                                       "implementation status, and why "
                                       "others are excluded."},
        {"Treatment plan and approval", "How the treatment plan is "
                                        "written, and how risk owners "
                                        "approve it and accept the risk "
                                        "that remains."},
        {"Records", "Where the results are kept (the risk treatment "
                    "results record)."},
    }},
    {"6.1.3d", IB_TYPE_REGISTER, "statement-of-applicability",
     "Statement of Applicability", {
        {"How the SoA is kept", "The decisions are data in "
                                "content/soa.yaml, one entry per Annex A "
                                "control; a document that implements a "
                                "control lists it under controls in its "
                                "front matter. Say who maintains the file "
                                "and how changes are approved."},
        {"Included controls", "For each applicable control: why it is "
                              "needed (the risk, law or contract behind "
                              "it) and whether it is implemented, partial, "
                              "planned or not started."},
        {"Excluded controls", "For each control left out: the "
                              "justification, recorded in soa.yaml with "
                              "excluded: true."},
        {"Other controls", "Controls from other sources that the risk "
                           "treatment needs, with their reasons."},
        {"Approval", "Who approves the SoA and its changes, and how its "
                     "version is identified."},
    }},
    {"6.1.3e", IB_TYPE_PLAN, "risk-treatment-plan",
     "Information Security Risk Treatment Plan", {
        {"Risks to treat", "The risks above the acceptance level, with "
                           "their owners and current levels."},
        {"Actions", "What will be done about each risk, by whom and by "
                    "when."},
        {"Resources", "The people, money and tools the actions need."},
        {"Approval and remaining risk", "Confirmation that the risk owners "
                                        "approved the plan and accepted "
                                        "the risk that remains after "
                                        "treatment."},
        {"Follow-up", "How progress is tracked and how the result is "
                      "evaluated."},
    }},
    {"6.2", IB_TYPE_PLAN, "information-security-objectives",
     "Information Security Objectives", {
        {"Objectives", "Each objective: consistent with the information "
                       "security policy, measurable where practicable, and "
                       "based on the requirements and the risk "
                       "assessment."},
        {"How we achieve them", "For each objective: what will be done, "
                                "the resources it needs, who is "
                                "responsible, when it will be completed "
                                "and how the results will be "
                                "evaluated."},
        {"Monitoring and communication", "How progress is monitored, who "
                                         "is told about the objectives, "
                                         "and when they are updated."},
    }},
    {"7.2d", IB_TYPE_RECORD, "competence-records", "Competence Records", {
        {"Roles and the competence they need", "The roles whose work "
                                               "affects information "
                                               "security, and the "
                                               "education, training or "
                                               "experience each needs."},
        {"Evidence", "For each person in those roles: the evidence of "
                     "their competence, such as certificates, course "
                     "records or a documented review of experience."},
        {"Gaps and actions", "Gaps found, what was done about them "
                             "(training, mentoring, hiring) and whether it "
                             "worked."},
        {"Where the evidence is kept", "The system or folder holding the "
                                       "evidence, and who may see it."},
    }},
    {"7.5.1b", IB_TYPE_PROCEDURE, "documented-information",
     "Control of Documented Information", {
        {"What we document", "The documents and records the organisation "
                             "has decided its ISMS needs, beyond those the "
                             "standard requires, and why."},
        {"Writing and approving", "How documents are identified (id, "
                                  "title, owner, version), their format, "
                                  "and how they are reviewed and approved; "
                                  "in this handbook the front matter and "
                                  "the review dates ismsbook checks."},
        {"Availability and protection", "Where documents are published, "
                                        "who can read them, and how they "
                                        "are protected from loss, misuse "
                                        "and unintended change."},
        {"Changes and versions", "How changes are made, recorded and "
                                 "approved, for example as pull requests "
                                 "to the handbook's repository."},
        {"Retention and disposal", "How long documents and records are "
                                   "kept, and how they are disposed of."},
        {"Documents from outside", "How laws, contracts and supplier "
                                   "documents the ISMS relies on are "
                                   "identified and kept current."},
    }},
    {"8.1", IB_TYPE_RECORD, "operational-records", "Operational Records", {
        {"Processes and their criteria", "The ISMS processes that must "
                                         "run, and the criteria that show "
                                         "they ran properly."},
        {"Evidence", "The evidence that each process was carried out as "
                     "planned, or where it is kept (tickets, logs, "
                     "reports)."},
        {"Changes", "Planned changes, and the consequences of unintended "
                    "ones with what was done about them."},
        {"Processes run by others", "Externally provided processes, "
                                    "products or services that matter to "
                                    "the ISMS, and how they are "
                                    "controlled."},
    }},
    {"8.2", IB_TYPE_RECORD, "risk-assessment-results",
     "Risk Assessment Results", {
        {"The assessment", "When it was made, by whom, its scope, and the "
                           "version of the risk assessment procedure "
                           "used."},
        {"Risks", "Each risk found, with its owner, consequence, "
                  "likelihood and level."},
        {"Evaluation", "The order of priority for treatment, and which "
                       "risks may be accepted as they are."},
        {"Next assessment", "When the next regular assessment is due."},
    }},
    {"8.3", IB_TYPE_RECORD, "risk-treatment-results",
     "Risk Treatment Results", {
        {"Actions carried out", "For each action of the treatment plan: "
                                "what was done, when, and its status."},
        {"Remaining risk", "The risk level after treatment, and the risk "
                           "owner's acceptance of it."},
        {"Effectiveness", "Whether the treatment worked, and what follows "
                          "if it did not."},
    }},
    {"9.1", IB_TYPE_RECORD, "monitoring-and-measurement-results",
     "Monitoring and Measurement Results", {
        {"What we measure", "What is monitored and measured, including "
                            "the processes and controls that matter "
                            "most."},
        {"Methods and timing", "The methods used, how often, by whom, and "
                               "when and by whom the results are analysed, "
                               "so that results are comparable."},
        {"Results", "The results of each period."},
        {"Evaluation", "What the results say about the performance and "
                       "effectiveness of the ISMS, and the actions "
                       "decided."},
    }},
    {"9.2.2", IB_TYPE_RECORD, "internal-audit-programme",
     "Internal Audit Programme and Results", {
        {"Audit programme", "How often audits take place, their methods, "
                            "who plans and performs them and how the "
                            "auditors stay objective; the criteria and "
                            "scope of each audit."},
        {"Audits carried out", "For each audit: date, scope, auditor and "
                               "what was examined."},
        {"Findings", "What conformed, the nonconformities and the "
                     "observations, with their evidence."},
        {"Reporting", "How the results were reported to the managers "
                      "concerned."},
        {"Follow-up", "The corrective actions raised (see the "
                      "nonconformity log)."},
    }},
    {"9.3.3", IB_TYPE_RECORD, "management-review-results",
     "Management Review Results", {
        {"The review", "Date, participants from top management, and the "
                       "inputs considered: earlier actions, changes, "
                       "performance, feedback, risks and opportunities "
                       "for improvement."},
        {"Decisions on improvement", "What top management decided to "
                                     "improve."},
        {"Decisions on changes", "Changes to the ISMS decided, including "
                                 "resources."},
        {"Actions", "Who does what, by when."},
    }},
    {"10.2", IB_TYPE_RECORD, "nonconformities-and-corrective-actions",
     "Nonconformities and Corrective Actions", {
        {"Log", "One entry per nonconformity: what happened, and how and "
                "when it was found."},
        {"Correction", "What was done to control and correct it and to "
                       "deal with its consequences."},
        {"Cause", "The cause, and whether similar nonconformities exist or "
                  "could occur."},
        {"Corrective action", "What was done to remove the cause so it "
                              "does not recur, and the changes made to "
                              "the ISMS."},
        {"Result", "Whether the corrective action was effective."},
    }},
};

static bool
is_alnum(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

static int
lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static char * __attribute__((format(printf, 1, 2)))
xprintf(const char *fmt, ...)
{
    struct ib_buf b;
    ib_buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    ib_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    return ib_buf_take(&b);
}

/* Returns what code point CP becomes in a slug: NULL to drop it, " " for a
 * word break; an ASCII letter or digit is put in ASCII. */
static const char *
slug_of(uint32_t cp, char ascii[2])
{
    if (cp < 0x80) {
        if (is_alnum((int)cp)) {
            ascii[0] = (char)lower((int)cp);
            ascii[1] = '\0';
            return ascii;
        }
        return strchr(" \t-_/", (int)cp) && cp ? " " : NULL;
    }
    if (cp == 0xA0)
        return " ";
    /* Latin letters as the site's slugs spell them; × and ÷ go. */
    const char *w = ib_slug_latin(cp);
    return w && *w ? w : NULL;
}

char *
ib_scaffold_slug(const char *title)
{
    struct ib_buf b;
    ib_buf_init(&b);
    ib_buf_cstr(&b);
    bool pending_break = false;
    const unsigned char *s = (const unsigned char *)title;
    size_t n = strlen(title);
    while (n > 0) {
        uint32_t cp;
        size_t k = ib_text_utf8_decode(s, n, &cp);
        if (k == 0) {
            k = 1;
            cp = 0xFFFD;
        }
        s += k;
        n -= k;
        char ascii[2];
        const char *out = slug_of(cp, ascii);
        if (!out)
            continue;
        if (out[0] == ' ') {
            pending_break = b.len > 0;
            continue;
        }
        if (pending_break)
            ib_buf_putc(&b, '-');
        pending_break = false;
        ib_buf_puts(&b, out);
    }
    char *slug = ib_buf_take(&b);
    size_t len = strlen(slug);
    if (len > SLUG_MAX) {
        len = SLUG_MAX;
        while (len > 0 && slug[len - 1] == '-')
            len--;
        slug[len] = '\0';
    }
    return slug;
}

/* A pattern taken apart: PREFIX, the number's WIDTH, SUFFIX (year filled
 * in). Returns NULL, or why the pattern is unusable. */
static const char *
split_pattern(const char *pat, int year, char **prefix, int *width,
              char **suffix)
{
    struct ib_buf pre, post;
    ib_buf_init(&pre);
    ib_buf_init(&post);
    ib_buf_cstr(&pre);
    ib_buf_cstr(&post);
    const char *why = NULL;
    int w = 0, runs = 0;
    for (const char *p = pat; *p && !why; p++) {
        struct ib_buf *b = runs ? &post : &pre;
        if (*p == '#') {
            if (p == pat || p[-1] != '#')
                runs++;
            if (runs > 1)
                why = "it has more than one run of '#'";
            else if (++w > 9)
                why = "the number has more than 9 '#'";
        } else if (*p == '{') {
            if (strncmp(p, "{year}", 6) != 0)
                why = "the only placeholder is {year}";
            ib_buf_printf(b, "%04d", year);
            p += 5;
        } else if (is_alnum(*p) || *p == '-' || *p == '_' || *p == '.') {
            ib_buf_putc(b, *p);
        } else {
            why = "an id may only hold letters, digits, '.', '_' and '-'";
        }
    }
    if (!why && runs == 0)
        why = "it has no '#' for the number";
    if (!why) {
        char *sample = xprintf("%s%0*d%s", ib_buf_cstr(&pre), w, 0,
                               ib_buf_cstr(&post));
        if (!ib_doc_id_is_valid(sample))
            why = "the ids it makes are not valid: they must start with a "
                  "letter or digit and have at most 64 characters";
        free(sample);
    }
    if (why) {
        ib_buf_fini(&pre);
        ib_buf_fini(&post);
        return why;
    }
    *prefix = ib_buf_take(&pre);
    *suffix = ib_buf_take(&post);
    *width = w;
    return NULL;
}

const char *
ib_scaffold_pattern_problem(const char *pattern)
{
    char *pre, *post;
    int width;
    const char *why = split_pattern(pattern, 2000, &pre, &width, &post);
    if (!why) {
        free(pre);
        free(post);
    }
    return why;
}

static bool
prefix_caseeq(const char *s, const char *prefix, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)s[i]) != lower((unsigned char)prefix[i]))
            return false;
    return true;
}

char *
ib_scaffold_next_id(const char *pattern, int year, const char *const *ids,
                    size_t n)
{
    char *pre, *post;
    int width;
    if (split_pattern(pattern, year, &pre, &width, &post))
        return NULL;
    size_t lpre = strlen(pre), lpost = strlen(post);
    unsigned long long max = 0;
    for (size_t i = 0; i < n; i++) {
        const char *id = ids[i];
        size_t len = strlen(id);
        /* At most 18 digits, so the number fits and one more does too. */
        if (len <= lpre + lpost || len - lpre - lpost > 18 ||
            !prefix_caseeq(id, pre, lpre) ||
            !prefix_caseeq(id + len - lpost, post, lpost))
            continue;
        const char *digits = id + lpre;
        size_t nd = len - lpre - lpost;
        unsigned long long v = 0;
        size_t k = 0;
        for (; k < nd && digits[k] >= '0' && digits[k] <= '9'; k++)
            v = v * 10 + (unsigned long long)(digits[k] - '0');
        if (k == nd && v > max)
            max = v;
    }
    char *id = xprintf("%s%0*llu%s", pre, width, max + 1, post);
    free(pre);
    free(post);
    return id;
}

/* True if S can be written as a plain YAML scalar and read back as the
 * same text: it starts with a letter, holds only characters that mean
 * nothing to YAML, and is no null or boolean word. */
static bool
is_plain_safe(const char *s)
{
    static const char *const words[] = {"null", "true", "false", NULL};
    const unsigned char *p = (const unsigned char *)s;
    bool letter = *p >= 0x80 || (is_alnum(*p) && !(*p >= '0' && *p <= '9'));
    if (!letter)
        return false;
    for (size_t i = 0; words[i]; i++)
        if (ib_text_casecmp(s, words[i]) == 0)
            return false;
    for (; *p; p++)
        if (*p < 0x80 && !is_alnum(*p) && !strchr(" -_.,()/'+&", *p))
            return false;
    return p[-1] != ' ';
}

static void
put_scalar(struct ib_buf *b, const char *s)
{
    if (is_plain_safe(s)) {
        ib_buf_puts(b, s);
        return;
    }
    ib_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            ib_buf_putc(b, '\\');
        ib_buf_putc(b, *s);
    }
    ib_buf_putc(b, '"');
}

struct draft {
    const char *id, *title, *owner;
    enum ib_doc_type type;
    struct ib_date date;
    const char *const *controls; /* display ids, NULL-terminated */
    const char *const *clauses;  /* clause keys, NULL-terminated */
    const char *intro;           /* first paragraph, without emphasis */
    const struct section *outline;
};

static void
put_list(struct ib_buf *b, const char *key, const char *const *items)
{
    if (!items || !items[0])
        return;
    ib_buf_printf(b, "%s: [", key);
    for (size_t i = 0; items[i]; i++)
        ib_buf_printf(b, "%s%s", i ? ", " : "", items[i]);
    ib_buf_puts(b, "]\n");
}

/*
 * Appends TEXT as a paragraph wrapped at WRAP columns. A line never starts
 * with a word Markdown could read as a list item, heading or quote.
 */
static void
put_para(struct ib_buf *b, const char *text)
{
    size_t col = 0;
    while (*text) {
        size_t n = strcspn(text, " ");
        size_t width = 0;
        for (size_t i = 0; i < n; i++)
            width += ((unsigned char)text[i] & 0xC0) != 0x80;
        bool may_start = is_alnum(text[0]) && !(text[0] >= '0' &&
                                                text[0] <= '9');
        may_start |= strchr("(`_\"'", text[0]) != NULL ||
                     (unsigned char)text[0] >= 0x80;
        if (col > 0 && col + 1 + width > WRAP && may_start) {
            ib_buf_putc(b, '\n');
            col = 0;
        } else if (col > 0) {
            ib_buf_putc(b, ' ');
            col++;
        }
        ib_buf_put(b, text, n);
        col += width;
        text += n;
        while (*text == ' ')
            text++;
    }
    ib_buf_putc(b, '\n');
}

/* Writes the whole text of a draft document into B. */
static void
put_draft(struct ib_buf *b, const struct draft *f)
{
    char date[11];
    ib_date_format(f->date, date);
    ib_buf_printf(b, "---\nid: %s\ntitle: ", f->id);
    put_scalar(b, f->title);
    ib_buf_printf(b, "\ntype: %s\nowner: ", ib_doc_type_name(f->type));
    put_scalar(b, f->owner);
    ib_buf_printf(b, "\nstatus: draft\nlast_reviewed: %s\n", date);
    put_list(b, "controls", f->controls);
    put_list(b, "clauses", f->clauses);
    ib_buf_puts(b, "---\n\n");
    char *intro = xprintf("_%s Replace the guidance in italics with your "
                          "own text. To put the document in force, set "
                          "`status: approved` with `approver`, `approved` "
                          "(the date) and `last_reviewed`._",
                          f->intro);
    put_para(b, intro);
    free(intro);
    for (size_t i = 0; i < MAX_SECTIONS && f->outline[i].heading; i++) {
        ib_buf_printf(b, "\n## %s\n\n", f->outline[i].heading);
        char *guide = xprintf("_%s_", f->outline[i].guide);
        put_para(b, guide);
        free(guide);
    }
}

static const char handbook_head[] =
    "# The handbook's configuration; its folder is the handbook root.\n"
    "# Every key is optional. Replace the example values with your own;\n"
    "# the README (section handbook.yaml) and ismsbook(1) explain each key.\n"
    "\n"
    "title: Information Security Handbook\n"
    "organisation: Example Organisation\n"
    "# The intranet address, such as https://intranet.example.org/isms/\n"
    "# (optional: the site's links are relative).\n"
    "base_url:\n"
    "language: en            # documents and interface: en, da, sv, nb, ...\n"
    "theme: default          # themes/NAME here, else the installed theme\n"
    "frameworks: [iso27001-2022]\n"
    "\n"
    "review:\n"
    "  interval: 12 months   # default review interval of a document\n"
    "  warn_days: 30         # a review due this soon is \"due soon\"\n"
    "\n"
    "publish:\n"
    "  max_classification: internal   # documents above it are not "
    "published\n"
    "\n"
    "# Statement of Applicability: the decision for every Annex A control.\n"
    "soa: content/soa.yaml\n"
    "\n"
    "# Owners and approvers of documents must be keys of this directory;\n"
    "# a key can name a person (jane.doe) or a role.\n"
    "people:\n"
    "  ciso:\n"
    "    name: Chief Information Security Officer   # the person's name\n"
    "    email: ciso@example.org\n"
    "    role: ciso\n"
    "\n"
    "filters: []             # Lua filters, run in this order\n"
    "\n"
    "rules:                  # severity per rule id: error, warning or off\n"
    "  review-due-soon: warning\n"
    "\n"
    "aliases:                # your front-matter key names -> ismsbook's\n"
    "  # document_id: id\n"
    "\n"
    "defaults:               # front-matter values for documents without "
    "them\n"
    "  - path: content/guidelines/\n"
    "    values: { audience: [all-staff] }\n"
    "\n"
    "# The ids `ismsbook new` gives new documents: ### is the next free\n"
    "# number, zero-padded; {year} is the current year.\n"
    "ids:\n";

static void
put_handbook_yaml(struct ib_buf *b)
{
    ib_buf_puts(b, handbook_head);
    for (int t = 0; t < IB_TYPE_COUNT; t++)
        ib_buf_printf(b, "  %s: %s\n", ib_doc_type_name((enum ib_doc_type)t),
                      types[t].pattern);
}

static void
put_soa_yaml(struct ib_buf *b, const struct ib_catalog *cat)
{
    ib_buf_puts(b,
                "# Statement of Applicability: the decision for every Annex "
                "A control of\n"
                "# ISO/IEC 27001:2022. Every control is listed; none is "
                "decided yet.\n"
                "# Decide each one as\n"
                "#   A.5.15: { status: implemented, justification: \"why it "
                "applies\" }\n"
                "#   A.7.4:  { excluded: true, justification: \"why it does "
                "not apply\" }\n"
                "# status is implemented, partial, planned or not-started. "
                "A control that\n"
                "# is not excluded needs an approved document that lists "
                "it under\n"
                "# `controls:`; until then `ismsbook check` reports it "
                "(control-uncovered).\n"
                "controls:\n");
    const char *theme = "";
    for (size_t i = 0; i < ib_catalog_control_count(cat); i++) {
        const struct ib_control *c = ib_catalog_control_at(cat, i);
        if (strcmp(c->theme, theme) != 0) {
            theme = c->theme;
            int first = theme[0] >= 'a' && theme[0] <= 'z' ? theme[0] - 32
                                                            : theme[0];
            ib_buf_printf(b, "  # %.*s %c%s controls\n",
                          (int)strcspn(c->id, "."), c->id, first, theme + 1);
        }
        ib_buf_printf(b, "  %s:%*s# %s\n", c->display_id,
                      (int)(8 - strlen(c->display_id)), "", c->title);
    }
}

static const struct required_draft *
draft_for(const struct ib_required *r)
{
    for (size_t i = 0; i < sizeof drafts / sizeof *drafts; i++)
        if (strcmp(drafts[i].item, r->id) == 0)
            return &drafts[i];
    return NULL;
}

/* Writes the draft of required item R (id number N of its type) to S. */
static int
stage_draft(struct ib_fs_stage *s, const struct ib_required *r,
            unsigned *counters, struct ib_date today, struct ib_diag *d)
{
    const struct required_draft *rd = draft_for(r);
    /* An item without a prepared draft (a catalog newer than this table)
     * still gets one, with the generic outline of its type. */
    enum ib_doc_type type =
        rd ? rd->type : r->is_record ? IB_TYPE_RECORD : IB_TYPE_PROCEDURE;
    char *slug = rd ? ib_xstrdup(rd->slug) : ib_scaffold_slug(r->title);
    /* Drafts are numbered in catalog order from 1 in each type. The
     * default patterns are valid, so splitting one cannot fail. */
    char *pre = NULL, *post = NULL;
    int width = 3;
    split_pattern(types[type].pattern, today.y, &pre, &width, &post);
    char *id = xprintf("%s%0*u%s", pre, width, ++counters[type], post);
    free(pre);
    free(post);
    const char *clauses[] = {r->id, NULL};
    char *intro = xprintf("A draft written by `ismsbook init`. It provides "
                          "%s %s of the documented information ISO/IEC "
                          "27001:2022 requires: %s.",
                          r->is_record ? "record" : "item", r->id, r->title);
    struct draft f = {
        .id = id,
        .title = rd ? rd->title : r->title,
        .owner = "ciso",
        .type = type,
        .date = today,
        .clauses = clauses,
        .intro = intro,
        .outline = rd ? rd->outline : types[type].outline,
    };
    struct ib_buf b;
    ib_buf_init(&b);
    put_draft(&b, &f);
    char *rel = xprintf("content/%s/%s.md", types[type].folder, slug);
    int rc = ib_fs_stage_write(s, rel, b.data, b.len, d);
    free(rel);
    ib_buf_fini(&b);
    free(intro);
    free(id);
    free(slug);
    return rc;
}

/* The exit status after a failed write that recorded findings from index
 * BEFORE on: a refusal is 2, anything else 1. */
static int
failure_status(struct ib_diag *d, size_t before)
{
    size_t n = ib_diag_count(d);
    bool refused = n > before &&
                   strcmp(ib_diag_get(d, n - 1)->rule, "output-refused") == 0;
    return refused ? IB_EXIT_USAGE : IB_EXIT_ERRORS;
}

int
ib_scaffold_init(const char *dir, struct ib_date today, struct ib_diag *d)
{
    const struct ib_catalog *cat = ib_catalog_builtin();
    size_t before = ib_diag_count(d);
    struct ib_fs_stage *s = ib_fs_stage_begin(dir, d);
    if (!s)
        return failure_status(d, before);
    struct ib_buf b;
    ib_buf_init(&b);
    unsigned counters[IB_TYPE_COUNT] = {0};
    int rc = 0;
    for (size_t i = 0; i < ib_catalog_required_count(cat) && rc == 0; i++)
        rc = stage_draft(s, ib_catalog_required_at(cat, i), counters, today,
                         d);
    if (rc == 0) {
        put_soa_yaml(&b, cat);
        rc = ib_fs_stage_write(s, "content/soa.yaml", b.data, b.len, d);
    }
    if (rc == 0) {
        const char ignore[] = "# The site `ismsbook build` writes.\n"
                              "/public/\n";
        rc = ib_fs_stage_write(s, ".gitignore", ignore, strlen(ignore), d);
    }
    /* handbook.yaml last: it is what makes the folder a handbook. */
    if (rc == 0) {
        ib_buf_reset(&b);
        put_handbook_yaml(&b);
        rc = ib_fs_stage_write(s, "handbook.yaml", b.data, b.len, d);
    }
    ib_buf_fini(&b);
    if (rc != 0) {
        ib_fs_stage_abort(s);
        return IB_EXIT_ERRORS;
    }
    /* Refused when DIR changed under us; otherwise the write failed. */
    return ib_fs_stage_commit(s, d) == 0 ? IB_EXIT_OK
                                         : failure_status(d, before);
}

/* Records a finding about the command line (no position). */
static void __attribute__((format(printf, 3, 4)))
arg_error(struct ib_diag *d, const char *rule, const char *fmt, ...)
{
    struct ib_buf b;
    ib_buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    ib_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){NULL, 0, 0}, rule, "%s",
                ib_buf_cstr(&b));
    ib_buf_fini(&b);
}

/* True if S is UTF-8 text of one line: no control characters, no line or
 * paragraph separators. */
static bool
is_one_line(const char *s)
{
    size_t bad;
    if (!ib_text_valid_utf8(s, strlen(s), &bad))
        return false;
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n > 0) {
        uint32_t cp;
        size_t k = ib_text_utf8_decode(p, n, &cp);
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 ||
            cp == 0x2029 || cp == 0xFEFF)
            return false;
        p += k;
        n -= k;
    }
    return true;
}

/* A growing NULL-terminated list of strings in arena A. */
struct strlist {
    const char **v;
    size_t n, cap;
};

static void
strlist_add(struct ib_arena *a, struct strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return;
    if (l->n + 1 >= l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        const char **v = ib_arena_calloc(a, cap, sizeof(*v));
        if (l->n)
            memcpy(v, l->v, l->n * sizeof(*v));
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = s;
    l->v[l->n] = NULL;
}

/* Splits LIST at commas into trimmed, non-empty items in arena A. */
static void
split_list(struct ib_arena *a, const char *list, struct strlist *out)
{
    while (list && *list) {
        size_t n = strcspn(list, ",");
        const char *p = list, *e = list + n;
        while (p < e && (*p == ' ' || *p == '\t'))
            p++;
        while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if (e > p)
            strlist_add(a, out, ib_arena_strndup(a, p, (size_t)(e - p)));
        list += n + (list[n] == ',');
    }
}

/* Resolves --controls into display ids; returns false after findings. */
static bool
resolve_controls(struct ib_arena *a, const struct ib_catalog *cat,
                 const char *arg, struct strlist *out, struct ib_diag *d)
{
    struct strlist given = {0};
    split_list(a, arg, &given);
    bool ok = true;
    for (size_t i = 0; i < given.n; i++) {
        const struct ib_control *c = ib_catalog_control(cat, given.v[i]);
        if (c) {
            strlist_add(a, out, c->display_id);
            continue;
        }
        const struct ib_control *m[4];
        size_t n = ib_catalog_legacy(cat, given.v[i], m, 4);
        if (n > 0)
            arg_error(d, "control-unknown",
                      "'%s' is an ISO/IEC 27001:2013 id; give the 2022 "
                      "control %s%s%s instead",
                      given.v[i], m[0]->display_id, n > 1 ? " or " : "",
                      n > 1 ? m[1]->display_id : "");
        else
            arg_error(d, "control-unknown",
                      "'%s' is not an Annex A control of ISO/IEC 27001:2022 "
                      "(A.5.1-A.5.37, A.6.1-A.6.8, A.7.1-A.7.14, "
                      "A.8.1-A.8.34)",
                      given.v[i]);
        ok = false;
    }
    return ok;
}

/* Resolves --clauses into clause keys; returns false after findings. */
static bool
resolve_clauses(struct ib_arena *a, const struct ib_catalog *cat,
                const char *arg, struct strlist *out, struct ib_diag *d)
{
    struct strlist given = {0};
    split_list(a, arg, &given);
    bool ok = true;
    for (size_t i = 0; i < given.n; i++) {
        char *key = ib_rules_clause_key(given.v[i]);
        bool known = ib_catalog_clause(cat, key) != NULL;
        for (size_t k = 0; !known && k < ib_catalog_required_count(cat); k++)
            known = strcmp(ib_catalog_required_at(cat, k)->id, key) == 0;
        if (known) {
            strlist_add(a, out, ib_arena_strdup(a, key));
        } else {
            arg_error(d, "field-type",
                      "'%s' is not a clause of ISO/IEC 27001:2022 nor a "
                      "required item (such as 4.3, 6.1.3d, 9.2.2)",
                      given.v[i]);
            ok = false;
        }
        free(key);
    }
    return ok;
}

/*
 * Returns TYPE's id pattern from handbook.yaml's `ids:` (IDS, NULL when
 * absent) or the default, or NULL after findings at handbook.yaml when
 * `ids:` is unusable. Every entry is checked, not only TYPE's, so a typo
 * is caught the first time `new` runs.
 */
static const char *
id_pattern(const char *file, const struct ib_val *ids, enum ib_doc_type type,
           struct ib_diag *d)
{
    const char *pattern = types[type].pattern;
    if (!ids || ids->kind == IB_VAL_NULL)
        return pattern;
    if (ids->kind != IB_VAL_MAP) {
        ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){file, ids->line, ids->col},
                    "field-type",
                    "'ids' must be a map of document type to id pattern, "
                    "such as 'policy: POL-###'");
        return NULL;
    }
    bool ok = true;
    for (size_t i = 0; i < ids->n; i++) {
        const struct ib_val_pair *p = &ids->pairs[i];
        enum ib_doc_type t;
        if (!ib_doc_type_parse(p->key, &t)) {
            ib_diag_add(d, IB_SEV_ERROR,
                        (struct ib_loc){file, p->line, p->col}, "field-type",
                        "'%s' in 'ids' is not a document type (policy, "
                        "standard, procedure, guideline, plan, register, "
                        "record)",
                        p->key);
            ok = false;
            continue;
        }
        const struct ib_val *v = p->val;
        const char *why = v->kind == IB_VAL_STR || v->kind == IB_VAL_NUM
                              ? ib_scaffold_pattern_problem(v->str)
                              : "it must be text such as POL-###";
        if (why) {
            ib_diag_add(d, IB_SEV_ERROR,
                        (struct ib_loc){file, v->line, v->col}, "field-type",
                        "id pattern of '%s' is not usable: %s", p->key, why);
            ok = false;
        } else if (t == type) {
            pattern = v->str;
        }
    }
    return ok ? pattern : NULL;
}

/*
 * The id a document's front matter gives on a line of its own ("id:
 * POL-005", or an alias of id), found in TEXT without parsing it: for a
 * document whose front matter does not load, so that `new` does not hand
 * out its id again. NULL when there is none.
 */
static const char *
id_in_text(struct ib_arena *a, const struct ib_config *cfg, const char *text,
           size_t len)
{
    const char *end = text + len, *p = text;
    if (len < 3 || memcmp(text, "---", 3) != 0)
        return NULL;
    p = memchr(p, '\n', (size_t)(end - p));
    while (p && ++p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *e = eol ? eol : end;
        if (e - p >= 3 && (memcmp(p, "---", 3) == 0 || memcmp(p, "...", 3) == 0))
            return NULL;
        const char *colon = memchr(p, ':', (size_t)(e - p));
        if (colon && p[0] != ' ' && p[0] != '\t' && p[0] != '#') {
            const char *key = ib_arena_strndup(a, p, (size_t)(colon - p));
            const char *v = colon + 1;
            while (v < e && (*v == ' ' || *v == '\t' || *v == '"' || *v == '\''))
                v++;
            const char *ve = e;
            while (ve > v && strchr(" \t\r\"'", ve[-1]))
                ve--;
            if (strcmp(ib_config_canonical_key(cfg, key), "id") == 0 && ve > v)
                return ib_arena_strndup(a, v, (size_t)(ve - v));
        }
        p = eol;
    }
    return NULL;
}

/* Collects the id of every document below content/ into IDS, also of
 * those whose front matter does not load. Returns 0, or -1 after findings
 * when the folder or a file cannot be read. */
static int
existing_ids(struct ib_arena *a, const struct ib_config *cfg,
             struct strlist *ids, struct ib_diag *d)
{
    struct ib_fs_list files;
    if (ib_fs_walk(cfg->root, "content", ".md", &files, d) < 0)
        return -1;
    /* Loading findings are the business of `check`, not of `new`. */
    struct ib_diag *quiet = ib_diag_new();
    int rc = 0;
    for (size_t i = 0; i < files.n; i++) {
        char *text;
        size_t len;
        if (ib_config_is_excluded(cfg, files.paths[i]))
            continue;
        if (ib_fs_read(cfg->root, files.paths[i], IB_DOC_MAX, &text, &len,
                       d) < 0) {
            rc = -1;
            continue;
        }
        struct ib_doc *doc =
            ib_doc_load(a, cfg, files.paths[i], text, len, quiet);
        const char *id = doc->id.s[0] ? doc->id.s
                                       : id_in_text(a, cfg, text, len);
        if (id)
            strlist_add(a, ids, id);
        ib_doc_fini(doc);
        free(text);
    }
    ib_diag_free(quiet);
    ib_fs_list_free(&files);
    return rc;
}

/* The owner: O's, else the first person of the directory, else "owner".
 * Returns NULL after findings. */
static const char *
choose_owner(const struct ib_config *cfg, const char *given,
             struct ib_diag *d)
{
    if (!given)
        return cfg->people && cfg->people->n ? cfg->people->pairs[0].key
                                             : "owner";
    if (!given[0] || !is_one_line(given)) {
        arg_error(d, "field-type",
                  "the owner must be one line of text, such as jane.doe");
        return NULL;
    }
    if (cfg->people && !ib_val_get(cfg->people, given)) {
        arg_error(d, "owner-unknown",
                  "owner '%s' is not in the people directory of "
                  "handbook.yaml",
                  given);
        return NULL;
    }
    return given;
}

int
ib_scaffold_new(const struct ib_scaffold_new_opts *o, char **path,
                struct ib_diag *d)
{
    *path = NULL;
    const struct ib_catalog *cat = ib_catalog_builtin();
    enum ib_doc_type type;
    if (!ib_doc_type_parse(o->type, &type)) {
        arg_error(d, "field-type",
                  "unknown document type '%s' (policy, standard, procedure, "
                  "guideline, plan, register, record)",
                  o->type);
        return IB_EXIT_USAGE;
    }
    /* Spaces around the title are not part of it. */
    const char *t0 = o->title;
    while (*t0 == ' ')
        t0++;
    size_t tlen = strlen(t0);
    while (tlen > 0 && t0[tlen - 1] == ' ')
        tlen--;
    char *title = ib_xstrndup(t0, tlen);
    char *slug = ib_scaffold_slug(title);
    int status = IB_EXIT_USAGE;
    struct ib_arena *a = ib_arena_new();
    struct ib_diag *ld = ib_diag_new();
    struct ib_buf b;
    ib_buf_init(&b);
    char *id = NULL, *rel = NULL;
    if (!title[0] || !is_one_line(title)) {
        arg_error(d, "field-type", "the title must be one line of text");
        goto out;
    }
    if (!slug[0]) {
        arg_error(d, "field-type",
                  "the title '%s' gives no file name: it needs a letter or "
                  "digit",
                  title);
        goto out;
    }

    struct ib_config cfg;
    if (ib_config_load(a, o->root, &cfg, ld) < 0) {
        ib_diag_take_all(d, ld);
        goto out;
    }
    struct ib_val *conf;
    if (ib_yaml_load(a, o->root, cfg.file, IB_CONFIG_MAX, &conf, ld) < 0) {
        ib_diag_take_all(d, ld);
        goto out;
    }
    const char *pattern =
        id_pattern(cfg.file, ib_val_get(conf, "ids"), type, d);
    const char *owner = choose_owner(&cfg, o->owner, d);
    struct strlist controls = {0}, clauses = {0};
    bool ok = resolve_controls(a, cat, o->controls, &controls, d);
    ok &= resolve_clauses(a, cat, o->clauses, &clauses, d);
    if (!pattern || !owner || !ok)
        goto out;

    rel = xprintf("content/%s/%s.md", types[type].folder, slug);
    char *full = xprintf("%s/%s", o->root, rel);
    struct stat st;
    bool exists = lstat(full, &st) == 0;
    free(full);
    if (exists) {
        arg_error(d, "output-refused",
                  "refusing to write '%s': it already exists, and nothing "
                  "is ever overwritten; choose another title",
                  rel);
        goto out;
    }
    struct strlist ids = {0};
    if (existing_ids(a, &cfg, &ids, d) < 0) {
        status = IB_EXIT_ERRORS;
        goto out;
    }
    id = ib_scaffold_next_id(pattern, o->today.y, ids.v, ids.n);
    char date[11];
    ib_date_format(o->today, date);
    char *intro = xprintf("A draft written by `ismsbook new` on %s.", date);
    struct draft f = {
        .id = id,
        .title = title,
        .owner = owner,
        .type = type,
        .date = o->today,
        .controls = controls.v,
        .clauses = clauses.v,
        .intro = intro,
        .outline = types[type].outline,
    };
    put_draft(&b, &f);
    free(intro);
    size_t before = ib_diag_count(d);
    if (ib_fs_create(o->root, rel, b.data, b.len, d) == 0) {
        status = IB_EXIT_OK;
        *path = rel;
        rel = NULL;
    } else {
        status = failure_status(d, before);
    }
out:
    ib_buf_fini(&b);
    free(id);
    free(rel);
    free(slug);
    free(title);
    ib_diag_free(ld);
    ib_arena_free(a);
    return status;
}
