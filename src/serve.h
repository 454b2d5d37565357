/* SPDX-License-Identifier: MIT */
/* `ismsbook serve`: a local preview that rebuilds on change and reloads. */
#ifndef IB_SERVE_H
#define IB_SERVE_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "doc.h"

struct ib_serve_opts {
    const char *root; /* handbook root folder */
    const char *bind; /* IPv4 or IPv6 address to listen on; NULL: 127.0.0.1 */
    unsigned port;    /* 0: any free port */
    struct ib_date today;
    bool strict;   /* warnings fail the build too */
    unsigned jobs; /* build threads; 0: one per available CPU */
    /* --max-classification: with HAVE_MAX_CLASS, MAX_CLASS replaces
     * publish.max_classification in every build. */
    bool have_max_class;
    enum ib_class max_class;
};

/* The default of --port. */
#define IB_SERVE_PORT 8080

/*
 * Builds the handbook into a private folder, serves it over HTTP and
 * rebuilds whenever a watched file changes, until SIGINT, SIGTERM or
 * SIGHUP.
 * Prints the URL, one line per rebuild and the findings of failed builds.
 * Returns an exit status of enum ib_exit: 0 after a clean stop, 2 when it
 * could not start (no handbook.yaml, a bad address, the port in use).
 */
int ib_serve(const struct ib_serve_opts *opts);

/*
 * Turns the raw path of a request (as sent, still percent-encoded, without
 * the query) into a path relative to the site, such as "index.html" for
 * "/" and "policies/index.html" for "/policies/", written to REL (SIZE
 * bytes), each escape decoded once ("%2541" is "%41"). Refuses, returning
 * -1, a path that does not start with '/', an invalid escape, an encoded
 * '.' or '/', a backslash, a NUL or other control character, an empty
 * segment, and any segment starting with '.' (".", "..", hidden files);
 * also one that does not fit. Returns 0.
 */
int ib_serve_path(const char *raw, char *rel, size_t size);

#endif
