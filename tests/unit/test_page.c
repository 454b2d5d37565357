/* SPDX-License-Identifier: MIT */
/* Unit tests for page.c: summaries a page keeps to share between lists. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "arena.h"
#include "doc.h"
#include "page.h"
#include "val.h"

enum { NDOCS = 1000 };

static void
test_kept_summaries(void **state)
{
    (void)state;
    struct ib_page p = {.a = ib_arena_new()};
    static struct ib_doc docs[NDOCS];
    struct ib_val *made[NDOCS];
    assert_null(ib_page_kept_summary(&p, &docs[0]));
    /* Enough documents for the table to grow several times. */
    for (size_t i = 0; i < NDOCS; i++) {
        made[i] = ib_val_map(p.a);
        ib_page_keep_summary(&p, &docs[i], made[i]);
        assert_ptr_equal(ib_page_kept_summary(&p, &docs[i]), made[i]);
    }
    for (size_t i = 0; i < NDOCS; i++)
        assert_ptr_equal(ib_page_kept_summary(&p, &docs[i]), made[i]);
    /* Keeping again replaces. */
    struct ib_val *other = ib_val_map(p.a);
    ib_page_keep_summary(&p, &docs[7], other);
    assert_ptr_equal(ib_page_kept_summary(&p, &docs[7]), other);
    assert_ptr_equal(ib_page_kept_summary(&p, &docs[8]), made[8]);
    struct ib_doc stranger;
    assert_null(ib_page_kept_summary(&p, &stranger));
    ib_arena_free(p.a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kept_summaries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
