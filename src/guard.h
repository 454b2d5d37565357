/* SPDX-License-Identifier: MIT */
/* The document watchdog: a time bound on parsing and rendering one document. */
#ifndef IB_GUARD_H
#define IB_GUARD_H

/*
 * Work on one document that takes longer than the bound (a library call
 * that went quadratic, say) cannot be interrupted safely, so the watchdog
 * ends the process: it prints
 *   FILE:1:1: error: WHAT took longer than N s [document-too-complex]
 * on standard error, removes the temporary folders of unfinished outputs
 * (ib_out_cancel_all) and exits with status 1. Each thread doing such work
 * uses a slot of its own, 0 to IB_GUARD_SLOTS - 1 (a -j worker its worker
 * number, the single-threaded build slot 0); work in a slot beyond that is
 * not timed. Without ib_guard_start every call is a cheap no-op, as in the
 * unit tests.
 */
#define IB_GUARD_SLOTS 256

/* The bound when ISMSBOOK_DOC_SECONDS is not set. */
#define IB_GUARD_SECONDS 10.0

/*
 * Starts the watchdog thread with a bound of SECONDS (> 0) per document.
 * Returns 0, or -1 if the thread could not be started (the bound is then
 * not enforced). Call it once, before any ib_guard_begin.
 */
int ib_guard_start(double seconds);

/*
 * The bound ismsbook uses: ISMSBOOK_DOC_SECONDS if it is a number from
 * 0.001 to 86400, else IB_GUARD_SECONDS.
 */
double ib_guard_seconds_from_env(void);

/*
 * Slot SLOT starts WHAT ("parsing", "rendering"; a string literal) on
 * FILE (copied; at most 1023 bytes of it are shown). Restarts the clock.
 */
void ib_guard_begin(unsigned slot, const char *file, const char *what);

/* Slot SLOT finished its document in time. */
void ib_guard_end(unsigned slot);

/*
 * FN, if not NULL, runs when the watchdog fires, after the report and the
 * outputs' cleanup, just before the process exits: serve removes its
 * private folder there. It runs on the watchdog's thread while the
 * others may still be working. May be set at any time.
 */
void ib_guard_on_fire(void (*fn)(void));

/* Stops and joins the watchdog thread; every slot must be idle. */
void ib_guard_stop(void);

#endif
