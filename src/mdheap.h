/* SPDX-License-Identifier: MIT */
/* Memory for cmark-gfm trees that are parsed, used and freed in one go. */
#ifndef IB_MDHEAP_H
#define IB_MDHEAP_H

#include <cmark-gfm.h>

/*
 * A heap hands out memory from large blocks and takes it all back at once
 * in ib_mdheap_free. cmark-gfm allocates every node, string and buffer
 * separately, through a cmark_mem whose functions take no context; so the
 * heap they use is the one in use on the calling thread (ib_mdheap_use),
 * and without one they use malloc. Either kind of memory may be freed or
 * reallocated at any time: malloc's goes back to malloc, a heap's stays
 * in its heap (the latest piece is given back) until the heap is freed.
 * Nothing a heap handed out may be used after ib_mdheap_free.
 *
 * Builds with IB_ARENA_DEBUG (the sanitizer and memcheck builds) give
 * each piece a block of its own, of its exact size, so that the
 * sanitizers see each one's bounds; nothing else changes.
 */
struct ib_mdheap;

struct ib_mdheap *ib_mdheap_new(void);
void ib_mdheap_free(struct ib_mdheap *h);

/* The allocator to give cmark-gfm for trees that may use a heap. */
cmark_mem *ib_mdheap_mem(void);

/* Makes H (or NULL: none) the heap of the calling thread; returns the
 * previous one, to be restored after. */
struct ib_mdheap *ib_mdheap_use(struct ib_mdheap *h);

#endif
