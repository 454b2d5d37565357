/* SPDX-License-Identifier: MIT */
/*
 * The scratch file. Each thread gathers what it puts in a batch of its
 * own and writes the batch in one pwrite when the next put does not fit:
 * bodies of a few KiB written one by one cost the kernel a turn on the
 * file's lock and a partly written page each, about five times the
 * system time of 256 KiB writes. A batch's place in the file is taken
 * when it starts, from an atomic counter, so that a put knows its offset
 * at once and putting takes no lock; what a batch leaves unused is a
 * hole in the file. Puts too large for a batch are written at once. A
 * batch whose write fails (the disk full, say) stays in memory, and reads
 * of it are served from there: a build then needs more memory, as it
 * does without a scratch file, but loses nothing.
 */
#include "spill.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xmalloc.h"

/* Bytes of a batch; whole pages, so that batches start on pages. */
#define BATCH ((size_t)256 * 1024)
#define PAGE ((uint64_t)4096)
/* The most pieces one put takes. */
#define PIECES_MAX 8

struct batch {
    char *data; /* BATCH bytes from the thread's first put to a flush */
    size_t used;
    uint64_t at; /* where data[0] goes in the file */
};

struct ib_spill {
    int fd;
    _Atomic uint64_t end;
    unsigned nbatches;
    struct batch *batches; /* one per thread */
    /* Batches whose write failed, kept in memory; under LOCK. */
    pthread_mutex_t lock;
    _Atomic size_t nkept;
    struct batch *kept;
};

struct ib_spill *
ib_spill_open(unsigned threads)
{
    const char *tmpdir = getenv("TMPDIR");
    const char *dirs[] = {tmpdir && *tmpdir ? tmpdir : "/var/tmp", "/var/tmp",
                          "/tmp"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        int fd = open(dirs[i], O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
        if (fd >= 0) {
            struct ib_spill *s = ib_xmalloc(sizeof(*s));
            s->fd = fd;
            atomic_init(&s->end, 0);
            s->nbatches = threads ? threads : 1;
            s->batches = ib_xcalloc(s->nbatches, sizeof(*s->batches));
            pthread_mutex_init(&s->lock, NULL);
            atomic_init(&s->nkept, 0);
            s->kept = NULL;
            return s;
        }
    }
    return NULL;
}

void
ib_spill_close(struct ib_spill *s)
{
    if (!s)
        return;
    for (unsigned i = 0; i < s->nbatches; i++)
        free(s->batches[i].data);
    free(s->batches);
    for (size_t i = 0; i < atomic_load(&s->nkept); i++)
        free(s->kept[i].data);
    free(s->kept);
    pthread_mutex_destroy(&s->lock);
    close(s->fd);
    free(s);
}

/* Takes LEN bytes of the file, rounded up to whole pages. */
static uint64_t
take(struct ib_spill *s, size_t len)
{
    return atomic_fetch_add(&s->end, (len + PAGE - 1) & ~(PAGE - 1));
}

/* Writes the N pieces of V at AT, all of them. Returns 0, or -1 with
 * errno set. */
static int
write_at(struct ib_spill *s, struct iovec *v, int n, uint64_t at)
{
    for (;;) {
        while (n > 0 && v->iov_len == 0) {
            v++;
            n--;
        }
        if (n == 0)
            return 0;
        ssize_t w = pwritev(s->fd, v, n, (off_t)at);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = EIO;
            return -1;
        }
        at += (uint64_t)w;
        /* A short write leaves the rest of the pieces for the next. No
         * more than the pieces hold is taken off, whatever W says. */
        for (size_t k = (size_t)w; k > 0 && n > 0;) {
            size_t part = k < v->iov_len ? k : v->iov_len;
            v->iov_base = (char *)v->iov_base + part;
            v->iov_len -= part;
            k -= part;
            if (v->iov_len == 0 && k > 0) {
                v++;
                n--;
            }
        }
    }
}

/* Writes batch B and empties it; the next put takes a new place. If the
 * write fails, the batch is kept in memory. Returns 0, or -1 then. */
static int
write_batch(struct ib_spill *s, struct batch *b)
{
    struct iovec v = {b->data, b->used};
    if (!b->used || write_at(s, &v, 1, b->at) == 0) {
        b->used = 0;
        return 0;
    }
    pthread_mutex_lock(&s->lock);
    size_t n = atomic_load(&s->nkept);
    s->kept = ib_xrealloc(s->kept, (n + 1) * sizeof(*s->kept));
    s->kept[n] = *b;
    atomic_store(&s->nkept, n + 1);
    pthread_mutex_unlock(&s->lock);
    *b = (struct batch){0};
    return -1;
}

int
ib_spill_put(struct ib_spill *s, unsigned thread, const void *data,
             size_t len, uint64_t *off)
{
    struct iovec iov = {(void *)data, len};
    return ib_spill_putv(s, thread, &iov, 1, off);
}

int
ib_spill_putv(struct ib_spill *s, unsigned thread, const struct iovec *iov,
              int n, uint64_t *off)
{
    if (n < 0 || n > PIECES_MAX || thread >= s->nbatches) {
        errno = EINVAL;
        return -1;
    }
    struct iovec v[PIECES_MAX];
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        v[i] = iov[i];
        len += iov[i].iov_len;
    }
    if (len == 0) {
        *off = 0; /* nothing to read back, from anywhere */
        return 0;
    }
    if (len > BATCH / 2) {
        *off = take(s, len);
        return write_at(s, v, n, *off);
    }
    struct batch *b = &s->batches[thread];
    if (b->used && b->used + len > BATCH)
        write_batch(s, b);
    if (!b->data)
        b->data = ib_xmalloc(BATCH);
    if (!b->used)
        b->at = take(s, BATCH);
    *off = b->at + b->used;
    for (int i = 0; i < n; i++) {
        memcpy(b->data + b->used, v[i].iov_base, v[i].iov_len);
        b->used += v[i].iov_len;
    }
    return 0;
}

int
ib_spill_flush(struct ib_spill *s)
{
    int rc = 0;
    for (unsigned i = 0; i < s->nbatches; i++) {
        struct batch *b = &s->batches[i];
        if (write_batch(s, b) < 0)
            rc = -1;
        free(b->data);
        b->data = NULL;
    }
    return rc;
}

/* Copies the LEN bytes at OFF to DST if a kept batch has them. */
static bool
read_kept(struct ib_spill *s, uint64_t off, size_t len, void *dst)
{
    if (!atomic_load(&s->nkept))
        return false;
    bool found = false;
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; !found && i < s->nkept; i++) {
        const struct batch *k = &s->kept[i];
        if (off >= k->at && off - k->at <= k->used &&
            len <= k->used - (off - k->at)) {
            memcpy(dst, k->data + (off - k->at), len);
            found = true;
        }
    }
    pthread_mutex_unlock(&s->lock);
    return found;
}

int
ib_spill_read(struct ib_spill *s, uint64_t off, size_t len, void *dst)
{
    if (read_kept(s, off, len, dst))
        return 0;
    char *p = dst;
    for (size_t done = 0; done < len;) {
        ssize_t n = pread(s->fd, p + done, len - done, (off_t)(off + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO; /* shorter than what was put */
            return -1;
        }
        done += (size_t)n;
    }
    return 0;
}

char *
ib_spill_get(struct ib_spill *s, uint64_t off, size_t len)
{
    char *p = ib_xmalloc(len + 1);
    if (ib_spill_read(s, off, len, p) < 0) {
        int e = errno;
        free(p);
        errno = e;
        return NULL;
    }
    p[len] = '\0';
    return p;
}
