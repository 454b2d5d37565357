/* SPDX-License-Identifier: MIT */
/*
 * A scratch file for what a build makes early and reads once, late: the
 * bodies of documents wait in it between loading and rendering instead of
 * in memory. It has no name, so nothing is left behind, whatever ends the
 * process.
 */
#ifndef IB_SPILL_H
#define IB_SPILL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

struct ib_spill;

/*
 * Opens an unnamed file in $TMPDIR, else /var/tmp (meant for larger
 * files, and on disk where /tmp is in memory), else /tmp, for THREADS
 * threads numbered from 0 to put into. Returns NULL when none takes one:
 * callers keep the bytes in memory then.
 */
struct ib_spill *ib_spill_open(unsigned threads);
void ib_spill_close(struct ib_spill *s);

/*
 * Appends the LEN bytes of DATA for thread THREAD and sets *OFF to where
 * they start. Threads may put at once, each with its own number. What is
 * put may wait in the thread's batch until ib_spill_flush; a batch whose
 * write fails stays in memory, where reads find it. Returns 0, or -1 if
 * the bytes were not taken (a put too large for a batch is written at
 * once, and that write failed): the caller keeps them.
 */
int ib_spill_put(struct ib_spill *s, unsigned thread, const void *data,
                 size_t len, uint64_t *off);
/* As ib_spill_put, with the N pieces of IOV one after another: the first
 * starts at *OFF, each next one where the last ends. */
int ib_spill_putv(struct ib_spill *s, unsigned thread, const struct iovec *iov,
                  int n, uint64_t *off);

/*
 * Writes what waits in every thread's batch. Call it when no thread is
 * putting, before reading what was put. Returns 0, or -1 if a batch could
 * not be written and stays in memory.
 */
int ib_spill_flush(struct ib_spill *s);

/* The LEN bytes at OFF, NUL-terminated and malloc'd, or NULL with errno
 * set. Threads may read at once. */
char *ib_spill_get(struct ib_spill *s, uint64_t off, size_t len);
/* Reads the LEN bytes at OFF into DST. Returns 0, or -1 with errno set. */
int ib_spill_read(struct ib_spill *s, uint64_t off, size_t len, void *dst);

#endif
