/* SPDX-License-Identifier: MIT */
/*
 * A bump allocator behind cmark-gfm's cmark_mem. Each piece starts with a
 * header saying how large it is and whether a heap owns it, so free and
 * realloc know what they hold whichever heap, if any, is in use when they
 * are called.
 */
#include "mdheap.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#define CHUNK_SIZE ((size_t)64 * 1024)
#ifdef IB_ARENA_DEBUG
#define ONE_PIECE_EACH 1
#else
#define ONE_PIECE_EACH 0
#endif

/* 16 bytes, so that what follows is aligned as malloc's memory is. */
struct piece {
    size_t size;  /* bytes asked for */
    size_t owned; /* 1 if a heap's, 0 if malloc's */
};

struct chunk {
    struct chunk *next;
    size_t used, size;
    max_align_t data[];
};

struct ib_mdheap {
    struct chunk *head;  /* small pieces come from the first chunk */
    struct piece *last;  /* the latest piece of HEAD, or NULL */
};

static _Thread_local struct ib_mdheap *current;

struct ib_mdheap *
ib_mdheap_new(void)
{
    return ib_xcalloc(1, sizeof(struct ib_mdheap));
}

void
ib_mdheap_free(struct ib_mdheap *h)
{
    if (!h)
        return;
    for (struct chunk *c = h->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(h);
}

struct ib_mdheap *
ib_mdheap_use(struct ib_mdheap *h)
{
    struct ib_mdheap *old = current;
    current = h;
    return old;
}

static size_t
round16(size_t n)
{
    return (n + 15) & ~(size_t)15;
}

static struct chunk *
new_chunk(size_t size)
{
    struct chunk *c = ib_xmalloc(sizeof(*c) + size);
    c->used = 0;
    c->size = size;
    return c;
}

/* A piece of N bytes from H, not zeroed. */
static struct piece *
heap_piece(struct ib_mdheap *h, size_t n)
{
    /* With ONE_PIECE_EACH, every piece has a chunk of its exact size and
     * none is ever the latest: the sanitizers see each piece's bounds,
     * and any use after its heap is freed. */
    size_t need = sizeof(struct piece) + (ONE_PIECE_EACH ? n : round16(n));
    struct chunk *c = h->head;
    if (ONE_PIECE_EACH || need > CHUNK_SIZE / 4) {
        /* A chunk of its own, behind the first, which keeps serving
         * small pieces (and stays the one LAST is in). */
        c = new_chunk(need);
        c->used = need;
        if (h->head && !ONE_PIECE_EACH) {
            c->next = h->head->next;
            h->head->next = c;
        } else {
            c->next = h->head;
            h->head = c;
            h->last = NULL;
        }
        struct piece *p = (struct piece *)c->data;
        p->size = n;
        p->owned = 1;
        return p;
    }
    if (!c || c->size - c->used < need) {
        c = new_chunk(CHUNK_SIZE);
        c->next = h->head;
        h->head = c;
    }
    struct piece *p = (struct piece *)((char *)c->data + c->used);
    c->used += need;
    p->size = n;
    p->owned = 1;
    h->last = p;
    return p;
}

static struct piece *
malloc_piece(size_t n)
{
    struct piece *p = ib_xmalloc(sizeof(*p) + n);
    p->size = n;
    p->owned = 0;
    return p;
}

static void *
new_piece(size_t n)
{
    struct piece *p = current ? heap_piece(current, n) : malloc_piece(n);
    return p + 1;
}

static void *
mem_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / 2 / size) {
        fputs("ismsbook: error: out of memory\n", stderr);
        exit(1);
    }
    void *q = new_piece(n * size);
    memset(q, 0, n * size);
    return q;
}

static void *
mem_realloc(void *q, size_t size)
{
    if (size > SIZE_MAX / 2) {
        fputs("ismsbook: error: out of memory\n", stderr);
        exit(1);
    }
    if (!q)
        return new_piece(size);
    struct piece *p = (struct piece *)q - 1;
    if (!p->owned) {
        p = ib_xrealloc(p, sizeof(*p) + size);
        p->size = size;
        return p + 1;
    }
    struct ib_mdheap *h = current;
    if (h && p == h->last) {
        /* The latest piece grows or shrinks where it is if it can. */
        struct chunk *c = h->head;
        size_t start = (size_t)((char *)p - (char *)c->data);
        size_t need = sizeof(*p) + round16(size);
        if (start + need <= c->size) {
            c->used = start + need;
            p->size = size;
            return q;
        }
    }
    void *r = new_piece(size);
    memcpy(r, q, p->size < size ? p->size : size);
    return r;
}

static void
mem_free(void *q)
{
    if (!q)
        return;
    struct piece *p = (struct piece *)q - 1;
    if (!p->owned) {
        free(p);
        return;
    }
    /* The latest piece goes back; any other waits for its heap. */
    struct ib_mdheap *h = current;
    if (h && p == h->last) {
        h->head->used = (size_t)((char *)p - (char *)h->head->data);
        h->last = NULL;
    }
}

cmark_mem *
ib_mdheap_mem(void)
{
    static cmark_mem mem = {mem_calloc, mem_realloc, mem_free};
    return &mem;
}
