/* SPDX-License-Identifier: MIT */
/* Unit tests for frontmatter.c: fences, offsets, line numbers, limits. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "frontmatter.h"

static int
setup(void **state)
{
    *state = ib_diag_new();
    return 0;
}

static int
teardown(void **state)
{
    ib_diag_free(*state);
    return 0;
}

static int
split(struct ib_diag *d, const char *text, struct ib_fm *fm)
{
    memset(fm, 0xAB, sizeof(*fm));
    return ib_fm_split(text, strlen(text), "content/a.md", fm, d);
}

/* Asserts that the YAML and the body of FM are exactly YAML and BODY. */
static void
assert_parts(const char *text, const struct ib_fm *fm, const char *yaml,
             const char *body)
{
    size_t len = strlen(text);
    assert_true(fm->yaml_off + fm->yaml_len <= len);
    assert_true(fm->body_off + fm->body_len == len);
    assert_int_equal(fm->yaml_len, strlen(yaml));
    assert_memory_equal(text + fm->yaml_off, yaml, fm->yaml_len);
    assert_int_equal(fm->body_len, strlen(body));
    assert_memory_equal(text + fm->body_off, body, fm->body_len);
}

static void
assert_finding(struct ib_diag *d, const char *rule)
{
    assert_int_equal(ib_diag_count(d), 1);
    const struct ib_finding *f = ib_diag_get(d, 0);
    assert_string_equal(f->rule, rule);
    assert_int_equal(f->sev, IB_SEV_ERROR);
    assert_string_equal(f->loc.file, "content/a.md");
    assert_int_equal(f->loc.line, 1);
    assert_int_equal(f->loc.col, 1);
}

static void
test_normal(void **state)
{
    struct ib_diag *d = *state;
    struct ib_fm fm;
    const char *t = "---\nid: a\ntitle: b\n---\n# Body\n\nText.\n";
    assert_int_equal(split(d, t, &fm), 0);
    assert_int_equal(ib_diag_count(d), 0);
    assert_int_equal(fm.yaml_off, 4);
    assert_int_equal(fm.yaml_len, 15);
    assert_int_equal(fm.body_off, 23);
    assert_parts(t, &fm, "id: a\ntitle: b\n", "# Body\n\nText.\n");
    /* YAML line 1 is file line 2; body line 1 is file line 5. */
    assert_int_equal(fm.yaml_line, 1);
    assert_int_equal(fm.body_line, 4);
}

static void
test_bom(void **state)
{
    struct ib_diag *d = *state;
    struct ib_fm fm;
    const char *t = "\xEF\xBB\xBF---\nid: a\n---\nBody\n";
    assert_int_equal(split(d, t, &fm), 0);
    assert_int_equal(fm.yaml_off, 7);
    assert_parts(t, &fm, "id: a\n", "Body\n");
    assert_int_equal(fm.yaml_line, 1);
    assert_int_equal(fm.body_line, 3);
}

static void
test_crlf(void **state)
{
    struct ib_diag *d = *state;
    struct ib_fm fm;
    const char *t = "---\r\nid: a\r\nx: y\r\n---\r\nBody\r\nmore\r\n";
    assert_int_equal(split(d, t, &fm), 0);
    assert_int_equal(ib_diag_count(d), 0);
    assert_parts(t, &fm, "id: a\r\nx: y\r\n", "Body\r\nmore\r\n");
    assert_int_equal(fm.body_line, 4);
}

static void
test_dots_close(void **state)
{
    struct ib_diag *d = *state;
    struct ib_fm fm;
    const char *t = "---\nid: a\n...\nBody\n";
    assert_int_equal(split(d, t, &fm), 0);
    assert_parts(t, &fm, "id: a\n", "Body\n");
    assert_int_equal(fm.body_line, 3);
}

static void
test_trailing_blanks_on_fences(void **state)
{
    struct ib_diag *d = *state;
    struct ib_fm fm;
    const char *t = "---   \nid: a\n--- \t \r\nBody\n";
    assert_int_equal(split(d, t, &fm), 0);
    assert_parts(t, &fm, "id: a\n", "Body\n");
    assert_int_equal(fm.body_line, 3);
    t = "\xEF\xBB\xBF--- \r\nid: a\r\n...  \r\nBody";
    assert_int_equal(split(d, t, &fm), 0);
    assert_parts(t, &fm, "id: a\r\n", "Body");
}

static void
test_not_a_closing_fence(void **state)
{
    struct ib_diag *d = *state;
    struct ib_fm fm;
    /* "----", " ---" and "--- x" do not close the block. */
    const char *t = "---\na: |\n  ----\n   ---\n--- x\n---\nBody\n";
    assert_int_equal(split(d, t, &fm), 0);
    assert_parts(t, &fm, "a: |\n  ----\n   ---\n--- x\n", "Body\n");
    assert_int_equal(fm.body_line, 6);
}

static void
test_first_fence_ends_yaml(void **state)
{
    struct ib_diag *d = *state;
    struct ib_fm fm;
    /* A later "---" in the body is a thematic break, not more YAML. */
    const char *t = "---\nid: a\n---\nText\n\n---\n\nMore\n";
    assert_int_equal(split(d, t, &fm), 0);
    assert_parts(t, &fm, "id: a\n", "Text\n\n---\n\nMore\n");
}

static void
test_missing_opening_fence(void **state)
{
    struct ib_diag *d = *state;
    const char *bad[] = {
        "# Title\n---\nid: a\n---\n", "",
        "\n---\nid: a\n---\n",        " ---\nid: a\n---\n",
        "----\nid: a\n---\n",         "...\nid: a\n---\n",
        "--- id: a\n---\n",           "\xEF\xBB\xBF# Title\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct ib_diag *one = ib_diag_new();
        struct ib_fm fm;
        assert_int_equal(split(one, bad[i], &fm), -1);
        assert_finding(one, "frontmatter-missing");
        ib_diag_free(one);
    }
    assert_int_equal(ib_diag_count(d), 0);
}

static void
test_missing_closing_fence(void **state)
{
    (void)state;
    const char *bad[] = {
        "---\nid: a\ntitle: b\n\n# Body\n\nText.\n",
        "---",
        "---\n",
        "---\r\nid: a\r\n",
        "---\nid: a\n-- -\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct ib_diag *one = ib_diag_new();
        struct ib_fm fm;
        assert_int_equal(split(one, bad[i], &fm), -1);
        assert_finding(one, "yaml-syntax");
        assert_non_null(strstr(ib_diag_get(one, 0)->msg, "never closed"));
        ib_diag_free(one);
    }
}

static void
test_size_limit(void **state)
{
    struct ib_diag *d = *state;
    struct ib_buf b;
    struct ib_fm fm;
    ib_buf_init(&b);
    ib_buf_puts(&b, "---\n");
    /* Exactly IB_FM_MAX bytes of YAML is accepted. */
    ib_buf_puts(&b, "k: ");
    while (b.len < 4 + IB_FM_MAX - 1)
        ib_buf_putc(&b, 'x');
    ib_buf_putc(&b, '\n');
    size_t yaml_end = b.len;
    ib_buf_puts(&b, "---\nBody\n");
    assert_int_equal(split(d, ib_buf_cstr(&b), &fm), 0);
    assert_int_equal(fm.yaml_len, IB_FM_MAX);

    /* One byte more is refused. */
    ib_buf_reset(&b);
    ib_buf_puts(&b, "---\nk: ");
    while (b.len < yaml_end)
        ib_buf_putc(&b, 'x');
    ib_buf_puts(&b, "\n---\nBody\n");
    assert_int_equal(split(d, ib_buf_cstr(&b), &fm), -1);
    assert_finding(d, "yaml-syntax");
    char want[64];
    snprintf(want, sizeof want, "%zu bytes", IB_FM_MAX);
    assert_non_null(strstr(ib_diag_get(d, 0)->msg, want));
    ib_buf_fini(&b);
}

static void
test_empty_front_matter(void **state)
{
    struct ib_diag *d = *state;
    struct ib_fm fm;
    const char *t = "---\n---\n# Body\n";
    assert_int_equal(split(d, t, &fm), 0);
    assert_parts(t, &fm, "", "# Body\n");
    assert_int_equal(fm.yaml_off, 4);
    assert_int_equal(fm.body_line, 2);
}

static void
test_only_fences(void **state)
{
    struct ib_diag *d = *state;
    struct ib_fm fm;
    const char *t = "---\n---\n";
    assert_int_equal(split(d, t, &fm), 0);
    assert_parts(t, &fm, "", "");
    assert_int_equal(fm.body_off, 8);
    t = "---\n---";
    assert_int_equal(split(d, t, &fm), 0);
    assert_parts(t, &fm, "", "");
    assert_int_equal(fm.body_off, 7);
    t = "---\nid: a\n---";
    assert_int_equal(split(d, t, &fm), 0);
    assert_parts(t, &fm, "id: a\n", "");
    assert_int_equal(ib_diag_count(d), 0);
}

static void
test_reads_only_len_bytes(void **state)
{
    struct ib_diag *d = *state;
    struct ib_fm fm;
    /* The closing fence lies beyond LEN: the block is unclosed. */
    const char *t = "---\nid: a\n---\nBody\n";
    assert_int_equal(ib_fm_split(t, 10, "content/a.md", &fm, d), -1);
    assert_finding(d, "yaml-syntax");
}

static int
split_as(struct ib_diag *d, const char *text, enum ib_fm_mode mode,
         struct ib_fm *fm)
{
    memset(fm, 0xAB, sizeof(*fm));
    return ib_fm_split_as(text, strlen(text), "content/a.md", mode, fm, d);
}

/* front_matter: optional: a file without a fence is all body. */
static void
test_optional(void **state)
{
    struct ib_diag *d = *state;
    struct ib_fm fm;
    const char *t = "\xEF\xBB\xBF### Heading\n---\nid: x\n";
    assert_int_equal(split_as(d, t, IB_FM_OPTIONAL, &fm), 0);
    assert_int_equal(ib_diag_count(d), 0);
    assert_parts(t, &fm, "", "### Heading\n---\nid: x\n");
    assert_int_equal(fm.body_off, 3);
    assert_int_equal(fm.body_line, 0);
    assert_int_equal(split_as(d, "", IB_FM_OPTIONAL, &fm), 0);
    assert_parts("", &fm, "", "");
    /* A fenced block is read as in every mode. */
    t = "---\nid: a\n---\nBody\n";
    assert_int_equal(split_as(d, t, IB_FM_OPTIONAL, &fm), 0);
    assert_parts(t, &fm, "id: a\n", "Body\n");
    assert_int_equal(fm.yaml_line, 1);
    assert_int_equal(split_as(d, "---\nid: a\n", IB_FM_OPTIONAL, &fm), -1);
    assert_finding(d, "yaml-syntax");
}

/* front_matter: unfenced: comply's "YAML, ---, Markdown". */
static void
test_unfenced(void **state)
{
    struct ib_diag *d = *state;
    struct ib_fm fm;
    const char *t = "name: A\nacronym: B\n---\n\n# Body\n---\nmore\n";
    assert_int_equal(split_as(d, t, IB_FM_UNFENCED, &fm), 0);
    assert_int_equal(ib_diag_count(d), 0);
    assert_parts(t, &fm, "name: A\nacronym: B\n", "\n# Body\n---\nmore\n");
    /* YAML line 1 is file line 1; body line 1 is file line 4. */
    assert_int_equal(fm.yaml_line, 0);
    assert_int_equal(fm.body_line, 3);
    /* "..." closes only a fenced block. */
    t = "name: A\n...\nx\n---\nBody\n";
    assert_int_equal(split_as(d, t, IB_FM_UNFENCED, &fm), 0);
    assert_parts(t, &fm, "name: A\n...\nx\n", "Body\n");
    t = "---\nid: a\n...\nBody\n";
    assert_int_equal(split_as(d, t, IB_FM_UNFENCED, &fm), 0);
    assert_parts(t, &fm, "id: a\n", "Body\n");
    assert_int_equal(split_as(d, "name: A\n\nText.\n", IB_FM_UNFENCED, &fm),
                     -1);
    assert_finding(d, "frontmatter-missing");
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_normal),
        T(test_bom),
        T(test_crlf),
        T(test_dots_close),
        T(test_trailing_blanks_on_fences),
        T(test_not_a_closing_fence),
        T(test_first_fence_ends_yaml),
        T(test_missing_opening_fence),
        T(test_missing_closing_fence),
        T(test_size_limit),
        T(test_empty_front_matter),
        T(test_only_fences),
        T(test_reads_only_len_bytes),
        T(test_optional),
        T(test_unfenced),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
