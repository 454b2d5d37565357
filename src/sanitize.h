/* SPDX-License-Identifier: MIT */
/* Raw HTML from Markdown, reduced to an allow-list of elements and attributes.
 */
#ifndef IB_SANITIZE_H
#define IB_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * What sanitising removed: the number of elements and attributes taken
 * out (comments, whitespace and implied html/head/body do not count), and
 * a short description of the first one, such as "<script> and its
 * content" or "the 'onclick' attribute of <a>", with its line. Zero it
 * before use; the calls below add to it.
 */
struct ib_sanitize_report {
    size_t removed;
    char first[96];
    unsigned line; /* of the first, 1-based in the HTML given; 0 unknown */
};

/*
 * Parses LEN bytes of HTML (a fragment, as in a Markdown HTML block) with
 * libxml2's HTML parser and returns what the allow-list keeps, written
 * afresh: allowed elements with their allowed attributes, every text and
 * attribute value escaped again, comments dropped. A disallowed element is
 * dropped with its tags only (its text stays), except script, style,
 * iframe, object, embed, template, noscript, svg, math, form and the
 * like, which go with all their content. URLs must be of this site, or
 * for <a href> also http, https, mailto or tel; the README lists the
 * rules. Invalid UTF-8 becomes U+FFFD. Adds to *REP unless REP is NULL.
 * Returns a new string (possibly empty); free with free().
 */
char *ib_sanitize_html(const char *html, size_t len,
                       struct ib_sanitize_report *rep);

/*
 * A URL the allow-list keeps: the href of an <a> or the src of an <img>,
 * without the spaces around it that browsers ignore. LINE and COL are
 * 1-based in the HTML given, those of the attribute's name; COL counts
 * bytes and is 0 when unknown (LINE is then the element's).
 */
struct ib_sanitize_url {
    const char *url;
    bool is_image;
    unsigned line, col;
};

/*
 * Asked once per kept URL, in document order: returns a new string to
 * write instead (free with free()), or NULL to keep the URL. What it
 * returns must pass the same checks as the URL it replaces, or the URL
 * stays as written.
 */
typedef char *(*ib_sanitize_url_fn)(void *ud, const struct ib_sanitize_url *u);

/*
 * As ib_sanitize_html, asking FN (unless NULL) about each URL it keeps.
 * With FN, an href of the form "id:ID" passes too, to be replaced: FN's
 * answer is written, and without one the href is left out silently (FN
 * has reported why). No "id:" URL is ever written.
 */
char *ib_sanitize_html_urls(const char *html, size_t len,
                            struct ib_sanitize_report *rep,
                            ib_sanitize_url_fn fn, void *ud);

/*
 * Inline raw HTML arrives one tag at a time (cmark gives "<kbd>", the
 * text, then "</kbd>" as separate nodes), so the caller pairs the tags.
 * KIND says what one tag is: an opening or closing tag of an element
 * allowed inline, a void one (<br>), a comment, or something removed (a
 * disallowed element, a declaration, an allowed element with a bad
 * attribute value keeps the element: only the attribute goes).
 */
enum ib_sanitize_kind {
    IB_SANITIZE_OPEN,
    IB_SANITIZE_CLOSE,
    IB_SANITIZE_VOID,
    IB_SANITIZE_COMMENT,
    IB_SANITIZE_REMOVED,
};

struct ib_sanitize_tag {
    enum ib_sanitize_kind kind;
    char name[16]; /* element name, lower case; "" when not an element */
    char *html;    /* OPEN, CLOSE, VOID: the tag to write; else NULL */
};

/*
 * Sorts the LEN bytes of LIT, one raw HTML inline literal, into *T; only
 * the inline allow-list (kbd, sub, sup, br, abbr, mark, s, ins, del,
 * small, code, b, i, em, strong, u) passes, with the allowed attributes.
 * Opening and void tags that lose something are added to *REP (unless
 * NULL); closing tags never are. Release T->html with
 * ib_sanitize_tag_fini.
 */
void ib_sanitize_tag(const char *lit, size_t len, struct ib_sanitize_tag *t,
                     struct ib_sanitize_report *rep);
void ib_sanitize_tag_fini(struct ib_sanitize_tag *t);

#endif
