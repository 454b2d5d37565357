/* SPDX-License-Identifier: MIT */
/* Unit tests for the scratch file (spill.c): what is put comes back,
 * from any thread, through batches and past them, and after a write
 * that failed; the file has no name. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "spill.h"

static char tmpdir[] = "/tmp/ib-spill-XXXXXX";

static size_t
names_in(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static int
setup(void **state)
{
    (void)state;
    if (!mkdtemp(tmpdir))
        return -1;
    setenv("TMPDIR", tmpdir, 1);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    return rmdir(tmpdir);
}

static void
test_round_trip(void **state)
{
    (void)state;
    struct ib_spill *s = ib_spill_open(1);
    assert_non_null(s);
    /* In $TMPDIR, and without a name there. */
    assert_int_equal(names_in(tmpdir), 0);
    uint64_t a, b, c;
    assert_int_equal(ib_spill_put(s, 0, "<p>first</p>", 12, &a), 0);
    assert_int_equal(ib_spill_put(s, 0, "", 0, &b), 0);
    assert_int_equal(ib_spill_put(s, 0, "second", 6, &c), 0);
    /* Put, not yet written: the batch waits for a flush. */
    errno = 0;
    assert_null(ib_spill_get(s, a, 12));
    assert_int_equal(errno, EIO);
    assert_int_equal(ib_spill_flush(s), 0);
    assert_int_equal(c, a + 12);
    char *x = ib_spill_get(s, c, 6);
    assert_string_equal(x, "second");
    free(x);
    x = ib_spill_get(s, b, 0);
    assert_string_equal(x, "");
    free(x);
    x = ib_spill_get(s, a, 12);
    assert_string_equal(x, "<p>first</p>");
    free(x);
    /* Past the end is an error, not a short string. */
    errno = 0;
    assert_null(ib_spill_get(s, a, 19));
    assert_int_equal(errno, EIO);
    ib_spill_close(s);
    ib_spill_close(NULL);
}

/* Pieces put at once follow one another, an empty one too. */
static void
test_pieces(void **state)
{
    (void)state;
    struct ib_spill *s = ib_spill_open(1);
    assert_non_null(s);
    uint64_t first, off;
    assert_int_equal(ib_spill_put(s, 0, "head", 4, &first), 0);
    char body[] = "<p>body</p>", none[] = "", words[] = "words";
    struct iovec iov[3] = {{body, 11}, {none, 0}, {words, 5}};
    assert_int_equal(ib_spill_putv(s, 0, iov, 3, &off), 0);
    assert_int_equal(off, first + 4);
    assert_int_equal(ib_spill_flush(s), 0);
    char *x = ib_spill_get(s, off, 11);
    assert_string_equal(x, "<p>body</p>");
    free(x);
    x = ib_spill_get(s, off + 11, 5);
    assert_string_equal(x, "words");
    free(x);
    x = ib_spill_get(s, first, 20);
    assert_string_equal(x, "head<p>body</p>words");
    free(x);
    /* Straight into the caller's memory; past the end is an error. */
    char into[8] = "-------";
    assert_int_equal(ib_spill_read(s, off + 11, 5, into + 1), 0);
    assert_string_equal(into, "-words-");
    errno = 0;
    assert_int_equal(ib_spill_read(s, off + 11, 6, into), -1);
    assert_int_equal(errno, EIO);
    ib_spill_close(s);
}

/* A folder that cannot take a file: the next one is used. */
static void
test_fallback(void **state)
{
    (void)state;
    setenv("TMPDIR", "/nonexistent/ismsbook", 1);
    struct ib_spill *s = ib_spill_open(1);
    setenv("TMPDIR", tmpdir, 1);
    assert_non_null(s);
    uint64_t off;
    assert_int_equal(ib_spill_put(s, 0, "x", 1, &off), 0);
    assert_int_equal(ib_spill_flush(s), 0);
    char *x = ib_spill_get(s, off, 1);
    assert_string_equal(x, "x");
    free(x);
    ib_spill_close(s);
}

struct writer {
    struct ib_spill *s;
    int id;
    uint64_t off[200];
};

/* Returns W if a put failed, else NULL. */
static void *
put_many(void *ud)
{
    struct writer *w = ud;
    for (int i = 0; i < 200; i++) {
        char text[64];
        int n = snprintf(text, sizeof text, "thread %d piece %d", w->id, i);
        if (ib_spill_put(w->s, (unsigned)w->id, text, (size_t)n,
                         &w->off[i]) < 0)
            return w;
    }
    return NULL;
}

/* Threads that put at once get ranges of their own. */
static void
test_threads(void **state)
{
    (void)state;
    struct ib_spill *s = ib_spill_open(4);
    assert_non_null(s);
    struct writer w[4];
    pthread_t t[4];
    for (int k = 0; k < 4; k++) {
        w[k].s = s;
        w[k].id = k;
        assert_int_equal(pthread_create(&t[k], NULL, put_many, &w[k]), 0);
    }
    for (int k = 0; k < 4; k++) {
        void *rc;
        assert_int_equal(pthread_join(t[k], &rc), 0);
        assert_null(rc);
    }
    assert_int_equal(ib_spill_flush(s), 0);
    for (int k = 0; k < 4; k++)
        for (int i = 0; i < 200; i++) {
            char want[64];
            int n = snprintf(want, sizeof want, "thread %d piece %d", k, i);
            char *got = ib_spill_get(s, w[k].off[i], (size_t)n);
            assert_string_equal(got, want);
            free(got);
        }
    ib_spill_close(s);
}

/* Piece I of test_batches: every 97th is larger than half a batch,
 * which is written at once; the others are small and fill batches. */
static size_t
piece(int i, char *buf)
{
    size_t n = i % 97 == 0 ? (size_t)200 * 1024 + (size_t)i
                           : 700 + (size_t)i % 900;
    for (size_t k = 0; k < n; k++)
        buf[k] = (char)('a' + (i + (int)k) % 26);
    return n;
}

/* Many puts fill several batches, with large ones between; each comes
 * back as it was put, and putting goes on after a flush. */
static void
test_batches(void **state)
{
    (void)state;
    enum { N = 1000 };
    struct ib_spill *s = ib_spill_open(2);
    assert_non_null(s);
    char *buf = malloc((size_t)300 * 1024);
    assert_non_null(buf);
    static uint64_t off[N];
    for (int i = 0; i < N; i++) {
        size_t n = piece(i, buf);
        assert_int_equal(ib_spill_put(s, (unsigned)(i % 2), buf, n, &off[i]),
                         0);
        if (i == N / 2)
            assert_int_equal(ib_spill_flush(s), 0);
    }
    errno = 0;
    assert_int_equal(ib_spill_put(s, 2, "x", 1, &off[0]), -1);
    assert_int_equal(errno, EINVAL);
    assert_int_equal(ib_spill_flush(s), 0);
    char *want = malloc((size_t)300 * 1024);
    assert_non_null(want);
    for (int i = 0; i < N; i++) {
        size_t n = piece(i, want);
        assert_int_equal(ib_spill_read(s, off[i], n, buf), 0);
        assert_memory_equal(buf, want, n);
    }
    free(want);
    free(buf);
    ib_spill_close(s);
}

/* Writes the file cannot take (past RLIMIT_FSIZE here): batches stay in
 * memory and read back as put; a put too large for a batch fails, for
 * its caller to keep. */
static void
test_failed_write(void **state)
{
    (void)state;
    enum { N = 400 };
    struct ib_spill *s = ib_spill_open(1);
    assert_non_null(s);
    struct rlimit was, small;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &was), 0);
    small = was;
    small.rlim_cur = 64 * 1024;
    void (*sig)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    char text[1000];
    static uint64_t off[N];
    int failed = 0;
    for (int i = 0; i < N; i++) {
        memset(text, 'a' + i % 26, sizeof text);
        failed += ib_spill_put(s, 0, text, sizeof text, &off[i]) < 0;
    }
    char *big = calloc(1, (size_t)200 * 1024);
    assert_non_null(big);
    uint64_t big_off;
    int big_rc = ib_spill_put(s, 0, big, (size_t)200 * 1024, &big_off);
    free(big);
    int flushed = ib_spill_flush(s);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &was), 0);
    signal(SIGXFSZ, sig);
    assert_int_equal(failed, 0);
    assert_int_equal(big_rc, -1);
    assert_int_equal(flushed, -1); /* the second batch is past the limit */
    for (int i = 0; i < N; i++) {
        char want[sizeof text], back[sizeof text];
        memset(want, 'a' + i % 26, sizeof want);
        assert_int_equal(ib_spill_read(s, off[i], sizeof back, back), 0);
        assert_memory_equal(back, want, sizeof want);
    }
    ib_spill_close(s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_pieces),
        cmocka_unit_test(test_fallback),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_batches),
        cmocka_unit_test(test_failed_write),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
