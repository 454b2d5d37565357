/* SPDX-License-Identifier: MIT */
/*
 * YAML to ib_val through libyaml's event parser, after a fast path for
 * the flat maps front matter mostly is. libyaml checks syntax; this layer
 * adds what it does not: duplicate keys, no anchors, aliases or
 * tags, one document only, and limits on depth, scalar size and node count.
 * Positions: libyaml marks are 0-based and count characters, so they are
 * turned into 1-based lines and byte columns once, here.
 */
#include "yaml.h"

#include <math.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "arena.h"
#include "diag.h"
#include "fs.h"
#include "text.h"
#include "val.h"
#include "xmalloc.h"

#define DEFAULT_DEPTH 16
#define DEFAULT_SCALAR ((size_t)64 * 1024)
#define DEFAULT_NODES 100000

struct frame {
    struct ib_val *v;
    /* For maps: the key waiting for its value, or NULL. */
    const char *key;
    unsigned key_line, key_col;
};

struct parser {
    struct ib_arena *a;
    struct ib_diag *d;
    const char *text;
    size_t len;
    const char *file;
    unsigned line_offset;
    struct ib_yaml_limits lim;
    size_t nodes;
    struct frame *stack;
    size_t depth;
    struct ib_val *root;
    /* Cache for mark conversion: byte offset of the start of each line. */
    size_t *line_starts;
    size_t nlines;
    size_t cur_chars, cur_bytes; /* cursor of byte_offset() */
    bool ascii; /* the text is ASCII: a character is a byte */
};

static void
index_lines(struct parser *p)
{
    size_t n = 1;
    unsigned char high = 0;
    for (size_t i = 0; i < p->len; i++) {
        n += p->text[i] == '\n';
        high |= (unsigned char)p->text[i];
    }
    p->ascii = high < 0x80;
    p->line_starts = ib_xmalloc(n * sizeof(size_t));
    p->nlines = 0;
    p->line_starts[p->nlines++] = 0;
    for (size_t i = 0; i < p->len; i++)
        if (p->text[i] == '\n')
            p->line_starts[p->nlines++] = i + 1;
}

/* Returns the byte offset of character CHARS, walking from a cursor:
 * marks arrive mostly in increasing order, so this stays linear. */
static size_t
byte_offset(struct parser *p, size_t chars)
{
    if (p->ascii)
        return chars < p->len ? chars : p->len;
    if (chars < p->cur_chars)
        p->cur_chars = p->cur_bytes = 0;
    while (p->cur_chars < chars && p->cur_bytes < p->len) {
        p->cur_bytes++;
        while (p->cur_bytes < p->len &&
               ((unsigned char)p->text[p->cur_bytes] & 0xC0) == 0x80)
            p->cur_bytes++;
        p->cur_chars++;
    }
    return p->cur_bytes;
}

/* Converts a byte offset to our loc: lines end at '\n' only (libyaml also
 * breaks lines at U+0085, U+2028 and U+2029, which editors do not show). */
static struct ib_loc
loc_at(const struct parser *p, size_t off)
{
    size_t lo = 0, hi = p->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->line_starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return (struct ib_loc){p->file, (unsigned)lo + 1 + p->line_offset,
                           (unsigned)(off - p->line_starts[lo]) + 1};
}

/* Converts a libyaml mark (0-based, counting characters) to our loc. */
static struct ib_loc
loc_of(struct parser *p, yaml_mark_t m)
{
    return loc_at(p, byte_offset(p, m.index));
}

static bool
is_int(const char *s)
{
    if (*s == '-' || *s == '+')
        s++;
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static bool
is_float(const char *s)
{
    const char *p = s;
    bool digits = false;
    if (*p == '-' || *p == '+')
        p++;
    if (strcmp(p, ".inf") == 0 || strcmp(p, ".Inf") == 0 ||
        strcmp(p, ".INF") == 0)
        return true;
    if (strcmp(s, ".nan") == 0 || strcmp(s, ".NaN") == 0 ||
        strcmp(s, ".NAN") == 0)
        return true;
    while (*p >= '0' && *p <= '9')
        p++, digits = true;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9')
            p++, digits = true;
    }
    if (!digits)
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '-' || *p == '+')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

static double
float_value(const char *s)
{
    const char *p = s + (*s == '-' || *s == '+');
    if (p[0] == '.' && (p[1] == 'i' || p[1] == 'I'))
        return *s == '-' ? -INFINITY : INFINITY;
    if (p[0] == '.' && (p[1] == 'n' || p[1] == 'N'))
        return NAN;
    return strtod(s, NULL);
}

/* Resolves a plain scalar by YAML 1.2's core schema. */
static void
resolve_plain(struct ib_val *v)
{
    const char *s = v->str;
    /* Most scalars are words and ids: no null, bool or number starts
     * like them. */
    if (v->len > 0 && !strchr("~nNtTfF+-.0123456789", s[0]))
        return;
    if (v->len == 0 || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
        strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0) {
        v->kind = IB_VAL_NULL;
    } else if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 ||
               strcmp(s, "TRUE") == 0) {
        v->kind = IB_VAL_BOOL;
        v->b = true;
    } else if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 ||
               strcmp(s, "FALSE") == 0) {
        v->kind = IB_VAL_BOOL;
        v->b = false;
    } else if (is_int(s) || is_float(s)) {
        v->kind = IB_VAL_NUM;
        v->num = float_value(s);
    }
}

static int
fail(struct parser *p, yaml_mark_t m, const char *msg, const char *what)
{
    ib_diag_add(p->d, IB_SEV_ERROR, loc_of(p, m), "yaml-syntax", "%s%s",
                msg, what ? what : "");
    return -1;
}

struct keyref {
    const char *key;
    size_t index;
};

static int
cmp_keyref(const void *pa, const void *pb)
{
    const struct keyref *a = pa, *b = pb;
    int c = strcmp(a->key, b->key);
    if (c)
        return c;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* Large maps are checked for duplicates once, sorted, when they close. */
#define LINEAR_DUP_CHECK 32

static int
check_dup_sorted(struct parser *p, const struct ib_val *map)
{
    if (map->n <= LINEAR_DUP_CHECK)
        return 0;
    struct keyref *refs = ib_xmalloc(map->n * sizeof(*refs));
    for (size_t i = 0; i < map->n; i++)
        refs[i] = (struct keyref){map->pairs[i].key, i};
    qsort(refs, map->n, sizeof(*refs), cmp_keyref);
    int rc = 0;
    for (size_t i = 1; i < map->n; i++) {
        if (strcmp(refs[i].key, refs[i - 1].key) == 0) {
            const struct ib_val_pair *dup = &map->pairs[refs[i].index];
            const struct ib_val_pair *first = &map->pairs[refs[i - 1].index];
            ib_diag_add(p->d, IB_SEV_ERROR,
                        (struct ib_loc){p->file, dup->line, dup->col},
                        "yaml-syntax", "duplicate key '%s' (first at line %u)",
                        dup->key, first->line);
            rc = -1;
            break;
        }
    }
    free(refs);
    return rc;
}

/* Attaches V to the innermost open container, or makes it the root. */
static int
attach(struct parser *p, struct ib_val *v, yaml_mark_t m)
{
    if (p->depth == 0) {
        p->root = v;
        return 0;
    }
    struct frame *f = &p->stack[p->depth - 1];
    if (f->v->kind == IB_VAL_LIST) {
        ib_val_push(p->a, f->v, v);
        return 0;
    }
    if (!f->key) {
        if (!ib_val_is_scalar(v))
            return fail(p, m, "a map key must be a plain value", NULL);
        struct ib_loc loc = loc_of(p, m);
        if (f->v->n < LINEAR_DUP_CHECK) {
            const struct ib_val_pair *old = ib_val_get_pair(f->v, v->str);
            if (old) {
                ib_diag_add(p->d, IB_SEV_ERROR, loc, "yaml-syntax",
                            "duplicate key '%s' (first at line %u)", v->str,
                            old->line);
                return -1;
            }
        }
        f->key = v->str;
        f->key_line = loc.line;
        f->key_col = loc.col;
        return 0;
    }
    /* Duplicates were ruled out when the key arrived. */
    struct ib_val_pair *pair = ib_val_append(p->a, f->v, f->key, v);
    pair->line = f->key_line;
    pair->col = f->key_col;
    f->key = NULL;
    return 0;
}

static int
count_node(struct parser *p, yaml_mark_t m)
{
    if (++p->nodes > p->lim.max_nodes)
        return fail(p, m, "too many values (limit reached)", NULL);
    return 0;
}

static int
check_props(struct parser *p, yaml_mark_t m, const yaml_char_t *anchor,
            const yaml_char_t *tag, bool *force_str)
{
    *force_str = false;
    if (anchor)
        return fail(p, m, "anchors (&name) are not allowed", NULL);
    if (tag) {
        if (strcmp((const char *)tag, YAML_STR_TAG) == 0) {
            *force_str = true;
            return 0;
        }
        return fail(p, m, "tags are not allowed: ", (const char *)tag);
    }
    return 0;
}

static int
on_scalar(struct parser *p, const yaml_event_t *e)
{
    bool force_str;
    yaml_mark_t m = e->start_mark;
    if (check_props(p, m, e->data.scalar.anchor, e->data.scalar.tag,
                    &force_str) < 0 ||
        count_node(p, m) < 0)
        return -1;
    if (e->data.scalar.length > p->lim.max_scalar) {
        ib_diag_add(p->d, IB_SEV_ERROR, loc_of(p, m), "yaml-syntax",
                    "value of %zu bytes exceeds the limit of %zu bytes",
                    e->data.scalar.length, p->lim.max_scalar);
        return -1;
    }
    struct ib_val *v = ib_val_strn(p->a, (const char *)e->data.scalar.value,
                                   e->data.scalar.length);
    struct ib_loc loc = loc_of(p, m);
    v->line = loc.line;
    v->col = loc.col;
    if (e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !force_str)
        resolve_plain(v);
    else
        v->quoted = true;
    return attach(p, v, m);
}

static int
on_open(struct parser *p, const yaml_event_t *e, bool is_map)
{
    bool force_str;
    yaml_mark_t m = e->start_mark;
    const yaml_char_t *anchor = is_map ? e->data.mapping_start.anchor
                                       : e->data.sequence_start.anchor;
    const yaml_char_t *tag = is_map ? e->data.mapping_start.tag
                                    : e->data.sequence_start.tag;
    if (check_props(p, m, anchor, tag, &force_str) < 0 || force_str ||
        count_node(p, m) < 0)
        return force_str ? fail(p, m, "!!str on a list or map", NULL) : -1;
    if (p->depth >= p->lim.max_depth) {
        ib_diag_add(p->d, IB_SEV_ERROR, loc_of(p, m), "yaml-syntax",
                    "nesting deeper than %u levels", p->lim.max_depth);
        return -1;
    }
    struct ib_val *v = is_map ? ib_val_map(p->a) : ib_val_list(p->a);
    struct ib_loc loc = loc_of(p, m);
    v->line = loc.line;
    v->col = loc.col;
    if (attach(p, v, m) < 0)
        return -1;
    p->stack[p->depth++] = (struct frame){v, NULL, 0, 0};
    return 0;
}

/*
 * The fast path. Front matter is almost always a flat map of one-line
 * values: words, dates, quoted titles, flow lists of ids, block lists of
 * words. libyaml spends some 300 instructions a byte on it; this reads
 * that subset in one pass and gives the tree libyaml's path would give,
 * positions, kinds and quoting included. Anything outside the subset, or
 * anything the other path would report, returns "not simple", and the
 * text goes through libyaml from the start: the subset is kept narrow so
 * that every reading here is one libyaml agrees with (the unit tests and
 * the YAML fuzzer compare the two trees).
 */

/* Where a line is read: [s, end) is the line without its newline. */
struct cursor {
    const char *s, *end;
    unsigned line; /* 0-based line of S in the text */
    const char *line_start;
};

/* A byte that may continue a plain scalar on its line: printable ASCII
 * but ':' and '#', whose readings depend on what follows, or a byte of a
 * two-byte UTF-8 sequence U+00C0..U+07FF (Nordic letters among them),
 * checked by the caller. */
static bool
plain_byte(unsigned char c)
{
    return c >= 0x20 && c < 0x7f && c != ':' && c != '#';
}

/* Length of the UTF-8 sequence at S if it is one this path accepts: two
 * bytes, lead C3..DF (C2 holds NEL and other controls); else 0. */
static size_t
utf8_two(const char *s, const char *end)
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0xc3 || c > 0xdf || end - s < 2)
        return 0;
    unsigned char c1 = (unsigned char)s[1];
    return c1 >= 0x80 && c1 <= 0xbf ? 2 : 0;
}

/*
 * Reads a scalar at S: plain, or quoted without escapes and on one line.
 * In a flow list (FLOW) a plain scalar also stops at ',' and ']' and may
 * not hold '[', '{' or '}'. Sets *LEN to the length of the source text
 * and the value's text in *TEXT and *TLEN. Returns false if this is not a
 * scalar of the subset.
 */
static bool
simple_scalar(const char *s, const char *end, bool flow, size_t *len,
              const char **text, size_t *tlen, bool *quoted)
{
    if (s == end)
        return false;
    if (*s == '"' || *s == '\'') {
        char q = *s;
        const char *p = s + 1;
        while (p < end && *p != q) {
            size_t u = utf8_two(p, end);
            unsigned char c = (unsigned char)*p;
            if (u)
                p += u;
            else if (c >= 0x20 && c < 0x7f && c != '\\')
                p++;
            else
                return false;
        }
        if (p == end)
            return false;
        *text = s + 1;
        *tlen = (size_t)(p - s - 1);
        *len = (size_t)(p + 1 - s);
        *quoted = true;
        return true;
    }
    /* The first byte must not be an indicator; '-' only before a word
     * or number character ("-5", not "- x"). */
    unsigned char c = (unsigned char)*s;
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9');
    if (!word && c != '_' && c != '.' && c != '(' && c != '/' &&
        !utf8_two(s, end)) {
        if (c != '-' || end - s < 2)
            return false;
        unsigned char n = (unsigned char)s[1];
        if (!((n >= 'a' && n <= 'z') || (n >= '0' && n <= '9') || n == '.'))
            return false;
    }
    const char *p = s;
    while (p < end) {
        size_t u = utf8_two(p, end);
        if (u) {
            p += u;
            continue;
        }
        c = (unsigned char)*p;
        if (flow && (c == ',' || c == ']'))
            break;
        if (!plain_byte(c) || (flow && (c == '[' || c == '{' || c == '}')))
            return false;
        p++;
    }
    /* Trailing spaces are not part of a plain scalar. */
    const char *e = p;
    while (e > s && e[-1] == ' ')
        e--;
    if (e == s || (!flow && e != p))
        return false;
    *text = s;
    *tlen = (size_t)(e - s);
    *len = (size_t)(e - s);
    *quoted = false;
    return true;
}

/* Makes the scalar at S into a value placed at line LINE, column COL. */
static struct ib_val *
simple_value(struct parser *p, const char *text, size_t tlen, bool quoted,
             unsigned line, const char *line_start, const char *s)
{
    struct ib_val *v = ib_val_strn(p->a, text, tlen);
    v->line = line + 1 + p->line_offset;
    v->col = (unsigned)(s - line_start) + 1;
    if (quoted)
        v->quoted = true;
    else
        resolve_plain(v);
    return v;
}

/* Counts a node against the limits; false past them (libyaml's path says
 * so). */
static bool
simple_count(struct parser *p, size_t scalar_len)
{
    return ++p->nodes <= p->lim.max_nodes && scalar_len <= p->lim.max_scalar;
}

/* A flow list "[a, b]" from S to the end of the line. */
static struct ib_val *
simple_flow(struct parser *p, const struct cursor *c, const char *s)
{
    struct ib_val *list = ib_val_list(p->a);
    list->line = c->line + 1 + p->line_offset;
    list->col = (unsigned)(s - c->line_start) + 1;
    const char *q = s + 1;
    while (q < c->end && *q == ' ')
        q++;
    if (q < c->end && *q == ']')
        return q + 1 == c->end ? list : NULL;
    for (;;) {
        const char *text;
        size_t len, tlen;
        bool quoted;
        if (!simple_scalar(q, c->end, true, &len, &text, &tlen, &quoted) ||
            !simple_count(p, tlen))
            return NULL;
        ib_val_push(p->a, list,
                    simple_value(p, text, tlen, quoted, c->line,
                                 c->line_start, q));
        q += len;
        while (q < c->end && *q == ' ')
            q++;
        if (q == c->end)
            return NULL;
        if (*q == ']')
            return q + 1 == c->end ? list : NULL;
        if (*q != ',')
            return NULL;
        q++;
        while (q < c->end && *q == ' ')
            q++;
    }
}

/* Moves C to the next line; false at the end of the text. */
static bool
next_line(struct parser *p, struct cursor *c)
{
    const char *text_end = p->text + p->len;
    if (c->end >= text_end)
        return false;
    c->line++;
    c->s = c->line_start = c->end + 1;
    const char *nl = memchr(c->s, '\n', (size_t)(text_end - c->s));
    c->end = nl ? nl : text_end;
    return c->s < text_end || nl;
}

/* A line of spaces only, or a comment of printable ASCII, tabs and the
 * UTF-8 this path reads (libyaml's reader checks comments too). Other
 * whitespace is left to libyaml. */
static bool
is_blank(const struct cursor *c)
{
    const char *q = c->s;
    while (q < c->end && *q == ' ')
        q++;
    if (q == c->end)
        return true;
    if (*q != '#')
        return false;
    while (q < c->end) {
        size_t u = utf8_two(q, c->end);
        unsigned char ch = (unsigned char)*q;
        if (u)
            q += u;
        else if ((ch >= 0x20 && ch < 0x7f) || ch == '\t')
            q++;
        else
            return false;
    }
    return true;
}

/*
 * The entries of a block list under a key, from C's line on: "- item"
 * lines at one indentation, with blank and comment lines between. Leaves
 * C on the first line after the list. Returns the list, or NULL.
 */
static struct ib_val *
simple_block(struct parser *p, struct cursor *c, bool *more)
{
    struct ib_val *list = NULL;
    size_t indent = 0;
    for (;;) {
        if (is_blank(c)) {
            if (!(*more = next_line(p, c)))
                return list;
            continue;
        }
        const char *q = c->s;
        while (q < c->end && *q == ' ')
            q++;
        if (*q != '-') {
            if (q != c->s)
                return NULL; /* indented, but not an entry */
            return list;
        }
        if (!list) {
            indent = (size_t)(q - c->s);
            list = ib_val_list(p->a);
            list->line = c->line + 1 + p->line_offset;
            list->col = (unsigned)indent + 1;
            if (!simple_count(p, 0))
                return NULL;
        } else if ((size_t)(q - c->s) != indent) {
            return NULL;
        }
        if (q + 1 >= c->end || q[1] != ' ')
            return NULL;
        q += 2;
        while (q < c->end && *q == ' ')
            q++;
        const char *text;
        size_t len, tlen;
        bool quoted;
        if (!simple_scalar(q, c->end, false, &len, &text, &tlen, &quoted) ||
            q + len != c->end || !simple_count(p, tlen))
            return NULL;
        ib_val_push(p->a, list,
                    simple_value(p, text, tlen, quoted, c->line,
                                 c->line_start, q));
        if (!(*more = next_line(p, c)))
            return list;
    }
}

/* True if KEY (LEN bytes) is already in MAP. */
static bool
has_key(const struct ib_val *map, const char *key, size_t len)
{
    for (size_t i = 0; i < map->n; i++)
        if (strncmp(map->pairs[i].key, key, len) == 0 &&
            map->pairs[i].key[len] == '\0')
            return true;
    return false;
}

/*
 * Reads the text as a map of "key: value" lines at column 1, each value
 * a scalar or flow list on the key's line or a block list below it.
 * Returns the map, or NULL if the text is not of that subset.
 */
static struct ib_val *
simple_parse(struct parser *p)
{
    if (p->lim.max_depth < 2 || p->len == 0)
        return NULL;
    struct ib_val *map = NULL;
    const char *nl = memchr(p->text, '\n', p->len);
    struct cursor c = {p->text, nl ? nl : p->text + p->len, 0, p->text};
    bool more = true;
    while (more) {
        if (is_blank(&c)) {
            more = next_line(p, &c);
            continue;
        }
        /* A key: a word at column 1, then ':' and a space or the end. */
        const char *k = c.s;
        unsigned char c0 = (unsigned char)*k;
        if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') ||
              c0 == '_'))
            return NULL;
        const char *q = k + 1;
        while (q < c.end && ((*q >= 'a' && *q <= 'z') ||
                             (*q >= 'A' && *q <= 'Z') ||
                             (*q >= '0' && *q <= '9') || *q == '_' ||
                             *q == '-'))
            q++;
        size_t klen = (size_t)(q - k);
        if (q == c.end || *q != ':' || (q + 1 < c.end && q[1] != ' '))
            return NULL;
        if (!map) {
            map = ib_val_map(p->a);
            map->line = c.line + 1 + p->line_offset;
            map->col = 1;
            if (!simple_count(p, 0))
                return NULL;
        } else if (has_key(map, k, klen)) {
            return NULL;
        }
        if (!simple_count(p, klen))
            return NULL;
        const char *key = ib_arena_strndup(p->a, k, klen);
        unsigned key_line = c.line + 1 + p->line_offset;
        struct ib_val *v;
        q++;
        while (q < c.end && *q == ' ')
            q++;
        if (q == c.end) {
            /* Nothing after the key: a block list must follow (an empty
             * value's position is libyaml's to give). */
            if (q != k + klen + 1 || !(more = next_line(p, &c)))
                return NULL;
            v = simple_block(p, &c, &more);
            if (!v)
                return NULL;
        } else {
            if (*q == '[') {
                v = simple_flow(p, &c, q);
                if (!v || !simple_count(p, 0))
                    return NULL;
            } else {
                const char *text;
                size_t len, tlen;
                bool quoted;
                if (!simple_scalar(q, c.end, false, &len, &text, &tlen,
                                   &quoted) ||
                    q + len != c.end || !simple_count(p, tlen))
                    return NULL;
                v = simple_value(p, text, tlen, quoted, c.line,
                                 c.line_start, q);
            }
            more = next_line(p, &c);
            /* A value's line may not continue on the next. */
            if (more && !is_blank(&c) && c.s < c.end && *c.s == ' ')
                return NULL;
        }
        struct ib_val_pair *pair = ib_val_append(p->a, map, key, v);
        pair->line = key_line;
        pair->col = 1;
    }
    return map;
}

/*
 * A '[', '{' or quote left open is noticed only where something cannot
 * continue it: at the end of the text, or at the next key, on a line with
 * nothing wrong. Then the finding is at the opening character, as
 * Python's "'[' was never closed" and rustc's "unclosed delimiter" are:
 * the fix (usually at the end of that line) belongs there, and an editor
 * that jumps to the finding lands there; the message says where libyaml
 * gave up. Only these contexts: in others (a quoted scalar's bad escape,
 * a block mapping) the problem's own position is the offending text, and
 * on the opener's own line, unless the text ends there, it is exact
 * enough. Returns true if it reported the finding.
 */
static bool
report_unclosed(struct parser *p, const yaml_parser_t *yp)
{
    if (strcmp(yp->context, "while parsing a flow sequence") != 0 &&
        strcmp(yp->context, "while parsing a flow mapping") != 0 &&
        strcmp(yp->context, "while scanning a quoted scalar") != 0)
        return false;
    size_t open_off = byte_offset(p, yp->context_mark.index);
    if (open_off >= p->len)
        return false;
    const char *what;
    switch (p->text[open_off]) {
    case '[':
        what = "'['";
        break;
    case '{':
        what = "'{'";
        break;
    case '"':
        what = "'\"'";
        break;
    case '\'':
        what = "\"'\"";
        break;
    default:
        return false;
    }
    struct ib_loc open = loc_at(p, open_off);
    size_t seen_off = byte_offset(p, yp->problem_mark.index);
    struct ib_loc seen = loc_at(p, seen_off);
    if (seen_off < p->len && open.line >= seen.line)
        return false;
    const char *problem = yp->problem ? yp->problem : "invalid YAML";
    if (seen_off >= p->len)
        ib_diag_add(p->d, IB_SEV_ERROR, open, "yaml-syntax",
                    "%s %s: the %s here is never closed", problem, yp->context,
                    what);
    else
        ib_diag_add(p->d, IB_SEV_ERROR, open, "yaml-syntax",
                    "%s %s: the %s here is not closed by line %u, column %u",
                    problem, yp->context, what, seen.line, seen.col);
    return true;
}

/* Reports the error yaml_parser_parse stopped at. Returns -1. */
static int
report_error(struct parser *p, yaml_parser_t *yp)
{
    const char *what = yp->problem ? yp->problem : "invalid YAML";
    if (yp->error == YAML_READER_ERROR) {
        /* Reader errors have no mark, only a byte offset. */
        size_t off = yp->problem_offset < p->len ? yp->problem_offset
                                                 : p->len;
        ib_diag_add(p->d, IB_SEV_ERROR, loc_at(p, off), "yaml-syntax", "%s",
                    what);
        return -1;
    }
    if (!yp->context)
        return fail(p, yp->problem_mark, what, NULL);
    if (report_unclosed(p, yp))
        return -1;
    /* At the end of the text, where the problem was noticed says little;
     * where the unfinished construct began says more. */
    yaml_mark_t m = yp->problem_mark;
    if (byte_offset(p, m.index) >= p->len)
        m = yp->context_mark;
    ib_diag_add(p->d, IB_SEV_ERROR, loc_of(p, m), "yaml-syntax", "%s %s", what,
                yp->context);
    return -1;
}

static int
run(struct parser *p, yaml_parser_t *yp)
{
    bool seen_doc = false;
    for (;;) {
        yaml_event_t e;
        if (!yaml_parser_parse(yp, &e))
            return report_error(p, yp);
        int rc = 0;
        bool done = false;
        switch (e.type) {
        case YAML_STREAM_END_EVENT: done = true; break;
        case YAML_DOCUMENT_START_EVENT:
            if (seen_doc)
                rc = fail(p, e.start_mark, "only one YAML document allowed",
                          NULL);
            seen_doc = true;
            break;
        case YAML_ALIAS_EVENT:
            rc = fail(p, e.start_mark, "aliases (*name) are not allowed",
                      NULL);
            break;
        case YAML_SCALAR_EVENT: rc = on_scalar(p, &e); break;
        case YAML_SEQUENCE_START_EVENT: rc = on_open(p, &e, false); break;
        case YAML_MAPPING_START_EVENT: rc = on_open(p, &e, true); break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            p->depth--;
            if (e.type == YAML_MAPPING_END_EVENT)
                rc = check_dup_sorted(p, p->stack[p->depth].v);
            break;
        default: break;
        }
        yaml_event_delete(&e);
        if (rc < 0)
            return -1;
        if (done)
            return 0;
    }
}

/* Parses TEXT, through the fast path first if FAST. */
static int
parse_text(struct ib_arena *a, const char *text, size_t len, const char *file,
           unsigned line_offset, const struct ib_yaml_limits *limits,
           bool fast, struct ib_val **out, struct ib_diag *d)
{
    struct parser p = {
        .a = a, .d = d, .text = text, .len = len, .file = file,
        .line_offset = line_offset,
    };
    if (limits)
        p.lim = *limits;
    if (!p.lim.max_depth)
        p.lim.max_depth = DEFAULT_DEPTH;
    if (!p.lim.max_scalar)
        p.lim.max_scalar = DEFAULT_SCALAR;
    if (!p.lim.max_nodes)
        p.lim.max_nodes = DEFAULT_NODES;
    struct ib_val *simple = fast ? simple_parse(&p) : NULL;
    if (simple) {
        *out = simple;
        return 0;
    }
    p.nodes = 0;
    index_lines(&p);
    p.stack = ib_xmalloc((p.lim.max_depth + 1) * sizeof(*p.stack));

    yaml_parser_t yp;
    if (!yaml_parser_initialize(&yp)) {
        fputs("ismsbook: error: out of memory\n", stderr);
        exit(1);
    }
    yaml_parser_set_encoding(&yp, YAML_UTF8_ENCODING);
    yaml_parser_set_input_string(&yp, (const unsigned char *)text, len);
    int rc = run(&p, &yp);
    yaml_parser_delete(&yp);
    free(p.stack);
    free(p.line_starts);
    if (rc < 0)
        return -1;
    *out = p.root ? p.root : ib_val_null(a);
    return 0;
}

int
ib_yaml_parse(struct ib_arena *a, const char *text, size_t len,
              const char *file, unsigned line_offset,
              const struct ib_yaml_limits *limits, struct ib_val **out,
              struct ib_diag *d)
{
    return parse_text(a, text, len, file, line_offset, limits, true, out, d);
}

int
ib_yaml_parse_libyaml(struct ib_arena *a, const char *text, size_t len,
                      const char *file, unsigned line_offset,
                      const struct ib_yaml_limits *limits,
                      struct ib_val **out, struct ib_diag *d)
{
    return parse_text(a, text, len, file, line_offset, limits, false, out, d);
}

int
ib_yaml_load(struct ib_arena *a, const char *root, const char *file,
             size_t max, struct ib_val **out, struct ib_diag *d)
{
    char *text;
    size_t len;
    if (ib_fs_read_text(root, file, max, NULL, &text, &len, d) < 0)
        return -1;
    int rc = ib_yaml_parse(a, text, len, file, 0, NULL, out, d);
    free(text);
    return rc;
}
