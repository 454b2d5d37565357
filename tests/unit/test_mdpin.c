/* SPDX-License-Identifier: MIT */
/* Unit tests for mdpin.c: cmark-gfm parsers that finish side by side. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "mdpin.h"

static const char *const names[] = {"table", "strikethrough", "autolink",
                                    "tagfilter", "tasklist"};
#define N (sizeof names / sizeof *names)

static cmark_syntax_extension *exts[N];

static char *
to_html(const char *text)
{
    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
    for (size_t i = 0; i < N; i++)
        cmark_parser_attach_syntax_extension(p, exts[i]);
    cmark_parser_feed(p, text, strlen(text));
    cmark_node *doc = cmark_parser_finish(p);
    cmark_parser_free(p);
    cmark_llist *list = NULL;
    cmark_mem *mem = cmark_get_default_mem_allocator();
    for (size_t i = 0; i < N; i++)
        list = cmark_llist_append(mem, list, exts[i]);
    char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT, list);
    cmark_llist_free(mem, list);
    cmark_node_free(doc);
    return html;
}

static const char want[] = "<p><del>old</del> rule at <a "
                           "href=\"http://www.example.org\">"
                           "www.example.org</a></p>\n";

static void *
parse_many(void *arg)
{
    (void)arg;
    for (int i = 0; i < 300; i++) {
        char *html = to_html("~~old~~ rule at www.example.org\n");
        int same = strcmp(html, want) == 0;
        free(html);
        if (!same)
            return (void *)1;
    }
    return NULL;
}

/*
 * Debian's cmark-gfm calls the function mdpin.c stands in for through its
 * procedure linkage table, so ib_mdpin can arrange for parsers to finish
 * at once; and four threads finishing at once, with no lock, then all
 * keep their strikethrough and bare links. Without the pin, one thread's
 * finish takes '~', ':' and 'w' out of cmark's table while another still
 * parses, and this fails.
 */
static void
test_finish_at_once(void **state)
{
    (void)state;
    assert_true(ib_mdpin(exts, N));
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, parse_many, NULL), 0);
    for (int i = 0; i < 4; i++) {
        void *res;
        pthread_join(t[i], &res);
        assert_null(res);
    }
    /* Text without those characters parses as ever. */
    char *html = to_html("*plain* text: wide\n");
    assert_string_equal(html, "<p><em>plain</em> text: wide</p>\n");
    free(html);
}

int
main(void)
{
    cmark_gfm_core_extensions_ensure_registered();
    for (size_t i = 0; i < N; i++) {
        exts[i] = cmark_find_syntax_extension(names[i]);
        if (!exts[i])
            return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_finish_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
