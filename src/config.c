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
#include <strings.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "fs.h"
#include "i18n.h"
#include "ruleinfo.h"
#include "schema.h"
#include "text.h"
#include "val.h"
#include "xmalloc.h"
#include "yaml.h"

static const char *const config_keys[] = {
    "title", "organisation", "base_url", "language", "theme", "frameworks",
    "review", "publish", "soa", "people", "filters", "rules", "aliases",
    "defaults", "ids", "filter_limits", "whats_new_days", "exclude",
    "front_matter", "derive", "ignore_keys", "value_aliases", "links",
    "markdown", NULL,
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
load_markdown(const struct ib_schema *s, const struct ib_val *root,
              struct ib_config *cfg)
{
    const struct ib_val *v = ib_val_get(root, "markdown");
    if (!v || v->kind == IB_VAL_NULL || !ib_schema_is_map(s, v, "'markdown'"))
        return;
    static const char *const keys[] = {"raw_html", NULL};
    static const char *const modes[] = {"drop", "sanitize", NULL};
    ib_schema_unknown_keys(s, v, keys, "'markdown'");
    int m = ib_schema_enum(s, v, "raw_html", modes);
    if (m >= 0)
        cfg->raw_html = (enum ib_md_raw_html)m;
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
    /* `people: {}` lists no one: like no directory, rather than one that
       every owner fails. */
    if (v->n > 0)
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
        if (ib_val_is_scalar(to) && to->kind != IB_VAL_NULL) {
            /* extra.NAME keeps a foreign key's value for templates. */
            known = (ib_text_starts_with(to->str, "extra.") && to->str[6]) ||
                    ib_doc_is_key(to->str);
        }
        if (!known) {
            const char *hint = ib_val_is_scalar(to) && to->str
                                   ? ib_text_suggest(to->str, ib_doc_keys)
                                   : NULL;
            ib_diag_add(s->d, IB_SEV_ERROR, ib_schema_loc(s, to),
                        "field-type",
                        "alias '%s' must name a front-matter key or "
                        "extra.NAME%s%s%s",
                        p->key, hint ? " (did you mean '" : "",
                        hint ? hint : "", hint ? "'?)" : "");
            continue;
        }
        cfg->aliases[cfg->naliases++] = (struct ib_alias){p->key, to->str};
    }
}

/* A default may use our key names, the aliases' and extra.NAME; others
 * are reported as in front matter. */
static void
unknown_default_keys(const struct ib_schema *s, const struct ib_config *cfg,
                     const struct ib_val *vals)
{
    struct ib_val *odd = ib_val_map(s->a);
    for (size_t i = 0; i < vals->n; i++) {
        const struct ib_val_pair *p = &vals->pairs[i];
        if (ib_doc_is_key(p->key) ||
            ib_config_canonical_key(cfg, p->key) != p->key ||
            (ib_text_starts_with(p->key, "extra.") && p->key[6]))
            continue;
        struct ib_val_pair *np = ib_val_append(s->a, odd, p->key, p->val);
        np->line = p->line;
        np->col = p->col;
    }
    ib_schema_unknown_keys(s, odd, ib_doc_keys, "'values'");
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
        unknown_default_keys(s, cfg, vals);
        struct ib_default def = {text_or(s, e, "path", ""), vals};
        /* "content/guidelines" and "content/guidelines/" mean the same;
         * a path ending in .md names one document. */
        size_t n = strlen(def.path);
        if (n && def.path[n - 1] != '/' &&
            !(n > 3 && strcmp(def.path + n - 3, ".md") == 0))
            def.path = ib_arena_printf(s->a, "%s/", def.path);
        cfg->defaults[cfg->ndefaults++] = def;
    }
    qsort(cfg->defaults, cfg->ndefaults, sizeof(*cfg->defaults), cmp_default);
}

/* Applies the valid severities of RULES (a map, or NULL) to D. */
static void
apply_severities(const struct ib_val *rules, struct ib_diag *d)
{
    for (size_t i = 0; rules && i < rules->n; i++) {
        const struct ib_val *sev = rules->pairs[i].val;
        enum ib_sev level;
        if (ib_val_is_scalar(sev) && ib_sev_parse(sev->str, &level))
            ib_diag_set_severity(d, rules->pairs[i].key, level);
    }
}

static void
load_rules(const struct ib_schema *s, const struct ib_val *root,
           struct ib_config *cfg)
{
    const struct ib_val *v = ib_val_get(root, "rules");
    if (!v || v->kind == IB_VAL_NULL || !ib_schema_is_map(s, v, "'rules'"))
        return;
    /* Every severity before any finding, so that 'field-unknown: off' or
     * 'field-type: warning' covers the findings about rules: itself. */
    apply_severities(v, s->d);
    for (size_t i = 0; i < v->n; i++) {
        const struct ib_val_pair *p = &v->pairs[i];
        enum ib_sev level;
        if (!ib_val_is_scalar(p->val) || !ib_sev_parse(p->val->str, &level))
            ib_diag_add(
                s->d, IB_SEV_ERROR, ib_schema_loc(s, p->val), "field-type",
                "severity of rule '%s' must be error, warning or off", p->key);
        /* A filter may report under an id of its own, so only an id that
         * is close to a built-in one or could not be any rule's is a
         * likely mistake. */
        if (ib_ruleinfo_get(p->key)->id)
            continue;
        struct ib_loc loc = {s->file, p->line, p->col};
        const char *hint = ib_ruleinfo_suggest(p->key);
        if (hint)
            ib_diag_add(s->d, IB_SEV_WARNING, loc, "field-unknown",
                        "unknown rule '%s' in 'rules' (did you mean '%s'?)",
                        p->key, hint);
        else if (!ib_ruleinfo_is_valid_id(p->key))
            ib_diag_add(s->d, IB_SEV_WARNING, loc, "field-unknown",
                        "unknown rule '%s' in 'rules': rule ids are "
                        "lower-case letters, digits and '-' (ismsbook's are "
                        "listed by 'ismsbook help rules')",
                        p->key);
    }
    cfg->rules = v;
}

/* Does URL hold only the printable ASCII a base URL may, no query or
 * fragment? */
static bool
url_chars_ok(const char *url)
{
    for (const char *c = url; *c; c++)
        if (*c < 0x21 || *c > 0x7E || strchr("\"<>\\^`{|}?#", *c))
            return false;
    return true;
}

bool
ib_config_parse_base_url(const char *url, struct ib_base_url *out)
{
    size_t scheme;
    if (strncasecmp(url, "https://", 8) == 0)
        scheme = 8;
    else if (strncasecmp(url, "http://", 7) == 0)
        scheme = 7;
    else
        return false;
    if (!url_chars_ok(url))
        return false;
    const char *auth = url + scheme;
    size_t alen = strcspn(auth, "/");
    const char *at = memchr(auth, '@', alen);
    const char *host = at ? at + 1 : auth;
    size_t hlen = (size_t)(auth + alen - host);
    const char *colon = memchr(host, ':', hlen);
    if (colon)
        hlen = (size_t)(colon - host);
    if (hlen == 0 ||
        strspn(host, "abcdefghijklmnopqrstuvwxyz"
                     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") < hlen)
        return false;
    const char *path = auth + alen;
    while (*path == '/')
        path++;
    size_t plen = strlen(path);
    while (plen && path[plen - 1] == '/')
        plen--;
    if (out)
        *out = (struct ib_base_url){host, path, hlen, plen};
    return true;
}

/*
 * base_url is an absolute URL, or a site path such as /isms/ that only
 * the 404 page uses (pages_notfound.c); anything else would silently give
 * a site without sitemap.xml and feed.xml.
 */
static void
load_base_url(const struct ib_schema *s, const struct ib_val *root,
              struct ib_config *cfg)
{
    struct ib_ref r;
    if (!ib_schema_text(s, root, "base_url", &r) || !r.s[0])
        return;
    bool path = r.s[0] == '/' && r.s[1] != '/' && url_chars_ok(r.s);
    if (path || ib_config_parse_base_url(r.s, NULL))
        cfg->base_url = r.s;
    else
        ib_diag_add(s->d, IB_SEV_ERROR, (struct ib_loc){s->file, r.line, r.col},
                    "field-type",
                    "'base_url' must be an absolute http:// or https:// URL "
                    "such as https://intranet.example.org/isms/ (ASCII, a "
                    "host name, no query or fragment), or a path such as "
                    "/isms/, not '%s'",
                    r.s);
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

/* A path from handbook.yaml (a filter, the SoA) is relative to the root
 * and stays inside it. */
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
        struct ib_ref path = {NULL, e->line, e->col, NULL};
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

/* Reads KEY of ROOT as a list of texts into *OUT (in the arena), with
 * their positions in REFS; callers keep the good ones. */
static void
load_texts(const struct ib_schema *s, const struct ib_val *root,
           const char *key, const char ***out, struct ib_reflist *refs)
{
    ib_schema_list(s, root, key, refs);
    *out = ib_arena_calloc(s->a, refs->n + 1, sizeof(**out));
    for (size_t i = 0; i < refs->n; i++)
        (*out)[i] = refs->items[i].s;
}

static void
load_exclude(const struct ib_schema *s, const struct ib_val *root,
             struct ib_config *cfg)
{
    struct ib_reflist l;
    load_texts(s, root, "exclude", &cfg->exclude, &l);
    for (size_t i = 0; i < l.n; i++) {
        if (l.items[i].s[0] && l.items[i].s[0] != '/') {
            cfg->exclude[cfg->nexclude++] = l.items[i].s;
            continue;
        }
        ib_diag_add(s->d, IB_SEV_ERROR,
                    (struct ib_loc){s->file, l.items[i].line, l.items[i].col},
                    "field-type",
                    "exclude pattern '%s' must be relative to the handbook "
                    "root, such as content/README.md",
                    l.items[i].s);
    }
}

static void
load_derive(const struct ib_schema *s, const struct ib_val *root,
            struct ib_config *cfg)
{
    static const char *const front_matter[] = {"required", "optional",
                                               "unfenced", NULL};
    int fm = ib_schema_enum(s, root, "front_matter", front_matter);
    if (fm >= 0)
        cfg->front_matter = (enum ib_fm_mode)fm;

    const struct ib_val *v = ib_val_get(root, "derive");
    if (!v || v->kind == IB_VAL_NULL || !ib_schema_is_map(s, v, "'derive'"))
        return;
    static const char *const keys[] = {"id", "title", NULL};
    static const char *const id_from[] = {"path", NULL};
    static const char *const title_from[] = {"heading", NULL};
    ib_schema_unknown_keys(s, v, keys, "'derive'");
    cfg->derive_id = ib_schema_enum(s, v, "id", id_from) == 0;
    cfg->derive_title = ib_schema_enum(s, v, "title", title_from) == 0;
}

static void
load_ignore_keys(const struct ib_schema *s, const struct ib_val *root,
                 struct ib_config *cfg)
{
    struct ib_reflist l;
    load_texts(s, root, "ignore_keys", &cfg->ignore_keys, &l);
    for (size_t i = 0; i < l.n; i++) {
        const char *key = l.items[i].s;
        /* Dropping a key that an alias renames: which one is meant? */
        if (ib_config_canonical_key(cfg, key) != key) {
            ib_diag_add(s->d, IB_SEV_ERROR,
                        (struct ib_loc){s->file, l.items[i].line,
                                        l.items[i].col},
                        "field-type",
                        "'%s' is in both 'ignore_keys' and 'aliases'", key);
            continue;
        }
        cfg->ignore_keys[cfg->nignore_keys++] = key;
    }
}

static void
load_value_aliases(const struct ib_schema *s, const struct ib_val *root,
                   struct ib_config *cfg)
{
    const struct ib_val *v = ib_val_get(root, "value_aliases");
    if (!v || v->kind == IB_VAL_NULL ||
        !ib_schema_is_map(s, v, "'value_aliases'"))
        return;
    bool ok = true;
    for (size_t i = 0; i < v->n; i++) {
        const struct ib_val_pair *p = &v->pairs[i];
        if (!ib_doc_is_key(p->key)) {
            const char *hint = ib_text_suggest(p->key, ib_doc_keys);
            ib_diag_add(s->d, IB_SEV_ERROR,
                        (struct ib_loc){s->file, p->line, p->col},
                        "field-type",
                        "'value_aliases' entry '%s' must be a front-matter "
                        "key (ours, after aliases)%s%s%s",
                        p->key, hint ? "; did you mean '" : "",
                        hint ? hint : "", hint ? "'?" : "");
            ok = false;
            continue;
        }
        if (!ib_schema_is_map(s, p->val, "an entry of 'value_aliases'")) {
            ok = false;
            continue;
        }
        for (size_t k = 0; k < p->val->n; k++) {
            const struct ib_val *to = p->val->pairs[k].val;
            if (ib_val_is_scalar(to) && to->kind != IB_VAL_NULL)
                continue;
            ib_diag_add(s->d, IB_SEV_ERROR, ib_schema_loc(s, to),
                        "field-type",
                        "value alias '%s' of '%s' must be a single value, "
                        "not %s",
                        p->val->pairs[k].key, p->key, ib_val_kind_name(to));
            ok = false;
        }
    }
    if (ok)
        cfg->value_aliases = v;
}

/* A permalink pattern: a site path with one :id or :path in it. */
static bool
is_permalink(const char *p)
{
    if (p[0] != '/' || strpbrk(p, "?# \t"))
        return false;
    size_t n = 0;
    for (const char *c = strchr(p, ':'); c; c = strchr(c + 1, ':'))
        n += ib_config_permalink_token(c) != 0;
    return n == 1 && ib_config_permalink_token(strchr(p, ':')) != 0;
}

size_t
ib_config_permalink_token(const char *s)
{
    size_t n = ib_text_starts_with(s, ":id")     ? 3
               : ib_text_starts_with(s, ":path") ? 5
                                                 : 0;
    char c = '\0';
    if (n)
        c = s[n];
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9') || c == '_';
    return word ? 0 : n;
}

/* An origin: http(s)://host[:port], nothing after it but one '/'. */
static const char *
origin_of(struct ib_arena *a, const char *s)
{
    const char *h = ib_text_starts_with(s, "https://")  ? s + 8
                    : ib_text_starts_with(s, "http://") ? s + 7
                                                        : NULL;
    if (!h)
        return NULL;
    size_t n = strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV"
                         "WXYZ0123456789.-:");
    if (n == 0 || !(h[n] == '\0' || (h[n] == '/' && h[n + 1] == '\0')))
        return NULL;
    return ib_arena_strndup(a, s, (size_t)(h - s) + n);
}

static void
load_links(const struct ib_schema *s, const struct ib_val *root,
           struct ib_config *cfg)
{
    const struct ib_val *v = ib_val_get(root, "links");
    if (!v || v->kind == IB_VAL_NULL || !ib_schema_is_map(s, v, "'links'"))
        return;
    static const char *const keys[] = {"permalinks", "origin", NULL};
    ib_schema_unknown_keys(s, v, keys, "'links'");
    struct ib_reflist l;
    load_texts(s, v, "permalinks", &cfg->permalinks, &l);
    for (size_t i = 0; i < l.n; i++) {
        if (is_permalink(l.items[i].s)) {
            cfg->permalinks[cfg->npermalinks++] = l.items[i].s;
            continue;
        }
        ib_diag_add(s->d, IB_SEV_ERROR,
                    (struct ib_loc){s->file, l.items[i].line, l.items[i].col},
                    "field-type",
                    "permalink '%s' must be a site path starting with '/' "
                    "with one :id or :path in it, such as /policies/:id/",
                    l.items[i].s);
    }
    struct ib_ref r;
    if (ib_schema_text(s, v, "origin", &r)) {
        cfg->link_origin = origin_of(s->a, r.s);
        if (!cfg->link_origin)
            ib_diag_add(s->d, IB_SEV_ERROR,
                        (struct ib_loc){s->file, r.line, r.col}, "field-type",
                        "'origin' must be a site's address without a path, "
                        "such as https://www.example.org, not '%s'",
                        r.s);
    }
}

bool
ib_config_present(const char *root, struct ib_diag *d)
{
    char *path;
    if (asprintf(&path, "%s/handbook.yaml", root) < 0)
        return true; /* reading it will tell */
    bool missing = access(path, F_OK) != 0 && errno == ENOENT;
    free(path);
    if (missing)
        ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){NULL, 0, 0},
                    "file-unreadable",
                    "no handbook.yaml in '%s': run ismsbook in a "
                    "handbook's root folder, use -C DIR, or start one "
                    "with 'ismsbook init DIR'",
                    root);
    return !missing;
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
    cfg->link_origin = "";
    cfg->review_interval = (struct ib_interval){12, IB_UNIT_MONTHS};
    cfg->warn_days = 30;
    cfg->whats_new_days = 90;
    cfg->max_class = IB_CLASS_INTERNAL;
    cfg->filter_limits = (struct ib_filter_limits){
        IB_FILTER_INSTRUCTIONS, (size_t)IB_FILTER_MEMORY_MB << 20,
        IB_FILTER_SECONDS};

    if (!ib_config_present(root, d))
        return -1;
    struct ib_val *v;
    if (ib_yaml_load(a, root, cfg->file, IB_CONFIG_MAX, &v, d) < 0)
        return -1;

    struct ib_schema s = {a, d, cfg->file, 1, NULL};
    if (v->kind == IB_VAL_NULL) {
        /* An empty handbook.yaml is valid: every key has a default. */
    } else if (ib_schema_is_map(&s, v, "handbook.yaml")) {
        /* Severities first, so they also apply to handbook.yaml itself. */
        load_rules(&s, v, cfg);
        ib_schema_unknown_keys(&s, v, config_keys, "handbook.yaml");
        cfg->title = text_or(&s, v, "title", cfg->title);
        cfg->organisation = text_or(&s, v, "organisation", "");
        load_base_url(&s, v, cfg);
        struct ib_ref theme;
        if (ib_schema_text(&s, v, "theme", &theme)) {
            cfg->theme = theme.s;
            cfg->theme_line = theme.line;
            cfg->theme_col = theme.col;
        }
        struct ib_ref soa;
        if (ib_schema_text(&s, v, "soa", &soa)) {
            if (is_safe_path(soa.s))
                cfg->soa = soa.s;
            else
                ib_diag_add(d, IB_SEV_ERROR,
                            (struct ib_loc){cfg->file, soa.line, soa.col},
                            "field-type",
                            "'soa' must name a file below the handbook root, "
                            "such as content/soa.yaml (no '..', not "
                            "absolute), not '%s'",
                            soa.s);
        }
        struct ib_ref lang;
        if (ib_schema_text(&s, v, "language", &lang)) {
            if (ib_i18n_is_language(lang.s))
                cfg->language = ib_i18n_language_tag(s.a, lang.s);
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
        load_exclude(&s, v, cfg);
        load_derive(&s, v, cfg);
        load_ignore_keys(&s, v, cfg);
        load_value_aliases(&s, v, cfg);
        load_links(&s, v, cfg);
        load_markdown(&s, v, cfg);
        load_lists(&s, v);
        load_filters(&s, v, cfg);
        load_filter_limits(&s, v, cfg);
    }
    return ib_diag_errors(d) > before ? -1 : 0;
}

void
ib_config_apply_rules(const struct ib_config *cfg, struct ib_diag *d)
{
    apply_severities(cfg->rules, d);
}

const char *
ib_config_canonical_key(const struct ib_config *cfg, const char *key)
{
    for (size_t i = 0; i < cfg->naliases; i++)
        if (strcmp(cfg->aliases[i].from, key) == 0)
            return cfg->aliases[i].to;
    return key;
}

bool
ib_config_is_ignored_key(const struct ib_config *cfg, const char *key)
{
    for (size_t i = 0; i < cfg->nignore_keys; i++)
        if (strcmp(cfg->ignore_keys[i], key) == 0)
            return true;
    return false;
}

const char *
ib_config_person_name(const struct ib_config *cfg, const char *id)
{
    const struct ib_val *name =
        ib_val_get(ib_val_get(cfg->people, id), "name");
    return name && ib_val_is_scalar(name) && name->len ? name->str : id;
}

const char *
ib_config_value_alias(const struct ib_config *cfg, const char *key,
                      const char *value)
{
    const struct ib_val *m = ib_val_get(cfg->value_aliases, key);
    const struct ib_val *to = m ? ib_val_get(m, value) : NULL;
    return to && ib_val_is_scalar(to) && to->str ? to->str : NULL;
}

enum glob_kind { G_LIT, G_ONE, G_STAR, G_DSTAR, G_DSTAR_SLASH, G_CLASS };

struct glob_tok {
    enum glob_kind kind;
    char c;          /* G_LIT */
    const char *set; /* G_CLASS: the characters between the brackets */
    size_t setlen;
    bool neg;
};

/* Splits PATTERN into tokens; an unclosed '[' is a literal. */
static size_t
glob_tokens(const char *p, struct glob_tok *t)
{
    size_t n = 0;
    while (*p) {
        struct glob_tok *k = &t[n++];
        *k = (struct glob_tok){G_LIT, *p, NULL, 0, false};
        if (*p == '\\' && p[1]) {
            k->c = p[1];
            p += 2;
        } else if (*p == '?') {
            k->kind = G_ONE;
            p++;
        } else if (p[0] == '*' && p[1] == '*') {
            p += 2;
            while (*p == '*')
                p++;
            k->kind = *p == '/' ? G_DSTAR_SLASH : G_DSTAR;
            if (*p == '/')
                p++;
        } else if (*p == '*') {
            k->kind = G_STAR;
            p++;
        } else if (*p == '[') {
            const char *q = p + 1;
            bool neg = *q == '!' || *q == '^';
            if (neg)
                q++;
            const char *end = strchr(*q == ']' ? q + 1 : q, ']');
            if (!end) {
                p++;
                continue;
            }
            *k = (struct glob_tok){G_CLASS, 0, q, (size_t)(end - q), neg};
            p = end + 1;
        } else {
            p++;
        }
    }
    return n;
}

static bool
class_has(const struct glob_tok *t, char c)
{
    bool in = false;
    for (size_t i = 0; i < t->setlen && !in; i++) {
        if (i + 2 < t->setlen && t->set[i + 1] == '-') {
            in = (unsigned char)c >= (unsigned char)t->set[i] &&
                 (unsigned char)c <= (unsigned char)t->set[i + 2];
            i += 2;
        } else {
            in = c == t->set[i];
        }
    }
    return in != t->neg;
}

/* Follows the moves that consume nothing; they only ever go forward. */
static void
glob_close(const struct glob_tok *t, size_t n, bool *on)
{
    for (size_t i = 0; i < n; i++)
        if (on[i] && (t[i].kind == G_STAR || t[i].kind == G_DSTAR ||
                      t[i].kind == G_DSTAR_SLASH))
            on[i + 1] = true;
}

bool
ib_config_glob_match(const char *pattern, const char *path)
{
    /*
     * A set of states instead of backtracking, so no pattern can take
     * exponential time. State i waits at token i; state n + 1 + i is
     * inside a folder name that a "**" + "/" token is skipping.
     */
    size_t plen = strlen(pattern);
    struct glob_tok *t = ib_xcalloc(plen + 1, sizeof(*t));
    size_t n = glob_tokens(pattern, t);
    size_t ns = 2 * (n + 1);
    bool *cur = ib_xcalloc(ns, sizeof(*cur));
    bool *next = ib_xcalloc(ns, sizeof(*next));
    cur[0] = true;
    glob_close(t, n, cur);
    for (const char *c = path; *c; c++) {
        memset(next, 0, ns * sizeof(*next));
        for (size_t i = 0; i < n; i++) {
            const struct glob_tok *k = &t[i];
            if (cur[n + 1 + i]) {
                if (*c == '/')
                    next[i] = true;
                else
                    next[n + 1 + i] = true;
            }
            if (!cur[i])
                continue;
            switch (k->kind) {
            case G_LIT:
                next[i + 1] |= *c == k->c;
                break;
            case G_ONE:
                next[i + 1] |= *c != '/';
                break;
            case G_STAR:
                next[i] |= *c != '/';
                break;
            case G_DSTAR:
                next[i] = true;
                break;
            case G_DSTAR_SLASH:
                next[n + 1 + i] |= *c != '/';
                break;
            case G_CLASS:
                next[i + 1] |= *c != '/' && class_has(k, *c);
                break;
            }
        }
        glob_close(t, n, next);
        bool *tmp = cur;
        cur = next;
        next = tmp;
    }
    bool match = cur[n];
    free(t);
    free(cur);
    free(next);
    return match;
}

bool
ib_config_is_excluded(const struct ib_config *cfg, const char *path)
{
    if (!cfg->nexclude)
        return false;
    /* The path itself, then each folder it is in ("content/a", then
     * "content/a/"), so a pattern can name a whole folder. */
    char *buf = ib_xstrdup(path);
    bool hit = false;
    for (size_t i = 0; i < cfg->nexclude && !hit; i++) {
        const char *pat = cfg->exclude[i];
        hit = ib_config_glob_match(pat, path);
        for (char *sl = strchr(buf, '/'); sl && !hit;
             sl = strchr(sl + 1, '/')) {
            char keep = sl[1];
            sl[1] = '\0';
            hit = ib_config_glob_match(pat, buf);
            *sl = '\0';
            hit = hit || ib_config_glob_match(pat, buf);
            *sl = '/';
            sl[1] = keep;
        }
    }
    free(buf);
    return hit;
}
