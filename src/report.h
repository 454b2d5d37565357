/* SPDX-License-Identifier: MIT */
/* Printing findings for people and for CI systems. */
#ifndef IB_REPORT_H
#define IB_REPORT_H

#include <stdio.h>

struct ib_diag;

/*
 * Prints D's findings (sorting D first) to F, one a line, compiler style:
 * "content/x.md:7:16: error: message [rule-id]". Position parts that are
 * unknown (0) are left out.
 */
void ib_report_text(FILE *f, struct ib_diag *d);

#endif
