/* SPDX-License-Identifier: MIT */
/*
 * A pool without a queue: the tasks are the numbers 0..N-1 and a shared
 * counter hands out the next one. Threads live for one ib_pool_run, which
 * is cheap next to the work of a page family or a batch of documents.
 */
#include "pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "xmalloc.h"

struct pool {
    void (*fn)(void *ud, unsigned worker, size_t i);
    void *ud;
    size_t n;
    atomic_size_t next;
};

struct worker {
    struct pool *pool;
    unsigned id;
    pthread_t thread;
};

static void *
work(void *arg)
{
    struct worker *w = arg;
    struct pool *p = w->pool;
    for (size_t i; (i = atomic_fetch_add(&p->next, 1)) < p->n;)
        p->fn(p->ud, w->id, i);
    return NULL;
}

void
ib_pool_run(size_t n, unsigned jobs,
            void (*fn)(void *ud, unsigned worker, size_t i), void *ud)
{
    struct pool p = {fn, ud, n, 0};
    if (jobs > n)
        jobs = (unsigned)n;
    if (jobs <= 1) {
        for (size_t i = 0; i < n; i++)
            fn(ud, 0, i);
        return;
    }
    struct worker *w = ib_xcalloc(jobs, sizeof(*w));
    unsigned started = 1;
    for (unsigned k = 1; k < jobs; k++) {
        w[k] = (struct worker){&p, k, 0};
        if (pthread_create(&w[k].thread, NULL, work, &w[k]) != 0)
            break; /* fewer threads do the same work */
        started++;
    }
    w[0] = (struct worker){&p, 0, 0};
    work(&w[0]);
    for (unsigned k = 1; k < started; k++)
        pthread_join(w[k].thread, NULL);
    free(w);
}

unsigned
ib_pool_cpus(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return (unsigned)CPU_COUNT(&set);
    return 1;
}
