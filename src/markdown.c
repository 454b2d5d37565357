/* SPDX-License-Identifier: MIT */
/* Markdown documents through cmark-gfm: the only file that includes it. */
#include "markdown.h"

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "buf.h"
#include "hash.h"
#include "mdheap.h"
#include "mdpin.h"
#include "sanitize.h"
#include "text.h"
#include "xmalloc.h"

/*
 * An ib_md owns one cmark tree (default allocator, released with
 * cmark_node_free) and its headings: their node, text and anchor, plus an
 * open-addressing set of the anchors. The invariant: heads[] lists every
 * heading node of the tree in the order cmark renders them, and no two
 * anchors are equal. Every walk uses cmark's iterator, so nesting depth
 * costs no C stack.
 *
 * [[ID]] becomes a link node right after parsing, so filters and the
 * resolver see one kind of link; its source position lives in the node's
 * user data because nodes we create have none. Anchors come from the text
 * before resolution ("[[POL-001]]" counts as "POL-001"), so they do not move
 * when a title changes. Dangerous URLs are replaced when rendering, the one
 * place every URL passes whoever set it.
 *
 * Heading ids are added by rewriting cmark's HTML rather than by custom
 * nodes, which would hide the headings from later tree walks. This is sound
 * because in safe mode cmark escapes every '<' that comes from the document
 * (text, code, attributes) and replaces raw HTML by a comment, so each
 * "<hN>" in its output is a heading node, in tree order; footnote
 * definitions are moved to the end of the tree, where they are rendered.
 * The tests keep that claim honest.
 */

/* Without CMARK_OPT_VALIDATE_UTF8: every text reaches cmark-gfm as
 * UTF-8 already (valid_text), and checking it again was 1.4 % of a
 * build's instructions. */
#define PARSE_OPTS CMARK_OPT_FOOTNOTES

static const char *const extension_names[] = {
    "table", "strikethrough", "autolink", "tagfilter", "tasklist",
};

#define NEXTENSIONS (sizeof extension_names / sizeof *extension_names)

/* The extensions of extension_names found, in that order, and the same as
 * the list the HTML renderer takes; set once by register_extensions. */
static pthread_once_t registered = PTHREAD_ONCE_INIT;
static cmark_syntax_extension *extensions[NEXTENSIONS];
static size_t nextensions;
static cmark_llist *render_extensions;
/* Whether parsers may finish side by side (see mdpin.h); if not, they
 * take FINISH_LOCK in turns. */
static bool finish_at_once;
static pthread_mutex_t finish_lock = PTHREAD_MUTEX_INITIALIZER;

struct heading {
    struct ib_md_heading pub;
    cmark_node *node;
    char *text;
    char *anchor;
    unsigned next_suffix; /* next "-N" to try when this anchor recurs */
};

/*
 * What the tree itself cannot hold about a node: that filters removed it
 * (DETACHED), or that a replacement brought it in (PLACED), with the line
 * of the node it replaced, since cmark's positions are then those of the
 * replacement text.
 */
enum { MARK_DETACHED = 1, MARK_PLACED = 2 };

struct mark {
    const cmark_node *node; /* NULL: empty slot */
    unsigned line;
    unsigned flags;
};

struct ib_md {
    cmark_node *doc;
    /* The tree's allocator: cmark-gfm links only nodes of one allocator.
     * With HEAP, ib_mdheap_mem's, which takes memory from HEAP while HEAP
     * is current (ib_mdheap_use): during every call of this module on
     * the tree that makes cmark-gfm allocate. Outside them, each iterator
     * and each literal cmark-gfm NUL-terminates would be a malloc and,
     * later, a free. The document node's user data is the ib_md, so a
     * function given only a node finds the heap (hold_heap). */
    cmark_mem *mem;
    struct ib_mdheap *heap;
    /* A filter changed the tree (check_editable). Its changes may hold
     * malloc's memory (the edits do not make HEAP current), so the tree
     * is freed node by node; else, with HEAP, all its memory is HEAP's
     * (every reading call here holds it) and goes with it. */
    bool edited;
    unsigned line_offset;
    struct heading *heads;
    size_t nheads;
    size_t *slots; /* index + 1 into heads, 0 = empty; nslots a power of 2 */
    size_t nslots;
    /* The ids cmark-gfm gives footnotes and the references to them, as
     * the page's DOM holds them: sorted, each once (collect_notes). */
    char **notes;
    size_t nnotes;
    /* Filter edits: node marks (open addressing, a power of 2 or 0), and
     * the trees taken out of the document, freed only by ib_md_free so a
     * filter's handle never dangles and a mark's key is never reused. */
    struct mark *marks;
    size_t nmarks, capmarks;
    cmark_node **grave;
    size_t ngrave, capgrave;
    bool dirty; /* headings need collecting again */
    size_t added; /* nodes ib_md_node_replace parsed, kept or not */
    enum ib_md_raw_html raw_html;
    /* What ib_md_resolve_links made of the URLs the allow-list keeps in
     * raw HTML blocks, in the order the sanitiser meets them, for the
     * rendering to apply (raw HTML is sanitised afresh each time). */
    struct raw_url *raw_urls;
    size_t nraw_urls, capraw_urls;
    bool raw_resolved; /* ib_md_resolve_links has filled RAW_URLS */
    /* The tree as parsed has raw HTML (wiki_links looks); only a filter's
     * edit adds any after, so an unedited tree without is not searched
     * for it again. */
    bool has_raw;
    /* The footnote references wiki_links met, for collect_headings after a
     * parse, which then need not walk the tree for them again; NULL
     * after it (edits can add and remove references). */
    cmark_node **refs;
    size_t nrefs;
    struct pos *pos; /* made by ib_md_node_position, or NULL */
    /* How far cmark-gfm's columns are off on the continuation lines of
     * paragraphs and headings that hold an inline node other than text
     * (see struct pos), measured while parsing, when the body is at
     * hand: sorted by body line, lines whose columns are right left out.
     * node_col corrects with it. */
    struct line_fix *fixes;
    size_t nfixes, capfixes;
};

struct line_fix {
    int line; /* in the body */
    int delta;
};

static void pos_free(struct ib_md *md);

/* A URL of raw HTML as written (FROM) and what it becomes (TO, NULL:
 * as written). */
struct raw_url {
    char *from;
    char *to;
};

/*
 * Position of a [[ID]] link, or of a text node split out of the text
 * around one, kept as the node's user data: the line in the file, the
 * column (of a link, as found in the source) and the column cmark-gfm
 * would have given (EST), which text_position corrects as it corrects
 * cmark-gfm's own.
 */
struct wiki {
    unsigned line;
    unsigned col;
    unsigned est;
};

static void
register_extensions(void)
{
    cmark_gfm_core_extensions_ensure_registered();
    cmark_mem *mem = cmark_get_default_mem_allocator();
    for (size_t i = 0; i < NEXTENSIONS; i++) {
        cmark_syntax_extension *ext =
            cmark_find_syntax_extension(extension_names[i]);
        if (!ext)
            continue;
        extensions[nextensions++] = ext;
        render_extensions = cmark_llist_append(mem, render_extensions, ext);
    }
    finish_at_once = ib_mdpin(extensions, nextensions);
}

static void
free_wiki(cmark_mem *mem, void *p)
{
    mem->free(p);
}

static bool
is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

static bool
is_id_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

static bool
is_alnum(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* True if SCHEME (lowercase) runs code or reads local files. */
static bool
bad_scheme(const char *scheme)
{
    static const char *const bad[] = {"javascript", "vbscript", "data", "file"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (strcmp(scheme, bad[i]) == 0)
            return true;
    return false;
}

/* A character a URL scheme may have (RFC 3986 3.1). */
static bool
scheme_char(int c)
{
    return is_alnum(c) || c == '+' || c == '-' || c == '.';
}

static bool
is_text(cmark_node *n)
{
    return cmark_node_get_type(n) == CMARK_NODE_TEXT;
}

/* Appends N bytes of S, turning each run of whitespace into one space;
 * none before what B holds past BASE. */
static void
put_collapsed(struct ib_buf *b, size_t base, const char *s, size_t n,
              bool *space)
{
    size_t i = 0;
    while (i < n) {
        if (is_space((unsigned char)s[i])) {
            *space = true;
            i++;
            continue;
        }
        size_t word = i + 1;
        while (word < n && !is_space((unsigned char)s[word]))
            word++;
        if (*space && b->len > base)
            ib_buf_putc(b, ' ');
        *space = false;
        ib_buf_put(b, s + i, word - i);
        i = word;
    }
}

static struct mark *
mark_get(const struct ib_md *md, const cmark_node *n)
{
    if (!md->capmarks)
        return NULL;
    size_t i = ib_ptr_hash(n) & (md->capmarks - 1);
    while (md->marks[i].node) {
        if (md->marks[i].node == n)
            return &md->marks[i];
        i = (i + 1) & (md->capmarks - 1);
    }
    return NULL;
}

/* Returns N's mark, adding an empty one if it has none. */
static struct mark *
mark_put(struct ib_md *md, const cmark_node *n)
{
    struct mark *m = mark_get(md, n);
    if (m)
        return m;
    if (2 * (md->nmarks + 1) > md->capmarks) {
        size_t cap = md->capmarks ? 2 * md->capmarks : 64;
        struct mark *old = md->marks;
        size_t oldcap = md->capmarks;
        md->marks = ib_xcalloc(cap, sizeof *md->marks);
        md->capmarks = cap;
        for (size_t i = 0; i < oldcap; i++) {
            if (!old[i].node)
                continue;
            size_t k = ib_ptr_hash(old[i].node) & (cap - 1);
            while (md->marks[k].node)
                k = (k + 1) & (cap - 1);
            md->marks[k] = old[i];
        }
        free(old);
    }
    size_t i = ib_ptr_hash(n) & (md->capmarks - 1);
    while (md->marks[i].node)
        i = (i + 1) & (md->capmarks - 1);
    md->marks[i] = (struct mark){n, 0, 0};
    md->nmarks++;
    return &md->marks[i];
}

/*
 * cmark-gfm gives a link or image whose text wraps the line of its "]"
 * (the column is its "['s"). The "[" is on the line of the first node of
 * its text that has a position, less the line breaks before that node.
 * Nested images are walked into, not recursed: their depth is the
 * author's.
 */
static int
start_line(cmark_node *n)
{
    int line = cmark_node_get_start_line(n);
    cmark_node_type t = cmark_node_get_type(n);
    if (t != CMARK_NODE_LINK && t != CMARK_NODE_IMAGE)
        return line;
    int breaks = 0;
    cmark_node *c = cmark_node_first_child(n);
    while (c) {
        t = cmark_node_get_type(c);
        if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
            breaks++;
            c = cmark_node_next(c);
        } else if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
            c = cmark_node_first_child(c);
        } else {
            int first = cmark_node_get_start_line(c) - breaks;
            return first > 0 && first < line ? first : line;
        }
    }
    return line;
}

/* The position a text node split out of the text around a [[ID]] keeps,
 * or NULL. */
static const struct wiki *
piece_pos(cmark_node *n)
{
    return cmark_node_get_type(n) == CMARK_NODE_TEXT
               ? cmark_node_get_user_data(n)
               : NULL;
}

/* Line of N, or of its nearest ancestor that has one (autolinks lack it). */
static unsigned
node_line(const struct ib_md *md, cmark_node *n)
{
    for (; n; n = cmark_node_parent(n)) {
        const struct mark *m = mark_get(md, n);
        if (m && (m->flags & MARK_PLACED))
            return m->line;
        const struct wiki *w = piece_pos(n);
        if (w)
            return w->line;
        int line = start_line(n);
        if (line > 0)
            return (unsigned)line + md->line_offset;
    }
    return 0;
}

/* COL, the column cmark-gfm gave (or would have given) an inline node on
 * body line LINE, corrected as md->fixes says. */
static unsigned
fix_col(const struct ib_md *md, int line, unsigned col)
{
    size_t lo = 0, hi = md->nfixes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (md->fixes[mid].line < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == md->nfixes || md->fixes[lo].line != line)
        return col;
    long fixed = (long)col + md->fixes[lo].delta;
    return fixed > 0 ? (unsigned)fixed : col;
}

static bool
is_inline(cmark_node *n)
{
    return (cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) ==
           CMARK_NODE_TYPE_INLINE;
}

/*
 * Column of a node that is not a [[ID]] link; 0 when unknown. Right for
 * every inline node on a line md->fixes covers, which is every line with
 * a node other than text; a text node's column on another continuation
 * line is cmark-gfm's (ib_md_node_position finds the right one).
 */
static unsigned
node_col(const struct ib_md *md, cmark_node *n)
{
    const struct mark *m = mark_get(md, n);
    if (m && (m->flags & MARK_PLACED))
        return 0;
    const struct wiki *w = piece_pos(n);
    if (w)
        return md->nfixes && w->line > md->line_offset
                   ? fix_col(md, (int)(w->line - md->line_offset), w->col)
                   : w->col;
    int col = cmark_node_get_start_column(n);
    if (cmark_node_get_start_line(n) <= 0 || col <= 0)
        return 0;
    /* Nothing more for a document without continuation lines to fix. */
    if (md->nfixes && is_inline(n))
        return fix_col(md, start_line(n), (unsigned)col);
    return (unsigned)col;
}

/*
 * Byte offsets of the starts of TEXT's lines, split as cmark splits them
 * (LF, CRLF or a lone CR), and how many more bytes wiki_col may examine.
 */
struct lines {
    const char *text;
    size_t len;
    size_t *start;
    size_t n;
    size_t budget;
};

/* The first line break at or after P before END, or NULL; CR says
 * whether the text has carriage returns at all. */
static const char *
next_break(const char *p, const char *end, bool cr)
{
    if (!cr)
        return memchr(p, '\n', (size_t)(end - p));
    while (p < end && *p != '\n' && *p != '\r')
        p++;
    return p < end ? p : NULL;
}

static void
lines_index(struct lines *l)
{
    if (l->start)
        return;
    size_t cap = 64;
    l->start = ib_xmalloc(cap * sizeof *l->start);
    l->start[l->n++] = 0;
    const char *end = l->text + l->len;
    bool cr = memchr(l->text, '\r', l->len) != NULL;
    for (const char *p = l->text; (p = next_break(p, end, cr)); p++) {
        if (*p == '\r' && p + 1 < end && p[1] == '\n')
            p++;
        if (l->n == cap) {
            cap *= 2;
            l->start = ib_xrealloc(l->start, cap * sizeof *l->start);
        }
        l->start[l->n++] = (size_t)(p + 1 - l->text);
    }
}

/* Bounds of body line LINE (1-based, known to exist), without its end. */
static void
line_bounds(const struct lines *l, int line, const char **from, const char **to)
{
    *from = l->text + l->start[line - 1];
    *to = (size_t)line < l->n ? l->text + l->start[line] : l->text + l->len;
}

/*
 * How far cmark-gfm's columns are off on body line LINE of L (a
 * continuation line of a paragraph or heading), given the first inline
 * node on it: HEAD, whose column cmark-gfm made HCOL and whose literal is
 * LIT (NULL if it has none). The node starts at the line's first byte
 * that is not indentation or a '>' marker; a text that starts with '>'
 * itself (a lazy line indented past a quote marker's reach) is found
 * where the source matches it.
 */
static int
head_delta(struct lines *l, int line, int hcol, const char *lit)
{
    lines_index(l);
    if (line < 1 || (size_t)line > l->n || hcol < 1)
        return 0;
    const char *from, *to, *s;
    line_bounds(l, line, &from, &to);
    for (s = from; s < to && (*s == ' ' || *s == '\t' || *s == '>'); s++)
        ;
    if (lit && *lit == '>') {
        size_t k = strnlen(lit, 8);
        for (const char *p = from; p < s; p++)
            if ((p == from || p[-1] == ' ' || p[-1] == '\t' || p[-1] == '>') &&
                (size_t)(to - p) >= k && memcmp(p, lit, k) == 0) {
                s = p;
                break;
            }
    }
    return (int)(s - from) + 1 - hcol;
}

/*
 * cmark's text literals are decoded (entities, backslash escapes), so an
 * offset into one is not always a source column; decoding mostly shrinks
 * text, so the true column is usually at or after the estimate EST. Returns
 * the column of the first "[[ID]]" on source LINE after AFTER (the previous
 * match on that line) and at or after EST, else the last one before EST,
 * else EST. A budget keeps hostile lines from making this quadratic; when
 * it runs out, the estimates stand.
 */
static unsigned
wiki_col(struct lines *l, int line, unsigned est, unsigned after,
         const char *id, size_t idlen)
{
    lines_index(l);
    if (line < 1 || (size_t)line > l->n)
        return est;
    size_t from = l->start[line - 1];
    size_t to = (size_t)line < l->n ? l->start[line] : l->len;
    unsigned below = est;
    for (size_t i = from + after; i + idlen + 4 <= to && l->budget > 0;
         i++, l->budget--) {
        const char *p = l->text + i;
        if (p[0] != '[' || p[1] != '[' || memcmp(p + 2, id, idlen) != 0 ||
            p[2 + idlen] != ']' || p[3 + idlen] != ']')
            continue;
        unsigned col = (unsigned)(i - from) + 1;
        if (col >= est)
            return col;
        below = col;
    }
    return below;
}

/*
 * A walk along a text node's literal and its source side by side, to
 * tell brackets written "[" from brackets written "\[" or "&#91;",
 * which CommonMark makes text: "\[\[POL-001]]" is no link. Escapes
 * and character references are one unit of the source each. When the
 * two stop matching up (a node without a position, a source line
 * cmark-gfm misplaced), the walk is lost and every bracket counts as
 * written.
 */
struct walk {
    const cmark_node *node; /* the node walked, or NULL */
    const char *lit;
    size_t j;              /* bytes of LIT walked */
    const char *src, *end; /* the rest of the node's source line */
    bool lost;
};

static bool
is_punct(int c)
{
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') ||
           (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}

/* Bytes of the UTF-8 cmark-gfm writes for numeric reference C. */
static size_t
ref_bytes(unsigned long c)
{
    if (c == 0 || c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
        return 3; /* U+FFFD */
    return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

/*
 * If S (before END) starts a character reference, returns its length
 * and sets *BYTES to the length of what it decodes to when numeric (0
 * for a named one, whose length the caller finds); else returns 0.
 */
static size_t
char_ref_len(const char *s, const char *end, size_t *bytes)
{
    const char *p = s + 1;
    *bytes = 0;
    if (p < end && *p == '#') {
        int base = ++p < end && (*p == 'x' || *p == 'X') ? 16 : 10;
        p += base == 16;
        const char *digits = p;
        unsigned long c = 0;
        for (; p < end && p - digits < 8 && ib_text_hex_value(*p) >= 0 &&
               (base == 16 || *p <= '9');
             p++)
            c = c * (unsigned long)base + (unsigned long)ib_text_hex_value(*p);
        if (p == digits || p - digits > (base == 16 ? 6 : 7) || p >= end ||
            *p != ';')
            return 0;
        *bytes = ref_bytes(c);
        return (size_t)(p + 1 - s);
    }
    const char *name = p;
    while (p < end && p - name < 32 && is_alnum((unsigned char)*p))
        p++;
    return p > name && p < end && *p == ';' ? (size_t)(p + 1 - s) : 0;
}

/* Walks W over one unit of source; returns the number of literal bytes
 * it gave (0 when the walk is lost), *PLAIN false for an escape or a
 * reference. */
static size_t
walk_unit(struct walk *w, bool *plain)
{
    const char *s = w->src, *lit = w->lit + w->j;
    size_t ref, bytes;
    *plain = true;
    if (s >= w->end || !*lit)
        return 0;
    if (s[0] == '\\' && s + 1 < w->end && is_punct((unsigned char)s[1]) &&
        lit[0] == s[1]) {
        w->src += 2;
        *plain = false;
        return 1;
    }
    if (s[0] == '&' && (ref = char_ref_len(s, w->end, &bytes)) > 0 &&
        strncmp(lit, s, ref) != 0) {
        /* A named one decodes to a few bytes, which end where the
         * literal takes up the source after it. */
        size_t left = strnlen(lit, 9);
        for (size_t d = 1; !bytes && d <= 8 && d <= left; d++)
            if (s + ref == w->end || d == left || lit[d] == s[ref])
                bytes = d;
        if (!bytes || bytes > left)
            return 0;
        w->src += ref;
        *plain = false;
        return bytes;
    }
    if (s[0] != lit[0])
        return 0;
    w->src++;
    return 1;
}

static struct walk source_walk(const struct ib_md *md, struct lines *l,
                               cmark_node *n);

/*
 * True if the M bytes of a [[ID]] at byte OFF of text node N's literal
 * have a bracket written as an escape or a reference. Calls for one
 * node come with OFF increasing, so W goes on from where it stopped.
 */
static bool
wiki_escaped(const struct ib_md *md, struct walk *w, struct lines *l,
             cmark_node *n, size_t off, size_t m)
{
    if (w->node != n)
        *w = source_walk(md, l, n);
    bool escaped = false;
    while (!w->lost && w->j < off + m) {
        bool plain;
        size_t at = w->j, k = walk_unit(w, &plain);
        w->lost = k == 0;
        w->j += k;
        /* The brackets: the first two and the last two bytes. */
        for (size_t b = at; !plain && b < at + k; b++)
            escaped |= (b >= off && b < off + 2) ||
                       (b + 2 >= off + m && b < off + m);
    }
    return escaped && !w->lost;
}

/* Length of the [[ID]] at S (N bytes left), or 0 if there is none. */
static size_t
wiki_match(const char *s, size_t n)
{
    if (n < 5 || s[0] != '[' || s[1] != '[' || !is_alnum((unsigned char)s[2]))
        return 0;
    size_t i = 3;
    while (i < n && is_id_char((unsigned char)s[i]))
        i++;
    /* An optional "#anchor": [[POL-003#access-reviews]]. */
    if (i < n && s[i] == '#') {
        size_t start = ++i;
        while (i < n && s[i] != ']' && s[i] != '[' && s[i] != ' ' &&
               s[i] != '\t' && s[i] != '\n')
            i++;
        if (i == start)
            return 0;
    }
    if (i + 1 < n && s[i] == ']' && s[i + 1] == ']')
        return i + 2;
    return 0;
}

static cmark_node *
new_text(cmark_mem *mem, const char *s, size_t n)
{
    char *lit = ib_xstrndup(s, n);
    cmark_node *t = cmark_node_new_with_mem(CMARK_NODE_TEXT, mem);
    cmark_node_set_literal(t, lit);
    free(lit);
    return t;
}

static struct wiki *
new_pos(cmark_mem *mem, cmark_node *n, unsigned line, unsigned col,
        unsigned est)
{
    struct wiki *w = mem->calloc(1, sizeof *w); /* the tree's, as its nodes */
    w->line = line;
    w->col = col;
    w->est = est;
    cmark_node_set_user_data(n, w);
    cmark_node_set_user_data_free_func(n, free_wiki);
    return w;
}

static cmark_node *
new_wiki(cmark_mem *mem, const char *id, size_t idlen, unsigned line,
         unsigned col, unsigned est)
{
    struct ib_buf url;
    ib_buf_init(&url);
    ib_buf_puts(&url, "id:");
    ib_buf_put(&url, id, idlen);
    cmark_node *link = cmark_node_new_with_mem(CMARK_NODE_LINK, mem);
    cmark_node_set_url(link, url.data);
    ib_buf_fini(&url);
    cmark_node_append_child(link, new_text(mem, id, idlen));
    new_pos(mem, link, line, col, est);
    return link;
}

/*
 * A text node for bytes FROM..TO of the run S whose N nodes start at
 * OFF[], FIRST the first: it gets the position cmark-gfm would have
 * given it, that of its first byte in the node it comes from.
 */
static cmark_node *
new_piece(struct ib_md *md, const struct ib_buf *s, const size_t *off, size_t n,
          cmark_node *first, size_t from, size_t to)
{
    cmark_node *t = new_text(md->mem, s->data + from, to - from);
    size_t k = 0;
    while (k + 1 < n && off[k + 1] <= from) {
        k++;
        first = cmark_node_next(first);
    }
    int col = cmark_node_get_start_column(first);
    unsigned line = node_line(md, first);
    unsigned est = col > 0 ? (unsigned)col + (unsigned)(from - off[k]) : 0;
    if (line)
        new_pos(md->mem, t, line, est, est);
    return t;
}

/*
 * Rewrites the run of adjacent text nodes starting at FIRST, replacing each
 * [[ID]] by a wiki link. cmark may split text around '[', so the run is
 * matched as one string. Nothing changes if the run has no [[ID]]; if it
 * has, the text nodes around the links are new, with the positions
 * cmark-gfm would have given them.
 */
static void
wiki_run(struct ib_md *md, struct lines *l, cmark_node *first)
{
    struct ib_buf s;
    size_t *off = NULL, cap = 0, n = 0;
    cmark_node *end = first;
    ib_buf_init(&s);
    for (; end && is_text(end); end = cmark_node_next(end)) {
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            off = ib_xrealloc(off, cap * sizeof *off);
        }
        off[n++] = s.len;
        const char *lit = cmark_node_get_literal(end);
        ib_buf_puts(&s, lit ? lit : "");
    }

    size_t done = 0, k = 0;
    unsigned after = 0;
    int after_line = 0;
    cmark_node *piece = first;
    struct walk w = {0};
    for (size_t i = 0; n > 0 && i < s.len; i++) {
        size_t m = wiki_match(s.data + i, s.len - i);
        if (!m)
            continue;
        while (k + 1 < n && off[k + 1] <= i) {
            k++;
            piece = cmark_node_next(piece);
        }
        size_t piece_end = k + 1 < n ? off[k + 1] : s.len;
        if (i + m <= piece_end &&
            wiki_escaped(md, &w, l, piece, i - off[k], m))
            continue;
        int line = cmark_node_get_start_line(piece);
        int col = cmark_node_get_start_column(piece);
        unsigned est = col > 0 ? (unsigned)col + (unsigned)(i - off[k]) : 0;
        unsigned cmark_est = est;
        const char *id = s.data + i + 2;
        if (line > 0) {
            est = wiki_col(l, line, est, line == after_line ? after : 0, id,
                           m - 4);
            after = est;
            after_line = line;
        }
        if (i > done)
            cmark_node_insert_before(first,
                                     new_piece(md, &s, off, n, first, done, i));
        cmark_node_insert_before(
            first,
            new_wiki(md->mem, id, m - 4, node_line(md, piece), est, cmark_est));
        done = i + m;
        i = done - 1;
    }
    if (done > 0) {
        if (done < s.len)
            cmark_node_insert_before(
                first, new_piece(md, &s, off, n, first, done, s.len));
        while (first != end) {
            cmark_node *next = cmark_node_next(first);
            cmark_node_free(first);
            first = next;
        }
    }
    free(off);
    ib_buf_fini(&s);
}

/*
 * What measures md->fixes as wiki_links walks the tree as parsed: the
 * first line of the paragraph or heading being walked (INT_MAX in other
 * blocks: a table row is one line), the first inline node on the line
 * being walked (NULL right after a line break), and the last line
 * measured.
 */
struct fixer {
    int block_line;
    cmark_node *head;
    int last;
    bool sorted;
};

/* Measures, for inline node N entered, the error of cmark-gfm's columns
 * on its line if that is a continuation line not measured yet. */
static void
fix_line(struct ib_md *md, struct lines *l, struct fixer *f, cmark_node *n,
         cmark_node_type type)
{
    if (!f->head)
        f->head = n;
    if (type == CMARK_NODE_TEXT || f->block_line == INT_MAX)
        return;
    /* A paragraph's first line costs this test, no more. */
    int line = start_line(n);
    if (line <= f->block_line || line == f->last || start_line(f->head) != line)
        return;
    f->last = line;
    int delta =
        head_delta(l, line, cmark_node_get_start_column(f->head),
                   is_text(f->head) ? cmark_node_get_literal(f->head) : NULL);
    if (!delta)
        return;
    if (md->nfixes == md->capfixes) {
        md->capfixes = md->capfixes ? 2 * md->capfixes : 8;
        md->fixes = ib_xrealloc(md->fixes, md->capfixes * sizeof *md->fixes);
    }
    f->sorted &= !md->nfixes || md->fixes[md->nfixes - 1].line < line;
    md->fixes[md->nfixes++] = (struct line_fix){line, delta};
}

/* Follows the walk of wiki_links for fix_line. */
static void
fix_see(struct ib_md *md, struct lines *l, struct fixer *f, cmark_node *n,
        cmark_event_type ev)
{
    if (ev != CMARK_EVENT_ENTER)
        return;
    cmark_node_type type = cmark_node_get_type(n);
    if ((type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK) {
        f->block_line =
            type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_HEADING
                ? cmark_node_get_start_line(n)
                : INT_MAX;
        f->head = NULL;
    } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
        f->head = NULL;
    } else {
        fix_line(md, l, f, n, type);
    }
}

static int
cmp_fix(const void *a, const void *b)
{
    const struct line_fix *x = a, *y = b;
    return (x->line > y->line) - (x->line < y->line);
}

/*
 * Finds the first node of every text run outside links, images and code
 * that has a '[' in it, then rewrites the runs; collecting first keeps the
 * iterator away from nodes being replaced. With FIX, measures md->fixes on
 * the way.
 */
static void
wiki_links(struct ib_md *md, const char *text, size_t len, bool fix)
{
    struct lines l = {text, len, NULL, 0, 4 * len + 4096};
    struct fixer f = {.block_line = INT_MAX, .sorted = true};
    cmark_node **runs = NULL, *run = NULL, *last = NULL;
    size_t n = 0, cap = 0, refcap = 0;
    int in_link = 0;
    cmark_iter *it = cmark_iter_new(md->doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node_type type = cmark_node_get_type(node);
        if (fix)
            fix_see(md, &l, &f, node, ev);
        md->has_raw |= type == CMARK_NODE_HTML_BLOCK ||
                       type == CMARK_NODE_HTML_INLINE;
        if (type == CMARK_NODE_FOOTNOTE_REFERENCE) {
            if (ev != CMARK_EVENT_ENTER)
                continue;
            if (md->nrefs == refcap) {
                refcap = refcap ? 2 * refcap : 8;
                md->refs = ib_xrealloc(md->refs, refcap * sizeof *md->refs);
            }
            md->refs[md->nrefs++] = node;
            continue;
        }
        if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
            in_link += ev == CMARK_EVENT_ENTER ? 1 : -1;
            continue;
        }
        if (type != CMARK_NODE_TEXT || in_link)
            continue;
        cmark_node *prev = cmark_node_previous(node);
        if (!prev || !is_text(prev))
            run = node;
        const char *lit = cmark_node_get_literal(node);
        if (run == last || !lit || !strchr(lit, '['))
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            runs = ib_xrealloc(runs, cap * sizeof(cmark_node *));
        }
        runs[n++] = last = run;
    }
    cmark_iter_free(it);
    /* Footnote definitions come last in the tree, wherever written. */
    if (!f.sorted)
        qsort(md->fixes, md->nfixes, sizeof *md->fixes, cmp_fix);
    for (size_t i = 0; i < n; i++)
        wiki_run(md, &l, runs[i]);
    free(runs);
    free(l.start);
}

/* Plain text of a heading: its text and code, whitespace collapsed. */
static char *
heading_text(cmark_node *h)
{
    struct ib_buf b;
    bool space = false;
    ib_buf_init(&b);
    cmark_iter *it = cmark_iter_new(h);
    while (cmark_iter_next(it) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        switch (cmark_node_get_type(node)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE: {
            const char *s = cmark_node_get_literal(node);
            if (s)
                put_collapsed(&b, 0, s, strlen(s), &space);
            break;
        }
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            space = true;
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
    /* Kept as long as the site: without the buffer's slack. */
    char *text = ib_xstrndup(ib_buf_cstr(&b), b.len);
    ib_buf_fini(&b);
    return text;
}

/* Returns the slot holding KEY, or the empty slot where it would go. */
static size_t *
slot_of(const struct ib_md *md, const char *key)
{
    size_t i = ib_text_hash(key) & (md->nslots - 1);
    while (md->slots[i] && strcmp(md->heads[md->slots[i] - 1].anchor, key) != 0)
        i = (i + 1) & (md->nslots - 1);
    return &md->slots[i];
}

/*
 * Gives heading I its anchor: the slug, or the first of slug-1, slug-2, ...
 * that no earlier heading has (GitHub's rule). The counter lives in the
 * heading that owns the bare slug, so N equal titles cost O(N) in all.
 */
static void
assign_anchor(struct ib_md *md, size_t i, struct ib_buf *b)
{
    struct heading *h = &md->heads[i];
    ib_buf_reset(b);
    ib_md_slug(h->text, strlen(h->text), b);
    size_t *slot = slot_of(md, b->data);
    if (*slot) {
        struct heading *base = &md->heads[*slot - 1];
        size_t baselen = b->len;
        do {
            b->len = baselen;
            ib_buf_putc(b, '-');
            ib_buf_put_int(b, base->next_suffix++);
            slot = slot_of(md, b->data);
        } while (*slot);
    }
    h->anchor = ib_xstrdup(b->data);
    h->next_suffix = 1;
    *slot = i + 1;
}

/*
 * The block after N in document order below ROOT, or NULL: only blocks
 * that can hold a heading are looked into, so the inlines of paragraphs
 * and tables, most of a tree, are never visited.
 */
static cmark_node *
next_block(cmark_node *n, cmark_node *root)
{
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_DOCUMENT:
    case CMARK_NODE_BLOCK_QUOTE:
    case CMARK_NODE_LIST:
    case CMARK_NODE_ITEM:
    case CMARK_NODE_FOOTNOTE_DEFINITION:
        if (cmark_node_first_child(n))
            return cmark_node_first_child(n);
        break;
    default: break;
    }
    while (n != root && !cmark_node_next(n))
        n = cmark_node_parent(n);
    return n == root ? NULL : cmark_node_next(n);
}

/*
 * Footnotes have ids in the page too: cmark-gfm writes each definition
 * left in the tree as <li id="fn-LABEL"> and each reference to it as
 * <a id="fnref-LABEL">, then fnref-LABEL-2, -3 for later references to
 * the same note, LABEL being the definition's label escaped as in a URL.
 * Its API tells neither the label nor a reference's number, so each such
 * node is rendered on its own and the id read from its HTML: the ids are
 * the page's by construction. A parse keeps only the definitions that
 * are referenced, and only they have references; a filter's edits can
 * leave references whose definition is gone, or the other way round.
 */

/* Adds to MD's notes the id of the first tag of NODE's HTML that has
 * one, as the DOM holds it. */
static void
add_note(struct ib_md *md, cmark_node *node, size_t *cap)
{
    char *html = cmark_render_html_with_mem(node, PARSE_OPTS, render_extensions,
                                            md->mem);
    const char *p = strstr(html, " id=\"");
    if (p) {
        struct ib_buf b;
        ib_buf_init(&b);
        /* An href escape: its only references are these two. */
        for (p += 5; *p && *p != '"'; p++) {
            if (strncmp(p, "&amp;", 5) == 0) {
                ib_buf_putc(&b, '&');
                p += 4;
            } else if (strncmp(p, "&#x27;", 6) == 0) {
                ib_buf_putc(&b, '\'');
                p += 5;
            } else {
                ib_buf_putc(&b, *p);
            }
        }
        if (md->nnotes == *cap) {
            *cap = *cap ? 2 * *cap : 8;
            md->notes = ib_xrealloc(md->notes, *cap * sizeof *md->notes);
        }
        md->notes[md->nnotes++] = ib_xstrndup(ib_buf_cstr(&b), b.len);
        ib_buf_fini(&b);
    }
    md->mem->free(html);
}

/* Sorts MD's notes and drops repeats (cmark-gfm can write one id twice:
 * fnref-a-2 is the second reference to [^a] and the first to [^a-2]). */
static void
sort_notes(struct ib_md *md)
{
    if (md->nnotes < 2)
        return;
    qsort(md->notes, md->nnotes, sizeof *md->notes, ib_text_cmp_ptr);
    size_t n = 1;
    for (size_t i = 1; i < md->nnotes; i++) {
        if (strcmp(md->notes[i], md->notes[n - 1]) == 0)
            free(md->notes[i]);
        else
            md->notes[n++] = md->notes[i];
    }
    md->nnotes = n;
}

/* Adds the ids of the footnote references to MD's notes (CAP of them
 * allocated), which hold those of the definitions, and sorts them. */
static void
finish_notes(struct ib_md *md, size_t cap)
{
    /* No definition after a parse: no reference either. */
    if (md->refs) {
        for (size_t i = 0; md->nnotes && i < md->nrefs; i++)
            add_note(md, md->refs[i], &cap);
    } else if (md->nnotes || md->edited) {
        cmark_iter *it = cmark_iter_new(md->doc);
        cmark_event_type ev;
        while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
            cmark_node *node = cmark_iter_get_node(it);
            if (ev == CMARK_EVENT_ENTER &&
                cmark_node_get_type(node) == CMARK_NODE_FOOTNOTE_REFERENCE)
                add_note(md, node, &cap);
        }
        cmark_iter_free(it);
    }
    free(md->refs);
    md->refs = NULL;
    md->nrefs = 0;
    sort_notes(md);
}

static void
free_notes(struct ib_md *md)
{
    for (size_t i = 0; i < md->nnotes; i++)
        free(md->notes[i]);
    free(md->notes);
    md->notes = NULL;
    md->nnotes = 0;
}

/* Collects the headings, and the ids of footnotes (finish_notes). */
static void
collect_headings(struct ib_md *md)
{
    size_t cap = 0, notecap = 0;
    for (cmark_node *node = md->doc; node; node = next_block(node, md->doc)) {
        if (cmark_node_get_type(node) == CMARK_NODE_FOOTNOTE_DEFINITION)
            add_note(md, node, &notecap);
        if (cmark_node_get_type(node) != CMARK_NODE_HEADING)
            continue;
        if (md->nheads == cap) {
            cap = cap ? 2 * cap : 8;
            md->heads = ib_xrealloc(md->heads, cap * sizeof *md->heads);
        }
        md->heads[md->nheads++] = (struct heading){
            .pub.level = cmark_node_get_heading_level(node),
            .pub.line = node_line(md, node),
            .node = node,
            .text = heading_text(node),
        };
    }

    md->nslots = 8;
    while (md->nslots < 2 * md->nheads + 1)
        md->nslots *= 2;
    md->slots = ib_xcalloc(md->nslots, sizeof *md->slots);
    struct ib_buf b;
    ib_buf_init(&b);
    for (size_t i = 0; i < md->nheads; i++) {
        assign_anchor(md, i, &b);
        md->heads[i].pub.text = md->heads[i].text;
        md->heads[i].pub.anchor = md->heads[i].anchor;
    }
    ib_buf_fini(&b);
    finish_notes(md, notecap);
}

/* The tree of TEXT for MD, with its allocator; MD's heap, if any, is
 * current. */
static cmark_node *
parse_tree(const char *text, size_t len, const struct ib_md *md)
{
    pthread_once(&registered, register_extensions);
    /* CMARK_OPT_SOURCEPOS only changes positions: without it, cmark-gfm
     * does not count the line breaks inside code spans and inline HTML,
     * so what follows one on its line gets the line it began on. */
    cmark_parser *p =
        cmark_parser_new_with_mem(PARSE_OPTS | CMARK_OPT_SOURCEPOS, md->mem);
    for (size_t i = 0; i < nextensions; i++)
        cmark_parser_attach_syntax_extension(p, extensions[i]);
    cmark_parser_feed(p, text, len);
    if (!finish_at_once)
        pthread_mutex_lock(&finish_lock);
    cmark_node *doc = cmark_parser_finish(p);
    if (!finish_at_once)
        pthread_mutex_unlock(&finish_lock);
    cmark_parser_free(p);
    return doc;
}

/* Makes the heap of the tree N belongs to, if any, current on this
 * thread, as struct ib_md says; returns the heap to put back. */
static struct ib_mdheap *
hold_heap(cmark_node *n)
{
    for (cmark_node *up; (up = cmark_node_parent(n));)
        n = up;
    const struct ib_md *md = cmark_node_get_type(n) == CMARK_NODE_DOCUMENT
                                 ? cmark_node_get_user_data(n)
                                 : NULL;
    return ib_mdheap_use(md ? md->heap : NULL);
}

/*
 * TEXT (*LEN bytes) as cmark-gfm may parse it: itself when it is UTF-8
 * without NUL bytes, else a copy in CLEAN with each invalid byte made
 * U+FFFD (*LEN updated). Documents and filters' Markdown are checked
 * before they get here; other callers' text is made safe now.
 */
static const char *
valid_text(const char *text, size_t *len, struct ib_buf *clean)
{
    if (ib_text_valid_utf8(text, *len, NULL))
        return text;
    ib_text_put_clean_utf8(clean, text, *len);
    *len = clean->len;
    return ib_buf_cstr(clean);
}

static struct ib_md *
parse(const char *text, size_t len, unsigned line_offset, bool brief)
{
    struct ib_buf clean;
    ib_buf_init(&clean);
    text = valid_text(text, &len, &clean);
    struct ib_md *md = ib_xcalloc(1, sizeof *md);
    md->heap = brief ? ib_mdheap_new() : NULL;
    md->mem = brief ? ib_mdheap_mem() : cmark_get_default_mem_allocator();
    struct ib_mdheap *was = ib_mdheap_use(md->heap);
    md->doc = parse_tree(text, len, md);
    cmark_node_set_user_data(md->doc, md);
    md->line_offset = line_offset;
    wiki_links(md, text, len, true);
    collect_headings(md);
    ib_mdheap_use(was);
    ib_buf_fini(&clean);
    return md;
}

struct ib_md *
ib_md_parse(const char *text, size_t len, unsigned line_offset)
{
    return parse(text, len, line_offset, false);
}

struct ib_md *
ib_md_parse_brief(const char *text, size_t len, unsigned line_offset)
{
    return parse(text, len, line_offset, true);
}

void
ib_md_free(struct ib_md *md)
{
    if (!md)
        return;
    ib_md_release_tree(md);
    for (size_t i = 0; i < md->nheads; i++) {
        free(md->heads[i].text);
        free(md->heads[i].anchor);
    }
    free(md->heads);
    free(md->slots);
    free_notes(md);
    free(md);
}

struct ib_md *
ib_md_from_anchors(const struct ib_md_heading *h, size_t n,
                   const char *const *notes, size_t nnotes)
{
    struct ib_md *md = ib_xcalloc(1, sizeof *md);
    if (nnotes) {
        md->notes = ib_xcalloc(nnotes, sizeof *md->notes);
        for (size_t i = 0; i < nnotes; i++)
            md->notes[i] = ib_xstrdup(notes[i]);
        md->nnotes = nnotes;
        /* Sorted and unique, as has_note needs, whatever came in. */
        sort_notes(md);
    }
    md->heads = ib_xcalloc(n ? n : 1, sizeof *md->heads);
    md->nheads = n;
    md->nslots = 8;
    while (md->nslots < 2 * n + 1)
        md->nslots *= 2;
    md->slots = ib_xcalloc(md->nslots, sizeof *md->slots);
    for (size_t i = 0; i < n; i++) {
        struct heading *x = &md->heads[i];
        x->text = ib_xstrdup(h[i].text);
        x->anchor = ib_xstrdup(h[i].anchor);
        x->pub = (struct ib_md_heading){h[i].level, x->text, x->anchor,
                                        h[i].line};
        size_t *slot = slot_of(md, x->anchor);
        if (!*slot) /* anchors are unique; a damaged list keeps the first */
            *slot = i + 1;
    }
    return md;
}

static void
free_raw_urls(struct ib_md *md)
{
    for (size_t i = 0; i < md->nraw_urls; i++) {
        free(md->raw_urls[i].from);
        free(md->raw_urls[i].to);
    }
    free(md->raw_urls);
    md->raw_urls = NULL;
    md->nraw_urls = md->capraw_urls = 0;
    md->raw_resolved = false;
}

void
ib_md_release_tree(struct ib_md *md)
{
    /* A tree all in its heap goes with the heap, not node by node. */
    bool in_heap = md->heap && !md->edited;
    if (md->doc && !in_heap)
        cmark_node_free(md->doc);
    md->doc = NULL;
    free(md->refs);
    md->refs = NULL;
    md->nrefs = 0;
    for (size_t i = 0; i < md->ngrave; i++)
        cmark_node_free(md->grave[i]);
    free(md->grave);
    md->grave = NULL;
    md->ngrave = md->capgrave = 0;
    ib_mdheap_free(md->heap);
    md->heap = NULL;
    free(md->marks);
    md->marks = NULL;
    md->nmarks = md->capmarks = 0;
    pos_free(md);
    free(md->fixes);
    md->fixes = NULL;
    md->nfixes = md->capfixes = 0;
    free_raw_urls(md);
    /* The headings stay as long as the site: without room to grow. */
    if (md->nheads)
        md->heads = ib_xrealloc(md->heads, md->nheads * sizeof *md->heads);
    if (md->nnotes)
        md->notes = ib_xrealloc(md->notes, md->nnotes * sizeof *md->notes);
}

/* True if NODE is inside a heading, whose text ib_md_heading_get gives. */
static bool
in_heading(cmark_node *node)
{
    for (cmark_node *up = cmark_node_parent(node); up;
         up = cmark_node_parent(up))
        if (cmark_node_get_type(up) == CMARK_NODE_HEADING)
            return true;
    return false;
}

static bool
has_link_inside(cmark_node *node)
{
    bool found = false;
    cmark_iter *it = cmark_iter_new(node);
    while (!found && cmark_iter_next(it) != CMARK_EVENT_DONE) {
        cmark_node *x = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(x);
        found = x != node && (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE);
    }
    cmark_iter_free(it);
    return found;
}

static void
set_label(const struct ib_md *md, cmark_node *link, const char *label)
{
    cmark_node *child;
    while ((child = cmark_node_first_child(link)))
        cmark_node_free(child);
    cmark_node_append_child(link, new_text(md->mem, label, strlen(label)));
}

static bool is_html_block(cmark_node *n);
static void resolve_raw(struct ib_md *md, cmark_node *first, ib_md_link_fn fn,
                        void *ud);

void
ib_md_resolve_links(struct ib_md *md, ib_md_link_fn fn, void *ud)
{
    struct ib_mdheap *was = ib_mdheap_use(md->heap);
    free_raw_urls(md);
    /* Links in raw HTML count only where it is published. */
    bool raw =
        md->raw_html == IB_MD_RAW_HTML_SANITIZE && (md->has_raw || md->edited);
    md->raw_resolved = raw;
    cmark_node **links = NULL;
    size_t n = 0, cap = 0;
    cmark_iter *it = cmark_iter_new(md->doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node_type type = cmark_node_get_type(node);
        /* A run of HTML blocks is sanitised as one, from its first. */
        bool run = raw && type == CMARK_NODE_HTML_BLOCK &&
                   !is_html_block(cmark_node_previous(node));
        if (ev != CMARK_EVENT_ENTER ||
            (!run && type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE))
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            links = ib_xrealloc(links, cap * sizeof(cmark_node *));
        }
        links[n++] = node;
    }
    cmark_iter_free(it);

    bool relabelled = false; /* a link in a heading: its text changed */
    for (size_t i = 0; i < n; i++) {
        cmark_node *node = links[i];
        if (cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK) {
            resolve_raw(md, node, fn, ud);
            continue;
        }
        const struct wiki *w = cmark_node_get_user_data(node);
        struct ib_md_link link = {
            .url = cmark_node_get_url(node),
            .is_image = cmark_node_get_type(node) == CMARK_NODE_IMAGE,
            .is_wiki = w != NULL,
        };
        if (w) {
            link.line = w->line;
            link.col = w->col;
        } else {
            link.line = node_line(md, node);
            link.col = node_col(md, node);
        }
        char *new_url = NULL, *label = NULL;
        if (fn(ud, &link, &new_url, &label) == 0) {
            if (new_url)
                cmark_node_set_url(node, new_url);
            /* Relabelling frees the link's children; a filter may have
             * nested a link in them that is still to be resolved. */
            if (label && w && !has_link_inside(node)) {
                set_label(md, node, label);
                relabelled |= in_heading(node);
            }
        }
        free(new_url);
        free(label);
    }
    free(links);

    for (size_t i = 0; relabelled && i < md->nheads; i++) {
        free(md->heads[i].text);
        md->heads[i].text = heading_text(md->heads[i].node);
        md->heads[i].pub.text = md->heads[i].text;
    }
    ib_mdheap_use(was);
}

size_t
ib_md_heading_count(const struct ib_md *md)
{
    return md->nheads;
}

const struct ib_md_heading *
ib_md_heading_get(const struct ib_md *md, size_t i)
{
    return i < md->nheads ? &md->heads[i].pub : NULL;
}

size_t
ib_md_note_count(const struct ib_md *md)
{
    return md->nnotes;
}

const char *
ib_md_note_get(const struct ib_md *md, size_t i)
{
    return i < md->nnotes ? md->notes[i] : NULL;
}

static bool
is_note(const struct ib_md *md, const char *id)
{
    return bsearch(&id, md->notes, md->nnotes, sizeof *md->notes,
                   ib_text_cmp_ptr) != NULL;
}

/*
 * Appends S to B as cmark-gfm writes a URL into an href (houdini's
 * escape), less the HTML escaping of '&' and '\'': what the browser's
 * DOM then holds.
 */
static void
put_href(struct ib_buf *b, const char *s)
{
    static const char safe[] = "-_.+!*'(),%#@?=;:/$~&";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || strchr(safe, *p)) {
            ib_buf_putc(b, (char)*p);
        } else {
            ib_buf_putc(b, '%');
            ib_buf_putc(b, "0123456789ABCDEF"[*p >> 4]);
            ib_buf_putc(b, "0123456789ABCDEF"[*p & 15]);
        }
    }
}

/*
 * True if a link to #ANCHOR reaches a footnote id. A browser looks the
 * fragment up as the href has it, then percent-decoded; footnote ids
 * hold escapes ("fn-%C3%85tkomst"), so the href is what is compared:
 * "#fn-Åtkomst" reaches that note, "#fn-%c3%85tkomst" does not.
 */
static bool
has_note(const struct ib_md *md, const char *anchor)
{
    struct ib_buf b, d;
    ib_buf_init(&b);
    ib_buf_init(&d);
    put_href(&b, anchor);
    bool found = is_note(md, ib_buf_cstr(&b));
    if (!found && strchr(ib_buf_cstr(&b), '%') &&
        ib_text_percent_decode(ib_buf_cstr(&b), b.len, &d))
        found = is_note(md, ib_buf_cstr(&d));
    ib_buf_fini(&d);
    ib_buf_fini(&b);
    return found;
}

/* Links copied from a browser spell "åtkomst" as "%C3%A5tkomst". */
bool
ib_md_has_anchor(const struct ib_md *md, const char *anchor)
{
    if (*slot_of(md, anchor) != 0)
        return true;
    if (md->nnotes && has_note(md, anchor))
        return true;
    if (!strchr(anchor, '%'))
        return false;
    struct ib_buf b;
    ib_buf_init(&b);
    ib_text_percent_decode(anchor, strlen(anchor), &b);
    bool found = *slot_of(md, ib_buf_cstr(&b)) != 0;
    ib_buf_fini(&b);
    return found;
}

/*
 * Decodes the character reference after a '&' at *P ("#106;", "#x6A",
 * "Tab;", "colon;"), advancing *P; returns -1, *P unchanged, if there is
 * none. Only numeric ones and the named ones that can hide a scheme's
 * letters or colon matter here; the ';' is optional, as in browsers.
 */
static long
char_ref(const unsigned char **p)
{
    static const struct {
        const char *name;
        long c;
    } named[] = {{"Tab;", '\t'}, {"NewLine;", '\n'}, {"colon;", ':'}};
    const unsigned char *s = *p;
    for (size_t i = 0; i < sizeof named / sizeof *named; i++) {
        size_t len = strlen(named[i].name);
        if (strncmp((const char *)s, named[i].name, len) == 0) {
            *p = s + len;
            return named[i].c;
        }
    }
    if (*s++ != '#')
        return -1;
    int base = (*s == 'x' || *s == 'X') ? 16 : 10;
    s += base == 16;
    long c = 0;
    const unsigned char *digits = s;
    for (; ib_text_hex_value(*s) >= 0 && (base == 16 || *s <= '9'); s++)
        c = c < 0x110000 ? c * base + ib_text_hex_value(*s) : c;
    if (s == digits)
        return -1;
    *p = s + (*s == ';');
    return c;
}

bool
ib_md_url_is_dangerous(const char *url)
{
    char scheme[16];
    size_t n = 0;
    bool colon = false;
    /* The short way, for nearly every URL: a scheme (or a path's first
     * part) of plain characters, then a character that nothing below
     * would drop or decode. */
    const char *at = url;
    for (; scheme_char((unsigned char)*at) && n < sizeof scheme - 1; at++)
        scheme[n++] = (char)(*at >= 'A' && *at <= 'Z' ? *at + 32 : *at);
    unsigned char stop = (unsigned char)*at;
    if (stop == ':') {
        scheme[n] = '\0';
        return bad_scheme(scheme);
    }
    if (stop == '\0' || (stop > 0x20 && stop != 0x7f && stop != '%' &&
                         stop != '&' && !scheme_char(stop)))
        return false;
    n = 0;
    /* Browsers drop tabs and newlines anywhere in a URL: drop them, and
     * spaces and controls too, before anything is decoded, so that they
     * cannot split a reference ("&Ta\tb;") either. */
    struct ib_buf b;
    ib_buf_init(&b);
    for (const unsigned char *q = (const unsigned char *)url; *q; q++)
        if (*q > 0x20 && *q != 0x7f)
            ib_buf_putc(&b, *q);
    const unsigned char *p = (const unsigned char *)ib_buf_cstr(&b);
    while (*p && !colon) {
        long c = *p++;
        int hi = c == '%' ? ib_text_hex_value(p[0]) : -1;
        int lo = hi >= 0 ? ib_text_hex_value(p[1]) : -1;
        if (lo >= 0) {
            c = hi * 16 + lo;
            p += 2;
        } else if (c == '&') {
            /* Raw HTML attributes may hide a scheme behind references. */
            long r = char_ref(&p);
            c = r >= 0 ? r : c;
        }
        if (c <= 0x20 || c == 0x7f)
            continue;
        if (c == ':') {
            colon = true;
        } else if (scheme_char((int)c) && n < sizeof scheme - 1) {
            scheme[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        } else {
            break;
        }
    }
    scheme[n] = '\0';
    ib_buf_fini(&b);
    return colon && bad_scheme(scheme);
}

/* Decodes one UTF-8 sequence at S; returns its length, 0 if invalid. */
static size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    size_t len;
    uint32_t c = s[0], min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xc2 && c < 0xe0) {
        len = 2, c &= 0x1f, min = 0x80;
    } else if (c >= 0xe0 && c < 0xf0) {
        len = 3, c &= 0x0f, min = 0x800;
    } else if (c >= 0xf0 && c < 0xf5) {
        len = 4, c &= 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
        return 0;
    *cp = c;
    return len;
}

static void
utf8_put(struct ib_buf *b, uint32_t c)
{
    char u[4];
    size_t n;
    if (c < 0x80) {
        u[0] = (char)c, n = 1;
    } else if (c < 0x800) {
        u[0] = (char)(0xc0 | c >> 6), n = 2;
    } else if (c < 0x10000) {
        u[0] = (char)(0xe0 | c >> 12), n = 3;
    } else {
        u[0] = (char)(0xf0 | c >> 18), n = 4;
    }
    for (size_t i = 1; i < n; i++)
        u[i] = (char)(0x80 | ((c >> (6 * (n - 1 - i))) & 0x3f));
    ib_buf_put(b, u, n);
}

enum slug_class { SLUG_DROP, SLUG_SPACE, SLUG_KEEP };

static bool
is_unicode_space(uint32_t c)
{
    return c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
           c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
           c == 0x3000;
}

/*
 * Sorts code point *C for a slug and lowercases it in place. Outside the
 * Latin blocks there is no table of letters, so the punctuation and symbol
 * blocks (quotes, dashes, arrows, emoji, ...) are dropped and the rest kept.
 */
static enum slug_class
slug_class(uint32_t *c)
{
    uint32_t u = *c;
    if (u < 0x80) {
        if (is_space((int)u))
            return SLUG_SPACE;
        if (u >= 'A' && u <= 'Z')
            *c = u + 32;
        return is_alnum((int)u) || u == '-' || u == '_' ? SLUG_KEEP : SLUG_DROP;
    }
    if (is_unicode_space(u))
        return SLUG_SPACE;
    if (u < 0xc0)
        return u == 0xaa || u == 0xb5 || u == 0xba ? SLUG_KEEP : SLUG_DROP;
    if (u == 0xd7 || u == 0xf7)
        return SLUG_DROP;
    if (u < 0xdf) {
        *c = u + 0x20;
    } else if (u == 0x130) {
        *c = 'i';
    } else if (u == 0x178) {
        *c = 0xff;
    } else if ((u >= 0x100 && u < 0x138) || (u >= 0x14a && u < 0x178)) {
        *c = u | 1;
    } else if ((u >= 0x139 && u < 0x149) || (u >= 0x179 && u < 0x17f)) {
        *c = u + (u & 1);
    }
    if (u < 0x180)
        return SLUG_KEEP;
    if ((u >= 0x2000 && u < 0x2c00) || (u >= 0x2e00 && u < 0x2e80) ||
        (u >= 0x3000 && u < 0x3040) || (u >= 0xfe00 && u < 0xfe70) ||
        u == 0xfeff || (u >= 0xff01 && u < 0xff10) || u >= 0xfff0 ||
        (u >= 0x1f000 && u < 0x1fb00) || (u >= 0xe0000 && u < 0xe0080))
        return SLUG_DROP;
    return SLUG_KEEP;
}

void
ib_md_slug(const char *text, size_t len, struct ib_buf *out)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t start = out->len;
    bool gap = false;
    for (size_t i = 0; i < len;) {
        uint32_t c;
        size_t n = utf8_decode(s + i, len - i, &c);
        if (!n) {
            i++;
            continue;
        }
        i += n;
        switch (slug_class(&c)) {
        case SLUG_SPACE:
            gap = true;
            break;
        case SLUG_KEEP:
            if (c == '-' && out->len == start)
                break;
            if (gap && out->len > start)
                ib_buf_putc(out, '-');
            gap = false;
            utf8_put(out, c);
            break;
        case SLUG_DROP:
            break;
        }
    }
    while (out->len > start && out->data[out->len - 1] == '-')
        out->data[--out->len] = '\0';
    if (out->len == start)
        ib_buf_puts(out, "section");
}

bool
ib_md_url_has_scheme(const char *url)
{
    const char *p = url;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
           (p > url && ((*p >= '0' && *p <= '9') || *p == '+' || *p == '-' ||
                        *p == '.')))
        p++;
    return p > url && *p == ':';
}

bool
ib_md_url_is_external(const char *url)
{
    return ib_md_url_has_scheme(url) ||
           ((url[0] == '/' || url[0] == '\\') &&
            (url[1] == '/' || url[1] == '\\'));
}

/* Replaces IMAGE by its alt text (its children). */
static void
unwrap_image(cmark_node *image)
{
    cmark_node *child;
    while ((child = cmark_node_first_child(image)) != NULL)
        cmark_node_insert_before(image, child);
    cmark_node_free(image);
}

/* Dangerous URLs become "#"; images from other hosts their alt text. */
static void
sanitize_urls(cmark_node *doc)
{
    cmark_node **external = NULL;
    size_t n = 0, cap = 0;
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node_type type = cmark_node_get_type(node);
        if (ev != CMARK_EVENT_ENTER ||
            (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE))
            continue;
        const char *url = cmark_node_get_url(node);
        if (ib_md_url_is_dangerous(url))
            cmark_node_set_url(node, "#");
        else if (type == CMARK_NODE_IMAGE && ib_md_url_is_external(url)) {
            if (n == cap) {
                cap = cap ? 2 * cap : 8;
                external = ib_xrealloc(external, cap * sizeof(*external));
            }
            external[n++] = node;
        }
    }
    cmark_iter_free(it);
    for (size_t i = 0; i < n; i++)
        unwrap_image(external[i]);
    free(external);
}

/*
 * Copies cmark's HTML, giving the I-th "<hN>" the I-th anchor as its id and
 * a self-link before "</hN>". The self-link is hidden from assistive
 * technology and from the tab order, so the heading's accessible name stays
 * its text; the table of contents is the keyboard route. Table cells'
 * obsolete align= becomes a class. Each table is
 * wrapped in a focusable, labelled region so a wide table can be scrolled
 * with the keyboard (WCAG 2.1.1).
 */
/*
 * Returns B's contents as a new string, valid UTF-8. cmark-gfm 0.29 can
 * drop part of a footnote reference whose label spans a line break,
 * cutting a character in half: never pass that on.
 */
static char *
take_valid(struct ib_buf *b)
{
    const char *s = ib_buf_cstr(b);
    if (ib_text_valid_utf8(s, b->len, NULL))
        return ib_buf_take(b);
    struct ib_buf clean;
    ib_buf_init(&clean);
    ib_text_put_clean_utf8(&clean, s, b->len);
    ib_buf_fini(b);
    return ib_buf_take(&clean);
}

/*
 * Raw HTML under IB_MD_RAW_HTML_SANITIZE. cmark renders in safe mode
 * whatever the setting, writing RAW_OMITTED for each HTML node outside
 * image descriptions, in tree order; no other '<' of its output can start
 * that text. A plan says what each of those nodes becomes. A run of HTML
 * blocks that are siblings is sanitised as one fragment, written at the
 * first of them, because a blank line ends an HTML block and one table
 * can span several. An inline tag is kept only when an allowed opening
 * tag and its closing tag are siblings, so every kept pair nests the way
 * the Markdown around it does.
 */
#define RAW_OMITTED "<!-- raw HTML omitted -->"

struct raw_slot {
    const cmark_node *node;
    size_t i;
};

struct raw_plan {
    cmark_node **nodes; /* the HTML nodes, in render order */
    char **html;        /* what node I becomes: a new string, or NULL */
    bool *done;
    struct raw_slot *index; /* nodes sorted by address */
    size_t n;
    bool sanitize;
    ib_md_html_fn report;
    void *ud;
    const struct ib_md *md;
    size_t next_url; /* into md->raw_urls */
};

static int
cmp_slot(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const struct raw_slot *)a)->node;
    uintptr_t y = (uintptr_t)((const struct raw_slot *)b)->node;
    return x < y ? -1 : x > y;
}

/* Returns the index of HTML node N in P, or P->n if it has none. */
static size_t
raw_index(const struct raw_plan *p, const cmark_node *n)
{
    struct raw_slot key = {n, 0};
    const struct raw_slot *s =
        bsearch(&key, p->index, p->n, sizeof key, cmp_slot);
    return s ? s->i : p->n;
}

static bool
is_html_node(const cmark_node *n)
{
    cmark_node_type t = cmark_node_get_type((cmark_node *)n);
    return t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE;
}

static void
raw_collect(struct raw_plan *p, cmark_node *doc)
{
    size_t cap = 0;
    int in_image = 0;
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    /* Without raw HTML as parsed, an unedited tree has none to find. */
    while ((p->md->has_raw || p->md->edited) &&
           (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        if (cmark_node_get_type(node) == CMARK_NODE_IMAGE)
            in_image += ev == CMARK_EVENT_ENTER ? 1 : -1;
        if (ev != CMARK_EVENT_ENTER || in_image || !is_html_node(node))
            continue;
        if (p->n == cap) {
            cap = cap ? 2 * cap : 16;
            p->nodes = ib_xrealloc(p->nodes, cap * sizeof *p->nodes);
        }
        p->nodes[p->n++] = node;
    }
    cmark_iter_free(it);
    p->html = ib_xcalloc(p->n ? p->n : 1, sizeof *p->html);
    p->done = ib_xcalloc(p->n ? p->n : 1, sizeof *p->done);
    p->index = ib_xcalloc(p->n ? p->n : 1, sizeof *p->index);
    for (size_t i = 0; i < p->n; i++)
        p->index[i] = (struct raw_slot){p->nodes[i], i};
    qsort(p->index, p->n, sizeof *p->index, cmp_slot);
}

static void raw_say(const struct raw_plan *p, const cmark_node *n,
                    unsigned skip, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Reports FMT at node N, or SKIP lines below its first line. */
static void
raw_say(const struct raw_plan *p, const cmark_node *n, unsigned skip,
        const char *fmt, ...)
{
    if (!p->report)
        return;
    struct ib_buf b;
    ib_buf_init(&b);
    va_list ap;
    va_start(ap, fmt);
    ib_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    unsigned line = node_line(p->md, (cmark_node *)n);
    unsigned col = skip ? 0 : node_col(p->md, (cmark_node *)n);
    p->report(p->ud, line ? line + skip : 0, col, ib_buf_cstr(&b));
    ib_buf_fini(&b);
}

#define DROPPED_MSG                                                            \
    "raw HTML is not published (markdown.raw_html is 'drop'); write '\\<' "    \
    "for a literal '<'"

/* Reports what the allow-list removed from node N, SKIP lines below its
 * first line. */
static void
raw_say_removed(const struct raw_plan *p, const cmark_node *n, unsigned skip,
                const struct ib_sanitize_report *rep)
{
    if (!p->sanitize)
        raw_say(p, n, skip, DROPPED_MSG);
    else if (rep->removed > 1)
        raw_say(p, n, skip,
                "raw HTML partly removed by the allow-list: %s, and %zu "
                "more",
                rep->first, rep->removed - 1);
    else
        raw_say(p, n, skip, "raw HTML partly removed by the allow-list: %s",
                rep->first);
}

static bool
is_blank(const char *s)
{
    for (; *s; s++)
        if (!is_space((unsigned char)*s))
            return false;
    return true;
}

static bool
is_html_block(cmark_node *n)
{
    return n && cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK;
}

static const char *
literal_of(cmark_node *n)
{
    const char *lit = cmark_node_get_literal(n);
    return lit ? lit : "";
}

/* Returns the number of lines the literal of HTML block N has. */
static unsigned
block_lines(cmark_node *n)
{
    const char *lit = literal_of(n);
    unsigned lines = *lit && lit[strlen(lit) - 1] != '\n';
    for (; *lit; lit++)
        lines += *lit == '\n';
    return lines;
}

/* Appends the literals of the run of HTML blocks that starts at FIRST to
 * B, each ending in a line break. */
static void
run_text(cmark_node *first, struct ib_buf *b)
{
    for (cmark_node *n = first; is_html_block(n); n = cmark_node_next(n)) {
        ib_buf_puts(b, literal_of(n));
        if (b->len && b->data[b->len - 1] != '\n')
            ib_buf_putc(b, '\n');
    }
    ib_buf_cstr(b);
}

/*
 * The line and column in the file of LINE and COL (1-based, COL 0 if
 * unknown) in the text run_text makes of the run at FIRST. A literal
 * keeps the block's own indentation, not its container's (a list item's,
 * a quote's), which the first line's column tells.
 */
static void
run_place(const struct ib_md *md, cmark_node *first, unsigned line,
          unsigned col, unsigned *fline, unsigned *fcol)
{
    cmark_node *at = first;
    unsigned start = 1, skip = 0;
    for (cmark_node *n = first; is_html_block(n); n = cmark_node_next(n)) {
        if (start > line)
            break;
        at = n;
        skip = line - start;
        start += block_lines(n);
    }
    unsigned base = node_line(md, at);
    *fline = base ? base + skip : 0;
    const char *lit = literal_of(at);
    unsigned indent = 0;
    while (lit[indent] == ' ')
        indent++;
    unsigned c = node_col(md, at);
    *fcol = col && c > indent ? col + (c - 1 - indent) : col;
}

struct raw_links {
    struct ib_md *md;
    cmark_node *first;
    ib_md_link_fn fn;
    void *ud;
};

/* Resolves one URL of raw HTML as a Markdown link and keeps the answer
 * for the rendering; the sanitiser's output is not needed here. */
static char *
resolve_raw_url(void *ud, const struct ib_sanitize_url *u)
{
    struct raw_links *r = ud;
    struct ib_md *md = r->md;
    struct ib_md_link link = {.url = u->url, .is_image = u->is_image};
    run_place(md, r->first, u->line, u->col, &link.line, &link.col);
    char *new_url = NULL, *label = NULL;
    if (r->fn(r->ud, &link, &new_url, &label) != 0) {
        free(new_url);
        new_url = NULL;
    }
    free(label);
    if (md->nraw_urls == md->capraw_urls) {
        md->capraw_urls = md->capraw_urls ? 2 * md->capraw_urls : 8;
        md->raw_urls =
            ib_xrealloc(md->raw_urls, md->capraw_urls * sizeof *md->raw_urls);
    }
    md->raw_urls[md->nraw_urls++] =
        (struct raw_url){ib_xstrdup(u->url), new_url};
    return NULL;
}

/* Calls FN for the URLs the allow-list keeps in the run of HTML blocks
 * that starts at FIRST. */
static void
resolve_raw(struct ib_md *md, cmark_node *first, ib_md_link_fn fn, void *ud)
{
    struct ib_buf b;
    ib_buf_init(&b);
    run_text(first, &b);
    struct raw_links r = {md, first, fn, ud};
    free(ib_sanitize_html_urls(b.data, b.len, NULL, resolve_raw_url, &r));
    ib_buf_fini(&b);
}

/* Gives each URL of raw HTML what ib_md_resolve_links made of it. */
static char *
apply_raw_url(void *ud, const struct ib_sanitize_url *u)
{
    struct raw_plan *p = ud;
    const struct ib_md *md = p->md;
    if (p->next_url >= md->nraw_urls ||
        strcmp(md->raw_urls[p->next_url].from, u->url) != 0)
        return NULL;
    const char *to = md->raw_urls[p->next_url++].to;
    return to ? ib_xstrdup(to) : NULL;
}

/*
 * Plans the run of sibling HTML blocks that starts at node I. The
 * finding goes to the line of the first removal, found by counting the
 * lines of the blocks, whose literals are joined line for line.
 */
static void
raw_plan_blocks(struct raw_plan *p, size_t i)
{
    struct ib_buf b;
    ib_buf_init(&b);
    cmark_node *first = p->nodes[i];
    for (cmark_node *n = first; is_html_block(n); n = cmark_node_next(n)) {
        size_t k = raw_index(p, n);
        if (k < p->n)
            p->done[k] = true;
    }
    run_text(first, &b);
    struct ib_sanitize_report rep = {0};
    bool resolved = p->sanitize && p->md->raw_resolved;
    char *html = ib_sanitize_html_urls(b.data, b.len, &rep,
                                       resolved ? apply_raw_url : NULL, p);
    cmark_node *at = first;
    unsigned start = 1, skip = 0;
    for (cmark_node *n = first; p->sanitize && is_html_block(n);
         n = cmark_node_next(n)) {
        if (start > rep.line)
            break;
        at = n;
        skip = rep.line - start;
        start += block_lines(n);
    }
    /* Under drop, a run of comments loses nothing worth a finding. */
    if (rep.removed || (!p->sanitize && !is_blank(html)))
        raw_say_removed(p, at, skip, &rep);
    p->html[i] = html;
    ib_buf_fini(&b);
}

struct open_tag {
    size_t i; /* index of the node */
    char name[16];
    char *html;
};

/* Drops the opening tags of STACK from depth FROM up: they were never
 * closed where they could be. */
static void
raw_unclosed(struct raw_plan *p, struct open_tag *stack, size_t from,
             size_t *depth)
{
    for (size_t k = from; k < *depth; k++) {
        struct open_tag *o = &stack[k];
        if (p->sanitize)
            raw_say(p, p->nodes[o->i], 0,
                    "raw HTML <%s> removed: its </%s> is not in the same "
                    "paragraph, cell, link or emphasis",
                    o->name, o->name);
        free(o->html);
    }
    *depth = from;
}

/* Plans the inline HTML nodes that are children of PARENT. */
static void
raw_plan_inlines(struct raw_plan *p, cmark_node *parent)
{
    struct open_tag *stack = NULL;
    size_t depth = 0, cap = 0;
    bool said = false;
    for (cmark_node *n = cmark_node_first_child(parent); n;
         n = cmark_node_next(n)) {
        size_t i = raw_index(p, n);
        if (i == p->n || cmark_node_get_type(n) != CMARK_NODE_HTML_INLINE)
            continue;
        p->done[i] = true;
        const char *lit = cmark_node_get_literal(n);
        lit = lit ? lit : "";
        struct ib_sanitize_report rep = {0};
        struct ib_sanitize_tag t;
        ib_sanitize_tag(lit, strlen(lit), &t, &rep);
        if (!p->sanitize) {
            /* One finding a paragraph is enough to send the author there. */
            if (!said && t.kind != IB_SANITIZE_COMMENT &&
                strncmp(lit, "</", 2) != 0) {
                raw_say(p, n, 0, DROPPED_MSG);
                said = true;
            }
            ib_sanitize_tag_fini(&t);
            continue;
        }
        if (rep.removed)
            raw_say_removed(p, n, 0, &rep);
        if (t.kind == IB_SANITIZE_VOID) {
            p->html[i] = t.html;
        } else if (t.kind == IB_SANITIZE_OPEN) {
            if (depth == cap) {
                cap = cap ? 2 * cap : 8;
                stack = ib_xrealloc(stack, cap * sizeof *stack);
            }
            stack[depth].i = i;
            memcpy(stack[depth].name, t.name, sizeof t.name);
            stack[depth++].html = t.html;
        } else if (t.kind == IB_SANITIZE_CLOSE) {
            size_t k = depth;
            while (k > 0 && strcmp(stack[k - 1].name, t.name) != 0)
                k--;
            if (k > 0) {
                raw_unclosed(p, stack, k, &depth);
                depth--;
                p->html[stack[depth].i] = stack[depth].html;
                p->html[i] = t.html;
            } else {
                ib_sanitize_tag_fini(
                    &t); /* a closing tag alone: nothing lost */
            }
        } else {
            ib_sanitize_tag_fini(&t);
        }
    }
    raw_unclosed(p, stack, 0, &depth);
    free(stack);
}

/* Fills P for MD's tree; reports through P->report as it goes. */
static void
raw_plan(struct raw_plan *p, struct ib_md *md)
{
    p->md = md;
    raw_collect(p, md->doc);
    for (size_t i = 0; i < p->n; i++) {
        if (p->done[i])
            continue;
        if (cmark_node_get_type(p->nodes[i]) == CMARK_NODE_HTML_BLOCK)
            raw_plan_blocks(p, i);
        else
            raw_plan_inlines(p, cmark_node_parent(p->nodes[i]));
    }
}

static void
raw_plan_fini(struct raw_plan *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->html[i]);
    free(p->html);
    free(p->done);
    free(p->index);
    free(p->nodes);
}

void
ib_md_set_raw_html(struct ib_md *md, enum ib_md_raw_html mode, ib_md_html_fn fn,
                   void *ud)
{
    md->raw_html = mode;
    if (!fn)
        return;
    struct raw_plan p = {
        .sanitize = mode == IB_MD_RAW_HTML_SANITIZE, .report = fn, .ud = ud};
    struct ib_mdheap *was = ib_mdheap_use(md->heap);
    raw_plan(&p, md);
    ib_mdheap_use(was);
    raw_plan_fini(&p);
}

/* The opening of table N's wrapper: a region that scrolls sideways on
 * its own, which keyboards reach and screen readers name. */
static void
put_table_wrap(struct ib_buf *b, size_t n)
{
    ib_buf_puts(b, "<div class=\"table-wrap\" role=\"region\" "
                   "tabindex=\"0\" aria-label=\"Table ");
    ib_buf_put_int(b, (long long)n);
    ib_buf_puts(b, "\">");
}

/*
 * Writes sanitised HTML, wrapping each table as add_heading_ids wraps
 * cmark's. Every '<' in HTML is one of the sanitiser's tags.
 */
static void
put_raw(struct ib_buf *b, const char *html, size_t *tables)
{
    const char *p = html;
    while (p && *p) {
        const char *lt = strchr(p, '<');
        if (!lt) {
            ib_buf_puts(b, p);
            break;
        }
        ib_buf_put(b, p, (size_t)(lt - p));
        p = lt;
        if (strncmp(p, "<table", 6) == 0 && (p[6] == '>' || p[6] == ' ')) {
            put_table_wrap(b, ++*tables);
        } else if (strncmp(p, "</table>", 8) == 0) {
            ib_buf_puts(b, "</table></div>");
            p += 8;
            continue;
        }
        ib_buf_putc(b, '<');
        p++;
    }
}

#define TASK_INPUT "<input type=\"checkbox\" "

/*
 * Copies cmark-gfm's HTML to B with what it lacks: ids and anchors on
 * headings, classes for aligned table cells, names for task checkboxes,
 * a focusable region around each table, and sanitised raw HTML in place
 * of RAW_OMITTED. Only tags whose second byte can start one of those are
 * compared; the rest, most tags of a body, are copied at once.
 */
static void
add_heading_ids(const struct ib_md *md, const char *html,
                const struct raw_plan *raw, struct ib_buf *b)
{
    size_t next = 0, tables = 0, nraw = 0;
    const struct heading *open = NULL;
    const char *p = html;
    while (*p) {
        const char *lt = strchr(p, '<');
        if (!lt) {
            ib_buf_puts(b, p);
            break;
        }
        ib_buf_put(b, p, (size_t)(lt - p));
        p = lt;
        switch (p[1]) {
        case 'h':
            if (!open && next < md->nheads &&
                p[2] == '0' + md->heads[next].pub.level && p[3] == '>') {
                open = &md->heads[next++];
                ib_buf_put(b, p, 3); /* "<hN" */
                ib_buf_puts(b, " id=\"");
                ib_buf_put_html(b, open->anchor, strlen(open->anchor));
                ib_buf_puts(b, "\">");
                p += 4;
                continue;
            }
            break;
        case '/':
            if (open && p[2] == 'h' && p[3] == '0' + open->pub.level &&
                p[4] == '>') {
                ib_buf_puts(b, " <a class=\"anchor\" href=\"#");
                ib_buf_put_html(b, open->anchor, strlen(open->anchor));
                ib_buf_puts(b,
                            "\" aria-hidden=\"true\" tabindex=\"-1\">#</a>");
                ib_buf_put(b, p, 5); /* "</hN>" */
                open = NULL;
                p += 5;
                continue;
            }
            if (strncmp(p, "</table>", 8) == 0) {
                ib_buf_puts(b, "</table></div>");
                p += 8;
                continue;
            }
            break;
        case 't':
            if ((strncmp(p, "<td align=\"", 11) == 0 ||
                 strncmp(p, "<th align=\"", 11) == 0) &&
                strchr(p + 11, '"')) {
                /* HTML5 dropped align=; a class keeps the column
                 * alignment without inline styles (which a strict CSP
                 * forbids). */
                const char *v = p + 11, *q = strchr(v, '"');
                ib_buf_put(b, p, 3); /* "<td" or "<th" */
                ib_buf_puts(b, " class=\"align-");
                ib_buf_put(b, v, (size_t)(q - v));
                ib_buf_putc(b, '"');
                p = q + 1;
                continue;
            }
            if (strncmp(p, "<table>", 7) == 0) {
                put_table_wrap(b, ++tables);
                ib_buf_puts(b, "<table>");
                p += 7;
                continue;
            }
            break;
        case 'i':
            if (strncmp(p, TASK_INPUT, sizeof TASK_INPUT - 1) == 0) {
                /* GFM task items: a disabled checkbox needs a name (WCAG
                 * 4.1.2); say what its state means. */
                p += sizeof TASK_INPUT - 1;
                bool checked = strncmp(p, "checked=\"\" ", 11) == 0;
                ib_buf_puts(b, checked ? TASK_INPUT "aria-label=\"Done\" "
                                       : TASK_INPUT "aria-label=\"Not done\" ");
                continue;
            }
            break;
        case '!':
            if (raw && nraw < raw->n &&
                strncmp(p, RAW_OMITTED, sizeof RAW_OMITTED - 1) == 0) {
                put_raw(b, raw->html[nraw++], &tables);
                p += sizeof RAW_OMITTED - 1;
                continue;
            }
            break;
        default:
            break;
        }
        ib_buf_putc(b, '<');
        p++;
    }
}

char *
ib_md_render_html(struct ib_md *md)
{
    pthread_once(&registered, register_extensions);
    /* The HTML, a buffer grown by doubling, comes from the tree's heap,
     * as do the URLs sanitize_urls sets. */
    struct ib_mdheap *was = ib_mdheap_use(md->heap);
    sanitize_urls(md->doc);
    char *html = cmark_render_html_with_mem(md->doc, PARSE_OPTS,
                                            render_extensions, md->mem);
    ib_mdheap_use(was);

    struct raw_plan raw = {.sanitize = true};
    if (md->raw_html == IB_MD_RAW_HTML_SANITIZE)
        raw_plan(&raw, md);
    struct ib_buf b;
    ib_buf_init(&b);
    /* The HTML, and room for the headings' ids. */
    size_t len = strlen(html);
    ib_buf_grow(&b, len + len / 8);
    add_heading_ids(md, html,
                    md->raw_html == IB_MD_RAW_HTML_SANITIZE ? &raw : NULL, &b);
    raw_plan_fini(&raw);
    md->mem->free(html);
    return take_valid(&b);
}

char *
ib_md_plain_text(const struct ib_md *md)
{
    struct ib_buf b;
    bool space = false;
    ib_buf_init(&b);
    struct ib_mdheap *was = ib_mdheap_use(md->heap);
    cmark_iter *it = cmark_iter_new(md->doc);
    while (cmark_iter_next(it) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node_type type = cmark_node_get_type(node);
        if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE ||
            type == CMARK_NODE_CODE_BLOCK) {
            const char *s = cmark_node_get_literal(node);
            if (s)
                put_collapsed(&b, 0, s, strlen(s), &space);
        } else if (type == CMARK_NODE_SOFTBREAK ||
                   type == CMARK_NODE_LINEBREAK ||
                   (type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK) {
            space = true;
        }
    }
    cmark_iter_free(it);
    ib_mdheap_use(was);
    return take_valid(&b);
}

/*
 * The node API for filters. A struct ib_md_node is a cmark_node; the
 * cast stays in this file. Edits never free a node: what leaves the tree
 * goes to the graveyard, marked detached, so handles a filter still holds
 * stay valid until ib_md_free.
 */
static cmark_node *
cnode(const struct ib_md_node *n)
{
    return (cmark_node *)n;
}

struct ib_md_node *
ib_md_root(struct ib_md *md)
{
    return (struct ib_md_node *)md->doc;
}

size_t
ib_md_node_list(struct ib_md *md, struct ib_md_node *root,
                struct ib_md_node **out, size_t max)
{
    (void)md;
    size_t n = 0;
    cmark_iter *it = cmark_iter_new(cnode(root));
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || node == cnode(root))
            continue;
        if (n < max)
            out[n] = (struct ib_md_node *)node;
        n++;
    }
    cmark_iter_free(it);
    return n;
}

size_t
ib_md_node_children(struct ib_md_node *node, struct ib_md_node **out,
                    size_t max)
{
    size_t n = 0;
    for (cmark_node *c = cmark_node_first_child(cnode(node)); c;
         c = cmark_node_next(c)) {
        if (n < max)
            out[n] = (struct ib_md_node *)c;
        n++;
    }
    return n;
}

static const struct {
    cmark_node_type type;
    const char *name;
} core_types[] = {
    {CMARK_NODE_DOCUMENT, "document"},
    {CMARK_NODE_BLOCK_QUOTE, "block_quote"},
    {CMARK_NODE_LIST, "list"},
    {CMARK_NODE_ITEM, "item"},
    {CMARK_NODE_CODE_BLOCK, "code_block"},
    {CMARK_NODE_HTML_BLOCK, "html_block"},
    {CMARK_NODE_PARAGRAPH, "paragraph"},
    {CMARK_NODE_HEADING, "heading"},
    {CMARK_NODE_THEMATIC_BREAK, "thematic_break"},
    {CMARK_NODE_FOOTNOTE_DEFINITION, "footnote_definition"},
    {CMARK_NODE_TEXT, "text"},
    {CMARK_NODE_SOFTBREAK, "softbreak"},
    {CMARK_NODE_LINEBREAK, "linebreak"},
    {CMARK_NODE_CODE, "code"},
    {CMARK_NODE_HTML_INLINE, "html_inline"},
    {CMARK_NODE_EMPH, "emph"},
    {CMARK_NODE_STRONG, "strong"},
    {CMARK_NODE_LINK, "link"},
    {CMARK_NODE_IMAGE, "image"},
    {CMARK_NODE_FOOTNOTE_REFERENCE, "footnote_reference"},
};

const char *
ib_md_node_type(const struct ib_md_node *n)
{
    cmark_node *node = cnode(n);
    cmark_node_type type = cmark_node_get_type(node);
    for (size_t i = 0; i < sizeof core_types / sizeof *core_types; i++)
        if (core_types[i].type == type)
            return core_types[i].name;
    /* The GFM extensions' types are numbered at run time. */
    static const char *const ext[] = {"table", "table_row", "table_cell",
                                      "strikethrough"};
    const char *name = cmark_node_get_type_string(node);
    if (strcmp(name, "table_header") == 0)
        return "table_row";
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
        if (strcmp(name, ext[i]) == 0)
            return ext[i];
    return "custom";
}

struct ib_md_node *
ib_md_node_parent(const struct ib_md_node *n)
{
    return (struct ib_md_node *)cmark_node_parent(cnode(n));
}

bool
ib_md_node_is_attached(const struct ib_md *md, const struct ib_md_node *n)
{
    const struct mark *m = mark_get(md, cnode(n));
    return !(m && (m->flags & MARK_DETACHED));
}

unsigned
ib_md_node_line(const struct ib_md *md, const struct ib_md_node *n)
{
    const struct wiki *w = cmark_node_get_user_data(cnode(n));
    if (w && cmark_node_get_type(cnode(n)) == CMARK_NODE_LINK)
        return w->line;
    return node_line(md, cnode(n));
}

unsigned
ib_md_node_col(const struct ib_md *md, const struct ib_md_node *n)
{
    const struct wiki *w = cmark_node_get_user_data(cnode(n));
    if (w && cmark_node_get_type(cnode(n)) == CMARK_NODE_LINK)
        return w->col;
    return node_col(md, cnode(n));
}

/*
 * Where the bytes of a text node's literal are in the body, for filters
 * that report a word inside one (ib_md_node_position). Made when first
 * asked, never while parsing: an index of the body's lines, the node last
 * located and a walk along it, which a later, larger offset continues.
 *
 * A literal is decoded (entities, backslash escapes), so an offset into it
 * is a column only until the first escape; walking it along its source
 * (walk_unit) gives each byte's column. The walk needs the literal's start,
 * and cmark-gfm's columns are wrong on a paragraph's continuation lines:
 * it counts them from where the first line's text starts, whatever the
 * line's own indentation (a lazy line, a deeper one, a tab, "> " markers
 * spaced otherwise). The error is the same for every node on a line, so it
 * is measured once per line, with the line's first inline node, whose
 * source starts at the line's first byte that is not indentation or '>'.
 * Should the literal still not match there, the line is searched for a
 * place where it does, within a budget; if none is found, the estimate,
 * start plus offset, stands.
 */
struct pos {
    struct lines lines;
    const cmark_node *node; /* located, or NULL */
    const char *lit;        /* its literal when located */
    size_t litlen;
    const char *line_start; /* its line in the body */
    unsigned line;          /* its line in the file */
    unsigned est;           /* its column when the walk is lost, or 0 */
    struct walk walk;       /* along it, before the unit last asked for */
    /* The last line measured: its block, cmark-gfm's line and error. */
    const cmark_node *block;
    int block_line;
    int delta;
};

static void
pos_free(struct ib_md *md)
{
    if (!md->pos)
        return;
    free(md->pos->lines.start);
    free(md->pos);
    md->pos = NULL;
}

/* The block holding inline node N. */
static cmark_node *
leaf_block(cmark_node *n)
{
    while (n && (cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) !=
                    CMARK_NODE_TYPE_BLOCK)
        n = cmark_node_parent(n);
    return n;
}

/* cmark-gfm's line (in the body) and column of inline node N, or the
 * ones it would have given a node we made; 0 when unknown. */
static void
cmark_pos(const struct ib_md *md, cmark_node *n, int *line, int *col)
{
    cmark_node_type t = cmark_node_get_type(n);
    const struct wiki *w = t == CMARK_NODE_TEXT || t == CMARK_NODE_LINK
                               ? cmark_node_get_user_data(n)
                               : NULL;
    if (w) {
        *line =
            w->line > md->line_offset ? (int)(w->line - md->line_offset) : 0;
        *col = (int)w->est;
        return;
    }
    *line = cmark_node_get_start_line(n);
    *col = cmark_node_get_start_column(n);
}

/*
 * The first inline node on N's line of BLOCK: the one after the line
 * break before N. NULL if there is none before N, or if finding it takes
 * more than a few thousand steps (a hostile line; the search makes up).
 */
static cmark_node *
line_head(cmark_node *n, cmark_node *block)
{
    cmark_node *cur = n, *p;
    for (size_t k = 0; k < 4096; k++) {
        if ((p = cmark_node_previous(cur))) {
            cmark_node *c;
            while ((c = cmark_node_last_child(p)) && ++k < 4096)
                p = c;
        } else if (!(p = cmark_node_parent(cur)) || p == block) {
            return NULL;
        }
        cmark_node_type t = cmark_node_get_type(p);
        if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
            return cur;
        cur = p;
    }
    return NULL;
}

/* How far cmark-gfm's columns are off on body line LINE of N's block. */
static int
line_delta(const struct ib_md *md, struct pos *p, cmark_node *n, int line)
{
    cmark_node *block = leaf_block(n);
    if (!block || line <= cmark_node_get_start_line(block))
        return 0;
    if (p->block == block && p->block_line == line)
        return p->delta;
    int delta = 0, hline, hcol;
    cmark_node *head = line_head(n, block);
    if (head) {
        cmark_pos(md, head, &hline, &hcol);
        if (hline == line)
            delta =
                head_delta(&p->lines, line, hcol,
                           is_text(head) ? cmark_node_get_literal(head) : NULL);
    }
    p->block = block;
    p->block_line = line;
    p->delta = delta;
    return delta;
}

/* True if all of LIT walks along the source from S (before END). */
static bool
walks_from(const char *lit, const char *s, const char *end, size_t *budget)
{
    struct walk w = {.lit = lit, .src = s, .end = end};
    bool plain;
    while (lit[w.j] && *budget > 0) {
        (*budget)--;
        size_t k = walk_unit(&w, &plain);
        if (!k)
            return false;
        w.j += k;
    }
    return !lit[w.j];
}

/* Finds where text node N starts in the body, as the comment on struct
 * pos says; P->walk.lost when it is not found. */
static void
locate(const struct ib_md *md, struct pos *p, cmark_node *n)
{
    const char *lit = cmark_node_get_literal(n);
    int line, col;
    cmark_pos(md, n, &line, &col);
    p->node = n;
    p->lit = lit;
    p->line = node_line(md, n);
    p->est = node_col(md, n);
    p->walk = (struct walk){.node = n, .lit = lit ? lit : "", .lost = true};
    lines_index(&p->lines);
    if (!lit || line < 1 || col < 1 || (size_t)line > p->lines.n)
        return;
    const char *from, *to;
    line_bounds(&p->lines, line, &from, &to);
    long width = to - from;
    if (width <= 0)
        return;
    long est = col - 1 + line_delta(md, p, n, line);
    est = est < 0 ? 0 : est >= width ? width - 1 : est;
    p->est = (unsigned)est + 1;
    p->line_start = from;
    size_t once = SIZE_MAX;
    const char *at = walks_from(lit, from + est, to, &once) ? from + est : NULL;
    for (long d = 1;
         !at && p->lines.budget > 0 && (est + d < width || est - d >= 0); d++) {
        if (est + d < width &&
            walks_from(lit, from + est + d, to, &p->lines.budget))
            at = from + est + d;
        else if (est - d >= 0 &&
                 walks_from(lit, from + est - d, to, &p->lines.budget))
            at = from + est - d;
    }
    if (!at)
        return;
    p->walk.src = at;
    p->walk.end = to;
    p->walk.lost = false;
}

/* A walk along text node N's literal from where it starts in the body
 * of L (locate), or a lost one. */
static struct walk
source_walk(const struct ib_md *md, struct lines *l, cmark_node *n)
{
    lines_index(l);
    struct pos p = {.lines = *l};
    locate(md, &p, n);
    l->budget = p.lines.budget;
    return p.walk;
}

size_t
ib_md_node_position(struct ib_md *md, const struct ib_md_node *node, size_t off,
                    const char *text, size_t len, unsigned *line, unsigned *col)
{
    cmark_node *n = cnode(node);
    const struct mark *m = mark_get(md, n);
    *line = ib_md_node_line(md, node);
    *col = ib_md_node_col(md, node);
    if (!is_text(n) || (m && (m->flags & MARK_PLACED)) || !text)
        return 0;
    struct pos *p = md->pos;
    if (!p)
        p = md->pos = ib_xcalloc(1, sizeof *p);
    if (p->lines.text != text || p->lines.len != len) {
        free(p->lines.start);
        p->lines = (struct lines){text, len, NULL, 0, 4 * len + 4096};
        p->node = NULL;
        p->block = NULL;
    }
    size_t work = 1;
    if (p->node != n || p->lit != cmark_node_get_literal(n) ||
        off < p->walk.j) {
        size_t budget = p->lines.budget;
        locate(md, p, n);
        p->litlen = strlen(p->walk.lit);
        work += p->litlen + (budget - p->lines.budget);
    }
    if (off > p->litlen)
        off = p->litlen;
    *line = p->line;
    if (p->walk.lost) {
        *col = p->est ? p->est + (unsigned)off : 0;
        return work;
    }
    struct walk *w = &p->walk;
    while (w->j < off) {
        struct walk was = *w;
        bool plain;
        size_t k = walk_unit(w, &plain);
        work++;
        if (!k) {
            *w = was; /* past the literal's end */
            break;
        }
        w->j += k;
        if (w->j > off) {
            *w = was; /* OFF is inside this escape or reference */
            break;
        }
    }
    *col = (unsigned)(w->src - p->line_start) + 1;
    return work;
}

bool
ib_md_node_has_literal(const struct ib_md_node *n)
{
    switch (cmark_node_get_type(cnode(n))) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_HTML_INLINE:
        return true;
    default:
        return false;
    }
}

/* ib_md_node_text, with COLLAPSE; else ib_md_node_words. */
static void
node_text(const struct ib_md_node *n, struct ib_buf *out, bool collapse)
{
    struct ib_mdheap *was = hold_heap(cnode(n));
    if (ib_md_node_has_literal(n)) {
        const char *lit = cmark_node_get_literal(cnode(n));
        ib_buf_puts(out, lit ? lit : "");
        ib_mdheap_use(was);
        return;
    }
    /* Straight into OUT: this runs for every block of every body. */
    size_t base = out->len;
    bool space = false;
    cmark_iter *it = cmark_iter_new(cnode(n));
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node_type type = cmark_node_get_type(node);
        if (ev == CMARK_EVENT_ENTER &&
            (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE ||
             type == CMARK_NODE_CODE_BLOCK)) {
            const char *s = cmark_node_get_literal(node);
            if (s && collapse)
                put_collapsed(out, base, s, strlen(s), &space);
            else if (s)
                ib_buf_puts(out, s);
        } else if (node != cnode(n) &&
                   (type == CMARK_NODE_SOFTBREAK ||
                    type == CMARK_NODE_LINEBREAK ||
                    (type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK)) {
            space = true;
            if (!collapse)
                ib_buf_putc(out, ' ');
        }
    }
    cmark_iter_free(it);
    ib_mdheap_use(was);
    ib_buf_cstr(out);
}

void
ib_md_node_text(const struct ib_md_node *n, struct ib_buf *out)
{
    node_text(n, out, true);
}

void
ib_md_node_words(const struct ib_md_node *n, struct ib_buf *out)
{
    node_text(n, out, false);
}

const char *
ib_md_node_url(const struct ib_md_node *n)
{
    cmark_node_type t = cmark_node_get_type(cnode(n));
    if (t != CMARK_NODE_LINK && t != CMARK_NODE_IMAGE)
        return NULL;
    struct ib_mdheap *was = hold_heap(cnode(n));
    const char *u = cmark_node_get_url(cnode(n));
    ib_mdheap_use(was);
    return u ? u : "";
}

const char *
ib_md_node_title(const struct ib_md_node *n)
{
    cmark_node_type t = cmark_node_get_type(cnode(n));
    if (t != CMARK_NODE_LINK && t != CMARK_NODE_IMAGE)
        return NULL;
    struct ib_mdheap *was = hold_heap(cnode(n));
    const char *u = cmark_node_get_title(cnode(n));
    ib_mdheap_use(was);
    return u ? u : "";
}

const char *
ib_md_node_info(const struct ib_md_node *n)
{
    if (cmark_node_get_type(cnode(n)) != CMARK_NODE_CODE_BLOCK)
        return NULL;
    struct ib_mdheap *was = hold_heap(cnode(n));
    const char *u = cmark_node_get_fence_info(cnode(n));
    ib_mdheap_use(was);
    return u ? u : "";
}

int
ib_md_node_level(const struct ib_md_node *n)
{
    if (cmark_node_get_type(cnode(n)) != CMARK_NODE_HEADING)
        return 0;
    return cmark_node_get_heading_level(cnode(n));
}

/* Marks N and everything below it as detached. */
static void
mark_detached(struct ib_md *md, cmark_node *n)
{
    cmark_iter *it = cmark_iter_new(n);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
        if (ev == CMARK_EVENT_ENTER)
            mark_put(md, cmark_iter_get_node(it))->flags |= MARK_DETACHED;
    cmark_iter_free(it);
}

static void
bury(struct ib_md *md, cmark_node *n)
{
    if (md->ngrave == md->capgrave) {
        md->capgrave = md->capgrave ? 2 * md->capgrave : 16;
        md->grave = ib_xrealloc(md->grave, md->capgrave * sizeof(cmark_node *));
    }
    md->grave[md->ngrave++] = n;
}

/* Takes N out of the tree for good. */
static void
detach(struct ib_md *md, cmark_node *n)
{
    mark_detached(md, n);
    cmark_node_unlink(n);
    bury(md, n);
    md->dirty = true;
}

/* Every change a filter makes starts here, which marks MD edited. */
static int
check_editable(struct ib_md *md, const struct ib_md_node *n, const char **err)
{
    md->edited = true;
    if (md->pos) /* the walk may hold a literal the edit frees */
        md->pos->node = md->pos->block = NULL;
    if (!ib_md_node_is_attached(md, n)) {
        *err = "the node was removed or replaced before";
        return -1;
    }
    return 0;
}

static bool
is_type(const struct ib_md_node *n, cmark_node_type t)
{
    return cmark_node_get_type(cnode(n)) == t;
}

/* True for the nodes whose text ib_md_node_set_text replaces by their
 * children's: headings, paragraphs, table cells, links, images and the
 * emphases. */
static bool
has_own_text(cmark_node *node)
{
    switch (cmark_node_get_type(node)) {
    case CMARK_NODE_HEADING:
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_LINK:
    case CMARK_NODE_IMAGE:
    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
        return true;
    default:
        break;
    }
    /* The GFM extensions' types are numbered at run time. */
    const char *name = cmark_node_get_type_string(node);
    return strcmp(name, "table_cell") == 0 ||
           strcmp(name, "strikethrough") == 0;
}

int
ib_md_node_set_text(struct ib_md *md, struct ib_md_node *n, const char *s,
                    const char **err)
{
    if (check_editable(md, n, err) < 0)
        return -1;
    cmark_node *node = cnode(n);
    if (ib_md_node_has_literal(n)) {
        cmark_node_set_literal(node, s);
        md->dirty = true;
        return 0;
    }
    if (!has_own_text(node)) {
        *err = "this type of node has no text of its own; replace it, or "
               "set the text of the nodes inside it";
        return -1;
    }
    cmark_node *child;
    while ((child = cmark_node_first_child(node)))
        detach(md, child);
    cmark_node_append_child(node, new_text(md->mem, s, strlen(s)));
    md->dirty = true;
    return 0;
}

int
ib_md_node_set_url(struct ib_md *md, struct ib_md_node *n, const char *s,
                   const char **err)
{
    if (check_editable(md, n, err) < 0)
        return -1;
    if (!ib_md_node_url(n)) {
        *err = "only links and images have a URL";
        return -1;
    }
    cmark_node_set_url(cnode(n), s);
    return 0;
}

int
ib_md_node_set_title(struct ib_md *md, struct ib_md_node *n, const char *s,
                     const char **err)
{
    if (check_editable(md, n, err) < 0)
        return -1;
    if (!ib_md_node_title(n)) {
        *err = "only links and images have a title";
        return -1;
    }
    cmark_node_set_title(cnode(n), s);
    return 0;
}

int
ib_md_node_set_info(struct ib_md *md, struct ib_md_node *n, const char *s,
                    const char **err)
{
    if (check_editable(md, n, err) < 0)
        return -1;
    if (!is_type(n, CMARK_NODE_CODE_BLOCK)) {
        *err = "only code blocks have an info string";
        return -1;
    }
    cmark_node_set_fence_info(cnode(n), s);
    return 0;
}

int
ib_md_node_set_level(struct ib_md *md, struct ib_md_node *n, int level,
                     const char **err)
{
    if (check_editable(md, n, err) < 0)
        return -1;
    if (!is_type(n, CMARK_NODE_HEADING)) {
        *err = "only headings have a level";
        return -1;
    }
    if (level < 1 || level > 6) {
        *err = "a heading's level is 1 to 6";
        return -1;
    }
    cmark_node_set_heading_level(cnode(n), level);
    md->dirty = true;
    return 0;
}

/* Gives every node below FROM the position LINE (column unknown). */
static void
place(struct ib_md *md, cmark_node *from, unsigned line)
{
    cmark_iter *it = cmark_iter_new(from);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || node == from)
            continue;
        struct mark *m = mark_put(md, node);
        m->flags |= MARK_PLACED;
        m->line = line;
        struct wiki *w = cmark_node_get_user_data(node);
        if (w && cmark_node_get_type(node) == CMARK_NODE_LINK) {
            w->line = line;
            w->col = 0;
        }
    }
    cmark_iter_free(it);
}

int
ib_md_node_replace(struct ib_md *md, struct ib_md_node *n, const char *text,
                   size_t len, const char **err)
{
    if (check_editable(md, n, err) < 0)
        return -1;
    cmark_node *node = cnode(n);
    if (!cmark_node_parent(node)) {
        *err = "the document itself cannot be replaced";
        return -1;
    }
    /* A fragment is parsed like a body, [[ID]] links included; its own
     * positions mean nothing in this file, so they are replaced. */
    struct ib_md frag = {.mem = md->mem};
    struct ib_buf clean;
    ib_buf_init(&clean);
    text = valid_text(text, &len, &clean);
    struct ib_mdheap *was = ib_mdheap_use(md->heap); /* the nodes join MD */
    frag.doc = parse_tree(text, len, &frag);
    wiki_links(&frag, text, len, false);
    ib_mdheap_use(was);
    ib_buf_fini(&clean);
    free(frag.marks);
    free(frag.refs);
    bury(md, frag.doc);
    cmark_iter *it = cmark_iter_new(frag.doc);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;)
        md->added += ev == CMARK_EVENT_ENTER;
    cmark_iter_free(it);

    cmark_node *from = frag.doc, *first = cmark_node_first_child(frag.doc);
    bool inline_node = is_inline(node);
    if (first && inline_node) {
        if (cmark_node_next(first) ||
            cmark_node_get_type(first) != CMARK_NODE_PARAGRAPH) {
            *err = "an inline node can only be replaced by inline Markdown "
                   "(one paragraph)";
            mark_detached(md, frag.doc);
            return -1;
        }
        from = first;
    } else if (first && is_type(n, CMARK_NODE_ITEM)) {
        if (cmark_node_next(first) ||
            cmark_node_get_type(first) != CMARK_NODE_LIST) {
            *err = "a list item can only be replaced by list items";
            mark_detached(md, frag.doc);
            return -1;
        }
        from = first;
    }
    place(md, from, node_line(md, node));
    /* A paragraph loses the spaces at its ends; inline, they separate the
     * replacement from its neighbours ("see SEC-1 now" split around a
     * link), so they are put back as text. */
    if (inline_node && first) {
        size_t lead = 0, trail = 0;
        while (lead < len && (text[lead] == ' ' || text[lead] == '\t'))
            lead++;
        while (trail < len - lead &&
               (text[len - 1 - trail] == ' ' || text[len - 1 - trail] == '\t'))
            trail++;
        if (lead)
            cmark_node_prepend_child(from, new_text(md->mem, text, lead));
        if (trail)
            cmark_node_append_child(
                from, new_text(md->mem, text + len - trail, trail));
    }

    cmark_node **moved = NULL;
    size_t nmoved = 0, cap = 0;
    cmark_node *c;
    while ((c = cmark_node_first_child(from))) {
        if (!cmark_node_insert_before(node, c)) {
            /* Put back what was moved: the edit is all or nothing. */
            for (size_t i = nmoved; i-- > 0;)
                cmark_node_prepend_child(from, moved[i]);
            free(moved);
            mark_detached(md, frag.doc);
            *err = "the replacement cannot stand where the node is (for "
                   "example a heading inside a table, or a paragraph "
                   "inside a list)";
            return -1;
        }
        if (nmoved == cap) {
            cap = cap ? 2 * cap : 8;
            moved = ib_xrealloc(moved, cap * sizeof(cmark_node *));
        }
        moved[nmoved++] = c;
    }
    free(moved);
    detach(md, node);
    mark_detached(md, frag.doc);
    return 0;
}

size_t
ib_md_added_nodes(const struct ib_md *md)
{
    return md->added;
}

int
ib_md_node_remove(struct ib_md *md, struct ib_md_node *n, const char **err)
{
    if (check_editable(md, n, err) < 0)
        return -1;
    if (!cmark_node_parent(cnode(n))) {
        *err = "the document itself cannot be removed";
        return -1;
    }
    detach(md, cnode(n));
    return 0;
}

void
ib_md_refresh(struct ib_md *md)
{
    if (!md->dirty)
        return;
    for (size_t i = 0; i < md->nheads; i++) {
        free(md->heads[i].text);
        free(md->heads[i].anchor);
    }
    free(md->heads);
    free(md->slots);
    md->heads = NULL;
    md->slots = NULL;
    md->nheads = 0;
    free_notes(md);
    struct ib_mdheap *was = ib_mdheap_use(md->heap);
    collect_headings(md);
    ib_mdheap_use(was);
    md->dirty = false;
}
