/* SPDX-License-Identifier: MIT */
/* Allocation wrappers that never return NULL. */
#ifndef IB_XMALLOC_H
#define IB_XMALLOC_H

#include <stddef.h>

/*
 * Like malloc, calloc, realloc, strdup and strndup, but on exhaustion they
 * print "ismsbook: out of memory" to stderr and exit with status 1.
 * Results are freed with free().
 */
void *ib_xmalloc(size_t n);
void *ib_xcalloc(size_t n, size_t size);
void *ib_xrealloc(void *p, size_t n);
char *ib_xstrdup(const char *s);
char *ib_xstrndup(const char *s, size_t n);

/*
 * Tunes the C library's allocator for building (glibc; elsewhere nothing):
 * blocks of up to 32 MiB come from the heap, not from mappings of their
 * own, and free() keeps free pages rather than handing them back at once.
 * The pages and buffers made and freed by the thousand in a build then
 * reuse memory instead of faulting fresh pages in: a fifth of the
 * kernel's time at 10,000 documents. ib_malloc_trim hands them back.
 */
void ib_malloc_tune(void);
/* Hands the allocator's free pages back to the system (glibc). */
void ib_malloc_trim(void);

#endif
