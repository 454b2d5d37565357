/* SPDX-License-Identifier: MIT */
/* Lua 5.4 string patterns with a bound on the work one match may do. */
#ifndef IB_PATTERN_H
#define IB_PATTERN_H

#include <stddef.h>

#define IB_PATTERN_MAXCAPTURES 32

/* A capture's LEN when it is a position capture "()" or still open. */
#define IB_PATTERN_POSITION ((size_t)-1)
#define IB_PATTERN_UNFINISHED ((size_t)-2)

struct ib_pattern_capture {
    size_t start; /* byte offset into the subject */
    size_t len;   /* or IB_PATTERN_POSITION / IB_PATTERN_UNFINISHED */
};

/* The outcome of one attempt. Filled in by ib_pattern_match. */
struct ib_pattern_match {
    size_t end; /* offset just after the match */
    int ncap;   /* captures opened by the pattern, 0..32 */
    struct ib_pattern_capture cap[IB_PATTERN_MAXCAPTURES];
    char error[96]; /* the message when the result is IB_PATTERN_ERROR */
};

enum ib_pattern_result {
    IB_PATTERN_NOMATCH = 0,
    IB_PATTERN_MATCH = 1,
    IB_PATTERN_ERROR = -1,     /* malformed pattern; see M->error */
    IB_PATTERN_EXHAUSTED = -2, /* *BUDGET ran out */
};

/*
 * Matches pattern P (PLEN bytes, with P[PLEN] == '\0' as in every Lua
 * string) against subject S (SLEN bytes) starting exactly at offset AT,
 * with the semantics of Lua 5.4's string library: character classes, sets,
 * the quantifiers * + - ?, captures, %1-%9, %b and %f, and '$' at the end.
 * A leading '^' is the caller's business (find and gsub treat it as an
 * anchor, gmatch as a plain character), so P is matched as given.
 *
 * Every step of the matcher (each pattern item tried, each character a
 * quantifier or a set examines) takes one unit from *BUDGET; when it runs
 * out, the match stops with IB_PATTERN_EXHAUSTED. That bounds the time of
 * patterns that backtrack a lot, such as "a*a*a*a*a*b" on a long run of
 * "a". Recursion is limited to 200 levels ("pattern too complex").
 * Uses no heap memory, so it can be abandoned at any point.
 */
enum ib_pattern_result ib_pattern_match(const char *s, size_t slen,
                                        const char *p, size_t plen, size_t at,
                                        unsigned long long *budget,
                                        struct ib_pattern_match *m);

/*
 * Like ib_pattern_match at AT, then (unless ANCHOR) at each later offset
 * up to SLEN, as Lua's string.find and string.match search; on a match
 * *START is where it begins. One budget for the whole search.
 */
enum ib_pattern_result ib_pattern_find(const char *s, size_t slen,
                                       const char *p, size_t plen, size_t at,
                                       int anchor, unsigned long long *budget,
                                       struct ib_pattern_match *m,
                                       size_t *start);

/* Returns 1 if P (PLEN bytes) has none of Lua's pattern characters
 * ^$*+?.([%- (so it can be searched for as plain text), else 0. */
int ib_pattern_is_plain(const char *p, size_t plen);

#endif
