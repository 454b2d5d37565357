/* SPDX-License-Identifier: MIT */
/* Signals: SIGINT, SIGTERM and SIGHUP taken by a thread, not a handler. */
/*
 * A handler could only set a flag, which a thread stuck inside cmark or a
 * long write would not look at for a while; and removing a folder tree is
 * not async-signal-safe. So the three signals are blocked everywhere and
 * one thread waits for them with sigwait, where it may do ordinary work:
 * cancel the outputs (fs.c serialises that against writes and the commit),
 * then end the process by the same signal with its default action.
 */
#include "interrupt.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fs.h"

static sigset_t watched;

static const char *
signame(int sig)
{
    switch (sig) {
    case SIGINT:
        return "SIGINT";
    case SIGTERM:
        return "SIGTERM";
    case SIGHUP:
        return "SIGHUP";
    default:
        return "a signal";
    }
}

static void *
wait_signal(void *arg)
{
    (void)arg;
    int sig;
    while (sigwait(&watched, &sig) != 0)
        ;
    size_t n = ib_out_cancel_all();
    char msg[128];
    int len = snprintf(msg, sizeof msg, "ismsbook: interrupted by %s%s\n",
                       signame(sig),
                       n ? "; the previous site is left as it was" : "");
    ssize_t w = write(STDERR_FILENO, msg, (size_t)len);
    (void)w;
    /* Die by the signal, so a shell or make stops too (status 128+N). */
    signal(sig, SIG_DFL);
    sigset_t one;
    sigemptyset(&one);
    sigaddset(&one, sig);
    raise(sig);
    pthread_sigmask(SIG_UNBLOCK, &one, NULL);
    _exit(128 + sig);
}

int
ib_interrupt_install(void)
{
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);
    sigemptyset(&watched);
    sigaddset(&watched, SIGINT);
    sigaddset(&watched, SIGTERM);
    sigaddset(&watched, SIGHUP);
    sigset_t old;
    if (pthread_sigmask(SIG_BLOCK, &watched, &old) != 0)
        return -1;
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int rc = pthread_create(&t, &attr, wait_signal, NULL);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        return -1;
    }
    return 0;
}
