/* SPDX-License-Identifier: MIT */
/* Unit tests for the pattern search (pattern.c): ib_pattern_find finds
 * what trying ib_pattern_match at every offset finds. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "pattern.h"

/* The search as Lua's string.find does it, one offset at a time. */
static enum ib_pattern_result
naive(const char *s, const char *p, size_t at, int anchor, size_t *start,
      struct ib_pattern_match *m)
{
    size_t slen = strlen(s), plen = strlen(p);
    for (size_t i = at; i <= slen; i++) {
        unsigned long long budget = 1000000;
        enum ib_pattern_result r =
            ib_pattern_match(s, slen, p, plen, i, &budget, m);
        if (r != IB_PATTERN_NOMATCH) {
            *start = i;
            return r;
        }
        if (anchor)
            break;
    }
    return IB_PATTERN_NOMATCH;
}

static void
test_same_as_every_offset(void **state)
{
    (void)state;
    static const char *const subjects[] = {
        "",
        "TODO",
        "a TODO here, TBD there",
        "TODOS and XTODO but not TODO",
        "]]] a]b [x] %%",
        "aaa-bbb ccc",
        "Ånd ÆØÅ TODO",
        "line\nTODO\n",
    };
    static const char *const patterns[] = {
        "%f[%w]TODO%f[%W]", "%f[%w]TBD%f[%W]", "TODO", "T+", "T*", "T?O",
        "T-O", "%f[%a]%a+", "]", "%f[%w]]", "%f[%S]b", "a$", "b+",
        "%f[^%s]c", "(T)(O)", "%f[%w]", "", "x%f[%w]", ".",
    };
    for (size_t i = 0; i < sizeof subjects / sizeof *subjects; i++) {
        for (size_t j = 0; j < sizeof patterns / sizeof *patterns; j++) {
            const char *s = subjects[i], *p = patterns[j];
            for (size_t at = 0; at <= strlen(s); at++) {
                for (int anchor = 0; anchor < 2; anchor++) {
                    struct ib_pattern_match a, b;
                    size_t sa = 99, sb = 99;
                    unsigned long long budget = 1000000;
                    enum ib_pattern_result ra =
                        naive(s, p, at, anchor, &sa, &a);
                    enum ib_pattern_result rb =
                        ib_pattern_find(s, strlen(s), p, strlen(p), at,
                                        anchor, &budget, &b, &sb);
                    if (ra != rb)
                        fail_msg("'%s' in '%s' at %zu: %d, not %d", p, s, at,
                                 rb, ra);
                    if (ra == IB_PATTERN_MATCH) {
                        assert_int_equal(sa, sb);
                        assert_int_equal(a.end, b.end);
                        assert_int_equal(a.ncap, b.ncap);
                    }
                }
            }
        }
    }
}

static void
test_errors_and_budget(void **state)
{
    (void)state;
    struct ib_pattern_match m;
    size_t start;
    unsigned long long budget = 1000;
    assert_int_equal(ib_pattern_find("abc", 3, "%f[%w", 5, 0, 0, &budget,
                                     &m, &start),
                     IB_PATTERN_ERROR);
    assert_non_null(strstr(m.error, "missing ']'"));
    static const char *const many_a = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    budget = 1000;
    assert_int_equal(ib_pattern_find(many_a, strlen(many_a), "a*a*a*a*a*b",
                                     11, 0, 0, &budget, &m, &start),
                     IB_PATTERN_EXHAUSTED);
    budget = 1000;
    assert_int_equal(ib_pattern_find("xxTODO", 6, "%f[%w]TODO", 10, 0, 0,
                                     &budget, &m, &start),
                     IB_PATTERN_NOMATCH); /* xxTODO is one word */
    assert_int_equal(ib_pattern_find("x TODO", 6, "%f[%w]TODO", 10, 0, 0,
                                     &budget, &m, &start),
                     IB_PATTERN_MATCH);
    assert_int_equal(start, 2);
    assert_int_equal(m.end, 6);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_every_offset),
        cmocka_unit_test(test_errors_and_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
