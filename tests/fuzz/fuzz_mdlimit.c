/* SPDX-License-Identifier: MIT */
/* Fuzz target: the bound ib_mdlimit_fragment puts on a parse's memory. */

/*
 * The input is Markdown a filter hands to node:replace. Properties:
 *
 * - whatever ib_mdlimit_fragment accepts of what node:replace takes
 *   (UTF-8 without NUL bytes, which cmark-gfm would widen), cmark-gfm parses (as
 *   markdown.c does: the same extensions and options) allocating no more
 *   than the bound it gave, counting every allocation and every growth
 *   in full, as a heap that keeps what it gave out would;
 * - whatever it refuses is refused at a place inside the text, with a
 *   reason;
 * - a body ib_mdlimit_check accepts is a fragment it accepts too (the
 *   fragment's bracket limit is the looser).
 */
#include "fuzz.h"

#include "diag.h"
#include "mdlimit.h"
#include "parse_cost.h"
#include "text.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    size_t most = 0;
    struct ib_mdlimit_over over;
    int rc = ib_mdlimit_fragment(text, size, &most, &over);
    if (rc < 0) {
        fuzz_assert(over.line >= 1 && over.why[0]);
    } else if (ib_text_valid_utf8(text, size, NULL)) {
        size_t cost = parse_cost(text, size);
        if (cost > most) {
            fprintf(stderr, "parse took %zu bytes, bound %zu\n", cost, most);
            fuzz_assert(cost <= most);
        }
    }
    struct ib_diag *d = ib_diag_new();
    if (ib_mdlimit_check("x.md", text, size, 0, d) == 0)
        fuzz_assert(rc == 0);
    ib_diag_free(d);
    return 0;
}
