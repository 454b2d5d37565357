/* SPDX-License-Identifier: MIT */
/*
 * Typed reads from YAML maps for the front matter and the configuration.
 * Each reader reports its own type problem once, at the value's position,
 * so callers only decide what a missing value means.
 */
#include "schema.h"

#include <string.h>

#include "arena.h"
#include "buf.h"
#include "text.h"
#include "val.h"

struct ib_loc
ib_schema_loc(const struct ib_schema *s, const struct ib_val *v)
{
    if (v && v->line)
        return (struct ib_loc){s->file, v->line, v->col};
    return (struct ib_loc){s->file, s->fallback_line, 0};
}

const char *
ib_schema_key(const struct ib_schema *s, const struct ib_val *map,
              const char *key)
{
    const struct ib_val *w = s->spelt ? ib_val_get(s->spelt, key) : NULL;
    if (!w)
        return key;
    const struct ib_val_pair *p = ib_val_get_pair(map, key);
    return p && p->line == w->line && p->col == w->col ? w->str : key;
}

static const struct ib_val *
present(const struct ib_val *map, const char *key)
{
    const struct ib_val *v = ib_val_get(map, key);
    return v && v->kind != IB_VAL_NULL ? v : NULL;
}

bool
ib_schema_text(const struct ib_schema *s, const struct ib_val *map,
               const char *key, struct ib_ref *out)
{
    const struct ib_val *v = present(map, key);
    if (!v)
        return false;
    if (!ib_val_is_scalar(v)) {
        ib_diag_add(s->d, IB_SEV_ERROR, ib_schema_loc(s, v), "field-type",
                    "'%s' must be text, not %s", ib_schema_key(s, map, key),
                    ib_val_kind_name(v));
        return false;
    }
    struct ib_loc loc = ib_schema_loc(s, v);
    *out = (struct ib_ref){v->str, loc.line, loc.col,
                           v->kind == IB_VAL_STR ? v : NULL};
    return true;
}

bool
ib_schema_list(const struct ib_schema *s, const struct ib_val *map,
               const char *key, struct ib_reflist *out)
{
    out->items = NULL;
    out->n = 0;
    const struct ib_val *v = present(map, key);
    if (!v)
        return false;
    if (v->kind == IB_VAL_MAP) {
        ib_diag_add(s->d, IB_SEV_ERROR, ib_schema_loc(s, v), "field-type",
                    "'%s' must be a list, not a map",
                    ib_schema_key(s, map, key));
        return false;
    }
    if (ib_val_is_scalar(v)) {
        struct ib_loc loc = ib_schema_loc(s, v);
        out->items = ib_arena_alloc(s->a, sizeof(*out->items));
        out->items[0] = (struct ib_ref){v->str, loc.line, loc.col,
                                        v->kind == IB_VAL_STR ? v : NULL};
        out->n = 1;
        return true;
    }
    out->items = ib_arena_calloc(s->a, v->n ? v->n : 1, sizeof(*out->items));
    for (size_t i = 0; i < v->n; i++) {
        const struct ib_val *it = v->items[i];
        if (!ib_val_is_scalar(it) || it->kind == IB_VAL_NULL) {
            ib_diag_add(s->d, IB_SEV_ERROR, ib_schema_loc(s, it),
                        "field-type", "items of '%s' must be text, not %s",
                        ib_schema_key(s, map, key), ib_val_kind_name(it));
            continue;
        }
        struct ib_loc loc = ib_schema_loc(s, it);
        out->items[out->n++] = (struct ib_ref){
            it->str, loc.line, loc.col, it->kind == IB_VAL_STR ? it : NULL};
    }
    return true;
}

bool
ib_schema_date(const struct ib_schema *s, const struct ib_val *map,
               const char *key, struct ib_date *out)
{
    const struct ib_val *v = present(map, key);
    if (!v)
        return false;
    if (ib_val_is_scalar(v) && ib_date_parse(v->str, v->len, out))
        return true;
    const char *name = ib_schema_key(s, map, key);
    if (ib_val_is_scalar(v))
        ib_diag_add(s->d, IB_SEV_ERROR, ib_schema_loc(s, v), "date-invalid",
                    "'%s' is not a real date in the form YYYY-MM-DD: '%s'",
                    name, v->str);
    else
        ib_diag_add(s->d, IB_SEV_ERROR, ib_schema_loc(s, v), "date-invalid",
                    "'%s' must be a date (YYYY-MM-DD), not %s", name,
                    ib_val_kind_name(v));
    return false;
}

bool
ib_schema_interval(const struct ib_schema *s, const struct ib_val *map,
                   const char *key, struct ib_interval *out)
{
    const struct ib_val *v = present(map, key);
    if (!v)
        return false;
    bool too_long = false;
    if (ib_val_is_scalar(v) &&
        ib_interval_parse(v->str, v->len, out, &too_long))
        return true;
    const char *name = ib_schema_key(s, map, key);
    if (too_long) {
        ib_diag_add(s->d, IB_SEV_ERROR, ib_schema_loc(s, v), "field-type",
                    "'%s' is too long: '%s' is over the limit of %d years "
                    "(%d months or %d days)",
                    name, v->str, IB_INTERVAL_MAX_YEARS,
                    IB_INTERVAL_MAX_YEARS * 12, IB_INTERVAL_MAX_DAYS);
        return false;
    }
    ib_diag_add(s->d, IB_SEV_ERROR, ib_schema_loc(s, v), "field-type",
                "'%s' must be an interval such as '12 months', '2 years' or "
                "'90 days', not '%s'",
                name, ib_val_is_scalar(v) ? v->str : ib_val_kind_name(v));
    return false;
}

int
ib_schema_enum(const struct ib_schema *s, const struct ib_val *map,
               const char *key, const char *const *names)
{
    const struct ib_val *v = present(map, key);
    if (!v)
        return -1;
    if (ib_val_is_scalar(v))
        for (int i = 0; names[i]; i++)
            if (strcmp(v->str, names[i]) == 0)
                return i;
    const char *name = ib_schema_key(s, map, key);
    struct ib_buf list;
    ib_buf_init(&list);
    for (int i = 0; names[i]; i++)
        ib_buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
    const char *hint = ib_val_is_scalar(v) ? ib_text_suggest(v->str, names)
                                           : NULL;
    ib_diag_add(s->d, IB_SEV_ERROR, ib_schema_loc(s, v), "field-type",
                "'%s' must be one of %s, not '%s'%s%s%s", name,
                ib_buf_cstr(&list),
                ib_val_is_scalar(v) ? v->str : ib_val_kind_name(v),
                hint ? " (did you mean '" : "", hint ? hint : "",
                hint ? "'?)" : "");
    ib_buf_fini(&list);
    return -1;
}

void
ib_schema_unknown_keys(const struct ib_schema *s, const struct ib_val *map,
                       const char *const *known, const char *what)
{
    if (!map || map->kind != IB_VAL_MAP)
        return;
    for (size_t i = 0; i < map->n; i++) {
        const struct ib_val_pair *p = &map->pairs[i];
        bool found = false;
        for (size_t k = 0; known[k] && !found; k++)
            found = strcmp(p->key, known[k]) == 0;
        if (found)
            continue;
        const char *hint = ib_text_suggest(p->key, known);
        struct ib_loc loc = {s->file, p->line, p->col};
        if (hint)
            ib_diag_add(s->d, IB_SEV_WARNING, loc, "field-unknown",
                        "unknown key '%s' in %s (did you mean '%s'?)", p->key,
                        what, hint);
        else
            ib_diag_add(s->d, IB_SEV_WARNING, loc, "field-unknown",
                        "unknown key '%s' in %s", p->key, what);
    }
}

bool
ib_schema_is_map(const struct ib_schema *s, const struct ib_val *v,
                 const char *what)
{
    if (v && v->kind == IB_VAL_MAP)
        return true;
    ib_diag_add(s->d, IB_SEV_ERROR, ib_schema_loc(s, v), "field-type",
                "%s must be a map of keys and values, not %s", what,
                ib_val_kind_name(v));
    return false;
}
