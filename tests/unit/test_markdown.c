/* SPDX-License-Identifier: MIT */
/* Unit tests for markdown.c: GFM output, links, wiki links, anchors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "markdown.h"
#include "text.h"
#include "xmalloc.h"

/* Renders MD_TEXT both ways a tree can be parsed: the HTML must be the
 * same whether its memory comes from malloc or a heap (mdheap.c). */
static char *
render(const char *md_text)
{
    struct ib_md *md = ib_md_parse(md_text, strlen(md_text), 0);
    char *html = ib_md_render_html(md);
    ib_md_free(md);
    md = ib_md_parse_brief(md_text, strlen(md_text), 0);
    char *brief = ib_md_render_html(md);
    ib_md_release_tree(md);
    ib_md_free(md);
    assert_string_equal(brief, html);
    free(brief);
    return html;
}

static void
assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("expected\n%s\nin\n%s", needle, hay);
}

static void
assert_lacks(const char *hay, const char *needle)
{
    if (strstr(hay, needle))
        fail_msg("did not expect\n%s\nin\n%s", needle, hay);
}

static size_t
count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

/* A resolver that records what it saw and answers from a small table. */
struct seen {
    char url[128];
    bool is_image, is_wiki;
    unsigned line, col;
};

struct resolver {
    struct seen seen[16];
    size_t n;
    const char *force_url; /* if set, every answer is this URL */
};

static int
resolve(void *ud, const struct ib_md_link *link, char **new_url, char **label)
{
    struct resolver *r = ud;
    if (r->n < 16) {
        struct seen *s = &r->seen[r->n++];
        snprintf(s->url, sizeof s->url, "%s", link->url);
        s->is_image = link->is_image;
        s->is_wiki = link->is_wiki;
        s->line = link->line;
        s->col = link->col;
    }
    if (r->force_url) {
        *new_url = ib_xstrdup(r->force_url);
        return 0;
    }
    if (!strcmp(link->url, "../policies/access.md#scope")) {
        *new_url = ib_xstrdup("../policies/access.html#scope");
    } else if (!strcmp(link->url, "id:POL-001")) {
        *new_url = ib_xstrdup("../policies/access.html");
        *label = ib_xstrdup("Access <Control> Policy");
    } else if (!strcmp(link->url, "id:A.5.15")) {
        *new_url = ib_xstrdup("../controls/A.5.15.html");
    } else if (!strcmp(link->url, "id:NOPE")) {
        *new_url = ib_xstrdup("must-not-be-used");
        return -1;
    }
    return 0;
}

/* Resolved links with new labels and [[ID]] links are nodes made after
 * the parse: they must join a tree of either kind. */
static char *
render_resolved(const char *text, unsigned offset, struct resolver *r)
{
    struct resolver again = *r;
    struct ib_md *md = ib_md_parse(text, strlen(text), offset);
    ib_md_resolve_links(md, resolve, r);
    char *html = ib_md_render_html(md);
    ib_md_free(md);
    md = ib_md_parse_brief(text, strlen(text), offset);
    ib_md_resolve_links(md, resolve, &again);
    char *brief = ib_md_render_html(md);
    ib_md_free(md);
    assert_string_equal(brief, html);
    free(brief);
    return html;
}

static void
test_gfm_tables(void **state)
{
    (void)state;
    char *html = render("| Asset | Owner |\n|:------|------:|\n"
                        "| Laptop | IT |\n");
    assert_contains(html, "aria-label=\"Table 1\"><table>");
    assert_contains(html, "</table></div>");
    /* HTML5 has no align=: alignment becomes a class. */
    assert_contains(html, "<th class=\"align-left\">Asset</th>");
    assert_contains(html, "<td class=\"align-right\">IT</td>");
    assert_null(strstr(html, "align=\""));
    free(html);
}

static void
test_gfm_strikethrough_and_tasks(void **state)
{
    (void)state;
    char *html = render("~~old rule~~\n\n- [ ] open\n- [x] done\n");
    assert_contains(html, "<del>old rule</del>");
    /* Task checkboxes carry an accessible name for their state. */
    assert_contains(html, "<input type=\"checkbox\" aria-label=\"Not done\" "
                          "disabled=\"\" /> open");
    assert_contains(html,
                    "<input type=\"checkbox\" aria-label=\"Done\" "
                    "checked=\"\" disabled=\"\" /> "
                    "done");
    free(html);
}

static void
test_gfm_footnotes(void **state)
{
    (void)state;
    char *html = render("See the law.[^gdpr]\n\n[^gdpr]: Regulation "
                        "(EU) 2016/679.\n");
    assert_contains(html, "<sup class=\"footnote-ref\"><a href=\"#fn-gdpr\"");
    assert_contains(html, "<section class=\"footnotes\"");
    assert_contains(html, "<li id=\"fn-gdpr\">");
    assert_contains(html, "Regulation (EU) 2016/679.");
    free(html);
}

static void
test_autolink(void **state)
{
    (void)state;
    char *html = render("Report to www.example.org now.\n");
    assert_contains(html, "<a href=\"http://www.example.org\">");
    free(html);
}

static void
test_raw_html_omitted(void **state)
{
    (void)state;
    char *html = render("<script>alert(1)</script>\n\nInline "
                        "<img src=x onerror=alert(1)> and "
                        "<SCRIPT>x</SCRIPT>.\n");
    assert_lacks(html, "<script");
    assert_lacks(html, "<SCRIPT");
    assert_lacks(html, "onerror");
    assert_contains(html, "<!-- raw HTML omitted -->");
    free(html);
}

static void
test_dangerous_links_not_emitted(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "[a](javascript:alert(1))",
        "[a](JaVaScRiPt:alert(1))",
        "[a](java&#x09;script:alert(1))",
        "[a](java%09script:alert(1))",
        "[a](%6Aavascript:alert(1))",
        "[a](data:text/html,<script>alert(1)</script>)",
        "[a](<data:text/html,x>)",
        "[a](vbscript:msgbox)",
        "[a](file:///etc/passwd)",
        "[a](&#106;avascript:alert(1))",
        "[a][ref]\n\n[ref]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "![a](data:image/svg+xml;base64,PHN2Zz4=)",
        "![a](data:image/png;base64,AAAA)",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *html = render(cases[i]);
        const char *attr = cases[i][0] == '!' ? "src=\"" : "href=\"";
        char *v = strstr(html, attr);
        if (!v)
            fail_msg("no link in %s", html);
        v += strlen(attr);
        if (strncmp(v, "#\"", 2) != 0)
            fail_msg("case %zu: %s", i, html);
        assert_int_equal(count(html, attr), 1);
        free(html);
    }
}

static void
test_dangerous_url_from_resolver(void **state)
{
    (void)state;
    struct resolver r = {.force_url = " JAVA\tSCRIPT:alert(1)"};
    char *html = render_resolved("[a](ok.md) [[POL-001]]\n", 0, &r);
    assert_int_equal(count(html, "<a href=\"#\">"), 2);
    assert_lacks(html, "SCRIPT");
    free(html);
}

static void
test_url_is_dangerous(void **state)
{
    (void)state;
    assert_true(ib_md_url_is_dangerous("javascript:x"));
    assert_true(ib_md_url_is_dangerous("  JavaScript:x"));
    assert_true(ib_md_url_is_dangerous("\x01java\nscript:x"));
    assert_true(ib_md_url_is_dangerous("%4A%61vascript%3Ax"));
    assert_true(ib_md_url_is_dangerous("vbscript:x"));
    assert_true(ib_md_url_is_dangerous("DATA:image/png;base64,AA"));
    assert_true(ib_md_url_is_dangerous("file:///etc/passwd"));
    assert_false(ib_md_url_is_dangerous("//evil.example/x"));
    assert_false(ib_md_url_is_dangerous("https://example.org/javascript:"));
    assert_false(ib_md_url_is_dangerous("mailto:ciso@example.org"));
    assert_false(ib_md_url_is_dangerous("javascripts:x"));
    assert_false(ib_md_url_is_dangerous("./file:x"));
    assert_false(ib_md_url_is_dangerous("../data/file.md"));
    assert_false(ib_md_url_is_dangerous("id:POL-001"));
    assert_false(ib_md_url_is_dangerous(""));
    assert_false(ib_md_url_is_dangerous("#scope"));
    /* Character references, as raw HTML attributes may hold them. */
    assert_true(ib_md_url_is_dangerous("&#106;avascript:x"));
    assert_true(ib_md_url_is_dangerous("&#106avascript:x"));
    assert_true(ib_md_url_is_dangerous("&#x6A;avascript:x"));
    assert_true(ib_md_url_is_dangerous("&#X6a;AVASCRIPT:x"));
    assert_true(ib_md_url_is_dangerous("java&#x09;script:x"));
    assert_true(ib_md_url_is_dangerous("java&Tab;script:x"));
    assert_true(ib_md_url_is_dangerous("java&NewLine;script:x"));
    assert_true(ib_md_url_is_dangerous("javascript&colon;x"));
    assert_true(ib_md_url_is_dangerous("javascript&#58;x"));
    assert_true(ib_md_url_is_dangerous("\tjava\tscript\t:x"));
    assert_true(ib_md_url_is_dangerous("java&Tab\r\r;script:x"));
    assert_true(ib_md_url_is_dangerous("&#\n106;avascript:x"));
    assert_false(ib_md_url_is_dangerous("&#999999999999999999;javascript:x"));
    assert_false(ib_md_url_is_dangerous("a&b:javascript:x"));
    assert_false(ib_md_url_is_dangerous("&#;javascript:x"));
    assert_true(ib_md_url_is_dangerous("data:x"));
    assert_false(ib_md_url_is_dangerous("datas:x"));
    assert_false(ib_md_url_is_dangerous("abcdefghijklmnopqrstuvwxyz"));
    assert_false(ib_md_url_is_dangerous("policies/data_file.md"));
}

/* Most URLs are judged by a short way; a leading space, which browsers
 * drop, sends a URL the long way: both must agree on any text. */
static void
test_url_is_dangerous_both_ways(void **state)
{
    (void)state;
    static const char alphabet[] = "javscriptJAVSCRIPTdtfle:%&#;/.+-_x"
                                   "0123456789AaFf\t\n\x7f\xc3\xa9";
    static const char *const heads[] = {
        "", "javascript:", "JavaScript:", "vbscript:", "data:", "file:",
        "java", "https:", "javascripts:", "%4Aava", "&#106;ava"};
    unsigned long seed = 1;
    char url[64], spaced[65];
    for (int k = 0; k < 50000; k++) {
        seed = seed * 6364136223846793005ul + 1442695040888963407ul;
        const char *head = heads[(seed >> 33) % (sizeof heads / sizeof *heads)];
        /* The head, with now and then a random character before one of
         * its own, then up to 11 random characters. */
        size_t n = 0;
        for (const char *h = head;; h++) {
            seed = seed * 6364136223846793005ul + 1442695040888963407ul;
            if ((seed >> 33) % 8 == 0)
                url[n++] = alphabet[(seed >> 40) % (sizeof alphabet - 1)];
            if (!*h)
                break;
            url[n++] = *h;
        }
        size_t len = (seed >> 50) % 12;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 6364136223846793005ul + 1442695040888963407ul;
            url[n++] = alphabet[(seed >> 33) % (sizeof alphabet - 1)];
        }
        url[n] = '\0';
        spaced[0] = ' ';
        memcpy(spaced + 1, url, n + 1);
        if (ib_md_url_is_dangerous(url) != ib_md_url_is_dangerous(spaced))
            fail_msg("the two ways disagree on \"%s\"", url);
    }
}

static void
test_url_is_external(void **state)
{
    (void)state;
    assert_true(ib_md_url_is_external("https://evil.example/x.png"));
    assert_true(ib_md_url_is_external("HTTP://10.0.0.1/x"));
    assert_true(ib_md_url_is_external("//evil.example/x.png"));
    assert_true(ib_md_url_is_external("\\\\evil.example\\x"));
    assert_true(ib_md_url_is_external("/\\evil.example/x"));
    assert_true(ib_md_url_is_external("ftp+x.y-z:x"));
    assert_false(ib_md_url_is_external("img/logo.png"));
    assert_false(ib_md_url_is_external("/assets/logo.png"));
    assert_false(ib_md_url_is_external("../a:b.png"));
    assert_false(ib_md_url_is_external("1http://x"));
    assert_false(ib_md_url_is_external("#top"));
    assert_false(ib_md_url_is_external(""));
}

/* A node's children, without their subtrees, in order. */
static void
test_node_children(void **state)
{
    (void)state;
    const char *text = "# H\n\n- a\n- *b*\n\npara\n";
    struct ib_md *md = ib_md_parse(text, strlen(text), 0);
    struct ib_md_node *root = ib_md_root(md);
    struct ib_md_node *kids[8];
    assert_int_equal(ib_md_node_children(root, NULL, 0), 3);
    assert_int_equal(ib_md_node_children(root, kids, 2), 3);
    assert_string_equal(ib_md_node_type(kids[0]), "heading");
    assert_string_equal(ib_md_node_type(kids[1]), "list");
    assert_int_equal(ib_md_node_children(kids[1], kids, 8), 2);
    assert_string_equal(ib_md_node_type(kids[0]), "item");
    assert_int_equal(ib_md_node_list(md, root, NULL, 0), 12);
    ib_md_free(md);
}

/* Images from other hosts become their alt text; the site's stay. */
static void
test_external_image_unwrapped(void **state)
{
    (void)state;
    char *html = render("![a *b*](https://evil.example/p.png) "
                        "![c](//evil.example/c.png) ![d](img/d.png)\n");
    assert_lacks(html, "evil.example");
    assert_non_null(strstr(html, "a <em>b</em>"));
    assert_non_null(strstr(html, " c "));
    assert_non_null(strstr(html, "<img src=\"img/d.png\" alt=\"d\""));
    free(html);
}

/* What ib_md_set_raw_html reports, one line a finding: "LINE:COL MSG". */
static void
collect_html(void *ud, unsigned line, unsigned col, const char *msg)
{
    ib_buf_printf(ud, "%u:%u %s\n", line, col, msg);
}

static char *
render_raw(const char *text, enum ib_md_raw_html mode, struct ib_buf *said)
{
    struct ib_md *md = ib_md_parse(text, strlen(text), 2);
    ib_md_set_raw_html(md, mode, collect_html, said);
    char *html = ib_md_render_html(md);
    ib_md_free(md);
    ib_buf_cstr(said);
    return html;
}

static void
test_raw_html_sanitized(void **state)
{
    (void)state;
    struct ib_buf said;
    ib_buf_init(&said);
    /* A table cut into blocks by blank lines is one fragment. */
    char *html = render_raw("<table>\n<tr><td onclick=x>\n\n<ul><li>a\n\n"
                            "<li>b</li></ul></td></tr>\n</table>\n",
                            IB_MD_RAW_HTML_SANITIZE, &said);
    assert_string_equal(
        html, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
              "aria-label=\"Table 1\"><table>\n<tr><td>\n<ul><li>a\n"
              "</li><li>b</li></ul></td></tr>\n</table></div>\n\n\n\n");
    assert_string_equal(said.data, "4:0 raw HTML partly removed by the "
                                   "allow-list: the 'onclick' attribute of "
                                   "<td>\n");
    free(html);

    /* Inline tags: kept in pairs of siblings, else removed and said. */
    ib_buf_reset(&said);
    html = render_raw("Press <kbd>Ctrl</kbd>+<KBD>C</KBD>, <span>s</span>, "
                      "<b>*x</b>*, <sup>open<br/> <!-- note -->\n"
                      "\n## Title <kbd>F1</kbd>\n",
                      IB_MD_RAW_HTML_SANITIZE, &said);
    assert_string_equal(html, "<p>Press <kbd>Ctrl</kbd>+<kbd>C</kbd>, s, "
                              "<em>x</em>, open<br> </p>\n<h2 id=\"title-f1\">"
                              "Title <kbd>F1</kbd> <a class=\"anchor\" "
                              "href=\"#title-f1\" aria-hidden=\"true\" "
                              "tabindex=\"-1\">#</a></h2>\n");
    assert_string_equal(said.data,
                        "3:37 raw HTML partly removed by the allow-list: "
                        "<span> (not allowed inline)\n"
                        "3:53 raw HTML <b> removed: its </b> is not in the "
                        "same paragraph, cell, link or emphasis\n"
                        "3:65 raw HTML <sup> removed: its </sup> is not in "
                        "the same paragraph, cell, link or emphasis\n");
    free(html);

    /* Script never runs; comments are no finding; image alt stays text. */
    ib_buf_reset(&said);
    html = render_raw("<!-- c -->\n\n<script>alert(1)</script>\n\n"
                      "![a <b>b</b>](x.png) <img src=x onerror=alert(1)>\n",
                      IB_MD_RAW_HTML_SANITIZE, &said);
    assert_string_equal(html, "\n\n\n<p><img src=\"x.png\" alt=\"a "
                              "&lt;b&gt;b&lt;/b&gt;\" /> </p>\n");
    assert_string_equal(said.data,
                        "5:1 raw HTML partly removed by the allow-list: "
                        "<script> and its content\n"
                        "7:22 raw HTML partly removed by the allow-list: "
                        "<img> (not allowed inline)\n");
    free(html);
    ib_buf_fini(&said);
}

static void
test_raw_html_dropped(void **state)
{
    (void)state;
    struct ib_buf said;
    ib_buf_init(&said);
    char *html = render_raw("<div>\nx\n</div>\n\n<!-- only -->\n\n"
                            "a <kbd>b</kbd> <kbd>c</kbd>\n",
                            IB_MD_RAW_HTML_DROP, &said);
    assert_string_equal(html, "<!-- raw HTML omitted -->\n"
                              "<!-- raw HTML omitted -->\n"
                              "<p>a <!-- raw HTML omitted -->b<!-- raw HTML "
                              "omitted --> <!-- raw HTML omitted -->c"
                              "<!-- raw HTML omitted --></p>\n");
    /* One finding a block run and a paragraph. */
    assert_string_equal(said.data,
                        "3:1 raw HTML is not published (markdown.raw_html "
                        "is 'drop'); write '\\<' for a literal '<'\n"
                        "9:3 raw HTML is not published (markdown.raw_html "
                        "is 'drop'); write '\\<' for a literal '<'\n");
    free(html);
    ib_buf_fini(&said);
}

static void
test_relative_link_resolved_with_position(void **state)
{
    (void)state;
    struct resolver r = {0};
    /* The body starts on file line 6 (five front-matter lines). */
    char *html = render_resolved(
        "Intro.\n\nSee the [access policy](../policies/access.md#scope).\n"
        "\n  ![diagram](img/net.png)\n",
        5, &r);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.seen[0].url, "../policies/access.md#scope");
    assert_false(r.seen[0].is_wiki);
    assert_false(r.seen[0].is_image);
    assert_int_equal(r.seen[0].line, 8);
    assert_int_equal(r.seen[0].col, 9);
    assert_string_equal(r.seen[1].url, "img/net.png");
    assert_true(r.seen[1].is_image);
    assert_int_equal(r.seen[1].line, 10);
    assert_int_equal(r.seen[1].col, 3);
    assert_contains(
        html, "<a href=\"../policies/access.html#scope\">access policy</a>");
    assert_contains(html, "<img src=\"img/net.png\" alt=\"diagram\" />");
    free(html);
}

/* Under raw_html: sanitize, the href and src the allow-list keeps in HTML
 * blocks go to the resolver in document order, at the attribute's line
 * and column, and its answers reach the page; with raw_html: drop they
 * are no links at all. */
static char *
render_raw_resolved(const char *text, enum ib_md_raw_html mode,
                    struct resolver *r, struct ib_buf *said)
{
    struct resolver again = *r;
    struct ib_md *md = ib_md_parse(text, strlen(text), 5);
    ib_md_set_raw_html(md, mode, NULL, NULL);
    ib_md_resolve_links(md, resolve, r);
    ib_md_set_raw_html(md, mode, collect_html, said);
    char *html = ib_md_render_html(md);
    ib_md_free(md);
    md = ib_md_parse_brief(text, strlen(text), 5);
    ib_md_set_raw_html(md, mode, NULL, NULL);
    ib_md_resolve_links(md, resolve, &again);
    char *brief = ib_md_render_html(md);
    ib_md_release_tree(md);
    ib_md_free(md);
    assert_string_equal(brief, html);
    free(brief);
    ib_buf_cstr(said);
    return html;
}

static void
test_raw_html_links_resolved(void **state)
{
    (void)state;
    struct resolver r = {0};
    struct ib_buf said;
    ib_buf_init(&said);
    const char *text =
        "[first](a.md)\n\n"
        "<div>\n"
        "  <a title=\"t\" href=\"../policies/access.md#scope\">x</a>\n"
        "\n"
        "<p><img alt=\"d\"\n src=\" net.png \"> <a href=\"id:NOPE\">n</a>\n"
        "<a href=\"javascript:alert(1)\">j</a></div>\n\n"
        "- item\n\n"
        "  <p><a href=\"id:POL-001\">p</a></p>\n\n"
        "[last](b.md)\n";
    char *html = render_raw_resolved(text, IB_MD_RAW_HTML_SANITIZE, &r, &said);
    assert_int_equal(r.n, 6);
    assert_string_equal(r.seen[0].url, "a.md");
    assert_string_equal(r.seen[1].url, "../policies/access.md#scope");
    assert_false(r.seen[1].is_image);
    assert_false(r.seen[1].is_wiki);
    assert_int_equal(r.seen[1].line, 9);
    assert_int_equal(r.seen[1].col, 16);
    /* The second block of the run, after a blank line; spaces trimmed. */
    assert_string_equal(r.seen[2].url, "net.png");
    assert_true(r.seen[2].is_image);
    assert_int_equal(r.seen[2].line, 12);
    assert_int_equal(r.seen[2].col, 2);
    assert_string_equal(r.seen[3].url, "id:NOPE");
    assert_int_equal(r.seen[3].line, 12);
    assert_int_equal(r.seen[3].col, 22);
    /* In a list item, whose indentation the literal has lost. */
    assert_string_equal(r.seen[4].url, "id:POL-001");
    assert_int_equal(r.seen[4].line, 17);
    assert_int_equal(r.seen[4].col, 9);
    assert_string_equal(r.seen[5].url, "b.md");
    assert_contains(html, "<a title=\"t\" href=\"../policies/access.html"
                          "#scope\">x</a>");
    assert_contains(html, "<img alt=\"d\" src=\" net.png \">");
    /* An id: link the resolver refused is no link, and no new finding. */
    assert_contains(html, "<a>n</a>");
    assert_contains(html, "<a href=\"../policies/access.html\">p</a>");
    assert_lacks(html, "id:");
    assert_lacks(html, "must-not-be-used");
    assert_string_equal(said.data,
                        "13:0 raw HTML partly removed by the allow-list: "
                        "the 'href' attribute of <a>\n");
    free(html);

    /* Under drop, raw HTML has no links. */
    struct resolver d = {0};
    ib_buf_reset(&said);
    html = render_raw_resolved(text, IB_MD_RAW_HTML_DROP, &d, &said);
    assert_int_equal(d.n, 2);
    assert_lacks(html, "access");
    free(html);

    /* Nothing the resolver answers can bring in a scheme or a host. */
    struct resolver evil = {.force_url = "javascript:alert(1)"};
    ib_buf_reset(&said);
    html = render_raw_resolved("<p><a href=\"x.md\">x</a><img src=\"y.png\">"
                               "<a href=\"id:X\">z</a></p>\n",
                               IB_MD_RAW_HTML_SANITIZE, &evil, &said);
    assert_string_equal(html, "<p><a href=\"x.md\">x</a><img src=\"y.png\" "
                              "alt=\"\"><a>z</a></p>\n\n");
    free(html);
    struct resolver far = {.force_url = "https://evil.example/t.png"};
    html = render_raw_resolved("<p><img src=\"y.png\"></p>\n",
                               IB_MD_RAW_HTML_SANITIZE, &far, &said);
    assert_string_equal(html, "<p><img src=\"y.png\" alt=\"\"></p>\n\n");
    free(html);
    ib_buf_fini(&said);
}

/* cmark-gfm gives a link whose text wraps the line of its "]"; the
 * finding belongs on the line of its "[", where its column is. */
static void
test_wrapped_link_position(void **state)
{
    (void)state;
    struct resolver r = {0};
    char *html = render_resolved("See the [access\ncontrol policy](a.md), "
                                 "![a wrapped\nimage](i.png), [\nx](b.md)\n"
                                 "and [*em\nph*](c.md).\n",
                                 5, &r);
    assert_int_equal(r.n, 4);
    assert_string_equal(r.seen[0].url, "a.md");
    assert_int_equal(r.seen[0].line, 6);
    assert_int_equal(r.seen[0].col, 9);
    assert_string_equal(r.seen[1].url, "i.png");
    assert_int_equal(r.seen[1].line, 7);
    assert_int_equal(r.seen[1].col, 24);
    assert_string_equal(r.seen[2].url, "b.md");
    assert_int_equal(r.seen[2].line, 8);
    assert_int_equal(r.seen[2].col, 16);
    assert_string_equal(r.seen[3].url, "c.md");
    assert_int_equal(r.seen[3].line, 10);
    assert_int_equal(r.seen[3].col, 5);
    free(html);
}

static void
test_wiki_links(void **state)
{
    (void)state;
    struct resolver r = {0};
    char *html = render_resolved("# T\n\nRead [[POL-001]] and\n"
                                 "> - item [[A.5.15]].\n",
                                 3, &r);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.seen[0].url, "id:POL-001");
    assert_true(r.seen[0].is_wiki);
    assert_int_equal(r.seen[0].line, 6);
    assert_int_equal(r.seen[0].col, 6);
    assert_string_equal(r.seen[1].url, "id:A.5.15");
    assert_true(r.seen[1].is_wiki);
    assert_int_equal(r.seen[1].line, 7);
    assert_int_equal(r.seen[1].col, 10);
    assert_contains(html, "Read <a href=\"../policies/access.html\">Access "
                          "&lt;Control&gt; Policy</a> and");
    assert_contains(html,
                    "item <a href=\"../controls/A.5.15.html\">A.5.15</a>.");
    assert_lacks(html, "[[");
    free(html);
}

static void
test_wiki_link_with_anchor(void **state)
{
    (void)state;
    struct resolver r = {0};
    char *html = render_resolved("See [[POL-001#access-reviews]] or "
                                 "[[POL-001#]].\n",
                                 0, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.seen[0].url, "id:POL-001#access-reviews");
    assert_true(r.seen[0].is_wiki);
    assert_int_equal(r.seen[0].col, 5);
    assert_contains(html, "[[POL-001#]]"); /* an empty anchor is no link */
    free(html);
}

static void
test_wiki_column_after_escapes(void **state)
{
    (void)state;
    struct resolver r = {0};
    /* Entities and escapes make cmark's text shorter than the source. */
    char *html = render_resolved("a \\* &amp; &copy; [[A.5.15]] [[A.5.15]]\r\n"
                                 "\r\nx [[POL-001]]\r\n",
                                 0, &r);
    assert_int_equal(r.n, 3);
    assert_int_equal(r.seen[0].line, 1);
    assert_int_equal(r.seen[0].col, 19);
    assert_int_equal(r.seen[1].col, 30);
    assert_int_equal(r.seen[2].line, 3);
    assert_int_equal(r.seen[2].col, 3);
    free(html);
    /* Lone carriage returns end lines too. */
    struct resolver cr = {0};
    html = render_resolved("x &amp; [[A.5.15]]\ry &amp; [[POL-001]]\r", 0, &cr);
    assert_int_equal(cr.n, 2);
    assert_int_equal(cr.seen[0].line, 1);
    assert_int_equal(cr.seen[0].col, 9);
    assert_int_equal(cr.seen[1].line, 2);
    assert_int_equal(cr.seen[1].col, 9);
    free(html);
}

/* "\[" and "&#91;" are literal brackets in CommonMark: an escaped
 * [[ID]] is text, as a way to write about the syntax. */
static void
test_wiki_escaped_is_text(void **state)
{
    (void)state;
    struct resolver r = {0};
    const char *text = "Write \\[\\[POL-001]] &amp; \\[[A.5.15]], "
                       "[[NOPE\\]] or &#91;&#x5B;POL-001]] &copy; "
                       "&lsqb;[A.5.15]]; [[POL-001]] is one.\n";
    char *html = render_resolved(text, 0, &r);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.seen[0].url, "id:POL-001");
    assert_int_equal(r.seen[0].col,
                     (unsigned)(strstr(text, "; [[POL") - text) + 3);
    assert_contains(html, "<p>Write [[POL-001]] &amp; [[A.5.15]], "
                          "[[NOPE]] or [[POL-001]] \u00a9 [[A.5.15]]; <a "
                          "href=\"../policies/access.html\">");
    free(html);
}

/* Also on a paragraph's continuation lines, whose columns cmark-gfm
 * counts from the first line's indentation: lazy, deeper and quoted. */
static void
test_wiki_escaped_on_continuation_lines(void **state)
{
    (void)state;
    struct resolver r = {0};
    const char *text = "- item\n  goes \\[\\[POL-001]] on\n"
                       "> quote\nlazy \\[\\[POL-001]] line\n\n"
                       "Para\n     deeper \\[\\[POL-001]] and [[POL-001]]\n";
    char *html = render_resolved(text, 0, &r);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.seen[0].line, 7);
    assert_int_equal(r.seen[0].col, 31);
    assert_contains(html, "goes [[POL-001]] on");
    assert_contains(html, "lazy [[POL-001]] line");
    assert_contains(html, "deeper [[POL-001]] and <a ");
    free(html);
}

static void
test_wiki_not_in_code_or_links(void **state)
{
    (void)state;
    struct resolver r = {0};
    char *html = render_resolved("`[[POL-001]]`\n\n```\n[[POL-001]]\n```\n\n"
                                 "    [[POL-001]]\n\n"
                                 "[see [[POL-001]]](https://example.org)\n\n"
                                 "[[not an id]] [[-x]] [[]] [[a]b]]\n",
                                 0, &r);
    assert_int_equal(r.n, 1);
    assert_false(r.seen[0].is_wiki);
    assert_contains(html, "<code>[[POL-001]]</code>");
    assert_contains(html, "<pre><code>[[POL-001]]\n</code></pre>");
    assert_contains(html, "<a href=\"https://example.org\">see "
                          "[[POL-001]]</a>");
    assert_contains(html, "[[not an id]] [[-x]] [[]] [[a]b]]");
    free(html);
}

static void
test_wiki_refused_by_resolver(void **state)
{
    (void)state;
    struct resolver r = {0};
    char *html = render_resolved("[[[NOPE]]] [text](id:NOPE)\n", 0, &r);
    assert_int_equal(r.n, 2);
    assert_true(r.seen[0].is_wiki);
    assert_int_equal(r.seen[0].col, 2);
    assert_false(r.seen[1].is_wiki);
    assert_contains(html, "[<a href=\"id:NOPE\">NOPE</a>]");
    assert_lacks(html, "must-not-be-used");
    free(html);
}

static void
test_wiki_in_heading_label(void **state)
{
    (void)state;
    struct resolver r = {0};
    struct ib_md *md = ib_md_parse("## About [[POL-001]]\n", 21, 0);
    assert_string_equal(ib_md_heading_get(md, 0)->text, "About POL-001");
    ib_md_resolve_links(md, resolve, &r);
    const struct ib_md_heading *h = ib_md_heading_get(md, 0);
    assert_string_equal(h->text, "About Access <Control> Policy");
    assert_string_equal(h->anchor, "about-pol-001");
    char *html = ib_md_render_html(md);
    assert_contains(html, "<h2 id=\"about-pol-001\">About <a href=\"../"
                          "policies/access.html\">Access &lt;Control&gt; "
                          "Policy</a>");
    free(html);
    ib_md_free(md);
}

static void
assert_slug(const char *text, const char *want)
{
    struct ib_buf b;
    ib_buf_init(&b);
    ib_md_slug(text, strlen(text), &b);
    if (strcmp(ib_buf_cstr(&b), want))
        fail_msg("slug of '%s' is '%s', want '%s'", text, b.data, want);
    ib_buf_fini(&b);
}

static void
test_slug(void **state)
{
    (void)state;
    assert_slug("Scope", "scope");
    assert_slug("Scope & purpose", "scope-purpose");
    assert_slug("Åtkomst för gäster", "åtkomst-för-gäster");
    assert_slug("Øvelser", "øvelser");
    assert_slug("ÆØÅ ÄÖÜ É ß", "æøå-äöü-é-ß");
    assert_slug("Ħ Ž Ÿ Ł İ", "ħ-ž-ÿ-ł-i");
    assert_slug("  --Hello,  World!--  ", "hello-world");
    assert_slug("A - B", "a---b");
    assert_slug("snake_case 1.2", "snake_case-12");
    assert_slug("“Quoted” – dash…", "quoted-dash");
    assert_slug("Rocket 🚀 launch", "rocket-launch");
    assert_slug("Tab\there\nnbsp\xc2\xa0x", "tab-here-nbsp-x");
    assert_slug("Доступ", "Доступ");
    assert_slug("bad\xff\xc3utf8", "badutf8");
    assert_slug("", "section");
    assert_slug("!!! ???", "section");
    assert_slug("× ÷", "section");

    struct ib_buf b;
    ib_buf_init(&b);
    ib_buf_puts(&b, "doc#");
    ib_md_slug("X", 1, &b);
    assert_string_equal(b.data, "doc#x");
    ib_buf_fini(&b);
}

static void
test_headings(void **state)
{
    (void)state;
    const char *text = "# Access control\n\n## Use `sudo` *carefully*\n\n"
                       "Setext\nline two\n---\n\n## Scope & purpose\n";
    struct ib_md *md = ib_md_parse(text, strlen(text), 10);
    assert_int_equal(ib_md_heading_count(md), 4);
    const struct ib_md_heading *h = ib_md_heading_get(md, 1);
    assert_int_equal(h->level, 2);
    assert_int_equal(h->line, 13);
    assert_string_equal(h->text, "Use sudo carefully");
    assert_string_equal(h->anchor, "use-sudo-carefully");
    h = ib_md_heading_get(md, 2);
    assert_string_equal(h->text, "Setext line two");
    assert_int_equal(h->line, 15);
    assert_string_equal(ib_md_heading_get(md, 3)->anchor, "scope-purpose");
    assert_null(ib_md_heading_get(md, 4));
    assert_true(ib_md_has_anchor(md, "access-control"));
    assert_true(ib_md_has_anchor(md, "scope-purpose"));
    assert_false(ib_md_has_anchor(md, "scope"));
    assert_false(ib_md_has_anchor(md, ""));
    ib_md_free(md);

    md = ib_md_parse("## Åtkomst för gäster\n", 25, 0);
    assert_true(ib_md_has_anchor(md, "åtkomst-för-gäster"));
    assert_true(ib_md_has_anchor(md, "%C3%A5tkomst-f%c3%b6r-g%C3%A4ster"));
    assert_false(ib_md_has_anchor(md, "%C3%A5tkomst"));
    assert_false(ib_md_has_anchor(md, "%"));
    assert_false(ib_md_has_anchor(md, "%C3%A"));
    ib_md_free(md);
}

static void
test_duplicate_anchors(void **state)
{
    (void)state;
    const char *text = "## Overview\n## Overview 1\n## Overview\n"
                       "## Overview\n## overview-1\n## ??\n## !!\n";
    struct ib_md *md = ib_md_parse(text, strlen(text), 0);
    static const char *const want[] = {
        "overview",     "overview-1", "overview-2", "overview-3",
        "overview-1-1", "section",    "section-1",
    };
    assert_int_equal(ib_md_heading_count(md), 7);
    for (size_t i = 0; i < 7; i++)
        assert_string_equal(ib_md_heading_get(md, i)->anchor, want[i]);
    assert_true(ib_md_has_anchor(md, "overview-3"));
    assert_false(ib_md_has_anchor(md, "overview-4"));
    ib_md_free(md);
}

static void
test_many_equal_headings(void **state)
{
    (void)state;
    struct ib_buf b;
    ib_buf_init(&b);
    for (int i = 0; i < 20000; i++)
        ib_buf_puts(&b, "# Same\n");
    struct ib_md *md = ib_md_parse(b.data, b.len, 0);
    assert_int_equal(ib_md_heading_count(md), 20000);
    assert_string_equal(ib_md_heading_get(md, 19999)->anchor, "same-19999");
    ib_md_free(md);
    ib_buf_fini(&b);
}

static void
test_anchors_in_html(void **state)
{
    (void)state;
    char *html = render("## Scope\n\n### Åtkomst för gäster\n");
    assert_contains(html, "<h2 id=\"scope\">Scope <a class=\"anchor\" "
                          "href=\"#scope\" aria-hidden=\"true\" "
                          "tabindex=\"-1\">#</a></h2>");
    assert_contains(html, "<h3 id=\"åtkomst-för-gäster\">Åtkomst för gäster "
                          "<a class=\"anchor\" href=\"#åtkomst-för-gäster\"");
    free(html);
}

/* Every "<hN>" cmark emits is a heading node, in the order of ib_md_heading. */
static void
test_heading_ids_only_on_headings(void **state)
{
    (void)state;
    const char *text = "# One\n\n"
                       "```html\n<h2>in code</h2>\n```\n\n"
                       "    <h3>indented</h3>\n\n"
                       "`<h2>` inline, ![alt <h2>](x.png \"t <h3>\") "
                       "[l](</h2> \"<h4>\")\n\n"
                       "<h2>raw block</h2>\n\n"
                       "text <h2>raw inline</h2> text[^n]\n\n"
                       "[^n]: A note.\n\n    ## In note\n\n"
                       "[^u]: Unused.\n\n    ## Unused note\n\n"
                       "> ## Quoted\n\n"
                       "- ## Listed\n\n"
                       "Two\n===\n";
    struct ib_md *md = ib_md_parse(text, strlen(text), 0);
    char *html = ib_md_render_html(md);
    assert_int_equal(ib_md_heading_count(md), 5);
    assert_string_equal(ib_md_heading_get(md, 4)->anchor, "in-note");
    assert_int_equal(count(html, " id=\""), 5 + 2); /* + footnote ids */
    assert_contains(html, "<h1 id=\"one\">One ");
    assert_contains(html, "<blockquote>\n<h2 id=\"quoted\">Quoted ");
    assert_contains(html, "<li>\n<h2 id=\"listed\">Listed ");
    assert_contains(html, "<h1 id=\"two\">Two ");
    assert_contains(html, "<h2 id=\"in-note\">In note ");
    assert_contains(html, "&lt;h2&gt;in code&lt;/h2&gt;");
    assert_contains(html, "&lt;h3&gt;indented&lt;/h3&gt;");
    assert_lacks(html, "raw block");
    assert_lacks(html, "Unused");
    assert_int_equal(count(html, "<h"), 5);
    assert_int_equal(count(html, "</h"), 5);
    free(html);
    ib_md_free(md);
}

static void
test_plain_text(void **state)
{
    (void)state;
    const char *text = "# Title\n\nSome *text*\nhere.  [Link](x.md) "
                       "`code`\n\n- a\n- b\n\n```\nline 1\n  line 2\n```\n"
                       "\n<div>raw</div>\n\n| h |\n|---|\n| cell |\n";
    struct ib_md *md = ib_md_parse(text, strlen(text), 0);
    char *plain = ib_md_plain_text(md);
    assert_string_equal(plain, "Title Some text here. Link code a b line 1 "
                               "line 2 h cell");
    free(plain);
    ib_md_free(md);

    md = ib_md_parse("", 0, 0);
    plain = ib_md_plain_text(md);
    assert_string_equal(plain, "");
    assert_int_equal(ib_md_heading_count(md), 0);
    free(plain);
    char *html = ib_md_render_html(md);
    assert_string_equal(html, "");
    free(html);
    ib_md_free(md);
}

static void
test_bad_input(void **state)
{
    (void)state;
    static const char text[] = "# Caf\xc3 \xff\n\nNUL \0 here [[X\0Y]]\n";
    struct ib_md *md = ib_md_parse(text, sizeof text - 1, 0);
    char *html = ib_md_render_html(md);
    assert_contains(html, "Caf\xef\xbf\xbd \xef\xbf\xbd");
    assert_contains(html, "NUL \xef\xbf\xbd here");
    assert_string_equal(ib_md_heading_get(md, 0)->anchor, "caf");
    free(html);
    ib_md_free(md);
    ib_md_free(NULL);
}

static void
test_deep_nesting(void **state)
{
    (void)state;
    struct ib_buf b;
    ib_buf_init(&b);
    for (int i = 0; i < 10000; i++)
        ib_buf_puts(&b, "> ");
    ib_buf_puts(&b, "# Deep [[POL-001]]\n");
    for (int i = 0; i < 10000; i++)
        ib_buf_puts(&b, "- ");
    ib_buf_puts(&b, "*[[A.5.15]]*\n");
    struct resolver r = {0};
    struct ib_md *md = ib_md_parse(b.data, b.len, 0);
    ib_md_resolve_links(md, resolve, &r);
    assert_int_equal(r.n, 2);
    char *html = ib_md_render_html(md);
    assert_contains(html, "<h1 id=\"deep-pol-001\">");
    free(html);
    html = ib_md_plain_text(md);
    free(html);
    ib_md_free(md);
    ib_buf_fini(&b);
}

static int
count_links(void *ud, const struct ib_md_link *link, char **new_url,
            char **label)
{
    (void)new_url;
    (void)label;
    if (link->is_wiki)
        ++*(size_t *)ud;
    return 0;
}

/* Positions are refined against the source in linear time, even here. */
static void
test_many_wiki_links_on_one_line(void **state)
{
    (void)state;
    struct ib_buf b;
    ib_buf_init(&b);
    for (int i = 0; i < 100000; i++)
        ib_buf_puts(&b, "\xff&nGt;");
    for (int i = 0; i < 100000; i++)
        ib_buf_puts(&b, "[[A.5.15]] ");
    ib_buf_puts(&b, "\n");
    size_t n = 0;
    struct ib_md *md = ib_md_parse(b.data, b.len, 0);
    ib_md_resolve_links(md, count_links, &n);
    assert_int_equal(n, 100000);
    ib_md_free(md);
    ib_buf_fini(&b);
}

/* Four threads parse at once, and parsers finish side by side (mdpin.h):
 * every document keeps its strikethrough, table and bare link. */
static void *
parse_in_thread(void *arg)
{
    (void)arg;
    for (int i = 0; i < 200; i++) {
        char *html =
            render("a ~~b~~ c at www.example.org\n\n| x |\n|---|\n| y |\n");
        bool ok = strstr(html, "<del>b</del>") && strstr(html, "<td>y</td>") &&
                  strstr(html, "<a href=\"http://www.example.org\">");
        free(html);
        if (!ok)
            return (void *)1;
    }
    return NULL;
}

static void
test_threads(void **state)
{
    (void)state;
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, parse_in_thread, NULL), 0);
    for (int i = 0; i < 4; i++) {
        void *res;
        pthread_join(t[i], &res);
        assert_null(res);
    }
}

/* The node API filters use (markdown.h "Editing the tree"). */
static struct ib_md_node *
nth_of_type(struct ib_md *md, const char *type, size_t k)
{
    size_t n = ib_md_node_list(md, ib_md_root(md), NULL, 0);
    struct ib_md_node **all = calloc(n + 1, sizeof *all);
    ib_md_node_list(md, ib_md_root(md), all, n);
    struct ib_md_node *found = NULL;
    for (size_t i = 0; i < n && !found; i++)
        if (strcmp(ib_md_node_type(all[i]), type) == 0 && k-- == 0)
            found = all[i];
    free(all);
    return found;
}

static void
test_node_walk(void **state)
{
    (void)state;
    const char *text = "# Title\n\n> quote *em*\n\n```sh\nls\n```\n\n"
                       "| a |\n|---|\n| ~~b~~ |\n\n- [x] done [[DOC-1]]\n";
    struct ib_md *md = ib_md_parse(text, strlen(text), 5);
    size_t n = ib_md_node_list(md, ib_md_root(md), NULL, 0);
    struct ib_md_node **all = calloc(n, sizeof *all);
    assert_int_equal(ib_md_node_list(md, ib_md_root(md), all, n), n);
    struct ib_buf types;
    ib_buf_init(&types);
    for (size_t i = 0; i < n; i++)
        ib_buf_printf(&types, "%s ", ib_md_node_type(all[i]));
    assert_string_equal(ib_buf_cstr(&types),
                        "heading text block_quote paragraph text emph text "
                        "code_block table table_row table_cell text "
                        "table_row table_cell strikethrough text list item "
                        "paragraph text link text ");
    ib_buf_fini(&types);
    free(all);

    struct ib_md_node *h = nth_of_type(md, "heading", 0);
    assert_int_equal(ib_md_node_level(h), 1);
    assert_int_equal(ib_md_node_line(md, h), 6); /* 5 lines before */
    assert_int_equal(ib_md_node_col(md, h), 1);
    struct ib_md_node *cb = nth_of_type(md, "code_block", 0);
    assert_string_equal(ib_md_node_info(cb), "sh");
    assert_null(ib_md_node_url(cb));
    struct ib_md_node *link = nth_of_type(md, "link", 0);
    assert_string_equal(ib_md_node_url(link), "id:DOC-1");
    assert_int_equal(ib_md_node_line(md, link), 18);
    assert_int_equal(ib_md_node_col(md, link), 12);
    struct ib_buf b;
    ib_buf_init(&b);
    ib_md_node_text(nth_of_type(md, "block_quote", 0), &b);
    assert_string_equal(ib_buf_cstr(&b), "quote em");
    ib_buf_reset(&b);
    ib_md_node_text(cb, &b);
    assert_string_equal(ib_buf_cstr(&b), "ls\n");
    ib_buf_fini(&b);
    /* Text for words: whitespace as in the source, a space at each break
     * and block edge, nothing between inlines that touch. */
    const char *para = "one  *two*three\nfour `x`\n\n- a\n- b c\n";
    struct ib_md *pm = ib_md_parse(para, strlen(para), 0);
    ib_buf_init(&b);
    ib_md_node_words(ib_md_root(pm), &b);
    assert_string_equal(ib_buf_cstr(&b), " one  twothree four x    a    b c   ");
    ib_buf_reset(&b);
    ib_md_node_text(ib_md_root(pm), &b);
    assert_string_equal(ib_buf_cstr(&b), "one twothree four x a b c");
    ib_buf_fini(&b);
    ib_md_free(pm);
    assert_string_equal(ib_md_node_type(ib_md_node_parent(h)), "document");
    assert_null(ib_md_node_parent(ib_md_root(md)));
    ib_md_free(md);
}

/* A link or image's line and column, as the resolver saw it. */
static void
assert_link_at(const struct resolver *r, const char *url, unsigned line,
               unsigned col)
{
    for (size_t i = 0; i < r->n; i++) {
        if (strcmp(r->seen[i].url, url) != 0)
            continue;
        if (r->seen[i].line != line || r->seen[i].col != col)
            fail_msg("%s at %u:%u, want %u:%u", url, r->seen[i].line,
                     r->seen[i].col, line, col);
        return;
    }
    fail_msg("%s not seen", url);
}

/*
 * cmark-gfm counts the columns on a paragraph's continuation lines from
 * where its first line's text starts; a link's or image's column is its
 * '[' (or '!') in the file on every line, whatever the line's own
 * indentation or quote markers. Two lines before the body.
 */
static void
test_link_columns_on_continuation_lines(void **state)
{
    (void)state;
    const char *text = "First [a](a.md) here\n"           /* 3 */
                       "lazy [b](b.md) and ![i](i.png)\n" /* 4 */
                       "\n"
                       "> Quoted [c](c.md)\n"    /* 6 */
                       "lazy quote [d](d.md)\n"  /* 7 */
                       ">    spaced [e](e.md)\n" /* 8 */
                       ">close [f](f.md)\n"      /* 9 */
                       "\n"
                       "  Indented [g](g.md)\n"            /* 11 */
                       "      deeper [h](h.md) `c` *em*\n" /* 12 */
                       "\ttabbed [k](k.md)\n"              /* 13 */
                       "\n"
                       "- item [l](l.md)\n" /* 15 */
                       "  cont [m](m.md)\n" /* 16 */
                       "lazy [n](n.md)\n"   /* 17 */
                       "\n"
                       "1. one [o](o.md)\n"                 /* 19 */
                       "   [p](p.md) starts, ![q](q.png)\n" /* 20 */
                       "\n"
                       "foo\n"               /* 22 */
                       "    > b [r](r.md)\n" /* 23 */
                       "\n"
                       "  see [[X-1]] and\n"               /* 25 */
                       "    then [[X-2]] and [s](s.md)\n"; /* 26 */
    struct ib_md *md = ib_md_parse_brief(text, strlen(text), 2);
    struct resolver r = {0};
    ib_md_resolve_links(md, resolve, &r);
    assert_int_equal(r.n, 16);
    assert_link_at(&r, "a.md", 3, 7); /* first lines: as cmark-gfm says */
    assert_link_at(&r, "b.md", 4, 6);
    assert_link_at(&r, "i.png", 4, 20);
    assert_link_at(&r, "c.md", 6, 10);
    assert_link_at(&r, "d.md", 7, 12);
    assert_link_at(&r, "e.md", 8, 13);
    assert_link_at(&r, "f.md", 9, 8);
    assert_link_at(&r, "g.md", 11, 12);
    assert_link_at(&r, "h.md", 12, 14);
    assert_link_at(&r, "k.md", 13, 9);
    assert_link_at(&r, "l.md", 15, 8);
    assert_link_at(&r, "m.md", 16, 8);
    assert_link_at(&r, "n.md", 17, 6);
    assert_link_at(&r, "o.md", 19, 8);
    assert_link_at(&r, "p.md", 20, 4);
    assert_link_at(&r, "q.png", 20, 22);
    ib_md_free(md);

    /* Trees for filters, where the other inline nodes show their
     * columns too; [[ID]] links find theirs in the source. */
    md = ib_md_parse(text, strlen(text), 2);
    /* cmark-gfm puts a code span at its text, after the backtick. */
    assert_int_equal(ib_md_node_col(md, nth_of_type(md, "code", 0)), 25);
    assert_int_equal(ib_md_node_col(md, nth_of_type(md, "emph", 0)), 28);
    struct ib_md_node *r_link = nth_of_type(md, "link", 14);
    assert_string_equal(ib_md_node_url(r_link), "r.md");
    assert_int_equal(ib_md_node_line(md, r_link), 23);
    assert_int_equal(ib_md_node_col(md, r_link), 9);
    struct ib_md_node *w2 = nth_of_type(md, "link", 16);
    assert_string_equal(ib_md_node_url(w2), "id:X-2");
    assert_int_equal(ib_md_node_line(md, w2), 26);
    assert_int_equal(ib_md_node_col(md, w2), 10);
    struct ib_md_node *s_link = nth_of_type(md, "link", 17);
    assert_string_equal(ib_md_node_url(s_link), "s.md");
    assert_int_equal(ib_md_node_col(md, s_link), 22);
    /* Text split out around a [[ID]] link on such a line, too. */
    struct ib_md_node *and = NULL;
    struct ib_buf b;
    ib_buf_init(&b);
    for (size_t k = 0; !and&&nth_of_type(md, "text", k); k++) {
        struct ib_md_node *t = nth_of_type(md, "text", k);
        ib_buf_reset(&b);
        ib_md_node_text(t, &b);
        if (ib_md_node_line(md, t) == 26 && !strcmp(ib_buf_cstr(&b), " and "))
            and = t;
    }
    ib_buf_fini(&b);
    assert_non_null(and);
    assert_int_equal(ib_md_node_col(md, and), 17);
    ib_md_free(md);
}

/* The edits a filter makes, on a tree of either kind: a brief tree's
 * memory is its heap's, but what a filter's changes hold may be
 * malloc's, and must still be freed with the tree (the sanitizer and
 * memcheck runs see a leak). */
static void
node_edits(bool brief)
{
    const char *text = "## Old title\n\nSee SEC-1 now.\n\n> gone\n\n- a\n";
    struct ib_md *md = brief ? ib_md_parse_brief(text, strlen(text), 0)
                             : ib_md_parse(text, strlen(text), 0);
    const char *err = NULL;
    struct ib_md_node *h = nth_of_type(md, "heading", 0);
    assert_int_equal(ib_md_node_set_text(md, h, "New & title", &err), 0);
    assert_int_equal(ib_md_node_set_level(md, h, 3, &err), 0);
    /* An inline replacement keeps the spaces around it. */
    struct ib_md_node *t = nth_of_type(md, "text", 1);
    const char *rep = "See [SEC-1](https://t.example/SEC-1) now\\.";
    assert_int_equal(ib_md_node_replace(md, t, rep, strlen(rep), &err), 0);
    assert_false(ib_md_node_is_attached(md, t));
    assert_int_equal(ib_md_node_replace(md, t, "x", 1, &err), -1);
    assert_string_equal(err, "the node was removed or replaced before");
    struct ib_md_node *link = nth_of_type(md, "link", 0);
    assert_int_equal(ib_md_node_line(md, link), 3); /* the replaced text's */
    assert_int_equal(ib_md_node_col(md, link), 0);
    assert_int_equal(ib_md_node_set_url(md, link, "https://t.example/x", &err),
                     0);
    assert_int_equal(ib_md_node_set_url(md, link, "https://t.example/SEC-1",
                                        &err),
                     0);
    assert_int_equal(
        ib_md_node_remove(md, nth_of_type(md, "block_quote", 0), &err), 0);
    /* A failed replacement changes nothing. */
    struct ib_md_node *item = nth_of_type(md, "item", 0);
    assert_int_equal(ib_md_node_replace(md, item, "# h", 3, &err), -1);
    assert_string_equal(err, "a list item can only be replaced by list items");
    assert_int_equal(ib_md_node_replace(md, item, "- b\n- c", 7, &err), 0);
    assert_int_equal(ib_md_node_remove(md, ib_md_root(md), &err), -1);
    ib_md_refresh(md);
    assert_int_equal(ib_md_heading_count(md), 1);
    assert_string_equal(ib_md_heading_get(md, 0)->anchor, "new-title");
    assert_true(ib_md_has_anchor(md, "new-title"));
    assert_false(ib_md_has_anchor(md, "old-title"));
    char *html = ib_md_render_html(md);
    assert_contains(html, "<h3 id=\"new-title\">New &amp; title");
    assert_contains(html, "<p>See <a href=\"https://t.example/SEC-1\">SEC-1</a>"
                          " now.</p>");
    assert_lacks(html, "gone");
    assert_contains(html, "<li>b</li>\n<li>c</li>");
    free(html);
    if (brief)
        ib_md_release_tree(md);
    ib_md_free(md);
}

static void
test_node_edits(void **state)
{
    (void)state;
    node_edits(false);
    node_edits(true);
}

/* The ids cmark-gfm writes for footnotes are anchors, exactly those the
 * page has, and no headings. */
static void
test_footnote_anchors(void **state)
{
    (void)state;
    const char *text = "# Head\n\nA[^note], b[^Åtkomst], c[^a&b], d[^note] "
                       "and [^none].\n\n[^note]: The note.\n\n"
                       "[^Åtkomst]: Non-ASCII.\n\n[^a&b]: Ampersand.\n\n"
                       "[^unused]: Not referenced, not rendered.\n";
    static const char *const want[] = {
        "fn-%C3%85tkomst", "fn-a&b",     "fn-note",      "fnref-%C3%85tkomst",
        "fnref-a&b",       "fnref-note", "fnref-note-2",
    };
    size_t nwant = sizeof want / sizeof *want;
    for (int brief = 0; brief < 2; brief++) {
        struct ib_md *md = brief ? ib_md_parse_brief(text, strlen(text), 0)
                                 : ib_md_parse(text, strlen(text), 0);
        char *html = ib_md_render_html(md);
        assert_int_equal(ib_md_note_count(md), nwant);
        for (size_t i = 0; i < nwant; i++) {
            assert_string_equal(ib_md_note_get(md, i), want[i]);
            assert_true(ib_md_has_anchor(md, want[i]));
        }
        assert_null(ib_md_note_get(md, nwant));
        assert_contains(html, "<li id=\"fn-a&amp;b\">");
        assert_contains(html, "id=\"fnref-note-2\"");
        assert_contains(html, "<li id=\"fn-%C3%85tkomst\">");
        assert_lacks(html, "unused");
        if (brief)
            ib_md_release_tree(md);
        /* As a browser follows the link cmark-gfm writes for each. */
        assert_true(ib_md_has_anchor(md, "fn-Åtkomst"));
        assert_true(ib_md_has_anchor(md, "fnref-%C3%85tkomst"));
        assert_true(ib_md_has_anchor(md, "head"));
        assert_false(ib_md_has_anchor(md, "fn-%c3%85tkomst"));
        assert_false(ib_md_has_anchor(md, "fn-åtkomst"));
        assert_false(ib_md_has_anchor(md, "fn-NOTE"));
        assert_false(ib_md_has_anchor(md, "fn-unused"));
        assert_false(ib_md_has_anchor(md, "fn-none"));
        assert_false(ib_md_has_anchor(md, "fnref-note-3"));
        assert_false(ib_md_has_anchor(md, "fn-"));
        assert_int_equal(ib_md_heading_count(md), 1);
        free(html);
        ib_md_free(md);
    }

    /* A cache's copy: sorted and each once, whatever came in. */
    const struct ib_md_heading h = {1, "Head", "head", 1};
    const char *const notes[] = {"fnref-x", "fn-x", "fnref-x"};
    struct ib_md *md = ib_md_from_anchors(&h, 1, notes, 3);
    assert_int_equal(ib_md_note_count(md), 2);
    assert_string_equal(ib_md_note_get(md, 0), "fn-x");
    assert_true(ib_md_has_anchor(md, "fnref-x"));
    assert_true(ib_md_has_anchor(md, "head"));
    assert_false(ib_md_has_anchor(md, "fn-y"));
    ib_md_free(md);

    /* A filter that removes a reference removes its id, not the note's. */
    text = "A[^n] and B[^n].\n\n[^n]: Note.\n";
    md = ib_md_parse(text, strlen(text), 0);
    const char *err = NULL;
    assert_int_equal(
        ib_md_node_remove(md, nth_of_type(md, "footnote_reference", 0), &err),
        0);
    ib_md_refresh(md);
    assert_true(ib_md_has_anchor(md, "fn-n"));
    assert_false(ib_md_has_anchor(md, "fnref-n"));
    assert_true(ib_md_has_anchor(md, "fnref-n-2"));
    char *html = ib_md_render_html(md);
    assert_lacks(html, "id=\"fnref-n\"");
    assert_contains(html, "id=\"fnref-n-2\"");
    free(html);
    ib_md_free(md);
}

/* A replacement's invalid bytes and NULs become U+FFFD in the tree, as a
 * body's do: cmark-gfm is not asked to check UTF-8 itself. */
static void
test_bad_replacement(void **state)
{
    (void)state;
    const char *text = "Old text.\n";
    struct ib_md *md = ib_md_parse(text, strlen(text), 0);
    static const char rep[] = "# Caf\xc3 \xff\n\nNUL \0 here\n";
    const char *err = NULL;
    assert_int_equal(ib_md_node_replace(md, nth_of_type(md, "paragraph", 0),
                                        rep, sizeof rep - 1, &err),
                     0);
    ib_md_refresh(md);
    assert_int_equal(ib_md_heading_count(md), 1);
    assert_string_equal(ib_md_heading_get(md, 0)->text,
                        "Caf\xef\xbf\xbd \xef\xbf\xbd");
    char *plain = ib_md_plain_text(md);
    assert_true(ib_text_valid_utf8(plain, strlen(plain), NULL));
    assert_contains(plain, "NUL \xef\xbf\xbd here");
    free(plain);
    ib_md_free(md);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gfm_tables),
        cmocka_unit_test(test_wiki_link_with_anchor),
        cmocka_unit_test(test_wrapped_link_position),
        cmocka_unit_test(test_wiki_escaped_is_text),
        cmocka_unit_test(test_wiki_escaped_on_continuation_lines),
        cmocka_unit_test(test_gfm_strikethrough_and_tasks),
        cmocka_unit_test(test_gfm_footnotes),
        cmocka_unit_test(test_autolink),
        cmocka_unit_test(test_raw_html_omitted),
        cmocka_unit_test(test_dangerous_links_not_emitted),
        cmocka_unit_test(test_dangerous_url_from_resolver),
        cmocka_unit_test(test_url_is_external),
        cmocka_unit_test(test_node_children),
        cmocka_unit_test(test_external_image_unwrapped),
        cmocka_unit_test(test_url_is_dangerous),
        cmocka_unit_test(test_url_is_dangerous_both_ways),
        cmocka_unit_test(test_raw_html_sanitized),
        cmocka_unit_test(test_raw_html_dropped),
        cmocka_unit_test(test_relative_link_resolved_with_position),
        cmocka_unit_test(test_raw_html_links_resolved),
        cmocka_unit_test(test_wiki_links),
        cmocka_unit_test(test_wiki_column_after_escapes),
        cmocka_unit_test(test_wiki_not_in_code_or_links),
        cmocka_unit_test(test_wiki_refused_by_resolver),
        cmocka_unit_test(test_wiki_in_heading_label),
        cmocka_unit_test(test_slug),
        cmocka_unit_test(test_headings),
        cmocka_unit_test(test_footnote_anchors),
        cmocka_unit_test(test_duplicate_anchors),
        cmocka_unit_test(test_many_equal_headings),
        cmocka_unit_test(test_anchors_in_html),
        cmocka_unit_test(test_heading_ids_only_on_headings),
        cmocka_unit_test(test_plain_text),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_bad_replacement),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_many_wiki_links_on_one_line),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_node_walk),
        cmocka_unit_test(test_link_columns_on_continuation_lines),
        cmocka_unit_test(test_node_edits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
