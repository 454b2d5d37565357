/* SPDX-License-Identifier: MIT */
/* Tests for i18n.c: UI-string tables, fallback, plurals, findings, and the
 * default theme's tables being complete in every language. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "i18n.h"
#include "mustache.h"
#include "val.h"

static const char en_yaml[] = "language_name: English\n"
                              "save: Save\n"
                              "cancel: Cancel\n"
                              "days:\n"
                              "  one: '{{n}} day'\n"
                              "  other: '{{n}} days'\n"
                              "greeting: 'Hello <b>{{name}}</b> & welcome'\n";

static const char da_yaml[] = "language_name: Dansk\n"
                              "save: Gem\n"
                              "days:\n"
                              "  one: '{{n}} dag'\n"
                              "  other: '{{n}} dage'\n";

/* A set with English and Danish, finished without findings. */
static struct ib_i18n *
en_da(void)
{
    struct ib_diag *d = ib_diag_new();
    struct ib_i18n *t = ib_i18n_new();
    assert_int_equal(
        ib_i18n_add(t, "da", "i18n/da.yaml", da_yaml, strlen(da_yaml), d), 0);
    assert_int_equal(
        ib_i18n_add(t, "en", "i18n/en.yaml", en_yaml, strlen(en_yaml), d), 0);
    assert_int_equal(ib_i18n_finish(t, "i18n/en.yaml", d), 0);
    assert_int_equal(ib_diag_count(d), 0);
    ib_diag_free(d);
    return t;
}

static void
test_lookup_falls_back_key_by_key(void **state)
{
    (void)state;
    struct ib_i18n *t = en_da();
    assert_string_equal(ib_i18n_get(t, "da", "save"), "Gem");
    /* Danish lacks "cancel": English fills it in. */
    assert_string_equal(ib_i18n_get(t, "da", "cancel"), "Cancel");
    assert_string_equal(ib_i18n_get(t, "en", "save"), "Save");
    /* A region falls back to its language, an unknown language to
     * English, a key no table has to the key itself. */
    assert_string_equal(ib_i18n_get(t, "da-DK", "save"), "Gem");
    assert_string_equal(ib_i18n_get(t, "da_DK", "save"), "Gem");
    assert_string_equal(ib_i18n_get(t, "de", "save"), "Save");
    assert_string_equal(ib_i18n_get(t, NULL, "save"), "Save");
    assert_string_equal(ib_i18n_get(t, "da", "no_such_key"), "no_such_key");
    assert_string_equal(ib_i18n_lang(t, "da-DK"), "da");
    assert_string_equal(ib_i18n_lang(t, "sv"), "en");
    /* The merged table the templates get has every key. */
    const struct ib_val *m = ib_i18n_table(t, "da");
    assert_string_equal(ib_val_get(m, "save")->str, "Gem");
    assert_string_equal(ib_val_get(m, "cancel")->str, "Cancel");
    /* The file's own table has only its keys. */
    assert_null(ib_val_get(ib_i18n_own(t, "da"), "cancel"));
    assert_null(ib_i18n_own(t, "sv"));
    ib_i18n_free(t);
}

static void
test_norwegian_is_bokmal(void **state)
{
    (void)state;
    static const char nb[] = "save: Lagre\n";
    struct ib_diag *d = ib_diag_new();
    struct ib_i18n *t = ib_i18n_new();
    ib_i18n_add(t, "en", "en.yaml", en_yaml, strlen(en_yaml), d);
    ib_i18n_add(t, "nb", "nb.yaml", nb, strlen(nb), d);
    assert_int_equal(ib_i18n_finish(t, "en.yaml", d), 0);
    assert_string_equal(ib_i18n_get(t, "no", "save"), "Lagre");
    assert_string_equal(ib_i18n_get(t, "nb-NO", "save"), "Lagre");
    assert_string_equal(ib_i18n_get(t, "nn", "save"), "Save");
    ib_i18n_free(t);
    ib_diag_free(d);
}

static void
test_plural_forms(void **state)
{
    (void)state;
    struct ib_i18n *t = en_da();
    assert_string_equal(ib_i18n_plural(t, "da", "days", 1), "{{n}} dag");
    assert_string_equal(ib_i18n_plural(t, "da", "days", 0), "{{n}} dage");
    assert_string_equal(ib_i18n_plural(t, "da", "days", 14), "{{n}} dage");
    assert_string_equal(ib_i18n_plural(t, "en", "days", -1), "{{n}} days");
    /* ib_i18n_get gives "other"; a plain text serves every count. */
    assert_string_equal(ib_i18n_get(t, "en", "days"), "{{n}} days");
    assert_string_equal(ib_i18n_plural(t, "da", "save", 1), "Gem");
    /* A page looks its strings up in its language's table. */
    const struct ib_val *da = ib_i18n_table(t, "da-DK");
    assert_string_equal(ib_i18n_pick(da, "days", 1), "{{n}} dag");
    assert_string_equal(ib_i18n_pick(da, "days", 2), "{{n}} dage");
    assert_string_equal(ib_i18n_pick(da, "save", 1), "Gem");
    assert_string_equal(ib_i18n_pick(da, "no_such_key", 1), "no_such_key");
    ib_i18n_free(t);
}

static void
test_format_fills_in_names(void **state)
{
    (void)state;
    struct ib_arena *a = ib_arena_new();
    const char *const vars[] = {"n", "14", "date", "2026-12-15", NULL};
    assert_string_equal(
        ib_i18n_format(a, "due {{date}} (in {{ n }} days)", vars),
        "due 2026-12-15 (in 14 days)");
    /* Unknown names stay as written; values are not expanded again. */
    const char *const odd[] = {"x", "{{n}}", NULL};
    assert_string_equal(ib_i18n_format(a, "{{x}} {{y}} {{", odd),
                        "{{n}} {{y}} {{");
    assert_string_equal(ib_i18n_format(a, "plain", NULL), "plain");
    ib_arena_free(a);
}

static void
test_language_names(void **state)
{
    (void)state;
    struct ib_i18n *t = en_da();
    assert_string_equal(ib_i18n_language_name(t, "da"), "Dansk");
    assert_string_equal(ib_i18n_language_name(t, "da-DK"), "Dansk");
    assert_string_equal(ib_i18n_language_name(t, "en"), "English");
    /* Never English's name for another language: built-in, else code. */
    assert_string_equal(ib_i18n_language_name(t, "sv"), "Svenska");
    assert_string_equal(ib_i18n_language_name(t, "nb"), "Norsk bokmål");
    assert_string_equal(ib_i18n_language_name(t, "xq"), "xq");
    ib_i18n_free(t);
}

static void
test_is_language(void **state)
{
    (void)state;
    assert_true(ib_i18n_is_language("da"));
    assert_true(ib_i18n_is_language("nb-NO"));
    assert_true(ib_i18n_is_language("fil"));
    assert_true(ib_i18n_is_language("en_GB"));
    assert_false(ib_i18n_is_language("EN"));
    assert_false(ib_i18n_is_language("d"));
    assert_false(ib_i18n_is_language("danish"));
    assert_false(ib_i18n_is_language("da-"));
    assert_false(ib_i18n_is_language(""));
}

/* lang attributes take BCP 47 tags: a locale's '_' becomes '-'; a value
 * that is no language tag stays as written, for its finding. */
static void
test_language_tag(void **state)
{
    (void)state;
    struct ib_arena *a = ib_arena_new();
    const char *da = "da", *bad = "da_";
    assert_ptr_equal(ib_i18n_language_tag(a, da), da);
    assert_string_equal(ib_i18n_language_tag(a, "nb-NO"), "nb-NO");
    assert_string_equal(ib_i18n_language_tag(a, "nb_NO"), "nb-NO");
    assert_string_equal(ib_i18n_language_tag(a, "en_GB"), "en-GB");
    /* One language however its region is written. */
    const char *no = "nb-NO";
    assert_ptr_equal(ib_i18n_language_tag(a, no), no);
    assert_string_equal(ib_i18n_language_tag(a, "nb-no"), "nb-NO");
    assert_string_equal(ib_i18n_language_tag(a, "nb_no"), "nb-NO");
    assert_string_equal(ib_i18n_language_tag(a, "sr_latn"), "sr-Latn");
    assert_string_equal(ib_i18n_language_tag(a, "es-419"), "es-419");
    assert_string_equal(ib_i18n_language_tag(a, "de-1996X"), "de-1996x");
    assert_ptr_equal(ib_i18n_language_tag(a, bad), bad);
    ib_arena_free(a);
}

/* Adds TEXT as language LANG; returns the findings as one string,
 * "file:line:col: rule: message" per line. */
static char *
findings_of(const char *lang, const char *text)
{
    struct ib_diag *d = ib_diag_new();
    struct ib_i18n *t = ib_i18n_new();
    ib_i18n_add(t, lang, "themes/x/i18n/da.yaml", text, strlen(text), d);
    struct ib_buf b;
    ib_buf_init(&b);
    for (size_t i = 0; i < ib_diag_count(d); i++) {
        const struct ib_finding *f = ib_diag_get(d, i);
        ib_buf_printf(&b, "%s:%u:%u: %s: %s\n", f->loc.file, f->loc.line,
                      f->loc.col, f->rule, f->msg);
    }
    ib_i18n_free(t);
    ib_diag_free(d);
    return ib_buf_take(&b);
}

static void
assert_finding(const char *lang, const char *text, const char *want)
{
    char *got = findings_of(lang, text);
    if (!strstr(got, want))
        fail_msg("findings\n%s lack\n%s", got, want);
    free(got);
}

static void
test_bad_files_are_findings(void **state)
{
    (void)state;
    assert_finding("da", "save: [Gem\n",
                   "themes/x/i18n/da.yaml:1:7: yaml-syntax:");
    assert_finding("da", "- Gem\n",
                   "themes/x/i18n/da.yaml:1:1: field-type: "
                   "UI strings must be a map");
    assert_finding("da", "save: Gem\ncancel: [a, b]\n",
                   "themes/x/i18n/da.yaml:2:9: field-type: 'cancel' must be "
                   "a text, or a map of plural forms");
    assert_finding("da", "days:\n  one: x\n  few: y\n  other: z\n",
                   ":3:3: field-type: 'days' has plural forms other than");
    assert_finding("da", "days:\n  one: x\n",
                   ":2:3: field-type: 'days' needs the plural form 'other'");
    assert_finding("da", "save:\n", ":1:6: field-type: 'save' has no text");
    assert_finding("da", "save: 'Gem {{#x}} nu'\n",
                   "themes/x/i18n/da.yaml:1:7: template-syntax: the text of "
                   "'save' is not a valid template:");
    assert_finding("da", "a.b: Gem\n",
                   ":1:1: field-type: 'a.b' is not a usable key");
    assert_finding("Danish", "save: Gem\n",
                   "themes/x/i18n/da.yaml:0:0: field-type: 'Danish' is not a "
                   "language code");
    char *none = findings_of("da", "save: Gem\nyear: 2026\n");
    assert_string_equal(none, "");
    free(none);
}

static void
test_finish_needs_english(void **state)
{
    (void)state;
    struct ib_diag *d = ib_diag_new();
    struct ib_i18n *t = ib_i18n_new();
    ib_i18n_add(t, "da", "i18n/da.yaml", da_yaml, strlen(da_yaml), d);
    assert_int_equal(ib_i18n_finish(t, "themes/x/i18n/en.yaml", d), -1);
    assert_int_equal(ib_diag_count(d), 1);
    const struct ib_finding *f = ib_diag_get(d, 0);
    assert_string_equal(f->rule, "template-error");
    assert_string_equal(f->loc.file, "themes/x/i18n/en.yaml");
    /* Lookups still answer, with the key. */
    assert_string_equal(ib_i18n_get(t, "da", "save"), "save");
    ib_i18n_free(t);
    ib_diag_free(d);
}

static void
test_unknown_key_is_a_warning_with_a_suggestion(void **state)
{
    (void)state;
    static const char da[] = "save: Gem\ncancle: Annuller\n";
    struct ib_diag *d = ib_diag_new();
    struct ib_i18n *t = ib_i18n_new();
    ib_i18n_add(t, "en", "en.yaml", en_yaml, strlen(en_yaml), d);
    ib_i18n_add(t, "da", "da.yaml", da, strlen(da), d);
    assert_int_equal(ib_i18n_finish(t, "en.yaml", d), 0);
    assert_int_equal(ib_diag_count(d), 1);
    const struct ib_finding *f = ib_diag_get(d, 0);
    assert_int_equal(f->sev, IB_SEV_WARNING);
    assert_string_equal(f->rule, "field-unknown");
    assert_int_equal(f->loc.line, 2);
    assert_non_null(strstr(f->msg, "did you mean 'cancel'?"));
    ib_i18n_free(t);
    ib_diag_free(d);
}

/* A base such as ismsbook's built-in English: texts for keys a theme's
 * English may lack. */
static const char base_yaml[] = "language_name: English\n"
                                "save: Save\n"
                                "cancel: Cancel\n"
                                "nav_home: Home\n"
                                "status_draft: Draft\n"
                                "type_policy: Policy\n"
                                "footer: 'Made by <b>{{site.generator}}</b>'\n";

/* English and Danish of a theme whose English lacks most of the base. */
static struct ib_i18n *
with_base(struct ib_diag *d)
{
    static const char en[] = "save: Keep\nown_key: Mine\n";
    static const char da[] = "save: Gem\ncancel: Annuller\nnav_home: Hjem\n";
    struct ib_i18n *t = ib_i18n_new();
    assert_int_equal(
        ib_i18n_add(t, "en", "themes/x/i18n/en.yaml", en, strlen(en), d), 0);
    assert_int_equal(
        ib_i18n_add(t, "da", "themes/x/i18n/da.yaml", da, strlen(da), d), 0);
    assert_int_equal(ib_i18n_set_base(t, "en", "<built-in>/i18n/en.yaml",
                                      base_yaml, strlen(base_yaml), d),
                     0);
    assert_int_equal(ib_i18n_finish(t, "themes/x/i18n/en.yaml", d), 0);
    return t;
}

/* The base fills in what the theme's English lacks, under the theme's own
 * texts; other languages fall back to that completed English. */
static void
test_base_completes_english(void **state)
{
    (void)state;
    struct ib_diag *d = ib_diag_new();
    struct ib_i18n *t = with_base(d);
    /* Danish keys only the base has are no typos. */
    assert_int_equal(ib_diag_count(d), 0);
    assert_string_equal(ib_i18n_get(t, "en", "save"), "Keep");
    assert_string_equal(ib_i18n_get(t, "en", "cancel"), "Cancel");
    assert_string_equal(ib_i18n_get(t, "en", "status_draft"), "Draft");
    assert_string_equal(ib_i18n_get(t, "en", "own_key"), "Mine");
    assert_string_equal(ib_i18n_get(t, "da", "nav_home"), "Hjem");
    assert_string_equal(ib_i18n_get(t, "da", "type_policy"), "Policy");
    assert_string_equal(ib_i18n_get(t, "da", "own_key"), "Mine");
    /* A key nobody has is still itself. */
    assert_string_equal(ib_i18n_get(t, "da", "nope"), "nope");
    const struct ib_val *en = ib_i18n_table(t, "en");
    assert_string_equal(ib_val_get(en, "type_policy")->str, "Policy");
    /* The file's own table is still the file's. */
    assert_null(ib_val_get(ib_i18n_own(t, "en"), "cancel"));
    /* A text from the base renders as a partial too. */
    struct ib_mustache *m = ib_mustache_new();
    assert_int_equal(ib_i18n_add_partials(t, m, NULL, d), 0);
    static const char tmpl[] = "{{>*t.footer}}";
    assert_int_equal(ib_mustache_add(m, "page", "page", tmpl, strlen(tmpl), d),
                     0);
    struct ib_arena *a = ib_arena_new();
    struct ib_val *ctx = ib_val_map(a);
    struct ib_val *site = ib_val_set(a, ctx, "site", ib_val_map(a));
    ib_val_set_str(a, site, "generator", "ismsbook");
    ib_val_set(a, ctx, "t", (struct ib_val *)en);
    struct ib_buf out;
    ib_buf_init(&out);
    assert_int_equal(ib_mustache_render(m, "page", ctx, &out, d), 0);
    assert_string_equal(ib_buf_cstr(&out), "Made by <b>ismsbook</b>");
    ib_buf_fini(&out);
    ib_arena_free(a);
    ib_mustache_free(m);
    ib_i18n_free(t);
    ib_diag_free(d);
}

/* Keys the English file lacks that ismsbook or the templates use are one
 * warning at the file: the first five named, in the base's order. */
static void
test_missing_keys_are_one_warning(void **state)
{
    (void)state;
    struct ib_diag *d = ib_diag_new();
    struct ib_i18n *t = with_base(d);
    /* cancel twice, and one the base lacks: not this warning's. */
    const char *used[] = {"cancel", "save", "cancel", "nope"};
    assert_int_equal(ib_i18n_report_missing(t, used, 4, d), 5);
    assert_int_equal(ib_diag_count(d), 1);
    const struct ib_finding *f = ib_diag_get(d, 0);
    assert_int_equal(f->sev, IB_SEV_WARNING);
    assert_string_equal(f->rule, "ui-string-missing");
    assert_string_equal(f->loc.file, "themes/x/i18n/en.yaml");
    assert_int_equal(f->loc.line, 0);
    /* language_name, nav_home, status_draft and type_policy are ismsbook's
     * own; footer no one uses. */
    assert_non_null(strstr(f->msg, "lacks 5 keys that ismsbook or the "
                                   "theme's templates use: language_name, "
                                   "cancel, nav_home, status_draft, "
                                   "type_policy; "));
    ib_i18n_free(t);
    ib_diag_free(d);

    /* More than five: the rest are counted. */
    d = ib_diag_new();
    struct ib_i18n *full = ib_i18n_new();
    static const char en[] = "save: Keep\n";
    static const char many[] =
        "type_plan: Plan\ntype_policy: Policy\ntype_record: Record\n"
        "types_plan: Plans\ntypes_policy: Policies\n"
        "types_record: Records\nstatus_draft: Draft\n";
    ib_i18n_add(full, "en", "en.yaml", en, strlen(en), d);
    ib_i18n_set_base(full, "en", "base.yaml", many, strlen(many), d);
    assert_int_equal(ib_i18n_finish(full, "en.yaml", d), 0);
    assert_int_equal(ib_i18n_report_missing(full, NULL, 0, d), 7);
    assert_int_equal(ib_diag_count(d), 1);
    assert_non_null(strstr(ib_diag_get(d, 0)->msg,
                           "lacks 7 keys that ismsbook or the theme's "
                           "templates use: type_plan, type_policy, "
                           "type_record, types_plan, types_policy and 2 "
                           "more; pages show ismsbook's built-in English"));
    ib_i18n_free(full);
    ib_diag_free(d);

    /* Nothing lacking, nothing reported; nor without a base. */
    d = ib_diag_new();
    t = en_da();
    assert_int_equal(ib_i18n_report_missing(t, used, 4, d), 0);
    assert_int_equal(ib_diag_count(d), 0);
    ib_i18n_free(t);
    ib_diag_free(d);
}

/* The chain of a language with a base of its own: the theme's L, the base
 * of L, the theme's English, the base of English. */
static void
test_base_of_each_language(void **state)
{
    (void)state;
    static const char en[] = "save: Keep\nown_key: Mine\nnav_home: Start\n";
    static const char da[] = "save: Gem\n";
    static const char base_da[] = "save: Gem ikke\n"
                                  "cancel: Annuller\n"
                                  "status_draft: Kladde\n"
                                  "footer: 'Lavet af {{site.generator}}'\n";
    static const char base_nb[] = "cancel: Avbryt\n";
    static const char other[] = "save: Other\n";
    struct ib_diag *d = ib_diag_new();
    struct ib_i18n *t = ib_i18n_new();
    assert_int_equal(ib_i18n_add(t, "en", "en.yaml", en, strlen(en), d), 0);
    assert_int_equal(ib_i18n_add(t, "da", "da.yaml", da, strlen(da), d), 0);
    assert_int_equal(
        ib_i18n_add(t, "nb-NO", "nb-NO.yaml", other, strlen(other), d), 0);
    assert_int_equal(ib_i18n_add(t, "sv", "sv.yaml", other, strlen(other), d),
                     0);
    assert_int_equal(
        ib_i18n_add(t, "en-GB", "en-GB.yaml", other, strlen(other), d), 0);
    assert_int_equal(
        ib_i18n_set_base(t, "en", "b/en.yaml", base_yaml, strlen(base_yaml), d),
        0);
    assert_int_equal(
        ib_i18n_set_base(t, "da", "b/da.yaml", base_da, strlen(base_da), d), 0);
    assert_int_equal(
        ib_i18n_set_base(t, "nb", "b/nb.yaml", base_nb, strlen(base_nb), d), 0);
    assert_int_equal(ib_i18n_finish(t, "en.yaml", d), 0);
    /* A key only the base of a language has is no typo either. */
    assert_int_equal(ib_diag_count(d), 0);
    assert_string_equal(ib_i18n_get(t, "da", "save"), "Gem");
    assert_string_equal(ib_i18n_get(t, "da", "cancel"), "Annuller");
    assert_string_equal(ib_i18n_get(t, "da", "status_draft"), "Kladde");
    assert_string_equal(ib_i18n_get(t, "da", "nav_home"), "Start");
    assert_string_equal(ib_i18n_get(t, "da", "own_key"), "Mine");
    assert_string_equal(ib_i18n_get(t, "da", "type_policy"), "Policy");
    assert_null(ib_val_get(ib_i18n_own(t, "da"), "cancel"));
    /* A regional table takes the base of its primary language. */
    assert_string_equal(ib_i18n_get(t, "nb-NO", "cancel"), "Avbryt");
    /* Without a base of its own, English's chain. */
    assert_string_equal(ib_i18n_get(t, "sv", "cancel"), "Cancel");
    /* English, and a variant of it, keep the theme's English over the
     * base of English, and never take another language's base. */
    assert_string_equal(ib_i18n_get(t, "en", "cancel"), "Cancel");
    assert_string_equal(ib_i18n_get(t, "en-GB", "nav_home"), "Start");
    /* A base's text renders as a partial too. */
    struct ib_mustache *m = ib_mustache_new();
    assert_int_equal(ib_i18n_add_partials(t, m, NULL, d), 0);
    static const char tmpl[] = "{{>*t.footer}}";
    assert_int_equal(ib_mustache_add(m, "page", "page", tmpl, strlen(tmpl), d),
                     0);
    struct ib_arena *a = ib_arena_new();
    struct ib_val *ctx = ib_val_map(a);
    struct ib_val *site = ib_val_set(a, ctx, "site", ib_val_map(a));
    ib_val_set_str(a, site, "generator", "ismsbook");
    ib_val_set(a, ctx, "t", (struct ib_val *)ib_i18n_table(t, "da"));
    struct ib_buf out;
    ib_buf_init(&out);
    assert_int_equal(ib_mustache_render(m, "page", ctx, &out, d), 0);
    assert_string_equal(ib_buf_cstr(&out), "Lavet af ismsbook");
    ib_buf_fini(&out);
    ib_arena_free(a);
    ib_mustache_free(m);
    ib_i18n_free(t);
    ib_diag_free(d);
}

/* Loading a theme takes the built-in table of each language it has: a key
 * its da.yaml lacks is the default theme's Danish, not English. */
static void
test_load_takes_builtin_languages(void **state)
{
    (void)state;
    static const char dir[] = "tests/e2e/cases/theme-strings-fallback/themes/"
                              "mine";
    struct ib_diag *d = ib_diag_new();
    struct ib_i18n *t = ib_i18n_new();
    assert_int_equal(ib_i18n_load(t, dir, "themes/mine", d), 0);
    assert_int_equal(ib_diag_count(d), 0);
    /* The theme's Danish, then the built-in Danish. */
    assert_string_equal(ib_i18n_get(t, "da", "nav_home"), "Forside");
    assert_string_equal(ib_i18n_get(t, "da", "type_policy"), "Politik");
    assert_string_equal(ib_i18n_get(t, "da", "types_policy"), "Politikker");
    /* The theme's English for its own key, the built-in English for
     * English, and for a language the theme lacks. */
    assert_string_equal(ib_i18n_get(t, "da", "site_motto"),
                        "Secure by default");
    assert_string_equal(ib_i18n_get(t, "en", "type_policy"), "Policy");
    assert_string_equal(ib_i18n_get(t, "sv", "type_policy"), "Policy");
    assert_string_equal(ib_i18n_lang(t, "sv"), "en");
    ib_i18n_free(t);
    ib_diag_free(d);
}

static char *
render(const struct ib_mustache *m, const char *tmpl, const struct ib_val *ctx)
{
    struct ib_buf out;
    ib_buf_init(&out);
    struct ib_diag *d = ib_diag_new();
    assert_int_equal(ib_mustache_render(m, tmpl, ctx, &out, d), 0);
    ib_diag_free(d);
    return ib_buf_take(&out);
}

static void
test_texts_render_as_partials(void **state)
{
    (void)state;
    struct ib_i18n *t = en_da();
    struct ib_diag *d = ib_diag_new();
    struct ib_mustache *m = ib_mustache_new();
    static const char page[] = "{{t.greeting}}|{{>*t.greeting}}|{{t.save}}";
    assert_int_equal(ib_mustache_add(m, "page", "page", page, strlen(page), d),
                     0);
    static const char *const reserved[] = {"page", NULL};
    assert_int_equal(ib_i18n_add_partials(t, m, reserved, d), 0);
    struct ib_arena *a = ib_arena_new();
    struct ib_val *ctx = ib_val_map(a);
    ib_val_set(a, ctx, "t", (struct ib_val *)ib_i18n_table(t, "da"));
    ib_val_set_str(a, ctx, "name", "Jens & Co");
    char *out = render(m, "page", ctx);
    /* Escaped as text; as a partial, its markup kept and NAME escaped. */
    assert_string_equal(out, "Hello &lt;b&gt;{{name}}&lt;/b&gt; &amp; welcome"
                             "|Hello <b>Jens &amp; Co</b> & welcome|Gem");
    /* The texts written have learnt whether they have markup; one not
     * written has not been looked at. */
    const struct ib_val *da = ib_i18n_table(t, "da");
    assert_int_equal(ib_val_get(da, "greeting")->html, IB_VAL_HTML_ESCAPE);
    assert_int_equal(ib_val_get(da, "save")->html, IB_VAL_HTML_PLAIN);
    assert_int_equal(ib_val_get(da, "cancel")->html, IB_VAL_HTML_UNKNOWN);
    free(out);
    ib_arena_free(a);
    ib_mustache_free(m);
    ib_diag_free(d);
    ib_i18n_free(t);
}

static void
test_text_named_like_a_template_is_refused(void **state)
{
    (void)state;
    static const char en[] = "home: home\nok: Home\n";
    struct ib_diag *d = ib_diag_new();
    struct ib_i18n *t = ib_i18n_new();
    ib_i18n_add(t, "en", "en.yaml", en, strlen(en), d);
    ib_i18n_finish(t, "en.yaml", d);
    struct ib_mustache *m = ib_mustache_new();
    ib_mustache_add(m, "home", "home", "page", 4, d);
    static const char *const reserved[] = {"doc-row", "home", NULL};
    assert_int_equal(ib_i18n_add_partials(t, m, reserved, d), -1);
    assert_int_equal(ib_diag_count(d), 1);
    assert_string_equal(ib_diag_get(d, 0)->rule, "template-error");
    assert_int_equal(ib_diag_get(d, 0)->loc.line, 1);
    /* The template is still the page. */
    struct ib_arena *a = ib_arena_new();
    char *out = render(m, "home", ib_val_map(a));
    assert_string_equal(out, "page");
    free(out);
    ib_arena_free(a);
    ib_mustache_free(m);
    ib_i18n_free(t);
    ib_diag_free(d);
}

/* The default theme: every language has every English key, and names no
 * value English does not give. */

static struct ib_i18n *
default_theme(void)
{
    struct ib_diag *d = ib_diag_new();
    struct ib_i18n *t = ib_i18n_new();
    int rc = ib_i18n_load(t, "themes/default", "themes/default", d);
    for (size_t i = 0; i < ib_diag_count(d); i++)
        print_message("%s:%u: %s\n", ib_diag_get(d, i)->loc.file,
                      ib_diag_get(d, i)->loc.line, ib_diag_get(d, i)->msg);
    assert_int_equal(rc, 0);
    assert_int_equal(ib_diag_count(d), 0);
    ib_diag_free(d);
    return t;
}

/* Whether each {{name}} of TEXT appears in REF too. */
static bool
names_known(const char *text, const char *ref)
{
    for (const char *s = strstr(text, "{{"); s; s = strstr(s + 2, "{{")) {
        const char *e = strstr(s, "}}");
        if (!e)
            return false;
        char tag[128];
        snprintf(tag, sizeof tag, "%.*s", (int)(e + 2 - s), s);
        if (!strstr(ref, tag))
            return false;
    }
    return true;
}

static const char *
all_forms(const struct ib_val *v, char *buf, size_t n)
{
    if (v->kind != IB_VAL_MAP)
        return v->str;
    snprintf(buf, n, "%s %s",
             ib_val_get(v, "one") ? ib_val_get(v, "one")->str : "",
             ib_val_get(v, "other")->str);
    return buf;
}

static void
test_default_theme_is_complete(void **state)
{
    (void)state;
    struct ib_i18n *t = default_theme();
    const struct ib_val *en = ib_i18n_own(t, "en");
    assert_non_null(en);
    static const char *const langs[] = {"da", "sv", "nb", "fi"};
    for (size_t l = 0; l < sizeof langs / sizeof *langs; l++) {
        const struct ib_val *own = ib_i18n_own(t, langs[l]);
        assert_non_null(own);
        for (size_t i = 0; i < en->n; i++) {
            const char *key = en->pairs[i].key;
            const struct ib_val *v = ib_val_get(own, key);
            if (!v)
                fail_msg("%s.yaml lacks '%s'", langs[l], key);
            char a[4096], b[4096];
            const char *text = all_forms(v, a, sizeof a);
            const char *ref = all_forms(en->pairs[i].val, b, sizeof b);
            if (!names_known(text, ref))
                fail_msg("%s.yaml: '%s' names a value English does not "
                         "give: %s",
                         langs[l], key, text);
        }
        if (own->n != en->n)
            fail_msg("%s.yaml has keys en.yaml lacks", langs[l]);
        /* Each language names itself. */
        assert_string_not_equal(ib_i18n_language_name(t, langs[l]), "English");
    }
    ib_i18n_free(t);
}

/* Reads FILE whole (NULL if it cannot). */
static char *
slurp(const char *file)
{
    FILE *f = fopen(file, "rb");
    if (!f)
        return NULL;
    struct ib_buf b;
    ib_buf_init(&b);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ib_buf_put(&b, chunk, n);
    fclose(f);
    return ib_buf_take(&b);
}

static bool
is_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* Checks that KEY is a key of EN (the default theme's English). */
static void
check_key(const struct ib_val *en, const char *file, const char *key)
{
    if (!ib_val_get(en, key))
        fail_msg("%s uses UI string '%s', which en.yaml lacks", file, key);
}

/* Checks that C code's KEY is an English key, and one of the keys
 * ismsbook says it looks up, so a theme lacking it is told. */
static void
check_code_key(const struct ib_val *en, const char *file, const char *key)
{
    check_key(en, file, key);
    const char *const *needed = ib_i18n_needed_keys();
    size_t i = 0;
    while (needed[i] && strcmp(needed[i], key) != 0)
        i++;
    if (!needed[i])
        fail_msg("%s looks up UI string '%s', which is not in i18n.c's "
                 "needed[]",
                 file, key);
}

/* Every t.KEY the default theme's templates name is an English key, and a
 * text holding markup or tags is included as a partial, so it is not
 * printed escaped. */
static void
test_templates_use_known_keys(void **state)
{
    (void)state;
    struct ib_i18n *t = default_theme();
    const struct ib_val *en = ib_i18n_own(t, "en");
    DIR *dir = opendir("themes/default/templates");
    assert_non_null(dir);
    struct dirent *e;
    size_t used = 0;
    while ((e = readdir(dir))) {
        if (!strstr(e->d_name, ".mustache"))
            continue;
        char path[512], key[128];
        snprintf(path, sizeof path, "themes/default/templates/%s", e->d_name);
        char *text = slurp(path);
        assert_non_null(text);
        for (char *s = strstr(text, "t."); s; s = strstr(s + 2, "t.")) {
            if (s == text || !strchr("{*#^/", s[-1]))
                continue;
            size_t n = 0;
            while (is_key_char(s[2 + n]) && n + 1 < sizeof key)
                n++;
            snprintf(key, sizeof key, "%.*s", (int)n, s + 2);
            check_key(en, path, key);
            used++;
            bool partial = s >= text + 4 && memcmp(s - 4, "{{>*", 4) == 0;
            const struct ib_val *v = ib_val_get(en, key);
            bool markup = v->str && strpbrk(v->str, "<&") != NULL;
            bool tags = v->str && strstr(v->str, "{{") != NULL;
            /* The search script fills in its own texts' {{tags}}. */
            bool script = strncmp(key, "search_js_", 10) == 0;
            if (!partial && (markup || (tags && !script)))
                fail_msg("%s: {{t.%s}} prints its markup or tags escaped; "
                         "write {{>*t.%s}}",
                         path, key, key);
        }
        free(text);
    }
    closedir(dir);
    assert_true(used > 100);
    ib_i18n_free(t);
}

/* The keys C code builds from a prefix and a name. */
static void
check_built_keys(const struct ib_val *en)
{
    static const char *const types[] = {"policy",    "standard", "procedure",
                                        "guideline", "plan",     "register",
                                        "record"};
    static const char *const built[] = {
        "status_draft",
        "status_approved",
        "status_retired",
        "class_public",
        "class_internal",
        "class_confidential",
        "class_restricted",
        "review_none",
        "review_current",
        "review_due_soon",
        "review_overdue",
        "interval_days",
        "interval_weeks",
        "interval_months",
        "interval_years",
        "theme_organizational",
        "theme_people",
        "theme_physical",
        "theme_technological",
        "attr_type",
        "attr_property",
        "attr_concept",
        "attr_capability",
        "attr_domain",
        "impl_not_stated",
        "impl_implemented",
        "impl_partial",
        "impl_planned",
        "impl_not_started",
        "applic_undecided",
        "applic_applicable",
        "applic_excluded",
        "state_provided",
        "state_not_approved",
        "state_missing",
        "change_approved",
        "change_reviewed",
        "kind_document",
        "kind_record",
        "nav_home",
        "nav_guidelines",
        "nav_controls",
        "nav_soa",
        "nav_reviews",
        "nav_owners",
        "language_name",
    };
    char key[64];
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        snprintf(key, sizeof key, "type_%s", types[i]);
        check_code_key(en, "src/page.c", key);
        snprintf(key, sizeof key, "types_%s", types[i]);
        check_code_key(en, "src/page.c", key);
    }
    for (int m = 1; m <= 12; m++) {
        snprintf(key, sizeof key, "month_%d", m);
        check_code_key(en, "src/pages_reviews.c", key);
    }
    for (size_t i = 0; i < sizeof built / sizeof *built; i++)
        check_code_key(en, "src", built[i]);
}

/* Every key C code looks up by a literal is an English key. */
static void
test_code_uses_known_keys(void **state)
{
    (void)state;
    struct ib_i18n *t = default_theme();
    const struct ib_val *en = ib_i18n_own(t, "en");
    static const char *const calls[] = {"ib_page_t(",  "ib_page_tf(",
                                        "ib_page_tn(", "ib_page_text(",
                                        " text(r, ",   NULL};
    DIR *dir = opendir("src");
    assert_non_null(dir);
    struct dirent *e;
    size_t used = 0;
    while ((e = readdir(dir))) {
        size_t len = strlen(e->d_name);
        if (len < 3 || strcmp(e->d_name + len - 2, ".c") != 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "src/%s", e->d_name);
        char *text = slurp(path);
        assert_non_null(text);
        for (size_t c = 0; calls[c]; c++)
            for (char *s = strstr(text, calls[c]); s;
                 s = strstr(s + 1, calls[c])) {
                /* The first string literal inside the call's parentheses:
                 * the key, when it is a literal. */
                char *p = s + strlen(calls[c]);
                int depth = 1;
                while (*p && depth > 0 && *p != '"') {
                    depth += *p == '(';
                    depth -= *p == ')';
                    p++;
                }
                if (*p != '"')
                    continue;
                char *q = strchr(p + 1, '"');
                char key[128];
                if (!q || (size_t)(q - p) >= sizeof key)
                    continue;
                snprintf(key, sizeof key, "%.*s", (int)(q - p - 1), p + 1);
                /* A declaration's comment or a format is no key. */
                if (strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789_") !=
                    strlen(key))
                    continue;
                check_code_key(en, path, key);
                used++;
            }
        free(text);
    }
    closedir(dir);
    assert_true(used > 40);
    check_built_keys(en);
    /* Keys in tables of labels are met by no call: any string literal of
     * C code that is an English key, but for these, which C code uses as
     * names of values, files or templates rather than as UI strings. */
    static const char *const not_keys[] = {"documents", "next", "none",
                                           "summary",   "tag",  NULL};
    dir = opendir("src");
    assert_non_null(dir);
    while ((e = readdir(dir))) {
        size_t len = strlen(e->d_name);
        if (len < 3 || strcmp(e->d_name + len - 2, ".c") != 0 ||
            strcmp(e->d_name, "i18n.c") == 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "src/%s", e->d_name);
        char *text = slurp(path);
        assert_non_null(text);
        for (char *p = strchr(text, '"'); p; p = strchr(p + 1, '"')) {
            char *q = p + 1;
            while (is_key_char(*q))
                q++;
            if (*q != '"' || q == p + 1 || q - p > 64) {
                p = q[0] == '"' ? q : p;
                continue;
            }
            char key[128];
            snprintf(key, sizeof key, "%.*s", (int)(q - p - 1), p + 1);
            bool skip = false;
            for (size_t k = 0; not_keys[k]; k++)
                skip = skip || strcmp(not_keys[k], key) == 0;
            if (!skip && ib_val_get(en, key))
                check_code_key(en, path, key);
            p = q;
        }
        free(text);
    }
    closedir(dir);
    /* Each of them is in the default theme's English. */
    const char *const *needed = ib_i18n_needed_keys();
    for (size_t i = 0; needed[i]; i++) {
        check_key(en, "i18n.c needed[]", needed[i]);
        if (i && strcmp(needed[i - 1], needed[i]) >= 0)
            fail_msg("needed[] is not sorted at '%s'", needed[i]);
    }
    ib_i18n_free(t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookup_falls_back_key_by_key),
        cmocka_unit_test(test_norwegian_is_bokmal),
        cmocka_unit_test(test_plural_forms),
        cmocka_unit_test(test_format_fills_in_names),
        cmocka_unit_test(test_language_names),
        cmocka_unit_test(test_is_language),
        cmocka_unit_test(test_language_tag),
        cmocka_unit_test(test_bad_files_are_findings),
        cmocka_unit_test(test_finish_needs_english),
        cmocka_unit_test(test_unknown_key_is_a_warning_with_a_suggestion),
        cmocka_unit_test(test_base_completes_english),
        cmocka_unit_test(test_missing_keys_are_one_warning),
        cmocka_unit_test(test_base_of_each_language),
        cmocka_unit_test(test_load_takes_builtin_languages),
        cmocka_unit_test(test_texts_render_as_partials),
        cmocka_unit_test(test_text_named_like_a_template_is_refused),
        cmocka_unit_test(test_default_theme_is_complete),
        cmocka_unit_test(test_templates_use_known_keys),
        cmocka_unit_test(test_code_uses_known_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
