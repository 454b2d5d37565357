/* SPDX-License-Identifier: MIT */
/* Unit tests for yaml.c: positions, core schema, rejections and limits. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "val.h"
#include "yaml.h"

struct fx {
    struct ib_arena *a;
    struct ib_diag *d;
    struct ib_val *v;
};

static int
setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    f->a = ib_arena_new();
    f->d = ib_diag_new();
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    ib_diag_free(f->d);
    ib_arena_free(f->a);
    free(f);
    return 0;
}

static int
parse_lim(struct fx *f, const char *text, unsigned offset,
          const struct ib_yaml_limits *lim)
{
    f->v = NULL;
    return ib_yaml_parse(f->a, text, strlen(text), "t.yaml", offset, lim, &f->v,
                         f->d);
}

static int
parse(struct fx *f, const char *text, unsigned offset)
{
    return parse_lim(f, text, offset, NULL);
}

/* Parses TEXT expecting success and no findings; returns the root. */
static struct ib_val *
ok(struct fx *f, const char *text)
{
    assert_int_equal(parse(f, text, 0), 0);
    assert_int_equal(ib_diag_count(f->d), 0);
    assert_non_null(f->v);
    return f->v;
}

/* Asserts exactly one finding: yaml-syntax at LINE:COL in t.yaml. */
static void
assert_syntax(struct fx *f, unsigned line, unsigned col, const char *needle)
{
    assert_int_equal(ib_diag_count(f->d), 1);
    const struct ib_finding *x = ib_diag_get(f->d, 0);
    if (x->loc.line != line || x->loc.col != col || !strstr(x->msg, needle))
        print_error("got %u:%u %s [%s]\n", x->loc.line, x->loc.col, x->msg,
                    x->rule);
    assert_string_equal(x->rule, "yaml-syntax");
    assert_int_equal(x->sev, IB_SEV_ERROR);
    assert_string_equal(x->loc.file, "t.yaml");
    assert_int_equal(x->loc.line, line);
    assert_int_equal(x->loc.col, col);
    assert_non_null(strstr(x->msg, needle));
}

static void
test_positions_with_offset(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f,
                           "title: Access\nowner:   ciso\nlist:\n"
                           "  - one\n  - \"two\"\n",
                           1),
                     0);
    struct ib_val *v = f->v;
    assert_int_equal(v->kind, IB_VAL_MAP);
    assert_int_equal(v->line, 2);
    assert_int_equal(v->col, 1);
    const struct ib_val_pair *p = ib_val_get_pair(v, "title");
    assert_int_equal(p->line, 2);
    assert_int_equal(p->col, 1);
    assert_int_equal(p->val->line, 2);
    assert_int_equal(p->val->col, 8);
    p = ib_val_get_pair(v, "owner");
    assert_int_equal(p->line, 3);
    assert_int_equal(p->col, 1);
    assert_int_equal(p->val->line, 3);
    assert_int_equal(p->val->col, 10);
    struct ib_val *l = ib_val_get(v, "list");
    assert_int_equal(l->kind, IB_VAL_LIST);
    assert_int_equal(l->n, 2);
    assert_int_equal(l->items[0]->line, 5);
    assert_int_equal(l->items[0]->col, 5);
    assert_int_equal(l->items[1]->line, 6);
    assert_int_equal(l->items[1]->col, 5); /* the opening quote */
}

static void
test_positions_are_bytes_after_utf8(void **state)
{
    struct fx *f = *state;
    /* "æøå" is 3 characters but 6 bytes: columns count bytes. */
    assert_int_equal(parse(f, "æøå: værdi\nø:   x\n", 1), 0);
    const struct ib_val_pair *p = ib_val_get_pair(f->v, "æøå");
    assert_non_null(p);
    assert_int_equal(p->line, 2);
    assert_int_equal(p->col, 1);
    assert_int_equal(p->val->col, 9); /* 6 characters in */
    assert_string_equal(p->val->str, "værdi");
    p = ib_val_get_pair(f->v, "ø");
    assert_int_equal(p->line, 3);
    assert_int_equal(p->val->col, 7);
}

static void
test_positions_utf8_flow(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f,
                           "m: {a: \"æøå\", b: 2}\n"
                           "k: æøå æøå\n"
                           "l: [æ, ø, å]\n",
                           3),
                     0);
    struct ib_val *m = ib_val_get(f->v, "m");
    const struct ib_val_pair *p = ib_val_get_pair(m, "b");
    assert_non_null(p);
    assert_int_equal(p->line, 4);
    assert_int_equal(p->col, 18); /* 15 characters */
    assert_int_equal(p->val->col, 21);
    assert_string_equal(ib_val_get(m, "a")->str, "æøå");
    struct ib_val *l = ib_val_get(f->v, "l");
    assert_int_equal(l->items[0]->line, 6);
    assert_int_equal(l->items[0]->col, 5);
    assert_int_equal(l->items[1]->col, 9);
    assert_int_equal(l->items[2]->col, 13);
    assert_string_equal(l->items[2]->str, "å");
}

static void
test_positions_crlf(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f, "a: 1\r\nbb: æ\r\nc: x\r\n", 0), 0);
    assert_int_equal(ib_diag_count(f->d), 0);
    const struct ib_val_pair *p = ib_val_get_pair(f->v, "c");
    assert_int_equal(p->line, 3);
    assert_int_equal(p->col, 1);
    assert_int_equal(p->val->col, 4);
    assert_string_equal(ib_val_get(f->v, "bb")->str, "æ");
}

static void
test_positions_after_unicode_line_separator(void **state)
{
    struct fx *f = *state;
    /*
     * U+2028 inside a quoted value is not a line break in the file (editors
     * and cmark do not break there): the next key is on line 2.
     */
    assert_int_equal(parse(f, "a: \"x\xE2\x80\xA8y\"\nb: 1\n", 0), 0);
    const struct ib_val_pair *p = ib_val_get_pair(f->v, "b");
    assert_non_null(p);
    assert_int_equal(p->line, 2);
    assert_int_equal(p->col, 1);
}

typedef int parse_fn(struct ib_arena *, const char *, size_t, const char *,
                     unsigned, const struct ib_yaml_limits *, struct ib_val **,
                     struct ib_diag *);

static void
assert_at(const struct ib_val *v, unsigned line, unsigned col)
{
    assert_int_equal(v->line, line);
    assert_int_equal(v->col, col);
}

/*
 * Typical front matter, which the fast path reads: both it and libyaml
 * alone must give these kinds, texts and positions.
 */
static void
test_front_matter_both_paths(void **state)
{
    struct fx *f = *state;
    static const char text[] =
        "# Reviewed by the CISO\n"              /* 2 */
        "id: POL-007\n"                          /* 3 */
        "title: \"Tilgang: adgang og nøgler\"\n" /* 4 */
        "version: 2.10\n"                        /* 5 */
        "approved: 2026-06-09\n"                 /* 6 */
        "draft: false\n"                         /* 7 */
        "owner: 'Åse Ødegård'\n"                 /* 8 */
        "\n"                                     /* 9 */
        "controls: [5.15, \"8.2\" ,A.9.1]\n"     /* 10 */
        "tags: []\n"                             /* 11 */
        "related:\n"                             /* 12 */
        "- POL-001\n"                            /* 13 */
        "  # the Danish one\n"                   /* 14 */
        "-   GL-002-da\n"                        /* 15 */
        "audience:\n"                            /* 16 */
        "  - all staff (incl. contractors)\n"    /* 17 */
        "  - -1\n";                              /* 18 */
    parse_fn *const paths[] = {ib_yaml_parse, ib_yaml_parse_libyaml};
    for (size_t i = 0; i < 2; i++) {
        struct ib_val *v = NULL;
        assert_int_equal(paths[i](f->a, text, strlen(text), "t.yaml", 1, NULL,
                                  &v, f->d),
                         0);
        assert_int_equal(ib_diag_count(f->d), 0);
        assert_int_equal(v->kind, IB_VAL_MAP);
        assert_int_equal(v->n, 10);
        assert_at(v, 3, 1);
        const struct ib_val_pair *p = ib_val_get_pair(v, "title");
        assert_int_equal(p->line, 4);
        assert_int_equal(p->col, 1);
        assert_string_equal(p->val->str, "Tilgang: adgang og nøgler");
        assert_true(p->val->quoted);
        assert_at(p->val, 4, 8);
        struct ib_val *x = ib_val_get(v, "version");
        assert_int_equal(x->kind, IB_VAL_NUM);
        assert_string_equal(x->str, "2.10");
        assert_int_equal(ib_val_get(v, "approved")->kind, IB_VAL_STR);
        x = ib_val_get(v, "draft");
        assert_int_equal(x->kind, IB_VAL_BOOL);
        assert_false(x->b);
        x = ib_val_get(v, "owner");
        assert_string_equal(x->str, "Åse Ødegård");
        assert_at(x, 8, 8);

        struct ib_val *l = ib_val_get(v, "controls");
        assert_int_equal(l->kind, IB_VAL_LIST);
        assert_at(l, 10, 11);
        assert_int_equal(l->n, 3);
        assert_int_equal(l->items[0]->kind, IB_VAL_NUM);
        assert_at(l->items[0], 10, 12);
        assert_string_equal(l->items[1]->str, "8.2");
        assert_true(l->items[1]->quoted);
        assert_at(l->items[1], 10, 18);
        assert_string_equal(l->items[2]->str, "A.9.1");
        assert_at(l->items[2], 10, 25);
        assert_int_equal(ib_val_get(v, "tags")->n, 0);

        l = ib_val_get(v, "related");
        assert_at(l, 13, 1);
        assert_int_equal(l->n, 2);
        assert_at(l->items[1], 15, 5);
        assert_string_equal(l->items[1]->str, "GL-002-da");
        l = ib_val_get(v, "audience");
        assert_at(l, 17, 3);
        assert_string_equal(l->items[0]->str, "all staff (incl. contractors)");
        assert_at(l->items[1], 18, 5);
        assert_int_equal(l->items[1]->kind, IB_VAL_NUM);
        assert_true(l->items[1]->num == -1);
    }
}

/*
 * Lines that look flat but mean something else: the fast path must
 * leave them to libyaml, which reads or rejects them as YAML does.
 */
static void
test_near_flat_maps_read_as_yaml(void **state)
{
    struct fx *f = *state;
    struct ib_val *v = ok(f, "title: Access\n  and keys\nid: X\n");
    assert_string_equal(ib_val_get(v, "title")->str, "Access and keys");
    v = ok(f, "a: one # two\nb: 'it''s'\nc: x  \n");
    assert_string_equal(ib_val_get(v, "a")->str, "one");
    assert_string_equal(ib_val_get(v, "b")->str, "it's");
    assert_string_equal(ib_val_get(v, "c")->str, "x");
    v = ok(f, "a:\nb: \"x\\ty\"\nc: [p,\n  q]\n");
    assert_int_equal(ib_val_get(v, "a")->kind, IB_VAL_NULL);
    assert_string_equal(ib_val_get(v, "b")->str, "x\ty");
    assert_int_equal(ib_val_get(v, "c")->n, 2);
    v = ok(f, "a: x\nb:\n  c: 1\nd: https://example.org\n");
    assert_int_equal(ib_val_get(v, "b")->kind, IB_VAL_MAP);
    assert_string_equal(ib_val_get(v, "d")->str, "https://example.org");

    assert_int_equal(parse(f, "id: A\ntitle: B\nid: C\n", 0), -1);
    assert_syntax(f, 3, 1, "duplicate key 'id' (first at line 1)");
}

static void
test_core_schema(void **state)
{
    struct fx *f = *state;
    struct ib_val *v = ok(f, "n1: null\nn2: ~\nn3:\nn4: Null\n"
                             "t: true\nt2: True\nf: false\nf2: FALSE\n"
                             "i: 42\ni2: -7\ni3: +3\n"
                             "x1: 3.14\nx2: 1e3\nx3: .5\nx4: -.inf\n"
                             "x5: .nan\n"
                             "d: 2026-01-01\n"
                             "q1: \"42\"\nq2: 'true'\nq3: \"\"\nq4: 'null'\n"
                             "v: 2.10\nv2: 1.2.3\n"
                             "s: hello world\ny: yes\nh: 0x1F\n"
                             "b: |\n  block\n"
                             "tag: !!str 12\n");
    const char *nulls[] = {"n1", "n2", "n3", "n4"};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(ib_val_get(v, nulls[i])->kind, IB_VAL_NULL);
    assert_string_equal(ib_val_get(v, "n3")->str, "");

    struct ib_val *x = ib_val_get(v, "t");
    assert_int_equal(x->kind, IB_VAL_BOOL);
    assert_true(x->b);
    assert_true(ib_val_get(v, "t2")->b);
    x = ib_val_get(v, "f");
    assert_int_equal(x->kind, IB_VAL_BOOL);
    assert_false(x->b);
    assert_int_equal(ib_val_get(v, "f2")->kind, IB_VAL_BOOL);

    x = ib_val_get(v, "i");
    assert_int_equal(x->kind, IB_VAL_NUM);
    assert_true(x->num == 42);
    assert_true(ib_val_get(v, "i2")->num == -7);
    assert_true(ib_val_get(v, "i3")->num == 3);
    assert_true(ib_val_get(v, "x1")->num == 3.14);
    assert_true(ib_val_get(v, "x2")->num == 1000);
    assert_true(ib_val_get(v, "x3")->num == 0.5);
    x = ib_val_get(v, "x4");
    assert_int_equal(x->kind, IB_VAL_NUM);
    assert_true(isinf(x->num) && x->num < 0);
    assert_true(isnan(ib_val_get(v, "x5")->num));

    /* Dates are not a type of the core schema. */
    x = ib_val_get(v, "d");
    assert_int_equal(x->kind, IB_VAL_STR);
    assert_string_equal(x->str, "2026-01-01");
    assert_false(x->quoted);

    x = ib_val_get(v, "q1");
    assert_int_equal(x->kind, IB_VAL_STR);
    assert_string_equal(x->str, "42");
    assert_true(x->quoted);
    x = ib_val_get(v, "q2");
    assert_int_equal(x->kind, IB_VAL_STR);
    assert_true(x->quoted);
    x = ib_val_get(v, "q3");
    assert_int_equal(x->kind, IB_VAL_STR);
    assert_int_equal(x->len, 0);
    assert_true(x->quoted);
    assert_int_equal(ib_val_get(v, "q4")->kind, IB_VAL_STR);

    /* A number keeps its text as written. */
    x = ib_val_get(v, "v");
    assert_int_equal(x->kind, IB_VAL_NUM);
    assert_true(x->num == 2.1);
    assert_string_equal(x->str, "2.10");
    assert_int_equal(x->len, 4);
    assert_int_equal(ib_val_get(v, "v2")->kind, IB_VAL_STR);

    x = ib_val_get(v, "s");
    assert_int_equal(x->kind, IB_VAL_STR);
    assert_string_equal(x->str, "hello world");
    assert_false(x->quoted);
    assert_int_equal(ib_val_get(v, "y")->kind, IB_VAL_STR); /* YAML 1.2 */
    assert_int_equal(ib_val_get(v, "h")->kind, IB_VAL_STR);
    x = ib_val_get(v, "b");
    assert_int_equal(x->kind, IB_VAL_STR);
    assert_string_equal(x->str, "block\n");
    assert_true(x->quoted);
    x = ib_val_get(v, "tag");
    assert_int_equal(x->kind, IB_VAL_STR);
    assert_string_equal(x->str, "12");
}

static void
test_scalar_root_and_list_root(void **state)
{
    struct fx *f = *state;
    struct ib_val *v = ok(f, "just text\n");
    assert_int_equal(v->kind, IB_VAL_STR);
    assert_string_equal(v->str, "just text");
    ib_arena_free(f->a);
    f->a = ib_arena_new();
    v = ok(f, "- 1\n- [2, 3]\n- {k: v}\n");
    assert_int_equal(v->kind, IB_VAL_LIST);
    assert_int_equal(v->n, 3);
    assert_int_equal(v->items[1]->kind, IB_VAL_LIST);
    assert_string_equal(ib_val_get(v->items[2], "k")->str, "v");
}

static void
test_empty_input_is_null(void **state)
{
    struct fx *f = *state;
    const char *empties[] = {"", "\n", "# only a comment\n", "---\n",
                             "   \n\n"};
    for (size_t i = 0; i < sizeof empties / sizeof *empties; i++) {
        struct ib_val *v = ok(f, empties[i]);
        assert_int_equal(v->kind, IB_VAL_NULL);
    }
}

static void
test_duplicate_key_small_map(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f, "a: 1\nb: 2\na: 3\n", 1), -1);
    assert_syntax(f, 4, 1, "duplicate key 'a' (first at line 2)");
}

static void
test_duplicate_key_nested_utf8(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f, "top:\n  x: {æ: 1, æ: 2}\n", 0), -1);
    /* "  x: {æ: 1, " is 13 bytes (12 characters). */
    assert_syntax(f, 2, 14, "duplicate key 'æ'");
}

static void
test_same_key_in_different_maps_is_fine(void **state)
{
    struct fx *f = *state;
    struct ib_val *v = ok(f, "a: {id: 1}\nb: {id: 2}\nid: 3\n");
    assert_int_equal(v->n, 3);
}

static void
make_big_map(struct ib_buf *b, int n, int dup_of)
{
    for (int i = 0; i < n; i++)
        ib_buf_printf(b, "key%02d: %d\n", i, i);
    if (dup_of >= 0)
        ib_buf_printf(b, "key%02d: again\n", dup_of);
    ib_buf_puts(b, "tail: end\n");
}

static void
test_duplicate_key_big_map(void **state)
{
    struct fx *f = *state;
    struct ib_buf b;
    ib_buf_init(&b);
    /* 40 keys, then key05 again on line 41: found once the map closes. */
    make_big_map(&b, 40, 5);
    assert_int_equal(parse(f, ib_buf_cstr(&b), 1), -1);
    assert_syntax(f, 42, 1, "duplicate key 'key05' (first at line 7)");
    ib_buf_fini(&b);
}

static void
test_duplicate_key_at_threshold(void **state)
{
    struct fx *f = *state;
    struct ib_buf b;
    ib_buf_init(&b);
    /* Around the switch from one check to the other (32 keys). */
    for (int n = 30; n <= 34; n++) {
        for (int dup = 0; dup < n; dup += n - 1) {
            ib_buf_reset(&b);
            make_big_map(&b, n, dup);
            ib_diag_free(f->d);
            f->d = ib_diag_new();
            assert_int_equal(parse(f, ib_buf_cstr(&b), 0), -1);
            char want[64];
            snprintf(want, sizeof want, "duplicate key 'key%02d'", dup);
            assert_syntax(f, (unsigned)n + 1, 1, want);
        }
        ib_buf_reset(&b);
        make_big_map(&b, n, -1);
        ib_diag_free(f->d);
        f->d = ib_diag_new();
        assert_int_equal(parse(f, ib_buf_cstr(&b), 0), 0);
        assert_int_equal(f->v->n, (size_t)n + 1);
    }
    ib_buf_fini(&b);
}

static void
test_duplicate_key_big_nested_map(void **state)
{
    struct fx *f = *state;
    struct ib_buf b;
    ib_buf_init(&b);
    ib_buf_puts(&b, "outer:\n");
    for (int i = 0; i < 50; i++)
        ib_buf_printf(&b, "  k%d: %d\n", i, i);
    ib_buf_puts(&b, "  k49: dup\nafter: 1\n");
    assert_int_equal(parse(f, ib_buf_cstr(&b), 0), -1);
    assert_syntax(f, 52, 3, "duplicate key 'k49' (first at line 51)");
    ib_buf_fini(&b);
}

static void
test_anchor_rejected(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f, "a: 1\nb: &x 1\n", 1), -1);
    assert_syntax(f, 3, 4, "anchors");
}

static void
test_anchor_on_map_rejected(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f, "a: &m\n  k: v\n", 0), -1);
    assert_syntax(f, 1, 4, "anchors");
}

static void
test_alias_rejected(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f, "a: 1\nbb: *x\n", 1), -1);
    assert_syntax(f, 3, 5, "aliases");
}

static void
test_tags_rejected(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f, "a: 1\nb: !!int 3\n", 0), -1);
    assert_syntax(f, 2, 4, "tags are not allowed");
    ib_diag_free(f->d);
    f->d = ib_diag_new();
    assert_int_equal(parse(f, "a: !custom x\n", 0), -1);
    assert_syntax(f, 1, 4, "tags are not allowed");
    ib_diag_free(f->d);
    f->d = ib_diag_new();
    assert_int_equal(parse(f, "a: !!map {k: v}\n", 0), -1);
    assert_syntax(f, 1, 4, "tags are not allowed");
    ib_diag_free(f->d);
    f->d = ib_diag_new();
    /* !!str is allowed on scalars only. */
    assert_int_equal(parse(f, "a: !!str [x]\n", 0), -1);
    assert_syntax(f, 1, 4, "!!str");
}

static void
test_non_scalar_key_rejected(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f, "x: 1\n[a, b]: 2\n", 0), -1);
    assert_syntax(f, 2, 1, "map key");
    ib_diag_free(f->d);
    f->d = ib_diag_new();
    assert_int_equal(parse(f, "x: 1\n? {k: v}\n: 2\n", 0), -1);
    assert_syntax(f, 2, 3, "map key");
}

static void
test_two_documents_rejected(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f, "a: 1\n---\nb: 2\n", 1), -1);
    assert_syntax(f, 3, 1, "only one YAML document");
    ib_diag_free(f->d);
    f->d = ib_diag_new();
    assert_int_equal(parse(f, "---\na: 1\n...\n---\nb: 2\n", 0), -1);
    assert_syntax(f, 4, 1, "only one YAML document");
}

static void
test_one_explicit_document_is_fine(void **state)
{
    struct fx *f = *state;
    struct ib_val *v = ok(f, "---\na: 1\n...\n");
    assert_int_equal(v->kind, IB_VAL_MAP);
    assert_int_equal(ib_val_get_pair(v, "a")->line, 2);
}

static void
nested(struct ib_buf *b, int depth)
{
    ib_buf_reset(b);
    for (int i = 0; i < depth; i++)
        ib_buf_putc(b, '[');
    ib_buf_putc(b, '1');
    for (int i = 0; i < depth; i++)
        ib_buf_putc(b, ']');
}

static void
test_depth_limit(void **state)
{
    struct fx *f = *state;
    struct ib_buf b;
    ib_buf_init(&b);
    nested(&b, 16);
    assert_int_equal(parse(f, ib_buf_cstr(&b), 0), 0); /* the default */
    assert_int_equal(ib_diag_count(f->d), 0);
    nested(&b, 17);
    assert_int_equal(parse(f, ib_buf_cstr(&b), 2), -1);
    assert_syntax(f, 3, 17, "nesting deeper than 16");

    /* 10,000 levels: stopped at the limit, no stack overflow. */
    ib_diag_free(f->d);
    f->d = ib_diag_new();
    nested(&b, 10000);
    assert_int_equal(parse(f, ib_buf_cstr(&b), 0), -1);
    assert_syntax(f, 1, 17, "nesting");
    ib_buf_fini(&b);
}

static void
test_depth_limit_custom_block(void **state)
{
    struct fx *f = *state;
    struct ib_yaml_limits lim = {.max_depth = 2};
    assert_int_equal(parse_lim(f, "a:\n  b: 1\n", 0, &lim), 0);
    assert_int_equal(parse_lim(f, "a:\n  b:\n    c: 1\n", 0, &lim), -1);
    assert_syntax(f, 3, 5, "nesting deeper than 2");
}

static void
test_scalar_limit(void **state)
{
    struct fx *f = *state;
    struct ib_yaml_limits lim = {.max_scalar = 10};
    assert_int_equal(parse_lim(f, "a: 1234567890\n", 0, &lim), 0);
    assert_int_equal(parse_lim(f, "a: 1\nb: \"12345678901\"\n", 4, &lim), -1);
    assert_syntax(f, 6, 4, "11 bytes exceeds the limit of 10");

    /* The default is 64 KiB. */
    struct ib_buf b;
    ib_buf_init(&b);
    ib_buf_puts(&b, "big: ");
    for (int i = 0; i < 64 * 1024; i++)
        ib_buf_putc(&b, 'x');
    ib_diag_free(f->d);
    f->d = ib_diag_new();
    assert_int_equal(parse(f, ib_buf_cstr(&b), 0), 0);
    assert_int_equal(ib_val_get(f->v, "big")->len, 64 * 1024);
    ib_buf_putc(&b, 'x');
    assert_int_equal(parse(f, ib_buf_cstr(&b), 0), -1);
    assert_syntax(f, 1, 6, "65537 bytes");
    ib_buf_fini(&b);
}

static void
test_node_limit(void **state)
{
    struct fx *f = *state;
    struct ib_yaml_limits lim = {.max_nodes = 5};
    assert_int_equal(parse_lim(f, "[1, 2, 3, 4]", 0, &lim), 0);
    assert_int_equal(parse_lim(f, "[1, 2, 3, 4, 5]", 0, &lim), -1);
    assert_syntax(f, 1, 14, "too many values");

    /* The default, 100000. */
    struct ib_buf b;
    ib_buf_init(&b);
    ib_buf_putc(&b, '[');
    for (int i = 0; i < 100000; i++)
        ib_buf_puts(&b, "1,\n");
    ib_buf_puts(&b, "1]\n");
    ib_diag_free(f->d);
    f->d = ib_diag_new();
    assert_int_equal(parse(f, ib_buf_cstr(&b), 0), -1);
    assert_syntax(f, 100000, 1, "too many values");
    ib_buf_fini(&b);
}

static void
test_unclosed_quote(void **state)
{
    struct fx *f = *state;
    /*
     * Reported where the quote opens, the place to fix, not at the end of
     * the text where libyaml noticed it.
     */
    assert_int_equal(parse(f, "title: \"Access control\nowner: ciso\n", 1), -1);
    assert_syntax(f, 2, 8, "quoted scalar");
}

static void
test_unclosed_bracket(void **state)
{
    (void)state;
    /*
     * A bracket or quote left open is noticed on a later line (often at
     * the next key, which is fine) or at the end of the text; the finding
     * is at the opening character and says where libyaml gave up. Other
     * errors, and those on the opener's own line, stay where libyaml saw
     * them.
     */
    static const struct {
        const char *text;
        unsigned offset, line, col;
        const char *msg;
    } cases[] = {
        {"id: P1\ntags: [a, b\ntype: policy\nowner: ciso\n", 1, 3, 7,
         "did not find expected ',' or ']' while parsing a flow sequence: "
         "the '[' here is not closed by line 4, column 5"},
        {"title: {a\ntype: policy\n", 0, 1, 8,
         "did not find expected ',' or '}' while parsing a flow mapping: "
         "the '{' here is not closed by line 2, column 5"},
        {"tags: [a, [b, c]\nx: 1\n", 0, 1, 7,
         "did not find expected ',' or ']' while parsing a flow sequence: "
         "the '[' here is not closed by line 2, column 1"},
        {"\xc3\xa6\xc3\xb8: [a,\r\n  b\r\n  c: d\r\n", 0, 1, 7,
         "did not find expected ',' or ']' while parsing a flow sequence: "
         "the '[' here is not closed by line 3, column 4"},
        {"tags: [a, b\n", 0, 1, 7,
         "did not find expected ',' or ']' while parsing a flow sequence: "
         "the '[' here is never closed"},
        {"title: \"abc\n---\nx: 1\n", 0, 1, 8,
         "found unexpected document indicator while scanning a quoted "
         "scalar: the '\"' here is not closed by line 2, column 1"},
        {"a: 1\nt: 'abc\nb: 2\n", 0, 2, 4,
         "found unexpected end of stream while scanning a quoted scalar: "
         "the \"'\" here is never closed"},
        {"t: [a, {b: c]\nx: 1\n", 0, 1, 13,
         "did not find expected ',' or '}' while parsing a flow mapping"},
        {"t: \"abc\n  \\q def\"\n", 0, 2, 3,
         "found unknown escape character while parsing a quoted scalar"},
        {"a:\n  - x\n  y: 1\n", 0, 3, 3,
         "did not find expected '-' indicator while parsing a block "
         "collection"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        struct fx *f;
        assert_int_equal(setup((void **)&f), 0);
        assert_int_equal(parse(f, cases[i].text, cases[i].offset), -1);
        assert_syntax(f, cases[i].line, cases[i].col, cases[i].msg);
        assert_string_equal(ib_diag_get(f->d, 0)->msg, cases[i].msg);
        assert_int_equal(teardown((void **)&f), 0);
    }
}

static void
test_tab_indentation(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f, "a:\n\tb: 1\n", 1), -1);
    assert_syntax(f, 3, 1, "cannot start any token");
}

static void
test_control_character(void **state)
{
    struct fx *f = *state;
    /*
     * libyaml refuses control characters before parsing anything, so its
     * mark is not set; the finding must still point at the byte.
     */
    assert_int_equal(parse(f, "a: 1\nb: x\x01y\n", 1), -1);
    assert_syntax(f, 3, 5, "control characters");
}

static void
test_bad_indentation(void **state)
{
    struct fx *f = *state;
    assert_int_equal(parse(f, "a: 1\n b: 2\n", 0), -1);
    assert_int_equal(ib_diag_count(f->d), 1);
    const struct ib_finding *x = ib_diag_get(f->d, 0);
    assert_string_equal(x->rule, "yaml-syntax");
    assert_int_equal(x->loc.line, 2);
}

static void
test_parse_failure_leaves_out_alone(void **state)
{
    struct fx *f = *state;
    struct ib_val sentinel;
    f->v = &sentinel;
    const char *t = "a: [1, 2\n";
    assert_int_equal(
        ib_yaml_parse(f->a, t, strlen(t), "t.yaml", 0, NULL, &f->v, f->d), -1);
    assert_ptr_equal(f->v, &sentinel);
    assert_int_equal(ib_diag_count(f->d), 1);
}

static void
test_not_nul_terminated(void **state)
{
    struct fx *f = *state;
    /* Only LEN bytes are read: the rest of the buffer is not YAML. */
    const char *t = "a: 1\nb: 2\n---\nnot: yaml: [";
    assert_int_equal(ib_yaml_parse(f->a, t, 10, "t.yaml", 0, NULL, &f->v, f->d),
                     0);
    assert_int_equal(ib_diag_count(f->d), 0);
    assert_int_equal(f->v->n, 2);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_positions_with_offset),
        T(test_positions_are_bytes_after_utf8),
        T(test_positions_utf8_flow),
        T(test_positions_crlf),
        T(test_positions_after_unicode_line_separator),
        T(test_front_matter_both_paths),
        T(test_near_flat_maps_read_as_yaml),
        T(test_core_schema),
        T(test_scalar_root_and_list_root),
        T(test_empty_input_is_null),
        T(test_duplicate_key_small_map),
        T(test_duplicate_key_nested_utf8),
        T(test_same_key_in_different_maps_is_fine),
        T(test_duplicate_key_big_map),
        T(test_duplicate_key_at_threshold),
        T(test_duplicate_key_big_nested_map),
        T(test_anchor_rejected),
        T(test_anchor_on_map_rejected),
        T(test_alias_rejected),
        T(test_tags_rejected),
        T(test_non_scalar_key_rejected),
        T(test_two_documents_rejected),
        T(test_one_explicit_document_is_fine),
        T(test_depth_limit),
        T(test_depth_limit_custom_block),
        T(test_scalar_limit),
        T(test_node_limit),
        T(test_unclosed_quote),
        T(test_unclosed_bracket),
        T(test_tab_indentation),
        T(test_control_character),
        T(test_bad_indentation),
        T(test_parse_failure_leaves_out_alone),
        T(test_not_nul_terminated),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
