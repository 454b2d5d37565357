/* SPDX-License-Identifier: MIT */
/* An oracle for the HTML markdown.c writes, shared by fuzz targets. */
#ifndef IB_FUZZ_HTML_CHECK_H
#define IB_FUZZ_HTML_CHECK_H

/*
 * fuzz_check_html(MD, HTML) asserts what SPEC section 9 promises of a
 * rendered body, whatever the Markdown or a filter made of it: the HTML
 * is UTF-8; it holds only the tags cmark-gfm and markdown.c write (raw
 * HTML never passes); no event-handler or style attribute; no href or
 * src that ib_md_url_is_dangerous refuses; and the headings appear in
 * the order of ib_md_heading_get, each with its level and anchor as id.
 *
 * fuzz_check_headings(MD, MAX_LINE) asserts that headings have levels
 * 1-6, lines up to MAX_LINE, and non-empty anchors, unique in the
 * document, that ib_md_has_anchor finds.
 *
 * fuzz_check_html also asserts that the ids of the other tags (the
 * footnotes') are exactly ib_md_note_get's, which ib_md_has_anchor finds.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "markdown.h"
#include "text.h"

/* Decodes the entities cmark and ib_buf_put_html write in attributes. */
static inline char *
attr_value(const char *s, size_t n)
{
    static const struct {
        const char *ent;
        char c;
    } ents[] = {{"&amp;", '&'},  {"&quot;", '"'}, {"&#x27;", '\''},
                {"&#39;", '\''}, {"&lt;", '<'},   {"&gt;", '>'}};
    struct ib_buf b;
    ib_buf_init(&b);
    for (size_t i = 0; i < n;) {
        size_t k = 0;
        for (; k < sizeof ents / sizeof *ents; k++) {
            size_t el = strlen(ents[k].ent);
            if (i + el <= n && memcmp(s + i, ents[k].ent, el) == 0) {
                ib_buf_putc(&b, ents[k].c);
                i += el;
                break;
            }
        }
        if (k == sizeof ents / sizeof *ents)
            ib_buf_putc(&b, s[i++]);
    }
    ib_buf_cstr(&b);
    return ib_buf_take(&b);
}

static inline bool
is_allowed_tag(const char *name, size_t n)
{
    static const char *const tags[] = {
        "p",       "h1",    "h2",  "h3",         "h4", "h5",    "h6",
        "a",       "img",   "ul",  "ol",         "li", "em",    "strong",
        "del",     "code",  "pre", "blockquote", "hr", "br",    "table",
        "thead",   "tbody", "tr",  "th",         "td", "input", "sup",
        "section", "div",   NULL,
    };
    for (size_t i = 0; tags[i]; i++)
        if (strlen(tags[i]) == n && memcmp(tags[i], name, n) == 0)
            return true;
    return false;
}

/* Checks the tag that starts at P (after '<'); returns where it ends. */
static inline const char *
check_tag(const char *p)
{
    if (strncmp(p, "!--", 3) == 0) {
        const char *end = strstr(p, "-->");
        fuzz_assert(end);
        return end + 3;
    }
    if (*p == '/')
        p++;
    const char *name = p;
    while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
        p++;
    fuzz_assert(is_allowed_tag(name, (size_t)(p - name)));
    while (*p && *p != '>') {
        while (*p == ' ' || *p == '/')
            p++;
        if (*p == '>' || !*p)
            break;
        const char *an = p;
        while (*p && *p != '=' && *p != ' ' && *p != '>' && *p != '/')
            p++;
        size_t alen = (size_t)(p - an);
        fuzz_assert(alen > 0);
        fuzz_assert(!(alen >= 2 && (an[0] == 'o' || an[0] == 'O') &&
                      (an[1] == 'n' || an[1] == 'N')));
        fuzz_assert(!(alen == 5 && strncmp(an, "style", 5) == 0));
        if (*p != '=')
            continue;
        p++;
        fuzz_assert(*p == '"');
        const char *v = ++p;
        while (*p && *p != '"')
            p++;
        fuzz_assert(*p == '"');
        if ((alen == 4 && strncmp(an, "href", 4) == 0) ||
            (alen == 3 && strncmp(an, "src", 3) == 0)) {
            char *url = attr_value(v, (size_t)(p - v));
            fuzz_assert(!ib_md_url_is_dangerous(url));
            free(url);
        }
        p++;
    }
    fuzz_assert(*p == '>');
    return p + 1;
}

/* The ids in HTML outside headings are the footnotes' of MD, all. */
static inline void
check_notes(const struct ib_md *md, const char *html)
{
    size_t n = ib_md_note_count(md);
    bool *seen = calloc(n + 1, sizeof(*seen));
    fuzz_assert(seen);
    for (const char *p = html; (p = strstr(p, " id=\"")) != NULL;) {
        const char *tag = p;
        while (tag > html && *tag != '<')
            tag--;
        const char *v = p + 5, *end = strchr(v, '"');
        fuzz_assert(*tag == '<' && end);
        if (!(tag[1] == 'h' && tag[2] >= '1' && tag[2] <= '6')) {
            char *id = attr_value(v, (size_t)(end - v));
            size_t i = 0;
            while (i < n && strcmp(ib_md_note_get(md, i), id) != 0)
                i++;
            fuzz_assert(i < n);
            seen[i] = true;
            free(id);
        }
        p = end;
    }
    for (size_t i = 0; i < n; i++) {
        fuzz_assert(seen[i]);
        fuzz_assert(ib_md_has_anchor(md, ib_md_note_get(md, i)));
        fuzz_assert(i == 0 || strcmp(ib_md_note_get(md, i - 1),
                                     ib_md_note_get(md, i)) < 0);
    }
    fuzz_assert(ib_md_note_get(md, n) == NULL);
    free(seen);
}

static inline void
fuzz_check_html(const struct ib_md *md, const char *html)
{
    check_notes(md, html);
    size_t bad;
    fuzz_assert(ib_text_valid_utf8(html, strlen(html), &bad));
    size_t next = 0, nheads = ib_md_heading_count(md);
    struct ib_buf want;
    ib_buf_init(&want);
    for (const char *p = html; (p = strchr(p, '<')) != NULL;) {
        p++;
        if (p[0] == 'h' && p[1] >= '1' && p[1] <= '6' && p[2] == ' ') {
            const struct ib_md_heading *h = ib_md_heading_get(md, next++);
            fuzz_assert(h);
            fuzz_assert(p[1] - '0' == h->level);
            ib_buf_reset(&want);
            ib_buf_puts(&want, " id=\"");
            ib_buf_put_html(&want, h->anchor, strlen(h->anchor));
            ib_buf_putc(&want, '"');
            fuzz_assert(strncmp(p + 2, ib_buf_cstr(&want), want.len) == 0);
        }
        p = check_tag(p);
    }
    fuzz_assert(next == nheads);
    ib_buf_fini(&want);
}

static inline int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static inline void
fuzz_check_headings(const struct ib_md *md, unsigned max_line)
{
    size_t n = ib_md_heading_count(md);
    const char **anchors = malloc((n ? n : 1) * sizeof(*anchors));
    fuzz_assert(anchors);
    for (size_t i = 0; i < n; i++) {
        const struct ib_md_heading *h = ib_md_heading_get(md, i);
        fuzz_assert(h && h->level >= 1 && h->level <= 6);
        fuzz_assert(h->text && h->anchor && h->anchor[0]);
        fuzz_assert(h->line <= max_line);
        fuzz_assert(ib_md_has_anchor(md, h->anchor));
        anchors[i] = h->anchor;
    }
    fuzz_assert(ib_md_heading_get(md, n) == NULL);
    qsort(anchors, n, sizeof(*anchors), cmp_str);
    for (size_t i = 1; i < n; i++)
        fuzz_assert(strcmp(anchors[i - 1], anchors[i]) != 0);
    free(anchors);
}

#endif
