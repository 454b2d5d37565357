/* SPDX-License-Identifier: MIT */
/*
 * soa.yaml reading. Only the file's shape is checked here; whether each
 * id names a control, and what the decisions mean for coverage, is the
 * business of rules.c, which has the catalog.
 */
#include "soa.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "schema.h"
#include "val.h"
#include "yaml.h"

#define SOA_MAX ((size_t)1024 * 1024)

static const char *const impl_names[] = {
    "", "implemented", "partial", "planned", "not-started", NULL,
};

const char *
ib_impl_name(enum ib_impl s)
{
    return impl_names[s];
}

static void
load_entry(const struct ib_schema *s, const struct ib_val_pair *p,
           struct ib_soa_entry *e)
{
    static const char *const keys[] = {"excluded", "status", "justification",
                                       NULL};
    *e = (struct ib_soa_entry){p->key, p->line, p->col, false, "", 0,
                               IB_IMPL_UNSET};
    const struct ib_val *v = p->val;
    if (!v || v->kind == IB_VAL_NULL)
        return; /* listed but not decided yet */
    if (!ib_schema_is_map(s, v, "a control's decision"))
        return;
    ib_schema_unknown_keys(s, v, keys, "a control's decision");
    const struct ib_val *ex = ib_val_get(v, "excluded");
    if (ex && ex->kind != IB_VAL_NULL) {
        if (ex->kind == IB_VAL_BOOL)
            e->excluded = ex->b;
        else
            ib_diag_add(s->d, IB_SEV_ERROR, ib_schema_loc(s, ex), "field-type",
                        "'excluded' must be true or false, not '%s'",
                        ib_val_is_scalar(ex) ? ex->str : ib_val_kind_name(ex));
    }
    struct ib_ref j;
    if (ib_schema_text(s, v, "justification", &j)) {
        e->justification = j.s;
        e->just_line = j.line;
    }
    /* Index 0 is the empty name, which no one writes: skip it. */
    int st = ib_schema_enum(s, v, "status", impl_names + 1);
    if (st >= 0)
        e->status = (enum ib_impl)(st + 1);
}

int
ib_soa_load(struct ib_arena *a, const char *root, const char *file,
            struct ib_soa *soa, struct ib_diag *d)
{
    soa->file = file;
    soa->entries = NULL;
    soa->n = 0;
    if (!file[0])
        return 0;
    struct ib_val *v;
    if (ib_yaml_load(a, root, file, SOA_MAX, &v, d) < 0)
        return -1;
    struct ib_schema s = {a, d, file, 1, NULL};
    if (v->kind == IB_VAL_NULL)
        return 0;
    if (!ib_schema_is_map(&s, v, "soa.yaml"))
        return -1;
    static const char *const keys[] = {"controls", NULL};
    ib_schema_unknown_keys(&s, v, keys, "soa.yaml");
    const struct ib_val *c = ib_val_get(v, "controls");
    if (!c || c->kind == IB_VAL_NULL)
        return 0;
    if (!ib_schema_is_map(&s, c, "'controls'"))
        return -1;
    soa->entries = ib_arena_calloc(a, c->n ? c->n : 1, sizeof(*soa->entries));
    for (size_t i = 0; i < c->n; i++)
        load_entry(&s, &c->pairs[i], &soa->entries[soa->n++]);
    return 0;
}
