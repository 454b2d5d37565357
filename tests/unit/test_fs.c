/* SPDX-License-Identifier: MIT */
/* Unit tests for fs.c: reads, walks, symlinks and safe site output. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs.h"

/* Each test gets a fresh folder: BASE holds the handbook ROOT and
 * anything "outside" it. */
struct fixture {
    char base[64];
    char root[96];
    struct ib_diag *d;
};

static char *
path_of(const char *dir, const char *rel)
{
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", dir, rel);
    return p;
}

/* Creates the absolute folder P and its parents. */
static void
mkdir_p(char *p)
{
    for (char *s = p + 1; *s; s++) {
        if (*s == '/') {
            *s = '\0';
            mkdir(p, 0755);
            *s = '/';
        }
    }
    if (mkdir(p, 0755) != 0 && errno != EEXIST)
        fail_msg("mkdir %s: %s", p, strerror(errno));
}

static void
mkdirs(const char *dir, const char *rel)
{
    char *p = path_of(dir, rel);
    mkdir_p(p);
    free(p);
}

/* Writes TEXT to DIR/REL, creating folders as needed. */
static void
put_file(const char *dir, const char *rel, const char *text)
{
    char *p = path_of(dir, rel);
    char *slash = strrchr(p, '/');
    *slash = '\0';
    mkdir_p(p);
    *slash = '/';
    FILE *f = fopen(p, "w");
    if (!f)
        fail_msg("fopen %s: %s", p, strerror(errno));
    fputs(text, f);
    fclose(f);
    free(p);
}

static void
put_link(const char *dir, const char *rel, const char *target)
{
    char *p = path_of(dir, rel);
    if (symlink(target, p) != 0)
        fail_msg("symlink %s: %s", p, strerror(errno));
    free(p);
}

/* Returns the file's contents (static buffer), or NULL if unreadable. */
static const char *
slurp(const char *dir, const char *rel)
{
    static char buf[4096];
    char *p = path_of(dir, rel);
    FILE *f = fopen(p, "r");
    free(p);
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static bool
exists(const char *dir, const char *rel)
{
    struct stat st;
    char *p = path_of(dir, rel);
    bool ok = lstat(p, &st) == 0;
    free(p);
    return ok;
}

static int
rm_entry(const char *p, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)type;
    (void)ftw;
    return remove(p);
}

static void
rm_rf(const char *p)
{
    nftw(p, rm_entry, 32, FTW_DEPTH | FTW_PHYS);
}

/* A listing of a tree: every path with its type and, for files, contents;
 * symlinks with their target. Equal snapshots mean byte-identical trees. */
static char **snap_lines;
static size_t snap_n;
static size_t snap_skip;

static int
snap_entry(const char *p, const struct stat *st, int type, struct FTW *ftw)
{
    (void)type;
    (void)ftw;
    char *line = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&line, &len);
    fprintf(m, "%s %o ", p + snap_skip, (unsigned)st->st_mode);
    if (S_ISREG(st->st_mode)) {
        FILE *f = fopen(p, "r");
        int c;
        while (f && (c = fgetc(f)) != EOF)
            fputc(c, m);
        if (f)
            fclose(f);
    } else if (S_ISLNK(st->st_mode)) {
        char t[512];
        ssize_t n = readlink(p, t, sizeof(t) - 1);
        t[n < 0 ? 0 : n] = '\0';
        fputs(t, m);
    }
    fclose(m);
    snap_lines = realloc(snap_lines, (snap_n + 1) * sizeof(*snap_lines));
    snap_lines[snap_n++] = line;
    return 0;
}

static int
cmp_line(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns the snapshot of DIR as one new string (free with free()). */
static char *
snapshot(const char *dir)
{
    snap_lines = NULL;
    snap_n = 0;
    snap_skip = strlen(dir);
    nftw(dir, snap_entry, 32, FTW_PHYS);
    if (snap_n > 1)
        qsort(snap_lines, snap_n, sizeof(*snap_lines), cmp_line);
    char *all = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&all, &len);
    for (size_t i = 0; i < snap_n; i++) {
        fprintf(m, "%s\n", snap_lines[i]);
        free(snap_lines[i]);
    }
    free(snap_lines);
    fclose(m);
    return all;
}

/* Counts entries of DIR whose names start with PREFIX. */
static int
count_prefix(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
    closedir(d);
    return n;
}

static void
assert_one_finding(struct ib_diag *d, const char *rule, const char *file)
{
    if (ib_diag_count(d) != 1) {
        for (size_t i = 0; i < ib_diag_count(d); i++) {
            const struct ib_finding *f = ib_diag_get(d, i);
            print_message("finding: %s: %s [%s]\n",
                          f->loc.file ? f->loc.file : "(none)", f->msg,
                          f->rule);
        }
        fail_msg("want 1 finding [%s], have %zu", rule, ib_diag_count(d));
    }
    const struct ib_finding *f = ib_diag_get(d, 0);
    assert_string_equal(f->rule, rule);
    if (file && strcmp(rule, "output-refused") == 0) {
        /* A refused OUT is a command-line problem: no position, and the
         * message names the folder. */
        assert_null(f->loc.file);
        assert_non_null(strstr(f->msg, file));
    } else if (file) {
        assert_string_equal(f->loc.file, file);
    }
    assert_int_equal(f->loc.line, 0);
}

static int
setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof(*fx));
    strcpy(fx->base, "/tmp/ib-test-fs-XXXXXX");
    if (!mkdtemp(fx->base))
        return -1;
    snprintf(fx->root, sizeof(fx->root), "%s/hb", fx->base);
    mkdir(fx->root, 0755);
    put_file(fx->root, "handbook.yaml", "title: T\n");
    fx->d = ib_diag_new();
    umask(022);
    /* A hang is a failure, not a stuck test run. */
    alarm(20);
    *state = fx;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *fx = *state;
    alarm(0);
    rm_rf(fx->base);
    ib_diag_free(fx->d);
    free(fx);
    return 0;
}

static void
assert_list(const struct ib_fs_list *l, const char *const *want, size_t n)
{
    for (size_t i = 0; i < l->n; i++)
        print_message("  listed %s\n", l->paths[i]);
    assert_int_equal(l->n, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(l->paths[i], want[i]);
}

static void
test_walk_sorted_and_hidden(void **state)
{
    struct fixture *fx = *state;
    put_file(fx->root, "content/b.md", "b");
    put_file(fx->root, "content/a.md", "a");
    put_file(fx->root, "content/sub/c.md", "c");
    put_file(fx->root, "content/a-b/d.md", "d");
    put_file(fx->root, "content/Z.md", "z");
    put_file(fx->root, "content/.hidden.md", "h");
    put_file(fx->root, "content/.git/x.md", "x");
    put_file(fx->root, "content/sub/.drafts/y.md", "y");
    put_file(fx->root, "content/notes.txt", "n");
    put_file(fx->root, "content/md", "no dot");
    mkdirs(fx->root, "content/empty.md");

    struct ib_fs_list l;
    assert_int_equal(ib_fs_walk(fx->root, "content", ".md", &l, fx->d), 0);
    /* strcmp order: '-' < '.' < '/' and 'Z' < 'a'. */
    const char *want[] = {"content/Z.md", "content/a-b/d.md", "content/a.md",
                          "content/b.md", "content/sub/c.md"};
    assert_list(&l, want, 5);
    assert_int_equal(ib_diag_count(fx->d), 0);
    ib_fs_list_free(&l);
    assert_null(l.paths);

    assert_int_equal(ib_fs_walk(fx->root, "content/", NULL, &l, fx->d), 0);
    const char *all[] = {
        "content/Z.md", "content/a-b/d.md",  "content/a.md",    "content/b.md",
        "content/md",   "content/notes.txt", "content/sub/c.md"};
    assert_list(&l, all, 7);
    ib_fs_list_free(&l);

    /* The whole root, with a NULL SUB. */
    assert_int_equal(ib_fs_walk(fx->root, NULL, ".yaml", &l, fx->d), 0);
    const char *yaml[] = {"handbook.yaml"};
    assert_list(&l, yaml, 1);
    ib_fs_list_free(&l);
}

static void
test_walk_missing_sub(void **state)
{
    struct fixture *fx = *state;
    struct ib_fs_list l;
    assert_int_equal(ib_fs_walk(fx->root, "content", ".md", &l, fx->d), 0);
    assert_int_equal(l.n, 0);
    assert_int_equal(ib_diag_count(fx->d), 0);
    ib_fs_list_free(&l);
}

static void
test_walk_sub_not_folder(void **state)
{
    struct fixture *fx = *state;
    put_file(fx->root, "content", "a file where the folder should be");
    struct ib_fs_list l;
    assert_int_equal(ib_fs_walk(fx->root, "content", ".md", &l, fx->d), -1);
    assert_int_equal(l.n, 0);
    assert_null(l.paths);
    assert_one_finding(fx->d, "file-unreadable", "content");
    assert_int_equal(ib_diag_get(fx->d, 0)->sev, IB_SEV_ERROR);
    ib_fs_list_free(&l);
}

static void
test_walk_symlink_inside(void **state)
{
    struct fixture *fx = *state;
    put_file(fx->root, "content/a.md", "a");
    put_file(fx->root, "shared/x.md", "x");
    put_file(fx->root, "docs/y.md", "y");
    put_link(fx->root, "content/shared", "../shared");
    put_link(fx->root, "content/link.md", "../docs/y.md");

    struct ib_fs_list l;
    assert_int_equal(ib_fs_walk(fx->root, "content", ".md", &l, fx->d), 0);
    const char *want[] = {"content/a.md", "content/link.md",
                          "content/shared/x.md"};
    assert_list(&l, want, 3);
    assert_int_equal(ib_diag_count(fx->d), 0);
    ib_fs_list_free(&l);
}

static void
test_walk_symlink_outside(void **state)
{
    struct fixture *fx = *state;
    put_file(fx->root, "content/a.md", "a");
    put_file(fx->base, "elsewhere/secret.md", "s");
    char *target = path_of(fx->base, "elsewhere");
    put_link(fx->root, "content/out", target);
    put_link(fx->root, "content/evil.md", "../../elsewhere/secret.md");
    free(target);

    struct ib_fs_list l;
    assert_int_equal(ib_fs_walk(fx->root, "content", ".md", &l, fx->d), 0);
    const char *want[] = {"content/a.md"};
    assert_list(&l, want, 1);
    ib_diag_sort(fx->d);
    assert_int_equal(ib_diag_count(fx->d), 2);
    const struct ib_finding *f = ib_diag_get(fx->d, 0);
    assert_string_equal(f->rule, "symlink-outside");
    assert_string_equal(f->loc.file, "content/evil.md");
    assert_int_equal(f->sev, IB_SEV_WARNING);
    assert_string_equal(f->msg, "symbolic link to '../../elsewhere/secret.md' "
                                "leads outside the handbook; skipped");
    f = ib_diag_get(fx->d, 1);
    assert_string_equal(f->rule, "symlink-outside");
    assert_string_equal(f->loc.file, "content/out");
    ib_fs_list_free(&l);

    /* SUB itself leading outside is treated the same way. */
    ib_diag_free(fx->d);
    fx->d = ib_diag_new();
    assert_int_equal(ib_fs_walk(fx->root, "content/out", ".md", &l, fx->d), 0);
    assert_int_equal(l.n, 0);
    assert_one_finding(fx->d, "symlink-outside", "content/out");
    ib_fs_list_free(&l);
}

static void
test_walk_symlink_loop(void **state)
{
    struct fixture *fx = *state;
    put_file(fx->root, "content/a/x.md", "x");
    put_link(fx->root, "content/loop", ".");
    put_link(fx->root, "content/up", "..");
    put_link(fx->root, "content/a/back", "../..");
    put_link(fx->root, "content/self", "self");

    struct ib_fs_list l;
    assert_int_equal(ib_fs_walk(fx->root, "content", ".md", &l, fx->d), 0);
    /* content/up leads to the root, which is inside it and walked once:
     * it finds content again only as an already visited folder. */
    const char *want[] = {"content/a/x.md"};
    assert_list(&l, want, 1);
    /* The link to itself can never resolve. */
    assert_one_finding(fx->d, "symlink-broken", "content/self");
    ib_fs_list_free(&l);
}

/* The files a folder is copied with: no symlink below it, no special
 * file, no hidden name, and nothing reported (the walk for documents
 * reports). ib_fs_plain_why says why a path that is there is not. */
static void
test_walk_plain(void **state)
{
    struct fixture *fx = *state;
    put_file(fx->root, "content/a.md", "a");
    put_file(fx->root, "content/p/net.png", "png");
    put_file(fx->root, "content/p/.notes.txt", "h");
    put_file(fx->root, "content/.git/x.png", "x");
    put_file(fx->root, "shared/in.png", "i");
    put_file(fx->base, "elsewhere/secret.txt", "s");
    put_link(fx->root, "content/p/in.png", "../../shared/in.png");
    put_link(fx->root, "content/shared", "../shared");
    char *target = path_of(fx->base, "elsewhere/secret.txt");
    put_link(fx->root, "content/p/leak.txt", target);
    free(target);
    char *fifo = path_of(fx->root, "content/p/pipe");
    assert_int_equal(mkfifo(fifo, 0644), 0);
    free(fifo);

    struct ib_fs_list l;
    assert_int_equal(ib_fs_walk_plain(fx->root, "content", &l, fx->d), 0);
    const char *want[] = {"content/a.md", "content/p/net.png"};
    assert_list(&l, want, 2);
    assert_int_equal(ib_diag_count(fx->d), 0);
    ib_fs_list_free(&l);

    assert_null(ib_fs_plain_why(fx->root, "content/p/net.png"));
    assert_null(ib_fs_plain_why(fx->root, "content/p/missing.png"));
    assert_string_equal(ib_fs_plain_why(fx->root, "content/p/.notes.txt"),
                        "a hidden file");
    assert_string_equal(ib_fs_plain_why(fx->root, "content/.git/x.png"),
                        "in a hidden folder");
    assert_string_equal(ib_fs_plain_why(fx->root, "content/p/in.png"),
                        "a symbolic link");
    assert_string_equal(ib_fs_plain_why(fx->root, "content/p/leak.txt"),
                        "a symbolic link");
    assert_string_equal(ib_fs_plain_why(fx->root, "content/shared/in.png"),
                        "in a folder that is a symbolic link");
    assert_string_equal(ib_fs_plain_why(fx->root, "content/p/pipe"),
                        "not a regular file");
}

/* SUB itself may be a symlink inside the root, as static/ may; one
 * leading out of it lists nothing, silently. */
static void
test_walk_plain_symlinked_sub(void **state)
{
    struct fixture *fx = *state;
    put_file(fx->root, "real/x.png", "x");
    put_link(fx->root, "content", "real");
    struct ib_fs_list l;
    assert_int_equal(ib_fs_walk_plain(fx->root, "content", &l, fx->d), 0);
    const char *want[] = {"content/x.png"};
    assert_list(&l, want, 1);
    ib_fs_list_free(&l);
    assert_null(ib_fs_plain_why(fx->root, "content/x.png"));

    put_file(fx->base, "elsewhere/secret.txt", "s");
    char *target = path_of(fx->base, "elsewhere");
    put_link(fx->root, "static", target);
    free(target);
    assert_int_equal(ib_fs_walk_plain(fx->root, "static", &l, fx->d), 0);
    assert_int_equal(l.n, 0);
    assert_int_equal(ib_diag_count(fx->d), 0);
    ib_fs_list_free(&l);
}

/* One file into the site: below the first folder nothing is followed,
 * and neither a page nor a copied file is replaced. ib_out_has tells
 * which is where. */
static void
test_out_copy_file(void **state)
{
    struct fixture *fx = *state;
    put_file(fx->root, "content/p/net.png", "png");
    put_file(fx->root, "content/p/page.html", "mine");
    put_file(fx->root, "static/logo.png", "logo");
    put_file(fx->root, "shared/in.png", "i");
    put_link(fx->root, "content/p/in.png", "../../shared/in.png");
    char *out = path_of(fx->root, "public");
    char *stat_dir = path_of(fx->root, "static");
    struct ib_out *o = ib_out_begin(fx->root, out, fx->d);
    assert_non_null(o);
    assert_int_equal(ib_out_write(o, "p/page.html", "page", 4, fx->d), 0);
    assert_int_equal(ib_out_copy_tree(o, stat_dir, "", fx->d), 0);
    assert_int_equal(ib_out_has(o, "p/page.html"), IB_OUT_HAS_PAGE);
    assert_int_equal(ib_out_has(o, "p"), IB_OUT_HAS_PAGE);
    assert_int_equal(ib_out_has(o, "logo.png"), IB_OUT_HAS_COPY);
    assert_int_equal(ib_out_has(o, "p/net.png"), IB_OUT_HAS_NOTHING);
    assert_int_equal(ib_out_has(o, "../x"), IB_OUT_HAS_NOTHING);

    assert_int_equal(
        ib_out_copy_file(o, fx->root, "content/p/net.png", "p/net.png", fx->d),
        0);
    assert_int_equal(ib_out_has(o, "p/net.png"), IB_OUT_HAS_COPY);
    assert_int_equal(ib_diag_count(fx->d), 0);
    assert_int_equal(ib_out_copy_file(o, fx->root, "content/p/page.html",
                                      "p/page.html", fx->d),
                     -1);
    assert_one_finding(fx->d, "output-error", "content/p/page.html");
    ib_diag_free(fx->d);
    fx->d = ib_diag_new();
    assert_int_equal(
        ib_out_copy_file(o, fx->root, "content/p/in.png", "p/in.png", fx->d),
        -1);
    assert_one_finding(fx->d, "file-unreadable", "content/p/in.png");
    ib_diag_free(fx->d);
    fx->d = ib_diag_new();
    assert_int_equal(ib_out_commit(o, fx->d), 0);
    assert_string_equal(slurp(out, "p/net.png"), "png");
    assert_string_equal(slurp(out, "p/page.html"), "page");
    assert_false(exists(out, "p/in.png"));
    free(stat_dir);
    free(out);
}

static void
test_read(void **state)
{
    struct fixture *fx = *state;
    put_file(fx->root, "content/a.md", "hello\n");
    char *data;
    size_t len;
    assert_int_equal(
        ib_fs_read(fx->root, "content/a.md", 1024, &data, &len, fx->d), 0);
    assert_int_equal(len, 6);
    assert_string_equal(data, "hello\n");
    free(data);

    /* An empty file is an empty string, not NULL. */
    put_file(fx->root, "empty.md", "");
    assert_int_equal(ib_fs_read(fx->root, "empty.md", 10, &data, &len, fx->d),
                     0);
    assert_int_equal(len, 0);
    assert_string_equal(data, "");
    free(data);

    /* ROOT NULL: REL is used as it is. */
    char *p = path_of(fx->root, "content/a.md");
    assert_int_equal(ib_fs_read(NULL, p, 6, &data, &len, fx->d), 0);
    assert_string_equal(data, "hello\n");
    free(data);
    free(p);
    assert_int_equal(ib_diag_count(fx->d), 0);
}

static void
test_read_cap(void **state)
{
    struct fixture *fx = *state;
    char big[101];
    memset(big, 'x', 100);
    big[100] = '\0';
    put_file(fx->root, "big.md", big);
    char *data = (char *)1;
    size_t len = 9;
    assert_int_equal(ib_fs_read(fx->root, "big.md", 99, &data, &len, fx->d),
                     -1);
    assert_null(data);
    assert_int_equal(len, 0);
    assert_one_finding(fx->d, "file-too-large", "big.md");
    /* The message names the cap. */
    assert_non_null(strstr(ib_diag_get(fx->d, 0)->msg, "99 bytes"));
    assert_int_equal(ib_fs_read(fx->root, "big.md", 100, &data, &len, fx->d),
                     0);
    assert_int_equal(len, 100);
    free(data);
}

static void
test_read_unreadable(void **state)
{
    struct fixture *fx = *state;
    char *data;
    size_t len;
    assert_int_equal(
        ib_fs_read(fx->root, "missing.md", 100, &data, &len, fx->d), -1);
    assert_null(data);
    assert_one_finding(fx->d, "file-unreadable", "missing.md");
    assert_int_equal(ib_diag_get(fx->d, 0)->sev, IB_SEV_ERROR);

    ib_diag_free(fx->d);
    fx->d = ib_diag_new();
    mkdirs(fx->root, "content");
    assert_int_equal(ib_fs_read(fx->root, "content", 100, &data, &len, fx->d),
                     -1);
    assert_one_finding(fx->d, "file-unreadable", "content");

    /* A FIFO must be refused at once, not wait for a writer. */
    ib_diag_free(fx->d);
    fx->d = ib_diag_new();
    char *fifo = path_of(fx->root, "pipe.md");
    assert_int_equal(mkfifo(fifo, 0644), 0);
    free(fifo);
    assert_int_equal(ib_fs_read(fx->root, "pipe.md", 100, &data, &len, fx->d),
                     -1);
    assert_one_finding(fx->d, "file-unreadable", "pipe.md");
}

/* Asserts ib_out_begin refuses OUT with output-refused and that nothing in
 * the test folder changed. */
static void
assert_refused(struct fixture *fx, const char *out)
{
    char *before = snapshot(fx->base);
    ib_diag_free(fx->d);
    fx->d = ib_diag_new();
    struct ib_out *o = ib_out_begin(fx->root, out, fx->d);
    if (o) {
        ib_out_abort(o);
        fail_msg("accepted %s", out);
    }
    assert_one_finding(fx->d, "output-refused", out);
    print_message("  %s\n", ib_diag_get(fx->d, 0)->msg);
    char *after = snapshot(fx->base);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void
test_begin_refusals(void **state)
{
    struct fixture *fx = *state;
    put_file(fx->root, "content/policies/a.md", "a");
    put_file(fx->root, "themes/default/templates/page.mustache", "x");
    put_file(fx->root, "notasite/index.html", "mine");
    put_file(fx->root, "file.txt", "f");
    mkdirs(fx->root, "realdir");
    put_link(fx->root, "linkdir", "realdir");
    char buf[256];

    assert_refused(fx, "/");
    assert_refused(fx, fx->root);
    snprintf(buf, sizeof(buf), "%s/", fx->root);
    assert_refused(fx, buf);
    snprintf(buf, sizeof(buf), "%s/content/..", fx->root);
    assert_refused(fx, buf);
    assert_refused(fx, fx->base); /* an ancestor of ROOT */
    snprintf(buf, sizeof(buf), "%s/content", fx->root);
    assert_refused(fx, buf);
    snprintf(buf, sizeof(buf), "%s/content/policies", fx->root);
    assert_refused(fx, buf);
    snprintf(buf, sizeof(buf), "%s/content/site", fx->root); /* new, inside */
    assert_refused(fx, buf);
    snprintf(buf, sizeof(buf), "%s/themes", fx->root);
    assert_refused(fx, buf);
    snprintf(buf, sizeof(buf), "%s/themes/default", fx->root);
    assert_refused(fx, buf);
    snprintf(buf, sizeof(buf), "%s/linkdir", fx->root);
    assert_refused(fx, buf);
    snprintf(buf, sizeof(buf), "%s/file.txt", fx->root);
    assert_refused(fx, buf);
    snprintf(buf, sizeof(buf), "%s/notasite", fx->root);
    assert_refused(fx, buf);
    snprintf(buf, sizeof(buf), "%s/missing/public", fx->root);
    assert_refused(fx, buf);
    assert_refused(fx, "");
}

static void
test_begin_refuses_symlinked_content(void **state)
{
    struct fixture *fx = *state;
    /* content/ is a symlink to a folder outside the root: writing there is
     * still writing into the documents. */
    put_file(fx->base, "docs/a.md", "a");
    char *target = path_of(fx->base, "docs");
    put_link(fx->root, "content", target);
    free(target);
    char buf[256];
    snprintf(buf, sizeof(buf), "%s/docs/site", fx->base);
    assert_refused(fx, buf);
}

static void
test_out_new_site(void **state)
{
    struct fixture *fx = *state;
    char *out = path_of(fx->root, "public");
    struct ib_out *o = ib_out_begin(fx->root, out, fx->d);
    assert_non_null(o);
    /* Nothing visible at OUT until commit; the work is in a hidden
     * sibling. */
    assert_false(exists(fx->root, "public"));
    assert_int_equal(count_prefix(fx->root, ".public.tmp-"), 1);
    assert_int_equal(
        ib_out_write(o, "index.html", "<h1>Home</h1>\n", 14, fx->d), 0);
    assert_int_equal(
        ib_out_write(o, "policies/access.html", "access", 6, fx->d), 0);
    assert_int_equal(ib_out_write(o, "a/b/c/d.txt", "", 0, fx->d), 0);
    /* A page is written once: a second write of one path is an error
     * (two pages claim it) and leaves the first. */
    assert_int_equal(ib_out_write(o, "index.html", "<h1>Home</h1>", 13, fx->d),
                     -1);
    assert_int_equal(ib_diag_count(fx->d), 1);
    assert_string_equal(ib_diag_get(fx->d, 0)->rule, "output-error");
    ib_diag_free(fx->d);
    fx->d = ib_diag_new();
    assert_int_equal(ib_out_commit(o, fx->d), 0);
    assert_int_equal(ib_diag_count(fx->d), 0);

    assert_string_equal(slurp(out, "index.html"), "<h1>Home</h1>\n");
    assert_string_equal(slurp(out, "policies/access.html"), "access");
    assert_string_equal(slurp(out, "a/b/c/d.txt"), "");
    assert_true(exists(out, ".ismsbook-output"));
    assert_int_equal(count_prefix(fx->root, ".public."), 0);

    struct stat st;
    assert_int_equal(stat(out, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0755);
    char *p = path_of(out, "policies");
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0755);
    free(p);
    p = path_of(out, "policies/access.html");
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0644);
    free(p);
    free(out);
}

static void
test_out_relative_path(void **state)
{
    struct fixture *fx = *state;
    /* The usual call: ismsbook build -o public from inside the handbook. */
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_int_equal(chdir(fx->root), 0);
    struct ib_out *o = ib_out_begin(".", "public", fx->d);
    assert_non_null(o);
    assert_int_equal(ib_out_write(o, "index.html", "x", 1, fx->d), 0);
    assert_int_equal(ib_out_commit(o, fx->d), 0);
    assert_int_equal(chdir(cwd), 0);
    assert_string_equal(slurp(fx->root, "public/index.html"), "x");
    assert_int_equal(count_prefix(fx->root, ".public."), 0);
}

static void
test_out_replaces_old_site(void **state)
{
    struct fixture *fx = *state;
    char *out = path_of(fx->root, "public");
    put_file(out, ".ismsbook-output", "old marker");
    put_file(out, "old.html", "old");
    put_file(out, "policies/gone.html", "gone");
    /* A symlink in the old site leading out must not be followed by the
     * delete: the outside file survives. */
    put_file(fx->base, "precious/keep.txt", "keep");
    char *target = path_of(fx->base, "precious");
    put_link(out, "policies/escape", target);
    free(target);

    struct ib_out *o = ib_out_begin(fx->root, out, fx->d);
    assert_non_null(o);
    assert_int_equal(ib_out_write(o, "index.html", "new", 3, fx->d), 0);
    assert_int_equal(ib_out_commit(o, fx->d), 0);
    assert_int_equal(ib_diag_count(fx->d), 0);

    assert_string_equal(slurp(out, "index.html"), "new");
    assert_false(exists(out, "old.html"));
    assert_false(exists(out, "policies"));
    assert_string_equal(slurp(fx->base, "precious/keep.txt"), "keep");
    assert_int_equal(count_prefix(fx->root, ".public."), 0);

    /* The new marker was written by us, so the next build may replace it. */
    assert_non_null(strstr(slurp(out, ".ismsbook-output"), "ismsbook"));
    o = ib_out_begin(fx->root, out, fx->d);
    assert_non_null(o);
    ib_out_abort(o);
    free(out);
}

/* What a build did not write at the top of OUT (a gh-pages checkout's
 * .git, a CNAME) would go with the old site: the next build refuses, and
 * names it, while what the last build wrote may come and go. */
static void
test_out_refuses_hand_added(void **state)
{
    struct fixture *fx = *state;
    char *out = path_of(fx->root, "public");
    struct ib_out *o = ib_out_begin(fx->root, out, fx->d);
    assert_non_null(o);
    assert_int_equal(ib_out_write(o, "index.html", "x", 1, fx->d), 0);
    assert_int_equal(ib_out_write(o, "a%b\nc/p.html", "p", 1, fx->d), 0);
    assert_int_equal(ib_out_commit(o, fx->d), 0);
    assert_string_equal(slurp(out, ".ismsbook-output"),
                        "This folder was written by ismsbook and is "
                        "replaced by every build.\nIts entries (a build "
                        "refuses to delete any other):\na%25b%0Ac\n"
                        "index.html\n");

    put_file(out, ".git/HEAD", "ref");
    put_file(out, "CNAME", "docs.example.org");
    char *before = snapshot(fx->base);
    assert_null(ib_out_begin(fx->root, out, fx->d));
    assert_one_finding(fx->d, "output-refused", "'.git'");
    char *after = snapshot(fx->base);
    assert_string_equal(before, after);
    free(before);
    free(after);

    /* Gone again, the next build replaces the site, which had a page
     * fewer before: only the last build's entries are listed. */
    char *git = path_of(out, ".git"), *head = path_of(git, "HEAD"),
         *cname = path_of(out, "CNAME");
    assert_int_equal(unlink(head), 0);
    assert_int_equal(rmdir(git), 0);
    assert_int_equal(unlink(cname), 0);
    free(git);
    free(head);
    free(cname);
    ib_diag_free(fx->d);
    fx->d = ib_diag_new();
    o = ib_out_begin(fx->root, out, fx->d);
    assert_non_null(o);
    assert_int_equal(ib_out_write(o, "index.html", "y", 1, fx->d), 0);
    assert_int_equal(ib_out_commit(o, fx->d), 0);
    assert_int_equal(ib_diag_count(fx->d), 0);
    assert_false(exists(out, "a%b\nc"));
    free(out);
}

static void
test_out_deep_old_tree(void **state)
{
    struct fixture *fx = *state;
    char *out = path_of(fx->root, "public");
    put_file(out, ".ismsbook-output", "");
    /* Deeper than PATH_MAX allows by name, built with openat. */
    int fd = open(out, O_RDONLY | O_DIRECTORY);
    assert_true(fd >= 0);
    for (int i = 0; i < 1500; i++) {
        assert_int_equal(mkdirat(fd, "deep-folder", 0755), 0);
        int next = openat(fd, "deep-folder", O_RDONLY | O_DIRECTORY);
        if (i % 100 == 0) {
            int f = openat(fd, "f.html", O_WRONLY | O_CREAT, 0644);
            close(f);
        }
        close(fd);
        fd = next;
        assert_true(fd >= 0);
    }
    close(fd);
    struct ib_out *o = ib_out_begin(fx->root, out, fx->d);
    assert_non_null(o);
    assert_int_equal(ib_out_write(o, "index.html", "new", 3, fx->d), 0);
    assert_int_equal(ib_out_commit(o, fx->d), 0);
    assert_int_equal(ib_diag_count(fx->d), 0);
    assert_false(exists(out, "deep-folder"));
    assert_int_equal(count_prefix(fx->root, ".public."), 0);
    free(out);
}

static void
test_out_abort_keeps_old_site(void **state)
{
    struct fixture *fx = *state;
    char *out = path_of(fx->root, "public");
    put_file(out, ".ismsbook-output", "m");
    put_file(out, "index.html", "old home");
    put_file(out, "policies/a.html", "old a");
    char *before = snapshot(fx->base);

    struct ib_out *o = ib_out_begin(fx->root, out, fx->d);
    assert_non_null(o);
    assert_int_equal(ib_out_write(o, "index.html", "new", 3, fx->d), 0);
    assert_int_equal(ib_out_write(o, "policies/b.html", "b", 1, fx->d), 0);
    ib_out_abort(o);
    ib_out_abort(NULL);

    char *after = snapshot(fx->base);
    assert_string_equal(before, after);
    assert_int_equal(count_prefix(fx->root, ".public."), 0);
    free(before);
    free(after);
    free(out);
}

static void
test_out_empty_folder_accepted(void **state)
{
    struct fixture *fx = *state;
    /* A folder someone made for us, with its own mode: accepted, and the
     * mode kept. */
    char *out = path_of(fx->base, "www");
    mkdirs(fx->base, "www");
    chmod(out, 0750);
    struct ib_out *o = ib_out_begin(fx->root, out, fx->d);
    assert_non_null(o);
    assert_int_equal(ib_out_write(o, "index.html", "hi", 2, fx->d), 0);
    assert_int_equal(ib_out_commit(o, fx->d), 0);
    assert_string_equal(slurp(out, "index.html"), "hi");
    struct stat st;
    assert_int_equal(stat(out, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0750);
    assert_int_equal(count_prefix(fx->base, ".www."), 0);

    /* The same folder with one foreign file in it is refused. */
    mkdirs(fx->base, "www2");
    put_file(fx->base, "www2/thesis.docx", "years of work");
    char *out2 = path_of(fx->base, "www2");
    assert_refused(fx, out2);
    assert_string_equal(slurp(fx->base, "www2/thesis.docx"), "years of work");
    free(out2);
    free(out);
}

static void
test_out_write_bad_paths(void **state)
{
    struct fixture *fx = *state;
    char *out = path_of(fx->root, "public");
    struct ib_out *o = ib_out_begin(fx->root, out, fx->d);
    assert_non_null(o);
    const char *bad[] = {"../escape.html",
                         "a/../../escape.html",
                         "..",
                         "/etc/escape",
                         "a//b.html",
                         "",
                         "a/",
                         "./a.html",
                         "a/./b.html",
                         "a/.."};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ib_diag_free(fx->d);
        fx->d = ib_diag_new();
        if (ib_out_write(o, bad[i], "x", 1, fx->d) != -1)
            fail_msg("accepted '%s'", bad[i]);
        assert_one_finding(fx->d, "output-error", bad[i]);
    }
    assert_false(exists(fx->root, "escape.html"));
    assert_false(exists(fx->base, "escape.html"));
    /* Hidden names are fine: they are ordinary relative paths. */
    ib_diag_free(fx->d);
    fx->d = ib_diag_new();
    assert_int_equal(ib_out_write(o, ".well-known/x", "x", 1, fx->d), 0);
    assert_int_equal(ib_out_write(o, "a..b.html", "x", 1, fx->d), 0);
    ib_out_abort(o);
    assert_false(exists(fx->root, "public"));
    assert_int_equal(count_prefix(fx->root, ".public."), 0);
    free(out);
}

static void
test_out_write_failure(void **state)
{
    struct fixture *fx = *state;
    char *out = path_of(fx->root, "public");
    put_file(out, ".ismsbook-output", "m");
    put_file(out, "index.html", "old");
    char *before = snapshot(fx->base);
    struct ib_out *o = ib_out_begin(fx->root, out, fx->d);
    assert_non_null(o);
    /* "a" is a file, so "a/b.html" cannot be created below it. */
    assert_int_equal(ib_out_write(o, "a", "x", 1, fx->d), 0);
    assert_int_equal(ib_out_write(o, "a/b.html", "x", 1, fx->d), -1);
    assert_one_finding(fx->d, "output-error", "a/b.html");
    ib_out_abort(o);
    char *after = snapshot(fx->base);
    assert_string_equal(before, after);
    free(before);
    free(after);
    free(out);
}

static ino_t
inode_of(const char *dir, const char *rel)
{
    struct stat st;
    char *p = path_of(dir, rel);
    assert_int_equal(stat(p, &st), 0);
    free(p);
    return st.st_ino;
}

/* A file written piece by piece reads as its pieces in order. One the old
 * site holds byte for byte keeps its file, as ib_out_write's pages do;
 * one that changed is new; nothing is left beside them. */
static void
test_out_pieces(void **state)
{
    struct fixture *fx = *state;
    char *out = path_of(fx->root, "public");
    put_file(out, ".ismsbook-output", "old marker");
    put_file(out, "same.json", "{\"a\": 1}\n");
    put_file(out, "data/changed.json", "old");
    ino_t same = inode_of(out, "same.json");
    ino_t changed = inode_of(out, "data/changed.json");

    struct ib_out *o = ib_out_begin(fx->root, out, fx->d);
    assert_non_null(o);
    struct ib_out_file *f = ib_out_open(o, "same.json", fx->d);
    assert_non_null(f);
    ib_out_put(f, "{\"a\"", 4);
    ib_out_put(f, "", 0);
    ib_out_put(f, ": 1}\n", 5);
    assert_int_equal(ib_out_close(f, fx->d), 0);
    f = ib_out_open(o, "data/changed.json", fx->d);
    assert_non_null(f);
    ib_out_put(f, "olD", 3);
    assert_int_equal(ib_out_close(f, fx->d), 0);
    /* Longer than the compare's chunks, in pieces that straddle them. */
    f = ib_out_open(o, "big/new.txt", fx->d);
    assert_non_null(f);
    for (int i = 0; i < 10000; i++)
        ib_out_put(f, "0123456", 7);
    assert_int_equal(ib_out_close(f, fx->d), 0);
    assert_int_equal(ib_diag_count(fx->d), 0);

    /* A path taken, and a path out of the site. */
    assert_null(ib_out_open(o, "same.json", fx->d));
    assert_null(ib_out_open(o, "../x", fx->d));
    assert_int_equal(ib_diag_count(fx->d), 2);
    assert_string_equal(ib_diag_get(fx->d, 0)->rule, "output-error");
    ib_diag_free(fx->d);
    fx->d = ib_diag_new();
    assert_int_equal(ib_out_commit(o, fx->d), 0);

    assert_string_equal(slurp(out, "same.json"), "{\"a\": 1}\n");
    assert_string_equal(slurp(out, "data/changed.json"), "olD");
    assert_int_equal(inode_of(out, "same.json"), same);
    assert_true(inode_of(out, "data/changed.json") != changed);
    char *p = path_of(out, "big/new.txt");
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_size, 70000);
    free(p);
    assert_int_equal(count_prefix(out, ".same"), 0);
    p = path_of(out, "data");
    assert_int_equal(count_prefix(p, ".changed"), 0);
    free(p);
    free(out);
}

/* serve's quick rebuild: files changed in place, each whole; the others
 * untouched; nothing left beside them. */
static void
test_out_patch(void **state)
{
    struct fixture *fx = *state;
    char *out = path_of(fx->root, "site");
    put_file(out, "index.html", "home");
    put_file(out, "policies/a.html", "old a");
    put_file(out, "policies/b.html", "b");
    put_file(out, "index.json", "[one,two,three]");
    ino_t b = inode_of(out, "policies/b.html");

    struct ib_out *o = ib_out_patch(out, fx->d);
    assert_non_null(o);
    assert_int_equal(ib_out_write(o, "policies/a.html", "new a", 5, fx->d), 0);
    /* A file made from pieces of its old self. */
    int old = ib_out_read_old(o, "index.json");
    assert_true(old >= 0);
    struct ib_out_file *f = ib_out_open(o, "index.json", fx->d);
    assert_non_null(f);
    ib_out_put_file(f, old, 0, 5);
    ib_out_put(f, "2", 1);
    ib_out_put_file(f, old, 8, 7);
    assert_int_equal(ib_out_close(f, fx->d), 0);
    /* Past the end of the old file: an error, and the old file stays. */
    f = ib_out_open(o, "index.html", fx->d);
    assert_non_null(f);
    ib_out_put_file(f, old, 10, 100);
    assert_int_equal(ib_out_close(f, fx->d), -1);
    close(old);
    /* Given up: the old file stays. */
    f = ib_out_open(o, "policies/b.html", fx->d);
    ib_out_put(f, "half", 4);
    ib_out_discard(f);
    assert_int_equal(ib_diag_count(fx->d), 1);
    assert_int_equal(ib_out_commit(o, fx->d), 0);

    assert_string_equal(slurp(out, "policies/a.html"), "new a");
    assert_string_equal(slurp(out, "index.json"), "[one,2,three]");
    assert_string_equal(slurp(out, "index.html"), "home");
    assert_string_equal(slurp(out, "policies/b.html"), "b");
    assert_int_equal(inode_of(out, "policies/b.html"), b);
    assert_int_equal(count_prefix(out, ".index"), 0);
    char *p = path_of(out, "policies");
    assert_int_equal(count_prefix(p, ".a."), 0);
    assert_int_equal(count_prefix(p, ".b."), 0);
    free(p);
    assert_null(ib_out_patch("/nonexistent/site", fx->d));
    free(out);
}

static void
test_copy_tree(void **state)
{
    struct fixture *fx = *state;
    char *src = path_of(fx->root, "themes/default/static");
    put_file(src, "assets/style.css", "body{}");
    put_file(src, "assets/img/logo.svg", "<svg/>");
    put_file(src, "robots.txt", "User-agent: *");
    put_file(src, ".DS_Store", "junk");
    put_file(src, ".cache/x", "junk");
    put_file(fx->base, "outside/secret.txt", "secret");
    char *target = path_of(fx->base, "outside");
    put_link(src, "leak", target);
    put_link(src, "leak.txt", "../../../../outside/secret.txt");
    put_link(src, "assets/alias.css", "style.css");
    free(target);

    char *out = path_of(fx->root, "public");
    struct ib_out *o = ib_out_begin(fx->root, out, fx->d);
    assert_non_null(o);
    assert_int_equal(ib_out_copy_tree(o, src, "", fx->d), 0);
    assert_int_equal(ib_out_copy_tree(o, src, "theme/copy", fx->d), 0);
    char *missing = path_of(fx->root, "static");
    assert_int_equal(ib_out_copy_tree(o, missing, "", fx->d), 0);
    free(missing);
    assert_int_equal(ib_out_copy_tree(o, src, "../up", fx->d), -1);
    assert_one_finding(fx->d, "output-error", "../up");
    assert_int_equal(ib_out_commit(o, fx->d), 0);

    char *snap = snapshot(out);
    assert_string_equal(snap, " 40755 \n"
                              "/.ismsbook-output 100644 This folder was "
                              "written by ismsbook and is replaced by every "
                              "build.\nIts entries (a build refuses to "
                              "delete any other):\nassets\nrobots.txt\n"
                              "theme\n\n"
                              "/assets 40755 \n"
                              "/assets/img 40755 \n"
                              "/assets/img/logo.svg 100644 <svg/>\n"
                              "/assets/style.css 100644 body{}\n"
                              "/robots.txt 100644 User-agent: *\n"
                              "/theme 40755 \n"
                              "/theme/copy 40755 \n"
                              "/theme/copy/assets 40755 \n"
                              "/theme/copy/assets/img 40755 \n"
                              "/theme/copy/assets/img/logo.svg 100644 <svg/>\n"
                              "/theme/copy/assets/style.css 100644 body{}\n"
                              "/theme/copy/robots.txt 100644 User-agent: *\n");
    free(snap);
    free(out);
    free(src);
}

/* A new DIR appears whole at commit, and not before. */
static void
test_stage_new_folder(void **state)
{
    struct fixture *fx = *state;
    char *dir = path_of(fx->base, "new");
    struct ib_fs_stage *s = ib_fs_stage_begin(dir, fx->d);
    assert_non_null(s);
    assert_int_equal(ib_fs_stage_write(s, "content/a/x.md", "x", 1, fx->d),
                     0);
    assert_int_equal(ib_fs_stage_write(s, "handbook.yaml", "t: 1\n", 5,
                                       fx->d),
                     0);
    assert_false(exists(fx->base, "new"));
    assert_int_equal(count_prefix(fx->base, ".new.tmp-"), 1);
    assert_int_equal(ib_fs_stage_commit(s, fx->d), 0);
    assert_int_equal(ib_diag_count(fx->d), 0);
    assert_string_equal(slurp(dir, "content/a/x.md"), "x");
    assert_string_equal(slurp(dir, "handbook.yaml"), "t: 1\n");
    assert_int_equal(count_prefix(fx->base, ".new.tmp-"), 0);
    struct stat st;
    assert_int_equal(stat(dir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0755);
    free(dir);
}

/* An existing empty DIR stays the same folder (a shell may be in it) and
 * gets the files; nothing hidden is left in it. */
static void
test_stage_empty_folder(void **state)
{
    struct fixture *fx = *state;
    mkdirs(fx->base, "empty");
    char *dir = path_of(fx->base, "empty");
    struct stat before, after;
    assert_int_equal(stat(dir, &before), 0);
    struct ib_fs_stage *s = ib_fs_stage_begin(dir, fx->d);
    assert_non_null(s);
    assert_int_equal(ib_fs_stage_write(s, "content/x.md", "x", 1, fx->d), 0);
    assert_int_equal(ib_fs_stage_write(s, "handbook.yaml", "h", 1, fx->d), 0);
    assert_false(exists(dir, "handbook.yaml"));
    assert_int_equal(ib_fs_stage_commit(s, fx->d), 0);
    assert_int_equal(stat(dir, &after), 0);
    assert_true(before.st_ino == after.st_ino);
    assert_string_equal(slurp(dir, "content/x.md"), "x");
    assert_string_equal(slurp(dir, "handbook.yaml"), "h");
    assert_int_equal(count_prefix(dir, "."), 2); /* "." and ".." only */
    free(dir);
}

static void
test_stage_refusals(void **state)
{
    struct fixture *fx = *state;
    put_file(fx->base, "full/README.md", "r");
    put_file(fx->base, "full/.git/HEAD", "h");
    put_file(fx->base, "file", "f");
    char *full = path_of(fx->base, "full");
    char *file = path_of(fx->base, "file");
    char *orphan = path_of(fx->base, "no/such/dir");
    char *before = snapshot(fx->base);

    assert_null(ib_fs_stage_begin(full, fx->d));
    assert_one_finding(fx->d, "output-refused", full);
    /* Sorted: the message names the first entry, hidden ones count. */
    assert_non_null(strstr(ib_diag_get(fx->d, 0)->msg,
                           "it is not empty (it holds '.git' and 1 more)"));
    ib_diag_free(fx->d);
    fx->d = ib_diag_new();

    assert_null(ib_fs_stage_begin(file, fx->d));
    assert_one_finding(fx->d, "output-refused", file);
    assert_non_null(strstr(ib_diag_get(fx->d, 0)->msg, "not a folder"));
    ib_diag_free(fx->d);
    fx->d = ib_diag_new();

    assert_null(ib_fs_stage_begin(orphan, fx->d));
    assert_one_finding(fx->d, "output-refused", orphan);
    assert_non_null(strstr(ib_diag_get(fx->d, 0)->msg, "does not exist"));

    char *after = snapshot(fx->base);
    assert_string_equal(before, after);
    free(before);
    free(after);
    free(full);
    free(file);
    free(orphan);
}

/* Abort, and a commit whose target appeared meanwhile, leave nothing. */
static void
test_stage_abort_and_race(void **state)
{
    struct fixture *fx = *state;
    char *dir = path_of(fx->base, "hb2");
    struct ib_fs_stage *s = ib_fs_stage_begin(dir, fx->d);
    assert_int_equal(ib_fs_stage_write(s, "a/b", "x", 1, fx->d), 0);
    ib_fs_stage_abort(s);
    ib_fs_stage_abort(NULL);
    assert_false(exists(fx->base, "hb2"));
    assert_int_equal(count_prefix(fx->base, ".hb2."), 0);

    s = ib_fs_stage_begin(dir, fx->d);
    assert_int_equal(ib_fs_stage_write(s, "a/b", "x", 1, fx->d), 0);
    put_file(fx->base, "hb2/mine", "m");
    assert_int_equal(ib_fs_stage_commit(s, fx->d), -1);
    assert_one_finding(fx->d, "output-refused", dir);
    assert_string_equal(slurp(dir, "mine"), "m");
    assert_false(exists(dir, "a"));
    assert_int_equal(count_prefix(fx->base, ".hb2."), 0);
    ib_diag_free(fx->d);
    fx->d = ib_diag_new();

    /* In an existing folder: a clash on the second entry moves the first
     * one back out again. */
    mkdirs(fx->base, "hb3");
    char *dir3 = path_of(fx->base, "hb3");
    s = ib_fs_stage_begin(dir3, fx->d);
    assert_int_equal(ib_fs_stage_write(s, "content/x", "x", 1, fx->d), 0);
    assert_int_equal(ib_fs_stage_write(s, "handbook.yaml", "h", 1, fx->d), 0);
    put_file(fx->base, "hb3/handbook.yaml", "theirs");
    assert_int_equal(ib_fs_stage_commit(s, fx->d), -1);
    assert_one_finding(fx->d, "output-refused", dir3);
    assert_false(exists(dir3, "content"));
    assert_string_equal(slurp(dir3, "handbook.yaml"), "theirs");
    assert_int_equal(count_prefix(dir3, ".ismsbook"), 0);
    free(dir3);
    free(dir);
}

static void
test_create(void **state)
{
    struct fixture *fx = *state;
    assert_int_equal(ib_fs_create(fx->root, "content/p/a.md", "new", 3,
                                  fx->d),
                     0);
    assert_string_equal(slurp(fx->root, "content/p/a.md"), "new");
    assert_int_equal(count_prefix(fx->root, ".ismsbook"), 0);
    char *p = path_of(fx->root, "content/p");
    assert_int_equal(count_prefix(p, ".ismsbook"), 0);
    free(p);

    assert_int_equal(ib_fs_create(fx->root, "content/p/a.md", "other", 5,
                                  fx->d),
                     -1);
    assert_one_finding(fx->d, "output-refused", "content/p/a.md");
    assert_string_equal(slurp(fx->root, "content/p/a.md"), "new");
    ib_diag_free(fx->d);
    fx->d = ib_diag_new();

    /* A dangling symlink is something that exists, too. */
    put_link(fx->root, "content/p/l.md", "/nonexistent/target");
    assert_int_equal(ib_fs_create(fx->root, "content/p/l.md", "x", 1, fx->d),
                     -1);
    assert_one_finding(fx->d, "output-refused", "content/p/l.md");
    ib_diag_free(fx->d);
    fx->d = ib_diag_new();

    assert_int_equal(ib_fs_create(fx->root, "../escape.md", "x", 1, fx->d),
                     -1);
    assert_one_finding(fx->d, "output-error", "../escape.md");
    assert_false(exists(fx->base, "escape.md"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_walk_sorted_and_hidden),
        T(test_walk_missing_sub),
        T(test_walk_sub_not_folder),
        T(test_walk_symlink_inside),
        T(test_walk_symlink_outside),
        T(test_walk_symlink_loop),
        T(test_walk_plain),
        T(test_walk_plain_symlinked_sub),
        T(test_out_copy_file),
        T(test_read),
        T(test_read_cap),
        T(test_read_unreadable),
        T(test_begin_refusals),
        T(test_begin_refuses_symlinked_content),
        T(test_out_new_site),
        T(test_out_relative_path),
        T(test_out_replaces_old_site),
        T(test_out_refuses_hand_added),
        T(test_out_deep_old_tree),
        T(test_out_abort_keeps_old_site),
        T(test_out_empty_folder_accepted),
        T(test_out_write_bad_paths),
        T(test_out_write_failure),
        T(test_out_pieces),
        T(test_out_patch),
        T(test_copy_tree),
        T(test_stage_new_folder),
        T(test_stage_empty_folder),
        T(test_stage_refusals),
        T(test_stage_abort_and_race),
        T(test_create),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
