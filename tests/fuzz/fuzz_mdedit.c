/* SPDX-License-Identifier: MIT */
/* Fuzz target: the Markdown tree editing API that Lua filters drive. */

/*
 * The input is a document body, a NUL byte, then edits of three bytes
 * each: an operation, a node (an index into every node seen so far,
 * removed ones included, as a filter may keep a handle) and an argument
 * (a string from a fixed pool, or a UTF-8 slice of the body for a
 * replacement). The operations are those filter.c calls: set text, URL,
 * title, info and level, replace, remove, refresh, read, list. This is
 * the filter target without Lua around it, so it runs thousands of edits
 * a second. Properties: a failed edit gives a message and a removed or
 * replaced node is detached for good, edits of it failing; after the
 * edits, the document resolves, its headings are consistent and its HTML
 * passes the oracle of html_check.h.
 */
#include "fuzz.h"

#include <stdbool.h>

#include "buf.h"
#include "html_check.h"
#include "markdown.h"
#include "text.h"

#define MAX_SEEN 4096
#define MAX_OPS 64

static const char *const pool[] = {
    "",
    "x",
    "two words",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    " JaVa\tScRiPt:x",
    "data:text/html,x",
    "https://example.org/a?b=c&d=\"e\"",
    "../policies/a.md#scope",
    "id:POL-1",
    "a\nb",
    "# Heading",
    "- a\n- b\n  - c",
    "1. one\n2. two",
    "> quote\n> more",
    "```\ncode\n```",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "para one\n\npara two",
    "[[POL-1]] and [x](y.md)",
    "**b** _i_ `c` ~~s~~",
    "text[^1]\n\n[^1]: note",
    "<div onclick=\"x\">raw</div>",
    "\xc3\x85tkomst & scope",
    "lua",
    "---",
};
#define NPOOL (sizeof pool / sizeof *pool)

#define NSLOTS (2 * MAX_SEEN) /* a power of two */

struct state {
    struct ib_md *md;
    struct ib_md_node *seen[MAX_SEEN];
    bool gone[MAX_SEEN]; /* detached when last looked at */
    size_t nseen;
    struct ib_md_node *slots[NSLOTS]; /* the set of SEEN */
    const char *body;
    size_t body_len;
};

/* Adds N to SEEN unless it is there or SEEN is full. */
static void
see(struct state *s, struct ib_md_node *n)
{
    size_t h = ((uintptr_t)n >> 4) * 2654435761u % NSLOTS;
    while (s->slots[h] && s->slots[h] != n)
        h = (h + 1) % NSLOTS;
    if (!s->slots[h] && s->nseen < MAX_SEEN) {
        s->slots[h] = n;
        s->seen[s->nseen++] = n;
    }
}

/* Adds every node now in the tree to SEEN. */
static void
collect(struct state *s)
{
    struct ib_md_node *root = ib_md_root(s->md);
    size_t n = ib_md_node_list(s->md, root, NULL, 0);
    struct ib_md_node **list = malloc((n ? n : 1) * sizeof(*list));
    fuzz_assert(list);
    ib_md_node_list(s->md, root, list, n);
    see(s, root);
    for (size_t i = 0; i < n; i++)
        see(s, list[i]);
    free(list);
}

/* The argument as a string: from the pool, or a UTF-8 slice of the body. */
static char *
arg_string(const struct state *s, uint8_t arg)
{
    if (arg < 128 || s->body_len == 0)
        return strdup(pool[arg % NPOOL]);
    size_t off = (size_t)arg * 7 % s->body_len;
    size_t len = (size_t)arg * 13 % 97;
    if (len > s->body_len - off)
        len = s->body_len - off;
    size_t bad;
    if (!ib_text_valid_utf8(s->body + off, len, &bad))
        len = bad;
    char *str = malloc(len + 1);
    fuzz_assert(str);
    memcpy(str, s->body + off, len);
    str[len] = '\0';
    return str;
}

static void
edit(struct state *s, uint8_t op, uint8_t which, uint8_t arg)
{
    if (s->nseen == 0)
        return;
    size_t k = which % s->nseen;
    struct ib_md_node *n = s->seen[k];
    bool attached = ib_md_node_is_attached(s->md, n);
    if (s->gone[k])
        fuzz_assert(!attached);
    char *str = arg_string(s, arg);
    const char *err = NULL;
    int rc = 0;
    struct ib_buf b;
    switch (op % 11) {
    case 0:
        rc = ib_md_node_set_text(s->md, n, str, &err);
        break;
    case 1:
        rc = ib_md_node_set_url(s->md, n, str, &err);
        break;
    case 2:
        rc = ib_md_node_set_title(s->md, n, str, &err);
        break;
    case 3:
        rc = ib_md_node_set_info(s->md, n, str, &err);
        break;
    case 4:
        rc = ib_md_node_set_level(s->md, n, (int)(arg % 9) - 1, &err);
        break;
    case 5:
    case 6:
        rc = ib_md_node_replace(s->md, n, str, strlen(str), &err);
        if (rc == 0)
            fuzz_assert(!ib_md_node_is_attached(s->md, n));
        break;
    case 7:
        rc = ib_md_node_remove(s->md, n, &err);
        if (rc == 0)
            fuzz_assert(!ib_md_node_is_attached(s->md, n));
        break;
    case 8:
        ib_md_refresh(s->md);
        fuzz_check_headings(s->md, 0xffffffffu);
        break;
    case 9:
        ib_buf_init(&b);
        ib_md_node_text(n, &b);
        ib_buf_fini(&b);
        fuzz_assert(ib_md_node_type(n));
        ib_md_node_parent(n);
        ib_md_node_line(s->md, n);
        ib_md_node_col(s->md, n);
        ib_md_node_url(n);
        ib_md_node_title(n);
        ib_md_node_info(n);
        ib_md_node_level(n);
        ib_md_node_has_literal(n);
        break;
    default: {
        size_t m = ib_md_node_list(s->md, n, NULL, 0);
        struct ib_md_node **list = malloc((m ? m : 1) * sizeof(*list));
        fuzz_assert(list);
        fuzz_assert(ib_md_node_list(s->md, n, list, m) == m);
        for (size_t i = 0; i < m; i++)
            fuzz_assert(ib_md_node_type(list[i]));
        free(list);
        break;
    }
    }
    free(str);
    if (rc < 0)
        fuzz_assert(err && err[0]);
    else
        fuzz_assert(rc == 0);
    /* Detached nodes stay detached: edits of them must have failed. */
    if (!attached && op % 11 <= 7)
        fuzz_assert(rc < 0);
    for (size_t i = 0; i < s->nseen; i++)
        if (!ib_md_node_is_attached(s->md, s->seen[i]))
            s->gone[i] = true;
    collect(s);
}

static int
resolve(void *ud, const struct ib_md_link *link, char **new_url, char **label)
{
    (void)ud;
    fuzz_assert(link->url);
    if (link->is_wiki) {
        *new_url = strdup("../policies/doc.html");
        *label = strdup("<b>Title</b>");
    }
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nul = memchr(text, '\0', size);
    size_t body_len = nul ? (size_t)(nul - text) : size;
    const uint8_t *ops = nul ? (const uint8_t *)nul + 1 : data + size;
    size_t nops = (size - body_len - (nul ? 1 : 0)) / 3;
    if (nops > MAX_OPS)
        nops = MAX_OPS;

    struct state *s = calloc(1, sizeof(*s));
    fuzz_assert(s);
    s->md = ib_md_parse(text, body_len, 0);
    s->body = text;
    s->body_len = body_len;
    collect(s);
    for (size_t i = 0; i < nops; i++)
        edit(s, ops[3 * i], ops[3 * i + 1], ops[3 * i + 2]);

    ib_md_refresh(s->md);
    ib_md_resolve_links(s->md, resolve, NULL);
    fuzz_check_headings(s->md, 0xffffffffu);
    char *html = ib_md_render_html(s->md);
    fuzz_check_html(s->md, html);
    free(html);
    free(ib_md_plain_text(s->md));
    ib_md_free(s->md);
    free(s);
    return 0;
}
