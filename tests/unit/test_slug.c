/* SPDX-License-Identifier: MIT */
/* Unit tests for slug.c: safe names for tag, audience and owner pages. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "arena.h"
#include "slug.h"

static struct ib_arena *arena;

static void
assert_slug(const char *in, const char *want)
{
    assert_string_equal(ib_slug(arena, in), want);
}

static void
test_ascii(void **state)
{
    (void)state;
    assert_slug("all-staff", "all-staff");
    assert_slug("Remote Work", "remote-work");
    assert_slug("  --Remote   Work!!  ", "remote-work");
    assert_slug("jane.doe", "jane-doe");
    assert_slug("it_lead", "it_lead");
    assert_slug("ISO 27001:2022", "iso-27001-2022");
    assert_slug("2026", "2026");
}

static void
test_nordic_letters(void **state)
{
    (void)state;
    assert_slug("R\xc3\xa6kkef\xc3\xb8lge", "raekkefoelge");     /* æ ø */
    assert_slug("\xc3\x85rlig gennemgang", "aarlig-gennemgang"); /* Å */
    assert_slug("S\xc3\xa4kerhet f\xc3\xb6r alla", "saekerhet-foer-alla");
    assert_slug("\xc3\x98STERGAARD", "oestergaard");
    assert_slug("Stra\xc3\x9f"
                "e",
                "strasse");
    assert_slug("caf\xc3\xa9", "cafe");
    assert_slug("\xc5\xa0koda", "skoda");
}

/* Latin letters with diacritics beyond Latin-1 are spelled in ASCII too:
 * Latin Extended-A whole, and the common letters of Extended-B. */
static void
test_latin_extended(void **state)
{
    (void)state;
    assert_slug("Bezpiecze\xc5\x84stwo", "bezpieczenstwo"); /* ń */
    assert_slug("\xc5\x81\xc3\xb3"
                "d\xc5\xba office",
                "lodz-office");           /* Łódź */
    assert_slug("\xc5\x8csaka", "osaka"); /* Ō */
    assert_slug("\xc5\x81ukasz", "lukasz");
    assert_slug("Z\xc3\xbcrich", "zuerich");
    assert_slug("S\xc3\xa9"
                "curit\xc3\xa9",
                "securite");
    assert_slug("\xc4\x8c"
                "esk\xc3\xbd \xc5\x99\xc3\xa1"
                "d",
                "cesky-rad");
    assert_slug("\xc4\xb0stanbul \xc4\x9f\xc4\xb1", "istanbul-gi"); /* İ ğ ı */
    assert_slug("Gda\xc5\x84sk \xc5\xbb\xc3\xb3\xc5\x82w", "gdansk-zolw");
    assert_slug("\xc5\x90r \xc5\xb1r", "or-ur"); /* Hungarian Ő ű */
    assert_slug("\xc4\x90or\xc4\x91"
                "e",
                "dorde");                                        /* Đ đ */
    assert_slug("\xc5\x8a\xc5\x8b \xc5\xa6\xc5\xa7", "ngng-tt"); /* Sámi */
    assert_slug("\xc5\x92uvre \xc4\xb2s", "oeuvre-ijs");
    assert_slug("\xc5\xbf", "s");          /* long s */
    assert_slug("\xc4\x80\xc5\xbe", "az"); /* first and last but one */
    /* Extended-B: Romanian, Skolt Sámi, Vietnamese, pinyin, Nordic. */
    assert_slug("Bra\xc8\x99ov \xc8\x9a", "brasov-t");
    assert_slug("\xc7\xa7\xc7\xa9\xc7\xaf\xc7\xa5", "gkzg");
    assert_slug("\xc6\xa0\xc6\xb0", "ou");
    assert_slug("n\xc7\x9a", "nue");
    assert_slug("\xc7\xbd\xc7\xbf\xc7\xbb", "aeoeaa"); /* ǽ ǿ ǻ */
    assert_slug("\xc7\x86", "dz");
    assert_slug("\xc2\xaa \xc2\xba", "a-o"); /* ordinal indicators */
    /* Letters with no ASCII base stay distinct, as other scripts do. */
    assert_slug("\xc6\xbf", "u1bf"); /* wynn */
    assert_slug("\xc7\x83", "u1c3"); /* a click letter */
}

static void
test_never_unsafe(void **state)
{
    (void)state;
    assert_slug("../../etc/passwd", "etc-passwd");
    assert_slug("a/b\\c", "a-b-c");
    assert_slug("<script>", "script");
    assert_slug("", "x");
    assert_slug("!!! ---", "x");
    assert_slug("\xc2\xab \xc2\xbb", "x"); /* « » */
    assert_slug("a\xe2\x80\x94"
                "b",
                "a-b"); /* em dash */
    assert_slug("bad\xff"
                "byte",
                "bad-byte");
    /* Other scripts stay distinct rather than vanish. */
    assert_slug("\xe4\xb8\xad\xe6\x96\x87", "u4e2du6587");
    const char *s = ib_slug(arena, "\xe4\xb8\xad");
    assert_string_not_equal(s, ib_slug(arena, "\xe6\x96\x87"));
}

static void
test_reserved_names(void **state)
{
    (void)state;
    assert_slug("index", "index_");
    assert_slug("Index", "index_");
    assert_slug("indexes", "indexes");
    assert_slug("CON", "con_");
    assert_slug("nul", "nul_");
    assert_slug("lpt1", "lpt1_");
    assert_slug("com9", "com9_");
    assert_slug("com10", "com10");
    assert_slug("console", "console");
}

static void
test_length_cap(void **state)
{
    (void)state;
    char in[300];
    memset(in, 'a', sizeof in - 1);
    in[sizeof in - 1] = '\0';
    assert_int_equal(strlen(ib_slug(arena, in)), 64);
    /* Words are not cut in half, and no separator dangles at the end. */
    char words[200] = "";
    for (int i = 0; i < 20; i++)
        strcat(words, "abcdefgh ");
    const char *s = ib_slug(arena, words);
    assert_true(strlen(s) <= 64);
    assert_int_not_equal(s[strlen(s) - 1], '-');
    assert_string_equal(s, "abcdefgh-abcdefgh-abcdefgh-abcdefgh-abcdefgh-"
                           "abcdefgh-abcdefgh");
}

static int
setup(void **state)
{
    (void)state;
    arena = ib_arena_new();
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    ib_arena_free(arena);
    return 0;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ascii),
        cmocka_unit_test(test_nordic_letters),
        cmocka_unit_test(test_latin_extended),
        cmocka_unit_test(test_never_unsafe),
        cmocka_unit_test(test_reserved_names),
        cmocka_unit_test(test_length_cap),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
