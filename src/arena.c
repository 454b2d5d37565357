/* SPDX-License-Identifier: MIT */
/*
 * Arena allocator. Memory comes from a list of blocks; a request larger
 * than a quarter block gets a block of its own so little space is wasted.
 * The arena owns every block and releases them together.
 */
#include "arena.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

/* A multiple of ALIGN: a block's end is aligned, so that aligning the
 * next free byte never passes it (see ib_arena_alloc). */
#define BLOCK_SIZE ((size_t)64 * 1024)
#define ALIGN IB_ARENA_ALIGN
_Static_assert(BLOCK_SIZE % ALIGN == 0, "a block's end is aligned");
/* Recycled pieces are kept by size: powers of two up to 2^NCLASSES. */
#define NCLASSES 24

struct block {
    struct block *next, *prev;
    size_t size;
    union ib_arena_word data[];
};

struct ib_arena {
    struct ib_arena_room room; /* of HEAD; first, for arena.h */
    struct block *head;
    void *recycled[NCLASSES]; /* each piece starts with the next's address */
};

struct ib_arena *
ib_arena_new(void)
{
    return ib_xcalloc(1, sizeof(struct ib_arena));
}

void
ib_arena_free(struct ib_arena *a)
{
    if (!a)
        return;
    struct block *b = a->head;
    while (b) {
        struct block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

static struct block *
new_block(size_t size)
{
    struct block *b = ib_xmalloc(sizeof(*b) + size);
    b->size = size;
    b->prev = NULL;
    return b;
}

/* Puts B at the front of A's blocks, or second if KEEP_HEAD. */
static void
link_block(struct ib_arena *a, struct block *b, bool keep_head)
{
    struct block *after = keep_head && a->head ? a->head : NULL;
    b->prev = after;
    b->next = after ? after->next : a->head;
    if (b->next)
        b->next->prev = b;
    if (after)
        after->next = b;
    else
        a->head = b;
}

static void *
alloc(struct ib_arena *a, size_t n, size_t align)
{
    if (n > SIZE_MAX / 2) {
        fputs("ismsbook: error: out of memory\n", stderr);
        exit(1);
    }
    if (n == 0)
        n = 1;
#ifdef IB_ARENA_DEBUG
    (void)align;
    struct block *b = new_block(n);
    link_block(a, b, false);
    return b->data;
#else
    if (n > BLOCK_SIZE / 4) {
        /* Keep the current block in front for further small requests. */
        struct block *b = new_block(n);
        link_block(a, b, true);
        return b->data;
    }
    uintptr_t at = ((uintptr_t)a->room.next + align - 1) & ~(align - 1);
    if (!a->room.next || n > (uintptr_t)a->room.end - at) {
        struct block *b = new_block(BLOCK_SIZE);
        link_block(a, b, false);
        a->room.next = (char *)b->data;
        a->room.end = a->room.next + BLOCK_SIZE;
        at = (uintptr_t)a->room.next;
    }
    a->room.next = (char *)at + n;
    return (void *)at;
#endif
}

void *
ib_arena_alloc_slow(struct ib_arena *a, size_t n, size_t align)
{
    return alloc(a, n, align);
}

/* The class of N bytes, or -1 if N is not a power of two that has one. */
static int
class_of(size_t n)
{
    if (n < sizeof(void *) || (n & (n - 1)))
        return -1;
    int c = 0;
    while ((size_t)1 << c < n)
        c++;
    return c < NCLASSES ? c : -1;
}

void *
ib_arena_alloc_recycled(struct ib_arena *a, size_t n)
{
    int c = class_of(n);
    if (c < 0 || !a->recycled[c])
        return alloc(a, n, ALIGN);
    void *p = a->recycled[c];
    memcpy(&a->recycled[c], p, sizeof(void *));
    return p;
}

void
ib_arena_recycle(struct ib_arena *a, void *p, size_t n)
{
#ifdef IB_ARENA_DEBUG
    /* Freed for real, so the sanitizers see any later use. */
    (void)n;
    struct block *b =
        (struct block *)((char *)p - offsetof(struct block, data));
    if (b->prev)
        b->prev->next = b->next;
    else
        a->head = b->next;
    if (b->next)
        b->next->prev = b->prev;
    free(b);
#else
    int c = class_of(n);
    if (c < 0)
        return;
    memcpy(p, &a->recycled[c], sizeof(void *));
    a->recycled[c] = p;
#endif
}

void
ib_arena_too_large(void)
{
    fputs("ismsbook: error: out of memory\n", stderr);
    exit(1);
}

char *
ib_arena_strndup(struct ib_arena *a, const char *s, size_t n)
{
    char *p = alloc(a, n + 1, 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *
ib_arena_strdup(struct ib_arena *a, const char *s)
{
    return ib_arena_strndup(a, s, strlen(s));
}

char *
ib_arena_printf(struct ib_arena *a, const char *fmt, ...)
{
    /* Formatted once into a stack buffer, which most texts fit. */
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return ib_arena_strdup(a, "");
    char *p = alloc(a, (size_t)n + 1, 1);
    if ((size_t)n < sizeof small) {
        memcpy(p, small, (size_t)n + 1);
        return p;
    }
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

char *
ib_arena_cat(struct ib_arena *a, const char *s, ...)
{
    va_list ap;
    size_t n = 0;
    va_start(ap, s);
    for (const char *t = s; t; t = va_arg(ap, const char *))
        n += strlen(t);
    va_end(ap);
    char *out = alloc(a, n + 1, 1), *p = out;
    va_start(ap, s);
    for (const char *t = s; t; t = va_arg(ap, const char *)) {
        size_t k = strlen(t);
        memcpy(p, t, k);
        p += k;
    }
    va_end(ap);
    *p = '\0';
    return out;
}
