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

#endif
