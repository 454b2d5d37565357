/* SPDX-License-Identifier: MIT */
/* Unit tests for report.c: text, JSON, JUnit, SARIF and GitHub output. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * libxml2 is used here as an independent oracle: it parses and
 * schema-validates the JUnit output that report.c writes through xmlout.c.
 */
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>

#include "diag.h"
#include "report.h"
#include "ruleinfo.h"

#define JUNIT_XSD "tests/unit/data/junit.xsd"

/* A temporary handbook root holding content/a.md; removed in teardown. */
struct fixture {
    char root[64];
    char file[128];
    char dir[96];
    struct ib_diag *d;
    char *out;
    size_t outlen;
};

static const char a_md[] = "---\n"
                           "last_reviewed: 2025-03-01\n"
                           "title: \"æøå\": x\n"
                           "\towner: ciso\n"
                           "id: \x1b[31mred\n"
                           "---\r\n"
                           "last line without newline";

static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    strcpy(f->root, "/tmp/ib-report-XXXXXX");
    if (!f || !mkdtemp(f->root))
        return -1;
    snprintf(f->dir, sizeof f->dir, "%s/content", f->root);
    snprintf(f->file, sizeof f->file, "%s/a.md", f->dir);
    FILE *fp = NULL;
    if (mkdir(f->dir, 0755) != 0 || !(fp = fopen(f->file, "w")))
        return -1;
    fwrite(a_md, 1, sizeof a_md - 1, fp);
    fclose(fp);
    f->d = ib_diag_new();
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    unlink(f->file);
    rmdir(f->dir);
    rmdir(f->root);
    ib_diag_free(f->d);
    free(f->out);
    free(f);
    return 0;
}

static struct ib_loc
at(const char *file, unsigned line, unsigned col)
{
    return (struct ib_loc){file, line, col};
}

/* Runs ib_report_write into memory; the text is in f->out. */
static const char *
render(struct fixture *f, enum ib_format fmt, const struct ib_report *r)
{
    free(f->out);
    f->out = NULL;
    FILE *mem = open_memstream(&f->out, &f->outlen);
    assert_non_null(mem);
    assert_int_equal(ib_report_write(mem, fmt, f->d, r), 0);
    assert_int_equal(fclose(mem), 0);
    return f->out;
}

static void
test_format_parse(void **state)
{
    (void)state;
    enum ib_format fmt = IB_FORMAT_TEXT;
    assert_true(ib_format_parse("json", &fmt));
    assert_int_equal(fmt, IB_FORMAT_JSON);
    assert_true(ib_format_parse("junit", &fmt));
    assert_int_equal(fmt, IB_FORMAT_JUNIT);
    assert_true(ib_format_parse("sarif", &fmt));
    assert_int_equal(fmt, IB_FORMAT_SARIF);
    assert_true(ib_format_parse("github", &fmt));
    assert_int_equal(fmt, IB_FORMAT_GITHUB);
    assert_true(ib_format_parse("text", &fmt));
    assert_int_equal(fmt, IB_FORMAT_TEXT);
    assert_false(ib_format_parse("JSON", &fmt));
    assert_false(ib_format_parse("xml", &fmt));
    assert_false(ib_format_parse("", &fmt));
}

/* Text */

static void
test_text_carets(void **state)
{
    struct fixture *f = *state;
    struct ib_report r = {.root = f->root, .ndocs = 1};
    ib_diag_add(f->d, IB_SEV_ERROR, at("content/a.md", 2, 16), "review-overdue",
                "review overdue since 2026-03-01 (266 days)");
    /* "æøå" is 6 bytes, 3 characters: byte column 16 is the ':' after
       the closing quote, the 13th character. */
    ib_diag_add(f->d, IB_SEV_WARNING, at("content/a.md", 3, 16), "field-type",
                "colon after quote");
    /* A tab before the column is repeated in the caret line. */
    ib_diag_add(f->d, IB_SEV_ERROR, at("content/a.md", 4, 9), "owner-unknown",
                "no person 'ciso'");
    /* A terminal escape in the source is not passed through. */
    ib_diag_add(f->d, IB_SEV_ERROR, at("content/a.md", 5, 10), "id-invalid",
                "bad id");
    /* CR LF: the CR is not printed; a column past the end clamps. */
    ib_diag_add(f->d, IB_SEV_ERROR, at("content/a.md", 6, 40), "yaml-syntax",
                "past the end");
    /* A last line without a newline is still found. */
    ib_diag_add(f->d, IB_SEV_WARNING, at("content/a.md", 7, 6), "x-rule",
                "last");
    /* No line 99; no line at all; no column; no file. */
    ib_diag_add(f->d, IB_SEV_WARNING, at("content/a.md", 99, 1), "x-rule",
                "no such line");
    ib_diag_add(f->d, IB_SEV_WARNING, at("content/a.md", 0, 0), "x-rule",
                "whole file");
    ib_diag_add(f->d, IB_SEV_WARNING, at("content/a.md", 1, 0), "x-rule",
                "whole line");
    ib_diag_add(f->d, IB_SEV_ERROR, at(NULL, 0, 0), "control-uncovered",
                "control 5.15 is implemented by no approved document");
    /* An unreadable file gets no source line. */
    ib_diag_add(f->d, IB_SEV_ERROR, at("content/gone.md", 3, 1), "link-broken",
                "gone");

    assert_string_equal(
        render(f, IB_FORMAT_TEXT, &r),
        "ismsbook: error: control 5.15 is implemented by no approved "
        "document [control-uncovered]\n"
        "content/a.md: warning: whole file [x-rule]\n"
        "content/a.md:1: warning: whole line [x-rule]\n"
        "    1 | ---\n"
        "content/a.md:2:16: error: review overdue since 2026-03-01 (266 "
        "days) [review-overdue]\n"
        "    2 | last_reviewed: 2025-03-01\n"
        "      |                ^\n"
        "content/a.md:3:16: warning: colon after quote [field-type]\n"
        "    3 | title: \"æøå\": x\n"
        "      |             ^\n"
        "content/a.md:4:9: error: no person 'ciso' [owner-unknown]\n"
        "    4 | \towner: ciso\n"
        "      | \t       ^\n"
        "content/a.md:5:10: error: bad id [id-invalid]\n"
        "    5 | id: ?[31mred\n"
        "      |          ^\n"
        "content/a.md:6:40: error: past the end [yaml-syntax]\n"
        "    6 | ---\n"
        "      |    ^\n"
        "content/a.md:7:6: warning: last [x-rule]\n"
        "    7 | last line without newline\n"
        "      |      ^\n"
        "content/a.md:99:1: warning: no such line [x-rule]\n"
        "content/gone.md:3:1: error: gone [link-broken]\n"
        "6 errors, 5 warnings in 1 document\n");
}

static void
test_text_without_root(void **state)
{
    struct fixture *f = *state;
    struct ib_report r = {.ndocs = 3};
    ib_diag_add(f->d, IB_SEV_ERROR, at("content/a.md", 2, 16), "review-overdue",
                "overdue");
    assert_string_equal(render(f, IB_FORMAT_TEXT, &r),
                        "content/a.md:2:16: error: overdue [review-overdue]\n"
                        "1 error, 0 warnings in 3 documents\n");
}

static void
test_text_color(void **state)
{
    struct fixture *f = *state;
    struct ib_report r = {.root = f->root, .color = true, .ndocs = 2};
    ib_diag_add(f->d, IB_SEV_ERROR, at("content/a.md", 2, 16), "review-overdue",
                "overdue");
    ib_diag_add(f->d, IB_SEV_WARNING, at(NULL, 0, 0), "review-due-soon",
                "soon");
    assert_string_equal(
        render(f, IB_FORMAT_TEXT, &r),
        "\033[1mismsbook:\033[0m \033[1;35mwarning:\033[0m soon "
        "[review-due-soon]\n"
        "\033[1mcontent/a.md:2:16:\033[0m \033[1;31merror:\033[0m overdue "
        "[review-overdue]\n"
        "    2 | last_reviewed: 2025-03-01\n"
        "      |                \033[1;32m^\033[0m\n"
        "1 error, 1 warning in 2 documents\n");

    /* The same report without colour has no escape at all. */
    r.color = false;
    assert_null(strchr(render(f, IB_FORMAT_TEXT, &r), '\033'));
}

static void
test_text_summary(void **state)
{
    struct fixture *f = *state;
    struct ib_report r = {.ndocs = 0};
    assert_string_equal(render(f, IB_FORMAT_TEXT, &r),
                        "0 errors, 0 warnings in 0 documents\n");
    r.ndocs = 1;
    ib_diag_add(f->d, IB_SEV_WARNING, at(NULL, 0, 0), "x", "w1");
    assert_string_equal(render(f, IB_FORMAT_TEXT, &r),
                        "ismsbook: warning: w1 [x]\n"
                        "0 errors, 1 warning in 1 document\n");
    r.ndocs = 12;
    ib_diag_add(f->d, IB_SEV_WARNING, at(NULL, 0, 0), "x", "w2");
    ib_diag_add(f->d, IB_SEV_ERROR, at(NULL, 0, 0), "x", "e1");
    ib_diag_add(f->d, IB_SEV_ERROR, at(NULL, 0, 0), "x", "e2");
    const char *out = render(f, IB_FORMAT_TEXT, &r);
    assert_non_null(strstr(out, "\n2 errors, 2 warnings in 12 documents\n"));
}

static void
test_text_message_escapes(void **state)
{
    struct fixture *f = *state;
    struct ib_report r = {.ndocs = 1};
    /* A finding is one line, whatever its message holds (a line that
       looked like another finding could fake it); escapes do not reach
       the terminal, nor do invalid bytes or a bidi override. Tabs stay. */
    ib_diag_add(f->d, IB_SEV_ERROR, at("filters/x.lua", 3, 0), "filter-error",
                "boom\n\tstack: \x1b]0;t\x07 \xff \xe2\x80\xae!\r\n"
                "x.md:1: error: fake [y]");
    assert_string_equal(render(f, IB_FORMAT_TEXT, &r),
                        "filters/x.lua:3: error: boom?\tstack: ?]0;t? ? ?!??"
                        "x.md:1: error: fake [y] [filter-error]\n"
                        "1 error, 0 warnings in 1 document\n");
}

static void
test_report_text_compat(void **state)
{
    struct fixture *f = *state;
    ib_diag_add(f->d, IB_SEV_WARNING, at("content/b.md", 0, 0), "x", "b");
    ib_diag_add(f->d, IB_SEV_ERROR, at("content/a.md", 2, 16), "y", "a");
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    ib_report_text(mem, f->d);
    fclose(mem);
    assert_string_equal(buf, "content/a.md:2:16: error: a [y]\n"
                             "content/b.md: warning: b [x]\n");
    free(buf);
}

static void
test_write_error(void **state)
{
    struct fixture *f = *state;
    struct ib_report r = {.ndocs = 1};
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        skip();
    ib_diag_add(f->d, IB_SEV_ERROR, at(NULL, 0, 0), "x", "e");
    errno = 0;
    assert_int_equal(ib_report_write(full, IB_FORMAT_TEXT, f->d, &r), -1);
    assert_int_equal(errno, ENOSPC);
    fclose(full);
}

/*
 * A small JSON reader for checking output: parses a whole document into a
 * tree, failing the test on anything that is not JSON.
 */
enum jkind { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jval {
    enum jkind kind;
    double num;
    char *str;           /* J_STR: decoded UTF-8 */
    struct jval **items; /* J_ARR, J_OBJ values */
    char **keys;         /* J_OBJ */
    size_t n;
};

static const char *jp;

static void
jws(void)
{
    while (*jp == ' ' || *jp == '\n' || *jp == '\t' || *jp == '\r')
        jp++;
}

static void
put_utf8(char **o, unsigned c)
{
    unsigned char *u = (unsigned char *)*o;
    if (c < 0x80) {
        *u++ = (unsigned char)c;
    } else if (c < 0x800) {
        *u++ = (unsigned char)(0xC0 | c >> 6);
        *u++ = (unsigned char)(0x80 | (c & 0x3F));
    } else {
        *u++ = (unsigned char)(0xE0 | c >> 12);
        *u++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        *u++ = (unsigned char)(0x80 | (c & 0x3F));
    }
    *o = (char *)u;
}

static char *
jstring(void)
{
    assert_int_equal(*jp, '"');
    jp++;
    char *out = malloc(strlen(jp) * 3 + 1), *o = out;
    while (*jp != '"') {
        unsigned char c = (unsigned char)*jp++;
        assert_true(c >= 0x20); /* raw control characters are not JSON */
        if (c != '\\') {
            *o++ = (char)c;
            continue;
        }
        switch (*jp++) {
        case '"':
            *o++ = '"';
            break;
        case '\\':
            *o++ = '\\';
            break;
        case '/':
            *o++ = '/';
            break;
        case 'b':
            *o++ = '\b';
            break;
        case 'f':
            *o++ = '\f';
            break;
        case 'n':
            *o++ = '\n';
            break;
        case 'r':
            *o++ = '\r';
            break;
        case 't':
            *o++ = '\t';
            break;
        case 'u': {
            char hex[5] = {0};
            memcpy(hex, jp, 4);
            jp += 4;
            put_utf8(&o, (unsigned)strtoul(hex, NULL, 16));
            break;
        }
        default:
            fail_msg("bad escape before %.10s", jp);
        }
    }
    jp++;
    *o = '\0';
    return out;
}

static struct jval *
jparse(int depth)
{
    assert_true(depth < 64);
    struct jval *v = calloc(1, sizeof(*v));
    jws();
    if (*jp == '{' || *jp == '[') {
        bool obj = *jp++ == '{';
        v->kind = obj ? J_OBJ : J_ARR;
        jws();
        if (*jp == (obj ? '}' : ']')) {
            jp++;
            return v;
        }
        for (;;) {
            v->items = realloc(v->items, (v->n + 1) * sizeof(*v->items));
            v->keys = realloc(v->keys, (v->n + 1) * sizeof(*v->keys));
            v->keys[v->n] = NULL;
            if (obj) {
                jws();
                v->keys[v->n] = jstring();
                jws();
                assert_int_equal(*jp++, ':');
            }
            v->items[v->n++] = jparse(depth + 1);
            jws();
            if (*jp == ',') {
                jp++;
                continue;
            }
            assert_int_equal(*jp++, obj ? '}' : ']');
            return v;
        }
    }
    if (*jp == '"') {
        v->kind = J_STR;
        v->str = jstring();
    } else if (strncmp(jp, "null", 4) == 0) {
        jp += 4;
    } else if (strncmp(jp, "true", 4) == 0 || strncmp(jp, "false", 5) == 0) {
        v->kind = J_BOOL;
        v->num = *jp == 't';
        jp += *jp == 't' ? 4 : 5;
    } else {
        char *end;
        v->kind = J_NUM;
        v->num = strtod(jp, &end);
        assert_true(end > jp);
        jp = end;
    }
    return v;
}

static struct jval *
json_parse(const char *text)
{
    jp = text;
    struct jval *v = jparse(0);
    jws();
    assert_int_equal(*jp, '\0');
    return v;
}

static void
jfree(struct jval *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++) {
        jfree(v->items[i]);
        free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
    free(v);
}

/* Member KEY of object V, or NULL. */
static struct jval *
jget(const struct jval *v, const char *key)
{
    assert_non_null(v);
    assert_int_equal(v->kind, J_OBJ);
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->keys[i], key) == 0)
            return v->items[i];
    return NULL;
}

static const char *
jstr(const struct jval *v, const char *key)
{
    const struct jval *s = jget(v, key);
    assert_non_null(s);
    assert_int_equal(s->kind, J_STR);
    return s->str;
}

static double
jnum(const struct jval *v, const char *key)
{
    const struct jval *s = jget(v, key);
    assert_non_null(s);
    assert_int_equal(s->kind, J_NUM);
    return s->num;
}

static const struct jval *
jat(const struct jval *v, size_t i)
{
    assert_int_equal(v->kind, J_ARR);
    assert_true(i < v->n);
    return v->items[i];
}

/* JSON */

static const char nasty[] = "say \"hi\"\\ \n\r\t\x01\x1f\x7f æ \xff end";

static void
test_json_escaping(void **state)
{
    struct fixture *f = *state;
    struct ib_report r = {0};
    assert_string_equal(render(f, IB_FORMAT_JSON, &r), "[]\n");

    ib_diag_add(f->d, IB_SEV_ERROR, at("content/a.md", 7, 16), "review-overdue",
                "%s", nasty);
    ib_diag_add(f->d, IB_SEV_WARNING, at(NULL, 0, 0), "x", "plain");
    assert_string_equal(
        render(f, IB_FORMAT_JSON, &r),
        "[\n"
        "  {\"severity\": \"warning\", \"rule\": \"x\", \"file\": null, "
        "\"line\": 0, \"column\": 0, \"message\": \"plain\"},\n"
        "  {\"severity\": \"error\", \"rule\": \"review-overdue\", \"file\": "
        "\"content/a.md\", \"line\": 7, \"column\": 16, \"message\": "
        "\"say \\\"hi\\\"\\\\ \\n\\r\\t\\u0001\\u001f\\u007f æ \\ufffd "
        "end\"}\n"
        "]\n");

    /* And it reads back: the message survives, but for the bad byte. */
    struct jval *v = json_parse(f->out);
    assert_int_equal(v->kind, J_ARR);
    assert_int_equal(v->n, 2);
    assert_null(jget(jat(v, 0), "file")->str);
    assert_string_equal(jstr(jat(v, 1), "message"),
                        "say \"hi\"\\ \n\r\t\x01\x1f\x7f æ \xef\xbf\xbd end");
    assert_string_equal(jstr(jat(v, 1), "severity"), "error");
    assert_true(jnum(jat(v, 1), "line") == 7);
    assert_true(jnum(jat(v, 1), "column") == 16);
    jfree(v);
}

/* JUnit */

static xmlDocPtr
parse_xml(const char *text, size_t len)
{
    xmlDocPtr doc = xmlReadMemory(text, (int)len, "junit.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR |
                                      XML_PARSE_NOWARNING);
    assert_non_null(doc);
    return doc;
}

/* Schema errors are counted, not printed. */
static void
quiet(void *ctx, xmlErrorPtr err)
{
    (void)ctx;
    (void)err;
}

/* Returns the number of schema errors of DOC against the JUnit XSD. */
static int
junit_schema_errors(xmlDocPtr doc)
{
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(JUNIT_XSD);
    assert_non_null(pc);
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    assert_non_null(schema);
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    xmlSchemaSetValidStructuredErrors(vc, quiet, NULL);
    int rc = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    return rc;
}

/* The string value of XPath expression EXPR (e.g. "count(//x)"). */
static char *
xpath(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
    xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
    assert_non_null(o);
    xmlChar *s = xmlXPathCastToString(o);
    char *out = strdup((const char *)s);
    xmlFree(s);
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(ctx);
    return out;
}

static void
assert_xpath(xmlDocPtr doc, const char *expr, const char *want)
{
    char *got = xpath(doc, expr);
    if (strcmp(got, want) != 0)
        fail_msg("%s: got '%s', want '%s'", expr, got, want);
    free(got);
}

static const struct ib_report_case cases[] = {
    {"doc:content/a.md", NULL, NULL, NULL},
    {"doc:content/b.md", "documents.policies", "Access policy", NULL},
    {"control:5.15", NULL, "A.5.15 Access control", NULL},
    {"control:5.16", NULL, NULL, "excluded in the SoA"},
    {"control:5.17", NULL, NULL, "excluded in the SoA"},
    {"mandatory:6.1.2", NULL, NULL, NULL},
    {"mandatory:4.3", NULL, NULL, NULL},
};

static void
add_junit_findings(struct ib_diag *d)
{
    /* Two errors and a warning for a.md: one failure, warning as output. */
    ib_diag_add(d, IB_SEV_ERROR, at("content/a.md", 2, 16), "review-overdue",
                "review overdue since 2026-03-01");
    ib_diag_add(d, IB_SEV_ERROR, at("content/a.md", 9, 1), "link-broken",
                "no document with id 'X' <&>");
    ib_diag_add(d, IB_SEV_WARNING, at("content/a.md", 3, 1), "field-unknown",
                "unknown key 'titel'");
    /* Only a warning for b.md: passes. */
    ib_diag_add(d, IB_SEV_WARNING, at("content/b.md", 4, 1), "review-due-soon",
                "review due in 5 days");
    /* A subject beats the file. */
    ib_diag_add_about(d, "control:5.15", IB_SEV_ERROR,
                      at("content/soa.yaml", 12, 3), "control-uncovered",
                      "no approved document implements 5.15");
    /* Skipped, but an error makes it fail. */
    ib_diag_add_about(d, "control:5.17", IB_SEV_WARNING,
                      at("content/b.md", 5, 1), "control-excluded-but-mapped",
                      "excluded, yet mapped");
    ib_diag_add_about(d, "control:5.17", IB_SEV_ERROR,
                      at("content/soa.yaml", 20, 3),
                      "soa-justification-missing", "no justification\x01");
    ib_diag_add_about(d, "mandatory:6.1.2", IB_SEV_ERROR, at(NULL, 0, 0),
                      "mandatory-missing",
                      "no document provides 6.1.2 risk assessment");
    /* An unknown subject falls back to the file's document case... */
    ib_diag_add_about(d, "control:99.1", IB_SEV_ERROR,
                      at("content/a.md", 10, 1), "control-unknown",
                      "no control 99.1");
    /* ...and what no case claims goes to the handbook case. */
    ib_diag_add(d, IB_SEV_WARNING, at("handbook.yaml", 4, 1), "field-unknown",
                "unknown key 'themes'");
    ib_diag_add_about(d, "mandatory:9.9", IB_SEV_WARNING, at(NULL, 0, 0),
                      "x-filter", "orphan");
}

static void
test_junit(void **state)
{
    struct fixture *f = *state;
    struct ib_report r = {.cases = cases,
                          .ncases = sizeof cases / sizeof cases[0]};
    add_junit_findings(f->d);
    render(f, IB_FORMAT_JUNIT, &r);
    assert_memory_equal(f->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
                        39);

    xmlDocPtr doc = parse_xml(f->out, f->outlen);
    assert_int_equal(junit_schema_errors(doc), 0);

    /* 7 cases and the handbook; a.md, 5.15, 5.17, 6.1.2 fail. */
    assert_xpath(doc, "/testsuites/@tests", "8");
    assert_xpath(doc, "/testsuites/@failures", "4");
    assert_xpath(doc, "/testsuites/@errors", "0");
    assert_xpath(doc, "count(//testcase)", "8");
    assert_xpath(doc, "count(//failure)", "4");

    /* Suites by kind, in the order the cases give them, handbook last. */
    assert_xpath(doc, "count(/testsuites/testsuite)", "4");
    const char *suites[][5] = {
        /* name, tests, failures, skipped, position */
        {"documents", "2", "1", "0", "1"},
        {"controls", "3", "2", "1", "2"},
        {"mandatory", "2", "1", "0", "3"},
        {"handbook", "1", "0", "0", "4"},
    };
    for (size_t i = 0; i < 4; i++) {
        char expr[128];
        snprintf(expr, sizeof expr, "/testsuites/testsuite[%s]/@name",
                 suites[i][4]);
        assert_xpath(doc, expr, suites[i][0]);
        snprintf(expr, sizeof expr, "/testsuites/testsuite[%s]/@tests",
                 suites[i][4]);
        assert_xpath(doc, expr, suites[i][1]);
        snprintf(expr, sizeof expr, "/testsuites/testsuite[%s]/@failures",
                 suites[i][4]);
        assert_xpath(doc, expr, suites[i][2]);
        snprintf(expr, sizeof expr, "/testsuites/testsuite[%s]/@skipped",
                 suites[i][4]);
        assert_xpath(doc, expr, suites[i][3]);
    }

    /* Names, classnames and files. */
    assert_xpath(doc, "//testsuite[1]/testcase[1]/@name", "content/a.md");
    assert_xpath(doc, "//testsuite[1]/testcase[1]/@classname", "documents");
    assert_xpath(doc, "//testsuite[1]/testcase[1]/@file", "content/a.md");
    assert_xpath(doc, "//testsuite[1]/testcase[2]/@name", "Access policy");
    assert_xpath(doc, "//testsuite[1]/testcase[2]/@classname",
                 "documents.policies");
    assert_xpath(doc, "//testsuite[2]/testcase[1]/@name",
                 "A.5.15 Access control");
    assert_xpath(doc, "//testsuite[2]/testcase[2]/@name", "5.16");
    assert_xpath(doc, "count(//testsuite[2]/testcase/@file)", "0");
    assert_xpath(doc, "//testsuite[3]/testcase[1]/@name", "6.1.2");

    /* a.md: one failure listing its three errors in order, the first as
       the message; its warning in system-out. */
    const char *a = "//testcase[@name='content/a.md']";
    char expr[160];
    snprintf(expr, sizeof expr, "%s/failure/@type", a);
    assert_xpath(doc, expr, "review-overdue");
    snprintf(expr, sizeof expr, "%s/failure/@message", a);
    assert_xpath(doc, expr, "review overdue since 2026-03-01 (and 2 more)");
    snprintf(expr, sizeof expr, "%s/failure", a);
    assert_xpath(doc, expr,
                 "content/a.md:2:16: error: review overdue since 2026-03-01 "
                 "[review-overdue]\n"
                 "content/a.md:9:1: error: no document with id 'X' <&> "
                 "[link-broken]\n"
                 "content/a.md:10:1: error: no control 99.1 "
                 "[control-unknown]\n");
    snprintf(expr, sizeof expr, "%s/system-out", a);
    assert_xpath(doc, expr,
                 "content/a.md:3:1: warning: unknown key 'titel' "
                 "[field-unknown]\n");

    /* b.md passes, with its warning shown. */
    assert_xpath(doc, "count(//testcase[@name='Access policy']/failure)", "0");
    assert_xpath(doc, "//testcase[@name='Access policy']/system-out",
                 "content/b.md:4:1: warning: review due in 5 days "
                 "[review-due-soon]\n");

    /* 5.15 fails on the finding about it, though its file is the SoA. */
    assert_xpath(doc, "//testcase[@name='A.5.15 Access control']/failure",
                 "content/soa.yaml:12:3: error: no approved document "
                 "implements 5.15 [control-uncovered]\n");
    /* 5.16 is skipped; 5.17 would be, but fails; the control character
       reached neither attribute nor text. */
    assert_xpath(doc, "//testcase[@name='5.16']/skipped/@message",
                 "excluded in the SoA");
    assert_xpath(doc, "count(//testcase[@name='5.17']/skipped)", "0");
    assert_xpath(doc, "//testcase[@name='5.17']/failure/@message",
                 "no justification\xef\xbf\xbd");
    assert_xpath(doc, "//testcase[@name='5.17']/failure",
                 "content/soa.yaml:20:3: error: no justification? "
                 "[soa-justification-missing]\n");
    assert_xpath(doc, "//testcase[@name='6.1.2']/failure/@type",
                 "mandatory-missing");
    assert_xpath(doc, "count(//testcase[@name='4.3']/*)", "0");

    /* The handbook case holds the rest, as warnings: it passes. */
    assert_xpath(doc, "//testcase[@name='handbook']/@classname", "handbook");
    assert_xpath(doc, "count(//testcase[@name='handbook']/failure)", "0");
    assert_xpath(doc, "//testcase[@name='handbook']/system-out",
                 "ismsbook: warning: orphan [x-filter]\n"
                 "handbook.yaml:4:1: warning: unknown key 'themes' "
                 "[field-unknown]\n");
    xmlFreeDoc(doc);
}

static void
test_junit_schema_is_live(void **state)
{
    (void)state;
    /* The validator must be able to say no: a testcase without a name,
       and a failure without a type. */
    static const char bad1[] =
        "<testsuites tests=\"1\" failures=\"0\" errors=\"0\">"
        "<testsuite name=\"s\" tests=\"1\" failures=\"0\" errors=\"0\">"
        "<testcase classname=\"c\"/></testsuite></testsuites>";
    static const char bad2[] =
        "<testsuites tests=\"1\" failures=\"1\" errors=\"0\">"
        "<testsuite name=\"s\" tests=\"1\" failures=\"1\" errors=\"0\">"
        "<testcase name=\"n\"><failure message=\"m\"/></testcase>"
        "</testsuite></testsuites>";
    static const char good[] =
        "<testsuites tests=\"1\" failures=\"1\" errors=\"0\">"
        "<testsuite name=\"s\" tests=\"1\" failures=\"1\" errors=\"0\">"
        "<testcase name=\"n\"><failure type=\"t\" message=\"m\"/>"
        "</testcase></testsuite></testsuites>";
    xmlDocPtr doc = parse_xml(bad1, sizeof bad1 - 1);
    assert_int_not_equal(junit_schema_errors(doc), 0);
    xmlFreeDoc(doc);
    doc = parse_xml(bad2, sizeof bad2 - 1);
    assert_int_not_equal(junit_schema_errors(doc), 0);
    xmlFreeDoc(doc);
    doc = parse_xml(good, sizeof good - 1);
    assert_int_equal(junit_schema_errors(doc), 0);
    xmlFreeDoc(doc);
}

static void
test_junit_empty(void **state)
{
    struct fixture *f = *state;
    /* No cases and no findings: just the passing handbook case. */
    struct ib_report r = {0};
    assert_string_equal(
        render(f, IB_FORMAT_JUNIT, &r),
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<testsuites name=\"ismsbook\" tests=\"1\" failures=\"0\" "
        "errors=\"0\">\n"
        "  <testsuite name=\"handbook\" tests=\"1\" failures=\"0\" "
        "errors=\"0\" skipped=\"0\">\n"
        "    <testcase classname=\"handbook\" name=\"handbook\"/>\n"
        "  </testsuite>\n"
        "</testsuites>\n");
    xmlDocPtr doc = parse_xml(f->out, f->outlen);
    assert_int_equal(junit_schema_errors(doc), 0);
    xmlFreeDoc(doc);

    /* Without cases every finding lands in the handbook case. */
    ib_diag_add(f->d, IB_SEV_ERROR, at("content/a.md", 1, 1), "x", "e");
    render(f, IB_FORMAT_JUNIT, &r);
    doc = parse_xml(f->out, f->outlen);
    assert_int_equal(junit_schema_errors(doc), 0);
    assert_xpath(doc, "/testsuites/@failures", "1");
    assert_xpath(doc, "//testcase[@name='handbook']/failure/@message", "e");
    xmlFreeDoc(doc);
}

/* SARIF */

static void
test_sarif(void **state)
{
    struct fixture *f = *state;
    struct ib_report r = {.root = f->root, .tool_version = "9.8.7"};
    ib_diag_add(f->d, IB_SEV_ERROR, at("content/a.md", 2, 16), "review-overdue",
                "%s", nasty);
    /* Byte column 16 of line 3 is character 13 (after "æøå"). */
    ib_diag_add(f->d, IB_SEV_WARNING, at("content/a.md", 3, 16), "field-type",
                "after æøå");
    ib_diag_add(f->d, IB_SEV_WARNING, at("content/a.md", 0, 0),
                "review-due-soon", "whole file");
    ib_diag_add(f->d, IB_SEV_ERROR, at("content/my doc%.md", 4, 0),
                "review-overdue", "odd name");
    ib_diag_add(f->d, IB_SEV_ERROR, at(NULL, 0, 0), "org-dpo-approval",
                "a filter's rule");
    render(f, IB_FORMAT_SARIF, &r);

    struct jval *v = json_parse(f->out);
    assert_string_equal(jstr(v, "version"), "2.1.0");
    assert_non_null(strstr(jstr(v, "$schema"), "sarif-schema-2.1.0.json"));
    const struct jval *runs = jget(v, "runs");
    assert_int_equal(runs->n, 1);
    const struct jval *run = jat(runs, 0);
    const struct jval *driver = jget(jget(run, "tool"), "driver");
    assert_string_equal(jstr(driver, "name"), "ismsbook");
    assert_string_equal(jstr(driver, "version"), "9.8.7");
    assert_string_equal(jstr(driver, "informationUri"),
                        "https://github.com/ismsbook/ismsbook");
    assert_string_equal(jstr(run, "columnKind"), "utf16CodeUnits");

    /* One rule per id in use, sorted, each fully described. */
    const struct jval *rules = jget(driver, "rules");
    assert_int_equal(rules->n, 4);
    const char *ids[] = {"field-type", "org-dpo-approval", "review-due-soon",
                         "review-overdue"};
    const char *levels[] = {"error", "error", "warning", "error"};
    for (size_t i = 0; i < rules->n; i++) {
        const struct jval *rule = jat(rules, i);
        assert_string_equal(jstr(rule, "id"), ids[i]);
        assert_true(strlen(jstr(jget(rule, "shortDescription"), "text")) > 10);
        assert_true(strlen(jstr(jget(rule, "fullDescription"), "text")) > 40);
        assert_true(strlen(jstr(jget(rule, "help"), "text")) > 40);
        assert_string_equal(jstr(jget(rule, "defaultConfiguration"), "level"),
                            levels[i]);
    }
    assert_string_equal(jstr(jget(jat(rules, 3), "shortDescription"), "text"),
                        ib_ruleinfo_get("review-overdue")->summary);

    /* Every result points at the rule with its id. */
    const struct jval *results = jget(run, "results");
    assert_int_equal(results->n, 5);
    for (size_t i = 0; i < results->n; i++) {
        const struct jval *res = jat(results, i);
        double idx = jnum(res, "ruleIndex");
        assert_true(idx >= 0 && idx < (double)rules->n);
        assert_string_equal(jstr(jat(rules, (size_t)idx), "id"),
                            jstr(res, "ruleId"));
        const struct jval *locs = jget(res, "locations");
        assert_int_equal(locs->n, 1);
        const struct jval *art =
            jget(jget(jat(locs, 0), "physicalLocation"), "artifactLocation");
        assert_string_equal(jstr(art, "uriBaseId"), "%SRCROOT%");
    }

    /* Results come in report order: no file first. */
    const struct jval *res = jat(results, 0);
    assert_string_equal(jstr(res, "ruleId"), "org-dpo-approval");
    assert_string_equal(jstr(res, "level"), "error");
    const struct jval *pl =
        jget(jat(jget(res, "locations"), 0), "physicalLocation");
    assert_string_equal(jstr(jget(pl, "artifactLocation"), "uri"),
                        "handbook.yaml");
    assert_null(jget(pl, "region"));

    /* No line: no region. */
    res = jat(results, 1);
    assert_string_equal(jstr(res, "ruleId"), "review-due-soon");
    assert_string_equal(jstr(res, "level"), "warning");
    pl = jget(jat(jget(res, "locations"), 0), "physicalLocation");
    assert_string_equal(jstr(jget(pl, "artifactLocation"), "uri"),
                        "content/a.md");
    assert_null(jget(pl, "region"));

    res = jat(results, 2);
    assert_string_equal(jstr(jget(res, "message"), "text"),
                        "say \"hi\"\\ \n\r\t\x01\x1f\x7f æ \xef\xbf\xbd end");
    pl = jget(jat(jget(res, "locations"), 0), "physicalLocation");
    assert_true(jnum(jget(pl, "region"), "startLine") == 2);
    assert_true(jnum(jget(pl, "region"), "startColumn") == 16);

    res = jat(results, 3);
    pl = jget(jat(jget(res, "locations"), 0), "physicalLocation");
    assert_true(jnum(jget(pl, "region"), "startLine") == 3);
    assert_true(jnum(jget(pl, "region"), "startColumn") == 13);

    /* A line without a column; the path is a URI. */
    res = jat(results, 4);
    pl = jget(jat(jget(res, "locations"), 0), "physicalLocation");
    assert_string_equal(jstr(jget(pl, "artifactLocation"), "uri"),
                        "content/my%20doc%25.md");
    assert_true(jnum(jget(pl, "region"), "startLine") == 4);
    assert_null(jget(jget(pl, "region"), "startColumn"));
    jfree(v);
}

static void
test_sarif_empty(void **state)
{
    struct fixture *f = *state;
    struct ib_report r = {0};
    struct jval *v = json_parse(render(f, IB_FORMAT_SARIF, &r));
    const struct jval *run = jat(jget(v, "runs"), 0);
    assert_int_equal(jget(run, "results")->kind, J_ARR);
    assert_int_equal(jget(run, "results")->n, 0);
    assert_int_equal(jget(jget(jget(run, "tool"), "driver"), "rules")->n, 0);
    jfree(v);
    assert_non_null(strstr(f->out, "\"results\": []\n"));
}

/* GitHub */

static void
test_github(void **state)
{
    struct fixture *f = *state;
    struct ib_report r = {.root = f->root};
    ib_diag_add(f->d, IB_SEV_ERROR, at("content/a.md", 2, 16), "review-overdue",
                "review overdue since 2026-03-01 (266 days)");
    ib_diag_add(f->d, IB_SEV_WARNING, at("content/a.md", 3, 16), "field-type",
                "100%% done: a, b\r\nnext\x1b[0m");
    ib_diag_add(f->d, IB_SEV_ERROR, at("content/x:y,z%.md", 1, 0),
                "link-broken", "odd: name");
    ib_diag_add(f->d, IB_SEV_ERROR, at("content/z.md", 0, 0), "x", "file");
    ib_diag_add(f->d, IB_SEV_WARNING, at(NULL, 0, 0), "org:rule", "none");
    assert_string_equal(
        render(f, IB_FORMAT_GITHUB, &r),
        "::warning title=org%3Arule::none\n"
        "::error file=content/a.md,line=2,col=16,title=review-overdue::"
        "review overdue since 2026-03-01 (266 days)\n"
        "::warning file=content/a.md,line=3,col=13,title=field-type::"
        "100%25 done: a, b%0D%0Anext?[0m\n"
        "::error file=content/x%3Ay%2Cz%25.md,line=1,title=link-broken::"
        "odd: name\n"
        "::error file=content/z.md,title=x::file\n");
}

/* Subjects */

static void
test_subject_recorded(void **state)
{
    struct fixture *f = *state;
    ib_diag_add_about(f->d, "control:5.15", IB_SEV_ERROR, at(NULL, 0, 0),
                      "control-uncovered", "control %s", "5.15");
    ib_diag_add(f->d, IB_SEV_ERROR, at(NULL, 0, 0), "control-uncovered",
                "control 5.15");
    ib_diag_set_severity(f->d, "mandatory-missing", IB_SEV_OFF);
    ib_diag_add_about(f->d, "mandatory:4.3", IB_SEV_ERROR, at(NULL, 0, 0),
                      "mandatory-missing", "dropped");
    assert_int_equal(ib_diag_count(f->d), 2);
    ib_diag_sort(f->d);
    /* Same position: the order they were added in. */
    assert_string_equal(ib_diag_get(f->d, 0)->subject, "control:5.15");
    assert_string_equal(ib_diag_get(f->d, 0)->msg, "control 5.15");
    assert_null(ib_diag_get(f->d, 1)->subject);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_parse),
        cmocka_unit_test_setup_teardown(test_text_carets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_without_root, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_text_color, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_summary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_message_escapes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_report_text_compat, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_write_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_escaping, setup, teardown),
        cmocka_unit_test_setup_teardown(test_junit, setup, teardown),
        cmocka_unit_test(test_junit_schema_is_live),
        cmocka_unit_test_setup_teardown(test_junit_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sarif, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sarif_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_github, setup, teardown),
        cmocka_unit_test_setup_teardown(test_subject_recorded, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
