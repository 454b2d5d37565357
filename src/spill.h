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
 * files, and on disk where /tmp is in memory), else /tmp. Returns NULL
 * when none takes one: callers keep the bytes in memory then.
 */
struct ib_spill *ib_spill_open(void);
void ib_spill_close(struct ib_spill *s);

/*
 * Appends the LEN bytes of DATA and sets *OFF to where they start.
 * Threads may put at once. Returns 0, or -1 (the disk full, say).
 */
int ib_spill_put(struct ib_spill *s, const void *data, size_t len,
                 uint64_t *off);
/* As ib_spill_put, with the N pieces of IOV one after another in one
 * write: the first starts at *OFF, each next one where the last ends. */
int ib_spill_putv(struct ib_spill *s, const struct iovec *iov, int n,
                  uint64_t *off);

/* The LEN bytes at OFF, NUL-terminated and malloc'd, or NULL with errno
 * set. */
char *ib_spill_get(const struct ib_spill *s, uint64_t off, size_t len);
/* Reads the LEN bytes at OFF into DST. Returns 0, or -1 with errno set. */
int ib_spill_read(const struct ib_spill *s, uint64_t off, size_t len,
                  void *dst);

/* How many bytes were put. */
uint64_t ib_spill_size(const struct ib_spill *s);

#endif
