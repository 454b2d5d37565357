/* SPDX-License-Identifier: MIT */
/* Unit tests for serve.c: request paths, the one gate in front of the site. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "serve.h"

static void
assert_maps(const char *raw, const char *want)
{
    char rel[256];
    if (ib_serve_path(raw, rel, sizeof rel) != 0)
        fail_msg("refused '%s'", raw);
    assert_string_equal(rel, want);
}

static void
assert_refused(const char *raw)
{
    char rel[256];
    memset(rel, 'x', sizeof rel);
    if (ib_serve_path(raw, rel, sizeof rel) == 0)
        fail_msg("accepted '%s' as '%s'", raw, rel);
}

static void
test_ordinary_paths(void **state)
{
    (void)state;
    assert_maps("/", "index.html");
    assert_maps("/index.html", "index.html");
    assert_maps("/policies/", "policies/index.html");
    assert_maps("/policies/access-control.html",
                "policies/access-control.html");
    assert_maps("/policies", "policies");
    assert_maps("/assets/style.css", "assets/style.css");
    assert_maps("/a/b/c/", "a/b/c/index.html");
    assert_maps("/soa.csv", "soa.csv");
    assert_maps("/x..y.html", "x..y.html");
    assert_maps("/a.b/c", "a.b/c");
    assert_maps("/file~", "file~");
}

static void
test_escapes_decoded(void **state)
{
    (void)state;
    assert_maps("/s%C3%A5-h%C3%A5ndterer.html",
                "s\xc3\xa5-h\xc3\xa5ndterer.html");
    assert_maps("/a%20b.html", "a b.html");
    assert_maps("/%41bc", "Abc");
    assert_maps("/%7e", "~");
    /* File names as the site's links encode them (ib_site_href). */
    assert_maps("/p/incident%20%231.html", "p/incident #1.html");
    assert_maps("/p/faq%3F.html", "p/faq?.html");
    assert_maps("/iso%3A27001.html", "iso:27001.html");
    assert_maps("/p/pct%2541.html", "p/pct%41.html");
    /* Decoded once: a literal "%2e" names no dot. */
    assert_maps("/%252e%252e/", "%2e%2e/index.html");
}

static void
test_traversal_refused(void **state)
{
    (void)state;
    assert_refused("/..");
    assert_refused("/../");
    assert_refused("/../handbook.yaml");
    assert_refused("/a/../../handbook.yaml");
    assert_refused("/a/..");
    assert_refused("/./index.html");
    assert_refused("/a/./b");
    assert_refused("/.");
    assert_refused("/%2e%2e/");
    assert_refused("/%2E%2E/handbook.yaml");
    assert_refused("/%2e./x");
    assert_refused("/.%2e/x");
    assert_refused("/a/%2e%2e/%2e%2e/etc/passwd");
    assert_refused("/%2e");
    assert_refused("/a%2e"); /* any encoded dot */
    assert_refused("/..%2f..%2fetc");
    assert_refused("/a%2fb");
    assert_refused("/a%2F..");
    assert_refused("/..\\handbook.yaml");
    assert_refused("/a\\b");
    assert_refused("/a%5cb");
    assert_refused("/a%5C..%5Cb");
}

static void
test_hidden_and_empty_refused(void **state)
{
    (void)state;
    assert_refused("/.ismsbook-output");
    assert_refused("/.git/config");
    assert_refused("/a/.hidden");
    assert_refused("//");
    assert_refused("//etc/passwd");
    assert_refused("/a//b");
    assert_refused("/a/b//");
}

static void
test_malformed_refused(void **state)
{
    (void)state;
    assert_refused("");
    assert_refused("index.html");
    assert_refused("../handbook.yaml");
    assert_refused("http://example.org/");
    assert_refused("*");
    assert_refused("/%");
    assert_refused("/%2");
    assert_refused("/%zz");
    assert_refused("/%g0");
    assert_refused("/%0");
    assert_refused("/a%");
    assert_refused("/%00");
    assert_refused("/a%00.html");
    assert_refused("/a%0a");
    assert_refused("/a%0D%0ALocation:%20x");
    assert_refused("/a\tb");
    assert_refused("/a\x7f");
    assert_refused("/a%7F");
}

static void
test_too_long_refused(void **state)
{
    (void)state;
    char raw[600];
    raw[0] = '/';
    memset(raw + 1, 'a', sizeof raw - 2);
    raw[sizeof raw - 1] = '\0';
    assert_refused(raw);
    char rel[16];
    assert_int_equal(ib_serve_path("/abcdefghijklmno", rel, sizeof rel), 0);
    assert_string_equal(rel, "abcdefghijklmno");
    assert_int_equal(ib_serve_path("/abcdefghijklmnop", rel, sizeof rel), -1);
    /* "index.html" must fit too. */
    assert_int_equal(ib_serve_path("/abcde/", rel, sizeof rel), -1);
    assert_int_equal(ib_serve_path("/abcd/", rel, sizeof rel), 0);
    assert_string_equal(rel, "abcd/index.html");
    assert_int_equal(ib_serve_path("/", rel, 0), -1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ordinary_paths),
        cmocka_unit_test(test_escapes_decoded),
        cmocka_unit_test(test_traversal_refused),
        cmocka_unit_test(test_hidden_and_empty_refused),
        cmocka_unit_test(test_malformed_refused),
        cmocka_unit_test(test_too_long_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
