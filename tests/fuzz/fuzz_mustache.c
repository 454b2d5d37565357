/* SPDX-License-Identifier: MIT */
/* Fuzz target: Mustache templates through ib_mustache_add and _render. */

/*
 * The input is a set of templates separated by NUL bytes: the first is
 * the template rendered ("main"), each later one is a partial whose first
 * line is its name and the rest its text ("header\n<h1>{{s}}</h1>").
 * Every template renders against one fixed context with strings that
 * need escaping, numbers, booleans, null, nested maps and lists, and a
 * name for dynamic partials. Properties: a failure has an error finding;
 * rendering is read-only, so a second render gives the same bytes.
 */
#include "fuzz.h"

#include <stdbool.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "mustache.h"
#include "val.h"
#include "yaml.h"

#define MAX_TEMPLATES 8

static const char context_yaml[] =
    "s: \"<b>\\\"Fish\\\" & 'chips'</b>\"\n"
    "n: 3.5\n"
    "i: 0\n"
    "big: 1e300\n"
    "t: true\n"
    "f: false\n"
    "z: null\n"
    "e: \"\"\n"
    "l: [{s: one, n: 1}, {s: two, l: [x]}, three]\n"
    "el: []\n"
    "m: {s: inner, m: {s: deep, l: [1, 2]}}\n"
    "dyn: header\n"
    "self: main\n"
    "a: {b: {c: {d: nested}}}\n";

static struct ib_arena *ctx_arena;
static struct ib_val *ctx;

static void
free_context(void)
{
    ib_arena_free(ctx_arena);
}

static const struct ib_val *
context(void)
{
    if (!ctx_arena) {
        ctx_arena = ib_arena_new();
        struct ib_diag *d = ib_diag_new();
        if (ib_yaml_parse(ctx_arena, context_yaml, sizeof(context_yaml) - 1,
                          "context.yaml", 0, NULL, &ctx, d) < 0) {
            fprintf(stderr, "fuzz_mustache: the fixed context failed\n");
            abort();
        }
        ib_diag_free(d);
        atexit(free_context);
    }
    return ctx;
}

static int
render(const struct ib_mustache *m, struct ib_buf *out)
{
    struct ib_diag *d = ib_diag_new();
    int rc = ib_mustache_render(m, "main", context(), out, d);
    if (rc < 0)
        fuzz_assert(ib_diag_errors(d) > 0);
    ib_diag_free(d);
    return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    struct ib_mustache *m = ib_mustache_new();
    struct ib_diag *d = ib_diag_new();
    size_t ntmpl = 0;
    bool ok = true;
    for (size_t at = 0; at <= size && ntmpl < MAX_TEMPLATES; ntmpl++) {
        const char *nul = memchr(text + at, '\0', size - at);
        size_t end = nul ? (size_t)(nul - text) : size;
        char name[64] = "main";
        size_t body = at;
        if (ntmpl > 0) {
            const char *nl = memchr(text + at, '\n', end - at);
            size_t nlen = nl ? (size_t)(nl - (text + at)) : end - at;
            if (nlen >= sizeof(name))
                nlen = sizeof(name) - 1;
            memcpy(name, text + at, nlen);
            name[nlen] = '\0';
            body = nl ? (size_t)(nl - text) + 1 : end;
        }
        size_t before = ib_diag_errors(d);
        if (ib_mustache_add(m, name, "fuzz.mustache", text + body, end - body,
                            d) < 0) {
            fuzz_assert(ib_diag_errors(d) > before);
            if (ntmpl == 0)
                ok = false;
        }
        at = end + 1;
    }
    if (ok) {
        struct ib_buf out1, out2;
        ib_buf_init(&out1);
        ib_buf_init(&out2);
        int rc1 = render(m, &out1);
        int rc2 = render(m, &out2);
        fuzz_assert(rc1 == rc2);
        fuzz_assert(out1.len == out2.len);
        fuzz_assert(out1.len == 0 ||
                    memcmp(out1.data, out2.data, out1.len) == 0);
        ib_buf_fini(&out1);
        ib_buf_fini(&out2);
    }
    ib_diag_free(d);
    ib_mustache_free(m);
    return 0;
}
