/* SPDX-License-Identifier: MIT */
/* The hash of an address, for tables keyed by pointer (strings hash with
 * ib_text_hash, text.h). */
#ifndef IB_HASH_H
#define IB_HASH_H

#include <stddef.h>
#include <stdint.h>

/* A hash of the address P whose low bits, which a table of 2^k slots
 * uses, depend on all of P's: allocations are aligned, so P's own low
 * bits are mostly zero. */
static inline size_t
ib_ptr_hash(const void *p)
{
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 17;
    x *= (uintptr_t)0x9e3779b97f4a7c15u;
    return (size_t)(x ^ (x >> 29));
}

#endif
