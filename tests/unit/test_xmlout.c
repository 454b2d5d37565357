/* SPDX-License-Identifier: MIT */
/* Unit tests for xmlout.c: well-formed, escaped, indented XML. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

/* libxml2's parser is the oracle that the output is well-formed. */
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "xmlout.h"

static void
test_indented_document(void **state)
{
    (void)state;
    struct ib_xmlout *x = ib_xmlout_new(true);
    ib_xmlout_start(x, "a");
    ib_xmlout_attr(x, "k", "v");
    ib_xmlout_start(x, "b");
    ib_xmlout_attrf(x, "n", "%d-%s", 42, "x");
    ib_xmlout_end(x);
    ib_xmlout_start(x, "c");
    ib_xmlout_text(x, "text");
    ib_xmlout_end(x);
    /* ib_xmlout_finish closes <a>. */
    const char *out;
    size_t len;
    assert_int_equal(ib_xmlout_finish(x, &out, &len), 0);
    assert_string_equal(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                             "<a k=\"v\">\n"
                             "  <b n=\"42-x\"/>\n"
                             "  <c>text</c>\n"
                             "</a>\n");
    assert_int_equal(len, strlen(out));
    ib_xmlout_free(x);
    ib_xmlout_free(NULL);
}

static void
test_flat_document(void **state)
{
    (void)state;
    struct ib_xmlout *x = ib_xmlout_new(false);
    ib_xmlout_start(x, "a");
    ib_xmlout_start(x, "b");
    ib_xmlout_end(x);
    const char *out;
    size_t len;
    assert_int_equal(ib_xmlout_finish(x, &out, &len), 0);
    assert_string_equal(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                             "<a><b/></a>\n");
    ib_xmlout_free(x);
}

/* Parses OUT and returns the root element; *DOC must be freed. */
static xmlNodePtr
reparse(const char *out, size_t len, xmlDocPtr *doc)
{
    *doc = xmlReadMemory(out, (int)len, "t.xml", NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR |
                             XML_PARSE_NOWARNING);
    assert_non_null(*doc);
    return xmlDocGetRootElement(*doc);
}

static void
assert_prop(xmlNodePtr n, const char *name, const char *want)
{
    xmlChar *got = xmlGetProp(n, BAD_CAST name);
    assert_non_null(got);
    assert_string_equal((const char *)got, want);
    xmlFree(got);
}

static void
assert_content(xmlNodePtr n, const char *want)
{
    xmlChar *got = xmlNodeGetContent(n);
    assert_string_equal((const char *)got, want);
    xmlFree(got);
}

static void
test_escaping_round_trips(void **state)
{
    (void)state;
    static const char markup[] = "<a href=\"x\">&amp; 'q' ]]> \"</a>";
    static const char spaces[] = "line 1\nline 2\ttab\r\nend";
    struct ib_xmlout *x = ib_xmlout_new(true);
    ib_xmlout_start(x, "r");
    ib_xmlout_attr(x, "markup", markup);
    ib_xmlout_attr(x, "spaces", spaces);
    ib_xmlout_start(x, "t");
    ib_xmlout_text(x, markup);
    ib_xmlout_end(x);
    ib_xmlout_start(x, "u");
    ib_xmlout_text(x, "line 1\nline 2\ttab");
    ib_xmlout_end(x);
    const char *out;
    size_t len;
    assert_int_equal(ib_xmlout_finish(x, &out, &len), 0);
    /* No raw markup from the values made it into the document. */
    assert_null(strstr(out, "<a href"));

    xmlDocPtr doc;
    xmlNodePtr root = reparse(out, len, &doc);
    assert_prop(root, "markup", markup);
    /* Attribute newlines and tabs survive (they are written as character
       references, or a parser would normalise them to spaces). CR LF
       written raw in text would read back as LF. */
    assert_prop(root, "spaces", spaces);
    assert_content(xmlFirstElementChild(root), markup);
    assert_content(xmlLastElementChild(root), "line 1\nline 2\ttab");
    xmlFreeDoc(doc);
    ib_xmlout_free(x);
}

static void
test_bad_characters_replaced(void **state)
{
    (void)state;
    struct ib_xmlout *x = ib_xmlout_new(false);
    ib_xmlout_start(x, "r");
    /* Controls, DEL is allowed in XML 1.0; invalid UTF-8 (a lone
       continuation byte, an overlong '/', a truncated sequence, a
       surrogate) and the non-characters U+FFFE and U+FFFF are not. */
    ib_xmlout_attr(x, "a", "x\x01y\x1b[0m\x7fz");
    ib_xmlout_text(x, "\x80|\xc0\xaf|\xe2\x82|\xed\xa0\x80|\xef\xbf\xbe|"
                      "\xef\xbf\xbf|æ|\xf0\x9f\x98\x80");
    const char *out;
    size_t len;
    assert_int_equal(ib_xmlout_finish(x, &out, &len), 0);
    xmlDocPtr doc;
    xmlNodePtr root = reparse(out, len, &doc);
    assert_prop(root, "a", "x\xef\xbf\xbdy\xef\xbf\xbd[0m\x7fz");
    /* One U+FFFD per bad byte; good characters untouched. */
    assert_content(root, "\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd|"
                         "\xef\xbf\xbd\xef\xbf\xbd|"
                         "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|"
                         "\xef\xbf\xbd|\xef\xbf\xbd|æ|\xf0\x9f\x98\x80");
    xmlFreeDoc(doc);
    ib_xmlout_free(x);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_indented_document),
        cmocka_unit_test(test_flat_document),
        cmocka_unit_test(test_escaping_round_trips),
        cmocka_unit_test(test_bad_characters_replaced),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
