/* SPDX-License-Identifier: MIT */
/*
 * handbook.yaml. Reads the file into struct ib_config with defaults for
 * every optional key; problems are findings at handbook.yaml:line:col.
 * The configuration is read-only once loaded, so any thread may use it.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "fs.h"
#include "schema.h"
#include "text.h"
#include "val.h"
#include "yaml.h"

static const char *const config_keys[] = {
    "title", "organisation", "base_url", "language", "theme", "frameworks",
    "review", "publish", "soa", "people", "filters", "rules", "aliases",
    "defaults", "ids", "filter_limits", "whats_new_days", NULL,
};

static const char *const class_names[] = {
    "public", "internal", "confidential", "restricted", NULL,
};

static const char *
text_or(const struct ib_schema *s, const struct ib_val *map, const char *key,
        const char *dflt)
{
    struct ib_ref r;
    return ib_schema_text(s, map, key, &r) ? r.s : dflt;
}

static bool
is_language(const char *s)
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

static void
load_review(const struct ib_schema *s, const struct ib_val *root,
            struct ib_config *cfg)
{
    const struct ib_val *v = ib_val_get(root, "review");
    if (!v || v->kind == IB_VAL_NULL || !ib_schema_is_map(s, v, "'review'"))
        return;
    static const char *const keys[] = {"interval", "warn_days", NULL};
    ib_schema_unknown_keys(s, v, keys, "'review'");
    ib_schema_interval(s, v, "interval", &cfg->review_interval);
    struct ib_ref r;
    if (ib_schema_text(s, v, "warn_days", &r)) {
        char *end;
        long n = strtol(r.s, &end, 10);
        if (*r.s == '\0' || *end || n < 0 || n > 366)
            ib_diag_add(s->d, IB_SEV_ERROR,
                        (struct ib_loc){s->file, r.line, r.col}, "field-type",
                        "'warn_days' must be a number of days from 0 to 366, "
                        "not '%s'",
                        r.s);
        else
            cfg->warn_days = (int)n;
    }
}

static void
load_whats_new(const struct ib_schema *s, const struct ib_val *root,
               struct ib_config *cfg)
{
    struct ib_ref r;
    if (!ib_schema_text(s, root, "whats_new_days", &r))
        return;
    char *end;
    long n = strtol(r.s, &end, 10);
    if (*r.s == '\0' || *end || n < 1 || n > 3660)
        ib_diag_add(s->d, IB_SEV_ERROR,
                    (struct ib_loc){s->file, r.line, r.col}, "field-type",
                    "'whats_new_days' must be a number of days from 1 to "
                    "3660, not '%s'",
                    r.s);
    else
        cfg->whats_new_days = (int)n;
}

static void
load_publish(const struct ib_schema *s, const struct ib_val *root,
             struct ib_config *cfg)
{
    const struct ib_val *v = ib_val_get(root, "publish");
    if (!v || v->kind == IB_VAL_NULL || !ib_schema_is_map(s, v, "'publish'"))
        return;
    static const char *const keys[] = {"max_classification", NULL};
    ib_schema_unknown_keys(s, v, keys, "'publish'");
    int c = ib_schema_enum(s, v, "max_classification", class_names);
    if (c >= 0)
        cfg->max_class = (enum ib_class)c;
}

static void
load_people(const struct ib_schema *s, const struct ib_val *root,
            struct ib_config *cfg)
{
    const struct ib_val *v = ib_val_get(root, "people");
    if (!v || v->kind == IB_VAL_NULL || !ib_schema_is_map(s, v, "'people'"))
        return;
    static const char *const keys[] = {"name", "email", "role", NULL};
    for (size_t i = 0; i < v->n; i++) {
        const struct ib_val *p = v->pairs[i].val;
        if (!ib_schema_is_map(s, p, "a person"))
            continue;
        ib_schema_unknown_keys(s, p, keys, "a person");
        struct ib_ref r;
        for (size_t k = 0; keys[k]; k++)
            ib_schema_text(s, p, keys[k], &r);
    }
    cfg->people = v;
}

static void
load_aliases(const struct ib_schema *s, const struct ib_val *root,
             struct ib_config *cfg)
{
    const struct ib_val *v = ib_val_get(root, "aliases");
    if (!v || v->kind == IB_VAL_NULL || !ib_schema_is_map(s, v, "'aliases'"))
        return;
    cfg->aliases = ib_arena_calloc(s->a, v->n ? v->n : 1,
                                   sizeof(*cfg->aliases));
    for (size_t i = 0; i < v->n; i++) {
        const struct ib_val_pair *p = &v->pairs[i];
        const struct ib_val *to = p->val;
        bool known = false;
        if (ib_val_is_scalar(to))
            for (size_t k = 0; ib_doc_keys[k] && !known; k++)
                known = strcmp(to->str, ib_doc_keys[k]) == 0;
        if (!known) {
            const char *hint = ib_val_is_scalar(to)
                                   ? ib_text_suggest(to->str, ib_doc_keys)
                                   : NULL;
            ib_diag_add(s->d, IB_SEV_ERROR, ib_schema_loc(s, to),
                        "field-type",
                        "alias '%s' must name a front-matter key%s%s%s",
                        p->key, hint ? " (did you mean '" : "",
                        hint ? hint : "", hint ? "'?)" : "");
            continue;
        }
        cfg->aliases[cfg->naliases++] = (struct ib_alias){p->key, to->str};
    }
}

static int
cmp_default(const void *pa, const void *pb)
{
    const struct ib_default *a = pa, *b = pb;
    size_t la = strlen(a->path), lb = strlen(b->path);
    if (la != lb)
        return la > lb ? -1 : 1;
    return strcmp(a->path, b->path);
}

static void
load_defaults(const struct ib_schema *s, const struct ib_val *root,
              struct ib_config *cfg)
{
    const struct ib_val *v = ib_val_get(root, "defaults");
    if (!v || v->kind == IB_VAL_NULL)
        return;
    if (v->kind != IB_VAL_LIST) {
        ib_diag_add(s->d, IB_SEV_ERROR, ib_schema_loc(s, v), "field-type",
                    "'defaults' must be a list of {path, values} entries");
        return;
    }
    static const char *const keys[] = {"path", "values", NULL};
    cfg->defaults = ib_arena_calloc(s->a, v->n ? v->n : 1,
                                    sizeof(*cfg->defaults));
    for (size_t i = 0; i < v->n; i++) {
        const struct ib_val *e = v->items[i];
        if (!ib_schema_is_map(s, e, "an entry of 'defaults'"))
            continue;
        ib_schema_unknown_keys(s, e, keys, "an entry of 'defaults'");
        const struct ib_val *vals = ib_val_get(e, "values");
        if (!vals) {
            ib_diag_add(s->d, IB_SEV_ERROR, ib_schema_loc(s, e),
                        "field-missing",
                        "an entry of 'defaults' needs 'values'");
            continue;
        }
        if (!ib_schema_is_map(s, vals, "'values'"))
            continue;
        ib_schema_unknown_keys(s, vals, ib_doc_keys, "'values'");
        struct ib_default def = {text_or(s, e, "path", ""), vals};
        /* "content/guidelines" and "content/guidelines/" mean the same. */
        size_t n = strlen(def.path);
        if (n && def.path[n - 1] != '/')
            def.path = ib_arena_printf(s->a, "%s/", def.path);
        cfg->defaults[cfg->ndefaults++] = def;
    }
    qsort(cfg->defaults, cfg->ndefaults, sizeof(*cfg->defaults), cmp_default);
}

static void
load_rules(const struct ib_schema *s, const struct ib_val *root,
           struct ib_config *cfg)
{
    const struct ib_val *v = ib_val_get(root, "rules");
    if (!v || v->kind == IB_VAL_NULL || !ib_schema_is_map(s, v, "'rules'"))
        return;
    for (size_t i = 0; i < v->n; i++) {
        const struct ib_val *sev = v->pairs[i].val;
        enum ib_sev level;
        if (!ib_val_is_scalar(sev) || !ib_sev_parse(sev->str, &level)) {
            ib_diag_add(s->d, IB_SEV_ERROR, ib_schema_loc(s, sev),
                        "field-type",
                        "severity of rule '%s' must be error, warning or off",
                        v->pairs[i].key);
            continue;
        }
        ib_diag_set_severity(s->d, v->pairs[i].key, level);
    }
    cfg->rules = v;
}

static void
load_lists(const struct ib_schema *s, const struct ib_val *root)
{
    /* Checked for shape here; their contents belong to later stages. */
    struct ib_reflist l;
    ib_schema_list(s, root, "frameworks", &l);
    for (size_t i = 0; i < l.n; i++)
        if (strcmp(l.items[i].s, "iso27001-2022") != 0)
            ib_diag_add(s->d, IB_SEV_ERROR,
                        (struct ib_loc){s->file, l.items[i].line,
                                        l.items[i].col},
                        "field-type",
                        "unknown framework '%s' (built in: iso27001-2022)",
                        l.items[i].s);
}

/* A filter path is relative to the root and stays inside it. */
static bool
is_safe_path(const char *p)
{
    if (!*p || *p == '/')
        return false;
    for (const char *seg = p; *seg;) {
        size_t n = strcspn(seg, "/");
        if (n == 0 || (n == 2 && seg[0] == '.' && seg[1] == '.'))
            return false;
        seg += n;
        if (*seg == '/')
            seg++;
    }
    return p[strlen(p) - 1] != '/';
}

static void
load_filters(const struct ib_schema *s, const struct ib_val *root,
             struct ib_config *cfg)
{
    const struct ib_val *v = ib_val_get(root, "filters");
    if (!v || v->kind == IB_VAL_NULL)
        return;
    if (v->kind != IB_VAL_LIST) {
        ib_diag_add(s->d, IB_SEV_ERROR, ib_schema_loc(s, v), "field-type",
                    "'filters' must be a list of paths or {path, options} "
                    "entries");
        return;
    }
    static const char *const keys[] = {"path", "options", NULL};
    cfg->filters = ib_arena_calloc(s->a, v->n ? v->n : 1,
                                   sizeof(*cfg->filters));
    for (size_t i = 0; i < v->n; i++) {
        const struct ib_val *e = v->items[i];
        struct ib_filter_conf fc = {NULL, NULL, e->line, e->col};
        struct ib_ref path = {NULL, e->line, e->col};
        if (e->kind == IB_VAL_STR) {
            path.s = e->str;
        } else if (e->kind == IB_VAL_MAP) {
            ib_schema_unknown_keys(s, e, keys, "an entry of 'filters'");
            if (!ib_schema_text(s, e, "path", &path)) {
                if (!ib_val_get(e, "path") ||
                    ib_val_get(e, "path")->kind == IB_VAL_NULL)
                    ib_diag_add(s->d, IB_SEV_ERROR, ib_schema_loc(s, e),
                                "field-missing",
                                "an entry of 'filters' needs 'path'");
                continue;
            }
            const struct ib_val *o = ib_val_get(e, "options");
            if (o && o->kind != IB_VAL_NULL) {
                if (!ib_schema_is_map(s, o, "'options'"))
                    continue;
                fc.options = o;
            }
        } else {
            ib_diag_add(s->d, IB_SEV_ERROR, ib_schema_loc(s, e), "field-type",
                        "an entry of 'filters' must be a path or a {path, "
                        "options} map, not %s",
                        ib_val_kind_name(e));
            continue;
        }
        if (!is_safe_path(path.s)) {
            ib_diag_add(s->d, IB_SEV_ERROR,
                        (struct ib_loc){s->file, path.line, path.col},
                        "field-type",
                        "filter path '%s' must be a file below the handbook "
                        "root, such as filters/x.lua (no '..', not absolute)",
                        path.s);
            continue;
        }
        fc.path = path.s;
        cfg->filters[cfg->nfilters++] = fc;
    }
}

/* Reads KEY of MAP as a number in [MIN, MAX]; INTEGRAL: a whole one. */
static void
limit_number(const struct ib_schema *s, const struct ib_val *map,
             const char *key, double min, double max, bool integral,
             double *out)
{
    struct ib_ref r;
    if (!ib_schema_text(s, map, key, &r))
        return;
    char *end;
    double n = strtod(r.s, &end);
    if (*r.s == '\0' || *end || !(n >= min && n <= max) ||
        (integral && n != (double)(long long)n)) {
        ib_diag_add(s->d, IB_SEV_ERROR, (struct ib_loc){s->file, r.line, r.col},
                    "field-type",
                    "'%s' must be a %snumber from %g to %g, not '%s'", key,
                    integral ? "whole " : "", min, max, r.s);
        return;
    }
    *out = n;
}

static void
load_filter_limits(const struct ib_schema *s, const struct ib_val *root,
                   struct ib_config *cfg)
{
    const struct ib_val *v = ib_val_get(root, "filter_limits");
    if (!v || v->kind == IB_VAL_NULL ||
        !ib_schema_is_map(s, v, "'filter_limits'"))
        return;
    static const char *const keys[] = {"instructions", "memory_mb", "seconds",
                                       NULL};
    ib_schema_unknown_keys(s, v, keys, "'filter_limits'");
    double n = (double)cfg->filter_limits.instructions;
    limit_number(s, v, "instructions", 1000, 1e12, true, &n);
    cfg->filter_limits.instructions = (long long)n;
    n = (double)(cfg->filter_limits.memory >> 20);
    limit_number(s, v, "memory_mb", 1, 4096, true, &n);
    cfg->filter_limits.memory = (size_t)n << 20;
    limit_number(s, v, "seconds", 0.1, 3600, false,
                 &cfg->filter_limits.seconds);
}

int
ib_config_load(struct ib_arena *a, const char *root, struct ib_config *cfg,
               struct ib_diag *d)
{
    size_t before = ib_diag_errors(d);
    memset(cfg, 0, sizeof(*cfg));
    cfg->root = root;
    cfg->file = "handbook.yaml";
    cfg->title = "Information Security Handbook";
    cfg->organisation = cfg->base_url = cfg->soa = "";
    cfg->language = "en";
    cfg->theme = "default";
    cfg->review_interval = (struct ib_interval){12, IB_UNIT_MONTHS};
    cfg->warn_days = 30;
    cfg->whats_new_days = 90;
    cfg->max_class = IB_CLASS_INTERNAL;
    cfg->filter_limits = (struct ib_filter_limits){
        IB_FILTER_INSTRUCTIONS, (size_t)IB_FILTER_MEMORY_MB << 20,
        IB_FILTER_SECONDS};

    char *path;
    if (asprintf(&path, "%s/%s", root, cfg->file) >= 0) {
        bool missing = access(path, F_OK) != 0 && errno == ENOENT;
        free(path);
        if (missing) {
            ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){NULL, 0, 0},
                        "file-unreadable",
                        "no handbook.yaml in '%s': run ismsbook in a "
                        "handbook's root folder, use -C DIR, or start one "
                        "with 'ismsbook init DIR'",
                        root);
            return -1;
        }
    }
    struct ib_val *v;
    if (ib_yaml_load(a, root, cfg->file, IB_CONFIG_MAX, &v, d) < 0)
        return -1;

    struct ib_schema s = {a, d, cfg->file, 1};
    if (v->kind == IB_VAL_NULL) {
        /* An empty handbook.yaml is valid: every key has a default. */
    } else if (ib_schema_is_map(&s, v, "handbook.yaml")) {
        /* Severities first, so they also apply to handbook.yaml itself. */
        load_rules(&s, v, cfg);
        ib_schema_unknown_keys(&s, v, config_keys, "handbook.yaml");
        cfg->title = text_or(&s, v, "title", cfg->title);
        cfg->organisation = text_or(&s, v, "organisation", "");
        cfg->base_url = text_or(&s, v, "base_url", "");
        struct ib_ref theme;
        if (ib_schema_text(&s, v, "theme", &theme)) {
            cfg->theme = theme.s;
            cfg->theme_line = theme.line;
            cfg->theme_col = theme.col;
        }
        cfg->soa = text_or(&s, v, "soa", "");
        struct ib_ref lang;
        if (ib_schema_text(&s, v, "language", &lang)) {
            if (is_language(lang.s))
                cfg->language = lang.s;
            else
                ib_diag_add(d, IB_SEV_ERROR,
                            (struct ib_loc){cfg->file, lang.line, lang.col},
                            "field-type",
                            "'language' must be a language code such as en, "
                            "da, sv or nb, not '%s'",
                            lang.s);
        }
        load_review(&s, v, cfg);
        load_whats_new(&s, v, cfg);
        load_publish(&s, v, cfg);
        load_people(&s, v, cfg);
        load_aliases(&s, v, cfg);
        load_defaults(&s, v, cfg);
        load_lists(&s, v);
        load_filters(&s, v, cfg);
        load_filter_limits(&s, v, cfg);
    }
    return ib_diag_errors(d) > before ? -1 : 0;
}

void
ib_config_apply_rules(const struct ib_config *cfg, struct ib_diag *d)
{
    const struct ib_val *v = cfg->rules;
    for (size_t i = 0; v && i < v->n; i++) {
        const struct ib_val *sev = v->pairs[i].val;
        enum ib_sev level;
        if (ib_val_is_scalar(sev) && ib_sev_parse(sev->str, &level))
            ib_diag_set_severity(d, v->pairs[i].key, level);
    }
}

const char *
ib_config_canonical_key(const struct ib_config *cfg, const char *key)
{
    for (size_t i = 0; i < cfg->naliases; i++)
        if (strcmp(cfg->aliases[i].from, key) == 0)
            return cfg->aliases[i].to;
    return key;
}
