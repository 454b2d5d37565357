/* SPDX-License-Identifier: MIT */
/* Signals: a build stopped by SIGINT, SIGTERM or SIGHUP leaves no trace. */
#ifndef IB_INTERRUPT_H
#define IB_INTERRUPT_H

/*
 * Sets the process up for signals. Call it first thing in main, before any
 * thread starts (threads inherit the signal mask):
 * - SIGINT, SIGTERM and SIGHUP are blocked in every thread and taken by a
 *   thread of their own with sigwait. On one, it removes the temporary
 *   folders of unfinished outputs and of an unfinished init or new
 *   (ib_out_cancel_all; a commit in progress finishes first), prints "ismsbook: interrupted by SIGINT; the previous
 *   site is left as it was" (or "ismsbook: interrupted by SIGINT" when no
 *   site was being written) and ends the process by that signal, so the
 *   shell sees status 130, 143 or 129.
 * - SIGPIPE and SIGXFSZ are ignored, so writing to a closed pipe or past
 *   the file size limit (ulimit -f) fails with EPIPE or EFBIG and is
 *   reported like any write error.
 * Returns 0, or -1 if the thread could not be started (then the signals
 * keep their default actions).
 */
int ib_interrupt_install(void);

#endif
