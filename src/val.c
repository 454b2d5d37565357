/* SPDX-License-Identifier: MIT */
/* Value tree constructors and accessors; all memory comes from an arena. */
#include "val.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "text.h"

static struct ib_val *
make(struct ib_arena *a, enum ib_val_kind kind)
{
    struct ib_val *v = ib_arena_calloc(a, 1, sizeof(*v));
    v->kind = kind;
    return v;
}

struct ib_val *
ib_val_null(struct ib_arena *a)
{
    struct ib_val *v = make(a, IB_VAL_NULL);
    v->str = "";
    return v;
}

struct ib_val *
ib_val_bool(struct ib_arena *a, bool b)
{
    struct ib_val *v = make(a, IB_VAL_BOOL);
    v->b = b;
    atomic_store_explicit(&v->html, IB_VAL_HTML_PLAIN, memory_order_relaxed);
    v->str = b ? "true" : "false";
    v->len = strlen(v->str);
    return v;
}

bool
ib_val_format_whole(double x, char buf[IB_VAL_WHOLE_MAX])
{
    if (!(x > -1e15 && x < 1e15) || x != (double)(long long)x ||
        (x == 0 && signbit(x)))
        return false;
    ib_text_int(buf, (long long)x);
    return true;
}

struct ib_val *
ib_val_num(struct ib_arena *a, double num)
{
    struct ib_val *v = make(a, IB_VAL_NUM);
    char tmp[64];
    v->num = num;
    atomic_store_explicit(&v->html, IB_VAL_HTML_PLAIN, memory_order_relaxed);
    if (!ib_val_format_whole(num, tmp))
        snprintf(tmp, sizeof tmp, "%.15g", num);
    v->str = ib_arena_strdup(a, tmp);
    v->len = strlen(v->str);
    return v;
}

struct ib_val *
ib_val_strn(struct ib_arena *a, const char *s, size_t n)
{
    struct ib_val *v = make(a, IB_VAL_STR);
    v->str = ib_arena_strndup(a, s, n);
    v->len = n;
    return v;
}

struct ib_val *
ib_val_str(struct ib_arena *a, const char *s)
{
    return ib_val_strn(a, s, strlen(s));
}

struct ib_val *
ib_val_str_ref(struct ib_arena *a, const char *s)
{
    struct ib_val *v = make(a, IB_VAL_STR);
    v->str = s;
    v->len = strlen(s);
    return v;
}

struct ib_val *
ib_val_list(struct ib_arena *a)
{
    return make(a, IB_VAL_LIST);
}

struct ib_val *
ib_val_map(struct ib_arena *a)
{
    return make(a, IB_VAL_MAP);
}

/* Gives the list or map V room for CAP items. An outgrown array goes back
 * to the arena for the next container that needs one of its size. */
static void
grow(struct ib_arena *a, struct ib_val *v, size_t cap)
{
    size_t elem = v->kind == IB_VAL_LIST ? sizeof(*v->items)
                                         : sizeof(*v->pairs);
    void *old = v->kind == IB_VAL_LIST ? (void *)v->items : (void *)v->pairs;
    void *p = ib_arena_alloc_recycled(a, cap * elem);
    if (v->n)
        memcpy(p, old, v->n * elem);
    if (v->cap)
        ib_arena_recycle(a, old, v->cap * elem);
    if (v->kind == IB_VAL_LIST)
        v->items = p;
    else
        v->pairs = p;
    v->cap = (uint32_t)cap;
}

static void
reserve(struct ib_arena *a, struct ib_val *v)
{
    if (v->n == v->cap)
        grow(a, v, v->cap ? (size_t)v->cap * 2 : 4);
}

void
ib_val_reserve(struct ib_arena *a, struct ib_val *v, size_t n)
{
    if (n > v->cap)
        grow(a, v, n);
}

void
ib_val_discard(struct ib_arena *a, struct ib_val *v)
{
    if (!v->cap)
        return;
    size_t elem = v->kind == IB_VAL_LIST ? sizeof(*v->items)
                                         : sizeof(*v->pairs);
    ib_arena_recycle(a, v->kind == IB_VAL_LIST ? (void *)v->items
                                               : (void *)v->pairs,
                     v->cap * elem);
    v->items = NULL;
    v->n = v->cap = 0;
    if (v->kind == IB_VAL_MAP) {
        v->index = NULL;
        v->keys = 0;
    }
}

void
ib_val_push(struct ib_arena *a, struct ib_val *list, struct ib_val *v)
{
    reserve(a, list);
    list->items[list->n++] = v;
}

/* Open addressing over the pairs, kept at most half full. */
struct ib_val_index {
    uint32_t mask;
    uint32_t slot[]; /* pair number + 1; 0 is empty */
};

void
ib_val_index(struct ib_arena *a, struct ib_val *map)
{
    size_t size = 16;
    while (size < 2 * (size_t)map->n)
        size *= 2;
    struct ib_val_index *x =
        ib_arena_calloc(a, 1, sizeof(*x) + size * sizeof(*x->slot));
    x->mask = (uint32_t)(size - 1);
    /* In order, so that a key's first pair is met first, as a scan would. */
    for (uint32_t i = 0; i < map->n; i++) {
        uint32_t j = map->pairs[i].hash & x->mask;
        while (x->slot[j])
            j = (j + 1) & x->mask;
        x->slot[j] = i + 1;
    }
    map->index = x;
}

/* Appends KEY, whose hash is HASH, with V to MAP. */
static struct ib_val_pair *
append(struct ib_arena *a, struct ib_val *map, const char *key,
       unsigned hash, struct ib_val *v)
{
    map->index = NULL;
    map->keys |= ib_val_key_bit(hash);
    reserve(a, map);
    struct ib_val_pair *p = &map->pairs[map->n++];
    p->key = key;
    p->hash = hash;
    p->line = p->col = 0;
    p->val = v;
    return p;
}

struct ib_val *
ib_val_set_hashed(struct ib_arena *a, struct ib_val *map, const char *key,
                  unsigned hash, struct ib_val *v)
{
    struct ib_val_pair *p =
        (struct ib_val_pair *)ib_val_get_pair_hashed(map, key, hash);
    if (p) {
        p->val = v;
        return v;
    }
    append(a, map, key, hash, v);
    return v;
}

struct ib_val_pair *
ib_val_append_hashed(struct ib_arena *a, struct ib_val *map, const char *key,
                     unsigned hash, struct ib_val *v)
{
    return append(a, map, key, hash, v);
}

/* The pair of KEY (hash HASH) in MAP, which may have it. */
static const struct ib_val_pair *
find(const struct ib_val *map, const char *key, unsigned hash)
{
    const struct ib_val_index *x = map->index;
    if (x) {
        for (uint32_t j = hash & x->mask; x->slot[j]; j = (j + 1) & x->mask) {
            const struct ib_val_pair *p = &map->pairs[x->slot[j] - 1];
            if (p->hash == hash && strcmp(p->key, key) == 0)
                return p;
        }
        return NULL;
    }
    for (size_t i = 0; i < map->n; i++)
        if (map->pairs[i].hash == hash && strcmp(map->pairs[i].key, key) == 0)
            return &map->pairs[i];
    return NULL;
}

const struct ib_val_pair *
ib_val_get_pair_hashed(const struct ib_val *map, const char *key,
                       unsigned hash)
{
    return ib_val_may_have(map, hash) ? find(map, key, hash) : NULL;
}

const struct ib_val_pair *
ib_val_find_hinted(const struct ib_val *map, const char *key, unsigned hash,
                   uint32_t *hint)
{
    const struct ib_val_pair *p = find(map, key, hash);
    if (p)
        *hint = (uint32_t)(p - map->pairs);
    return p;
}

bool
ib_val_truthy(const struct ib_val *v)
{
    if (!v)
        return false;
    switch (v->kind) {
    case IB_VAL_NULL: return false;
    case IB_VAL_BOOL: return v->b;
    case IB_VAL_STR: return v->len > 0;
    case IB_VAL_LIST: return v->n > 0;
    default: return true;
    }
}

const char *
ib_val_kind_name(const struct ib_val *v)
{
    switch (v ? v->kind : IB_VAL_NULL) {
    case IB_VAL_NULL: return "null";
    case IB_VAL_BOOL: return "a boolean";
    case IB_VAL_NUM: return "a number";
    case IB_VAL_STR: return "a string";
    case IB_VAL_LIST: return "a list";
    default: return "a map";
    }
}

bool
ib_val_is_scalar(const struct ib_val *v)
{
    return v && v->kind != IB_VAL_LIST && v->kind != IB_VAL_MAP;
}
