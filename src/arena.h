/* SPDX-License-Identifier: MIT */
/* Build-lifetime memory: allocate often, free everything at once. */
#ifndef IB_ARENA_H
#define IB_ARENA_H

#include <stddef.h>

/*
 * An arena hands out memory that lives until ib_arena_free. Nothing is freed
 * piece by piece. An arena is not thread-safe: give each thread its own.
 * Built with -DIB_ARENA_DEBUG (the SANITIZE=1 build), every allocation is
 * its own malloc so AddressSanitizer sees overflows.
 */
struct ib_arena;

struct ib_arena *ib_arena_new(void);
void ib_arena_free(struct ib_arena *a);

/* Returns N bytes aligned for any type; never NULL (exits on exhaustion). */
void *ib_arena_alloc(struct ib_arena *a, size_t n);
/* Like ib_arena_alloc for N * SIZE bytes, zero-filled, overflow-checked. */
void *ib_arena_calloc(struct ib_arena *a, size_t n, size_t size);
char *ib_arena_strdup(struct ib_arena *a, const char *s);
char *ib_arena_strndup(struct ib_arena *a, const char *s, size_t n);
char *ib_arena_printf(struct ib_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
