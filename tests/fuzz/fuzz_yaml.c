/* SPDX-License-Identifier: MIT */
/* Fuzz target: YAML text through ib_yaml_parse, with small limits. */

/*
 * The input is one YAML document. It is parsed twice: with small limits,
 * which the fuzzer can reach, and with the defaults. A parse that
 * succeeds must respect its limits (depth, values, scalar size), give
 * NUL-terminated scalars and maps without duplicate keys, and place every
 * value after the line offset; a parse that fails must have said why.
 * Each parse is done again through libyaml alone: the fast path for flat
 * maps must give the same result, tree and positions included.
 */
#include "fuzz.h"

#include "arena.h"
#include "diag.h"
#include "val.h"
#include "yaml.h"

#define LINE_OFFSET 3

/* Counts newlines: a finding may point one line past the last newline. */
static unsigned
count_lines(const uint8_t *data, size_t size)
{
    unsigned n = 1;
    for (size_t i = 0; i < size; i++)
        n += data[i] == '\n';
    return n;
}

static void
check_findings(const struct ib_diag *d, unsigned max_line)
{
    for (size_t i = 0; i < ib_diag_count(d); i++) {
        const struct ib_finding *f = ib_diag_get(d, i);
        fuzz_assert(f->loc.file && strcmp(f->loc.file, "fuzz.yaml") == 0);
        fuzz_assert(f->loc.line <= max_line);
        fuzz_assert(strcmp(f->rule, "yaml-syntax") == 0 ||
                    strcmp(f->rule, "encoding-invalid") == 0);
    }
}

/* Walks the tree without recursion: an explicit stack of (value, depth). */
static void
check_tree(const struct ib_val *root, const struct ib_yaml_limits *lim,
           unsigned max_line)
{
    struct item {
        const struct ib_val *v;
        unsigned depth;
    };
    size_t cap = 64, n = 0, nodes = 0;
    struct item *stack = malloc(cap * sizeof(*stack));
    fuzz_assert(stack);
    stack[n++] = (struct item){root, 0};
    while (n) {
        struct item it = stack[--n];
        const struct ib_val *v = it.v;
        fuzz_assert(v);
        if (v->line)
            fuzz_assert(v->line > LINE_OFFSET && v->line <= max_line);
        if (ib_val_is_scalar(v)) {
            nodes++;
            fuzz_assert(v->str && v->str[v->len] == '\0');
            fuzz_assert(v->len <= lim->max_scalar);
            continue;
        }
        nodes++;
        fuzz_assert(it.depth < lim->max_depth);
        size_t kids = v->n;
        for (size_t i = 0; i < kids; i++) {
            const struct ib_val *k =
                v->kind == IB_VAL_MAP ? v->pairs[i].val : v->items[i];
            if (v->kind == IB_VAL_MAP) {
                fuzz_assert(v->pairs[i].key);
                for (size_t j = 0; j < i; j++)
                    fuzz_assert(strcmp(v->pairs[j].key, v->pairs[i].key));
                nodes++; /* the key is a scalar too */
            }
            if (n == cap) {
                struct item *ns = realloc(stack, (cap *= 2) * sizeof(*ns));
                fuzz_assert(ns);
                stack = ns;
            }
            stack[n++] = (struct item){k, it.depth + 1};
        }
    }
    free(stack);
    fuzz_assert(nodes <= lim->max_nodes);
}

/* A and B are the same tree: kinds, text, numbers, quoting, positions. */
static void
check_same(const struct ib_val *a, const struct ib_val *b)
{
    fuzz_assert(a->kind == b->kind && a->line == b->line &&
                a->col == b->col && a->quoted == b->quoted);
    if (ib_val_is_scalar(a)) {
        fuzz_assert(a->len == b->len && memcmp(a->str, b->str, a->len) == 0);
        fuzz_assert(a->kind != IB_VAL_BOOL || a->b == b->b);
        fuzz_assert(a->kind != IB_VAL_NUM || a->num == b->num ||
                    (a->num != a->num && b->num != b->num));
        return;
    }
    fuzz_assert(a->n == b->n);
    for (size_t i = 0; i < a->n; i++) {
        if (a->kind == IB_VAL_LIST) {
            check_same(a->items[i], b->items[i]);
            continue;
        }
        const struct ib_val_pair *x = &a->pairs[i], *y = &b->pairs[i];
        fuzz_assert(strcmp(x->key, y->key) == 0 && x->line == y->line &&
                    x->col == y->col);
        check_same(x->val, y->val);
    }
}

/* Parses DATA through libyaml alone and checks it agrees with RC and V. */
static void
check_libyaml(const uint8_t *data, size_t size,
              const struct ib_yaml_limits *lim, int rc, const struct ib_val *v)
{
    struct ib_arena *a = ib_arena_new();
    struct ib_diag *d = ib_diag_new();
    struct ib_val *w = NULL;
    fuzz_assert(ib_yaml_parse_libyaml(a, (const char *)data, size,
                                      "fuzz.yaml", LINE_OFFSET, lim, &w,
                                      d) == rc);
    if (rc == 0)
        check_same(v, w);
    ib_diag_free(d);
    ib_arena_free(a);
}

static void
parse(const uint8_t *data, size_t size, const struct ib_yaml_limits *lim,
      const struct ib_yaml_limits *shown)
{
    struct ib_arena *a = ib_arena_new();
    struct ib_diag *d = ib_diag_new();
    struct ib_val *v = NULL;
    unsigned max_line = LINE_OFFSET + count_lines(data, size);
    int rc = ib_yaml_parse(a, (const char *)data, size, "fuzz.yaml",
                           LINE_OFFSET, lim, &v, d);
    if (rc == 0)
        check_tree(v, shown, max_line);
    else
        fuzz_assert(ib_diag_errors(d) > 0);
    check_libyaml(data, size, lim, rc, v);
    check_findings(d, max_line);
    ib_diag_free(d);
    ib_arena_free(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct ib_yaml_limits small = {4, 64, 64};
    static const struct ib_yaml_limits defaults = {16, 64 * 1024, 100000};
    parse(data, size, &small, &small);
    parse(data, size, NULL, &defaults);
    return 0;
}
