/* SPDX-License-Identifier: MIT */
/* Fuzz target: a Statement of Applicability file through ib_soa_load. */

/*
 * The input is a soa.yaml, written to a scratch folder (the loader reads
 * a file) and loaded. Properties: a failure has an error finding; the
 * entries of a load are complete (control id, justification, a known
 * status) and point at lines of the file; findings name the file.
 */
#include "fuzz.h"

#include "arena.h"
#include "diag.h"
#include "soa.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned max_line = 1;
    for (size_t i = 0; i < size; i++)
        max_line += data[i] == '\n';

    fuzz_write("soa.yaml", data, size);
    struct ib_arena *a = ib_arena_new();
    struct ib_diag *d = ib_diag_new();
    struct ib_soa soa;
    int rc = ib_soa_load(a, fuzz_dir(), "soa.yaml", &soa, d);
    if (rc < 0)
        fuzz_assert(ib_diag_errors(d) > 0);
    fuzz_assert(soa.file && strcmp(soa.file, "soa.yaml") == 0);
    fuzz_assert(soa.n == 0 || soa.entries);
    for (size_t i = 0; i < soa.n; i++) {
        const struct ib_soa_entry *e = &soa.entries[i];
        fuzz_assert(e->control && e->justification);
        fuzz_assert(e->status <= IB_IMPL_NOT_STARTED);
        fuzz_assert(ib_impl_name(e->status));
        fuzz_assert(e->line >= 1 && e->line <= max_line);
        fuzz_assert(e->just_line <= max_line);
    }
    for (size_t i = 0; i < ib_diag_count(d); i++) {
        const struct ib_finding *f = ib_diag_get(d, i);
        fuzz_assert(f->loc.file && strcmp(f->loc.file, "soa.yaml") == 0);
        fuzz_assert(f->loc.line <= max_line);
    }
    ib_diag_free(d);
    ib_arena_free(a);
    return 0;
}
