/* SPDX-License-Identifier: MIT */
/* Running independent tasks on several threads (`-j N`). */
#ifndef IB_POOL_H
#define IB_POOL_H

#include <stddef.h>

/*
 * Calls FN(UD, WORKER, I) once for every I in [0, N), on up to JOBS threads
 * (the caller's among them), and returns when all calls have returned.
 * Tasks are handed out in order of I as threads become free, so put the
 * longest first. WORKER (0 <= WORKER < JOBS) names the thread a call runs
 * on, for per-thread scratch such as arenas. With JOBS <= 1 every call runs
 * on the calling thread, in order.
 */
void ib_pool_run(size_t n, unsigned jobs,
                 void (*fn)(void *ud, unsigned worker, size_t i), void *ud);

/* The number of CPUs this process may run on (at least 1). */
unsigned ib_pool_cpus(void);

#endif
