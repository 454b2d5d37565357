/* SPDX-License-Identifier: MIT */
/* The raw-HTML allow-list: libxml2's HTML parser, then our own serialiser. */
#include "sanitize.h"

#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "markdown.h"
#include "text.h"
#include "xmalloc.h"

/*
 * libxml2 only builds a tree; recovering from broken markup is not
 * sanitising. The walk below is: it writes an element only when the
 * tables here name it, an attribute only when they name it for that
 * element and its value passes the attribute's check, and every text and
 * value through our own escaping, so nothing of the input reaches the
 * page unescaped whatever libxml2 made of it. No element whose content a
 * browser reads as raw text (script, style, textarea, title, ...) is ever
 * written, so a browser parses our output into the tree we walked. URLs
 * go through ib_md_url_is_dangerous, the rule Markdown links obey too,
 * and what a caller's hook puts in a URL's place must pass the same
 * checks as the URL.
 * The walk is iterative: nesting depth is the author's choice, not ours.
 */

enum {
    EL_VOID = 1,   /* no content, no end tag */
    EL_INLINE = 2, /* also allowed as inline raw HTML in a paragraph */
};

static const struct {
    const char *name;
    unsigned flags;
} allowed_elements[] = {
    {"a", 0},
    {"abbr", EL_INLINE},
    {"b", EL_INLINE},
    {"blockquote", 0},
    {"br", EL_VOID | EL_INLINE},
    {"caption", 0},
    {"cite", 0},
    {"code", EL_INLINE},
    {"col", EL_VOID},
    {"colgroup", 0},
    {"dd", 0},
    {"del", EL_INLINE},
    {"details", 0},
    {"div", 0},
    {"dl", 0},
    {"dt", 0},
    {"em", EL_INLINE},
    {"figcaption", 0},
    {"figure", 0},
    {"hr", EL_VOID},
    {"i", EL_INLINE},
    {"img", EL_VOID},
    {"ins", EL_INLINE},
    {"kbd", EL_INLINE},
    {"li", 0},
    {"mark", EL_INLINE},
    {"ol", 0},
    {"p", 0},
    {"pre", 0},
    {"q", 0},
    {"s", EL_INLINE},
    {"samp", 0},
    {"small", EL_INLINE},
    {"span", 0},
    {"strong", EL_INLINE},
    {"sub", EL_INLINE},
    {"summary", 0},
    {"sup", EL_INLINE},
    {"table", 0},
    {"tbody", 0},
    {"td", 0},
    {"tfoot", 0},
    {"th", 0},
    {"thead", 0},
    {"tr", 0},
    {"u", EL_INLINE},
    {"ul", 0},
    {"var", 0},
};

/* Dropped with everything inside: active content, raw text, forms. */
static const char *const removed_with_content[] = {
    "script",    "style",    "iframe", "object", "embed",   "template",
    "noscript",  "svg",      "math",   "form",   "input",   "textarea",
    "button",    "select",   "link",   "meta",   "base",    "title",
    "frame",     "frameset", "applet", "xmp",    "noembed", "noframes",
    "plaintext", "canvas",   "dialog", "portal", NULL,
};

/* The document wrapper libxml2 implies: walked through, never written. */
static const char *const transparent[] = {"html", "head", "body", NULL};

enum attr_check {
    AT_TEXT,  /* any text */
    AT_LANG,  /* a language tag: letters, digits, '-' */
    AT_DIR,   /* ltr, rtl, auto */
    AT_COUNT, /* 1 to 4 digits */
    AT_INT,   /* an integer, maybe negative */
    AT_SCOPE, /* row, col, rowgroup, colgroup */
    AT_BOOL,  /* present or not; written without a value */
    AT_LINK,  /* a URL to go to */
    AT_IMAGE, /* a URL to load: this site only */
};

/* ELEM NULL: every allowed element. */
static const struct {
    const char *elem, *name;
    enum attr_check check;
} allowed_attrs[] = {
    {NULL, "title", AT_TEXT},       {NULL, "lang", AT_LANG},
    {NULL, "dir", AT_DIR},          {"a", "href", AT_LINK},
    {"img", "src", AT_IMAGE},       {"img", "alt", AT_TEXT},
    {"img", "width", AT_COUNT},     {"img", "height", AT_COUNT},
    {"td", "colspan", AT_COUNT},    {"td", "rowspan", AT_COUNT},
    {"th", "colspan", AT_COUNT},    {"th", "rowspan", AT_COUNT},
    {"th", "scope", AT_SCOPE},      {"col", "span", AT_COUNT},
    {"colgroup", "span", AT_COUNT}, {"ol", "start", AT_INT},
    {"ol", "reversed", AT_BOOL},    {"details", "open", AT_BOOL},
};

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

/* libxml2 wants its global state set up once, before threads use it. */
static void
init_xml(void)
{
    xmlInitParser();
}

static bool
in_list(const char *const *list, const char *s)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return false;
}

/* Returns the element's flags + 1, or 0 when it is not allowed. */
static unsigned
element_rank(const char *name)
{
    for (size_t i = 0; i < sizeof allowed_elements / sizeof *allowed_elements;
         i++)
        if (strcmp(allowed_elements[i].name, name) == 0)
            return allowed_elements[i].flags + 1;
    return 0;
}

static bool
is_void(const char *name)
{
    unsigned r = element_rank(name);
    return r && ((r - 1) & EL_VOID);
}

static void note(struct ib_sanitize_report *rep, const xmlNode *n,
                 const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Counts one removal, at N if known; the first one is described for the
 * finding. */
static void
note(struct ib_sanitize_report *rep, const xmlNode *n, const char *fmt, ...)
{
    if (!rep || rep->removed++ > 0)
        return;
    long line = n ? xmlGetLineNo(n) : 0;
    rep->line = line > 0 && line < 0x7fffffff ? (unsigned)line : 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rep->first, sizeof rep->first, fmt, ap);
    va_end(ap);
}

static bool
is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* Browsers trim leading controls and spaces and drop tabs and newlines
 * anywhere in a URL; judge the URL they would see. */
static void
url_normalise(const char *url, struct ib_buf *b)
{
    const unsigned char *p = (const unsigned char *)url;
    while (*p && *p <= 0x20)
        p++;
    for (; *p; p++)
        if (*p != '\t' && *p != '\n' && *p != '\r')
            ib_buf_putc(b, *p);
    ib_buf_cstr(b);
}

/* Returns the length of the scheme U starts with ("https"), 0 if none. */
static size_t
scheme_len(const char *u)
{
    if (!is_alpha((unsigned char)u[0]))
        return 0;
    size_t n = 1;
    while (is_alpha((unsigned char)u[n]) || is_digit((unsigned char)u[n]) ||
           u[n] == '+' || u[n] == '-' || u[n] == '.')
        n++;
    return u[n] == ':' ? n : 0;
}

static bool
scheme_is(const char *u, size_t n, const char *name)
{
    if (strlen(name) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((u[i] | 0x20) != name[i])
            return false;
    return true;
}

/*
 * A link may leave the site (that is navigation), an image may not (that
 * would be a request to another host). "//host" and "\\host" name another
 * host whatever the page's scheme, so both refuse them.
 */
static bool
url_is_allowed(const char *url, enum attr_check use)
{
    if (ib_md_url_is_dangerous(url))
        return false;
    struct ib_buf b;
    ib_buf_init(&b);
    url_normalise(url, &b);
    const char *u = ib_buf_cstr(&b);
    size_t n = scheme_len(u);
    bool ok;
    if ((u[0] == '/' || u[0] == '\\') && (u[1] == '/' || u[1] == '\\'))
        ok = false;
    else if (use == AT_IMAGE)
        ok = n == 0 && u[0] != '\0';
    else
        ok = n == 0 || scheme_is(u, n, "http") || scheme_is(u, n, "https") ||
             scheme_is(u, n, "mailto") || scheme_is(u, n, "tel");
    ib_buf_fini(&b);
    return ok;
}

static bool
all_of(const char *s, size_t min, size_t max, bool (*ok)(int))
{
    size_t n = strlen(s);
    if (n < min || n > max)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!ok((unsigned char)s[i]))
            return false;
    return true;
}

static bool
is_lang_char(int c)
{
    return is_alpha(c) || is_digit(c) || c == '-';
}

static bool
is_digit_char(int c)
{
    return is_digit(c);
}

static bool
one_of(const char *s, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (ib_text_casecmp(s, words[i]) == 0)
            return true;
    return false;
}

static bool
value_passes(const char *v, enum attr_check check)
{
    static const char *const dirs[] = {"ltr", "rtl", "auto", NULL};
    static const char *const scopes[] = {"row", "col", "rowgroup", "colgroup",
                                         NULL};
    switch (check) {
    case AT_TEXT:
    case AT_BOOL:
        return true;
    case AT_LANG:
        return all_of(v, 1, 35, is_lang_char);
    case AT_DIR:
        return one_of(v, dirs);
    case AT_COUNT:
        return all_of(v, 1, 4, is_digit_char);
    case AT_INT:
        return all_of(v[0] == '-' ? v + 1 : v, 1, 9, is_digit_char);
    case AT_SCOPE:
        return one_of(v, scopes);
    case AT_LINK:
    case AT_IMAGE:
        return url_is_allowed(v, check);
    }
    return false;
}

/* Returns the check for attribute NAME of element ELEM, or -1. */
static int
attr_check_of(const char *elem, const char *name)
{
    for (size_t i = 0; i < sizeof allowed_attrs / sizeof *allowed_attrs; i++)
        if ((!allowed_attrs[i].elem ||
             strcmp(allowed_attrs[i].elem, elem) == 0) &&
            strcmp(allowed_attrs[i].name, name) == 0)
            return (int)allowed_attrs[i].check;
    return -1;
}

/* C0 controls other than whitespace: the HTML syntax forbids them. */
static bool
is_forbidden(unsigned char c)
{
    return c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f';
}

/* Text: & < > escaped, forbidden controls dropped. */
static void
put_text(struct ib_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '&')
            ib_buf_puts(b, "&amp;");
        else if (c == '<')
            ib_buf_puts(b, "&lt;");
        else if (c == '>')
            ib_buf_puts(b, "&gt;");
        else if (!is_forbidden(c))
            ib_buf_putc(b, c);
    }
}

/* Copies S without forbidden controls into B (reset first): the value
 * that is checked is then exactly the value that is written. */
static const char *
clean_value(struct ib_buf *b, const char *s)
{
    ib_buf_reset(b);
    for (; *s; s++)
        if (!is_forbidden((unsigned char)*s))
            ib_buf_putc(b, *s);
    return ib_buf_cstr(b);
}

static const char *
name_of(const xmlNode *n)
{
    return (const char *)n->name;
}

/* Returns the value of N's attribute NAME (first occurrence), or NULL;
 * free with xmlFree. */
static xmlChar *
attr_value(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (!a->ns && strcmp((const char *)a->name, name) == 0)
            return xmlNodeGetContent((const xmlNode *)a);
    return NULL;
}

/* An <img> loads nothing unless its src is an image of this site. */
static bool
img_has_src(const xmlNode *n)
{
    xmlChar *src = attr_value(n, "src");
    struct ib_buf clean;
    ib_buf_init(&clean);
    bool ok =
        src && url_is_allowed(clean_value(&clean, (const char *)src), AT_IMAGE);
    ib_buf_fini(&clean);
    xmlFree(src);
    return ok;
}

enum action { KEEP, UNWRAP, DROP, SKIP };

/* What the walk does with node N; a pure function of N, so entering and
 * leaving agree. SKIP: a node that is not an element or text. */
static enum action
action_of(const xmlNode *n)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        return KEEP;
    if (n->type != XML_ELEMENT_NODE || !n->name)
        return SKIP;
    const char *name = name_of(n);
    if (in_list(removed_with_content, name))
        return DROP;
    if (in_list(transparent, name) || !element_rank(name))
        return UNWRAP;
    if (strcmp(name, "img") == 0 && !img_has_src(n))
        return DROP;
    return KEEP;
}

/*
 * Where the <a> and <img> start tags of the HTML have their first href or
 * src, found by a small tokenizer of our own: libxml2 keeps the lines of
 * elements, not the columns of attributes. It only tells the author
 * where a link is. What is written comes from libxml2's tree, and the
 * K-th <a> or <img> of the tree is paired with the K-th tag found here
 * only when the names and values agree, so a tag the two read
 * differently costs a column, never safety.
 */
struct link_pos {
    bool is_image;
    bool found;          /* the tag has the attribute */
    size_t at;           /* offset of the attribute's name */
    size_t vstart, vlen; /* its value as written */
    unsigned line, col;
};

struct urls {
    ib_sanitize_url_fn fn;
    void *ud;
    const char *src; /* the HTML as parsed */
    struct link_pos *pos;
    size_t npos, cap;
};

static bool
is_html_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int
lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* True if the N bytes at S are WORD, ignoring ASCII case. */
static bool
is_word(const char *s, size_t n, const char *word)
{
    if (strlen(word) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)s[i]) != word[i])
            return false;
    return true;
}

/* Returns the offset of WORD (ASCII case ignored) in S from I on, or LEN. */
static size_t
find_word(const char *s, size_t len, size_t i, const char *word)
{
    size_t m = strlen(word);
    for (; i + m <= len; i++)
        if (is_word(s + i, m, word))
            return i;
    return len;
}

/* Reads the attributes of a start tag from J up to its '>'; returns the
 * offset after it. Fills P with the first attribute named WANT. */
static size_t
scan_attrs(const char *s, size_t len, size_t j, const char *want,
           struct link_pos *p)
{
    while (j < len && s[j] != '>') {
        if (is_html_space((unsigned char)s[j]) || s[j] == '/' || s[j] == '=') {
            j++;
            continue;
        }
        size_t name = j;
        while (j < len && !is_html_space((unsigned char)s[j]) && s[j] != '>' &&
               s[j] != '=' && s[j] != '/')
            j++;
        size_t nlen = j - name;
        while (j < len && is_html_space((unsigned char)s[j]))
            j++;
        size_t vs = j, vl = 0;
        if (j < len && s[j] == '=') {
            j++;
            while (j < len && is_html_space((unsigned char)s[j]))
                j++;
            if (j < len && (s[j] == '"' || s[j] == '\'')) {
                char q = s[j++];
                vs = j;
                while (j < len && s[j] != q)
                    j++;
                vl = j - vs;
                if (j < len)
                    j++;
            } else {
                vs = j;
                while (j < len && !is_html_space((unsigned char)s[j]) &&
                       s[j] != '>')
                    j++;
                vl = j - vs;
            }
        }
        if (want && !p->found && is_word(s + name, nlen, want)) {
            p->found = true;
            p->at = name;
            p->vstart = vs;
            p->vlen = vl;
        }
    }
    return j < len ? j + 1 : len;
}

/* Reads the start tag at I ("<" and a letter); returns the offset after
 * it, or after the raw text that follows a <script> or <style>. */
static size_t
scan_tag(struct urls *u, const char *s, size_t len, size_t i)
{
    size_t j = i + 1;
    while (j < len && !is_html_space((unsigned char)s[j]) && s[j] != '>' &&
           s[j] != '/')
        j++;
    const char *name = s + i + 1;
    size_t nlen = j - (i + 1);
    bool is_a = is_word(name, nlen, "a"), is_img = is_word(name, nlen, "img");
    struct link_pos p = {.is_image = is_img};
    j = scan_attrs(s, len, j, is_a ? "href" : is_img ? "src" : NULL, &p);
    if (is_a || is_img) {
        if (u->npos == u->cap) {
            u->cap = u->cap ? 2 * u->cap : 8;
            u->pos = ib_xrealloc(u->pos, u->cap * sizeof *u->pos);
        }
        u->pos[u->npos++] = p;
    }
    if (is_word(name, nlen, "script"))
        return find_word(s, len, j, "</script");
    if (is_word(name, nlen, "style"))
        return find_word(s, len, j, "</style");
    return j;
}

/* Finds the links of the LEN bytes of HTML S, with their lines and
 * columns. */
static void
scan_links(struct urls *u, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        const char *lt = memchr(s + i, '<', len - i);
        if (!lt || (size_t)(lt - s) + 1 == len)
            break;
        i = (size_t)(lt - s);
        if (strncmp(s + i, "<!--", 4) == 0) {
            i = find_word(s, len, i + 4, "-->");
            i = i < len ? i + 3 : len;
        } else if (s[i + 1] == '!' || s[i + 1] == '?' || s[i + 1] == '/') {
            const char *gt = memchr(s + i, '>', len - i);
            i = gt ? (size_t)(gt - s) + 1 : len;
        } else if (is_alpha((unsigned char)s[i + 1])) {
            i = scan_tag(u, s, len, i);
        } else {
            i++;
        }
    }
    /* The attributes come in order: one pass counts the lines. */
    size_t off = 0, line_start = 0;
    unsigned line = 1;
    for (size_t k = 0; k < u->npos; k++) {
        struct link_pos *p = &u->pos[k];
        if (!p->found)
            continue;
        for (; off < p->at; off++)
            if (s[off] == '\n') {
                line++;
                line_start = off + 1;
            }
        p->line = line;
        p->col = (unsigned)(p->at - line_start + 1);
    }
}

/* Numbers the <a> and <img> elements below D in document order, in their
 * _private field (1 for the first), as scan_links counts their tags. */
static void
number_links(xmlDoc *d)
{
    uintptr_t k = 0;
    xmlNode *n = d->children;
    while (n) {
        if (n->type == XML_ELEMENT_NODE && n->name &&
            (strcmp(name_of(n), "a") == 0 || strcmp(name_of(n), "img") == 0))
            n->_private = (void *)++k;
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && !n->next) {
            n = n->parent;
            if (n == (xmlNode *)d)
                n = NULL;
        }
        if (n)
            n = n->next;
    }
}

/* Copies S without forbidden controls and the spaces around it into B
 * (reset first), as browsers read a URL. */
static const char *
trim_url(struct ib_buf *b, const char *s, size_t n)
{
    ib_buf_reset(b);
    while (n && is_html_space((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n && is_html_space((unsigned char)s[n - 1]))
        n--;
    for (size_t i = 0; i < n; i++)
        if (!is_forbidden((unsigned char)s[i]))
            ib_buf_putc(b, s[i]);
    return ib_buf_cstr(b);
}

/* Sets SU->line and SU->col for the link of element N. */
static void
locate(const struct urls *u, const xmlNode *n, struct ib_sanitize_url *su)
{
    long line = xmlGetLineNo(n);
    su->line = line > 0 && line < 0x7fffffff ? (unsigned)line : 0;
    su->col = 0;
    uintptr_t k = (uintptr_t)n->_private;
    if (k == 0 || k > u->npos)
        return;
    const struct link_pos *p = &u->pos[k - 1];
    if (!p->found || p->is_image != su->is_image)
        return;
    const char *raw = u->src + p->vstart;
    bool same = memchr(raw, '&', p->vlen) != NULL;
    if (!same) {
        struct ib_buf b;
        ib_buf_init(&b);
        same = strcmp(trim_url(&b, raw, p->vlen), su->url) == 0;
        ib_buf_fini(&b);
    }
    if (same) {
        su->line = p->line;
        su->col = p->col;
    }
}

/* True if VALUE is an "id:ID" link, which only U's answer can replace. */
static bool
is_id_link(const struct urls *u, const char *value, enum attr_check check)
{
    struct ib_buf b;
    ib_buf_init(&b);
    bool yes = u && check == AT_LINK &&
               strncmp(trim_url(&b, value, strlen(value)), "id:", 3) == 0 &&
               !ib_md_url_is_dangerous(value);
    ib_buf_fini(&b);
    return yes;
}

/*
 * Writes attribute NAME of element N, the URL VALUE that passed CHECK or
 * is an id: link (IS_ID), as U's hook answers: its replacement if that
 * passes CHECK too, else VALUE itself, except an id: link, which is left
 * out.
 */
static void
put_url(struct ib_buf *b, const xmlNode *n, const char *name, const char *value,
        enum attr_check check, bool is_id, const struct urls *u)
{
    struct ib_buf t, clean;
    ib_buf_init(&t);
    ib_buf_init(&clean);
    struct ib_sanitize_url su = {trim_url(&t, value, strlen(value)),
                                 check == AT_IMAGE, 0, 0};
    locate(u, n, &su);
    char *repl = u->fn(u->ud, &su);
    const char *out = is_id ? NULL : value;
    if (repl && value_passes(clean_value(&clean, repl), check))
        out = ib_buf_cstr(&clean);
    if (out) {
        ib_buf_printf(b, " %s=\"", name);
        ib_buf_put_html(b, out, strlen(out));
        ib_buf_putc(b, '"');
    }
    free(repl);
    ib_buf_fini(&clean);
    ib_buf_fini(&t);
}

static void
put_attrs(struct ib_buf *b, const xmlNode *n, struct ib_sanitize_report *rep,
          const struct urls *u)
{
    const char *elem = name_of(n);
    bool has_alt = false;
    struct ib_buf clean;
    ib_buf_init(&clean);
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        int check = a->ns ? -1 : attr_check_of(elem, name);
        bool dup = false;
        for (const xmlAttr *e = n->properties; e != a; e = e->next)
            dup |= !e->ns && strcmp((const char *)e->name, name) == 0;
        if (dup)
            continue; /* the first one counts, as in browsers */
        xmlChar *v = check < 0 ? NULL : xmlNodeGetContent((const xmlNode *)a);
        const char *value = clean_value(&clean, v ? (const char *)v : "");
        bool is_id = check >= 0 && is_id_link(u, value, (enum attr_check)check);
        if (check < 0 ||
            (!is_id && !value_passes(value, (enum attr_check)check))) {
            note(rep, n, "the '%.24s' attribute of <%.16s>", name, elem);
        } else if (check == AT_BOOL) {
            ib_buf_printf(b, " %s", name);
        } else if (u && (check == AT_LINK || check == AT_IMAGE)) {
            put_url(b, n, name, value, (enum attr_check)check, is_id, u);
        } else {
            ib_buf_printf(b, " %s=\"", name);
            if (check == AT_DIR || check == AT_SCOPE) {
                for (const char *p = value; *p; p++)
                    ib_buf_putc(b, *p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
            } else {
                ib_buf_put_html(b, value, strlen(value));
            }
            ib_buf_putc(b, '"');
            has_alt |= strcmp(name, "alt") == 0;
        }
        xmlFree(v);
    }
    ib_buf_fini(&clean);
    /* Markdown images always have an alt; an image without one is read
     * out by its file name. */
    if (strcmp(elem, "img") == 0 && !has_alt)
        ib_buf_puts(b, " alt=\"\"");
}

static void
enter(struct ib_buf *b, const xmlNode *n, enum action act,
      struct ib_sanitize_report *rep, const struct urls *u)
{
    if (n->type != XML_ELEMENT_NODE) {
        if (act == KEEP && n->content)
            put_text(b, (const char *)n->content);
        return;
    }
    const char *name = name_of(n);
    if (act == DROP) {
        if (strcmp(name, "img") == 0)
            note(rep, n, "<%.16s> (its src is not an image of this site)",
                 name);
        else
            note(rep, n, "<%.24s> and its content", name);
        return;
    }
    if (act == UNWRAP) {
        if (!in_list(transparent, name))
            note(rep, n, "the <%.24s> tags (their text is kept)", name);
        else if (n->properties)
            note(rep, n, "the attributes of <%.16s>", name);
        return;
    }
    ib_buf_printf(b, "<%s", name);
    put_attrs(b, n, rep, u);
    ib_buf_putc(b, '>');
}

static void
leave(struct ib_buf *b, const xmlNode *n, enum action act)
{
    if (n->type == XML_ELEMENT_NODE && act == KEEP && !is_void(name_of(n)))
        ib_buf_printf(b, "</%s>", name_of(n));
}

/* Writes the allowed part of the tree below the document D. */
static void
walk(struct ib_buf *b, xmlDoc *d, struct ib_sanitize_report *rep,
     const struct urls *u)
{
    xmlNode *top = (xmlNode *)d;
    xmlNode *n = d->children;
    while (n) {
        enum action act = action_of(n);
        enter(b, n, act, rep, u);
        bool inside = (act == KEEP || act == UNWRAP) &&
                      n->type == XML_ELEMENT_NODE &&
                      !(act == KEEP && is_void(name_of(n)));
        if (inside && n->children) {
            n = n->children;
            continue;
        }
        leave(b, n, act);
        while (n && !n->next) {
            n = n->parent;
            if (n == top || !n) {
                n = NULL;
                break;
            }
            leave(b, n, action_of(n));
        }
        if (n)
            n = n->next;
    }
}

/*
 * Parses LEN bytes of HTML (made valid UTF-8 in CLEAN first: libxml2
 * would otherwise switch to Latin-1). libxml2 stops at 256 nested
 * elements and drops the rest; that loss is reported too.
 */
static xmlDoc *
parse(const char *html, size_t len, struct ib_buf *clean,
      struct ib_sanitize_report *rep)
{
    pthread_once(&xml_once, init_xml);
    ib_text_put_clean_utf8(clean, html, len);
    ib_buf_cstr(clean);
    if (clean->len == 0 || clean->len > INT_MAX)
        return NULL;
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt)
        return NULL;
    xmlDoc *d = htmlCtxtReadMemory(
        ctxt, clean->data, (int)clean->len, NULL, "UTF-8",
        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
            HTML_PARSE_NONET | HTML_PARSE_NODEFDTD);
    if (ctxt->errNo == XML_ERR_INTERNAL_ERROR)
        note(rep, NULL, "what is nested deeper than 256 elements");
    htmlFreeParserCtxt(ctxt);
    return d;
}

char *
ib_sanitize_html_urls(const char *html, size_t len,
                      struct ib_sanitize_report *rep, ib_sanitize_url_fn fn,
                      void *ud)
{
    struct ib_buf clean, out;
    ib_buf_init(&clean);
    ib_buf_init(&out);
    xmlDoc *d = parse(html, len, &clean, rep);
    struct urls u = {fn, ud, clean.data, NULL, 0, 0};
    if (d && fn) {
        scan_links(&u, clean.data, clean.len);
        number_links(d);
    }
    if (d)
        walk(&out, d, rep, fn ? &u : NULL);
    xmlFreeDoc(d);
    free(u.pos);
    ib_buf_fini(&clean);
    ib_buf_cstr(&out);
    return ib_buf_take(&out);
}

char *
ib_sanitize_html(const char *html, size_t len, struct ib_sanitize_report *rep)
{
    return ib_sanitize_html_urls(html, len, rep, NULL, NULL);
}

/* Reads the element name after "<" or "</" at S, lower-cased, into NAME;
 * returns its length, 0 if there is none or it is too long. */
static size_t
tag_name(const char *s, size_t len, char *name, size_t size)
{
    size_t n = 0;
    if (len == 0 || !is_alpha((unsigned char)s[0]))
        return 0;
    while (n < len && (is_alpha((unsigned char)s[n]) ||
                       is_digit((unsigned char)s[n]) || s[n] == '-')) {
        if (n + 1 >= size)
            return 0;
        name[n] = (char)(s[n] >= 'A' && s[n] <= 'Z' ? s[n] + 32 : s[n]);
        n++;
    }
    name[n] = '\0';
    return n;
}

/* Returns the first element named NAME in document order, or NULL. */
static const xmlNode *
find_element(const xmlDoc *d, const char *name)
{
    const xmlNode *n = d->children;
    while (n) {
        if (n->type == XML_ELEMENT_NODE && n->name &&
            strcmp(name_of(n), name) == 0)
            return n;
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && !n->next) {
            n = n->parent;
            if (n == (const xmlNode *)d)
                n = NULL;
        }
        if (n)
            n = n->next;
    }
    return NULL;
}

static bool
is_inline(const char *name)
{
    unsigned r = element_rank(name);
    return r && ((r - 1) & EL_INLINE);
}

static void
sort_open_tag(const char *lit, size_t len, struct ib_sanitize_tag *t,
              struct ib_sanitize_report *rep)
{
    if (!tag_name(lit + 1, len - 1, t->name, sizeof t->name) ||
        !is_inline(t->name)) {
        note(rep, NULL, "<%.24s> (not allowed inline)",
             t->name[0] ? t->name : "?");
        return;
    }
    struct ib_buf clean, out;
    ib_buf_init(&clean);
    ib_buf_init(&out);
    xmlDoc *d = parse(lit, len, &clean, rep);
    const xmlNode *n = d ? find_element(d, t->name) : NULL;
    if (n) {
        ib_buf_printf(&out, "<%s", t->name);
        put_attrs(&out, n, rep, NULL);
        ib_buf_putc(&out, '>');
        t->kind = is_void(t->name) ? IB_SANITIZE_VOID : IB_SANITIZE_OPEN;
        t->html = ib_buf_take(&out);
    } else {
        note(rep, NULL, "<%.24s>", t->name);
    }
    xmlFreeDoc(d);
    ib_buf_fini(&clean);
    ib_buf_fini(&out);
}

void
ib_sanitize_tag(const char *lit, size_t len, struct ib_sanitize_tag *t,
                struct ib_sanitize_report *rep)
{
    t->kind = IB_SANITIZE_REMOVED;
    t->name[0] = '\0';
    t->html = NULL;
    if (len >= 4 && memcmp(lit, "<!--", 4) == 0) {
        t->kind = IB_SANITIZE_COMMENT;
    } else if (len >= 2 && lit[0] == '<' && lit[1] == '/') {
        size_t n = tag_name(lit + 2, len - 2, t->name, sizeof t->name);
        size_t i = 2 + n;
        while (i < len && (lit[i] == ' ' || lit[i] == '\t' || lit[i] == '\n' ||
                           lit[i] == '\r'))
            i++;
        if (n && i + 1 == len && lit[i] == '>' && is_inline(t->name) &&
            !is_void(t->name)) {
            t->kind = IB_SANITIZE_CLOSE;
            t->html = ib_xmalloc(n + 4);
            snprintf(t->html, n + 4, "</%s>", t->name);
        }
    } else if (len >= 2 && lit[0] == '<' && is_alpha((unsigned char)lit[1])) {
        sort_open_tag(lit, len, t, rep);
    } else {
        note(rep, NULL, "a '<!' or '<?' declaration");
    }
}

void
ib_sanitize_tag_fini(struct ib_sanitize_tag *t)
{
    free(t->html);
    t->html = NULL;
}
