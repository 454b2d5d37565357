/* SPDX-License-Identifier: MIT */
/* Unit tests for pages_controls.c: how the SoA pages decide applicability. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "doc.h"
#include "pages_controls.h"
#include "rules.h"
#include "soa.h"

static void
test_excluded_wins(void **state)
{
    (void)state;
    struct ib_soa_entry e = {.control = "A.7.4", .excluded = true,
                             .justification = ""};
    struct ib_doc approved = {.status = IB_STATUS_APPROVED};
    const struct ib_doc *docs[] = {&approved};
    struct ib_control_cov cc = {.soa = &e, .excluded = true, .docs = docs,
                                .ndocs = 1};
    /* Even a document mapping it does not make it applicable. */
    assert_int_equal(ib_pages_controls_applicability(&cc),
                     IB_APPLIC_EXCLUDED);
}

static void
test_soa_decision_makes_applicable(void **state)
{
    (void)state;
    struct ib_soa_entry status = {.control = "A.5.1",
                                  .status = IB_IMPL_PLANNED,
                                  .justification = ""};
    struct ib_soa_entry reason = {.control = "A.5.2",
                                  .justification = "Customers require it"};
    struct ib_control_cov a = {.soa = &status};
    struct ib_control_cov b = {.soa = &reason};
    assert_int_equal(ib_pages_controls_applicability(&a),
                     IB_APPLIC_APPLICABLE);
    assert_int_equal(ib_pages_controls_applicability(&b),
                     IB_APPLIC_APPLICABLE);
}

static void
test_documents_make_applicable(void **state)
{
    (void)state;
    struct ib_doc draft = {.status = IB_STATUS_DRAFT};
    const struct ib_doc *docs[] = {&draft};
    /* Not in soa.yaml at all, but a draft implements it. */
    struct ib_control_cov cc = {.docs = docs, .ndocs = 1};
    assert_int_equal(ib_pages_controls_applicability(&cc),
                     IB_APPLIC_APPLICABLE);
}

static void
test_undecided(void **state)
{
    (void)state;
    struct ib_soa_entry listed = {.control = "A.8.1", .justification = ""};
    struct ib_doc retired = {.status = IB_STATUS_RETIRED};
    const struct ib_doc *docs[] = {&retired};
    struct ib_control_cov bare = {0};
    struct ib_control_cov only_listed = {.soa = &listed};
    struct ib_control_cov only_retired = {.soa = &listed, .docs = docs,
                                          .ndocs = 1};
    assert_int_equal(ib_pages_controls_applicability(&bare),
                     IB_APPLIC_UNDECIDED);
    assert_int_equal(ib_pages_controls_applicability(&only_listed),
                     IB_APPLIC_UNDECIDED);
    /* A retired document implements nothing any more. */
    assert_int_equal(ib_pages_controls_applicability(&only_retired),
                     IB_APPLIC_UNDECIDED);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_excluded_wins),
        cmocka_unit_test(test_soa_decision_makes_applicable),
        cmocka_unit_test(test_documents_make_applicable),
        cmocka_unit_test(test_undecided),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
