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

#include <string.h>

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

/* Writes over the stack below the caller, where a returned pointer into
 * a finished call's frame would point. */
static void __attribute__((noinline)) scribble(void)
{
    volatile char junk[256];
    memset((char *)junk, 'x', sizeof junk);
    junk[0] = junk[255];
}

/* A label the page's strings lack is its key, and stays so after the
 * call returns (it was once a pointer into the call's own frame). The
 * theme loader fills in ismsbook's own English (i18n.h), so only a table
 * without it gets here. */
static void
test_label_strings_lack(void **state)
{
    (void)state;
    struct ib_page p = {.a = ib_arena_new()};
    p.strings = ib_val_map(p.a);
    const char *types = ib_page_type_label(&p, IB_TYPE_POLICY, true);
    const char *type = ib_page_type_label(&p, IB_TYPE_RECORD, false);
    scribble();
    assert_string_equal(types, "types_policy");
    assert_string_equal(type, "type_record");
    ib_arena_free(p.a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kept_summaries),
        cmocka_unit_test(test_label_strings_lack),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
