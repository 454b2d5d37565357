/* SPDX-License-Identifier: MIT */
/* Build-lifetime memory: allocate often, free everything at once. */
#ifndef IB_ARENA_H
#define IB_ARENA_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * An arena hands out memory that lives until ib_arena_free. Nothing is freed
 * piece by piece. An arena is not thread-safe: give each thread its own.
 * Built with -DIB_ARENA_DEBUG (the SANITIZE=1 build), every allocation is
 * its own malloc so AddressSanitizer sees overflows.
 */
struct ib_arena;

struct ib_arena *ib_arena_new(void);
void ib_arena_free(struct ib_arena *a);

/* What an arena aligns its allocations for: pointers, sizes and doubles,
 * which is all the program puts in arenas (strings are not aligned). */
union ib_arena_word {
    void *p;
    double d;
    long long ll;
};
#define IB_ARENA_ALIGN ((uintptr_t)_Alignof(union ib_arena_word))

/*
 * The free bytes [NEXT, END) of an arena's current block, first in every
 * arena: the one part of it that the inline ib_arena_alloc reads. Values,
 * which builds make by the million, take a few instructions each. Both
 * are NULL while the arena has no block, and always with IB_ARENA_DEBUG.
 */
struct ib_arena_room {
    char *next, *end;
};

/* ib_arena_alloc when the current block has no room for N bytes. */
void *ib_arena_alloc_slow(struct ib_arena *a, size_t n, size_t align);

/* Returns N bytes aligned for pointers, sizes and doubles (all an arena
 * holds); never NULL (exits on exhaustion). */
static inline void *
ib_arena_alloc(struct ib_arena *a, size_t n)
{
    struct ib_arena_room *r = (struct ib_arena_room *)a;
    uintptr_t at =
        ((uintptr_t)r->next + IB_ARENA_ALIGN - 1) & ~(IB_ARENA_ALIGN - 1);
    if (r->next && n > 0 && n <= (uintptr_t)r->end - at) {
        r->next = (char *)at + n;
        return (char *)at;
    }
    return ib_arena_alloc_slow(a, n, IB_ARENA_ALIGN);
}

/*
 * Growing arrays: ib_arena_recycle hands back the N bytes at P, which A
 * gave and nothing uses any more, and ib_arena_alloc_recycled takes N
 * bytes from what was handed back before it allocates. Only powers of two
 * are kept, which is what arrays that double are.
 */
void *ib_arena_alloc_recycled(struct ib_arena *a, size_t n);
void ib_arena_recycle(struct ib_arena *a, void *p, size_t n);
/* Exits with "out of memory": N * SIZE bytes overflow. */
void ib_arena_too_large(void);

/* Like ib_arena_alloc for N * SIZE bytes, zero-filled, overflow-checked. */
static inline void *
ib_arena_calloc(struct ib_arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        ib_arena_too_large();
    void *p = ib_arena_alloc(a, n * size);
    memset(p, 0, n * size);
    return p;
}
char *ib_arena_strdup(struct ib_arena *a, const char *s);
char *ib_arena_strndup(struct ib_arena *a, const char *s, size_t n);
char *ib_arena_printf(struct ib_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The strings S, ... up to a NULL, joined into a new string in A: the
 * "%s%s" of ib_arena_printf without parsing a format, for paths and
 * addresses made by the thousand. */
char *ib_arena_cat(struct ib_arena *a, const char *s, ...)
    __attribute__((sentinel));

#endif
