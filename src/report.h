/* SPDX-License-Identifier: MIT */
/* Printing findings for people and for CI systems. */
#ifndef IB_REPORT_H
#define IB_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct ib_buf;

struct ib_diag;

/* The output formats of `ismsbook check --format`. */
enum ib_format {
    IB_FORMAT_TEXT,
    IB_FORMAT_JSON,
    IB_FORMAT_JUNIT,
    IB_FORMAT_SARIF,
    IB_FORMAT_GITHUB,
};

/* Parses "text", "json", "junit", "sarif" or "github"; false otherwise. */
bool ib_format_parse(const char *s, enum ib_format *out);

/*
 * One JUnit test case: a thing the handbook is checked for. SUBJECT is the
 * key findings are matched on: "doc:<path>" for a document (path relative
 * to the root, as in findings), "control:5.15", "mandatory:6.1.2". The part
 * before the first ':' names the test suite ("doc" gives "documents",
 * "control" "controls", "mandatory" "mandatory"; any other prefix is used
 * as it is). CLASSNAME and NAME are shown by the CI; NULL means the suite
 * name and SUBJECT after its prefix. SKIPPED, when not NULL, says why the
 * case does not apply (e.g. a control the SoA excludes); it is reported
 * as skipped unless it has an error finding.
 */
struct ib_report_case {
    const char *subject;
    const char *classname;
    const char *name;
    const char *skipped;
};

/* What a report needs besides the findings. All of it is borrowed. */
struct ib_report {
    const char *root; /* handbook root, to quote source lines; NULL:
                         text output shows no source lines */
    bool color;       /* ANSI colours in text (isatty && !NO_COLOR) */
    size_t ndocs;     /* documents checked, for the text summary */
    const struct ib_report_case *cases; /* JUnit test cases, in order */
    size_t ncases;
    const char *tool_version; /* e.g. "0.1.0"; NULL: IB_VERSION */
};

/*
 * Sorts D (ib_diag_sort) and writes its findings to F in format FMT:
 *
 * text    compiler style, one finding a line, "file:line:col: severity:
 *         message [rule]" (position parts that are 0 left out; no file
 *         gives "ismsbook: severity: ..."), then the source line and a
 *         caret under the column when both are known and the file can be
 *         read, then "N errors, M warnings in K documents".
 * json    an array of {"severity", "rule", "file", "line", "column",
 *         "message"} objects, one a line; file is null and line/column 0
 *         when unknown.
 * junit   JUnit XML: a <testsuite> per case kind, a <testcase> per case,
 *         and one more, "handbook", for findings no case claims; see
 *         report.c for how findings map to cases.
 * sarif   SARIF 2.1.0 for GitHub code scanning and other dashboards.
 * github  GitHub Actions workflow commands (::error file=...::message).
 *
 * Returns 0, or -1 with errno set if writing to F failed; no finding is
 * recorded, since D is what is being written.
 */
int ib_report_write(FILE *f, enum ib_format fmt, struct ib_diag *d,
                    const struct ib_report *r);

/* Appends S to B as the text report writes text for a terminal: control
 * characters (newlines too), bidi overrides and invalid bytes become '?';
 * tabs stay. */
void ib_report_put_text(struct ib_buf *b, const char *s);

/*
 * Prints D's findings (sorting D first) to F, one a line, compiler style:
 * "content/x.md:7:16: error: message [rule-id]", without source lines,
 * colour or summary. Kept for `ismsbook build`.
 */
void ib_report_text(FILE *f, struct ib_diag *d);

#endif
