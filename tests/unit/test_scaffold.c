/* SPDX-License-Identifier: MIT */
/* Unit tests for scaffold.c: slugs, id patterns, `init` and `new`. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "catalog.h"
#include "diag.h"
#include "scaffold.h"

static const struct ib_date today = {2026, 11, 22};

struct fixture {
    char base[64];
    char root[96];
    struct ib_diag *d;
};

static char *
path_of(const char *dir, const char *rel)
{
    size_t n = strlen(dir) + strlen(rel) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", dir, rel);
    return p;
}

static void
put_file(const char *dir, const char *rel, const char *text)
{
    char *p = path_of(dir, rel);
    for (char *s = p + 1; *s; s++) {
        if (*s == '/') {
            *s = '\0';
            mkdir(p, 0755);
            *s = '/';
        }
    }
    FILE *f = fopen(p, "w");
    if (!f)
        fail_msg("fopen %s: %s", p, strerror(errno));
    fputs(text, f);
    fclose(f);
    free(p);
}

/* Returns the file's contents (a new string), or NULL if it is missing. */
static char *
slurp(const char *dir, const char *rel)
{
    char *p = path_of(dir, rel);
    FILE *f = fopen(p, "r");
    free(p);
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    int c;
    while ((c = fgetc(f)) != EOF)
        fputc(c, m);
    fclose(m);
    fclose(f);
    return buf;
}

static int
rm_entry(const char *p, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)type;
    (void)ftw;
    return remove(p);
}

static void
dump(struct ib_diag *d)
{
    for (size_t i = 0; i < ib_diag_count(d); i++) {
        const struct ib_finding *f = ib_diag_get(d, i);
        print_message("finding: %s:%u:%u: %s [%s]\n",
                      f->loc.file ? f->loc.file : "(none)", f->loc.line,
                      f->loc.col, f->msg, f->rule);
    }
}

/* Asserts D holds exactly one finding, of RULE, whose message has PART. */
static void
assert_finding(struct ib_diag *d, const char *rule, const char *part)
{
    if (ib_diag_count(d) != 1) {
        dump(d);
        fail_msg("want 1 finding [%s], have %zu", rule, ib_diag_count(d));
    }
    const struct ib_finding *f = ib_diag_get(d, 0);
    assert_string_equal(f->rule, rule);
    if (!strstr(f->msg, part))
        fail_msg("'%s' not in '%s'", part, f->msg);
}

static int
setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof(*fx));
    strcpy(fx->base, "/tmp/ib-test-scaffold-XXXXXX");
    if (!mkdtemp(fx->base))
        return -1;
    snprintf(fx->root, sizeof(fx->root), "%s/hb", fx->base);
    fx->d = ib_diag_new();
    umask(022);
    *state = fx;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *fx = *state;
    nftw(fx->base, rm_entry, 32, FTW_DEPTH | FTW_PHYS);
    ib_diag_free(fx->d);
    free(fx);
    return 0;
}

static void
assert_slug(const char *title, const char *want)
{
    char *s = ib_scaffold_slug(title);
    if (strcmp(s, want) != 0)
        fail_msg("slug of '%s' is '%s', want '%s'", title, s, want);
    free(s);
}

static void
test_slug(void **state)
{
    (void)state;
    assert_slug("Access Control Policy", "access-control-policy");
    assert_slug("Scope & purpose", "scope-purpose");
    assert_slug("  --Risk-based__approach--  ", "risk-based-approach");
    assert_slug("Adgang til Ærø og Øresund", "adgang-til-aeroe-og-oeresund");
    assert_slug("Åtkomst för gäster: ÄÖÜ", "aatkomst-foer-gaester-aeoeue");
    assert_slug("Café Straße", "cafe-strasse");
    /* Beyond Latin-1, as the site's slugs spell them. */
    assert_slug("Łódź, Šifrování, Bezpieczeństwo",
                "lodz-sifrovani-bezpieczenstwo");
    assert_slug("Œuvre Ōsaka Ąę ș", "oeuvre-osaka-ae-s");
    assert_slug("Backup/restore test", "backup-restore-test");
    assert_slug("Policy 2.1 (draft) — 100%", "policy-21-draft-100");
    assert_slug("a\xff\xc3" "b", "ab"); /* invalid UTF-8 is dropped */
    assert_slug("!!! ???", "");
    assert_slug("", "");

    /* Long titles stop at 80 bytes, never on a '-'. */
    char *s = ib_scaffold_slug("aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa "
                               "aaaaaaaaa aaaaaaaaa aaaaaaaaa aaaaaaaaa "
                               "bbbb");
    assert_int_equal(strlen(s), 79);
    assert_int_not_equal(s[strlen(s) - 1], '-');
    free(s);
}

static void
test_pattern_problem(void **state)
{
    (void)state;
    assert_null(ib_scaffold_pattern_problem("POL-###"));
    assert_null(ib_scaffold_pattern_problem("REC-{year}-###"));
    assert_null(ib_scaffold_pattern_problem("#"));
    assert_null(ib_scaffold_pattern_problem("ISMS.std_##-x"));
    assert_non_null(strstr(ib_scaffold_pattern_problem("POL"), "no '#'"));
    assert_non_null(strstr(ib_scaffold_pattern_problem("P-#-#"),
                           "more than one"));
    assert_non_null(strstr(ib_scaffold_pattern_problem("##########"),
                           "more than 9"));
    assert_non_null(strstr(ib_scaffold_pattern_problem("{yr}-##"),
                           "{year}"));
    assert_non_null(strstr(ib_scaffold_pattern_problem("POL ###"),
                           "letters, digits"));
    assert_non_null(strstr(ib_scaffold_pattern_problem("-###"),
                           "start with"));
    assert_non_null(ib_scaffold_pattern_problem(""));
}

static void
assert_next(const char *pattern, int year, const char *const *ids, size_t n,
            const char *want)
{
    char *id = ib_scaffold_next_id(pattern, year, ids, n);
    assert_non_null(id);
    if (strcmp(id, want) != 0)
        fail_msg("next of %s is '%s', want '%s'", pattern, id, want);
    free(id);
}

static void
test_next_id(void **state)
{
    (void)state;
    assert_next("POL-###", 2026, NULL, 0, "POL-001");
    /* The highest number wins, in any case; gaps are not reused; ids of
     * another shape are ignored. */
    const char *ids[] = {"POL-002", "pol-007", "POL-01",   "POLX-009",
                         "POL-003a", "STD-010", "POL-0x9", "POL-"};
    assert_next("POL-###", 2026, ids, 8, "POL-008");
    assert_next("STD-##", 2026, ids, 8, "STD-11");
    const char *full[] = {"POL-999"};
    assert_next("POL-###", 2026, full, 1, "POL-1000");
    /* {year}: last year's records do not count. */
    const char *recs[] = {"REC-2025-004", "rec-2026-002", "REC-2026-1"};
    assert_next("REC-{year}-###", 2026, recs, 3, "REC-2026-003");
    assert_next("REC-{year}-###", 2025, recs, 3, "REC-2025-005");
    /* Literal digits beside the number and a suffix. */
    const char *odd[] = {"A105", "012-x"};
    assert_next("A1##", 2026, odd, 2, "A106");
    assert_next("###-X", 2026, odd, 2, "013-X");
    assert_null(ib_scaffold_next_id("POL", 2026, ids, 8));
}

/* Calls ib_scaffold_init; returns its status. */
static int
run_init(struct fixture *fx, const char *dir)
{
    return ib_scaffold_init(dir, today, fx->d);
}

/* Counts the files below DIR/content whose text contains NEEDLE. */
static int
count_containing(const char *dir, const char *sub, const char *needle)
{
    char *p = path_of(dir, sub);
    DIR *dd = opendir(p);
    int n = 0;
    struct dirent *e;
    while (dd && (e = readdir(dd)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *rel = path_of(sub, e->d_name);
        struct stat st;
        char *full = path_of(dir, rel);
        stat(full, &st);
        free(full);
        if (S_ISDIR(st.st_mode)) {
            n += count_containing(dir, rel, needle);
        } else {
            char *text = slurp(dir, rel);
            n += text && strstr(text, needle) != NULL;
            free(text);
        }
        free(rel);
    }
    if (dd)
        closedir(dd);
    free(p);
    return n;
}

static void
test_init_writes_handbook(void **state)
{
    struct fixture *fx = *state;
    assert_int_equal(run_init(fx, fx->root), 0);
    assert_int_equal(ib_diag_count(fx->d), 0);

    char *hb = slurp(fx->root, "handbook.yaml");
    assert_non_null(hb);
    static const char *const keys[] = {
        "\ntitle: ", "\norganisation: ", "\nbase_url:", "\nlanguage: en",
        "\ntheme: default", "\nframeworks: [iso27001-2022]",
        "\n  interval: 12 months", "\n  warn_days: 30",
        "\n  max_classification: internal", "\nsoa: content/soa.yaml",
        "\npeople:\n  ciso:\n", "\nfilters: []", "\nrules:", "\naliases:",
        "\ndefaults:", "\nids:\n  policy: POL-###\n",
        "\n  record: REC-{year}-###\n", NULL};
    for (size_t i = 0; keys[i]; i++)
        if (!strstr(hb, keys[i]))
            fail_msg("handbook.yaml lacks '%s'", keys[i]);
    free(hb);

    /* Every control, undecided, with its title. */
    const struct ib_catalog *cat = ib_catalog_builtin();
    char *soa = slurp(fx->root, "content/soa.yaml");
    assert_non_null(soa);
    for (size_t i = 0; i < ib_catalog_control_count(cat); i++) {
        const struct ib_control *c = ib_catalog_control_at(cat, i);
        char line[200];
        snprintf(line, sizeof line, "\n  %s:%*s# %s\n", c->display_id,
                 (int)(8 - strlen(c->display_id)), "", c->title);
        if (!strstr(soa, line))
            fail_msg("soa.yaml lacks '%s'", line);
    }
    assert_null(strstr(soa, "\n  A.5.15: {"));
    free(soa);

    /* One draft per required item, records typed as records, all owned by
     * the directory's placeholder person. */
    for (size_t i = 0; i < ib_catalog_required_count(cat); i++) {
        const struct ib_required *r = ib_catalog_required_at(cat, i);
        char needle[200];
        snprintf(needle, sizeof needle,
                 "type: %sowner: ciso\nstatus: draft\n"
                 "last_reviewed: 2026-11-22\nclauses: [%s]\n---\n",
                 r->is_record ? "record\n" : "", r->id);
        int n = r->is_record ? count_containing(fx->root, "content", needle)
                             : 0;
        snprintf(needle, sizeof needle, "\nclauses: [%s]\n", r->id);
        assert_int_equal(count_containing(fx->root, "content", needle), 1);
        if (r->is_record)
            assert_int_equal(n, 1);
    }
    assert_int_equal(count_containing(fx->root, "content", "status: draft"),
                     (int)ib_catalog_required_count(cat));
    char *scope = slurp(fx->root, "content/policies/isms-scope.md");
    assert_non_null(scope);
    assert_true(strncmp(scope,
                        "---\nid: POL-001\ntitle: Scope of the Information "
                        "Security Management System\ntype: policy\n",
                        76) == 0);
    assert_non_null(strstr(scope, "\n## What is outside the scope\n"));
    free(scope);
    char *rec = slurp(fx->root, "content/records/competence-records.md");
    assert_non_null(rec);
    assert_true(strncmp(rec, "---\nid: REC-2026-001\n", 21) == 0);
    free(rec);
    char *ign = slurp(fx->root, ".gitignore");
    assert_non_null(strstr(ign, "/public/"));
    free(ign);
}

static void
test_init_refusals(void **state)
{
    struct fixture *fx = *state;
    put_file(fx->base, "hb/notes.txt", "mine");
    assert_int_equal(run_init(fx, fx->root), 2);
    assert_finding(fx->d, "output-refused", "it holds 'notes.txt'");
    char *notes = slurp(fx->root, "notes.txt");
    assert_string_equal(notes, "mine");
    free(notes);
    char *hb = slurp(fx->root, "handbook.yaml");
    assert_null(hb);
    ib_diag_free(fx->d);
    fx->d = ib_diag_new();

    char *orphan = path_of(fx->base, "a/b");
    assert_int_equal(run_init(fx, orphan), 2);
    assert_finding(fx->d, "output-refused", "does not exist");
    free(orphan);
    ib_diag_free(fx->d);
    fx->d = ib_diag_new();

    /* An existing empty folder is fine. */
    char *empty = path_of(fx->base, "empty");
    mkdir(empty, 0755);
    assert_int_equal(run_init(fx, empty), 0);
    char *soa = slurp(empty, "content/soa.yaml");
    assert_non_null(soa);
    free(soa);
    free(empty);
}

static const char handbook[] =
    "title: T\n"
    "aliases: { document_id: id }\n"
    "people:\n"
    "  jane.doe: { name: Jane Doe }\n"
    "  bob: { name: Bob }\n"
    "ids:\n"
    "  standard: ISMS-STD-##\n";

/* A handbook with documents numbered up to POL-007, one of them through
 * an alias and one with broken front matter that still has an id. */
static void
make_handbook(struct fixture *fx)
{
    put_file(fx->root, "handbook.yaml", handbook);
    put_file(fx->root, "content/policies/a.md",
             "---\nid: POL-002\ntitle: A\ntype: policy\nowner: bob\n---\n");
    put_file(fx->root, "content/other/b.md",
             "---\ndocument_id: pol-005\ntitle: B\ntype: policy\n"
             "owner: bob\n---\n");
    put_file(fx->root, "content/c.md",
             "---\nid: POL-007\ntitle: C\ntype: nonsense\n---\n");
    put_file(fx->root, "content/standards/s.md",
             "---\nid: ISMS-STD-09\ntitle: S\ntype: standard\nowner: bob\n"
             "---\n");
    put_file(fx->root, "content/records/r.md",
             "---\nid: REC-2026-041\ntitle: R\ntype: record\nowner: bob\n"
             "---\n");
}

/* Runs `new` with O; returns its status and stores the path (or "") in
 * PATH (static). */
static int
run_new(struct fixture *fx, struct ib_scaffold_new_opts o, const char **path)
{
    static char last[256];
    char *p;
    o.root = fx->root;
    o.today = today;
    int status = ib_scaffold_new(&o, &p, fx->d);
    snprintf(last, sizeof last, "%s", p ? p : "");
    free(p);
    if (path)
        *path = last;
    return status;
}

static void
test_new_policy(void **state)
{
    struct fixture *fx = *state;
    make_handbook(fx);
    const char *path;
    struct ib_scaffold_new_opts o = {.type = "policy",
                                     .title = " Access Control ",
                                     .controls = "A.5.15, 8.24,a.5.15",
                                     .clauses = "6.1.3 d), 9.2.2"};
    assert_int_equal(run_new(fx, o, &path), 0);
    dump(fx->d);
    assert_int_equal(ib_diag_count(fx->d), 0);
    assert_string_equal(path, "content/policies/access-control.md");
    char *text = slurp(fx->root, path);
    assert_non_null(text);
    assert_string_equal(
        text,
        "---\n"
        "id: POL-008\n"
        "title: Access Control\n"
        "type: policy\n"
        "owner: jane.doe\n"
        "status: draft\n"
        "last_reviewed: 2026-11-22\n"
        "controls: [A.5.15, A.8.24]\n"
        "clauses: [6.1.3d, 9.2.2]\n"
        "---\n"
        "\n"
        "_A draft written by `ismsbook new` on 2026-11-22. Replace the "
        "guidance\n"
        "in italics with your own text. To put the document in force, set\n"
        "`status: approved` with `approver`, `approved` (the date) and\n"
        "`last_reviewed`._\n"
        "\n"
        "## Purpose\n"
        "\n"
        "_Why this policy exists and which risks or requirements it answers._\n"
        "\n"
        "## Scope\n"
        "\n"
        "_Who and what it applies to: people, information, systems, "
        "locations._\n"
        "\n"
        "## Policy\n"
        "\n"
        "_The rules, each one short enough to remember and specific enough to\n"
        "check._\n"
        "\n"
        "## Roles and responsibilities\n"
        "\n"
        "_Who owns the rules, who carries them out and who checks them._\n"
        "\n"
        "## Compliance and exceptions\n"
        "\n"
        "_How compliance is checked, how an exception is requested and "
        "approved,\n"
        "and what happens when the policy is broken._\n"
        "\n"
        "## Related documents\n"
        "\n"
        "_The standards, procedures and guidelines that put this policy into\n"
        "practice._\n");
    free(text);

    /* Never overwrites: the same title again is refused. */
    put_file(fx->root, path, "mine\n");
    o.controls = o.clauses = NULL;
    assert_int_equal(run_new(fx, o, &path), 2);
    assert_finding(fx->d, "output-refused", "already exists");
    assert_string_equal(path, "");
    text = slurp(fx->root, "content/policies/access-control.md");
    assert_string_equal(text, "mine\n");
    free(text);
}

static void
test_new_each_type(void **state)
{
    struct fixture *fx = *state;
    make_handbook(fx);
    static const struct {
        const char *type, *title, *path, *id;
    } cases[] = {
        {"policy", "Ny politik", "content/policies/ny-politik.md",
         "id: POL-008\n"},
        {"standard", "Kryptering", "content/standards/kryptering.md",
         "id: ISMS-STD-10\n"},
        {"procedure", "Ændringer", "content/procedures/aendringer.md",
         "id: PRC-001\n"},
        {"guideline", "Gäster", "content/guidelines/gaester.md",
         "id: GL-001\n"},
        {"plan", "Plan 2027", "content/plans/plan-2027.md", "id: PLN-001\n"},
        {"register", "Aktiver", "content/registers/aktiver.md",
         "id: REG-001\n"},
        {"record", "Øvelse", "content/records/oevelse.md",
         "id: REC-2026-042\n"},
        {"procedure", "Second", "content/procedures/second.md",
         "id: PRC-002\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *path;
        struct ib_scaffold_new_opts o = {.type = cases[i].type,
                                         .title = cases[i].title};
        assert_int_equal(run_new(fx, o, &path), 0);
        assert_string_equal(path, cases[i].path);
        char *text = slurp(fx->root, path);
        assert_non_null(text);
        if (!strstr(text, cases[i].id))
            fail_msg("%s lacks %s", path, cases[i].id);
        char type[64];
        snprintf(type, sizeof type, "\ntype: %s\n", cases[i].type);
        assert_non_null(strstr(text, type));
        free(text);
    }
    assert_int_equal(ib_diag_count(fx->d), 0);
}

static void
test_new_owner_and_quoting(void **state)
{
    struct fixture *fx = *state;
    put_file(fx->root, "handbook.yaml", "title: T\n");
    const char *path;
    struct ib_scaffold_new_opts o = {.type = "guideline",
                                     .title = "Policy: #1 \"draft\""};
    assert_int_equal(run_new(fx, o, &path), 0);
    char *text = slurp(fx->root, path);
    /* No directory: the owner is a placeholder role. Text that YAML would
     * read differently is quoted. */
    assert_non_null(strstr(text, "\ntitle: \"Policy: #1 \\\"draft\\\"\"\n"
                                 "type: guideline\nowner: owner\n"));
    free(text);

    o.title = "True";
    o.owner = "it ops";
    assert_int_equal(run_new(fx, o, &path), 0);
    text = slurp(fx->root, path);
    assert_non_null(strstr(text, "\ntitle: \"True\"\n"));
    assert_non_null(strstr(text, "\nowner: it ops\n"));
    free(text);

    o.title = "Two\nlines";
    assert_int_equal(run_new(fx, o, &path), 2);
    assert_finding(fx->d, "field-type", "one line");
}

static void
test_new_refusals(void **state)
{
    struct fixture *fx = *state;
    make_handbook(fx);
    static const struct {
        struct ib_scaffold_new_opts o;
        const char *rule, *part;
    } cases[] = {
        {{.type = "memo", .title = "X"}, "field-type", "'memo'"},
        {{.type = "policy", .title = "!!!"}, "field-type", "no file name"},
        {{.type = "policy", .title = "   "}, "field-type", "one line"},
        {{.type = "policy", .title = "X", .owner = "nobody"},
         "owner-unknown", "'nobody'"},
        {{.type = "policy", .title = "X", .controls = "A.9.1.1"},
         "control-unknown", "2013 id; give the 2022 control A.5.15"},
        {{.type = "policy", .title = "X", .controls = "A.5.99"},
         "control-unknown", "'A.5.99' is not"},
        {{.type = "policy", .title = "X", .clauses = "4.9"}, "field-type",
         "'4.9' is not a clause"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(run_new(fx, cases[i].o, NULL), 2);
        assert_finding(fx->d, cases[i].rule, cases[i].part);
        ib_diag_free(fx->d);
        fx->d = ib_diag_new();
    }
    char *x = slurp(fx->root, "content/policies/x.md");
    assert_null(x);

    /* Bad `ids:` entries are reported at their place in handbook.yaml. */
    put_file(fx->root, "handbook.yaml",
             "title: T\nids:\n  polcy: P-###\n  record: REC-{yr}-#\n");
    struct ib_scaffold_new_opts o = {.type = "policy", .title = "X"};
    assert_int_equal(run_new(fx, o, NULL), 2);
    assert_int_equal(ib_diag_count(fx->d), 2);
    const struct ib_finding *f = ib_diag_get(fx->d, 0);
    assert_string_equal(f->rule, "field-type");
    assert_string_equal(f->loc.file, "handbook.yaml");
    assert_int_equal(f->loc.line, 3);
    assert_non_null(strstr(f->msg, "'polcy'"));
    f = ib_diag_get(fx->d, 1);
    assert_int_equal(f->loc.line, 4);
    assert_non_null(strstr(f->msg, "{year}"));
    ib_diag_free(fx->d);
    fx->d = ib_diag_new();

    /* No handbook at all. */
    char *hb = path_of(fx->root, "handbook.yaml");
    unlink(hb);
    free(hb);
    assert_int_equal(run_new(fx, o, NULL), 2);
    assert_finding(fx->d, "file-unreadable", "no handbook.yaml");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slug),
        cmocka_unit_test(test_pattern_problem),
        cmocka_unit_test(test_next_id),
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
        T(test_init_writes_handbook),
        T(test_init_refusals),
        T(test_new_policy),
        T(test_new_each_type),
        T(test_new_owner_and_quoting),
        T(test_new_refusals),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
