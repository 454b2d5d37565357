/* SPDX-License-Identifier: MIT */
/* `ismsbook check`: every rule, reported in the format CI wants. */
#ifndef IB_CHECK_H
#define IB_CHECK_H

#include <stdbool.h>
#include <stdio.h>

#include "date.h"
#include "doc.h"
#include "report.h"

struct ib_diag;

struct ib_check_opts {
    const char *root;
    struct ib_date today;
    bool strict;          /* warnings fail the check too */
    enum ib_format format;
    bool color;           /* text format: ANSI colours */
    /* --max-classification: with HAVE_MAX_CLASS, MAX_CLASS replaces
     * publish.max_classification, so classification-leak judges what a
     * build with the same option publishes. */
    bool have_max_class;
    enum ib_class max_class;
};

/*
 * Loads the handbook at OPTS->root like `build`, runs every check-only rule
 * (rules.c) and writes the report to OUT; for the text format, also the
 * reviews overdue and due soon grouped by owner. Returns an exit status:
 * 0, 1 (an error finding, or any warning with STRICT) or 2 (configuration,
 * or the report could not be written: errno tells why).
 */
int ib_check(const struct ib_check_opts *opts, FILE *out, struct ib_diag *d);

#endif
