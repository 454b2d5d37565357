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
    uint64_t at = atomic_fetch_add(&s->end, len);
    *off = at;
    for (size_t done = 0; done < len;) {
        ssize_t n = pwrite(s->fd, (const char *)data + done, len - done,
                           (off_t)(at + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        done += (size_t)n;
    }
    return 0;
}

char *
ib_spill_get(const struct ib_spill *s, uint64_t off, size_t len)
{
    char *p = ib_xmalloc(len + 1);
    for (size_t done = 0; done < len;) {
        ssize_t n = pread(s->fd, p + done, len - done, (off_t)(off + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = EIO; /* shorter than what was put */
            free(p);
            return NULL;
        }
        done += (size_t)n;
    }
    p[len] = '\0';
    return p;
}

uint64_t
ib_spill_size(const struct ib_spill *s)
{
    return atomic_load(&s->end);
}
