/* SPDX-License-Identifier: MIT */
/* Limits a document body must keep before cmark-gfm parses it. */
#ifndef IB_MDLIMIT_H
#define IB_MDLIMIT_H

#include <stdbool.h>
#include <stddef.h>

struct ib_diag;
struct ib_md;

/*
 * The cmark-gfm that Debian ships (0.29.0.gfm.6) takes quadratic or worse
 * time on some inputs; these limits keep every body it sees to inputs it
 * parses in about linear time. Generous for real documents; see the
 * README's "Limits". A "paragraph" here is a run of non-blank lines up to a
 * blank line, a new list item or a table row, counted in code blocks too.
 */
#define IB_MDLIMIT_NESTING 100    /* block quote and list markers a line */
#define IB_MDLIMIT_PIPES 1000     /* '|' in one line (table columns) */
#define IB_MDLIMIT_CELLS 200000   /* table cells in one document */
#define IB_MDLIMIT_BRACKETS 10000 /* '[' in one paragraph */
#define IB_MDLIMIT_AT 1000        /* '@' in one line (e-mail autolinks) */

/* Where a text first exceeds a limit, and which. */
struct ib_mdlimit_over {
    unsigned line, col;
    char why[96]; /* e.g. "more than 1000 '|' in one line (table cells)" */
};

/*
 * Checks LEN bytes of TEXT, a fragment of Markdown a filter generates
 * (UTF-8 without NUL bytes), against the limits. Returns 0, storing in *MOST an upper bound on the
 * bytes cmark-gfm may allocate parsing it (so a memory budget can be
 * held before the parse, not only after); or -1 after filling *OVER.
 * Linear in LEN.
 *
 * The bracket limit is held to what it is for, not to its count: image
 * openers "![" times '[' in a paragraph at most what 5,000 of each make.
 * A line of 20,000 links a filter made of ticket ids passes; 5,001
 * "![[]()" do not.
 */
int ib_mdlimit_fragment(const char *text, size_t len, size_t *most,
                        struct ib_mdlimit_over *over);

/*
 * Checks LEN bytes of TEXT, the body of FILE whose first line is line
 * LINE_OFFSET + 1 of the file, against the limits. Returns 0, or -1 after
 * recording one document-too-complex finding at FILE:line:col of the first
 * place a limit is exceeded. Linear in LEN.
 */
int ib_mdlimit_check(const char *file, const char *text, size_t len,
                     unsigned line_offset, struct ib_diag *d);

/*
 * Parses TEXT as ib_md_parse does (ib_md_parse_brief if BRIEF) if it keeps
 * the limits; otherwise, after the finding, parses it as one code block
 * showing the text as written (what a build publishes when the rule is
 * lowered to a warning). Never returns NULL; free with ib_md_free.
 */
struct ib_md *ib_mdlimit_parse(const char *file, const char *text, size_t len,
                               unsigned line_offset, bool brief,
                               struct ib_diag *d);

#endif
