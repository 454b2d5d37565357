/* SPDX-License-Identifier: MIT */
/* What a cmark-gfm parse allocates, for the tests of mdlimit.c's bound. */
#ifndef IB_TESTS_PARSE_COST_H
#define IB_TESTS_PARSE_COST_H

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdlib.h>

static size_t parse_cost_allocated;

static void *
parse_cost_calloc(size_t n, size_t size)
{
    parse_cost_allocated += n * size;
    void *p = calloc(n, size);
    if (!p)
        abort();
    return p;
}

static void *
parse_cost_realloc(void *p, size_t size)
{
    parse_cost_allocated += size;
    void *q = realloc(p, size);
    if (!q)
        abort();
    return q;
}

/*
 * The bytes parsing LEN bytes of TEXT as markdown.c does (the same
 * extensions and options) allocates, every allocation and every growth
 * counted in full: what a heap that keeps all it gave out would hold,
 * never less than the peak.
 */
static size_t
parse_cost(const char *text, size_t len)
{
    static cmark_mem mem = {parse_cost_calloc, parse_cost_realloc, free};
    static const char *const names[] = {"table", "strikethrough", "autolink",
                                        "tagfilter", "tasklist"};
    cmark_gfm_core_extensions_ensure_registered();
    parse_cost_allocated = 0;
    cmark_parser *p = cmark_parser_new_with_mem(CMARK_OPT_FOOTNOTES, &mem);
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        cmark_parser_attach_syntax_extension(
            p, cmark_find_syntax_extension(names[i]));
    cmark_parser_feed(p, text, len);
    cmark_node *doc = cmark_parser_finish(p);
    cmark_node_free(doc);
    cmark_parser_free(p);
    return parse_cost_allocated;
}

#endif
