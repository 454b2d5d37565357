/* SPDX-License-Identifier: MIT */
/* Unit tests for the body cache (cache.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"

static char dir[64];

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int
setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/ib-test-cache-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int
teardown(void **state)
{
    (void)state;
    return nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static struct ib_cache_key
key_of(const char *s)
{
    struct ib_hash h;
    struct ib_cache_key k;
    ib_hash_init(&h);
    ib_hash_str(&h, s);
    ib_hash_end(&h, &k);
    return k;
}

static const struct ib_cache_key *
stamp(void)
{
    static struct ib_cache_key k;
    k = key_of("test program");
    return &k;
}

/* A body with something in every field. */
static struct ib_cache_body
sample(void)
{
    static struct ib_cache_finding findings[] = {
        {2, 12, 5, "link-broken", "'x.md' is not a document"},
        {1, 14, 0, "html-dropped", "raw HTML is not published"},
    };
    static struct ib_md_heading heads[] = {
        {1, "Access", "access", 3},
        {2, "Scope & purpose", "scope-purpose", 7},
    };
    static struct ib_cache_check checks[] = {
        {"content/b.md", "length", 12, 20},
    };
    static const char *notes[] = {"fn-note", "fnref-note", "fnref-note-2"};
    static const char *targets[] = {"content/b.md", "content/c.md"};
    static struct ib_cache_file files[] = {
        {"net%20map.png", "net map.png", "content/net map.png", 9, 1},
        {"../soa.html", "soa.html", "", 11, 4},
    };
    return (struct ib_cache_body){.findings = findings,
                                  .nfindings = 2,
                                  .heads = heads,
                                  .nheads = 2,
                                  .notes = notes,
                                  .nnotes = 3,
                                  .checks = checks,
                                  .nchecks = 1,
                                  .targets = targets,
                                  .ntargets = 2,
                                  .files = files,
                                  .nfiles = 2,
                                  .html = "<p>Hi &amp; bye</p>\n",
                                  .search = "\"keys\":\"\""};
}

static void
assert_sample(const struct ib_cache_body *b)
{
    struct ib_cache_body s = sample();
    assert_int_equal(b->nfindings, s.nfindings);
    for (size_t i = 0; i < s.nfindings; i++) {
        assert_int_equal(b->findings[i].sev, s.findings[i].sev);
        assert_int_equal(b->findings[i].line, s.findings[i].line);
        assert_int_equal(b->findings[i].col, s.findings[i].col);
        assert_string_equal(b->findings[i].rule, s.findings[i].rule);
        assert_string_equal(b->findings[i].msg, s.findings[i].msg);
    }
    assert_int_equal(b->nheads, s.nheads);
    for (size_t i = 0; i < s.nheads; i++) {
        assert_int_equal(b->heads[i].level, s.heads[i].level);
        assert_int_equal(b->heads[i].line, s.heads[i].line);
        assert_string_equal(b->heads[i].text, s.heads[i].text);
        assert_string_equal(b->heads[i].anchor, s.heads[i].anchor);
    }
    assert_int_equal(b->nnotes, s.nnotes);
    for (size_t i = 0; i < s.nnotes; i++)
        assert_string_equal(b->notes[i], s.notes[i]);
    assert_int_equal(b->nchecks, 1);
    assert_string_equal(b->checks[0].to, "content/b.md");
    assert_string_equal(b->checks[0].frag, "length");
    assert_int_equal(b->checks[0].line, 12);
    assert_int_equal(b->checks[0].col, 20);
    assert_int_equal(b->ntargets, 2);
    assert_string_equal(b->targets[1], "content/c.md");
    assert_int_equal(b->nfiles, 2);
    for (size_t i = 0; i < s.nfiles; i++) {
        assert_string_equal(b->files[i].url, s.files[i].url);
        assert_string_equal(b->files[i].path, s.files[i].path);
        assert_string_equal(b->files[i].file, s.files[i].file);
        assert_int_equal(b->files[i].line, s.files[i].line);
        assert_int_equal(b->files[i].col, s.files[i].col);
    }
    assert_string_equal(b->html, s.html);
    assert_string_equal(b->search, s.search);
}

/* In memory (serve): an entry lives while builds use it. */
static void
test_memory(void **state)
{
    (void)state;
    struct ib_cache *c = ib_cache_open(NULL, stamp());
    struct ib_cache_key a = key_of("a"), b = key_of("b");
    struct ib_cache_body got, s = sample();
    assert_false(ib_cache_get(c, &a, &got));
    ib_cache_put(c, &a, &s);
    s.html = NULL; /* a document that makes no page */
    s.search = NULL;
    ib_cache_put(c, &b, &s);
    assert_int_equal(ib_cache_end(c), 0);
    assert_int_equal(ib_cache_size(c), 2);

    assert_true(ib_cache_get(c, &a, &got));
    assert_sample(&got);
    ib_cache_body_fini(&got);
    assert_true(ib_cache_get(c, &b, &got));
    assert_null(got.html);
    assert_null(got.search);
    ib_cache_body_fini(&got);
    assert_int_equal(ib_cache_hits(c), 2);
    ib_cache_end(c);
    /* A build that did not ask for B: B is gone, A stays. */
    assert_true(ib_cache_get(c, &a, &got));
    ib_cache_body_fini(&got);
    ib_cache_end(c);
    assert_int_equal(ib_cache_size(c), 1);
    assert_false(ib_cache_get(c, &b, &got));
    ib_cache_free(c);
}

static char *
file_in_dir(const char *name)
{
    char *p = NULL;
    assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
    return p;
}

static long
size_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void write_bytes(const char *path, const void *data, size_t n);

/* On disk (build): what one build put, the next one gets. */
static void
test_file(void **state)
{
    (void)state;
    char *file = file_in_dir("h.cache");
    struct ib_cache_key a = key_of("a"), b = key_of("b");
    struct ib_cache_body got, s = sample();
    struct ib_cache *c = ib_cache_open(file, stamp());
    ib_cache_put(c, &a, &s);
    ib_cache_put(c, &b, &s);
    assert_int_equal(ib_cache_end(c), 0);
    ib_cache_free(c);
    long full = size_of(file);
    assert_true(full > 200);

    c = ib_cache_open(file, stamp());
    assert_int_equal(ib_cache_size(c), 2);
    assert_true(ib_cache_get(c, &a, &got));
    assert_sample(&got);
    ib_cache_body_fini(&got);
    /* Nothing new and B unused: the file is written again without B. */
    assert_int_equal(ib_cache_end(c), 0);
    ib_cache_free(c);
    long half = size_of(file);
    assert_true(half > 100 && half < full);

    /* A cache of another program is not read. */
    struct ib_cache_key other = key_of("another program");
    c = ib_cache_open(file, &other);
    assert_int_equal(ib_cache_size(c), 0);
    assert_false(ib_cache_get(c, &a, &got));
    ib_cache_free(c); /* never ended: the file stays as it was */
    assert_int_equal(size_of(file), half);

    /* No temporary name is left behind, and one a killed build left
     * goes at the next save, unless it is young enough to be another
     * build's. */
    struct stat st;
    char *tmp = NULL, *stale = NULL, *young = NULL;
    assert_true(asprintf(&tmp, "%s.tmp-%ld", file, (long)getpid()) > 0);
    assert_int_not_equal(stat(tmp, &st), 0);
    assert_true(asprintf(&stale, "%s.tmp-1", file) > 0);
    assert_true(asprintf(&young, "%s.tmp-2", file) > 0);
    write_bytes(stale, "x", 1);
    write_bytes(young, "x", 1);
    struct timespec old[2] = {{0, 0}, {1000000000, 0}};
    assert_int_equal(utimensat(AT_FDCWD, stale, old, 0), 0);
    c = ib_cache_open(file, stamp());
    ib_cache_put(c, &b, &s);
    assert_int_equal(ib_cache_end(c), 0);
    ib_cache_free(c);
    assert_int_not_equal(stat(stale, &st), 0);
    assert_int_equal(stat(young, &st), 0);
    unlink(young);
    free(young);
    free(stale);
    free(tmp);
    free(file);
}

static void
write_bytes(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

static unsigned char *
read_bytes(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    unsigned char *b = malloc(1 << 16);
    *n = fread(b, 1, 1 << 16, f);
    fclose(f);
    return b;
}

/* A damaged file is no file: every cut and every flipped byte misses,
 * never crashes, and never reads back a changed entry (a flip inside a
 * string still parses, but the checksum tells). */
static void
test_damage(void **state)
{
    (void)state;
    char *file = file_in_dir("d.cache");
    struct ib_cache_key a = key_of("a");
    struct ib_cache_body got, s = sample();
    struct ib_cache *c = ib_cache_open(file, stamp());
    ib_cache_put(c, &a, &s);
    ib_cache_end(c);
    ib_cache_free(c);
    size_t n;
    unsigned char *good = read_bytes(file, &n);
    size_t hits = 0;
    for (size_t cut = 0; cut < n; cut++) {
        write_bytes(file, good, cut);
        c = ib_cache_open(file, stamp());
        assert_int_equal(ib_cache_size(c), 0);
        assert_false(ib_cache_get(c, &a, &got));
        ib_cache_free(c);
    }
    unsigned char *bad = malloc(n);
    for (size_t i = 0; i < n; i++) {
        memcpy(bad, good, n);
        bad[i] ^= 0xA5;
        write_bytes(file, bad, n);
        c = ib_cache_open(file, stamp());
        if (ib_cache_get(c, &a, &got)) {
            hits++;
            ib_cache_body_fini(&got);
        }
        ib_cache_free(c);
    }
    assert_int_equal(hits, 0);
    write_bytes(file, "ISMSBOOK-CACHE 2\n", 17);
    c = ib_cache_open(file, stamp());
    assert_int_equal(ib_cache_size(c), 0);
    ib_cache_free(c);
    free(bad);
    free(good);
    free(file);
}

/* --- the fuzz target's seeds -------------------------------------------- */

/*
 * tests/fuzz/corpus/cache/ seeds tests/fuzz/fuzz_cache.c: a first byte,
 * then one blob (even) or a cache file after its header (odd). They are
 * made here by the product, a build's put and end, with the stamp and key
 * the target frames them with, and must equal the files checked in. After
 * a change to the format, regenerate them (from the top folder) with
 *   IB_FUZZ_SEEDS=tests/fuzz/corpus/cache build/tests/test_cache
 */
#define SEEDS "tests/fuzz/corpus/cache"
#define FUZZ_STAMP "fuzz" /* as in fuzz_cache.c */
#define FUZZ_KEY "doc"

/* Sets *HEAD and *ENTRY to the sizes of the file's header and of an
 * entry's head, as cache.c writes them. */
static void
framing(size_t *head, size_t *entry)
{
    char *file = file_in_dir("framing");
    int fd = open(file, O_RDWR | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    struct ib_cache_key k = key_of(FUZZ_KEY);
    assert_int_equal(ib_cache_write_head(fd, &k), 0);
    *head = (size_t)lseek(fd, 0, SEEK_CUR);
    assert_int_equal(ib_cache_write_entry(fd, &k, "", 0), 0);
    *entry = (size_t)lseek(fd, 0, SEEK_CUR) - *head;
    close(fd);
    free(file);
}

/* Puts the N BODIES under KEYS in a new cache file as a build does, and
 * returns FIRST followed by the file's bytes from SKIP on; *LEN its size. */
static unsigned char *
made(const char *const *keys, const struct ib_cache_body *bodies, size_t n,
     unsigned char first, size_t skip, size_t *len)
{
    char *file = file_in_dir("seed.cache");
    unlink(file);
    struct ib_cache_key stamp = key_of(FUZZ_STAMP);
    struct ib_cache *c = ib_cache_open(file, &stamp);
    for (size_t i = 0; i < n; i++) {
        struct ib_cache_key k = key_of(keys[i]);
        ib_cache_put(c, &k, &bodies[i]);
    }
    assert_int_equal(ib_cache_end(c), 0);
    ib_cache_free(c);
    size_t size;
    unsigned char *bytes = read_bytes(file, &size);
    assert_true(size > skip);
    *len = size - skip + 1;
    unsigned char *seed = malloc(*len);
    seed[0] = first;
    memcpy(seed + 1, bytes + skip, size - skip);
    free(bytes);
    free(file);
    return seed;
}

static void
assert_empty(const struct ib_cache_body *b)
{
    assert_int_equal(b->nfindings + b->nheads + b->nnotes + b->nchecks +
                         b->ntargets + b->nfiles,
                     0);
    assert_null(b->html);
    assert_null(b->search);
}

/* Frames SEED as fuzz_cache.c does, gets the target's key and hands the
 * hit to CHECK. */
static void
assert_seed_hits(const unsigned char *seed, size_t n,
                 void (*check)(const struct ib_cache_body *))
{
    char *file = file_in_dir("framed.cache");
    struct ib_cache_key stamp = key_of(FUZZ_STAMP), key = key_of(FUZZ_KEY);
    int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    assert_int_equal(ib_cache_write_head(fd, &stamp), 0);
    if (seed[0] % 2 == 0)
        assert_int_equal(ib_cache_write_entry(fd, &key, seed + 1, n - 1), 0);
    else
        assert_int_equal(write(fd, seed + 1, n - 1), (ssize_t)(n - 1));
    close(fd);
    struct ib_cache *c = ib_cache_open(file, &stamp);
    struct ib_cache_body got;
    assert_true(ib_cache_get(c, &key, &got));
    check(&got);
    ib_cache_body_fini(&got);
    ib_cache_free(c);
    free(file);
}

/* Writes SEED to $IB_FUZZ_SEEDS/NAME if set, else checks that the seed
 * checked in is the same. */
static void
keep_seed(const char *name, const unsigned char *seed, size_t n)
{
    const char *to = getenv("IB_FUZZ_SEEDS");
    char *path = NULL;
    assert_true(asprintf(&path, "%s/%s", to ? to : SEEDS, name) > 0);
    if (to) {
        write_bytes(path, seed, n);
    } else {
        size_t have = 0;
        unsigned char *b =
            access(path, R_OK) == 0 ? read_bytes(path, &have) : NULL;
        if (!b || have != n || memcmp(b, seed, n) != 0)
            fail_msg("%s is stale: regenerate the seeds with "
                     "IB_FUZZ_SEEDS=" SEEDS " build/tests/test_cache",
                     path);
        free(b);
    }
    free(path);
}

static void
test_fuzz_seeds(void **state)
{
    (void)state;
    size_t head, entry, n;
    framing(&head, &entry);
    struct ib_cache_body bodies[2] = {{0}, sample()};
    const char *keys[2] = {"another document", FUZZ_KEY};

    unsigned char *seed = made(keys, bodies, 1, 0, head + entry, &n);
    assert_seed_hits(seed, n, assert_empty);
    keep_seed("blob-empty", seed, n);
    free(seed);

    seed = made(keys + 1, bodies + 1, 1, 0, head + entry, &n);
    assert_seed_hits(seed, n, assert_sample);
    keep_seed("blob-full", seed, n);
    free(seed);

    seed = made(keys, bodies, 2, 1, head, &n);
    assert_seed_hits(seed, n, assert_sample);
    keep_seed("file-two", seed, n);
    free(seed);
}

static void
test_path(void **state)
{
    (void)state;
    char *xdg = file_in_dir("xdg");
    setenv("XDG_CACHE_HOME", xdg, 1);
    char *p = ib_cache_path(".");
    assert_non_null(p);
    assert_memory_equal(p, xdg, strlen(xdg));
    assert_string_equal(p + strlen(xdg) + 32 + 10, ".cache");
    assert_memory_equal(p + strlen(xdg), "/ismsbook/", 10);
    char *again = ib_cache_path("./");
    assert_string_equal(p, again); /* the same folder, the same file */
    struct stat st;
    char *folder = file_in_dir("xdg/ismsbook");
    assert_int_equal(stat(folder, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    assert_null(ib_cache_path("/no/such/handbook"));
    unsetenv("XDG_CACHE_HOME");
    char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    unsetenv("HOME");
    assert_null(ib_cache_path("."));
    if (home)
        setenv("HOME", home, 1);
    free(home);
    free(folder);
    free(again);
    free(p);
    free(xdg);
}

static void
test_stamp(void **state)
{
    (void)state;
    struct ib_cache_key a, b;
    assert_int_equal(ib_cache_stamp(&a), 0);
    assert_int_equal(ib_cache_stamp(&b), 0);
    assert_memory_equal(a.b, b.b, sizeof a.b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memory),
        cmocka_unit_test(test_file),
        cmocka_unit_test(test_damage),
        cmocka_unit_test(test_fuzz_seeds),
        cmocka_unit_test(test_path),
        cmocka_unit_test(test_stamp),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
