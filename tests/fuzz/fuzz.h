/* SPDX-License-Identifier: MIT */
/* What every fuzz target shares: the entry point and a scratch folder. */
#ifndef IB_FUZZ_H
#define IB_FUZZ_H

/*
 * A target is one fuzz_<name>.c defining LLVMFuzzerTestOneInput. It is
 * linked twice: with libFuzzer (make fuzz, clang) and with replay.c, a
 * plain main that feeds it files (make test, any compiler). A target
 * must behave the same for the same bytes, keep no state between calls
 * beyond what it sets up once, and free everything it allocates, so that
 * LeakSanitizer can tell a leak per input. Properties the product
 * promises are checked with fuzz_assert, which aborts: a crash the
 * fuzzer reports like any other.
 */

#include <ftw.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A target may also define fuzz_replay_end, for what no single input can
 * tell: that its seeds still get where they aim (past a file's header, to
 * the reader it fuzzes), say. replay.c calls it once after every input
 * ran and fails unless it returns 0; libFuzzer never does. Weak, so that
 * a target without one leaves it NULL.
 */
int fuzz_replay_end(void) __attribute__((weak));

#define fuzz_assert(cond)                                                      \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__,          \
                    __LINE__, #cond);                                          \
            abort();                                                           \
        }                                                                      \
    } while (0)

/*
 * Loaders that read files (handbook.yaml, soa.yaml, filters) are fuzzed
 * through a private folder made once per process; at exit it is removed
 * with everything written into it.
 */
static char fuzz_dir_path[64];

static inline int
fuzz_rm_entry(const char *path, const struct stat *sb, int flag,
              struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static inline void
fuzz_dir_cleanup(void)
{
    if (fuzz_dir_path[0])
        nftw(fuzz_dir_path, fuzz_rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    fuzz_dir_path[0] = '\0';
}

/* Returns the scratch folder's path, making it on the first call. */
static inline const char *
fuzz_dir(void)
{
    if (!fuzz_dir_path[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(fuzz_dir_path, sizeof(fuzz_dir_path), "%s/ibfuzz.XXXXXX",
                 tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
        if (!mkdtemp(fuzz_dir_path)) {
            perror("fuzz: mkdtemp");
            exit(2);
        }
        atexit(fuzz_dir_cleanup);
    }
    return fuzz_dir_path;
}

/*
 * Writes SIZE bytes of DATA to NAME (its folders must exist) in the
 * scratch folder, replacing what was there. A failure to write is the machine's
 * problem, not a finding.
 */
static inline void
fuzz_write(const char *name, const void *data, size_t size)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", fuzz_dir(), name);
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror(path);
        exit(2);
    }
}

#endif
