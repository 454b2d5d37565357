/* SPDX-License-Identifier: MIT */
/*
 * How the characters stay: cmark_parser_finish adds and takes them out
 * through cmark_manage_extensions_special_characters, a function the
 * library exports and calls through its procedure linkage table. The
 * dynamic linker looks a name up in the program before its libraries, so
 * the library's calls reach the definition below instead of its own (ELF
 * symbol interposition). It hands each call on to cmark-gfm's own
 * function, which ib_mdpin finds with dlsym past this program, until the
 * characters are pinned, and does nothing after. (dlsym finds it wherever
 * cmark-gfm is a shared library, the only way a program's definition can
 * stand in for one of its functions.) A library built to bind its calls
 * directly would bypass this file: ib_mdpin finds that out with one
 * parse, and says so.
 */
#include "mdpin.h"

#include <dlfcn.h>
#include <stdatomic.h>
#include <string.h>

#include <cmark-gfm.h>

typedef void manage_fn(cmark_parser *parser, int add);

static manage_fn *cmark_own; /* cmark-gfm's function of the same name */
static atomic_bool pinned;   /* the characters stay in the table */
static atomic_bool reached;  /* a call came here while pinned */

void
cmark_manage_extensions_special_characters(cmark_parser *parser, int add)
{
    if (atomic_load_explicit(&pinned, memory_order_relaxed)) {
        /* Only ib_mdpin's probe asks; a store on every call would move
         * the flag's cache line between the threads, twice a document. */
        if (!atomic_load_explicit(&reached, memory_order_relaxed))
            atomic_store_explicit(&reached, true, memory_order_relaxed);
        return;
    }
    if (cmark_own)
        cmark_own(parser, add);
}

bool
ib_mdpin(cmark_syntax_extension *const *exts, size_t n)
{
    /* memcpy: ISO C has no conversion from void * to a function pointer. */
    void *own = dlsym(RTLD_NEXT, "cmark_manage_extensions_special_characters");
    if (!own)
        return false;
    memcpy(&cmark_own, &own, sizeof own);
    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
    for (size_t i = 0; i < n; i++)
        cmark_parser_attach_syntax_extension(p, exts[i]);
    cmark_own(p, 1);
    atomic_store(&pinned, true);
    /* A parse with strikethrough, to see whether its finish calls here. */
    atomic_store(&reached, false);
    cmark_parser_feed(p, "~a~", 3);
    cmark_node_free(cmark_parser_finish(p));
    cmark_parser_free(p);
    if (atomic_load(&reached))
        return true;
    /* The library called its own function, which took the characters out
     * again at the end of the parse: it goes on adding and taking them
     * out, and finishes must take turns. */
    atomic_store(&pinned, false);
    return false;
}
