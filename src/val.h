/* SPDX-License-Identifier: MIT */
/* Values: the tree that YAML parses into and that templates render from. */
#ifndef IB_VAL_H
#define IB_VAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "text.h"

struct ib_arena;

enum ib_val_kind {
    IB_VAL_NULL,
    IB_VAL_BOOL,
    IB_VAL_NUM,
    IB_VAL_STR,
    IB_VAL_LIST,
    IB_VAL_MAP,
};

struct ib_val;

enum ib_val_html {
    IB_VAL_HTML_UNKNOWN, /* not looked at yet */
    IB_VAL_HTML_PLAIN,   /* no byte to escape: copied as it is */
    IB_VAL_HTML_ESCAPE,  /* has some */
};

struct ib_val_pair {
    const char *key;
    unsigned hash;      /* ib_val_hash(key): lookups compare it first */
    unsigned line, col; /* position of the key, 0 if synthesized */
    struct ib_val *val;
};

/*
 * A value. Scalars keep their source text in STR/LEN whatever their kind
 * (a YAML `version: 2.10` is IB_VAL_NUM 2.1 with str "2.10"), so schema code
 * can read any scalar as text. Maps keep insertion order. LINE/COL are the
 * 1-based source position, 0 when the value was made by the program.
 * Every value and string lives in the arena it was made in.
 */
struct ib_val {
    enum ib_val_kind kind;
    unsigned line, col;
    bool quoted;       /* scalar was quoted or a block scalar in YAML */
    /* Scalars: whether STR has a byte that HTML escapes (enum ib_val_html).
     * Numbers and booleans are made plain. A string is unknown until a
     * template first writes it, which learns it then, so that a title
     * shown on many pages is copied as it is after the first: any
     * rendering thread may, with relaxed atomics, as all learn the same. */
    _Atomic unsigned char html;
    bool b;            /* IB_VAL_BOOL */
    union {
        double num; /* IB_VAL_NUM */
        /* IB_VAL_MAP: a hash index of the keys, or NULL (ib_val_index) */
        const struct ib_val_index *index;
    };
    const char *str;   /* scalars: text, NUL-terminated; NULL for list/map */
    union {
        size_t len; /* scalars: length of str in bytes */
        /* IB_VAL_MAP: bit hash % 64 set for each key (and maybe more), so
         * that most lookups of a key the map lacks end without a scan */
        uint64_t keys;
    };
    uint32_t n, cap;   /* list items / map pairs */
    union {
        struct ib_val **items;     /* IB_VAL_LIST */
        struct ib_val_pair *pairs; /* IB_VAL_MAP */
    };
};

struct ib_val *ib_val_null(struct ib_arena *a);
struct ib_val *ib_val_bool(struct ib_arena *a, bool b);
struct ib_val *ib_val_num(struct ib_arena *a, double num);
/* Copies S into the arena. */
struct ib_val *ib_val_str(struct ib_arena *a, const char *s);
struct ib_val *ib_val_strn(struct ib_arena *a, const char *s, size_t n);
/*
 * If X is a whole number of at most 15 digits, writes it to BUF as "%.15g"
 * would (and as %.17g would: no digits are lost) and returns true; else
 * returns false. Counts and years are most numbers: printf is slow.
 */
#define IB_VAL_WHOLE_MAX 24
bool ib_val_format_whole(double x, char buf[IB_VAL_WHOLE_MAX]);
/* Uses S as is: S must live as long as the arena (or be static). */
struct ib_val *ib_val_str_ref(struct ib_arena *a, const char *s);
struct ib_val *ib_val_list(struct ib_arena *a);
struct ib_val *ib_val_map(struct ib_arena *a);
/* Makes room for N items in the list or map V, so that many can be
 * added without moving it; an exact size wastes nothing. */
void ib_val_reserve(struct ib_arena *a, struct ib_val *v, size_t n);
/* Hands the array of the list or map V back to A, the arena it came from,
 * for the next container that grows: V is empty after, and whatever
 * still pointed into the array must not be read. Its items are not freed. */
void ib_val_discard(struct ib_arena *a, struct ib_val *v);

/*
 * Gives MAP a hash index of its keys, so that lookups take a few steps
 * instead of one per key: for large maps that are read far more often
 * than written (the UI strings, which every page reads through its
 * templates). Setting an existing key keeps the index; appending a key
 * drops it, and lookups go back to a scan.
 */
void ib_val_index(struct ib_arena *a, struct ib_val *map);

/* Appends V to LIST. */
void ib_val_push(struct ib_arena *a, struct ib_val *list, struct ib_val *v);
/*
 * Keys go by their hash (ib_text_hash): templates look names up in maps
 * of up to a few hundred keys millions of times, and comparing hashes
 * first spares most strcmp. The functions taking a KEY are inline and
 * hash it where they are called, so that a literal key's hash is a
 * constant; the *_hashed ones take a hash computed beforehand.
 */
static inline unsigned
ib_val_hash(const char *key)
{
    return ib_text_hash(key);
}

/* ib_val_set with HASH = ib_val_hash(KEY). */
struct ib_val *ib_val_set_hashed(struct ib_arena *a, struct ib_val *map,
                                 const char *key, unsigned hash,
                                 struct ib_val *v);
/* As ib_val_append, with HASH = ib_val_hash(KEY) computed beforehand:
 * code that makes many maps of the same keys hashes them once. */
struct ib_val_pair *ib_val_append_hashed(struct ib_arena *a,
                                         struct ib_val *map, const char *key,
                                         unsigned hash, struct ib_val *v);
/* ib_val_get_pair with KEY's hash computed beforehand (templates do). */
const struct ib_val_pair *ib_val_get_pair_hashed(const struct ib_val *map,
                                                 const char *key,
                                                 unsigned hash);

/*
 * Sets KEY to V in MAP, replacing an existing entry of that key, else
 * appending. KEY is used as is, as by ib_val_append: it must live as long
 * as the arena (a string literal, mostly). Returns V.
 */
static inline struct ib_val *
ib_val_set(struct ib_arena *a, struct ib_val *map, const char *key,
           struct ib_val *v)
{
    return ib_val_set_hashed(a, map, key, ib_val_hash(key), v);
}

/*
 * Appends KEY (used as is: it must live as long as the arena) and V to MAP
 * without looking for an existing KEY; the caller guarantees uniqueness.
 * Returns the new pair.
 */
static inline struct ib_val_pair *
ib_val_append(struct ib_arena *a, struct ib_val *map, const char *key,
              struct ib_val *v)
{
    return ib_val_append_hashed(a, map, key, ib_val_hash(key), v);
}

/* ib_val_append of ib_val_str_ref(A, S): S is used as is and must live
 * as long as the arena, as KEY must. Returns the new pair. */
static inline struct ib_val_pair *
ib_val_append_ref(struct ib_arena *a, struct ib_val *map, const char *key,
                  const char *s)
{
    return ib_val_append(a, map, key, ib_val_str_ref(a, s));
}

/* Shorthands for ib_val_set with a new string / bool value. */
static inline void
ib_val_set_str(struct ib_arena *a, struct ib_val *map, const char *key,
               const char *s)
{
    ib_val_set(a, map, key, ib_val_str(a, s ? s : ""));
}

static inline void
ib_val_set_bool(struct ib_arena *a, struct ib_val *map, const char *key,
                bool b)
{
    ib_val_set(a, map, key, ib_val_bool(a, b));
}

/* The bit of a key with hash HASH in a map's KEYS. */
static inline uint64_t
ib_val_key_bit(unsigned hash)
{
    return (uint64_t)1 << (hash & 63);
}

/* False if MAP is no map or certainly lacks the key of hash HASH. */
static inline bool
ib_val_may_have(const struct ib_val *map, unsigned hash)
{
    return map && map->kind == IB_VAL_MAP &&
           (map->keys & ib_val_key_bit(hash));
}

/* ib_val_get_pair_hinted's long way: the key is not at *HINT. */
const struct ib_val_pair *ib_val_find_hinted(const struct ib_val *map,
                                             const char *key, unsigned hash,
                                             uint32_t *hint);

/*
 * ib_val_get_pair_hashed trying pair number *HINT first, and leaving in
 * *HINT the number of the pair found: a template looks each name up in
 * thousands of maps made by one piece of code, with their keys in one
 * order, so the pair is nearly always where it was last time. A map's
 * keys are unique (see ib_val_append), so the pair at *HINT, if it has
 * KEY, is the one a scan would find. Inline: templates call it millions
 * of times.
 */
static inline const struct ib_val_pair *
ib_val_get_pair_hinted(const struct ib_val *map, const char *key,
                       unsigned hash, uint32_t *hint)
{
    if (!ib_val_may_have(map, hash))
        return NULL;
    uint32_t i = *hint;
    if (i < map->n && map->pairs[i].hash == hash &&
        strcmp(map->pairs[i].key, key) == 0)
        return &map->pairs[i];
    return ib_val_find_hinted(map, key, hash, hint);
}

/* Returns the pair of KEY in MAP, or NULL. */
static inline const struct ib_val_pair *
ib_val_get_pair(const struct ib_val *map, const char *key)
{
    return ib_val_get_pair_hashed(map, key, ib_val_hash(key));
}

/* Returns the value of KEY in MAP, or NULL (also when MAP is not a map). */
static inline struct ib_val *
ib_val_get(const struct ib_val *map, const char *key)
{
    const struct ib_val_pair *p = ib_val_get_pair(map, key);
    return p ? p->val : NULL;
}

/*
 * Mustache truthiness: false for null, false, an empty list, and an empty
 * string; true otherwise (0 is true, as in the Mustache spec's data model).
 */
bool ib_val_truthy(const struct ib_val *v);

/* Returns a short name of V's kind for messages: "a string", "a list"... */
const char *ib_val_kind_name(const struct ib_val *v);

/* Returns true if V is a scalar (null, bool, number or string). */
bool ib_val_is_scalar(const struct ib_val *v);

#endif
