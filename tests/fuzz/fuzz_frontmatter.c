/* SPDX-License-Identifier: MIT */
/* Fuzz target: a document's text through ib_doc_load (front matter + YAML). */

/*
 * The input is a whole document file. It is loaded with a fixed
 * configuration that has aliases, folder defaults and a people directory,
 * at one of three paths (chosen by the input's length, so the bytes keep
 * their meaning) that meet different defaults. Properties: a document
 * comes back; a valid one has a valid id, a title and its body; findings
 * point inside the file; revalidating the front matter unchanged, as a
 * filter that edits nothing does, gives the same answers.
 */
#include "fuzz.h"

#include "arena.h"
#include "config.h"
#include "date.h"
#include "diag.h"
#include "doc.h"
#include "frontmatter.h"
#include "val.h"

static const char config_yaml[] =
    "title: Fuzz Handbook\n"
    "review:\n"
    "  interval: 6 months\n"
    "people:\n"
    "  alice: {name: Alice, role: ciso}\n"
    "  bob: {name: Bob, role: ceo}\n"
    "aliases:\n"
    "  document_id: id\n"
    "  review_cycle: review_interval\n"
    "  approved_by: approver\n"
    "defaults:\n"
    "  - path: content/guidelines/\n"
    "    values: { type: guideline, audience: [all-staff] }\n"
    "  - path: content/records\n"
    "    values: { type: record, classification: internal, owner: bob }\n"
    "  - values: { review_interval: 2 years }\n";

static const char *const paths[] = {
    "content/policies/access.md",
    "content/guidelines/remote-work.da.md",
    "content/records/audit-2026.md",
};

static struct ib_arena *cfg_arena;
static struct ib_config cfg;

static void
free_config(void)
{
    ib_arena_free(cfg_arena);
}

static const struct ib_config *
config(void)
{
    if (!cfg_arena) {
        fuzz_write("handbook.yaml", config_yaml, sizeof(config_yaml) - 1);
        cfg_arena = ib_arena_new();
        struct ib_diag *d = ib_diag_new();
        if (ib_config_load(cfg_arena, fuzz_dir(), &cfg, d) < 0) {
            fprintf(stderr, "fuzz_frontmatter: the fixed config failed\n");
            abort();
        }
        ib_diag_free(d);
        atexit(free_config);
    }
    return &cfg;
}

static unsigned
count_lines(const uint8_t *data, size_t size)
{
    unsigned n = 1;
    for (size_t i = 0; i < size; i++)
        n += data[i] == '\n';
    return n;
}

static void
check_refs(const struct ib_reflist *l)
{
    for (size_t i = 0; i < l->n; i++)
        fuzz_assert(l->items[i].s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct ib_config *c = config();
    const char *path = paths[size % 3];
    const char *text = (const char *)data;
    unsigned max_line = count_lines(data, size);

    struct ib_arena *a = ib_arena_new();
    struct ib_diag *d = ib_diag_new();

    for (int mode = IB_FM_REQUIRED; mode <= IB_FM_UNFENCED; mode++) {
        struct ib_fm fm;
        struct ib_diag *fd = ib_diag_new();
        if (ib_fm_split_as(text, size, path, (enum ib_fm_mode)mode, &fm,
                           fd) == 0) {
            fuzz_assert(fm.yaml_off + fm.yaml_len <= size);
            fuzz_assert(fm.body_off + fm.body_len == size);
            fuzz_assert(fm.yaml_len <= IB_FM_MAX);
        } else {
            fuzz_assert(ib_diag_errors(fd) > 0);
        }
        ib_diag_free(fd);
    }

    struct ib_doc *doc = ib_doc_load(a, c, path, text, size, d);
    fuzz_assert(doc);
    fuzz_assert(doc->id.s && doc->title.s && doc->owner.s && doc->body);
    fuzz_assert(strlen(doc->body) == doc->body_len);
    check_refs(&doc->audience);
    check_refs(&doc->controls);
    check_refs(&doc->clauses);
    check_refs(&doc->tags);
    check_refs(&doc->related);
    if (doc->valid) {
        fuzz_assert(ib_doc_id_is_valid(doc->id.s));
        fuzz_assert(doc->title.s[0]);
        fuzz_assert(doc->fm && doc->fm->kind == IB_VAL_MAP);
    }
    for (size_t i = 0; i < ib_diag_count(d); i++) {
        const struct ib_finding *f = ib_diag_get(d, i);
        fuzz_assert(f->loc.file && strcmp(f->loc.file, path) == 0);
        fuzz_assert(f->loc.line <= max_line);
    }

    struct ib_date due;
    if (ib_doc_due(doc, &due)) {
        char s[11];
        ib_date_format(due, s);
        fuzz_assert(strlen(s) == 10);
    }
    char iv[32];
    ib_interval_format(doc->review_interval, iv);

    if (doc->fm) {
        struct ib_doc before = *doc;
        struct ib_diag *d2 = ib_diag_new();
        ib_doc_revalidate(a, c, doc, doc->fm, d2);
        fuzz_assert(doc->valid == before.valid);
        fuzz_assert(strcmp(doc->id.s, before.id.s) == 0);
        fuzz_assert(strcmp(doc->title.s, before.title.s) == 0);
        fuzz_assert(doc->type == before.type);
        fuzz_assert(doc->status == before.status);
        fuzz_assert(doc->classification == before.classification);
        fuzz_assert(doc->controls.n == before.controls.n);
        fuzz_assert(doc->has_next_review == before.has_next_review);
        fuzz_assert(ib_diag_errors(d2) <= ib_diag_errors(d));
        ib_diag_free(d2);
    }

    ib_doc_fini(doc);
    ib_diag_free(d);
    ib_arena_free(a);
    return 0;
}
