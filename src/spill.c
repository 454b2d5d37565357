/* SPDX-License-Identifier: MIT */
/*
 * The scratch file. Space is handed out by an atomic counter, so putting
 * takes no lock: each thread writes its own range with pwrite.
 */
#include "spill.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "xmalloc.h"

struct ib_spill {
    int fd;
    _Atomic uint64_t end;
};

struct ib_spill *
ib_spill_open(void)
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
    close(s->fd);
    free(s);
}

int
ib_spill_put(struct ib_spill *s, const void *data, size_t len, uint64_t *off)
{
    struct iovec iov = {(void *)data, len};
    return ib_spill_putv(s, &iov, 1, off);
}

/* The most pieces one put takes. */
#define PIECES_MAX 8

int
ib_spill_putv(struct ib_spill *s, const struct iovec *iov, int n,
              uint64_t *off)
{
    if (n < 0 || n > PIECES_MAX) {
        errno = EINVAL;
        return -1;
    }
    struct iovec left[PIECES_MAX];
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        left[i] = iov[i];
        len += iov[i].iov_len;
    }
    uint64_t at = atomic_fetch_add(&s->end, len);
    *off = at;
    /* A short write leaves the rest of the pieces for the next. */
    struct iovec *v = left;
    for (size_t done = 0; done < len;) {
        while (v->iov_len == 0) {
            v++;
            n--;
        }
        ssize_t w = pwritev(s->fd, v, n, (off_t)(at + done));
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        done += (size_t)w;
        for (size_t k = (size_t)w; k > 0;) {
            size_t take = k < v->iov_len ? k : v->iov_len;
            v->iov_base = (char *)v->iov_base + take;
            v->iov_len -= take;
            k -= take;
            if (v->iov_len == 0 && k > 0) {
                v++;
                n--;
            }
        }
    }
    return 0;
}

int
ib_spill_read(const struct ib_spill *s, uint64_t off, size_t len, void *dst)
{
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
ib_spill_get(const struct ib_spill *s, uint64_t off, size_t len)
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

uint64_t
ib_spill_size(const struct ib_spill *s)
{
    return atomic_load(&s->end);
}
