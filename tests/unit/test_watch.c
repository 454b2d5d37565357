/* SPDX-License-Identifier: MIT */
/* Unit tests for the watch (watch.c): which changed files it names, for
 * serve's quick rebuild, and when it cannot name them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "watch.h"

struct fixture {
    char root[64];
    struct ib_watch *w;
};

static char *
path_of(const struct fixture *fx, const char *rel)
{
    char *p;
    assert_true(asprintf(&p, "%s/%s", fx->root, rel) > 0);
    return p;
}

static void
put(const struct fixture *fx, const char *rel, const char *text)
{
    char *p = path_of(fx, rel);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(p);
}

static int
setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof(*fx));
    snprintf(fx->root, sizeof fx->root, "/tmp/ib-watch-XXXXXX");
    if (!mkdtemp(fx->root))
        return -1;
    char *p = path_of(fx, "content");
    mkdir(p, 0755);
    free(p);
    put(fx, "content/a.md", "a");
    put(fx, "handbook.yaml", "title: x\n");
    fx->w = ib_watch_new();
    p = path_of(fx, "content");
    int rc = ib_watch_add_tree(fx->w, p);
    free(p);
    p = path_of(fx, "handbook.yaml");
    rc |= ib_watch_add_file(fx->w, p);
    free(p);
    *state = fx;
    return rc;
}

static int
teardown(void **state)
{
    struct fixture *fx = *state;
    ib_watch_free(fx->w);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->root);
    int rc = system(cmd);
    free(fx);
    return rc;
}

/* Reads the events and takes the changes; checks the one expected. */
static void
expect_one(struct fixture *fx, const char *rel, bool created)
{
    assert_true(ib_watch_read(fx->w));
    size_t n;
    bool unnamed;
    struct ib_watch_change *c = ib_watch_take(fx->w, &n, &unnamed);
    char *want = path_of(fx, rel);
    assert_false(unnamed);
    assert_int_equal(n, 1);
    assert_string_equal(c[0].path, want);
    assert_int_equal(c[0].created, created);
    free(want);
    ib_watch_changes_free(c, n);
}

static void
test_named(void **state)
{
    struct fixture *fx = *state;
    /* Written twice: named once. */
    put(fx, "content/a.md", "b");
    put(fx, "content/a.md", "c");
    expect_one(fx, "content/a.md", false);
    /* Taken: nothing is left. */
    size_t n;
    bool unnamed;
    struct ib_watch_change *c = ib_watch_take(fx->w, &n, &unnamed);
    assert_int_equal(n, 0);
    assert_false(unnamed);
    ib_watch_changes_free(c, n);
    put(fx, "content/new.md", "new");
    expect_one(fx, "content/new.md", true);
    put(fx, "handbook.yaml", "title: y\n");
    expect_one(fx, "handbook.yaml", false);
    /* An editor's save: a backup name (ignored) renamed over the file. */
    put(fx, "content/a.md~", "d");
    char *from = path_of(fx, "content/a.md~"), *to = path_of(fx, "content/a.md");
    assert_int_equal(rename(from, to), 0);
    free(from);
    free(to);
    expect_one(fx, "content/a.md", true);
}

static void
test_unnamed(void **state)
{
    struct fixture *fx = *state;
    char *p = path_of(fx, "content/sub");
    assert_int_equal(mkdir(p, 0755), 0);
    free(p);
    put(fx, "content/sub/x.md", "x");
    assert_true(ib_watch_read(fx->w));
    size_t n;
    bool unnamed;
    struct ib_watch_change *c = ib_watch_take(fx->w, &n, &unnamed);
    assert_true(unnamed); /* a folder appeared */
    ib_watch_changes_free(c, n);
    /* Too many files to be worth naming. */
    for (int i = 0; i < 300; i++) {
        char rel[64];
        snprintf(rel, sizeof rel, "content/f%03d.md", i);
        put(fx, rel, "f");
    }
    assert_true(ib_watch_read(fx->w));
    c = ib_watch_take(fx->w, &n, &unnamed);
    assert_true(unnamed);
    assert_true(n <= 256);
    ib_watch_changes_free(c, n);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_named, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unnamed, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
