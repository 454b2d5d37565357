/* SPDX-License-Identifier: MIT */
/*
 * UI strings. A theme keeps the words of its pages as data, one YAML file
 * per language (i18n/en.yaml, i18n/da.yaml...), so a theme adds a language
 * by adding a file and no string of the interface is compiled in. This
 * module owns the tables: it parses and checks them, completes every
 * table from English key by key, and answers lookups, which never fail
 * (a key no table has comes back as itself). Each text is checked to be a
 * valid Mustache template when it is added, so rendering one as a partial
 * cannot fail on syntax later. English itself is completed from a base, the
 * default theme's English compiled into the program, so a theme written for
 * an older ismsbook, or a short one, still has a text for every key the
 * program looks up; so is each language the default theme has, before
 * English, so a short da.yaml still shows Danish. Everything lives in the
 * set's own arena.
 */
#include "i18n.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "fs.h"
#include "mustache.h"
#include "text.h"
#include "val.h"
#include "xmalloc.h"
#include "yaml.h"

/* Largest UI-string file accepted, in bytes (as for templates). */
#define I18N_MAX ((size_t)1024 * 1024)

struct table {
    const char *lang, *file;
    struct ib_val *own;       /* the file's map, as parsed */
    struct ib_val *merged;    /* English with BASE's and OWN's keys over it */
    const struct table *base; /* the base of LANG, or NULL */
};

struct ib_i18n {
    struct ib_arena *a;
    struct table *tables; /* sorted by language after ib_i18n_finish */
    size_t n, cap;
    const struct table *en;
    struct table *bases; /* ib_i18n_set_base's, in the order set */
    size_t nbases, capbases;
};

/* How findings name the built-in strings of a language. */
#define BASE_FILE "<built-in>/i18n/%s.yaml"

/*
 * The keys C code looks up, sorted (strcmp): labels, review texts, page
 * titles, feed and calendar texts. tests/unit/test_i18n.c checks that every
 * key the program looks up is here and that en.yaml has each of them.
 */
static const char *const needed[] = {
    "applic_applicable",
    "applic_excluded",
    "applic_undecided",
    "archive",
    "attr_capability",
    "attr_concept",
    "attr_domain",
    "attr_property",
    "attr_type",
    "audience_title",
    "audiences_title",
    "change_approved",
    "change_reviewed",
    "class_confidential",
    "class_internal",
    "class_public",
    "class_restricted",
    "col_applicability",
    "col_control",
    "col_coverage",
    "col_documents",
    "col_implementation_status",
    "col_justification",
    "col_theme",
    "col_title",
    "controls_title",
    "coverage_covered",
    "coverage_excluded",
    "coverage_uncovered",
    "csv_unpublished",
    "ctl_more_docs",
    "ctl_unpublished",
    "days",
    "documents_count",
    "feed_by",
    "feed_subtitle",
    "feed_summary",
    "feed_title",
    "feed_version",
    "ics_document",
    "ics_name_all",
    "ics_name_owner",
    "ics_owner",
    "ics_page",
    "ics_summary",
    "impl_implemented",
    "impl_not_applicable",
    "impl_not_started",
    "impl_not_stated",
    "impl_partial",
    "impl_planned",
    "implemented_by",
    "implemented_by_unpublished",
    "interval_days",
    "interval_months",
    "interval_weeks",
    "interval_years",
    "kind_document",
    "kind_record",
    "language_name",
    "month_1",
    "month_10",
    "month_11",
    "month_12",
    "month_2",
    "month_3",
    "month_4",
    "month_5",
    "month_6",
    "month_7",
    "month_8",
    "month_9",
    "month_label",
    "nav_controls",
    "nav_guidelines",
    "nav_home",
    "nav_owners",
    "nav_reviews",
    "nav_soa",
    "notfound_title",
    "owner_due_soon",
    "owner_overdue",
    "req_unpublished",
    "requirements_title",
    "review_current",
    "review_due_soon",
    "review_none",
    "review_overdue",
    "review_text_current",
    "review_text_due_soon",
    "review_text_overdue",
    "review_text_today",
    "reviews_title",
    "search_title",
    "soa_page_title",
    "state_missing",
    "state_not_approved",
    "state_provided",
    "status_approved",
    "status_draft",
    "status_retired",
    "tag_title",
    "tags",
    "theme_organizational",
    "theme_people",
    "theme_physical",
    "theme_technological",
    "type_guideline",
    "type_plan",
    "type_policy",
    "type_procedure",
    "type_record",
    "type_register",
    "type_standard",
    "types_guideline",
    "types_plan",
    "types_policy",
    "types_procedure",
    "types_record",
    "types_register",
    "types_standard",
    "whats_new",
    NULL,
};

const char *const *
ib_i18n_needed_keys(void)
{
    return needed;
}

struct ib_i18n *
ib_i18n_new(void)
{
    struct ib_i18n *t = ib_xcalloc(1, sizeof(*t));
    t->a = ib_arena_new();
    return t;
}

void
ib_i18n_free(struct ib_i18n *t)
{
    if (!t)
        return;
    free(t->tables);
    free(t->bases);
    ib_arena_free(t->a);
    free(t);
}

bool
ib_i18n_is_language(const char *s)
{
    size_t n = 0;
    while (s[n] >= 'a' && s[n] <= 'z')
        n++;
    if (n < 2 || n > 3)
        return false;
    if (s[n] == '-' || s[n] == '_') {
        const char *r = s + n + 1;
        size_t m = strspn(r, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV"
                             "WXYZ0123456789");
        return m >= 2 && m <= 8 && r[m] == '\0';
    }
    return s[n] == '\0';
}

const char *
ib_i18n_language_tag(struct ib_arena *a, const char *s)
{
    if (!ib_i18n_is_language(s))
        return s;
    size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz");
    if (!s[n])
        return s;
    /* BCP 47's case conventions, so that nb_no, nb-no and nb-NO are one
     * language: a region of two letters in capitals, a script of four
     * with one, anything else in lower case. */
    char *tag = ib_arena_strdup(a, s);
    char *sub = tag + n + 1;
    size_t m = strlen(sub);
    tag[n] = '-';
    for (size_t i = 0; i < m; i++) {
        bool upper = m == 2 || (m == 4 && i == 0);
        if (upper && sub[i] >= 'a' && sub[i] <= 'z')
            sub[i] = (char)(sub[i] - 'a' + 'A');
        else if (!upper && sub[i] >= 'A' && sub[i] <= 'Z')
            sub[i] = (char)(sub[i] - 'A' + 'a');
    }
    return strcmp(tag, s) == 0 ? s : tag;
}

/* Keys are what a template can name in `t.key`: no dots, no spaces. */
static bool
is_key(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
            return false;
    return true;
}

/*
 * Compiles TEXT as a template in SCRATCH; on a syntax error, reports it at
 * the value's position in FILE, as YAML positions are all a reader has.
 */
static int
check_text(struct ib_mustache *scratch, const char *file, const char *key,
           const struct ib_val *v, struct ib_diag *d)
{
    struct ib_diag *tmp = ib_diag_new();
    int rc = ib_mustache_add(scratch, key, file, v->str, v->len, tmp);
    if (rc < 0) {
        const struct ib_finding *f =
            ib_diag_count(tmp) ? ib_diag_get(tmp, 0) : NULL;
        ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){file, v->line, v->col},
                    "template-syntax",
                    "the text of '%s' is not a valid "
                    "template: %s",
                    key, f ? f->msg : "syntax error");
    }
    ib_diag_free(tmp);
    return rc;
}

static void
bad_value(struct ib_diag *d, const char *file, const char *key, unsigned line,
          unsigned col, const char *why)
{
    ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){file, line, col}, "field-type",
                "'%s' %s", key, why);
}

/* A value is a text, or plural forms {one, other} with OTHER given. */
static int
check_value(struct ib_mustache *scratch, const char *file, const char *key,
            const struct ib_val *v, struct ib_diag *d)
{
    if (v->kind == IB_VAL_NULL) {
        bad_value(d, file, key, v->line, v->col, "has no text");
        return -1;
    }
    if (ib_val_is_scalar(v))
        return check_text(scratch, file, key, v, d);
    if (v->kind != IB_VAL_MAP) {
        bad_value(d, file, key, v->line, v->col,
                  "must be a text, or a map of plural forms {one, other}, "
                  "not a list");
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < v->n; i++) {
        const struct ib_val_pair *p = &v->pairs[i];
        bool known = strcmp(p->key, "one") == 0 || strcmp(p->key, "other") == 0;
        if (!known || !ib_val_is_scalar(p->val) ||
            p->val->kind == IB_VAL_NULL) {
            /* At the form's text, or at an unknown form's name. */
            bad_value(d, file, key, known ? p->val->line : p->line,
                      known ? p->val->col : p->col,
                      known ? "has a plural form that is not a text"
                            : "has plural forms other than 'one' and "
                              "'other'");
            rc = -1;
        } else if (check_text(scratch, file, key, p->val, d) < 0) {
            rc = -1;
        }
    }
    if (rc == 0 && !ib_val_get(v, "other")) {
        bad_value(d, file, key, v->line, v->col,
                  "needs the plural form 'other'");
        rc = -1;
    }
    return rc;
}

/* Parses and checks TEXT, a table of UI strings, into *OUT. */
static int
parse_table(struct ib_i18n *t, const char *file, const char *text, size_t len,
            struct ib_val **out, struct ib_diag *d)
{
    struct ib_val *v;
    if (ib_yaml_parse(t->a, text, len, file, 0, NULL, &v, d) < 0)
        return -1;
    if (v->kind == IB_VAL_NULL) {
        v = ib_val_map(t->a);
    } else if (v->kind != IB_VAL_MAP) {
        ib_diag_add(d, IB_SEV_ERROR,
                    (struct ib_loc){file, v->line ? v->line : 1, v->col},
                    "field-type",
                    "UI strings must be a map of key to text, "
                    "not %s",
                    ib_val_kind_name(v));
        return -1;
    }
    int rc = 0;
    struct ib_mustache *scratch = ib_mustache_new();
    for (size_t i = 0; i < v->n; i++) {
        const struct ib_val_pair *p = &v->pairs[i];
        if (!is_key(p->key)) {
            ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){file, p->line, p->col},
                        "field-type",
                        "'%s' is not a usable key: letters, digits, '_' and "
                        "'-' only, as templates name it in t.KEY",
                        p->key);
            rc = -1;
        } else if (check_value(scratch, file, p->key, p->val, d) < 0) {
            rc = -1;
        }
    }
    ib_mustache_free(scratch);
    *out = v;
    return rc;
}

int
ib_i18n_add(struct ib_i18n *t, const char *lang, const char *file,
            const char *text, size_t len, struct ib_diag *d)
{
    if (!ib_i18n_is_language(lang)) {
        ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){file, 0, 0}, "field-type",
                    "'%s' is not a language code such as en, da, sv or nb; "
                    "name the file after the language it holds",
                    lang);
        return -1;
    }
    struct ib_val *v;
    if (parse_table(t, file, text, len, &v, d) < 0)
        return -1;
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 8;
        t->tables = ib_xrealloc(t->tables, t->cap * sizeof(*t->tables));
    }
    struct table *tb = &t->tables[t->n++];
    memset(tb, 0, sizeof(*tb));
    tb->lang = ib_arena_strdup(t->a, lang);
    tb->file = ib_arena_strdup(t->a, file);
    tb->own = v;
    return 0;
}

/* The base of exactly LANG, or NULL. */
static struct table *
find_base(const struct ib_i18n *t, const char *lang)
{
    for (size_t i = 0; i < t->nbases; i++)
        if (strcmp(t->bases[i].lang, lang) == 0)
            return &t->bases[i];
    return NULL;
}

int
ib_i18n_set_base(struct ib_i18n *t, const char *lang, const char *file,
                 const char *text, size_t len, struct ib_diag *d)
{
    struct ib_val *v;
    if (parse_table(t, file, text, len, &v, d) < 0)
        return -1;
    struct table *tb = find_base(t, lang);
    if (!tb) {
        if (t->nbases == t->capbases) {
            t->capbases = t->capbases ? t->capbases * 2 : 4;
            t->bases = ib_xrealloc(t->bases, t->capbases * sizeof(*t->bases));
        }
        tb = &t->bases[t->nbases++];
        memset(tb, 0, sizeof(*tb));
        tb->lang = ib_arena_strdup(t->a, lang);
    }
    tb->file = ib_arena_strdup(t->a, file);
    tb->own = v;
    ib_val_index(t->a, v);
    return 0;
}

/* Sets the built-in table of LANG, if there is one, as its base. */
static int
set_builtin(struct ib_i18n *t, const char *lang, size_t n, struct ib_diag *d)
{
    for (const struct ib_i18n_builtin *b = ib_i18n_builtin; b->lang; b++) {
        if (strlen(b->lang) != n || strncmp(b->lang, lang, n) != 0)
            continue;
        if (find_base(t, b->lang))
            return 0;
        const char *text = (const char *)b->text;
        const char *file = ib_arena_printf(t->a, BASE_FILE, b->lang);
        return ib_i18n_set_base(t, b->lang, file, text, strlen(text), d);
    }
    return -2;
}

/* Reads one file, naming it FILE in findings. */
static int
add_file(struct ib_i18n *t, const char *dir, const char *rel, const char *file,
         struct ib_diag *d)
{
    char *text;
    size_t len;
    if (ib_fs_read_text(dir, rel, I18N_MAX, file, &text, &len, d) < 0)
        return -1;
    const char *base = strrchr(rel, '/');
    base = base ? base + 1 : rel;
    char *lang = ib_xstrndup(base, strlen(base) - strlen(".yaml"));
    int rc = ib_i18n_add(t, lang, file, text, len, d);
    free(lang);
    free(text);
    return rc;
}

int
ib_i18n_load(struct ib_i18n *t, const char *dir, const char *shown,
             struct ib_diag *d)
{
    struct ib_fs_list files;
    if (ib_fs_walk(dir, "i18n", ".yaml", &files, d) < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; i < files.n; i++) {
        const char *rel = files.paths[i]; /* "i18n/da.yaml" */
        /* Only the folder's own files: a sub-folder is not a language. */
        if (strchr(rel + strlen("i18n/"), '/'))
            continue;
        const char *file = ib_arena_printf(t->a, "%s/%s", shown, rel);
        if (add_file(t, dir, rel, file, d) < 0)
            rc = -1;
    }
    ib_fs_list_free(&files);
    /* English's base, and that of each language the theme has: by its
     * code ("nb-NO"), else its primary subtag ("nb"). */
    if (set_builtin(t, "en", 2, d) == -1)
        rc = -1;
    for (size_t i = 0; i < t->n; i++) {
        const char *lang = t->tables[i].lang;
        int got = set_builtin(t, lang, strlen(lang), d);
        if (got == -2)
            got = set_builtin(t, lang, strcspn(lang, "-_"), d);
        if (got == -1)
            rc = -1;
    }
    const char *en = ib_arena_printf(t->a, "%s/i18n/en.yaml", shown);
    if (ib_i18n_finish(t, en, d) < 0)
        rc = -1;
    return rc;
}

static int
cmp_table(const void *pa, const void *pb)
{
    return strcmp(((const struct table *)pa)->lang,
                  ((const struct table *)pb)->lang);
}

/* Returns a new map: BASE's values, then OVER's over them; indexed. */
static struct ib_val *
overlay(struct ib_i18n *t, struct ib_val *base, const struct ib_val *over)
{
    /* Some 300 keys: looked up through their index, not a scan each. */
    if (!base->index)
        ib_val_index(t->a, base);
    struct ib_val *m = ib_val_map(t->a);
    ib_val_reserve(t->a, m, base->n);
    for (size_t i = 0; i < base->n; i++)
        ib_val_append(t->a, m, base->pairs[i].key, base->pairs[i].val);
    ib_val_index(t->a, m);
    for (size_t i = 0; i < over->n; i++)
        ib_val_set(t->a, m, over->pairs[i].key, over->pairs[i].val);
    ib_val_index(t->a, m);
    return m;
}

/* Warns of each key of TB's file that EN, the completed English, lacks. */
static void
check_keys(const struct table *tb, const struct ib_val *en,
           const char *const *en_keys, struct ib_diag *d)
{
    for (size_t i = 0; i < tb->own->n; i++) {
        const struct ib_val_pair *p = &tb->own->pairs[i];
        if (ib_val_get(en, p->key))
            continue;
        const char *hint = ib_text_suggest(p->key, en_keys);
        ib_diag_add(d, IB_SEV_WARNING,
                    (struct ib_loc){tb->file, p->line, p->col}, "field-unknown",
                    "'%s' is not a key of the English strings%s%s%s", p->key,
                    hint ? "; did you mean '" : "", hint ? hint : "",
                    hint ? "'?" : "");
    }
}

/* The base of LANG: by its code, else its primary subtag; or NULL. */
static const struct table *
base_of(const struct ib_i18n *t, const char *lang)
{
    const struct table *b = find_base(t, lang);
    size_t n = strcspn(lang, "-_");
    for (size_t i = 0; !b && lang[n] && i < t->nbases; i++)
        if (strlen(t->bases[i].lang) == n &&
            strncmp(t->bases[i].lang, lang, n) == 0)
            b = &t->bases[i];
    return b;
}

/* Completes TB, not English: its base's keys over English's, then its
 * own over both. */
static void
complete(struct ib_i18n *t, struct table *tb, const char *const *en_keys,
         struct ib_diag *d)
{
    struct ib_val *en = t->en->merged;
    check_keys(tb, en, en_keys, d);
    tb->base = base_of(t, tb->lang);
    /* English's base is in EN already, under the theme's English. */
    if (tb->base == t->en->base)
        tb->base = NULL;
    if (tb->base)
        en = overlay(t, en, tb->base->own);
    tb->merged = overlay(t, en, tb->own);
}

int
ib_i18n_finish(struct ib_i18n *t, const char *en_file, struct ib_diag *d)
{
    if (t->n > 1)
        qsort(t->tables, t->n, sizeof(*t->tables), cmp_table);
    struct table *en = NULL;
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->tables[i].lang, "en") == 0)
            en = &t->tables[i];
    t->en = en;
    if (en)
        ib_val_index(t->a, en->own);
    if (!en) {
        ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){en_file, 0, 0},
                    "template-error",
                    "the theme has no English UI strings: every other "
                    "language falls back to them (copy i18n/en.yaml from "
                    "the default theme)");
        return -1;
    }
    /* English first, completed from its base: every other table falls
     * back to it. A key the base lacks is the theme's own, not a typo. */
    en->base = find_base(t, "en");
    en->merged = en->base ? overlay(t, en->base->own, en->own) : en->own;
    if (!en->merged->index)
        ib_val_index(t->a, en->merged);
    const struct ib_val *all = en->merged;
    const char **keys = ib_xcalloc(all->n + 1, sizeof(*keys));
    for (size_t i = 0; i < all->n; i++)
        keys[i] = all->pairs[i].key;
    for (size_t i = 0; i < t->n; i++)
        if (&t->tables[i] != en)
            complete(t, &t->tables[i], keys, d);
    free(keys);
    return 0;
}

static const struct table *
find_table(const struct ib_i18n *t, const char *lang, size_t n)
{
    for (size_t i = 0; i < t->n; i++)
        if (strlen(t->tables[i].lang) == n &&
            strncasecmp(t->tables[i].lang, lang, n) == 0)
            return &t->tables[i];
    return NULL;
}

/* The table serving LANG, or NULL before ib_i18n_finish succeeded. */
static const struct table *
resolve(const struct ib_i18n *t, const char *lang)
{
    if (!t->en)
        return NULL;
    if (!lang || !*lang)
        return t->en;
    const struct table *tb = find_table(t, lang, strlen(lang));
    if (!tb)
        tb = find_table(t, lang, strcspn(lang, "-_"));
    /* "no", Norwegian, is written as Bokmål by nearly everyone. */
    if (!tb && strncasecmp(lang, "no", 2) == 0 && strchr("-_", lang[2]))
        tb = find_table(t, "nb", 2);
    return tb ? tb : t->en;
}

const char *
ib_i18n_lang(const struct ib_i18n *t, const char *lang)
{
    const struct table *tb = resolve(t, lang);
    return tb ? tb->lang : "en";
}

const char *
ib_i18n_plural(const struct ib_i18n *t, const char *lang, const char *key,
               long n)
{
    const struct table *tb = resolve(t, lang);
    return ib_i18n_pick(tb ? tb->merged : NULL, key, n);
}

const char *
ib_i18n_pick(const struct ib_val *table, const char *key, long n)
{
    const struct ib_val *v = ib_val_get(table, key);
    if (!v)
        return key;
    if (v->kind != IB_VAL_MAP)
        return v->str;
    const struct ib_val *one = ib_val_get(v, "one");
    return n == 1 && one ? one->str : ib_val_get(v, "other")->str;
}

const char *
ib_i18n_get(const struct ib_i18n *t, const char *lang, const char *key)
{
    return ib_i18n_plural(t, lang, key, 2);
}

const struct ib_val *
ib_i18n_table(const struct ib_i18n *t, const char *lang)
{
    const struct table *tb = resolve(t, lang);
    return tb ? tb->merged : NULL;
}

const struct ib_val *
ib_i18n_own(const struct ib_i18n *t, const char *lang)
{
    const struct table *tb = find_table(t, lang, strlen(lang));
    return tb ? tb->own : NULL;
}

const char *
ib_i18n_language_name(const struct ib_i18n *t, const char *lang)
{
    static const char *const names[][2] = {
        {"da", "Dansk"},           {"de", "Deutsch"},      {"en", "English"},
        {"es", "Español"},         {"et", "Eesti"},        {"fi", "Suomi"},
        {"fo", "Føroyskt"},        {"fr", "Français"},     {"is", "Íslenska"},
        {"kl", "Kalaallisut"},     {"nb", "Norsk bokmål"}, {"nl", "Nederlands"},
        {"nn", "Norsk nynorsk"},   {"no", "Norsk"},        {"pl", "Polski"},
        {"se", "Davvisámegiella"}, {"sv", "Svenska"},
    };
    size_t n = strlen(lang);
    const struct table *tb = find_table(t, lang, n);
    if (!tb)
        tb = find_table(t, lang, strcspn(lang, "-_"));
    const struct ib_val *v = tb ? ib_val_get(tb->own, "language_name") : NULL;
    if (v && ib_val_is_scalar(v) && v->len)
        return v->str;
    size_t p = strcspn(lang, "-_");
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strlen(names[i][0]) == p && strncasecmp(names[i][0], lang, p) == 0)
            return names[i][1];
    return lang;
}

/* The first PAIR of equal characters ("{{" or "}}") in S, or NULL: strchr
 * finds its first character faster than strstr finds both. */
static const char *
find_pair(const char *s, char pair)
{
    for (s = strchr(s, pair); s && s[1] != pair; s = strchr(s + 1, pair))
        ;
    return s;
}

char *
ib_i18n_format(struct ib_arena *a, const char *text, const char *const *vars)
{
    const char *open = find_pair(text, '{');
    if (!open)
        return ib_arena_strdup(a, text);
    struct ib_buf b;
    ib_buf_init(&b);
    const char *s = text;
    for (;; open = find_pair(s, '{')) {
        const char *close = open ? find_pair(open + 2, '}') : NULL;
        if (!close) {
            ib_buf_puts(&b, s);
            break;
        }
        ib_buf_put(&b, s, (size_t)(open - s));
        const char *n = open + 2, *e = close;
        while (n < e && *n == ' ')
            n++;
        while (e > n && e[-1] == ' ')
            e--;
        const char *value = NULL;
        for (size_t i = 0; vars && vars[i] && vars[i + 1] && !value; i += 2)
            if (strlen(vars[i]) == (size_t)(e - n) &&
                memcmp(vars[i], n, (size_t)(e - n)) == 0)
                value = vars[i + 1];
        if (value)
            ib_buf_puts(&b, value);
        else
            ib_buf_put(&b, open, (size_t)(close + 2 - open));
        s = close + 2;
    }
    char *out = ib_arena_strdup(a, ib_buf_cstr(&b));
    ib_buf_fini(&b);
    return out;
}

static int
add_partial(struct ib_mustache *m, const struct table *tb, const char *key,
            const struct ib_val *v, const char *const *reserved,
            struct ib_diag *d)
{
    for (size_t i = 0; reserved && reserved[i]; i++)
        if (strcmp(reserved[i], v->str) == 0) {
            ib_diag_add(d, IB_SEV_ERROR,
                        (struct ib_loc){tb->file, v->line, v->col},
                        "template-error",
                        "the text of '%s', '%s', is also the name of a "
                        "template, which {{>*t.%s}} would render instead; "
                        "write it differently",
                        key, v->str, key);
            return -1;
        }
    return ib_mustache_add(m, v->str, tb->file, v->str, v->len, d);
}

/* Adds the texts of TB's keys that SKIP (a map, or NULL) lacks. */
static int
add_table_partials(struct ib_mustache *m, const struct table *tb,
                   const struct ib_val *skip, const char *const *reserved,
                   struct ib_diag *d)
{
    int rc = 0;
    for (size_t k = 0; k < tb->own->n; k++) {
        const struct ib_val_pair *p = &tb->own->pairs[k];
        if (skip && ib_val_get(skip, p->key))
            continue;
        if (ib_val_is_scalar(p->val)) {
            if (add_partial(m, tb, p->key, p->val, reserved, d) < 0)
                rc = -1;
            continue;
        }
        for (size_t f = 0; f < p->val->n; f++)
            if (add_partial(m, tb, p->key, p->val->pairs[f].val, reserved, d) <
                0)
                rc = -1;
    }
    return rc;
}

int
ib_i18n_add_partials(const struct ib_i18n *t, struct ib_mustache *m,
                     const char *const *reserved, struct ib_diag *d)
{
    int rc = 0;
    /* Each table's own texts, then its base's where the table lacks a key:
     * English's cover what others and their bases lack. */
    for (size_t i = 0; i < t->n; i++)
        if (add_table_partials(m, &t->tables[i], NULL, reserved, d) < 0)
            rc = -1;
    for (size_t i = 0; i < t->n; i++) {
        const struct table *tb = &t->tables[i];
        if (tb->base &&
            add_table_partials(m, tb->base, tb->own, reserved, d) < 0)
            rc = -1;
    }
    return rc;
}

/* Up to this many missing keys are named; the rest are counted. */
#define MISSING_NAMED 5

size_t
ib_i18n_report_missing(const struct ib_i18n *t, const char *const *used,
                       size_t nused, struct ib_diag *d)
{
    if (!t->en || !t->en->base)
        return 0;
    const char **sorted = ib_xcalloc(nused + 1, sizeof(*sorted));
    if (nused)
        memcpy(sorted, used, nused * sizeof(*sorted));
    qsort(sorted, nused, sizeof(*sorted), ib_text_cmp_ptr);
    /* In the base's order, which groups the keys by page, as en.yaml. */
    const struct ib_val *base = t->en->base->own;
    struct ib_buf names;
    ib_buf_init(&names);
    size_t missing = 0;
    for (size_t i = 0; i < base->n; i++) {
        const char *key = base->pairs[i].key;
        if (ib_val_get(t->en->own, key))
            continue;
        size_t nneeded = sizeof needed / sizeof *needed - 1;
        if (!bsearch(&key, needed, nneeded, sizeof *needed, ib_text_cmp_ptr) &&
            !bsearch(&key, sorted, nused, sizeof *sorted, ib_text_cmp_ptr))
            continue;
        if (missing < MISSING_NAMED)
            ib_buf_printf(&names, "%s%s", missing ? ", " : "", key);
        missing++;
    }
    if (missing > MISSING_NAMED)
        ib_buf_printf(&names, " and %zu more", missing - MISSING_NAMED);
    if (missing)
        ib_diag_add(d, IB_SEV_WARNING, (struct ib_loc){t->en->file, 0, 0},
                    "ui-string-missing",
                    "lacks %zu key%s that ismsbook or the theme's templates "
                    "use: %s; pages show ismsbook's built-in English "
                    "instead (copy from the default theme's i18n/en.yaml)",
                    missing, missing == 1 ? "" : "s", ib_buf_cstr(&names));
    ib_buf_fini(&names);
    free(sorted);
    return missing;
}
