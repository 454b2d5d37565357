/* SPDX-License-Identifier: MIT */
/* Mustache templates: compiled once into node trees, rendered many times. */
/*
 * A set owns one arena holding, for each template, a copy of its source and
 * its node tree; text nodes point into the copy. Compiling settles every
 * whitespace question once: standalone lines are dropped, the indentation
 * of standalone partials, parents and blocks is recorded in their nodes,
 * and block content is stripped of its intrinsic indentation. Rendering is
 * then a walk of the trees that writes nothing to them but the hints of
 * their lookups.
 *
 * The invariant: a node with BOL set begins a line of its template, and
 * only such nodes receive the current indentation when rendered. Text nodes
 * hold at most one line each, so every line start is a node.
 *
 * Whitespace around blocks follows the spec's tests and its whitespace.md:
 * a block inside a parent tag (an argument) eats the line end after its
 * opening tag, and the blanks that begin the next line are its intrinsic
 * indentation, removed from each of its lines. A block elsewhere (a
 * parameter) alone on its line works the same way and puts that
 * indentation back before each line of whatever replaces it; a parameter
 * sharing its line puts the blanks before it back on the following lines.
 */
#include "mustache.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "val.h"
#include "xmalloc.h"

#define NOPOS SIZE_MAX

enum kind {
    N_TEXT,
    N_VAR,
    N_SECTION,
    N_INVERTED,
    N_PARTIAL,
    N_PARENT,
    N_BLOCK,
};

struct node {
    enum kind kind;
    bool bol;         /* begins a template line: the indentation goes first */
    bool raw;         /* N_VAR: {{{x}}} or {{&x}}, not escaped */
    bool dynamic;     /* N_PARTIAL, N_PARENT: {{>*x}}, the name is looked up */
    bool standalone;  /* N_PARTIAL, N_PARENT, N_BLOCK: the tags own the line */
    bool arg;         /* N_BLOCK directly inside a parent: an override */
    const char *text; /* N_TEXT: the bytes; otherwise the tag's name */
    size_t len;
    const char **path; /* the name split at dots; empty for "." */
    unsigned *hash;    /* ib_val_hash of each part of PATH */
    /* For each part of PATH, the number of the pair it was last found at
       (ib_val_get_pair_hinted). Any rendering thread may update one:
       relaxed atomics, as a stale hint costs only a scan. */
    _Atomic uint32_t *hint;
    unsigned name_hash; /* ib_val_hash of TEXT: for N_PARTIAL and N_PARENT
                           not dynamic, the template's name; for N_BLOCK,
                           the block's */
    size_t npath;
    const char *ind; /* blanks for the expansion: see render_include and
                        render_block */
    size_t nind;
    const char *file;
    unsigned line, col;
    struct node *kids, *next;
};

struct tmpl {
    const char *name;
    unsigned hash; /* ib_val_hash(name) */
    struct node *nodes;
};

/* Templates by name in an open-addressing table: the UI texts are
 * templates too, so a theme has thousands, and every partial is looked up
 * by name each time it renders. */
struct ib_mustache {
    struct ib_arena *a;
    struct tmpl **slots; /* NSLOTS, a power of two, at most half full */
    size_t nslots, count;
};

struct ib_mustache *
ib_mustache_new(void)
{
    struct ib_mustache *m = ib_xcalloc(1, sizeof(*m));
    m->a = ib_arena_new();
    return m;
}

void
ib_mustache_free(struct ib_mustache *m)
{
    if (!m)
        return;
    free(m->slots);
    ib_arena_free(m->a);
    free(m);
}

/* Compiling. */

struct tag {
    char type;        /* ! = # ^ / > < $, & for unescaped, v for a variable */
    size_t at, end;   /* the tag is src[at, end) */
    const char *name; /* trimmed content, not NUL-terminated */
    size_t nlen;
    const char *raw; /* the content before a '*' is taken off */
    size_t nraw;
    bool dynamic;
    const char *open, *close; /* new delimiters of a {{=a b=}} tag */
    size_t nopen, nclose;
    unsigned line, col;
};

struct parser {
    struct ib_arena *a;
    struct ib_diag *d;
    const char *file;
    const char *src;
    size_t len, pos;
    const char *otag, *ctag;
    size_t olen, clen;
    bool bol; /* the next node begins a line */
    unsigned depth;
    /* Intrinsic indentation removed inside each open element, by depth. */
    const char *ded[IB_MUSTACHE_MAX_NEST];
    size_t nded[IB_MUSTACHE_MAX_NEST];
    /* Line counting for positions; tags are met in order. */
    size_t lpos, lstart;
    unsigned line;
};

struct list {
    struct node **tail;
};

static int syntax(struct parser *p, unsigned line, unsigned col,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
syntax(struct parser *p, unsigned line, unsigned col, const char *fmt, ...)
{
    struct ib_buf msg;
    va_list ap;
    ib_buf_init(&msg);
    va_start(ap, fmt);
    ib_buf_vprintf(&msg, fmt, ap);
    va_end(ap);
    ib_diag_add(p->d, IB_SEV_ERROR, (struct ib_loc){p->file, line, col},
                "template-syntax", "%s", ib_buf_cstr(&msg));
    ib_buf_fini(&msg);
    return -1;
}

static void
locate(struct parser *p, size_t pos, unsigned *line, unsigned *col)
{
    if (pos < p->lpos)
        p->lpos = p->lstart = 0, p->line = 1;
    for (; p->lpos < pos; p->lpos++) {
        if (p->src[p->lpos] == '\n') {
            p->line++;
            p->lstart = p->lpos + 1;
        }
    }
    *line = p->line;
    *col = (unsigned)(pos - p->lstart + 1);
}

static size_t
find(const struct parser *p, size_t from, const char *s, size_t n)
{
    if (from >= p->len)
        return NOPOS;
    const char *hit = memmem(p->src + from, p->len - from, s, n);
    return hit ? (size_t)(hit - p->src) : NOPOS;
}

static bool
is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
           c == '\f';
}

/* Returns where AT's line starts if only blanks precede AT on it. */
static size_t
blank_before(const struct parser *p, size_t at)
{
    size_t i = at;
    while (i > 0 && is_blank(p->src[i - 1]))
        i--;
    return i == 0 || p->src[i - 1] == '\n' ? i : NOPOS;
}

/* Returns the start of the next line if only blanks follow END on its line. */
static size_t
blank_after(const struct parser *p, size_t end)
{
    size_t i = end;
    while (i < p->len && is_blank(p->src[i]))
        i++;
    if (i == p->len)
        return i;
    if (p->src[i] == '\n')
        return i + 1;
    if (p->src[i] == '\r' && i + 1 < p->len && p->src[i + 1] == '\n')
        return i + 2;
    return NOPOS;
}

/* Returns how many bytes at line start S the open elements' dedent drops. */
static size_t
dedent(const struct parser *p, size_t s, size_t end)
{
    size_t k = s;
    for (unsigned i = 0; i < p->depth; i++) {
        size_t n = p->nded[i];
        if (n && n <= end - k && memcmp(p->src + k, p->ded[i], n) == 0)
            k += n;
    }
    return k - s;
}

static struct node *
add(struct parser *p, struct list *l, enum kind kind, const struct tag *t)
{
    struct node *n = ib_arena_calloc(p->a, 1, sizeof(*n));
    n->kind = kind;
    n->bol = p->bol;
    p->bol = false;
    n->file = p->file;
    if (t) {
        n->text = ib_arena_strndup(p->a, t->name, t->nlen);
        n->len = t->nlen;
        n->dynamic = t->dynamic;
        n->name_hash = ib_val_hash(n->text);
        n->line = t->line;
        n->col = t->col;
    }
    *l->tail = n;
    l->tail = &n->next;
    return n;
}

/* Adds src[p->pos, to) as one text node per line; KEEP false drops it. */
static void
text_to(struct parser *p, struct list *l, bool keep, size_t to)
{
    while (p->pos < to) {
        const char *nl = memchr(p->src + p->pos, '\n', to - p->pos);
        size_t end = nl ? (size_t)(nl - p->src) + 1 : to;
        size_t s = p->pos;
        if (s == 0 || p->src[s - 1] == '\n')
            s += dedent(p, s, end);
        if (s < end && keep) {
            struct node *n = add(p, l, N_TEXT, NULL);
            n->text = p->src + s;
            n->len = end - s;
        }
        if (nl)
            p->bol = true;
        p->pos = end;
    }
}

/* Sets N's indentation: the blanks src[from, to) at a line start, less
   the dedent of the elements open there. */
static void
indent_of(const struct parser *p, size_t from, size_t to, struct node *n)
{
    from += dedent(p, from, to);
    n->ind = p->src + from;
    n->nind = to - from;
}

/* The intrinsic indentation of a block: the blanks starting line FROM. */
static void
intrinsic(const struct parser *p, size_t from, struct node *n)
{
    size_t to = from;
    while (to < p->len && is_blank(p->src[to]))
        to++;
    indent_of(p, from, to, n);
}

static void
trim(const char **s, size_t *n)
{
    while (*n && is_space(**s))
        (*s)++, (*n)--;
    while (*n && is_space((*s)[*n - 1]))
        (*n)--;
}

/* Names and delimiters may hold neither spaces nor NUL bytes. */
static bool
bad_word(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (is_space(s[i]) || !s[i])
            return true;
    return false;
}

static int
scan_delims(struct parser *p, struct tag *t)
{
    const char *s = t->name;
    size_t n = t->nlen, i = 0;
    while (i < n && !is_space(s[i]))
        i++;
    t->open = s;
    t->nopen = i;
    t->close = s + i;
    t->nclose = n - i;
    trim(&t->close, &t->nclose);
    if (!t->nopen || !t->nclose || bad_word(t->open, t->nopen) ||
        bad_word(t->close, t->nclose) || memchr(t->open, '=', t->nopen) ||
        memchr(t->close, '=', t->nclose))
        return syntax(p, t->line, t->col,
                      "bad delimiter change '%.*s': want two delimiters "
                      "without spaces or '='",
                      (int)t->nlen, t->name);
    return 0;
}

/* Reads the tag whose opening delimiter is at AT. */
static int
scan_tag(struct parser *p, size_t at, struct tag *t)
{
    size_t i = at + p->olen;
    memset(t, 0, sizeof(*t));
    t->at = at;
    locate(p, at, &t->line, &t->col);
    t->type = 'v';
    if (i < p->len && p->src[i] && strchr("{&=!#^/><$", p->src[i]))
        t->type = p->src[i++];
    /* {{{x}}} and {{=a b=}} end at '}' or '=' before the delimiter. */
    char closer = 0;
    if (t->type == '{')
        t->type = '&', closer = '}';
    else if (t->type == '=')
        closer = '=';
    size_t k = find(p, i, p->ctag, p->clen);
    while (closer && k != NOPOS && (k == i || p->src[k - 1] != closer))
        k = find(p, k + 1, p->ctag, p->clen);
    if (k == NOPOS)
        return syntax(p, t->line, t->col,
                      "unclosed tag: no '%.*s%.*s' after '%.*s'",
                      closer ? 1 : 0, &closer, (int)p->clen, p->ctag,
                      (int)p->olen, p->otag);
    t->end = k + p->clen;
    t->name = p->src + i;
    t->nlen = k - i - (closer ? 1 : 0);
    trim(&t->name, &t->nlen);
    if (t->type == '!')
        return 0;
    if (t->type == '=')
        return scan_delims(p, t);
    t->raw = t->name;
    t->nraw = t->nlen;
    if (strchr("></", t->type) && t->nlen && t->name[0] == '*') {
        t->dynamic = true;
        t->name++;
        t->nlen--;
        trim(&t->name, &t->nlen);
    }
    if (!t->nlen || bad_word(t->name, t->nlen))
        return syntax(p, t->line, t->col, "bad tag name '%.*s'", (int)t->nlen,
                      t->name);
    return 0;
}

/* Splits N's name at dots; "." is the current context, an empty path. */
static int
split_path(struct parser *p, struct node *n)
{
    if (n->len == 1 && n->text[0] == '.')
        return 0;
    n->npath = 1;
    for (size_t i = 0; i < n->len; i++)
        n->npath += n->text[i] == '.';
    n->path = ib_arena_calloc(p->a, n->npath, sizeof(*n->path));
    n->hash = ib_arena_calloc(p->a, n->npath, sizeof(*n->hash));
    n->hint = ib_arena_calloc(p->a, n->npath, sizeof(*n->hint));
    const char *s = n->text;
    for (size_t k = 0; k < n->npath; k++) {
        const char *dot = strchr(s, '.');
        size_t len = dot ? (size_t)(dot - s) : strlen(s);
        if (!len)
            return syntax(p, n->line, n->col, "bad tag name '%s'", n->text);
        n->path[k] = ib_arena_strndup(p->a, s, len);
        n->hash[k] = ib_val_hash(n->path[k]);
        s += len + 1;
    }
    return 0;
}

static int parse(struct parser *p, struct list *l, struct node *owner);

static int
parse_kids(struct parser *p, struct node *n, const char *ded, size_t nded)
{
    if (p->depth == IB_MUSTACHE_MAX_NEST)
        return syntax(p, n->line, n->col, "sections nested more than %d deep",
                      IB_MUSTACHE_MAX_NEST);
    struct list kids = {&n->kids};
    p->ded[p->depth] = ded;
    p->nded[p->depth] = nded;
    p->depth++;
    int rc = parse(p, &kids, n);
    p->depth--;
    return rc;
}

static const char *
what(const struct node *n)
{
    return n->kind == N_PARENT  ? "parent"
           : n->kind == N_BLOCK ? "block"
                                : "section";
}

/* Ends OWNER at its closing tag T; LS and LE as in parse. */
static int
parse_close(struct parser *p, struct list *l, struct node *owner,
            const struct tag *t, size_t ls, size_t le)
{
    bool keep = !owner || owner->kind != N_PARENT;
    if (!owner)
        return syntax(p, t->line, t->col,
                      "closing tag '%.*s' without an opening tag", (int)t->nraw,
                      t->raw);
    /* A dynamic parent closes with its starred name; a section may be
       named "*x" itself. */
    const char *s = owner->dynamic ? t->name : t->raw;
    size_t n = !owner->dynamic ? t->nraw : t->dynamic ? t->nlen : 0;
    if (n != owner->len || memcmp(owner->text, s, n) != 0)
        return syntax(p, t->line, t->col,
                      "closing tag '%.*s' does not match %s '%s%s' opened "
                      "at line %u",
                      (int)t->nraw, t->raw, what(owner),
                      owner->dynamic ? "*" : "", owner->text, owner->line);
    if (owner->kind == N_PARENT) {
        /* A parent whose tags begin and end lines owns both lines. */
        text_to(p, l, keep, t->at);
        owner->standalone = owner->standalone && le != NOPOS;
        if (owner->standalone)
            owner->bol = false;
        bool eat = le != NOPOS && (owner->standalone || ls != NOPOS);
        p->pos = eat ? le : t->end;
        p->bol = eat;
    } else if (owner->arg) {
        /* The line end after an argument is outside it, so it stays. */
        text_to(p, l, keep, ls != NOPOS ? ls : t->at);
        p->pos = t->end;
        p->bol = false;
    } else {
        bool alone = ls != NOPOS && le != NOPOS;
        text_to(p, l, keep, alone ? ls : t->at);
        if (!alone && p->bol) /* the line holding the tag gets indented */
            add(p, l, N_TEXT, NULL)->text = "";
        p->pos = alone ? le : t->end;
        p->bol = alone;
    }
    return 0;
}

static int
parse_block(struct parser *p, struct list *l, struct node *owner,
            const struct tag *t, size_t ls, size_t le)
{
    bool keep = !owner || owner->kind != N_PARENT;
    bool alone = ls != NOPOS && le != NOPOS;
    struct node *n;
    if (owner && owner->kind == N_PARENT) {
        text_to(p, l, keep, t->at);
        n = add(p, l, N_BLOCK, t);
        n->arg = true;
        if (le != NOPOS)
            intrinsic(p, le, n);
        p->pos = le != NOPOS ? le : t->end;
        p->bol = le != NOPOS;
    } else if (alone) {
        text_to(p, l, keep, ls);
        n = add(p, l, N_BLOCK, t);
        n->bol = false;
        n->standalone = true;
        intrinsic(p, le, n);
        p->pos = le;
        p->bol = true;
    } else {
        text_to(p, l, keep, t->at);
        n = add(p, l, N_BLOCK, t);
        if (ls != NOPOS)
            indent_of(p, ls, t->at, n);
        p->pos = t->end;
    }
    /* Inline parameters keep their content's blanks: no dedent. */
    bool strip = n->arg || n->standalone;
    return parse_kids(p, n, strip ? n->ind : NULL, strip ? n->nind : 0);
}

/*
 * Parses nodes into L until OWNER's closing tag, or the end of the source
 * when OWNER is NULL. LS below is where the tag's line starts if only
 * blanks precede the tag, LE where the next line starts if only blanks
 * follow it; a tag with both owns its line ("standalone").
 */
static int
parse(struct parser *p, struct list *l, struct node *owner)
{
    /* Text directly inside a parent is ignored, as the spec says. */
    bool keep = !owner || owner->kind != N_PARENT;
    for (;;) {
        size_t at = find(p, p->pos, p->otag, p->olen);
        if (at == NOPOS) {
            text_to(p, l, keep, p->len);
            if (owner)
                return syntax(p, owner->line, owner->col, "unclosed %s '%s%s'",
                              what(owner), owner->dynamic ? "*" : "",
                              owner->text);
            return 0;
        }
        struct tag t;
        if (scan_tag(p, at, &t) < 0)
            return -1;
        size_t ls = blank_before(p, at), le = blank_after(p, t.end);
        bool alone = ls != NOPOS && le != NOPOS;
        struct node *n;
        switch (t.type) {
        case '!':
        case '=':
            text_to(p, l, keep, alone ? ls : at);
            p->pos = alone ? le : t.end;
            p->bol = p->bol || alone;
            if (t.type == '=') {
                p->otag = t.open, p->olen = t.nopen;
                p->ctag = t.close, p->clen = t.nclose;
            }
            break;
        case 'v':
        case '&':
            text_to(p, l, keep, at);
            n = add(p, l, N_VAR, &t);
            n->raw = t.type == '&';
            p->pos = t.end;
            if (split_path(p, n) < 0)
                return -1;
            break;
        case '#':
        case '^':
        case '>':
            text_to(p, l, keep, alone ? ls : at);
            n = add(p, l,
                    t.type == '#'   ? N_SECTION
                    : t.type == '^' ? N_INVERTED
                                    : N_PARTIAL,
                    &t);
            if (alone) {
                n->bol = false;
                n->standalone = true;
                indent_of(p, ls, at, n);
            }
            p->pos = alone ? le : t.end;
            p->bol = alone;
            if ((t.type != '>' || t.dynamic) && split_path(p, n) < 0)
                return -1;
            if (t.type != '>' && parse_kids(p, n, NULL, 0) < 0)
                return -1;
            break;
        case '<':
            /* Standalone or not is known at the closing tag. */
            text_to(p, l, keep, ls != NOPOS ? ls : at);
            n = add(p, l, N_PARENT, &t);
            if (ls != NOPOS) {
                n->standalone = true;
                indent_of(p, ls, at, n);
            }
            p->pos = t.end;
            if (t.dynamic && split_path(p, n) < 0)
                return -1;
            if (parse_kids(p, n, NULL, 0) < 0)
                return -1;
            break;
        case '$':
            if (parse_block(p, l, owner, &t, ls, le) < 0)
                return -1;
            break;
        default: /* '/' */
            return parse_close(p, l, owner, &t, ls, le);
        }
    }
}

/* The slot of the template named NAME, or the empty slot it would take. */
static struct tmpl **
tmpl_slot(struct tmpl **slots, size_t nslots, const char *name, unsigned h)
{
    size_t i = h & (nslots - 1);
    while (slots[i] &&
           (slots[i]->hash != h || strcmp(slots[i]->name, name) != 0))
        i = (i + 1) & (nslots - 1);
    return &slots[i];
}

/* Adds T, replacing a template of the same name: a later add wins. */
static void
insert_tmpl(struct ib_mustache *m, struct tmpl *t)
{
    if (2 * (m->count + 1) > m->nslots) {
        size_t n = m->nslots ? 2 * m->nslots : 64;
        struct tmpl **slots = ib_xcalloc(n, sizeof(*slots));
        for (size_t i = 0; i < m->nslots; i++)
            if (m->slots[i])
                *tmpl_slot(slots, n, m->slots[i]->name, m->slots[i]->hash) =
                    m->slots[i];
        free(m->slots);
        m->slots = slots;
        m->nslots = n;
    }
    struct tmpl **slot = tmpl_slot(m->slots, m->nslots, t->name, t->hash);
    m->count += !*slot;
    *slot = t;
}

int
ib_mustache_add(struct ib_mustache *m, const char *name, const char *file,
                const char *text, size_t len, struct ib_diag *d)
{
    char *src = ib_arena_alloc(m->a, len + 1);
    memcpy(src, text, len);
    src[len] = '\0';
    struct parser p = {
        .a = m->a,
        .d = d,
        .file = ib_arena_strdup(m->a, file),
        .src = src,
        .len = len,
        .otag = "{{",
        .ctag = "}}",
        .olen = 2,
        .clen = 2,
        .bol = true,
        .line = 1,
    };
    struct node *nodes = NULL;
    struct list l = {&nodes};
    if (parse(&p, &l, NULL) < 0)
        return -1;
    struct tmpl *t = ib_arena_alloc(m->a, sizeof(*t));
    t->name = ib_arena_strdup(m->a, name);
    t->hash = ib_val_hash(t->name);
    t->nodes = nodes;
    insert_tmpl(m, t);
    return 0;
}

/* Rendering. */

/* The context stack, innermost first; frames live on the C stack. */
struct ctx {
    const struct ib_val *v;
    const struct ctx *up;
};

/* Parents being rendered, innermost first: their blocks override. */
struct ovr {
    const struct node *parent;
    const struct ovr *outer;
};

/* An indentation: the bytes [lo, hi) of render.ind. */
struct ind {
    size_t lo, hi;
};

/* How render_list treats the first node's indentation. */
enum first { FIRST_AS_IS, FIRST_SKIP, FIRST_FORCE };

struct render {
    const struct ib_mustache *m;
    struct ib_buf *out;
    struct ib_diag *d;
    /* Indentations in use. A nested one is pushed at its parent's end, so
       every range in use stays intact below the pushes of callees. */
    struct ib_buf ind;
    const struct ovr *ovr;
    unsigned depth;
    /* The budget: sections nested over lists multiply, so the size of
       a template says nothing about the work it asks for. */
    size_t steps;
    size_t base; /* OUT's length when rendering began */
};

/* The template named NAME, whose ib_val_hash is H, or NULL. */
static const struct tmpl *
find_tmpl(const struct ib_mustache *m, const char *name, unsigned h)
{
    if (!m->nslots)
        return NULL;
    return *tmpl_slot(m->slots, m->nslots, name, h);
}

/* Reports the partials and parents of the list N that name no template.
 * Recursion is bounded: a template nests at most IB_MUSTACHE_MAX_NEST. */
static int
check_nodes(const struct ib_mustache *m, const struct node *n,
            struct ib_diag *d)
{
    int rc = 0;
    for (; n; n = n->next) {
        if ((n->kind == N_PARTIAL || n->kind == N_PARENT) && !n->dynamic &&
            !find_tmpl(m, n->text, n->name_hash)) {
            ib_diag_add(d, IB_SEV_ERROR,
                        (struct ib_loc){n->file, n->line, n->col},
                        "template-error", "no template named '%s' for this %s",
                        n->text, n->kind == N_PARENT ? "parent" : "partial");
            rc = -1;
        }
        if (check_nodes(m, n->kids, d) < 0)
            rc = -1;
    }
    return rc;
}

int
ib_mustache_check(const struct ib_mustache *m, struct ib_diag *d)
{
    int rc = 0;
    for (size_t i = 0; i < m->nslots; i++)
        if (m->slots[i] && check_nodes(m, m->slots[i]->nodes, d) < 0)
            rc = -1;
    return rc;
}

/* Calls FN for each tag of the list N naming ROOT.KEY. Recursion is
 * bounded as in check_nodes. */
static void
each_key(const struct node *n, const char *root, ib_mustache_key_fn fn,
         void *ud)
{
    for (; n; n = n->next) {
        bool named = n->kind == N_VAR || n->kind == N_SECTION ||
                     n->kind == N_INVERTED || n->dynamic;
        if (named && n->npath >= 2 && strcmp(n->path[0], root) == 0)
            fn(ud, n->path[1], n->file, n->line, n->col);
        each_key(n->kids, root, fn, ud);
    }
}

void
ib_mustache_each_key(const struct ib_mustache *m, const char *name,
                     const char *root, ib_mustache_key_fn fn, void *ud)
{
    const struct tmpl *t = find_tmpl(m, name, ib_val_hash(name));
    if (t)
        each_key(t->nodes, root, fn, ud);
}

/* The pair of part I of N's path in MAP, or NULL. */
static inline const struct ib_val_pair *
get_pair(const struct ib_val *map, const struct node *n, size_t i)
{
    uint32_t was = atomic_load_explicit(&n->hint[i], memory_order_relaxed);
    uint32_t hint = was;
    const struct ib_val_pair *pair =
        ib_val_get_pair_hinted(map, n->path[i], n->hash[i], &hint);
    if (hint != was)
        atomic_store_explicit(&n->hint[i], hint, memory_order_relaxed);
    return pair;
}

/* Each context searched is a step: deep sections make lookups long.
 * Always inline: every tag looks its name up. */
static inline __attribute__((always_inline)) const struct ib_val *
lookup(struct render *r, const struct ctx *c, const struct node *n)
{
    if (!n->npath)
        return c->v;
    const struct ib_val_pair *pair = NULL;
    for (; c && !pair; c = c->up, r->steps++)
        pair = get_pair(c->v, n, 0);
    const struct ib_val *v = pair ? pair->val : NULL;
    for (size_t i = 1; v && i < n->npath; i++) {
        pair = get_pair(v, n, i);
        v = pair ? pair->val : NULL;
    }
    return v;
}

/* Formats X in the shortest of %.15g and %.17g that reads back as X. */
static void
format_num(char *buf, size_t size, double x)
{
    if (size >= IB_VAL_WHOLE_MAX && ib_val_format_whole(x, buf))
        return;
    snprintf(buf, size, "%.15g", x);
    if (strtod(buf, NULL) != x)
        snprintf(buf, size, "%.17g", x);
}

/*
 * Returns V as text (for output or a dynamic name) and its length in *LEN,
 * or NULL for nothing: null, missing, lists and maps. BUF holds numbers.
 */
static inline const char *
scalar_text(const struct ib_val *v, char *buf, size_t size, size_t *len)
{
    const char *s = NULL;
    if (v && v->kind == IB_VAL_STR)
        s = v->str;
    else if (v && v->kind == IB_VAL_BOOL)
        s = v->b ? "true" : "false";
    else if (v && v->kind == IB_VAL_NUM)
        format_num(buf, size, v->num), s = buf;
    *len = !s ? 0 : v->kind == IB_VAL_STR ? v->len : strlen(s);
    return s;
}

static void
put_indent(struct render *r, struct ind ind)
{
    if (ind.hi > ind.lo)
        ib_buf_put(r->out, r->ind.data + ind.lo, ind.hi - ind.lo);
}

static struct ind
push_indent(struct render *r, struct ind ind, const struct node *n)
{
    r->ind.len = ind.hi;
    ib_buf_put(&r->ind, n->ind, n->nind);
    return (struct ind){ind.lo, ind.hi + n->nind};
}

static int
enter(struct render *r, const struct node *n)
{
    if (r->depth == IB_MUSTACHE_MAX_DEPTH) {
        ib_diag_add(r->d, IB_SEV_ERROR,
                    (struct ib_loc){n->file, n->line, n->col}, "template-error",
                    "templates nest more than %d "
                    "deep at '%s' (does a partial include itself?)",
                    IB_MUSTACHE_MAX_DEPTH, n->text);
        return -1;
    }
    r->depth++;
    return 0;
}

/* Counts one step at N, a tag; fails once the render is over budget. */
static inline int
spend(struct render *r, const struct node *n)
{
    if (++r->steps <= IB_MUSTACHE_MAX_STEPS &&
        r->out->len - r->base <= IB_MUSTACHE_MAX_OUTPUT)
        return 0;
    const char *at = n->text;
    struct ib_loc loc = {n->file, n->line, n->col};
    if (r->steps > IB_MUSTACHE_MAX_STEPS)
        ib_diag_add(r->d, IB_SEV_ERROR, loc, "template-error",
                    "rendering takes more than %d steps; stopped at '%s' "
                    "(do sections repeat inside sections?)",
                    IB_MUSTACHE_MAX_STEPS, at);
    else
        ib_diag_add(r->d, IB_SEV_ERROR, loc, "template-error",
                    "rendering writes more than %d MiB; stopped at '%s'",
                    (int)(IB_MUSTACHE_MAX_OUTPUT >> 20), at);
    return -1;
}

/*
 * Writes S (LEN bytes), the text of V, for the variable tag N: as it is
 * if the tag is raw or V is known to have nothing to escape, else
 * escaped, learning whether V had anything to escape (see struct ib_val).
 * V is const to the renderer but for that: it is never a static object.
 */
static void
put_var(struct render *r, const struct node *n, const struct ib_val *v,
        const char *s, size_t len)
{
    _Atomic unsigned char *html = (_Atomic unsigned char *)&v->html;
    unsigned char was = atomic_load_explicit(html, memory_order_relaxed);
    if (n->raw || was == IB_VAL_HTML_PLAIN) {
        ib_buf_put(r->out, s, len);
        return;
    }
    bool plain = ib_buf_put_html(r->out, s, len);
    if (was == IB_VAL_HTML_UNKNOWN)
        atomic_store_explicit(html,
                              plain ? IB_VAL_HTML_PLAIN : IB_VAL_HTML_ESCAPE,
                              memory_order_relaxed);
}

static int render_node(struct render *r, const struct node *n,
                       const struct ctx *c, struct ind ind, bool skip);

static int
render_list(struct render *r, const struct node *n, const struct ctx *c,
            struct ind ind, enum first first)
{
    if (n && first == FIRST_FORCE && !n->bol)
        put_indent(r, ind);
    for (bool skip = first == FIRST_SKIP; n; n = n->next, skip = false)
        if (render_node(r, n, c, ind, skip) < 0)
            return -1;
    return 0;
}

static int
render_section(struct render *r, const struct node *n, const struct ctx *c,
               struct ind ind)
{
    const struct ib_val *v = lookup(r, c, n);
    if (ib_val_truthy(v) == (n->kind == N_INVERTED))
        return 0;
    if (enter(r, n) < 0)
        return -1;
    int rc = 0;
    if (n->kind == N_INVERTED) {
        rc = render_list(r, n->kids, c, ind, FIRST_AS_IS);
    } else if (v->kind == IB_VAL_LIST) {
        for (size_t i = 0; rc == 0 && i < v->n; i++) {
            struct ctx top = {v->items[i], c};
            rc = spend(r, n);
            if (rc == 0)
                rc = render_list(r, n->kids, &top, ind, FIRST_AS_IS);
        }
    } else {
        struct ctx top = {v, c};
        rc = render_list(r, n->kids, &top, ind, FIRST_AS_IS);
    }
    r->depth--;
    return rc;
}

/* Renders a partial or a parent: another template at this place. */
static int
render_include(struct render *r, const struct node *n, const struct ctx *c,
               struct ind ind)
{
    char buf[64];
    size_t len;
    const char *name = n->dynamic
                           ? scalar_text(lookup(r, c, n), buf, sizeof buf, &len)
                           : n->text;
    const struct tmpl *t =
        !name        ? NULL
        : n->dynamic ? find_tmpl(r->m, name, ib_val_hash(name))
                     : find_tmpl(r->m, name, n->name_hash);
    /* Inline, the parent's leading blanks are text of its line; a partial
       or parent that does not own its line takes no indentation. */
    struct ind sub = {ind.hi, ind.hi};
    if (n->standalone)
        sub = push_indent(r, ind, n);
    else if (n->kind == N_PARENT)
        ib_buf_put(r->out, n->ind, n->nind);
    if (!t)
        return 0;
    if (enter(r, n) < 0)
        return -1;
    const struct ovr *saved = r->ovr;
    struct ovr o = {n, saved};
    if (n->kind == N_PARENT)
        r->ovr = &o;
    int rc = render_list(r, t->nodes, c, sub, FIRST_AS_IS);
    r->ovr = saved;
    r->depth--;
    return rc;
}

/*
 * Renders a block: the outermost parent's argument of that name wins.
 * An argument is re-indented by the block's indentation, on every line
 * if the block owns its line, else after its first line.
 */
static int
render_block(struct render *r, const struct node *n, const struct ctx *c,
             struct ind ind)
{
    const struct node *arg = NULL;
    for (const struct ovr *o = r->ovr; o; o = o->outer)
        for (const struct node *k = o->parent->kids; k; k = k->next)
            if (k->kind == N_BLOCK && k->name_hash == n->name_hash &&
                strcmp(k->text, n->text) == 0)
                arg = k;
    if (enter(r, n) < 0)
        return -1;
    int rc;
    if (arg)
        rc = render_list(r, arg->kids, c, push_indent(r, ind, n),
                         n->standalone ? FIRST_FORCE : FIRST_SKIP);
    else if (n->standalone)
        rc = render_list(r, n->kids, c, push_indent(r, ind, n), FIRST_AS_IS);
    else
        rc = render_list(r, n->kids, c, ind, FIRST_AS_IS);
    r->depth--;
    return rc;
}

static int
render_node(struct render *r, const struct node *n, const struct ctx *c,
            struct ind ind, bool skip)
{
    char buf[64];
    /* Text has no position to report; the tags around it pay for it. */
    if (n->kind != N_TEXT && spend(r, n) < 0)
        return -1;
    if (n->bol && !skip)
        put_indent(r, ind);
    switch (n->kind) {
    case N_TEXT:
        ib_buf_put(r->out, n->text, n->len);
        return 0;
    case N_VAR: {
        size_t len;
        const struct ib_val *v = lookup(r, c, n);
        const char *s = scalar_text(v, buf, sizeof buf, &len);
        if (s)
            put_var(r, n, v, s, len);
        return 0;
    }
    case N_SECTION:
    case N_INVERTED:
        return render_section(r, n, c, ind);
    case N_PARTIAL:
    case N_PARENT:
        return render_include(r, n, c, ind);
    case N_BLOCK:
        return render_block(r, n, c, ind);
    }
    return 0;
}

int
ib_mustache_render(const struct ib_mustache *m, const char *name,
                   const struct ib_val *ctx, struct ib_buf *out,
                   struct ib_diag *d)
{
    const struct tmpl *t = find_tmpl(m, name, ib_val_hash(name));
    if (!t) {
        ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){NULL, 0, 0},
                    "template-error", "no template named '%s'", name);
        return -1;
    }
    struct render r = {.m = m, .out = out, .d = d, .base = out->len};
    struct ctx top = {ctx, NULL};
    ib_buf_init(&r.ind);
    ib_buf_cstr(out); /* an empty result is still a string */
    int rc = render_list(&r, t->nodes, &top, (struct ind){0, 0}, FIRST_AS_IS);
    ib_buf_fini(&r.ind);
    return rc;
}
