/* SPDX-License-Identifier: MIT */
/* Unit tests for val.c, arena.c and buf.c: the building blocks. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "val.h"

static int
setup(void **state)
{
    *state = ib_arena_new();
    return 0;
}

static int
teardown(void **state)
{
    ib_arena_free(*state);
    return 0;
}

static void
test_scalars(void **state)
{
    struct ib_arena *a = *state;
    struct ib_val *v = ib_val_null(a);
    assert_int_equal(v->kind, IB_VAL_NULL);
    assert_string_equal(v->str, "");
    assert_int_equal(v->line, 0);

    v = ib_val_bool(a, true);
    assert_int_equal(v->kind, IB_VAL_BOOL);
    assert_true(v->b);
    assert_string_equal(v->str, "true");
    assert_int_equal(v->len, 4);
    assert_string_equal(ib_val_bool(a, false)->str, "false");

    v = ib_val_num(a, 2.5);
    assert_int_equal(v->kind, IB_VAL_NUM);
    assert_true(v->num == 2.5);
    assert_string_equal(v->str, "2.5");
    assert_string_equal(ib_val_num(a, 12)->str, "12");

    /* ib_val_str copies; ib_val_strn stops at N and keeps NUL-termination. */
    char tmp[] = "æøå policy";
    v = ib_val_str(a, tmp);
    tmp[0] = 'X';
    assert_int_equal(v->kind, IB_VAL_STR);
    assert_string_equal(v->str, "æøå policy");
    assert_int_equal(v->len, strlen("æøå policy"));
    v = ib_val_strn(a, "abcdef", 3);
    assert_string_equal(v->str, "abc");
    assert_int_equal(v->len, 3);

    static const char lit[] = "static";
    v = ib_val_str_ref(a, lit);
    assert_ptr_equal(v->str, lit);
    assert_int_equal(v->len, 6);
}

static void
test_map_set_replace_order(void **state)
{
    struct ib_arena *a = *state;
    struct ib_val *m = ib_val_map(a);
    static const char key[] = "zeta";
    ib_val_set_str(a, m, key, "1");
    assert_ptr_equal(m->pairs[0].key, key); /* used as is, not copied */
    ib_val_set_str(a, m, "alpha", "2");
    ib_val_set_bool(a, m, "mid", true);
    assert_int_equal(m->n, 3);
    /* Insertion order is kept, not sorted. */
    assert_string_equal(m->pairs[0].key, "zeta");
    assert_string_equal(m->pairs[1].key, "alpha");
    assert_string_equal(m->pairs[2].key, "mid");

    /* Replacing keeps the position and the count. */
    struct ib_val *nv = ib_val_str(a, "replaced");
    assert_ptr_equal(ib_val_set(a, m, "zeta", nv), nv);
    assert_int_equal(m->n, 3);
    assert_ptr_equal(m->pairs[0].val, nv);
    assert_string_equal(ib_val_get(m, "zeta")->str, "replaced");

    /* NULL s is stored as "". */
    ib_val_set_str(a, m, "empty", NULL);
    assert_string_equal(ib_val_get(m, "empty")->str, "");

    assert_null(ib_val_get(m, "missing"));
    assert_null(ib_val_get(NULL, "zeta"));
    assert_null(ib_val_get(ib_val_list(a), "zeta"));
    assert_null(ib_val_get_pair(m, "ZETA"));
    const struct ib_val_pair *p = ib_val_get_pair(m, "alpha");
    assert_non_null(p);
    assert_string_equal(p->val->str, "2");
}

static void
test_map_append_and_growth(void **state)
{
    struct ib_arena *a = *state;
    struct ib_val *m = ib_val_map(a);
    struct ib_val *l = ib_val_list(a);
    char key[16];
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        struct ib_val_pair *p =
            ib_val_append(a, m, ib_arena_strdup(a, key), ib_val_num(a, i));
        p->line = (unsigned)i + 1;
        ib_val_push(a, l, ib_val_num(a, i));
    }
    assert_int_equal(m->n, 1000);
    assert_int_equal(l->n, 1000);
    for (int i = 0; i < 1000; i += 97) {
        snprintf(key, sizeof key, "k%d", i);
        const struct ib_val_pair *p = ib_val_get_pair(m, key);
        assert_non_null(p);
        assert_int_equal(p->line, i + 1);
        assert_true(p->val->num == i);
        assert_true(l->items[i]->num == i);
    }
    assert_int_equal(ib_val_append(a, m, "k", ib_val_null(a))->line, 0);

    /* A text appended by reference is the caller's, not a copy. */
    static const char text[] = "borrowed text";
    const struct ib_val_pair *r = ib_val_append_ref(a, m, "ref", text);
    assert_ptr_equal(r->val->str, text);
    assert_int_equal(r->val->kind, IB_VAL_STR);
    assert_int_equal(r->val->len, strlen(text));
    assert_ptr_equal(ib_val_get(m, "ref"), r->val);
    assert_int_equal(m->n, 1002);
}

/* An indexed map answers as a scanned one: every key, no stranger, the
 * first of two equal keys; setting keeps the index, appending drops it. */
static void
test_map_index(void **state)
{
    struct ib_arena *a = *state;
    struct ib_val *m = ib_val_map(a);
    char key[16];
    for (int i = 0; i < 300; i++) {
        snprintf(key, sizeof key, "k%d", i);
        ib_val_append(a, m, ib_arena_strdup(a, key), ib_val_num(a, i));
    }
    ib_val_append(a, m, "k7", ib_val_num(a, -7)); /* a second "k7" */
    ib_val_index(a, m);
    assert_non_null(m->index);
    for (int i = 0; i < 300; i++) {
        snprintf(key, sizeof key, "k%d", i);
        const struct ib_val *v = ib_val_get(m, key);
        assert_non_null(v);
        assert_true(v->num == i);
    }
    assert_null(ib_val_get(m, "k300"));
    assert_null(ib_val_get(m, ""));
    ib_val_set(a, m, "k42", ib_val_str(a, "new"));
    assert_non_null(m->index);
    assert_string_equal(ib_val_get(m, "k42")->str, "new");
    assert_int_equal(m->n, 301);
    ib_val_set(a, m, "extra", ib_val_str(a, "x"));
    assert_null(m->index);
    assert_string_equal(ib_val_get(m, "extra")->str, "x");
    assert_true(ib_val_get(m, "k7")->num == 7);
    ib_val_index(a, m); /* again, over the grown map */
    assert_string_equal(ib_val_get(m, "extra")->str, "x");
    assert_null(ib_val_get(m, "k301"));
    ib_val_discard(a, m);
    assert_null(m->index);
    assert_null(ib_val_get(m, "k1"));
    /* An empty map's index finds nothing. */
    struct ib_val *e = ib_val_map(a);
    ib_val_index(a, e);
    assert_null(ib_val_get(e, "k1"));
}

/* A map's key bits never hide a key it has: small maps (most lookups of
 * absent keys stop at the bits), a map past 64 keys (every bit set), and
 * a map refilled after a discard. */
static void
test_map_key_bits(void **state)
{
    struct ib_arena *a = *state;
    struct ib_val *m = ib_val_map(a);
    assert_null(ib_val_get(m, "title"));
    ib_val_set_str(a, m, "title", "T");
    ib_val_set_str(a, m, "href", "h.html");
    assert_string_equal(ib_val_get(m, "title")->str, "T");
    assert_string_equal(ib_val_get(m, "href")->str, "h.html");
    char key[16];
    int absent = 0;
    for (int i = 0; i < 200; i++) {
        snprintf(key, sizeof key, "x%d", i);
        absent += ib_val_get(m, key) == NULL;
    }
    assert_int_equal(absent, 200);
    for (int i = 0; i < 200; i++) {
        snprintf(key, sizeof key, "x%d", i);
        ib_val_append(a, m, ib_arena_strdup(a, key), ib_val_num(a, i));
    }
    for (int i = 0; i < 200; i++) {
        snprintf(key, sizeof key, "x%d", i);
        assert_non_null(ib_val_get(m, key));
        assert_true(ib_val_get(m, key)->num == i);
    }
    assert_null(ib_val_get(m, "x200"));
    ib_val_discard(a, m);
    assert_null(ib_val_get(m, "title"));
    ib_val_set_str(a, m, "owner", "o");
    assert_string_equal(ib_val_get(m, "owner")->str, "o");
    assert_null(ib_val_get(m, "title"));
}

/* A hinted lookup finds what a plain one finds, wherever the hint points,
 * and leaves the hint at the pair it found. */
static void
test_map_hints(void **state)
{
    struct ib_arena *a = *state;
    /* The same keys in another order, and a map with an index. */
    struct ib_val *m1 = ib_val_map(a), *m2 = ib_val_map(a),
                  *m3 = ib_val_map(a);
    const char *keys[] = {"title", "href", "owner", "id"};
    for (int i = 0; i < 4; i++) {
        ib_val_set_str(a, m1, keys[i], keys[i]);
        ib_val_set_str(a, m2, keys[3 - i], keys[3 - i]);
        ib_val_set_str(a, m3, keys[i], keys[i]);
    }
    ib_val_index(a, m3);
    uint32_t hint = 0;
    unsigned h = ib_val_hash("owner");
    assert_string_equal(ib_val_get_pair_hinted(m1, "owner", h, &hint)->key,
                        "owner");
    assert_int_equal(hint, 2);
    /* The hint is right: found there, and kept. */
    assert_ptr_equal(ib_val_get_pair_hinted(m1, "owner", h, &hint),
                     &m1->pairs[2]);
    assert_int_equal(hint, 2);
    /* Another map's order: found by scan, the hint follows it. */
    assert_ptr_equal(ib_val_get_pair_hinted(m2, "owner", h, &hint),
                     &m2->pairs[1]);
    assert_int_equal(hint, 1);
    assert_ptr_equal(ib_val_get_pair_hinted(m3, "owner", h, &hint),
                     &m3->pairs[2]);
    assert_int_equal(hint, 2);
    /* Past the end of a map, and missing keys: the hint stays. */
    hint = 1000;
    assert_ptr_equal(ib_val_get_pair_hinted(m1, "owner", h, &hint),
                     &m1->pairs[2]);
    assert_null(ib_val_get_pair_hinted(m1, "status",
                                       ib_val_hash("status"), &hint));
    assert_null(ib_val_get_pair_hinted(NULL, "owner", h, &hint));
    assert_null(ib_val_get_pair_hinted(ib_val_list(a), "owner", h, &hint));
    assert_int_equal(hint, 2);

    /* Two keys of one hash (ib_text_hash: k10491 and k24420): the pair at
     * the hint has the hash but not the key, and is passed over. */
    assert_int_equal(ib_val_hash("k10491"), ib_val_hash("k24420"));
    struct ib_val *c = ib_val_map(a);
    ib_val_set_str(a, c, "k10491", "first");
    ib_val_set_str(a, c, "k24420", "second");
    hint = 0;
    const struct ib_val_pair *p = ib_val_get_pair_hinted(
        c, "k24420", ib_val_hash("k24420"), &hint);
    assert_string_equal(p->val->str, "second");
    assert_int_equal(hint, 1);
    p = ib_val_get_pair_hinted(c, "k10491", ib_val_hash("k10491"), &hint);
    assert_string_equal(p->val->str, "first");
    assert_int_equal(hint, 0);
}

/* Whole numbers are written as printf's "%.15g" writes them; anything
 * else is left to printf. */
static void
test_format_whole(void **state)
{
    char buf[IB_VAL_WHOLE_MAX], want[64];
    const double whole[] = {0,     1,          -1,   42,    -42,
                            2026,  1e14,       -1e14, 999999999999999.0,
                            -999999999999999.0, 123456789012345.0};
    for (size_t i = 0; i < sizeof whole / sizeof *whole; i++) {
        assert_true(ib_val_format_whole(whole[i], buf));
        snprintf(want, sizeof want, "%.15g", whole[i]);
        assert_string_equal(buf, want);
    }
    for (long long x = -1000; x <= 100000; x += 7) {
        assert_true(ib_val_format_whole((double)x, buf));
        snprintf(want, sizeof want, "%.15g", (double)x);
        assert_string_equal(buf, want);
    }
    const double other[] = {-0.0, 0.5, -2.25, 1e15, -1e15, 1e300,
                            1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0};
    for (size_t i = 0; i < sizeof other / sizeof *other; i++)
        assert_false(ib_val_format_whole(other[i], buf));
    struct ib_val *v = ib_val_num(*state, 7);
    assert_string_equal(v->str, "7");
}

static void
test_truthiness(void **state)
{
    struct ib_arena *a = *state;
    assert_false(ib_val_truthy(NULL));
    assert_false(ib_val_truthy(ib_val_null(a)));
    assert_false(ib_val_truthy(ib_val_bool(a, false)));
    assert_true(ib_val_truthy(ib_val_bool(a, true)));
    assert_false(ib_val_truthy(ib_val_str(a, "")));
    assert_true(ib_val_truthy(ib_val_str(a, "0")));
    assert_true(ib_val_truthy(ib_val_num(a, 0))); /* Mustache: 0 is true */
    struct ib_val *l = ib_val_list(a);
    assert_false(ib_val_truthy(l));
    ib_val_push(a, l, ib_val_null(a));
    assert_true(ib_val_truthy(l));
    assert_true(ib_val_truthy(ib_val_map(a))); /* even an empty map */
}

static void
test_kind_names(void **state)
{
    struct ib_arena *a = *state;
    assert_string_equal(ib_val_kind_name(NULL), "null");
    assert_string_equal(ib_val_kind_name(ib_val_str(a, "x")), "a string");
    assert_string_equal(ib_val_kind_name(ib_val_list(a)), "a list");
    assert_string_equal(ib_val_kind_name(ib_val_map(a)), "a map");
    assert_string_equal(ib_val_kind_name(ib_val_num(a, 1)), "a number");
    assert_string_equal(ib_val_kind_name(ib_val_bool(a, 1)), "a boolean");
    assert_true(ib_val_is_scalar(ib_val_null(a)));
    assert_true(ib_val_is_scalar(ib_val_num(a, 1)));
    assert_false(ib_val_is_scalar(ib_val_list(a)));
    assert_false(ib_val_is_scalar(ib_val_map(a)));
    assert_false(ib_val_is_scalar(NULL));
}

static void
test_html_escaping(void **state)
{
    (void)state;
    struct ib_buf b;
    ib_buf_init(&b);
    const char *s = "<a href=\"x\">Tom & Jerry's</a>";
    ib_buf_put_html(&b, s, strlen(s));
    assert_string_equal(ib_buf_cstr(&b),
                        "&lt;a href=&quot;x&quot;&gt;Tom &amp; "
                        "Jerry&#39;s&lt;/a&gt;");
    /* Only N bytes are read, and nothing else is touched. */
    ib_buf_reset(&b);
    assert_false(ib_buf_put_html(&b, "æ<ø>å&", 5));
    assert_string_equal(ib_buf_cstr(&b), "æ&lt;ø");
    ib_buf_reset(&b);
    /* It says whether it copied the text as it is. */
    assert_true(ib_buf_put_html(&b, "plain", 5));
    assert_string_equal(ib_buf_cstr(&b), "plain");
    assert_true(ib_buf_put_html(&b, "æ<ø", 2));
    /* Text is scanned eight bytes at a time: a special character is
     * found at every offset of a longer text. */
    const char *plain = "Information security policy";
    const char *const in[] = {"&", "<", ">", "\"", "'"};
    const char *const out[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
    struct ib_buf t, want;
    ib_buf_init(&t);
    ib_buf_init(&want);
    for (size_t k = 0; k < 5; k++)
        for (size_t at = 0; at <= 20; at++) {
            ib_buf_reset(&t);
            ib_buf_printf(&t, "%.*s%s%s", (int)at, plain, in[k], plain + at);
            ib_buf_reset(&want);
            ib_buf_printf(&want, "%.*s%s%s", (int)at, plain, out[k],
                          plain + at);
            ib_buf_reset(&b);
            assert_false(ib_buf_put_html(&b, t.data, t.len));
            assert_string_equal(ib_buf_cstr(&b), ib_buf_cstr(&want));
        }
    /* Against a byte at a time, on 20,000 generated texts of 0 to 40
     * bytes: the special ones, their neighbours in ASCII (which the
     * word tests must not mistake for them) and bytes above 127. */
    const char alphabet[] = "&<>\"'#%$()*+,-./:;=?@[]\\^`{}|~ aZ09\x80"
                            "\xa6\xa7\xbc\xbe\xa2\xff";
    uint32_t seed = 1;
    for (int round = 0; round < 20000; round++) {
        char text[41];
        size_t len = (size_t)round % 41;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            text[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        ib_buf_reset(&want);
        for (size_t i = 0; i < len; i++) {
            size_t k = 0;
            while (k < 5 && text[i] != in[k][0])
                k++;
            if (k < 5)
                ib_buf_puts(&want, out[k]);
            else
                ib_buf_putc(&want, text[i]);
        }
        ib_buf_reset(&b);
        assert_int_equal(ib_buf_put_html(&b, text, len), want.len == len);
        assert_int_equal(b.len, want.len);
        assert_memory_equal(b.data, want.data, want.len);
    }
    ib_buf_fini(&t);
    ib_buf_fini(&want);
    ib_buf_fini(&b);
}

static void
test_buf_basics(void **state)
{
    (void)state;
    struct ib_buf b;
    ib_buf_init(&b);
    assert_string_equal(ib_buf_cstr(&b), ""); /* never NULL */
    ib_buf_fini(&b);
    /* Room made before anything is written is an empty string too. */
    ib_buf_init(&b);
    ib_buf_grow(&b, 1000);
    assert_true(b.cap > 1000);
    assert_string_equal(ib_buf_cstr(&b), "");
    ib_buf_puts(&b, "ab");
    ib_buf_putc(&b, 'c');
    ib_buf_put(&b, "d\0e", 3); /* embedded NUL is data */
    assert_int_equal(b.len, 6);
    assert_memory_equal(b.data, "abcd\0e", 7);
    ib_buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    for (int i = 0; i < 5000; i++)
        ib_buf_printf(&b, "%d,", i % 10);
    assert_int_equal(b.len, 10000);
    assert_int_equal(strlen(b.data), 10000);
    assert_memory_equal(b.data + 9990, "5,6,7,8,9,", 10);
    char *s = ib_buf_take(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(strlen(s), 10000);
    free(s);
    s = ib_buf_take(&b); /* taking an empty buffer gives "" */
    assert_string_equal(s, "");
    free(s);
    ib_buf_fini(&b);
    ib_buf_fini(&b); /* fini twice is harmless */

    /* Integers as "%lld" writes them, the extremes included. */
    static const long long ints[] = {0, 7, -1, 10, 1234567890123LL,
                                     LLONG_MAX, LLONG_MIN};
    struct ib_buf want;
    ib_buf_init(&b);
    ib_buf_init(&want);
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        ib_buf_put_int(&b, ints[i]);
        ib_buf_putc(&b, ' ');
        ib_buf_printf(&want, "%lld ", ints[i]);
    }
    assert_string_equal(ib_buf_cstr(&b), ib_buf_cstr(&want));
    ib_buf_fini(&b);
    ib_buf_fini(&want);
}

/* Pieces of every size up to 200 bytes, strings between them, over
 * hundreds of blocks: each aligned where it must be, none overlapping
 * another (each keeps the bytes it was given). */
static void
test_arena_many_blocks(void **state)
{
    struct ib_arena *a = *state;
    enum { N = 60000 };
    unsigned char **piece = malloc(N * sizeof(*piece));
    assert_non_null(piece);
    for (size_t i = 0; i < N; i++) {
        size_t n = 1 + i % 200;
        if (i % 3 == 0) {
            piece[i] = (unsigned char *)ib_arena_strndup(
                a, "abcdefghijklmnopqrstuvwxyz", i % 27);
            continue;
        }
        piece[i] =
            i % 3 == 1 ? ib_arena_alloc(a, n) : ib_arena_calloc(a, n, 1);
        assert_int_equal((uintptr_t)piece[i] % _Alignof(double), 0);
        assert_int_equal((uintptr_t)piece[i] % _Alignof(void *), 0);
        if (i % 3 == 2)
            for (size_t k = 0; k < n; k++)
                assert_int_equal(piece[i][k], 0);
        memset(piece[i], (int)(i & 0xff), n);
    }
    for (size_t i = 0; i < N; i++) {
        if (i % 3 == 0) {
            assert_int_equal(strlen((char *)piece[i]), i % 27);
            continue;
        }
        for (size_t k = 0, n = 1 + i % 200; k < n; k++)
            assert_int_equal(piece[i][k], i & 0xff);
    }
    free(piece);
}

static void
test_arena_large_and_aligned(void **state)
{
    struct ib_arena *a = *state;
    /* Larger than a block, and many small ones around it. */
    size_t big = 1024 * 1024;
    char *p = ib_arena_alloc(a, big);
    memset(p, 'x', big);
    char *small[100];
    for (int i = 0; i < 100; i++) {
        /* Strings between them may leave any offset. */
        ib_arena_strdup(a, i % 2 ? "odd" : "x");
        small[i] = ib_arena_alloc(a, 24);
        assert_int_equal((uintptr_t)small[i] % _Alignof(void *), 0);
        assert_int_equal((uintptr_t)small[i] % _Alignof(double), 0);
        assert_int_equal((uintptr_t)small[i] % _Alignof(size_t), 0);
        memset(small[i], i, 24);
    }
    char *p2 = ib_arena_alloc(a, 20000); /* over a quarter block */
    memset(p2, 'y', 20000);
    for (int i = 0; i < 100; i++)
        assert_int_equal(small[i][23], i);
    assert_int_equal(p[0], 'x');
    assert_int_equal(p[big - 1], 'x');
    assert_int_equal(p2[19999], 'y');

    unsigned char *z = ib_arena_calloc(a, 1000, 100);
    for (size_t i = 0; i < 100000; i++)
        assert_int_equal(z[i], 0);
    assert_non_null(ib_arena_alloc(a, 0));

    assert_string_equal(ib_arena_strdup(a, "æøå"), "æøå");
    assert_string_equal(ib_arena_strndup(a, "abcdef", 2), "ab");
    assert_string_equal(ib_arena_printf(a, "%s-%03d", "POL", 7), "POL-007");
    char *longs = ib_arena_printf(a, "%0*d", 100000, 1);
    assert_int_equal(strlen(longs), 100000);
    assert_int_equal(longs[99999], '1');

    assert_string_equal(ib_arena_cat(a, "controls/", "A.5.15", ".html",
                                     (char *)NULL),
                        "controls/A.5.15.html");
    assert_string_equal(ib_arena_cat(a, "", "ø", "", (char *)NULL), "ø");
    assert_string_equal(ib_arena_cat(a, "", (char *)NULL), "");
    char *joined = ib_arena_cat(a, longs, "#", longs, (char *)NULL);
    assert_int_equal(strlen(joined), 200001);
    assert_int_equal(joined[100000], '#');
}

/* Outgrown arrays are handed back and serve the next container. The
 * sanitizer builds free them instead, so only the contents are checked
 * there. */
static void
test_arena_recycle(void **state)
{
    struct ib_arena *a = *state;
    void *p = ib_arena_alloc_recycled(a, 64);
    memset(p, 1, 64);
    ib_arena_recycle(a, p, 64);
    void *q = ib_arena_alloc_recycled(a, 64);
    memset(q, 2, 64);
    void *r = ib_arena_alloc_recycled(a, 64); /* the list is empty again */
    memset(r, 3, 64);
    assert_ptr_not_equal(q, r);
    assert_int_equal(((unsigned char *)q)[63], 2);
#ifndef IB_ARENA_DEBUG
    assert_ptr_equal(p, q);
    /* Other sizes keep their own lists; others than powers of two none. */
    void *s = ib_arena_alloc_recycled(a, 48);
    ib_arena_recycle(a, s, 48);
    assert_ptr_not_equal(ib_arena_alloc_recycled(a, 48), s);
    ib_arena_recycle(a, r, 64);
    assert_ptr_not_equal(ib_arena_alloc_recycled(a, 128), r);
    assert_ptr_equal(ib_arena_alloc_recycled(a, 64), r);
#endif

    /* A list that grows leaves its old array to the next list. */
    struct ib_val *l1 = ib_val_list(a), *l2 = ib_val_list(a);
    for (int i = 0; i < 5; i++)
        ib_val_push(a, l1, ib_val_num(a, i));
    ib_val_push(a, l2, ib_val_str(a, "second"));
    for (int i = 0; i < 5; i++)
        assert_true(l1->items[i]->num == i);
    assert_string_equal(l2->items[0]->str, "second");
    assert_int_equal(l1->cap, 8);

    /* Reserved room is exact, and discarding empties the container. */
    struct ib_val *m = ib_val_map(a);
    ib_val_reserve(a, m, 3);
    assert_int_equal(m->cap, 3);
    ib_val_set_str(a, m, "a", "1");
    ib_val_set_str(a, m, "b", "2");
    ib_val_set_str(a, m, "c", "3");
    assert_int_equal(m->cap, 3);
    ib_val_set_str(a, m, "d", "4");
    assert_int_equal(m->n, 4);
    assert_string_equal(ib_val_get(m, "a")->str, "1");
    assert_string_equal(ib_val_get(m, "d")->str, "4");
    ib_val_discard(a, m);
    assert_int_equal(m->n, 0);
    assert_null(ib_val_get(m, "a"));
    ib_val_set_str(a, m, "e", "5");
    assert_string_equal(ib_val_get(m, "e")->str, "5");
}

static void
test_arena_free_null(void **state)
{
    (void)state;
    ib_arena_free(NULL);
    struct ib_arena *a = ib_arena_new();
    ib_arena_free(a); /* an unused arena */
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_scalars, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_set_replace_order, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_map_append_and_growth, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_map_index, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_key_bits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_map_hints, setup, teardown),
        cmocka_unit_test_setup_teardown(test_format_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(test_truthiness, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kind_names, setup, teardown),
        cmocka_unit_test(test_html_escaping),
        cmocka_unit_test(test_buf_basics),
        cmocka_unit_test_setup_teardown(test_arena_large_and_aligned, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_arena_many_blocks, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_arena_recycle, setup, teardown),
        cmocka_unit_test(test_arena_free_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
