/* SPDX-License-Identifier: MIT */
/* Allocation wrappers: an out-of-memory condition ends the process. */
#include "xmalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__ /* defined by the headers above */
#include <malloc.h>
#endif

static void
oom(void)
{
    fputs("ismsbook: error: out of memory\n", stderr);
    exit(1);
}

void *
ib_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return p;
}

void *
ib_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *
ib_xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        oom();
    return p;
}

char *
ib_xstrndup(const char *s, size_t n)
{
    char *p = ib_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *
ib_xstrdup(const char *s)
{
    return ib_xstrndup(s, strlen(s));
}

/* The largest block glibc lets come from the heap (its mmap threshold's
 * maximum on 64-bit systems), and free space it may keep at the top. */
#define HEAP_BLOCK_MAX (32u << 20)
#define KEEP_MAX (256u << 20)

void
ib_malloc_tune(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, (int)HEAP_BLOCK_MAX);
    mallopt(M_TRIM_THRESHOLD, (int)KEEP_MAX);
#endif
}

void
ib_malloc_trim(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}
