/* SPDX-License-Identifier: MIT */
/* Replays fuzz inputs through a target without libFuzzer (make test). */

/*
 * Usage: fuzz_<name> FILE-OR-FOLDER...  Each file, and each regular file
 * directly in each folder (in sorted order), is read into a buffer of
 * exactly its size, as libFuzzer does, so ASan sees a read past the end,
 * and handed to LLVMFuzzerTestOneInput. A folder that does not exist is
 * skipped: not every target has regression inputs. A crash is the
 * failure; the exit status is 0 after every input ran, 2 on a usage or
 * read error, 1 when the target's fuzz_replay_end (fuzz.h) finds fault
 * with the run as a whole.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static const char *prog = "replay";

static int
replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
        return -1;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    int err = ferror(f);
    fclose(f);
    if (!buf || err) {
        fprintf(stderr, "%s: %s: cannot read\n", prog, path);
        free(buf);
        return -1;
    }
    /* An exact copy: the target must not read past SIZE. */
    uint8_t *data = malloc(n ? n : 1);
    if (!data) {
        free(buf);
        return -1;
    }
    memcpy(data, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(data, n);
    free(data);
    return 0;
}

static int
cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays the regular files of DIR in sorted order; returns how many. */
static long
replay_dir(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        fprintf(stderr, "%s: %s: %s\n", prog, dir, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof(*names));
            if (!nn)
                abort();
            names = nn;
        }
        names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
        if (!names[n])
            abort();
        sprintf(names[n], "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(dp);
    if (n)
        qsort(names, n, sizeof(*names), cmp_name);
    long count = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            if (replay_file(names[i]) < 0)
                count = -1;
            else if (count >= 0)
                count++;
        }
        free(names[i]);
    }
    free(names);
    return count;
}

int
main(int argc, char **argv)
{
    if (argc > 0 && argv[0][0]) {
        const char *slash = strrchr(argv[0], '/');
        prog = slash ? slash + 1 : argv[0];
    }
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE-OR-FOLDER...\n", prog);
        return 2;
    }
    long total = 0;
    int status = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            if (errno == ENOENT)
                continue;
            fprintf(stderr, "%s: %s: %s\n", prog, argv[i], strerror(errno));
            status = 2;
        } else if (S_ISDIR(st.st_mode)) {
            long n = replay_dir(argv[i]);
            if (n < 0)
                status = 2;
            else
                total += n;
        } else if (replay_file(argv[i]) < 0) {
            status = 2;
        } else {
            total++;
        }
    }
    printf("%s: %ld inputs replayed\n", prog, total);
    if (status == 0 && fuzz_replay_end && fuzz_replay_end() != 0)
        status = 1;
    return status;
}
