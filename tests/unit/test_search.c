/* SPDX-License-Identifier: MIT */
/* Unit tests for search.c: words, excerpts and the A–Z order. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "search.h"

/* The words ADD writes after SEE was seen, as one string. */
static void
assert_words(const char *see, const char *add, const char *want)
{
    struct ib_search_words *w = ib_search_words_new(1 << 20);
    struct ib_buf out;
    ib_buf_init(&out);
    if (see)
        ib_search_words_see(w, see);
    ib_search_words_add(w, add, &out);
    assert_string_equal(ib_buf_cstr(&out), want);
    ib_buf_fini(&out);
    ib_search_words_free(w);
}

static void
test_words(void **state)
{
    (void)state;
    /* Lowercased, each once, one-letter words dropped. */
    assert_words(NULL, "Access control: the Access Control Policy, a rule.",
                 "access control the policy rule");
    /* Ids, control numbers and versions stay whole; a joiner at the end
       of a word or doubled does not join. */
    assert_words(NULL,
                 "See A.5.15 and POL-003 (v2.1); ISO/IEC 27001:2022. "
                 "end. x--y e-mail_address",
                 "see a.5.15 and pol-003 v2.1 iso/iec 27001:2022 end "
                 "e-mail_address");
    /* Nordic letters lowercase and keep their accents; typographic
       punctuation ends a word. */
    assert_words(NULL, "ÅRSHJUL — Ærø «Øst» Straße naïve ΑΣΦΑΛΕΙΑ Доступ",
                 "årshjul ærø øst straße naïve ασφαλεια доступ");
    /* Seen words (title, headings) are not repeated. */
    assert_words("Access Control Policy", "The access control policy applies.",
                 "the applies");
    /* Invalid UTF-8 separates words; over-long words are dropped. */
    char longw[80];
    memset(longw, 'x', 65);
    longw[65] = 0;
    char text[120];
    snprintf(text, sizeof text,
             "ab\xff"
             "cd %s ok",
             longw);
    assert_words(NULL, text, "ab cd ok");
    /* 64 bytes is the longest word kept, whether one run or runs joined;
       a longer one is dropped whole, its runs after a joiner too. */
    char w64[65], joined[70], over[100], line[200];
    memset(w64, 'y', 64);
    w64[64] = 0;
    snprintf(joined, sizeof joined, "%.31s-%.32s", w64, w64);
    snprintf(over, sizeof over, "%.40s.%.40s", w64, w64);
    snprintf(line, sizeof line, "a1 %s b2 %s c3", w64, over);
    char want[120];
    snprintf(want, sizeof want, "a1 %s b2 c3", w64);
    assert_words(NULL, line, want);
    snprintf(line, sizeof line, "%s Zz", joined);
    snprintf(want, sizeof want, "%s zz", joined);
    assert_words(NULL, line, want);
}

static void
test_words_sections_and_cap(void **state)
{
    (void)state;
    struct ib_search_words *w = ib_search_words_new(16);
    struct ib_buf a, b;
    ib_buf_init(&a);
    ib_buf_init(&b);
    ib_search_words_add(w, "alpha beta", &a);
    ib_search_words_add(w, "beta gamma delta epsilon", &b);
    /* beta went to the first section; the budget of 16 bytes holds
       "alpha beta" (10), " gamma" would make 16, " delta" no more. */
    assert_string_equal(ib_buf_cstr(&a), "alpha beta");
    assert_string_equal(ib_buf_cstr(&b), "gamma");
    /* A new document starts afresh. */
    ib_search_words_clear(w);
    ib_buf_reset(&a);
    ib_search_words_add(w, "beta beta", &a);
    assert_string_equal(ib_buf_cstr(&a), "beta");
    ib_buf_fini(&a);
    ib_buf_fini(&b);
    ib_search_words_free(w);
    ib_search_words_free(NULL);
}

static void
test_words_many(void **state)
{
    (void)state;
    /* Enough distinct words to make the table grow several times. */
    struct ib_search_words *w = ib_search_words_new(1 << 20);
    struct ib_buf text, out;
    ib_buf_init(&text);
    ib_buf_init(&out);
    for (int i = 0; i < 5000; i++)
        ib_buf_printf(&text, "w%d w%d ", i, i / 2);
    ib_search_words_add(w, ib_buf_cstr(&text), &out);
    size_t words = 1;
    for (size_t i = 0; i < out.len; i++)
        words += out.data[i] == ' ';
    assert_int_equal(words, 5000);
    ib_buf_fini(&text);
    ib_buf_fini(&out);
    ib_search_words_free(w);
}

/*
 * The words of TEXT as search.h defines them, a byte at a time, for
 * texts of ASCII and "é" only (the one two-byte letter): the long way
 * that next_word's eight-at-a-time reading must agree with.
 */
static bool
ref_letter(const char *s, size_t n, size_t *len)
{
    *len = 1;
    if (n >= 2 && (unsigned char)s[0] == 0xC3 &&
        ((unsigned char)s[1] == 0xA9 || (unsigned char)s[1] == 0x89)) {
        *len = 2;
        return true;
    }
    unsigned char c = (unsigned char)s[0];
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static void
ref_words(const char *text, struct ib_buf *out)
{
    size_t n = strlen(text), i = 0, len;
    struct ib_buf word, seen;
    ib_buf_init(&word);
    ib_buf_init(&seen);
    ib_buf_putc(&seen, ' ');
    while (i <= n) {
        bool letter = i < n && ref_letter(text + i, n - i, &len);
        if (letter) {
            for (size_t k = 0; k < len; k++) {
                unsigned char c = (unsigned char)text[i + k];
                /* É (C3 89) lowercases to é (C3 A9). */
                ib_buf_putc(&word, len == 2 && k == 1   ? 0xA9
                                   : c >= 'A' && c <= 'Z' ? c | 0x20
                                                          : c);
            }
            i += len;
            continue;
        }
        size_t next;
        if (i + 1 < n && word.len && strchr(".-_/:", text[i]) &&
            ref_letter(text + i + 1, n - i - 1, &next)) {
            ib_buf_putc(&word, text[i]);
            i++;
            continue;
        }
        if (word.len > 1 && word.len <= 64) {
            /* SEEN is " w1 w2 ... ", so " word " is found only whole. */
            struct ib_buf key;
            ib_buf_init(&key);
            ib_buf_printf(&key, " %s ", ib_buf_cstr(&word));
            if (!strstr(ib_buf_cstr(&seen), ib_buf_cstr(&key))) {
                ib_buf_put(&seen, key.data + 1, key.len - 1);
                if (out->len)
                    ib_buf_putc(out, ' ');
                ib_buf_put(out, word.data, word.len);
            }
            ib_buf_fini(&key);
        }
        ib_buf_reset(&word);
        i++;
    }
    ib_buf_fini(&word);
    ib_buf_fini(&seen);
}

static void
test_words_random(void **state)
{
    (void)state;
    /* Runs of letters and digits of every length around eight and 64,
       at every alignment, with the bytes that end or join words. */
    static const char *const pieces[] = {
        "a", "Z", "0", "9", "q", "@", "[", "`", "{", "/", ":", "-", ".",
        "_", " ", "\n", ",", "\x7f", "\x10", "\xc3\xa9", "\xc3\x89",
        "\xe2\x80\x94"};
    size_t npieces = sizeof pieces / sizeof *pieces;
    uint32_t seed = 12345;
    struct ib_buf text, got, want;
    ib_buf_init(&text);
    ib_buf_init(&got);
    ib_buf_init(&want);
    for (int t = 0; t < 3000; t++) {
        ib_buf_reset(&text);
        ib_buf_reset(&got);
        ib_buf_reset(&want);
        int len = t % 150;
        for (int i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            uint32_t r = seed >> 16;
            /* Mostly letters, in runs up to 80 long. */
            if (r % 4 != 0) {
                for (uint32_t k = 0; k < 1 + r % 80 / (r % 3 + 1); k++)
                    ib_buf_putc(&text, "aBc7xYz0"[(r + k) % 8]);
            } else {
                ib_buf_puts(&text, pieces[r / 4 % npieces]);
            }
        }
        struct ib_search_words *w = ib_search_words_new(1 << 20);
        ib_search_words_add(w, ib_buf_cstr(&text), &got);
        ib_search_words_free(w);
        ref_words(ib_buf_cstr(&text), &want);
        if (strcmp(ib_buf_cstr(&got), ib_buf_cstr(&want)) != 0)
            fail_msg("text \"%s\":\n got \"%s\"\nwant \"%s\"",
                     ib_buf_cstr(&text), ib_buf_cstr(&got),
                     ib_buf_cstr(&want));
    }
    ib_buf_fini(&text);
    ib_buf_fini(&got);
    ib_buf_fini(&want);
}

static void
assert_excerpt(const char *text, size_t max, const char *want)
{
    struct ib_buf b;
    ib_buf_init(&b);
    ib_search_excerpt(text, max, &b);
    assert_string_equal(ib_buf_cstr(&b), want);
    ib_buf_fini(&b);
}

static void
test_excerpt(void **state)
{
    (void)state;
    assert_excerpt("short text", 10, "short text");
    assert_excerpt("one two three", 9, "one two…");
    assert_excerpt("one two three", 7, "one two…");
    assert_excerpt("one two  three", 8, "one two…");
    /* No space: cut at a character boundary, never inside "å". */
    assert_excerpt("xåå", 2, "x…");
    assert_excerpt("åååå", 4, "åå…");
}

static void
assert_letter(const char *title, const char *lang, int rank, const char *label,
              const char *anchor)
{
    struct ib_search_letter l = ib_search_letter(title, lang);
    assert_int_equal(l.rank, rank);
    assert_string_equal(l.label, label);
    assert_string_equal(l.anchor, anchor);
}

static void
test_letter(void **state)
{
    (void)state;
    assert_letter("access", "en", 1, "A", "a");
    assert_letter("  «Zebra»", "en", 26, "Z", "z");
    assert_letter("2FA guide", "en", 0, "0–9", "digits");
    assert_letter("— ", "en", 30, "#", "other");
    assert_letter("Доступ", "en", 30, "#", "other");
    /* Å is a letter of its own in Nordic languages only. */
    assert_letter("Årshjul", "en", 1, "A", "a");
    assert_letter("Årshjul", "da", 29, "Å", "aa");
    assert_letter("årshjul", "nb-NO", 29, "Å", "aa");
    assert_letter("Årshjul", "sv", 27, "Å", "aa");
    assert_letter("Ärende", "sv", 28, "Ä", "ae");
    assert_letter("Ärende", "da", 27, "Æ", "ae");
    assert_letter("Østjylland", "da", 28, "Ø", "oe");
    assert_letter("Østjylland", "SV_se", 29, "Ö", "oe");
    assert_letter("Éclair", "da", 5, "E", "e");
    assert_letter("Þing", "en", 20, "T", "t");
}

/* Sorts TITLES (NULL-terminated) by key in LANG and checks the order. */
static int
key_cmp(const char *a, const char *b, const char *lang)
{
    struct ib_buf x, y;
    ib_buf_init(&x);
    ib_buf_init(&y);
    ib_search_sort_key(a, lang, &x);
    ib_search_sort_key(b, lang, &y);
    size_t n = x.len < y.len ? x.len : y.len;
    int c = memcmp(ib_buf_cstr(&x), ib_buf_cstr(&y), n);
    if (!c)
        c = (x.len > y.len) - (x.len < y.len);
    ib_buf_fini(&x);
    ib_buf_fini(&y);
    return c;
}

static void
test_sort_key(void **state)
{
    (void)state;
    /* Case, accents and punctuation do not count; a space sorts first. */
    assert_true(key_cmp("access", "Access", "en") == 0);
    assert_true(key_cmp("Access control", "Accessibility", "en") < 0);
    assert_true(key_cmp("Access", "Access control", "en") < 0);
    assert_true(key_cmp("Café", "cafe", "en") == 0);
    assert_true(key_cmp("«Backup»", "backup", "en") == 0);
    assert_true(key_cmp("2FA", "Access", "en") < 0);
    assert_true(key_cmp("Æble", "Aebler", "en") < 0);
    /* Danish: Z < Æ < Ø < Å; Swedish: Z < Å < Ä < Ö. */
    assert_true(key_cmp("Zone", "Æble", "da") < 0);
    assert_true(key_cmp("Æble", "Ørsted", "da") < 0);
    assert_true(key_cmp("Ørsted", "Årshjul", "da") < 0);
    assert_true(key_cmp("Årshjul", "Arkiv", "en") > 0);
    assert_true(key_cmp("Årshjul", "Arkiv", "da") > 0);
    assert_true(key_cmp("Årshjul", "Zon", "en") < 0);
    assert_true(key_cmp("Zon", "Åtkomst", "sv") < 0);
    assert_true(key_cmp("Åtkomst", "Ärende", "sv") < 0);
    assert_true(key_cmp("Ärende", "Öppen", "sv") < 0);
    /* Other scripts come after every Latin letter. */
    assert_true(key_cmp("Zzz", "Доступ", "en") < 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_words_sections_and_cap),
        cmocka_unit_test(test_words_many),
        cmocka_unit_test(test_words_random),
        cmocka_unit_test(test_excerpt),
        cmocka_unit_test(test_letter),
        cmocka_unit_test(test_sort_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
