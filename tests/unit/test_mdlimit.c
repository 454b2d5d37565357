/* SPDX-License-Identifier: MIT */
/* Unit tests for mdlimit.c: the limits checked before cmark-gfm parses. */
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
#include "markdown.h"
#include "mdlimit.h"
#include "../fuzz/parse_cost.h"

/* Checks TEXT (line offset 6); returns the finding's "line:col", or "" when
 * it keeps the limits. */
static char where[64];

static const char *
check(const char *text)
{
    struct ib_diag *d = ib_diag_new();
    int rc = ib_mdlimit_check("x.md", text, strlen(text), 6, d);
    where[0] = '\0';
    if (rc < 0) {
        assert_int_equal(ib_diag_count(d), 1);
        const struct ib_finding *f = ib_diag_get(d, 0);
        assert_string_equal(f->rule, "document-too-complex");
        snprintf(where, sizeof where, "%u:%u", f->loc.line, f->loc.col);
    } else {
        assert_int_equal(ib_diag_count(d), 0);
    }
    ib_diag_free(d);
    return where;
}

static char *
repeat(const char *before, const char *unit, size_t n, const char *after)
{
    struct ib_buf b;
    ib_buf_init(&b);
    ib_buf_puts(&b, before);
    for (size_t i = 0; i < n; i++)
        ib_buf_puts(&b, unit);
    ib_buf_puts(&b, after);
    return ib_buf_take(&b);
}

static void
test_nesting(void **state)
{
    (void)state;
    char *s = repeat("", "> ", 100, "a\n");
    assert_string_equal(check(s), "");
    free(s);
    s = repeat("text\n\n", "> ", 101, "a\n");
    assert_string_equal(check(s), "9:201");
    free(s);
    s = repeat("", "- 1. ", 51, "a\n");
    assert_string_equal(check(s), "7:251");
    free(s);
    /* Thematic breaks and plain numbers are not markers. */
    s = repeat("", "- ", 300, "\n");
    assert_string_equal(check(s), "");
    free(s);
    s = repeat("", "1234567890. ", 200, "\n");
    assert_string_equal(check(s), "");
    free(s);
}

static void
test_tables(void **state)
{
    (void)state;
    char *s = repeat("", "|", 1000, "\n");
    assert_string_equal(check(s), "");
    free(s);
    s = repeat("a\r", "|", 1001, "\n");
    assert_string_equal(check(s), "8:1001");
    free(s);
    /* A header of 500 columns and 398 one-cell rows: 500 x 400 cells. */
    char *head = repeat("", "a|", 499, "a\n");
    char *delim = repeat(head, "-|", 499, "-\n");
    s = repeat(delim, "x\n", 398, "");
    assert_string_equal(check(s), "");
    free(s);
    s = repeat(delim, "x\n", 399, "");
    assert_string_equal(check(s), "407:1");
    free(s);
    free(delim);
    free(head);
    /* One column, no '|': cmark-gfm takes "-" for a delimiter row. */
    s = repeat("h\n-\n", "r\n", 199998, "");
    assert_string_equal(check(s), "");
    free(s);
    s = repeat("h\n-\n", "r\n", 199999, "");
    assert_string_equal(check(s), "200007:1");
    free(s);
}

static void
test_brackets_and_at(void **state)
{
    (void)state;
    char *s = repeat("", "[", 10000, "\n");
    assert_string_equal(check(s), "");
    free(s);
    s = repeat("", "![[]()", 5001, "\n");
    assert_string_equal(check(s), "7:30002");
    free(s);
    /* Blank lines and list items start a new paragraph. */
    s = repeat("", "- [a](b) [c](d)\n", 6000, "");
    assert_string_equal(check(s), "");
    free(s);
    s = repeat("", "[[A]]\n\n", 20000, "");
    assert_string_equal(check(s), "");
    free(s);
    s = repeat("", "a@b.c\n", 5000, "");
    assert_string_equal(check(s), "");
    free(s);
    s = repeat("", "a@b.c ", 1001, "\n");
    assert_string_equal(check(s), "7:6002");
    free(s);
    /* Long runs of other text between them, read eight bytes at a time,
     * do not move the column. */
    s = repeat("abc", " quite a long stretch of words@", 1001, "\n");
    assert_string_equal(check(s), "7:31034");
    free(s);
    s = repeat("x", " and then another cell |", 1001, "\n");
    assert_string_equal(check(s), "7:24025");
    free(s);
}

static void
test_parse_refused_as_code(void **state)
{
    (void)state;
    for (int brief = 0; brief <= 1; brief++) {
        char *s = repeat("", "> ", 101, "*a* ~~~~\n");
        struct ib_diag *d = ib_diag_new();
        struct ib_md *md = ib_mdlimit_parse("x.md", s, strlen(s), 6, brief, d);
        assert_int_equal(ib_diag_count(d), 1);
        char *html = ib_md_render_html(md);
        assert_non_null(strstr(html, "<pre><code>&gt; &gt;"));
        assert_non_null(strstr(html, "*a* ~~~~\n</code></pre>"));
        assert_null(strstr(html, "<em>"));
        assert_null(strstr(html, "<blockquote>"));
        free(html);
        ib_md_free(md);
        ib_diag_free(d);
        free(s);
    }
}

static void
test_fragment_bound(void **state)
{
    (void)state;
    /* Runs of the constructs that take cmark-gfm the most memory a byte:
     * the bound a filter's budget is charged before the parse holds. */
    static const char *const units[] = {
        "a\n",        "_a_ ",     "a *b* ",   "[a]",      "[^1]",
        "~a~",        "<a>",      "-\n",      "* a\n",     "> a\n",
        "a  \n",      "#\n",      ":",        "w",        "![a](b)",
        "&amp;",      "\\*",     "x",        "- [ ] a\n", "1. 1. 1. a\n",
        "http://a.b ", "[a]: b\n", "`a`",      "a\n\n",     "www.a.b ",
        ".",          "\"",       "'",        "]\"",      "> .\n",
    };
    for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
        char *s = repeat("[^1]: x\n\n", units[i], 40000 / strlen(units[i]),
                         "\n");
        size_t most = 0;
        struct ib_mdlimit_over over;
        assert_int_equal(ib_mdlimit_fragment(s, strlen(s), &most, &over), 0);
        size_t cost = parse_cost(s, strlen(s));
        if (cost > most)
            fail_msg("'%s' repeated: cmark-gfm took %zu bytes, the bound "
                     "is %zu",
                     units[i], cost, most);
        free(s);
    }
    /* Table cells rows are filled up with, and e-mail autolinks, which
     * copy the rest of their line. */
    char *head = repeat("", "a|", 499, "a\n");
    char *delim = repeat(head, "-|", 499, "-\n");
    char *at = repeat("", "a@b.c ", 1000, "\n");
    char *cases[] = {repeat(delim, "x\n", 300, ""), repeat("", at, 6, "")};
    for (size_t i = 0; i < 2; i++) {
        size_t most = 0;
        struct ib_mdlimit_over over;
        assert_int_equal(
            ib_mdlimit_fragment(cases[i], strlen(cases[i]), &most, &over), 0);
        assert_true(parse_cost(cases[i], strlen(cases[i])) <= most);
        free(cases[i]);
    }
    free(at);
    free(delim);
    free(head);
}

static void
test_fragment_brackets(void **state)
{
    (void)state;
    struct ib_mdlimit_over over;
    size_t most;
    /* Links walk back only over unclosed images: 20,000 links in one
     * line pass, as many image-link pairs as the body limit allows. */
    char *s = repeat("", "[SEC-1](<https://t.example/SEC-1>) and ", 20000, "");
    assert_int_equal(ib_mdlimit_fragment(s, strlen(s), &most, &over), 0);
    free(s);
    s = repeat("", "![[]()", 5000, "\n");
    assert_int_equal(ib_mdlimit_fragment(s, strlen(s), &most, &over), 0);
    free(s);
    s = repeat("a\n", "![[]()", 5001, "\n");
    assert_int_equal(ib_mdlimit_fragment(s, strlen(s), &most, &over), -1);
    assert_int_equal(over.line, 2);
    assert_int_equal(over.col, 30002);
    assert_string_equal(over.why, "5001 '![' and 10001 '[' in one paragraph "
                                  "(each link after unclosed images walks "
                                  "back over them)");
    free(s);
    /* The other limits are a body's. */
    s = repeat("", "> ", 101, "a\n");
    assert_int_equal(ib_mdlimit_fragment(s, strlen(s), &most, &over), -1);
    assert_string_equal(over.why, "block quotes and list items nest deeper "
                                  "than 100 levels");
    free(s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nesting),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_brackets_and_at),
        cmocka_unit_test(test_parse_refused_as_code),
        cmocka_unit_test(test_fragment_bound),
        cmocka_unit_test(test_fragment_brackets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
