/* SPDX-License-Identifier: MIT */
/* Fuzz target: a body cache file through ib_cache_open and ib_cache_get. */

/*
 * The input's first byte picks what it is. Even: the bytes of one blob,
 * framed by the harness as the only entry of a well-formed file, so the
 * fuzzer works on the blob reader. Odd: the rest of the file after the
 * header, entries and all. Properties: no crash or leak; a hit hands out
 * NUL-terminated strings and heading levels 1-6; whatever was read back
 * survives a put and an end, and reads back the same from memory.
 */
#include "fuzz.h"

#include <stdio.h>

#include "cache.h"

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
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    struct ib_cache_key stamp = key_of("fuzz"), key = key_of("doc");
    static const char magic[] = "ISMSBOOK-CACHE 1\n";
    char path[128];
    snprintf(path, sizeof path, "%s/f.cache", fuzz_dir());
    FILE *f = fopen(path, "wb");
    fuzz_assert(f);
    fwrite(magic, 1, sizeof magic - 1, f);
    fwrite(stamp.b, 1, sizeof stamp.b, f);
    if (data[0] % 2 == 0) {
        uint32_t n = (uint32_t)(size - 1);
        unsigned char len[4] = {(unsigned char)n, (unsigned char)(n >> 8),
                                (unsigned char)(n >> 16),
                                (unsigned char)(n >> 24)};
        fwrite(key.b, 1, sizeof key.b, f);
        fwrite(len, 1, 4, f);
    }
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);

    struct ib_cache *c = ib_cache_open(path, &stamp);
    struct ib_cache_body b;
    if (ib_cache_get(c, &key, &b)) {
        check(&b);
        /* Read back from memory, it is the same body. */
        struct ib_cache *m = ib_cache_open(NULL, &stamp);
        ib_cache_put(m, &key, &b);
        struct ib_cache_body again;
        fuzz_assert(ib_cache_get(m, &key, &again));
        fuzz_assert(again.nfindings == b.nfindings &&
                    again.nheads == b.nheads && again.nchecks == b.nchecks &&
                    again.ntargets == b.ntargets);
        fuzz_assert(!b.html == !again.html &&
                    (!b.html || strcmp(b.html, again.html) == 0));
        ib_cache_body_fini(&again);
        ib_cache_free(m);
        ib_cache_body_fini(&b);
    }
    ib_cache_free(c);
    return 0;
}
