/* SPDX-License-Identifier: MIT */
/* YAML text to a value tree, with positions and our own safety limits. */
#ifndef IB_YAML_H
#define IB_YAML_H

#include <stddef.h>

struct ib_arena;
struct ib_diag;
struct ib_val;

/* Limits enforced on top of libyaml. 0 means the default given here. */
struct ib_yaml_limits {
    unsigned max_depth;   /* nesting of lists and maps; default 16 */
    size_t max_scalar;    /* bytes in one scalar; default 64 KiB */
    size_t max_nodes;     /* scalars, lists and maps; default 100000 */
};

/*
 * Parses TEXT (LEN bytes, one YAML document) into *OUT, allocated in A.
 * FILE names the source in findings; LINE_OFFSET is added to every line
 * (front matter starts after the opening fence). Plain scalars resolve as
 * YAML 1.2's core schema does: null, ~ and empty are null, true/false are
 * booleans, decimal integers and floats are numbers; everything else,
 * dates included, is a string. Quoted scalars are always strings.
 *
 * Rejected with a finding (rule yaml-syntax) and -1: libyaml syntax errors,
 * duplicate keys, anchors and aliases, tags, non-scalar keys, more than one
 * document, and exceeding LIMITS. An empty document gives a null value.
 * LIMITS may be NULL for the defaults.
 */
int ib_yaml_parse(struct ib_arena *a, const char *text, size_t len,
                  const char *file, unsigned line_offset,
                  const struct ib_yaml_limits *limits, struct ib_val **out,
                  struct ib_diag *d);

/*
 * As ib_yaml_parse, but always through libyaml, without the fast path for
 * flat maps of one-line values. The two give the same tree for any text
 * the fast path reads; the unit tests and the fuzzer compare them.
 */
int ib_yaml_parse_libyaml(struct ib_arena *a, const char *text, size_t len,
                          const char *file, unsigned line_offset,
                          const struct ib_yaml_limits *limits,
                          struct ib_val **out, struct ib_diag *d);

/*
 * Reads ROOT/FILE (FILE relative to the root, as findings name it; at most
 * MAX bytes), checks that it is UTF-8 (encoding-invalid otherwise), skips a
 * byte order mark and parses it with the default limits. Returns 0 with
 * *OUT set, or -1 with findings.
 */
int ib_yaml_load(struct ib_arena *a, const char *root, const char *file,
                 size_t max, struct ib_val **out, struct ib_diag *d);

#endif
