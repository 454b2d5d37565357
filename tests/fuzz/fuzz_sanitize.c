/* SPDX-License-Identifier: MIT */
/* Fuzz target: the raw-HTML allow-list, alone and inside a Markdown body. */

/*
 * The input is raw HTML, and also a Markdown body rendered with
 * markdown.raw_html: sanitize. Properties, checked on every tag of the
 * output (in our output a '<' always opens a tag: text escapes it):
 *
 * - no <script, no attribute whose name starts with "on", no style
 *   attribute, in any case;
 * - no href or src that starts with "javascript:" (in any case, after
 *   undoing the entities our serialiser writes and dropping whitespace)
 *   or that ib_md_url_is_dangerous refuses;
 * - ib_sanitize_html writes only allow-listed elements, and no src that
 *   names another host or a scheme; ib_sanitize_tag writes one tag of
 *   the inline list; all output is UTF-8;
 * - the same holds when a URL hook (ib_sanitize_html_urls) or a link
 *   resolver answers with hostile URLs, and no "id:" URL is written.
 */
#include "fuzz.h"

#include <stdbool.h>
#include <strings.h>

#include "buf.h"
#include "markdown.h"
#include "sanitize.h"
#include "text.h"

static int
lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/*
 * Returns text [S, S+N) with the entities we write undone, as a new
 * string. AS_URL: dropping what a browser drops from a URL (leading
 * controls and spaces, tabs and newlines); else lower-cased, without
 * any control or space.
 */
static char *
squeeze(const char *s, size_t n, bool as_url)
{
    static const struct {
        const char *ent;
        char c;
    } ents[] = {{"&amp;", '&'},
                {"&quot;", '"'},
                {"&#39;", '\''},
                {"&lt;", '<'},
                {"&gt;", '>'}};
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
        if (k < sizeof ents / sizeof *ents)
            continue;
        unsigned char c = (unsigned char)s[i++];
        bool drop = as_url ? (c == '\t' || c == '\n' || c == '\r' ||
                              (c <= 0x20 && b.len == 0))
                           : c <= 0x20;
        if (!drop)
            ib_buf_putc(&b, as_url ? c : lower(c));
    }
    ib_buf_cstr(&b);
    return ib_buf_take(&b);
}

static bool
name_in(const char *name, size_t n, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == n && memcmp(list[i], name, n) == 0)
            return true;
    return false;
}

static const char *const block_tags[] = {
    "a",    "abbr",    "b",        "blockquote", "br",     "caption", "cite",
    "code", "col",     "colgroup", "dd",         "del",    "details", "div",
    "dl",   "dt",      "em",       "figcaption", "figure", "hr",      "i",
    "img",  "ins",     "kbd",      "li",         "mark",   "ol",      "p",
    "pre",  "q",       "s",        "samp",       "small",  "span",    "strong",
    "sub",  "summary", "sup",      "table",      "tbody",  "td",      "tfoot",
    "th",   "thead",   "tr",       "u",          "ul",     "var",     NULL,
};

static const char *const inline_tags[] = {
    "kbd",   "sub",  "sup", "br", "abbr", "mark",   "s", "ins", "del",
    "small", "code", "b",   "i",  "em",   "strong", "u", NULL,
};

/* Checks the attribute NAME=VALUE (VALUE as written, quoted); STRICT: it
 * comes from the sanitiser, so a src must be an image of the site. */
static void
check_attr(const char *name, size_t nlen, const char *v, size_t vlen,
           bool strict)
{
    fuzz_assert(!(nlen >= 2 && lower(name[0]) == 'o' && lower(name[1]) == 'n'));
    fuzz_assert(!(nlen == 5 && strncmp(name, "style", 5) == 0));
    bool href = nlen == 4 && strncmp(name, "href", 4) == 0;
    bool src = nlen == 3 && strncmp(name, "src", 3) == 0;
    if (!href && !src)
        return;
    char *url = squeeze(v, vlen, true);
    fuzz_assert(strncasecmp(url, "javascript:", 11) != 0);
    fuzz_assert(!ib_md_url_is_dangerous(url));
    /* An id: link is the resolver's to replace, never to publish. */
    fuzz_assert(!strict || strncasecmp(url, "id:", 3) != 0);
    if (src && strict) {
        bool slash0 = url[0] == '/' || url[0] == '\\';
        bool slash1 = url[0] && (url[1] == '/' || url[1] == '\\');
        fuzz_assert(url[0] && !(slash0 && slash1));
        /* No scheme: a letter, then letters, digits, '+', '-', '.'. */
        static const char alpha[] = "abcdefghijklmnopqrstuvwxyz"
                                    "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        size_t k = strspn(url, alpha);
        if (k > 0)
            k += strspn(url + k, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"
                                 "OPQRSTUVWXYZ0123456789+-.");
        fuzz_assert(k == 0 || url[k] != ':');
    }
    free(url);
}

/*
 * Checks every tag of HTML; TAGS, unless NULL, lists the element names
 * allowed, and the HTML comes from the sanitiser. Returns the number of
 * tags.
 */
static size_t
check_html(const char *html, const char *const *tags)
{
    bool strict = tags != NULL;
    size_t n = 0, bad;
    fuzz_assert(ib_text_valid_utf8(html, strlen(html), &bad));
    for (const char *p = html; (p = strchr(p, '<')) != NULL; n++) {
        const char *end = strchr(p, '>');
        fuzz_assert(end);
        char *all = squeeze(p, (size_t)(end - p + 1), false);
        fuzz_assert(strncmp(all, "<script", 7) != 0);
        free(all);
        p++;
        if (strncmp(p, "!--", 3) == 0) {
            p = strstr(p, "-->");
            fuzz_assert(p);
            continue;
        }
        if (*p == '/')
            p++;
        const char *name = p;
        while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
            p++;
        fuzz_assert(p > name);
        if (tags)
            fuzz_assert(name_in(name, (size_t)(p - name), tags));
        while (p < end) {
            while (*p == ' ' || *p == '/')
                p++;
            if (p >= end)
                break;
            const char *an = p;
            while (p < end && *p != '=' && *p != ' ' && *p != '/')
                p++;
            size_t alen = (size_t)(p - an);
            if (*p != '=') {
                check_attr(an, alen, "", 0, strict);
                continue;
            }
            fuzz_assert(p[1] == '"');
            const char *v = p + 2, *q = strchr(v, '"');
            fuzz_assert(q && q < end);
            check_attr(an, alen, v, (size_t)(q - v), strict);
            p = q + 1;
        }
        p = end + 1;
    }
    return n;
}

/* A hostile answer to a URL: the URL behind a prefix its length picks,
 * some of which the attribute's check must refuse. */
static const char *const prefixes[] = {
    "", "javascript:", "//evil.example/", "https://evil.example/", "id:",
    "data:text/html,", "\"><script>", "../", NULL,
};

static char *
answer(const char *url)
{
    size_t n = 0;
    while (prefixes[n])
        n++;
    struct ib_buf b;
    ib_buf_init(&b);
    ib_buf_printf(&b, "%s%s", prefixes[strlen(url) % n], url);
    ib_buf_cstr(&b);
    return ib_buf_take(&b);
}

static char *
hostile_url(void *ud, const struct ib_sanitize_url *u)
{
    /* Positions are in the text made valid UTF-8: a bad byte becomes
     * U+FFFD, three bytes. */
    size_t len = *(size_t *)ud;
    fuzz_assert(u->url && !ib_md_url_is_dangerous(u->url));
    fuzz_assert(u->line <= len + 1 && u->col <= 3 * len + 1);
    return answer(u->url);
}

static int
hostile_link(void *ud, const struct ib_md_link *link, char **new_url,
             char **label)
{
    (void)ud;
    (void)label;
    *new_url = answer(link->url);
    return link->is_image ? -1 : 0;
}

static void
count_report(void *ud, unsigned line, unsigned col, const char *msg)
{
    (void)col;
    fuzz_assert(msg && *msg);
    fuzz_assert(line > 0);
    ++*(size_t *)ud;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;

    struct ib_sanitize_report rep = {0};
    char *out = ib_sanitize_html(text, size, &rep);
    check_html(out, block_tags);
    fuzz_assert(rep.removed == 0 || rep.first[0]);
    free(out);

    /* Whatever a resolver answers passes the same checks: no id: URL,
     * no scheme in a src, nothing dangerous. */
    out = ib_sanitize_html_urls(text, size, NULL, hostile_url, &size);
    check_html(out, block_tags);
    free(out);

    struct ib_sanitize_tag t;
    ib_sanitize_tag(text, size, &t, NULL);
    if (t.html)
        fuzz_assert(check_html(t.html, inline_tags) == 1);
    else
        fuzz_assert(t.kind == IB_SANITIZE_COMMENT ||
                    t.kind == IB_SANITIZE_REMOVED);
    ib_sanitize_tag_fini(&t);

    struct ib_md *md = ib_md_parse(text, size, 3);
    size_t said = 0;
    ib_md_set_raw_html(md, IB_MD_RAW_HTML_SANITIZE, count_report, &said);
    char *html = ib_md_render_html(md);
    check_html(html, NULL);
    free(html);
    ib_md_free(md);

    md = ib_md_parse(text, size, 3);
    ib_md_set_raw_html(md, IB_MD_RAW_HTML_SANITIZE, NULL, NULL);
    ib_md_resolve_links(md, hostile_link, NULL);
    ib_md_set_raw_html(md, IB_MD_RAW_HTML_SANITIZE, count_report, &said);
    html = ib_md_render_html(md);
    check_html(html, NULL);
    free(html);
    ib_md_free(md);
    return 0;
}
