/* SPDX-License-Identifier: MIT */
/*
 * The body cache: what a build keeps of each document's Markdown (HTML,
 * headings, footnote ids, search fields, the links it makes and their
 * findings), keyed by a hash of everything those depend on, so an unchanged
 * document is neither parsed nor rendered again. In memory for `serve`; in a
 * file for `build` (see ib_cache_path).
 */
#ifndef IB_CACHE_H
#define IB_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include <nettle/sha2.h>

#include "markdown.h"

#define IB_CACHE_KEY_SIZE 32

/* A SHA-256 digest naming one document's inputs. */
struct ib_cache_key {
    unsigned char b[IB_CACHE_KEY_SIZE];
};

/* Incremental SHA-256 (nettle's), for building keys. */
struct ib_hash {
    struct sha256_ctx ctx;
};
void ib_hash_init(struct ib_hash *h);
void ib_hash_put(struct ib_hash *h, const void *data, size_t len);
/* Adds S and its terminating NUL, so "ab","c" and "a","bc" differ. */
void ib_hash_str(struct ib_hash *h, const char *s);
void ib_hash_end(struct ib_hash *h, struct ib_cache_key *out);

struct ib_cache_finding {
    int sev; /* enum ib_sev */
    unsigned line, col;
    const char *rule, *msg;
};

/* An anchor of another document the body links to, checked later. */
struct ib_cache_check {
    const char *to; /* the document's path */
    const char *frag;
    unsigned line, col;
};

/* A relative link of the body to a file that is not a document
 * (ib_site_file). */
struct ib_cache_file {
    const char *url;  /* its path as written */
    const char *path; /* the site path it names */
    const char *file; /* the content file, or "" when there is none */
    unsigned line, col;
};

/*
 * One document's products. Strings handed out by ib_cache_get live in the
 * cache until ib_cache_end; HTML and SEARCH may be NULL.
 */
struct ib_cache_body {
    struct ib_cache_finding *findings;
    size_t nfindings;
    struct ib_md_heading *heads;
    size_t nheads;
    const char **notes; /* footnote ids (ib_md_note_get) */
    size_t nnotes;
    struct ib_cache_check *checks;
    size_t nchecks;
    const char **targets; /* paths of the documents linked to, in order */
    size_t ntargets;
    struct ib_cache_file *files; /* in link order */
    size_t nfiles;
    const char *html;
    const char *search;
};

struct ib_cache;

/*
 * Returns a cache in memory (FILE NULL) or one read from FILE. STAMP names
 * the program that made it (ib_cache_stamp): a file from another program,
 * or one that cannot be read whole, starts the cache empty, silently.
 */
struct ib_cache *ib_cache_open(const char *file,
                               const struct ib_cache_key *stamp);
void ib_cache_free(struct ib_cache *c);

/*
 * Looks KEY up; on a hit fills *OUT (arrays allocated, free with
 * ib_cache_body_fini; strings borrowed) and returns true. Thread-safe.
 */
bool ib_cache_get(struct ib_cache *c, const struct ib_cache_key *key,
                  struct ib_cache_body *out);
void ib_cache_body_fini(struct ib_cache_body *b);

/* Stores B under KEY (copied). Thread-safe. */
void ib_cache_put(struct ib_cache *c, const struct ib_cache_key *key,
                  const struct ib_cache_body *b);

/*
 * Ends one build: entries neither got nor put since the last call are
 * dropped. A file cache is then written to its file (a new file renamed
 * over it, so a reader never sees half of one) if anything changed.
 * Returns 0, or -1 with errno if the file could not be written; the
 * cache is still usable.
 */
int ib_cache_end(struct ib_cache *c);

/*
 * The file's framing, as the cache writes it: the header (the format's
 * magic and STAMP), and one entry (KEY, BLOB's length and checksum, then
 * the LEN bytes of BLOB, taken as they are). For the fuzz target and its
 * seeds, which frame blobs of their own and would otherwise have to copy
 * the format. 0, or -1 with errno.
 */
int ib_cache_write_head(int fd, const struct ib_cache_key *stamp);
int ib_cache_write_entry(int fd, const struct ib_cache_key *key,
                         const void *blob, size_t len);

/* Number of entries, and hits since open: for tests. */
size_t ib_cache_size(const struct ib_cache *c);
size_t ib_cache_hits(const struct ib_cache *c);

/*
 * Sets *OUT to the hash of the running program's executable and of the
 * cache format, and returns 0; -1 if the executable cannot be read (then
 * nothing should be cached).
 */
int ib_cache_stamp(struct ib_cache_key *out);

/*
 * Returns the cache file of the handbook at ROOT as a new string:
 * $XDG_CACHE_HOME/ismsbook/<hash of ROOT's absolute path>.cache, or
 * $HOME/.cache/... without XDG_CACHE_HOME; NULL when neither is set or
 * ROOT cannot be resolved. Creates the folders (mode 0700).
 */
char *ib_cache_path(const char *root);

#endif
