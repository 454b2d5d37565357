/* SPDX-License-Identifier: MIT */
/* Unit tests for mdheap.c: cmark-gfm's memory from a heap or from malloc. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "mdheap.h"

static void
fill(unsigned char *p, size_t n, unsigned char seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(seed + i);
}

static void
assert_filled(const unsigned char *p, size_t n, unsigned char seed)
{
    for (size_t i = 0; i < n; i++)
        assert_int_equal(p[i], (unsigned char)(seed + i));
}

static void
assert_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        assert_int_equal(p[i], 0);
}

/*
 * What cmark-gfm does with its allocator, on a heap: zeroed pieces that
 * keep their contents while others come and go, a buffer grown by
 * doubling, frees in any order, pieces larger than a chunk, alignment.
 */
static void
test_heap_pieces(void **state)
{
    (void)state;
    cmark_mem *mem = ib_mdheap_mem();
    struct ib_mdheap *h = ib_mdheap_new();
    assert_null(ib_mdheap_use(h));

    unsigned char *p[64];
    for (int i = 0; i < 64; i++) {
        p[i] = mem->calloc(1, 24 + (size_t)i * 7);
        assert_int_equal((uintptr_t)p[i] % 16, 0);
        assert_zero(p[i], 24 + (size_t)i * 7);
        fill(p[i], 24 + (size_t)i * 7, (unsigned char)i);
    }
    /* Freeing the latest and others, then more pieces: none overlaps. */
    mem->free(p[63]);
    mem->free(p[10]);
    unsigned char *q = mem->calloc(3, 100);
    assert_zero(q, 300);
    fill(q, 300, 200);
    for (int i = 0; i < 63; i++)
        if (i != 10)
            assert_filled(p[i], 24 + (size_t)i * 7, (unsigned char)i);

    /* A buffer doubled many times, past a chunk, keeps what it held. */
    unsigned char *buf = NULL;
    size_t n = 0;
    for (size_t size = 8; size <= 512 * 1024; size *= 2) {
        buf = mem->realloc(buf, size);
        fill(buf + n, size - n, (unsigned char)n);
        assert_filled(buf, size, 0);
        n = size;
        unsigned char *between = mem->calloc(1, 40); /* not the latest */
        fill(between, 40, 9);
    }
    /* Shrinking keeps the start. */
    buf = mem->realloc(buf, 16);
    assert_filled(buf, 16, 0);
    unsigned char *big = mem->calloc(1, 300 * 1024);
    assert_zero(big, 300 * 1024);
    mem->free(big);
    mem->free(buf);
    assert_filled(q, 300, 200);
    for (int i = 0; i < 63; i++)
        if (i != 10)
            mem->free(p[i]);
    mem->free(q);
    mem->free(NULL);
    assert_ptr_equal(ib_mdheap_use(NULL), h);
    ib_mdheap_free(h);
}

/*
 * Without a heap in use the pieces are malloc's; either kind may be freed
 * or reallocated later, with or without a heap in use then.
 */
static void
test_mixed(void **state)
{
    (void)state;
    cmark_mem *mem = ib_mdheap_mem();
    unsigned char *m = mem->calloc(10, 10);
    assert_zero(m, 100);
    fill(m, 100, 1);

    struct ib_mdheap *h = ib_mdheap_new();
    ib_mdheap_use(h);
    unsigned char *a = mem->calloc(1, 50);
    fill(a, 50, 2);
    m = mem->realloc(m, 1000); /* malloc's stays malloc's */
    assert_filled(m, 100, 1);
    ib_mdheap_use(NULL);

    a = mem->realloc(a, 5000); /* a heap's piece, moved to malloc */
    assert_filled(a, 50, 2);
    unsigned char *b = mem->realloc(NULL, 30);
    fill(b, 30, 3);
    mem->free(m);
    mem->free(a);
    ib_mdheap_use(h);
    mem->free(b); /* malloc's, freed while a heap is in use */
    ib_mdheap_use(NULL);
    ib_mdheap_free(h);
    ib_mdheap_free(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heap_pieces),
        cmocka_unit_test(test_mixed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
