/* SPDX-License-Identifier: MIT */
/* Runs the Mustache spec's YAML cases (mustache_spec DIR) against our engine.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "mustache.h"
#include "val.h"
#include "xmalloc.h"
#include "yaml.h"

struct tally {
    unsigned passed, failed;
};

/* Reads PATH whole; returns a new string (free with free()) or NULL. */
static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    struct ib_buf b;
    char chunk[8192];
    size_t n;
    ib_buf_init(&b);
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ib_buf_put(&b, chunk, n);
    int bad = ferror(f);
    fclose(f);
    *len = b.len;
    if (bad) {
        ib_buf_fini(&b);
        return NULL;
    }
    return ib_buf_take(&b);
}

/* Prints S (N bytes) quoted, with control characters escaped. */
static void
print_escaped(const char *s, size_t n)
{
    putchar('"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n')
            fputs("\\n", stdout);
        else if (c == '\r')
            fputs("\\r", stdout);
        else if (c == '\t')
            fputs("\\t", stdout);
        else if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            printf("\\x%02x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void
print_findings(const struct ib_diag *d)
{
    for (size_t i = 0; i < ib_diag_count(d); i++) {
        const struct ib_finding *f = ib_diag_get(d, i);
        printf("    %s:%u:%u: %s: %s [%s]\n", f->loc.file ? f->loc.file : "-",
               f->loc.line, f->loc.col, ib_sev_name(f->sev), f->msg, f->rule);
    }
}

/* Returns the text of scalar KEY in CASE, or NULL if it is not a scalar. */
static const struct ib_val *
scalar(const struct ib_val *c, const char *key)
{
    const struct ib_val *v = ib_val_get(c, key);
    return ib_val_is_scalar(v) ? v : NULL;
}

static void
run_case(const char *file, const struct ib_val *c, struct tally *t)
{
    const struct ib_val *name = scalar(c, "name");
    const struct ib_val *tmpl = scalar(c, "template");
    const struct ib_val *want = scalar(c, "expected");
    const struct ib_val *partials = ib_val_get(c, "partials");
    const char *label = name ? name->str : "?";
    if (!tmpl || !want) {
        printf("%s: %s: case lacks a template or expected text\n", file, label);
        t->failed++;
        return;
    }
    struct ib_mustache *m = ib_mustache_new();
    struct ib_diag *d = ib_diag_new();
    struct ib_buf out;
    ib_buf_init(&out);
    int rc = ib_mustache_add(m, "<main>", file, tmpl->str, tmpl->len, d);
    for (size_t i = 0; partials && i < partials->n; i++) {
        const struct ib_val *p = partials->pairs[i].val;
        if (ib_val_is_scalar(p) && ib_mustache_add(m, partials->pairs[i].key,
                                                   file, p->str, p->len, d) < 0)
            rc = -1;
    }
    if (rc == 0)
        rc = ib_mustache_render(m, "<main>", ib_val_get(c, "data"), &out, d);
    if (rc == 0 && out.len == want->len &&
        memcmp(ib_buf_cstr(&out), want->str, want->len) == 0) {
        t->passed++;
    } else {
        t->failed++;
        printf("%s: %s\n  expected ", file, label);
        print_escaped(want->str, want->len);
        printf("\n  got      ");
        print_escaped(ib_buf_cstr(&out), out.len);
        putchar('\n');
        print_findings(d);
    }
    ib_buf_fini(&out);
    ib_diag_free(d);
    ib_mustache_free(m);
}

static void
run_file(const char *path, struct tally *t)
{
    size_t len;
    char *text = slurp(path, &len);
    if (!text) {
        printf("%s: cannot read\n", path);
        t->failed++;
        return;
    }
    /* The spec files are trusted and larger than front matter. */
    struct ib_yaml_limits lim = {64, (size_t)1 << 20, 1000000};
    struct ib_arena *a = ib_arena_new();
    struct ib_diag *d = ib_diag_new();
    struct ib_val *root;
    if (ib_yaml_parse(a, text, len, path, 0, &lim, &root, d) < 0) {
        printf("%s: cannot parse\n", path);
        print_findings(d);
        t->failed++;
    } else {
        const struct ib_val *tests = ib_val_get(root, "tests");
        if (!tests || tests->kind != IB_VAL_LIST || !tests->n) {
            printf("%s: no tests list\n", path);
            t->failed++;
        }
        for (size_t i = 0; tests && i < tests->n; i++)
            run_case(path, tests->items[i], t);
    }
    ib_diag_free(d);
    ib_arena_free(a);
    free(text);
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: mustache_spec DIR\n");
        return 2;
    }
    DIR *dir = opendir(argv[1]);
    if (!dir) {
        perror(argv[1]);
        return 2;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".yml") == 0) {
            names = ib_xrealloc(names, (n + 1) * sizeof(*names));
            names[n++] = ib_xstrdup(e->d_name);
        }
    }
    closedir(dir);
    if (n)
        qsort(names, n, sizeof(*names), cmp_str);

    struct tally t = {0, 0};
    for (size_t i = 0; i < n; i++) {
        struct ib_buf path;
        ib_buf_init(&path);
        ib_buf_printf(&path, "%s/%s", argv[1], names[i]);
        run_file(ib_buf_cstr(&path), &t);
        ib_buf_fini(&path);
        free(names[i]);
    }
    free(names);
    if (n == 0)
        printf("%s: no *.yml files\n", argv[1]);
    printf("%u passed, %u failed\n", t.passed, t.failed);
    return t.failed || n == 0 ? 1 : 0;
}
