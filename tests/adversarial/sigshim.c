/* SPDX-License-Identifier: MIT */
/* An LD_PRELOAD shim for the signal cases: when the program opens a path
 * containing $ADV_SIGNAL_ON with openat, it sends itself SIGINT once --
 * after the open when $ADV_SIGNAL_AFTER is 1, else before it -- and then
 * sleeps a while, so the signal lands at a known point of its work. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int sent;

static void
signal_self(void)
{
    struct timespec ts = {0, 300 * 1000 * 1000};
    sent = 1;
    kill(getpid(), SIGINT);
    nanosleep(&ts, NULL);
}

int
openat(int dirfd, const char *path, int flags, ...)
{
    static int (*real)(int, const char *, int, ...);
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    if (!real)
        real = (int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT, "openat");
    const char *on = getenv("ADV_SIGNAL_ON");
    const char *after = getenv("ADV_SIGNAL_AFTER");
    int hit = !sent && on && *on && path && strstr(path, on);
    if (hit && !(after && *after == '1'))
        signal_self();
    int fd = real(dirfd, path, flags, mode);
    if (hit && after && *after == '1')
        signal_self();
    return fd;
}
