/* SPDX-License-Identifier: MIT */
/* The rule ids ismsbook reports, with their descriptions and help texts. */
#ifndef IB_RULEINFO_H
#define IB_RULEINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"

/*
 * What a user needs to know about one rule id: its default severity, a
 * one-line summary and a help text saying what triggers it and how to fix
 * it. This table is the single source for SARIF rule metadata, the README
 * and the man page.
 */
struct ib_ruleinfo {
    const char *id;      /* e.g. "review-overdue"; NULL for the generic one */
    enum ib_sev sev;     /* default severity */
    const char *summary; /* one sentence, no final period */
    const char *help;    /* a few sentences: the trigger, then the fix */
};

/*
 * Returns the entry for rule ID. An id ismsbook does not define itself (one
 * a Lua filter reports) gets a generic entry whose id is NULL. Never NULL;
 * the result is static.
 */
const struct ib_ruleinfo *ib_ruleinfo_get(const char *id);

/*
 * Returns true if ID has the form of a rule id: 1 to 64 lower-case ASCII
 * letters, digits and '-', not starting with '-'. Every built-in id has
 * it, and a Lua filter's own ids must.
 */
bool ib_ruleinfo_is_valid_id(const char *id);

/*
 * Returns the built-in rule id that ID (not one itself) is probably a typo
 * of, ignoring ASCII case ("Review-Overdue", "review-overdu"), or NULL when
 * none is close (see ib_text_suggest). The result is static.
 */
const char *ib_ruleinfo_suggest(const char *id);

/* Returns the number of built-in rules. */
size_t ib_ruleinfo_count(void);

/* Returns built-in rule I (0-based, in documentation order), or NULL. */
const struct ib_ruleinfo *ib_ruleinfo_at(size_t i);

/*
 * Prints the built-in rules to F as a Markdown table (rule, default
 * severity, what it means and how to fix it), one row a rule, for the
 * README.
 */
void ib_ruleinfo_print_markdown(FILE *f);

#endif
