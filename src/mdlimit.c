/* SPDX-License-Identifier: MIT */
/* Limits a document body must keep before cmark-gfm parses it. */
/*
 * One pass over the lines, no tree: it has to be cheaper than the parse it
 * protects. It over-counts rather than under-counts: it does not know code
 * blocks or HTML blocks, treats every line after a delimiter row as a table
 * row until a blank line, and a run of lines as one paragraph until a blank
 * line, a list item or a table row starts a new one. What each count
 * guards, measured with cmark-gfm 0.29.0.gfm.6:
 * - container markers at a line's start: nesting costs cmark time and
 *   memory per level, and every reader of the HTML a level of recursion;
 * - '|' in a line: the cells of a table row beyond its header's are
 *   dropped in quadratic time;
 * - table cells: rows shorter than the header are filled up, so a wide
 *   header and many one-word rows make columns x rows cells;
 * - '[' in a paragraph: each link closed after unclosed image openers
 *   ("![[]()" repeated) walks back over them;
 * - '@' in a line: each e-mail autolink copies the rest of its text node.
 */
#include "mdlimit.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "markdown.h"
#include "text.h"

/* True if one of the 8 bytes at S is '|', '@' or '[', the bytes the
 * limits count: most of a line is text, read a word at a time. */
static bool
has_counted8(const char *s)
{
    uint64_t x = ib_text_word(s);
    return ib_text_word_has(x, '|') | ib_text_word_has(x, '@') |
           ib_text_word_has(x, '[');
}

static bool
is_blank_char(char c)
{
    return c == ' ' || c == '\t';
}

/* Also what cmark-gfm's table extension skips around cells. */
static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

/* True if L[0..N) is a thematic break made of L[0]'s character. */
static bool
thematic(const char *l, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (l[i] == l[0])
            k++;
        else if (!is_blank_char(l[i]))
            return false;
    }
    return k >= 3;
}

/* Returns the length of a container marker at L[0..N) ('>', a bullet or
 * "1." / "1)" followed by a blank or the end), or 0. */
static size_t
marker(const char *l, size_t n)
{
    size_t q = 0;
    if (l[0] == '>')
        return 1;
    if (l[0] == '-' || l[0] == '+' || l[0] == '*') {
        if (thematic(l, n))
            return 0;
        q = 1;
    } else {
        while (q < n && q < 9 && l[q] >= '0' && l[q] <= '9')
            q++;
        if (q == 0 || q >= n || (l[q] != '.' && l[q] != ')'))
            return 0;
        q++;
    }
    return q == n || is_blank_char(l[q]) ? q : 0;
}

/* True if L[0..N) could be a table's delimiter row, like "|--|:-:|". */
static bool
delimiter_row(const char *l, size_t n)
{
    bool dash = false;
    for (size_t i = 0; i < n; i++) {
        if (l[i] == '-')
            dash = true;
        else if (l[i] != '|' && l[i] != ':' && !is_space(l[i]))
            return false;
    }
    return dash;
}

/* The columns of a delimiter row: the '|'-separated parts with a '-'. */
static size_t
columns(const char *l, size_t n)
{
    size_t cols = 0;
    bool dash = false;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || l[i] == '|') {
            cols += dash;
            dash = false;
        } else if (l[i] == '-') {
            dash = true;
        }
    }
    return cols;
}

static int __attribute__((format(printf, 4, 5)))
refuse(struct ib_mdlimit_over *over, unsigned line, size_t col,
       const char *fmt, ...);

static int
refuse(struct ib_mdlimit_over *over, unsigned line, size_t col,
       const char *fmt, ...)
{
    over->line = line;
    over->col = (unsigned)col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(over->why, sizeof over->why, fmt, ap);
    va_end(ap);
    return -1;
}

/* The most steps links may take walking back over unclosed images in one
 * paragraph of a fragment: what '![' and '[' together can cost within the
 * body limit on '[' (half of them each). */
#define IMAGE_WALKS                                                           \
    ((size_t)IB_MDLIMIT_BRACKETS / 2 * IB_MDLIMIT_BRACKETS)

/* What a fragment's parse may allocate, measured with cmark-gfm
 * 0.29.0.gfm.6 on runs of each construct: at most about 350 bytes for
 * each character that can start an inline node, each line and each
 * container marker ("_a_ " repeated comes closest), and 300 for each
 * table cell; each e-mail autolink copies the rest of its line; plain
 * text takes a few bytes a byte. */
#define SPECIAL_BYTES 700
#define CELL_BYTES 640
#define TEXT_BYTES 8

/* True if cmark-gfm's inline parser (with our extensions) may start a
 * node at C. */
static bool
special(unsigned char c)
{
    switch (c) {
    case '\n': case '\r': case '\\': case '`': case '&': case '_':
    case '*': case '[': case ']': case '<': case '!': case '~': case ':':
    case 'w': case '@': case '|':
        return true;
    default:
        return false;
    }
}

/* True if C is one of the characters that cmark-gfm, even without smart
 * punctuation, takes one at a time, a node each, where parsing resumes:
 * at the start of a line or of a heading's text, and after whatever
 * ended a node (a special character, a link's ')', an entity's ';', one
 * of these). Counted wherever they follow something other than a letter
 * or digit, which takes in all of those places and little prose. */
static bool
one_at_a_time(unsigned char c)
{
    return c == '"' || c == '\'' || c == '.' || c == '-';
}

/* True if C is an ASCII letter or digit, or part of a UTF-8 sequence. */
static bool
is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c >= 0x80;
}

/*
 * The scan of ib_mdlimit_check and ib_mdlimit_fragment: returns 0, or -1
 * after filling *OVER. For a FRAGMENT, the bracket limit counts image
 * openers, and *MOST gets what the parse may allocate.
 */
static int
scan(const char *text, size_t len, unsigned line_offset, bool fragment,
     size_t *most, struct ib_mdlimit_over *over)
{
    size_t weight = 0;   /* specials and markers, in a fragment */
    size_t copies = 0;   /* bytes e-mail autolinks may copy */
    size_t brackets = 0; /* '[' in the paragraph so far */
    size_t images = 0;   /* of which image openers, "![" */
    size_t cells = 0;    /* table cells in the document so far */
    size_t cols = 0;     /* the current table's columns; 0 outside one */
    bool prev_text = false;
    unsigned line = line_offset;
    size_t i = 0;
    while (i < len) {
        /* The line ends at the first '\n' or '\r' (memchr is fast). */
        size_t s = i, e = len;
        const char *nl = memchr(text + i, '\n', len - i);
        if (nl)
            e = (size_t)(nl - text);
        const char *cr = memchr(text + i, '\r', e - i);
        if (cr)
            e = (size_t)(cr - text);
        i = e < len && text[e] == '\r' && e + 1 < len && text[e + 1] == '\n'
                ? e + 2
                : e + 1;
        line++;
        const char *l = text + s;
        size_t n = e - s;

        size_t p = 0, depth = 0;
        bool item = false;
        for (;;) {
            while (p < n && is_blank_char(l[p]))
                p++;
            size_t m = p < n ? marker(l + p, n - p) : 0;
            if (m == 0)
                break;
            if (++depth > IB_MDLIMIT_NESTING)
                return refuse(over, line, p + 1,
                              "block quotes and list items nest deeper "
                              "than %d levels",
                              IB_MDLIMIT_NESTING);
            item |= l[p] != '>';
            p += m;
        }
        if (fragment) { /* blank lines and markers take nodes too */
            weight += depth + 1;
            for (size_t k = p; k < n; k++) {
                unsigned char c = (unsigned char)l[k];
                weight += special(c) ||
                          (one_at_a_time(c) &&
                           (k == p || !is_word_byte((unsigned char)l[k - 1])));
            }
        }
        /* A delimiter row may look like a list item ("-") or a setext
         * underline; a table of one column needs no '|'. */
        size_t lead = 0;
        while (lead < n && is_blank_char(l[lead]))
            lead++;
        bool delim =
            cols == 0 && prev_text &&
            (delimiter_row(l + p, n - p) || delimiter_row(l + lead, n - lead));
        if (p >= n && !delim) { /* blank, or markers only: paragraph ends */
            brackets = images = cols = 0;
            prev_text = false;
            continue;
        }
        if (item)
            brackets = images = 0;

        /* One pass counts the '|' and '@' of the line and sees whether
         * it has a '[' to count below. */
        size_t pipes = 0, at = 0, past = 0;
        bool bracket = false;
        for (size_t k = 0; k < n; k++) {
            while (k + 8 <= n && !has_counted8(l + k))
                k += 8;
            if (k == n)
                break;
            char c = l[k];
            if (c != '|' && c != '@' && c != '[')
                continue;
            if (!past && ((c == '|' && ++pipes > IB_MDLIMIT_PIPES) ||
                          (c == '@' && ++at > IB_MDLIMIT_AT)))
                past = k + 1;
            bracket |= c == '[' && k >= p;
        }
        if (past && l[past - 1] == '|')
            return refuse(over, line, past,
                          "more than %d '|' in one line (table cells)",
                          IB_MDLIMIT_PIPES);
        if (past)
            return refuse(over, line, past,
                          "more than %d '@' in one line (e-mail "
                          "autolinks)",
                          IB_MDLIMIT_AT);
        if (fragment)
            copies += at * n;
        if (cols > 0) {
            cells += pipes + 1 > cols ? pipes + 1 : cols;
            brackets = images = 0;
        } else if (delim) {
            cols = columns(l + lead, n - lead);
            cells += 2 * cols;
            brackets = images = 0;
        }
        if (cells > IB_MDLIMIT_CELLS)
            return refuse(over, line, 1,
                          "more than %d table cells in this document",
                          IB_MDLIMIT_CELLS);
        for (size_t k = p; bracket && !fragment && k < n; k++)
            if (l[k] == '[' && ++brackets > IB_MDLIMIT_BRACKETS)
                return refuse(over, line, k + 1,
                              "more than %d '[' in one paragraph (links "
                              "and images)",
                              IB_MDLIMIT_BRACKETS);
        /* What the walks cost: as many as the body limit allows at most. */
        for (size_t k = p; bracket && fragment && k < n; k++) {
            if (l[k] != '[')
                continue;
            brackets++;
            images += k > 0 && l[k - 1] == '!';
            if (images * brackets > IMAGE_WALKS)
                return refuse(over, line, k + 1,
                              "%zu '![' and %zu '[' in one paragraph (each "
                              "link after unclosed images walks back over "
                              "them)",
                              images, brackets);
        }
        prev_text = true;
    }
    if (most)
        *most = weight * SPECIAL_BYTES + cells * CELL_BYTES +
                len * TEXT_BYTES + copies + 4096;
    return 0;
}

int
ib_mdlimit_fragment(const char *text, size_t len, size_t *most,
                    struct ib_mdlimit_over *over)
{
    return scan(text, len, 0, true, most, over);
}

int
ib_mdlimit_check(const char *file, const char *text, size_t len,
                 unsigned line_offset, struct ib_diag *d)
{
    struct ib_mdlimit_over over;
    if (scan(text, len, line_offset, false, NULL, &over) == 0)
        return 0;
    ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){file, over.line, over.col},
                "document-too-complex",
                "%s; the document is not parsed as Markdown", over.why);
    return -1;
}

struct ib_md *
ib_mdlimit_parse(const char *file, const char *text, size_t len,
                 unsigned line_offset, bool brief, struct ib_diag *d)
{
    struct ib_md *(*parse)(const char *, size_t, unsigned) =
        brief ? ib_md_parse_brief : ib_md_parse;
    if (ib_mdlimit_check(file, text, len, line_offset, d) == 0)
        return parse(text, len, line_offset);
    /* A fence longer than any run of '~' in the text is never closed, and
     * nothing inside a code block is parsed. */
    size_t run = 0, longest = 0;
    for (size_t i = 0; i < len; i++) {
        run = text[i] == '~' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    struct ib_buf b;
    ib_buf_init(&b);
    for (size_t i = 0; i < (longest < 3 ? 3 : longest + 1); i++)
        ib_buf_putc(&b, '~');
    ib_buf_putc(&b, '\n');
    ib_buf_put(&b, text, len);
    struct ib_md *md =
        parse(ib_buf_cstr(&b), b.len, line_offset ? line_offset - 1 : 0);
    ib_buf_fini(&b);
    return md;
}
