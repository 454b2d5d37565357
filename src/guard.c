/* SPDX-License-Identifier: MIT */
/* The document watchdog: one thread watching a deadline per slot. */
/*
 * Process-wide state, on purpose: what it guards against ends the process,
 * like a signal does. A slot is written only by its own thread, under the
 * mutex; the watchdog sleeps on a condition variable (CLOCK_MONOTONIC)
 * until the earliest deadline of a busy slot, or until a slot changes. It
 * fires only for a slot that is still busy with the same generation it
 * timed, so a document that finishes just in time is never reported.
 */
#include "guard.h"

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fs.h"

struct slot {
    bool busy;
    uint64_t gen;
    struct timespec deadline;
    const char *what;
    char file[1024];
};

static struct {
    bool running, quit;
    void (*on_fire)(void);
    bool idle; /* the watchdog waits without a deadline */
    double seconds;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct slot slots[IB_GUARD_SLOTS];
} g = {.mu = PTHREAD_MUTEX_INITIALIZER};

static bool
before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec ||
           (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* Reports slot S and ends the process; called with g.mu held, which it
 * lets go so that no thread waits on it while outputs are cancelled. */
static void
fire(const struct slot *s)
{
    void (*on_fire)(void) = g.on_fire;
    char msg[1200];
    int n = snprintf(msg, sizeof msg,
                     "%s:1:1: error: %s took longer than %g s "
                     "[document-too-complex]\n",
                     s->file, s->what, g.seconds);
    if (n > (int)sizeof msg - 1)
        n = (int)sizeof msg - 1;
    pthread_mutex_unlock(&g.mu);
    ssize_t w = write(STDERR_FILENO, msg, (size_t)n);
    (void)w;
    ib_out_cancel_all();
    if (on_fire)
        on_fire();
    _exit(1);
}

static void *
watch(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&g.mu);
    while (!g.quit) {
        const struct slot *first = NULL;
        for (size_t i = 0; i < IB_GUARD_SLOTS; i++)
            if (g.slots[i].busy &&
                (!first || before(&g.slots[i].deadline, &first->deadline)))
                first = &g.slots[i];
        if (!first) {
            g.idle = true;
            pthread_cond_wait(&g.cv, &g.mu);
            g.idle = false;
            continue;
        }
        uint64_t gen = first->gen;
        struct timespec deadline = first->deadline;
        int rc = pthread_cond_timedwait(&g.cv, &g.mu, &deadline);
        if (rc == ETIMEDOUT && first->busy && first->gen == gen && !g.quit)
            fire(first);
    }
    pthread_mutex_unlock(&g.mu);
    return NULL;
}

void
ib_guard_on_fire(void (*fn)(void))
{
    pthread_mutex_lock(&g.mu);
    g.on_fire = fn;
    pthread_mutex_unlock(&g.mu);
}

int
ib_guard_start(double seconds)
{
    assert(!g.running && seconds > 0);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&g.cv, &attr);
    pthread_condattr_destroy(&attr);
    g.seconds = seconds;
    g.quit = false;
    g.running = pthread_create(&g.thread, NULL, watch, NULL) == 0;
    return g.running ? 0 : -1;
}

double
ib_guard_seconds_from_env(void)
{
    const char *s = getenv("ISMSBOOK_DOC_SECONDS");
    char *end;
    if (!s || !*s)
        return IB_GUARD_SECONDS;
    double v = strtod(s, &end);
    if (!*end && v >= 0.001 && v <= 86400)
        return v;
    fprintf(stderr,
            "ismsbook: warning: ISMSBOOK_DOC_SECONDS: '%s' is not a number "
            "of seconds from 0.001 to 86400; using %g\n",
            s, IB_GUARD_SECONDS);
    return IB_GUARD_SECONDS;
}

void
ib_guard_begin(unsigned slot, const char *file, const char *what)
{
    if (!g.running || slot >= IB_GUARD_SLOTS)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double whole = (double)(long long)g.seconds;
    long long sec = (long long)whole;
    long nsec = now.tv_nsec + (long)((g.seconds - whole) * 1e9);
    pthread_mutex_lock(&g.mu);
    struct slot *s = &g.slots[slot];
    s->busy = true;
    s->gen++;
    s->what = what;
    size_t n = strnlen(file, sizeof s->file - 1); /* cut as snprintf cuts */
    memcpy(s->file, file, n);
    s->file[n] = '\0';
    s->deadline.tv_sec = now.tv_sec + (time_t)sec + nsec / 1000000000;
    s->deadline.tv_nsec = nsec % 1000000000;
    /* A watchdog waiting for an earlier deadline finds this one when it
     * wakes; only one with nothing to wait for needs waking. */
    if (g.idle)
        pthread_cond_signal(&g.cv);
    pthread_mutex_unlock(&g.mu);
}

void
ib_guard_end(unsigned slot)
{
    if (!g.running || slot >= IB_GUARD_SLOTS)
        return;
    pthread_mutex_lock(&g.mu);
    g.slots[slot].busy = false;
    g.slots[slot].gen++;
    /* No signal: the watchdog wakes at the old deadline and finds it
     * idle, which costs one wake-up instead of one per document. */
    pthread_mutex_unlock(&g.mu);
}

void
ib_guard_stop(void)
{
    if (!g.running)
        return;
    pthread_mutex_lock(&g.mu);
    g.quit = true;
    pthread_cond_signal(&g.cv);
    pthread_mutex_unlock(&g.mu);
    pthread_join(g.thread, NULL);
    pthread_cond_destroy(&g.cv);
    g.running = false;
}
