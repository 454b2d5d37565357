/* SPDX-License-Identifier: MIT */
/* Splitting a document into its YAML front matter and Markdown body. */
#ifndef IB_FRONTMATTER_H
#define IB_FRONTMATTER_H

#include <stddef.h>

struct ib_diag;

/* Largest front matter block accepted, in bytes. */
#define IB_FM_MAX ((size_t)64 * 1024)

/*
 * The parts of a document, as offsets into the text it was split from.
 * YAML_LINE is the line number of the fence line before the YAML (so YAML
 * line N is file line N + YAML_LINE); BODY_LINE likewise for the body.
 */
struct ib_fm {
    size_t yaml_off, yaml_len;
    unsigned yaml_line;
    size_t body_off, body_len;
    unsigned body_line;
};

/* What a document whose first line is not "---" is (handbook.yaml's
 * `front_matter:`). Every mode reads a fenced block the same way. */
enum ib_fm_mode {
    IB_FM_REQUIRED, /* an error: frontmatter-missing */
    IB_FM_OPTIONAL, /* a document with no front matter: all body */
    IB_FM_UNFENCED, /* YAML from the first line to a "---" line (comply) */
};

/*
 * Splits TEXT: an optional UTF-8 BOM, a first line "---", the YAML, then a
 * line "---" or "...". Trailing spaces and CR on fence lines are allowed.
 * Returns 0, or -1 with a finding at FILE: frontmatter-missing when the
 * first line is not a fence; yaml-syntax when no closing fence follows or
 * the block exceeds IB_FM_MAX. Never treats unclosed YAML as body text.
 */
int ib_fm_split(const char *text, size_t len, const char *file,
                struct ib_fm *out, struct ib_diag *d);

/*
 * As ib_fm_split, with MODE deciding about a first line that is not a
 * fence. IB_FM_OPTIONAL: the YAML is empty (YAML_LEN 0) and the body is
 * everything after a BOM. IB_FM_UNFENCED: the YAML runs from the first
 * line to the first "---" line (YAML_LINE is then 0), and a file without
 * such a line is frontmatter-missing.
 */
int ib_fm_split_as(const char *text, size_t len, const char *file,
                   enum ib_fm_mode mode, struct ib_fm *out,
                   struct ib_diag *d);

#endif
