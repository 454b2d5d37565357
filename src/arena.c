/* SPDX-License-Identifier: MIT */
/*
 * Arena allocator. Memory comes from a list of blocks; a request larger
 * than a quarter block gets a block of its own so little space is wasted.
 * The arena owns every block and releases them together.
 */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#define BLOCK_SIZE (64 * 1024)
#define ALIGN _Alignof(max_align_t)

struct block {
    struct block *next;
    size_t used, size;
    max_align_t data[];
};

struct ib_arena {
    struct block *head;
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
    b->used = 0;
    b->size = size;
    return b;
}

void *
ib_arena_alloc(struct ib_arena *a, size_t n)
{
    if (n > SIZE_MAX / 2) {
        fputs("ismsbook: out of memory\n", stderr);
        exit(1);
    }
    n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (n == 0)
        n = ALIGN;
#ifdef IB_ARENA_DEBUG
    struct block *b = new_block(n);
    b->used = n;
    b->next = a->head;
    a->head = b;
    return b->data;
#else
    if (n > BLOCK_SIZE / 4) {
        /* Keep the current block in front for further small requests. */
        struct block *b = new_block(n);
        b->used = n;
        if (a->head) {
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = NULL;
            a->head = b;
        }
        return b->data;
    }
    if (!a->head || a->head->size - a->head->used < n) {
        struct block *b = new_block(BLOCK_SIZE);
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)a->head->data + a->head->used;
    a->head->used += n;
    return p;
#endif
}

void *
ib_arena_calloc(struct ib_arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) {
        fputs("ismsbook: out of memory\n", stderr);
        exit(1);
    }
    void *p = ib_arena_alloc(a, n * size);
    memset(p, 0, n * size);
    return p;
}

char *
ib_arena_strndup(struct ib_arena *a, const char *s, size_t n)
{
    char *p = ib_arena_alloc(a, n + 1);
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
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return ib_arena_strdup(a, "");
    char *p = ib_arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
