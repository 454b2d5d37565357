/* SPDX-License-Identifier: MIT */
/* Fuzz target: a body cache file through ib_cache_open and ib_cache_get. */

/*
 * The input's first byte picks what it is. Even: the bytes of one blob,
 * framed by the harness as the only entry of a well-formed file, so the
 * fuzzer works on the blob reader. Odd: the rest of the file after the
 * header, entries and all, for the entry parser (its blobs hit only if
 * their checksums are right). Properties: no crash or leak; a hit hands out
 * NUL-terminated strings and heading levels 1-6; whatever was read back
 * survives a put and a get from memory unchanged.
 *
 * The framing is cache.c's own (ib_cache_write_head, _entry), not a copy
 * of the format here: a copy went stale once and every input was refused
 * at the header. The seeds in tests/fuzz/corpus/cache/ are made by the
 * product (test_fuzz_seeds in tests/unit/test_cache.c, which also says
 * how to regenerate them), and a replay in which no input is a hit fails
 * (fuzz_replay_end), so neither can go stale silently again.
 */
#include "fuzz.h"

#include <fcntl.h>
#include <stdio.h>

#include "cache.h"
#include "fs.h"

/* What the seeds are made with (test_cache.c). */
#define STAMP "fuzz"
#define KEY "doc"

static long hits;

static struct ib_cache_key
key_of(const char *s)
{
    struct ib_hash h;
    struct ib_cache_key k;
    ib_hash_init(&h);
    ib_hash_str(&h, s);
    ib_hash_end(&h, &k);
    return k;
}

static void
check(const struct ib_cache_body *b)
{
    for (size_t i = 0; i < b->nfindings; i++)
        fuzz_assert(b->findings[i].rule && b->findings[i].msg &&
                    b->findings[i].sev >= 0 && b->findings[i].sev <= 2);
    for (size_t i = 0; i < b->nheads; i++)
        fuzz_assert(b->heads[i].level >= 1 && b->heads[i].level <= 6 &&
                    strlen(b->heads[i].text) + 1 > 0 && b->heads[i].anchor);
    for (size_t i = 0; i < b->nchecks; i++)
        fuzz_assert(b->checks[i].to && b->checks[i].frag);
    for (size_t i = 0; i < b->ntargets; i++)
        fuzz_assert(strlen(b->targets[i]) + 1 > 0);
    for (size_t i = 0; i < b->nnotes; i++)
        fuzz_assert(strlen(b->notes[i]) + 1 > 0);
    for (size_t i = 0; i < b->nfiles; i++)
        fuzz_assert(b->files[i].url && b->files[i].path && b->files[i].file);
}

static void
check_same(const struct ib_cache_body *a, const struct ib_cache_body *b)
{
    fuzz_assert(a->nfindings == b->nfindings && a->nheads == b->nheads &&
                a->nnotes == b->nnotes && a->nchecks == b->nchecks &&
                a->ntargets == b->ntargets && a->nfiles == b->nfiles);
    for (size_t i = 0; i < a->nheads; i++)
        fuzz_assert(strcmp(a->heads[i].anchor, b->heads[i].anchor) == 0);
    for (size_t i = 0; i < a->nnotes; i++)
        fuzz_assert(strcmp(a->notes[i], b->notes[i]) == 0);
    for (size_t i = 0; i < a->nfiles; i++)
        fuzz_assert(strcmp(a->files[i].path, b->files[i].path) == 0 &&
                    strcmp(a->files[i].file, b->files[i].file) == 0);
    fuzz_assert(!a->html == !b->html &&
                (!a->html || strcmp(a->html, b->html) == 0));
    fuzz_assert(!a->search == !b->search &&
                (!a->search || strcmp(a->search, b->search) == 0));
}

/* Writes the file the input stands for to PATH. */
static void
frame(const char *path, const uint8_t *data, size_t size,
      const struct ib_cache_key *stamp, const struct ib_cache_key *key)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int rc = fd < 0 ? -1 : ib_cache_write_head(fd, stamp);
    if (rc == 0 && data[0] % 2 == 0)
        rc = ib_cache_write_entry(fd, key, data + 1, size - 1);
    else if (rc == 0)
        rc = ib_fs_write_all(fd, data + 1, size - 1);
    if (fd >= 0 && close(fd) != 0)
        rc = -1;
    if (rc != 0) { /* the machine's problem, not a finding */
        perror(path);
        exit(2);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    struct ib_cache_key stamp = key_of(STAMP), key = key_of(KEY);
    char path[128];
    snprintf(path, sizeof path, "%s/f.cache", fuzz_dir());
    frame(path, data, size, &stamp, &key);

    struct ib_cache *c = ib_cache_open(path, &stamp);
    struct ib_cache_body b;
    if (ib_cache_get(c, &key, &b)) {
        hits++;
        check(&b);
        /* Read back from memory, it is the same body. */
        struct ib_cache *m = ib_cache_open(NULL, &stamp);
        ib_cache_put(m, &key, &b);
        struct ib_cache_body again;
        fuzz_assert(ib_cache_get(m, &key, &again));
        check_same(&b, &again);
        ib_cache_body_fini(&again);
        ib_cache_free(m);
        ib_cache_body_fini(&b);
    }
    ib_cache_free(c);
    return 0;
}

/* The seeds are blobs and files of the current format: some must hit. */
int
fuzz_replay_end(void)
{
    if (hits > 0)
        return 0;
    fprintf(stderr, "fuzz_cache: no input was a hit: the seeds no longer "
                    "reach the blob reader (regenerate them: see "
                    "test_fuzz_seeds in tests/unit/test_cache.c)\n");
    return 1;
}
