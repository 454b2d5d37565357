/* SPDX-License-Identifier: MIT */
/* Fuzz target: the Markdown pipeline, from parse to HTML and plain text. */

/*
 * The input is a document body. It goes the way site.c takes it: parse
 * (after a pretend front matter of LINE_OFFSET lines), resolve every link
 * with a resolver that rewrites .md links and [[ID]]s, refuses some and
 * turns others into javascript: URLs, look up anchors, then render HTML
 * and plain text and walk the tree as filters do. Properties:
 *
 * - headings have levels 1-6, non-empty anchors unique in the document
 *   that ib_md_has_anchor finds, and appear in the HTML in the same
 *   order with those ids;
 * - the HTML is UTF-8, holds only the tags cmark-gfm and markdown.c
 *   write (raw HTML never passes), no event-handler or style attribute,
 *   and no href or src that ib_md_url_is_dangerous refuses;
 * - positions of links, headings and nodes lie inside the file.
 */
#include "fuzz.h"

#include <stdbool.h>

#include "buf.h"
#include "html_check.h"
#include "markdown.h"
#include "text.h"
#include "xmalloc.h"

#define LINE_OFFSET 7

struct seen {
    unsigned max_line;
    size_t links;
};

static int
resolve(void *ud, const struct ib_md_link *link, char **new_url, char **label)
{
    struct seen *s = ud;
    s->links++;
    fuzz_assert(link->url);
    fuzz_assert(link->line <= s->max_line);
    fuzz_assert(link->line == 0 || link->line > LINE_OFFSET);
    const char *url = link->url;
    if (strstr(url, "refuse"))
        return -1;
    if (strstr(url, "evil")) {
        *new_url = ib_xstrdup(" JaVa\tScRiPt:alert(1)");
        return 0;
    }
    if (link->is_wiki || strncmp(url, "id:", 3) == 0) {
        const char *hash = strchr(url, '#');
        struct ib_buf b;
        ib_buf_init(&b);
        ib_buf_puts(&b, "../policies/doc.html");
        if (hash)
            ib_buf_puts(&b, hash);
        *new_url = ib_buf_take(&b);
        if (link->is_wiki)
            *label = ib_xstrdup("<b>Access & \"Control\"</b> 'policy'");
        return 0;
    }
    const char *md = strstr(url, ".md");
    if (md && (md[3] == '\0' || md[3] == '#' || md[3] == '?')) {
        struct ib_buf b;
        ib_buf_init(&b);
        ib_buf_put(&b, url, (size_t)(md - url));
        ib_buf_puts(&b, ".html");
        ib_buf_puts(&b, md + 3);
        *new_url = ib_buf_take(&b);
    }
    return 0;
}

static void
walk_nodes(struct ib_md *md, unsigned max_line)
{
    struct ib_md_node *root = ib_md_root(md);
    size_t n = ib_md_node_list(md, root, NULL, 0);
    struct ib_md_node **nodes = ib_xmalloc((n ? n : 1) * sizeof(*nodes));
    fuzz_assert(ib_md_node_list(md, root, nodes, n) == n);
    struct ib_buf b;
    ib_buf_init(&b);
    for (size_t i = 0; i < n; i++) {
        struct ib_md_node *x = nodes[i];
        fuzz_assert(ib_md_node_type(x));
        fuzz_assert(ib_md_node_parent(x));
        fuzz_assert(ib_md_node_is_attached(md, x));
        fuzz_assert(ib_md_node_line(md, x) <= max_line);
        ib_md_node_col(md, x);
        ib_buf_reset(&b);
        ib_md_node_text(x, &b);
        ib_md_node_url(x);
        ib_md_node_title(x);
        ib_md_node_info(x);
        int level = ib_md_node_level(x);
        fuzz_assert(level >= 0 && level <= 6);
    }
    ib_buf_fini(&b);
    free(nodes);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    unsigned max_line = LINE_OFFSET + 1;
    for (size_t i = 0; i < size; i++)
        max_line += data[i] == '\n' || data[i] == '\r';

    struct ib_md *md = ib_md_parse(text, size, LINE_OFFSET);
    fuzz_assert(md);
    struct seen s = {max_line, 0};
    ib_md_resolve_links(md, resolve, &s);
    fuzz_check_headings(md, max_line);
    walk_nodes(md, max_line);

    char *html = ib_md_render_html(md);
    fuzz_check_html(md, html);
    free(html);

    char *plain = ib_md_plain_text(md);
    size_t bad;
    fuzz_assert(ib_text_valid_utf8(plain, strlen(plain), &bad));
    free(plain);

    struct ib_buf slug;
    ib_buf_init(&slug);
    ib_md_slug(text, size < 200 ? size : 200, &slug);
    fuzz_assert(slug.len > 0);
    ib_buf_fini(&slug);

    ib_md_free(md);
    return 0;
}
