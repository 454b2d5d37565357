/* SPDX-License-Identifier: MIT */
/* Unit tests for filter.c: the Lua API, metadata, tree edits, the sandbox. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cache.h"
#include "catalog.h"
#include "config.h"
#include "diag.h"
#include "doc.h"
#include "filter.h"
#include "markdown.h"
#include "site.h"
#include "val.h"

/*
 * Each test writes a small handbook into a fresh folder: two documents and
 * the filter under test as filters/t.lua, listed in handbook.yaml. Line
 * numbers in the expectations are those of the files below.
 */
static char root[64];
static const char *context = ""; /* the case a table-driven test is at */

static const char alpha_md[] =
    "---\n"                            /* 1 */
    "id: POL-A\n"                      /* 2 */
    "title: Alpha policy\n"            /* 3 */
    "type: policy\n"                   /* 4 */
    "owner: ciso\n"                    /* 5 */
    "status: approved\n"               /* 6 */
    "approver: ceo\n"                  /* 7 */
    "approved: 2026-01-10\n"           /* 8 */
    "last_reviewed: 2026-01-10\n"      /* 9 */
    "controls: [A.5.34]\n"             /* 10 */
    "tags: [privacy]\n"                /* 11 */
    "extra: {note: hello, count: 3}\n" /* 12 */
    "---\n"                            /* 13 */
    "# Alpha\n"                        /* 14 */
    "\n"                               /* 15 */
    "## Scope TBD\n"                   /* 16 */
    "\n"                               /* 17 */
    "Text with `code` and a [link](https://example.org \"Ex\") and "
    "![logo](logo.png).\n"         /* 18 */
    "\n"                           /* 19 */
    "> A quote to remove.\n"       /* 20 */
    "\n"                           /* 21 */
    "```lua\n"                     /* 22 */
    "print(\"x\")\n"               /* 23 */
    "```\n"                        /* 24 */
    "\n"                           /* 25 */
    "See [[POL-B]] and SEC-42.\n"; /* 26 */

static const char beta_md[] = "---\n"
                              "id: POL-B\n"
                              "title: Beta procedure\n"
                              "type: procedure\n"
                              "owner: ciso\n"
                              "---\n"
                              "# Beta\n"
                              "\n"
                              "Follows the [alpha policy](../policies/a.md).\n"
                              "\n"
                              "- one\n"
                              "- two\n";

static const struct ib_date today = {2026, 6, 1};

/* Loads the handbook at ROOT as `check` does, or, with BODY, keeping
 * what BODY takes of each tree. */
static struct ib_site *
load_site(const char *dir, ib_site_body_fn body, struct ib_diag *d,
          int *status)
{
    struct ib_site_opts o = {.root = dir, .today = today, .body = body};
    return ib_site_load(&o, d, status);
}

/* Keeps each parsed body's HTML, as a build does (doc->html). */
static void
keep_html(void *ud, const struct ib_site *site, struct ib_doc *doc)
{
    (void)ud;
    (void)site;
    doc->html = ib_md_render_html(doc->md);
}


static void
write_file(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    for (char *p = path + strlen(root) + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    }
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static int
setup(void **state)
{
    (void)state;
    strcpy(root, "/tmp/ib-filter-test.XXXXXX");
    if (!mkdtemp(root))
        return -1;
    write_file("content/policies/a.md", alpha_md);
    write_file("content/procedures/b.md", beta_md);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    context = "";
    return nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* handbook.yaml listing filters/t.lua (with OPTIONS, a YAML flow map, if
 * not NULL) plus EXTRA lines; the filter's source is SRC. */
static void
handbook(const char *extra, const char *options, const char *src)
{
    char yaml[2048];
    if (options)
        snprintf(yaml, sizeof yaml,
                 "title: Test\npeople:\n  ciso: {name: Cleo Iso, role: "
                 "ciso}\n  ceo: {name: Ceo, role: ceo}\n  dpo: {name: "
                 "Dana Po, role: dpo}\nfilters:\n  - path: filters/t.lua\n"
                 "    options: %s\n%s",
                 options, extra ? extra : "");
    else
        snprintf(yaml, sizeof yaml,
                 "title: Test\npeople:\n  ciso: {name: Cleo Iso, role: "
                 "ciso}\n  ceo: {name: Ceo, role: ceo}\n  dpo: {name: "
                 "Dana Po, role: dpo}\nfilters: [filters/t.lua]\n%s",
                 extra ? extra : "");
    write_file("handbook.yaml", yaml);
    write_file("filters/t.lua", src);
}

struct run {
    struct ib_diag *d;
    struct ib_site *site;
    int status;
    double seconds;
};

/*
 * Seconds since A on CLOCK, which is CPU time for the budgets: the test
 * machine may be busy with other work, and a budget counts work.
 */
static double
elapsed_on(clockid_t clock, struct timespec a)
{
    struct timespec b;
    clock_gettime(clock, &b);
    return (double)(b.tv_sec - a.tv_sec) +
           (double)(b.tv_nsec - a.tv_nsec) / 1e9;
}

static double
elapsed(struct timespec a)
{
    return elapsed_on(CLOCK_MONOTONIC, a);
}

/*
 * Under valgrind (tests/valgrind.sh sets IB_TEST_SLOW) everything runs 20
 * to 50 times slower: time bounds stretch by this factor, and the cases of
 * the default instruction budget use a smaller one, since 10^8 instructions
 * would outlast the wall-clock limit.
 */
static double
slowdown(void)
{
    const char *s = getenv("IB_TEST_SLOW");
    return s && *s ? 50.0 : 1.0;
}

/* A time bound of SECONDS: stretched by slowdown(), and three times under
 * AddressSanitizer, which runs the filters about that much slower (as
 * tests/adversarial/run.sh allows for). */
static double
bound(double seconds)
{
#ifdef __SANITIZE_ADDRESS__
    if (slowdown() == 1)
        return 3 * seconds;
#endif
    return seconds * slowdown();
}

/* The instruction budget for cases of the default one, as said above. */
static const char *
default_budget(void)
{
    return slowdown() > 1 ? "filter_limits: { instructions: 1000000 }\n"
                          : NULL;
}

static void
load(struct run *r)
{
    struct timespec t0;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    r->d = ib_diag_new();
    r->site = load_site(root, keep_html, r->d, &r->status);
    r->seconds = elapsed_on(CLOCK_PROCESS_CPUTIME_ID, t0);
}

static void
done(struct run *r)
{
    ib_site_free(r->site);
    ib_diag_free(r->d);
}

/* All findings of D as "rule line:col message" lines. */
static char *
dump(struct ib_diag *d)
{
    struct ib_buf b;
    ib_buf_init(&b);
    ib_buf_puts(&b, "");
    for (size_t i = 0; i < ib_diag_count(d); i++) {
        const struct ib_finding *x = ib_diag_get(d, i);
        ib_buf_printf(&b, "%s %s %s:%u:%u %s\n",
                      x->sev == IB_SEV_ERROR ? "E" : "W", x->rule,
                      x->loc.file ? x->loc.file : "-", x->loc.line, x->loc.col,
                      x->msg);
    }
    return ib_buf_take(&b);
}

static void
expect(struct ib_diag *d, const char *needle)
{
    char *all = dump(d);
    if (!strstr(all, needle))
        fail_msg("%s%sexpected\n  %s\namong the findings\n%s", context,
                 *context ? "\n" : "", needle, all);
    free(all);
}

static void
expect_not(struct ib_diag *d, const char *needle)
{
    char *all = dump(d);
    if (strstr(all, needle))
        fail_msg("%s%sdid not expect\n  %s\namong the findings\n%s", context,
                 *context ? "\n" : "", needle, all);
    free(all);
}

static char *
html_of(struct run *r, const char *id)
{
    struct ib_doc *doc = ib_site_find_id(r->site, id);
    assert_non_null(doc);
    assert_non_null(doc->html);
    return strdup(doc->html);
}

static void
assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("expected\n%s\nin\n%s", needle, hay);
}

static void
assert_lacks(const char *hay, const char *needle)
{
    if (strstr(hay, needle))
        fail_msg("did not expect\n%s\nin\n%s", needle, hay);
}

/* Reports the value of Lua expression EXPR in the document hook. */
static void
probe_doc(const char *expr, const char *expected)
{
    char src[1024];
    snprintf(src, sizeof src,
             "return { document = function(doc)\n"
             "  if doc.id ~= 'POL-A' then return end\n"
             "  doc:report{ rule = 'probe', message = tostring(%s) }\n"
             "end }\n",
             expr);
    handbook(NULL, NULL, src);
    struct run r;
    load(&r);
    char needle[512];
    snprintf(needle, sizeof needle, " %s\n", expected);
    expect_not(r.d, "filter-error");
    expect(r.site->filter_findings, needle);
    done(&r);
}

static void
test_document_fields(void **state)
{
    (void)state;
    probe_doc("doc.id .. '|' .. doc.path .. '|' .. doc.type .. '|' .. "
              "doc.language .. '|' .. doc.url",
              "POL-A|content/policies/a.md|policy|en|policies/a.html");
    probe_doc("doc.title .. '|' .. doc.status .. '|' .. doc.owner .. '|' .. "
              "doc.classification .. '|' .. tostring(doc.published)",
              "Alpha policy|approved|ciso|internal|true");
    probe_doc("doc.review.state .. '|' .. doc.review.due .. '|' .. "
              "doc.review.days",
              "current|2027-01-10|223");
    probe_doc("doc.meta.controls[1] .. '|' .. doc.meta.tags[1] .. '|' .. "
              "doc.meta.extra.note .. '|' .. math.type(doc.meta.extra.count)",
              "A.5.34|privacy|hello|integer");
    probe_doc("doc.extra == doc.meta.extra", "true");
    probe_doc("tostring(doc):match('document POL%-A')", "document POL-A");
}

static void
test_metadata_changes_are_revalidated(void **state)
{
    (void)state;
    handbook(NULL, NULL,
             "return { document = function(doc)\n"
             "  if doc.id ~= 'POL-A' then return end\n"
             "  doc.meta.approved = '2026-02-30'\n"
             "  doc.meta.classification = 'secret'\n"
             "  doc.meta.controls = { 'A.5.15', 'A.8.1' }\n"
             "  doc.meta.owner = 'dpo'\n"
             "  doc.meta.colour = 'blue'\n"
             "end }\n");
    struct run r;
    load(&r);
    /* Bad values are caught where the original value stood. */
    expect(r.d, "E date-invalid content/policies/a.md:8:11");
    expect(r.d, "E field-type content/policies/a.md:");
    expect(r.d, "'secret'");
    /* A key the schema does not know, set by a filter: at the front
     * matter's first line. */
    expect(r.d, "W field-unknown content/policies/a.md:1:0 unknown key "
                "'colour'");
    struct ib_doc *doc = ib_site_find_id(r.site, "POL-A");
    assert_int_equal(doc->controls.n, 2);
    assert_string_equal(doc->controls.items[1].s, "A.8.1");
    assert_string_equal(doc->owner.s, "dpo");
    assert_false(doc->has_approved);
    done(&r);

    /* Approval without approver: cannot be smuggled in either. */
    handbook(NULL, NULL,
             "return { document = function(doc)\n"
             "  if doc.id == 'POL-B' then doc.meta.status = 'approved' end\n"
             "end }\n");
    load(&r);
    expect(r.d, "E approval-missing content/procedures/b.md");
    done(&r);
}

static void
test_unchanged_metadata_is_untouched(void **state)
{
    (void)state;
    /* Reading and writing back the same values is no change: the front
     * matter map stays the one doc.c made, and no finding repeats. */
    handbook(NULL, NULL,
             "return { document = function(doc)\n"
             "  local m = doc.meta\n"
             "  m.title = m.title .. ''\n"
             "  m.controls = m.controls and { table.unpack(m.controls) }\n"
             "  if m.extra then m.extra.count = m.extra.count + 0 end\n"
             "  doc.extra = doc.extra\n"
             "end }\n");
    struct run r;
    struct ib_diag *plain = ib_diag_new();
    int status;
    write_file("handbook.yaml", "title: Test\n");
    struct ib_site *before = load_site(root, NULL, plain, &status);
    const struct ib_val *fm_before =
        ib_val_get(ib_site_find_id(before, "POL-A")->fm, "extra");
    handbook(NULL, NULL,
             "return { document = function(doc)\n"
             "  local m = doc.meta\n"
             "  m.title = m.title .. ''\n"
             "  m.controls = m.controls and { table.unpack(m.controls) }\n"
             "  if m.extra then m.extra.count = m.extra.count + 0 end\n"
             "  doc.extra = doc.extra\n"
             "end }\n");
    load(&r);
    assert_int_equal(ib_diag_count(r.d), ib_diag_count(plain));
    struct ib_doc *a = ib_site_find_id(r.site, "POL-A");
    assert_non_null(ib_val_get(a->fm, "extra"));
    assert_string_equal(ib_val_get(ib_val_get(a->fm, "extra"), "count")->str,
                        ib_val_get(fm_before, "count")->str);
    /* A document without extra gets none from an untouched doc.extra. */
    assert_null(ib_val_get(ib_site_find_id(r.site, "POL-B")->fm, "extra"));
    done(&r);
    ib_site_free(before);
    ib_diag_free(plain);
}

/* A number written as Lua would not write it reaches a filter as its text,
 * so control 8.10 stays A.8.10 when a filter moves it. */
static void
test_numbers_keep_their_text(void **state)
{
    (void)state;
    write_file("content/policies/c.md",
               "---\nid: POL-C\ntitle: Deletion\ntype: policy\nowner: ciso\n"
               "version: 1.10\ncontrols: [8.10, 5.34]\n"
               "extra: {a: 3, b: 2.5, c: 007, d: 1.0}\n---\nText.\n");
    handbook(NULL, NULL,
             "return { document = function(doc)\n"
             "  if doc.id ~= 'POL-C' then return end\n"
             "  local m, e = doc.meta, doc.meta.extra\n"
             "  doc:report{ rule = 'probe', message = table.concat({\n"
             "    math.type(m.version) or type(m.version), m.version,\n"
             "    type(m.controls[1]), m.controls[1], tostring(m.controls[2]),\n"
             "    math.type(e.a), math.type(e.b), e.c, e.d }, ' ') }\n"
             "  table.insert(m.controls, 1, '5.15')\n"
             "end }\n");
    struct run r;
    load(&r);
    expect_not(r.d, "filter-error");
    expect(r.site->filter_findings,
           " string 1.10 string 8.10 5.34 integer float 007 1.0\n");
    struct ib_doc *c = ib_site_find_id(r.site, "POL-C");
    const struct ib_val *ctl = ib_val_get(c->fm, "controls");
    assert_int_equal(ctl->n, 3);
    assert_string_equal(ctl->items[0]->str, "5.15");
    assert_string_equal(ctl->items[1]->str, "8.10");
    assert_string_equal(ctl->items[2]->str, "5.34");
    assert_string_equal(ib_val_get(c->fm, "version")->str, "1.10");
    done(&r);
}

/* Metadata a hook left bad is reported at the hook's line. */
static void
test_bad_metadata_has_a_line(void **state)
{
    (void)state;
    static const char *const bodies[] = {
        "doc.meta.tags = { 'a', x = 1 }",
        "doc.meta.tags = { print }",
        "doc.meta = 5",
        "doc.meta.extra.n = 0/0",
        "doc.meta.title = '\\255'",
        NULL,
    };
    for (size_t i = 0; bodies[i]; i++) {
        char src[512];
        snprintf(src, sizeof src,
                 "local x = 1\nreturn { document = function(doc)\n  %s\n"
                 "end }\n",
                 bodies[i]);
        handbook(NULL, NULL, src);
        context = bodies[i];
        struct run r;
        load(&r);
        expect(r.d, "E filter-error filters/t.lua:2:0 ");
        done(&r);
    }
}

static void
test_id_cannot_change(void **state)
{
    (void)state;
    handbook(NULL, NULL,
             "return { document = function(doc) doc.meta.id = 'X-1' end }\n");
    struct run r;
    load(&r);
    expect(r.d, "E filter-error filters/t.lua:");
    expect(r.d, "cannot change or remove a document's id ('POL-A')");
    done(&r);
}

static void
test_extra_for_templates(void **state)
{
    (void)state;
    handbook(NULL, NULL,
             "return { document = function(doc)\n"
             "  doc.extra.audience_label = 'Everyone: ' .. doc.title\n"
             "  doc.extra.rank = 2\n"
             "  doc.extra.flags = { 'a', 'b' }\n"
             "end }\n");
    struct run r;
    load(&r);
    expect_not(r.d, "filter-error");
    struct ib_doc *b = ib_site_find_id(r.site, "POL-B");
    assert_non_null(b->extra);
    assert_string_equal(ib_val_get(b->extra, "audience_label")->str,
                        "Everyone: Beta procedure");
    assert_string_equal(ib_val_get(b->extra, "rank")->str, "2");
    assert_int_equal(ib_val_get(b->extra, "flags")->n, 2);
    struct ib_doc *a = ib_site_find_id(r.site, "POL-A");
    assert_string_equal(ib_val_get(a->extra, "note")->str, "hello");
    assert_string_equal(ib_val_get(a->extra, "audience_label")->str,
                        "Everyone: Alpha policy");
    done(&r);
}

static void
test_walk_nodes(void **state)
{
    (void)state;
    handbook(
        NULL, NULL,
        "return { document = function(doc)\n"
        "  if doc.id ~= 'POL-A' then return end\n"
        "  local seen = {}\n"
        "  for n in doc:nodes('heading', 'link', 'image', 'code',\n"
        "                     'code_block', 'block_quote') do\n"
        "    local s = n.type .. '@' .. tostring(n.line) .. ':' ..\n"
        "              tostring(n.column)\n"
        "    if n.level then s = s .. ' level=' .. n.level end\n"
        "    if n.url then s = s .. ' url=' .. n.url end\n"
        "    if n.title and n.title ~= '' then s = s .. ' title=' .. "
        "n.title end\n"
        "    if n.info then s = s .. ' info=' .. n.info end\n"
        "    s = s .. ' text=' .. n.text:gsub('\\n', '/')\n"
        "    seen[#seen + 1] = s\n"
        "  end\n"
        "  doc:report{ rule = 'walk', message = table.concat(seen, ' | ') }\n"
        "  local count = 0\n"
        "  for _ in doc:nodes() do count = count + 1 end\n"
        "  local q\n"
        "  for n in doc:nodes('text') do\n"
        "    if n.text:find('quote') then q = n end\n"
        "  end\n"
        "  doc:report{ rule = 'walk', message = 'count=' .. count ..\n"
        "    ' quote-in=' .. q:ancestor('block_quote').type ..\n"
        "    ' parent=' .. q.parent.type .. ' no=' ..\n"
        "    tostring(q:ancestor('heading')) }\n"
        "  local inner = 0\n"
        "  for n in q:ancestor('block_quote'):nodes() do inner = inner + 1 "
        "end\n"
        "  doc:report{ rule = 'walk', message = 'inner=' .. inner }\n"
        "end }\n");
    struct run r;
    load(&r);
    expect_not(r.d, "filter-error");
    expect(r.site->filter_findings,
           "heading@14:1 level=1 text=Alpha | heading@16:1 level=2 "
           "text=Scope TBD | code@18:12 text=code | link@18:24 "
           "url=https://example.org title=Ex text=link | image@18:61 "
           "url=logo.png text=logo | block_quote@20:1 text=A quote to "
           "remove. | code_block@22:1 info=lua text=print(\"x\")/ | "
           "link@26:5 url=id:POL-B text=POL-B\n");
    expect(r.site->filter_findings,
           "count=23 quote-in=block_quote parent=paragraph no=nil");
    expect(r.site->filter_findings, "inner=2");
    done(&r);
}

static void
test_tree_rewrites_in_html(void **state)
{
    (void)state;
    handbook(NULL, NULL,
             "return { document = function(doc)\n"
             "  if doc.id ~= 'POL-A' then return end\n"
             "  for n in doc:nodes() do\n"
             "    if n.type == 'heading' and n.level == 2 then\n"
             "      n.text = 'Scope'\n"
             "      n.level = 3\n"
             "    elseif n.type == 'link' and n.url:match('^https:') then\n"
             "      n.url = 'https://intranet.example/'\n"
             "      n.title = 'Intranet'\n"
             "      n.text = 'the intranet'\n"
             "    elseif n.type == 'image' then\n"
             "      n.text = 'Company logo'\n"
             "    elseif n.type == 'code' then\n"
             "      n.text = 'changed'\n"
             "    elseif n.type == 'code_block' then\n"
             "      n.info = 'text'\n"
             "      n.text = 'no code\\n'\n"
             "    elseif n.type == 'block_quote' then\n"
             "      n:remove()\n"
             "    elseif n.type == 'text' and n.text:find('SEC%-42') then\n"
             "      local t = n.text\n"
             "      local s, e = t:find('SEC%-%d+')\n"
             "      n:replace(ismsbook.escape(t:sub(1, s - 1)) .. '[' ..\n"
             "        t:sub(s, e) .. '](https://jira.example/browse/' ..\n"
             "        t:sub(s, e) .. ') and [[POL-B]]' ..\n"
             "        ismsbook.escape(t:sub(e + 1)))\n"
             "    end\n"
             "  end\n"
             "end }\n");
    struct run r;
    load(&r);
    expect_not(r.d, "filter-error");
    expect_not(r.d, "link-broken");
    char *html = html_of(&r, "POL-A");
    assert_contains(html, "<h3 id=\"scope\">Scope <a class=\"anchor\"");
    assert_lacks(html, "TBD");
    assert_contains(html, "<a href=\"https://intranet.example/\" "
                          "title=\"Intranet\">the intranet</a>");
    assert_contains(html, "<img src=\"logo.png\" alt=\"Company logo\"");
    assert_contains(html, "<code>changed</code>");
    assert_contains(html, "<pre><code class=\"language-text\">no code\n");
    assert_lacks(html, "blockquote");
    /* The new links were resolved like the author's: [[POL-B]] too. */
    assert_contains(html, "<a href=\"https://jira.example/browse/SEC-42\">"
                          "SEC-42</a> and <a href=\"../procedures/b.html\">"
                          "Beta procedure</a>.");
    /* Headings and anchors follow the edits. */
    struct ib_doc *a = ib_site_find_id(r.site, "POL-A");
    assert_true(ib_md_has_anchor(a->md, "scope"));
    assert_false(ib_md_has_anchor(a->md, "scope-tbd"));
    free(html);
    /* POL-B is referenced by POL-A through the link the filter wrote. */
    struct ib_doc *b = ib_site_find_id(r.site, "POL-B");
    assert_int_equal(b->referenced_by.n, 1);
    done(&r);
}

static void
test_rewritten_link_is_checked(void **state)
{
    (void)state;
    handbook(NULL, NULL,
             "return { document = function(doc)\n"
             "  for n in doc:nodes('link') do n.url = 'id:NOPE' end\n"
             "end }\n");
    struct run r;
    load(&r);
    expect(r.d, "E link-broken content/policies/a.md:18:24 no document "
                "with id 'NOPE'");
    done(&r);
}

static void
test_bad_edits_are_filter_errors(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"for n in doc:nodes('text') do n:replace('# Heading') end",
         "an inline node can only be replaced by inline Markdown"},
        {"for n in doc:nodes('item') do n:replace('para') end",
         "a list item can only be replaced by list items"},
        {"for n in doc:nodes('paragraph') do "
         "n:replace(('a\\n'):rep(9) .. ('>'):rep(101)) end",
         "node:replace: the Markdown is too complex at its line 10: block "
         "quotes and list items nest deeper than 100 levels"},
        {"for n in doc:nodes('heading') do n.url = 'x' end",
         "only links and images have a URL"},
        {"for n in doc:nodes('heading') do n.level = 7 end",
         "a heading's level is 1 to 6"},
        {"for n in doc:nodes('block_quote') do n.text = 'x' end",
         "has no text of its own"},
        {"for n in doc:nodes('text') do n.colour = 'x' end",
         "node.colour cannot be set"},
        {"for n in doc:nodes('text') do n:remove(); n:remove() end",
         "the node was removed or replaced before"},
        {"for n in doc:nodes('hedaing') do end",
         "unknown node type 'hedaing' (did you mean 'heading'?)"},
        {"for n in doc:nodes('text') do n.text = 'a\\0b' end",
         "the new value is not UTF-8 text without NUL bytes (byte 2)"},
        {"for n in doc:nodes('text') do n.text = '\\255' end",
         "is not UTF-8 text"},
        {"local o = ismsbook.document('POL-B'); for n in o:nodes() do "
         "n.text = 'x' end",
         "are read-only"},
        {"doc.meta.extra = { f = print }", "meta.extra.f: metadata cannot "
                                           "hold a function"},
        {"doc.meta.tags = { 'a', x = 1 }", "meta.tags: a table must be a "
                                           "list"},
        {"local t = {} ; t.t = t ; doc.meta.extra = t",
         "nested more than 16 levels"},
        {"doc.meta = 'x'", "doc.meta must stay a table"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char src[512];
        snprintf(src, sizeof src,
                 "return { document = function(doc)\n  %s\nend }\n",
                 cases[i][0]);
        context = cases[i][0];
        handbook(NULL, NULL, src);
        struct run r;
        load(&r);
        expect(r.d, "E filter-error filters/t.lua:");
        expect(r.d, cases[i][1]);
        done(&r);
    }
}

static void
test_handles_expire_after_the_call(void **state)
{
    (void)state;
    handbook(NULL, NULL,
             "local kept\n"
             "return { document = function(doc)\n"
             "  if kept then return kept.text end\n"
             "  for n in doc:nodes('text') do kept = n end\n"
             "end }\n");
    struct run r;
    load(&r);
    expect(r.d, "E filter-error filters/t.lua:3:0 this node comes from an "
                "earlier hook call");
    done(&r);

    handbook(NULL, NULL,
             "local kept\n"
             "return { document = function(doc)\n"
             "  if kept then kept:report{ rule = 'x', message = 'y' } end\n"
             "  kept = doc\n"
             "end }\n");
    load(&r);
    expect(r.d, "this document comes from an earlier hook call");
    done(&r);
}

static void
test_report_locations(void **state)
{
    (void)state;
    handbook(
        NULL, NULL,
        "return { document = function(doc)\n"
        "  if doc.id ~= 'POL-A' then return end\n"
        "  for n in doc:nodes('link') do\n"
        "    doc:report{ rule = 'at-node', message = 'node', node = n }\n"
        "  end\n"
        "  doc:report{ rule = 'at-line', message = 'line', line = 20,\n"
        "              severity = 'warning' }\n"
        "  doc:report{ rule = 'at-key', message = 'key', key = 'approver' }\n"
        "  doc:report{ rule = 'at-missing-key', message = 'missing',\n"
        "              key = 'audience' }\n"
        "  doc:report{ rule = 'at-doc', message = 'multi\\nline\\tmsg' }\n"
        "end }\n");
    struct run r;
    load(&r);
    struct ib_diag *f = r.site->filter_findings;
    expect(f, "E at-node content/policies/a.md:18:24 node\n");
    expect(f, "E at-node content/policies/a.md:26:5 node\n");
    expect(f, "W at-line content/policies/a.md:20:0 line\n");
    expect(f, "E at-key content/policies/a.md:7:11 key\n");
    expect(f, "E at-missing-key content/policies/a.md:1:0 missing\n");
    expect(f, "E at-doc content/policies/a.md:1:0 multi line msg\n");
    /* build does not count them; they are not in D. */
    expect_not(r.d, "at-node");
    done(&r);

    static const char *const bad[][2] = {
        {"doc:report{ rule = 'link-broken', message = 'x' }",
         "rule id 'link-broken' is one of ismsbook's own"},
        {"doc:report{ rule = 'filter-error', message = 'x' }",
         "rule id 'filter-error' is one of ismsbook's own"},
        {"doc:report{ rule = 'Bad Id', message = 'x' }",
         "rule id 'Bad Id' must be lower-case"},
        {"doc:report{ rule = 'ok', message = '' }", "'message' must be"},
        {"doc:report{ rule = 'ok', message = 'x', severity = 'fatal' }",
         "'severity' must be 'error' or 'warning', not 'fatal'"},
        {"doc:report{ message = 'x' }", "'rule' must be a rule id"},
        {"local o = ismsbook.document(doc.id == 'POL-A' and 'POL-B' or "
         "'POL-A'); for n in o:nodes() do doc:report{ rule = 'x', message "
         "= 'y', node = n } end",
         "the node belongs to another document"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char src[512];
        snprintf(src, sizeof src,
                 "return { document = function(doc)\n  %s\nend }\n", bad[i][0]);
        context = bad[i][0];
        handbook(NULL, NULL, src);
        load(&r);
        expect(r.d, "E filter-error filters/t.lua:2:0");
        expect(r.d, bad[i][1]);
        done(&r);
    }
}

static void
test_rules_severity_applies(void **state)
{
    (void)state;
    handbook("rules: { no-tbd: warning, quiet: off }\n", NULL,
             "return { document = function(doc)\n"
             "  doc:report{ rule = 'no-tbd', message = 'x' }\n"
             "  doc:report{ rule = 'quiet', message = 'x' }\n"
             "end }\n");
    struct run r;
    load(&r);
    expect(r.site->filter_findings, "W no-tbd content/policies/a.md");
    expect_not(r.site->filter_findings, "quiet");
    done(&r);
}

static void
test_site_hook(void **state)
{
    (void)state;
    handbook(NULL, NULL,
             "return { site = function(site)\n"
             "  local out = {}\n"
             "  for _, d in ipairs(site.documents) do\n"
             "    out[#out + 1] = d.id .. ':' .. d.type .. ':' ..\n"
             "      table.concat(d.links_to, ',') .. ':' ..\n"
             "      table.concat(d.referenced_by, ',') .. ':' ..\n"
             "      #d.headings .. ':' .. (d.meta.controls or {'-'})[1]\n"
             "  end\n"
             "  site:report{ rule = 'site-probe', message = table.concat(out, "
             "' ') .. ' ' .. site.title .. ' ' .. site.today }\n"
             "  -- Every policy needs a procedure that links to it.\n"
             "  for _, d in ipairs(site.documents) do\n"
             "    if d.type == 'policy' then\n"
             "      local ok = false\n"
             "      for _, id in ipairs(d.referenced_by) do\n"
             "        ok = ok or site:document(id).type == 'procedure'\n"
             "      end\n"
             "      if not ok then d:report{ rule = 'policy-orphan',\n"
             "        message = 'no procedure links here', key = 'id' } end\n"
             "    end\n"
             "  end\n"
             "  site:document('POL-A'):report{ rule = 'site-doc', message = "
             "'from the site hook', severity = 'warning' }\n"
             "end }\n");
    struct run r;
    load(&r);
    expect_not(r.d, "filter-error");
    expect(r.site->filter_findings,
           "E site-probe handbook.yaml:6:11 POL-A:policy:POL-B:POL-B:2:A.5.34 "
           "POL-B:procedure:POL-A:POL-A:1:- Test 2026-06-01\n");
    expect(r.site->filter_findings,
           "W site-doc content/policies/a.md:1:0 from the site hook");
    expect_not(r.site->filter_findings, "policy-orphan");
    done(&r);

    /* The rule fires when the procedure stops linking. */
    write_file("content/procedures/b.md",
               "---\nid: POL-B\ntitle: Beta\ntype: procedure\nowner: x\n"
               "---\nNo links.\n");
    load(&r);
    expect(r.site->filter_findings,
           "E policy-orphan content/policies/a.md:2:5 no procedure links "
           "here");
    done(&r);
}

/* The site hook walks every document's tree, links resolved; also when a
 * build with a body cache had the bodies cached already. */
static void
test_site_hook_nodes(void **state)
{
    (void)state;
    handbook(NULL, NULL,
             "return { site = function(site)\n"
             "  local out = {}\n"
             "  for _, d in ipairs(site.documents) do\n"
             "    for n in d:nodes('link') do out[#out + 1] = n.url end\n"
             "  end\n"
             "  local a = site:document('POL-A')\n"
             "  local n = 0\n"
             "  for _ in ismsbook.document('POL-B'):nodes() do n = n + 1 end\n"
             "  local ok = pcall(a.nodes, a, 'heading')\n"
             "  site:report{ rule = 'site-nodes', message = table.concat(out, "
             "' ') .. ' ' .. n .. ' ' .. tostring(ok) }\n"
             "end }\n");
    const char *want = "https://example.org ../procedures/b.html "
                       "../policies/a.html 14 true";
    struct ib_cache_key stamp;
    assert_int_equal(ib_cache_stamp(&stamp), 0);
    struct ib_cache *cache = ib_cache_open(NULL, &stamp);
    for (int round = 0; round < 3; round++) {
        struct ib_site_opts o = {.root = root, .today = today,
                                 .body = keep_html,
                                 .cache = round ? cache : NULL};
        struct run r;
        r.d = ib_diag_new();
        r.site = ib_site_load(&o, r.d, &r.status);
        expect_not(r.d, "filter-error");
        expect(r.site->filter_findings, want);
        /* The trees go once the hook is done; the headings stay. */
        struct ib_doc *a = ib_site_find_id(r.site, "POL-A");
        assert_non_null(a->md);
        assert_null(ib_md_root(a->md));
        assert_int_equal(ib_md_heading_count(a->md), 2);
        done(&r);
    }
    ib_cache_free(cache);
}

/* A document whose front matter has errors meets no hook: the document
 * hook skips it and the site hook does not list it. */
static void
test_documents_with_errors_are_skipped(void **state)
{
    (void)state;
    write_file("content/policies/bad.md",
               "---\nid: POL-BAD\ntitle: Bad\ntype: policy\nowner: ciso\n"
               "status: approved\napprover: ceo\napproved: 2026-02-30\n"
               "last_reviewed: 2026-02-01\n---\nText.\n");
    handbook(NULL, NULL,
             "local seen = {}\n"
             "return { document = function(doc)\n"
             "  ismsbook.date_add(doc.meta.approved or ismsbook.today(), "
             "'1 year')\n"
             "  seen[#seen + 1] = doc.id\n"
             "end, site = function(site)\n"
             "  local ids = {}\n"
             "  for _, d in ipairs(site.documents) do ids[#ids + 1] = d.id end\n"
             "  site:report{ rule = 'probe', message = table.concat(seen, ',') "
             ".. ' ' .. table.concat(ids, ',') .. ' ' .. "
             "tostring(site:document('POL-BAD')) .. ' ' .. "
             "tostring(ismsbook.document('POL-BAD')) }\n"
             "end }\n");
    struct run r;
    load(&r);
    expect(r.d, "date-invalid");
    expect_not(r.d, "filter-error");
    expect(r.site->filter_findings, " POL-A,POL-B POL-A,POL-B nil nil\n");
    done(&r);
}

static void
test_helpers(void **state)
{
    (void)state;
    probe_doc("ismsbook.today()", "2026-06-01");
    probe_doc("ismsbook.date_add('2024-02-29', '12 months') .. ' ' .. "
              "ismsbook.date_add('2026-01-31', '1 month') .. ' ' .. "
              "ismsbook.date_add('2026-03-01', -1) .. ' ' .. "
              "ismsbook.date_add('2026-03-01', '-2 weeks') .. ' ' .. "
              "ismsbook.date_add('2026-03-01', '1 year') .. ' ' .. "
              "ismsbook.date_add('2026-03-01', '1500 days') .. ' ' .. "
              "ismsbook.date_add('2026-03-01', '-100 years')",
              "2025-02-28 2026-02-28 2026-02-28 2026-02-15 2027-03-01 "
              "2030-04-09 1926-03-01");
    probe_doc("ismsbook.date_diff('2026-12-01', ismsbook.today()) .. ' ' .. "
              "ismsbook.date_diff('2026-01-01', '2026-01-02')",
              "183 -1");
    probe_doc("tostring(ismsbook.is_date('2026-02-28')) .. "
              "tostring(ismsbook.is_date('2026-02-30')) .. "
              "tostring(ismsbook.is_date(42))",
              "truefalsefalse");
    probe_doc("(function() local c = ismsbook.control('A.5.34') return "
              "c.id .. '|' .. c.display_id .. '|' .. c.title .. '|' .. "
              "c.theme .. '|' .. table.concat(c.control_type, ',') .. '|' "
              ".. table.concat(c.security_properties, ',') end)()",
              "5.34|A.5.34|Privacy and protection of PII|organizational|"
              "Preventive|Confidentiality,Integrity,Availability");
    probe_doc("tostring(ismsbook.control('A.9.1.1')) .. ' ' .. "
              "ismsbook.controls('A.9.1.1')[1].id .. ' ' .. "
              "#ismsbook.controls() .. ' ' .. "
              "#ismsbook.controls('nonsense') .. ' ' .. "
              "tostring(ismsbook.control('5.23').is_new)",
              "nil 5.15 93 0 true");
    probe_doc("ismsbook.clause('9.2').title .. '|' .. "
              "ismsbook.clause('9.2').parent .. '|' .. "
              "tostring(ismsbook.clause('99'))",
              "Internal audit|9|nil");
    probe_doc("ismsbook.person('dpo').name .. '|' .. "
              "ismsbook.person('dpo').role .. '|' .. "
              "ismsbook.person('dpo').key .. '|' .. "
              "tostring(ismsbook.person('nobody'))",
              "Dana Po|dpo|dpo|nil");
    probe_doc("(function() local b = ismsbook.document('pol-b') return "
              "b.title .. '|' .. b.headings[1].text .. '|' .. "
              "b.headings[1].anchor .. '|' .. b.headings[1].line .. '|' .. "
              "tostring(ismsbook.document('NOPE')) end)()",
              "Beta procedure|Beta|beta|7|nil");
    probe_doc("ismsbook.escape('*a* [b](c) #1_x')",
              "\\*a\\* \\[b\\]\\(c\\) \\#1\\_x");
    probe_doc("ismsbook.slug('Åtkomst & Scope')", "åtkomst-scope");
    probe_doc("ismsbook.version .. ' ' .. ismsbook.filter",
              IB_VERSION " filters/t.lua");
    /* Seeded the same way every time: builds are reproducible. */
    probe_doc("math.random(1000000)", "275394");
}

static void
test_errors_in_helpers(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"ismsbook.date_add('2026-13-01', 1)",
         "ismsbook.date_add: '2026-13-01' is not a date (YYYY-MM-DD)"},
        {"ismsbook.date_add('2026-01-01', '3')",
         "'3' is not an interval such as '3 months'"},
        {"ismsbook.date_add('2026-01-01', '101 years')",
         "ismsbook.date_add: '101 years' is more than 100 years"},
        {"ismsbook.date_diff('2026-01-01', 'soon')",
         "ismsbook.date_diff: 'soon' is not a date"},
        {"doc:report{ rule = 'x', message = 'm', line = 'abc' }",
         "report: 'line' must be a whole number, not string"},
        {"doc:report{ rule = 'x', message = 'm', line = 2.5 }",
         "report: 'line' must be a whole number, not 2.5"},
        {"doc:report{ rule = 'x', message = 'm', node = 5 }",
         "report: 'node' must be a node of this document, not number"},
        {"doc:report{ rule = 'x', message = 'm', key = {} }",
         "report: 'key' must be a front matter key (text), not table"},
        {"doc:report{ rule = 'x', message = 'm', line = 3, column = true }",
         "report: 'column' must be a whole number, not boolean"},
        {"ismsbook.date_add('2026-01-01', 3660000)",
         "ismsbook.date_add: the result is outside 1000-01-01..9999-12-31"},
        {"ismsbook.date_add('9999-12-31', 1)",
         "ismsbook.date_add: the result is outside 1000-01-01..9999-12-31"},
        {"ismsbook.date_add('1000-01-01', '-1 day')",
         "ismsbook.date_add: the result is outside 1000-01-01..9999-12-31"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char src[512];
        snprintf(src, sizeof src,
                 "return { document = function(doc)\n  %s\nend }\n",
                 cases[i][0]);
        context = cases[i][0];
        handbook(NULL, NULL, src);
        struct run r;
        load(&r);
        expect(r.d, "E filter-error filters/t.lua:2:0");
        expect(r.d, cases[i][1]);
        done(&r);
    }
}

/* Log lines, captured through the module's own interface. */
static void
capture(void *ud, const char *file, unsigned line, const char *msg)
{
    ib_buf_printf(ud, "%s:%u: %s\n", file, line, msg);
}

static void
test_log_and_print(void **state)
{
    (void)state;
    handbook(NULL, NULL, "");
    write_file("handbook.yaml", "title: Test\nfilters: [filters/t.lua]\n");
    write_file("filters/t.lua",
               "local n = 0\n"
               "return { document = function(doc)\n"
               "  n = n + 1\n"
               "  ismsbook.log('seen', doc.id, n, nil, true)\n"
               "  print('via print', {} ~= nil)\n"
               "  if n == 2 then for i = 1, 1200 do ismsbook.log(i) end end\n"
               "end }\n");
    struct ib_diag *d = ib_diag_new();
    struct ib_buf log;
    ib_buf_init(&log);
    struct ib_site_opts o = {
        .root = root, .today = today, .log = capture, .log_ud = &log};
    int status;
    struct ib_site *site = ib_site_load(&o, d, &status);
    const char *s = ib_buf_cstr(&log);
    assert_contains(s, "filters/t.lua:4: seen\tPOL-A\t1\tnil\ttrue\n"
                       "filters/t.lua:5: via print\ttrue\n"
                       "filters/t.lua:4: seen\tPOL-B\t2\tnil\ttrue\n");
    /* 4 lines before the loop, so 996 of it; then one notice. */
    assert_contains(s, "filters/t.lua:6: 996\n");
    assert_contains(s, "filters/t.lua:6: more than 1000 log lines; the "
                       "rest are not shown\n");
    assert_lacks(s, ": 997\n");
    assert_int_equal(ib_diag_count(d), 0);
    ib_buf_fini(&log);
    ib_site_free(site);
    ib_diag_free(d);
}

static void
test_order_and_options(void **state)
{
    (void)state;
    write_file("handbook.yaml",
               "title: Test\n"
               "filters:\n"
               "  - path: filters/one.lua\n"
               "    options: { mark: '1', list: [x, y], nested: {n: 2} }\n"
               "  - filters/two.lua\n");
    write_file("filters/one.lua",
               "local opts = ...\n"
               "assert(opts == ismsbook.options)\n"
               "return { document = function(doc)\n"
               "  doc.extra.order = opts.mark .. #opts.list .. "
               "opts.nested.n\n"
               "end }\n");
    write_file("filters/two.lua",
               "local opts = ...\n"
               "return { document = function(doc)\n"
               "  doc.extra.order = doc.extra.order .. '+two' .. "
               "tostring(next(opts))\n"
               "end }\n");
    struct run r;
    load(&r);
    expect_not(r.d, "filter-error");
    struct ib_doc *b = ib_site_find_id(r.site, "POL-B");
    assert_string_equal(ib_val_get(b->extra, "order")->str, "122+twonil");
    done(&r);
}

static void
test_load_failures(void **state)
{
    (void)state;
    struct run r;
    handbook(NULL, NULL, "local x = = 1\n");
    load(&r);
    expect(r.d, "E filter-error filters/t.lua:1:0 unexpected symbol near "
                "'=' (loading the filter)");
    done(&r);

    handbook(NULL, NULL, "return { documents = function() end }\n");
    load(&r);
    expect(r.d, "unknown hook 'documents' (the hooks are document and "
                "site); did you mean 'document'?");
    done(&r);

    handbook(NULL, NULL, "return { site = 1 }\n");
    load(&r);
    expect(r.d, "hook 'site' must be a function, not number");
    done(&r);

    /* Errors in what the chunk returned carry a line: the hook's
     * definition, or else the chunk's return. */
    handbook(NULL, NULL,
             "local x = 1\n\nreturn {\n  documnet = function() end,\n}\n");
    load(&r);
    expect(r.d, "E filter-error filters/t.lua:4:0 unknown hook 'documnet'");
    done(&r);
    handbook(NULL, NULL, "local x = 1\nreturn 5\n");
    load(&r);
    expect(r.d, "E filter-error filters/t.lua:2:0 the filter must return");
    done(&r);
    handbook(NULL, NULL, "local x = 1\nreturn {}\n");
    load(&r);
    expect(r.d, "E filter-error filters/t.lua:2:0 the filter returns no");
    done(&r);

    handbook(NULL, NULL, "return {}\n");
    load(&r);
    expect(r.d, "the filter returns no hooks");
    done(&r);

    handbook(NULL, NULL, "error('at load')\n");
    load(&r);
    expect(r.d, "E filter-error filters/t.lua:1:0 at load (loading the "
                "filter)");
    done(&r);

    write_file("handbook.yaml", "title: T\nfilters: [filters/gone.lua]\n");
    load(&r);
    expect(r.d, "E filter-error handbook.yaml:2:11 cannot load filter "
                "'filters/gone.lua':");
    done(&r);

    /* A bytecode file is refused by the loader too. */
    handbook(NULL, NULL, "\x1bLua\x54");
    load(&r);
    expect(r.d, "attempt to load a binary chunk (mode is 't')");
    done(&r);
}

static void
test_error_objects(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"error({})", "error raised with a table instead of a message"},
        {"error(nil)", "error(nil) raised without a message"},
        {"error(42)", "error(42)"},
        {"error(true)", "error(true) raised without a message"},
        {"error({ message = 'from a table' })", "error object: from a table"},
        {"error(setmetatable({}, { __tostring = function() while true do "
         "end end }))",
         "error raised with a table instead of a message"},
        {"error(coroutine.create(print))",
         "error raised with a thread instead of a message"},
        {"error('no position', 0)", "filters/t.lua:2:0 no position"},
        {"local function f() error('deep') end\n  local function g() f() "
         "end\n  g()",
         "deep (document hook for content/policies/a.md; traceback: "
         "filters/t.lua:2 (f), filters/t.lua:3 (g), filters/t.lua:4)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char src[512];
        snprintf(src, sizeof src,
                 "return { document = function(doc)\n  %s\nend }\n",
                 cases[i][0]);
        context = cases[i][0];
        handbook(NULL, NULL, src);
        struct run r;
        load(&r);
        expect(r.d, "E filter-error filters/t.lua:");
        expect(r.d, cases[i][1]);
        done(&r);
    }
}

/* Every escape we could think of ends as a filter-error. */
static void
test_sandbox_escapes(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"io.open('/etc/passwd')", "global 'io'"},
        {"os.execute('touch /tmp/ib-pwned')", "field 'execute'"},
        {"os.getenv('HOME')", "field 'getenv'"},
        {"os.remove('/tmp/x')", "field 'remove'"},
        {"require('os')", "global 'require'"},
        {"package.loadlib('libc.so.6', 'system')", "global 'package'"},
        {"dofile('/etc/passwd')", "global 'dofile'"},
        {"loadfile('/etc/passwd')", "global 'loadfile'"},
        {"debug.sethook()", "global 'debug'"},
        {"string.dump(print)", "field 'dump'"},
        {"load(string.dump(function() end))", "field 'dump'"},
        {"assert(load('\\27Lua\\84\\0\\25\\147\\r\\n\\26\\n', 'x', 'b'))",
         "filters may only load Lua source text"},
        {"assert(load('\\27Lua\\84\\0\\25\\147\\r\\n\\26\\n'))",
         "attempt to load a binary chunk"},
        {"local t = 0; assert(load(function() t = t + 1; return t == 1 and "
         "'\\27Lua' or nil end))",
         "attempt to load a binary chunk"},
        {"getmetatable('').__index.upper = nil",
         "attempt to index a boolean value"},
        {"getmetatable(doc).__index.report = nil",
         "attempt to index a boolean value"},
        {"setmetatable(doc, {})", "cannot change a protected metatable"},
        {"for n in doc:nodes() do getmetatable(n).__gc(n) end",
         "attempt to index a boolean value"},
        {"collectgarbage('stop')", "collectgarbage('stop') is not available"},
        {"collectgarbage('generational')", "is not available"},
        {"coroutine.yield(1)", "attempt to yield from outside a coroutine"},
        {"coroutine.wrap(function() ('x'):gsub('.', function() "
         "coroutine.yield() end) end)()",
         "attempt to yield across a C-call boundary"},
        {"coroutine.wrap(function() table.sort({3, 2, 1}, function(a, b) "
         "coroutine.yield() return a < b end) end)()",
         "attempt to yield across a C-call boundary"},
        {"coroutine.wrap(function() print(setmetatable({}, { __tostring = "
         "function() coroutine.yield() end })) end)()",
         "attempt to yield across a C-call boundary"},
        {"warn('x')", "global 'warn'"},
        {"string.rep('x', 10):bad()", "method 'bad'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char src[512];
        snprintf(src, sizeof src,
                 "return { document = function(doc)\n  %s\nend }\n",
                 cases[i][0]);
        context = cases[i][0];
        handbook(NULL, NULL, src);
        struct run r;
        load(&r);
        expect(r.d, "E filter-error filters/t.lua:2:0");
        expect(r.d, cases[i][1]);
        /* A filter error stops the build, and no other document hook ran. */
        expect_not(r.d, "content/procedures/b.md");
        done(&r);
    }
    assert_int_equal(access("/tmp/ib-pwned", F_OK), -1);
}

static void
test_filters_are_isolated(void **state)
{
    (void)state;
    write_file("handbook.yaml",
               "title: Test\nfilters: [filters/evil.lua, filters/good.lua]\n");
    write_file("filters/evil.lua",
               "string.upper = function() return 'HACKED' end\n"
               "shared = 'evil'\n"
               "return { document = function(doc) end }\n");
    write_file("filters/good.lua",
               "return { document = function(doc)\n"
               "  doc:report{ rule = 'probe', message = ('ok'):upper() .. ' ' "
               ".. tostring(shared) }\n"
               "end }\n");
    struct run r;
    load(&r);
    expect(r.site->filter_findings, " OK nil\n");
    done(&r);
}

/*
 * Each budget is exceeded, reported as filter-limit, fast: in CPU time
 * well under the 10 s wall-clock default, which would have fired
 * otherwise. The default 10^8 instructions once took 2.1 s on a loaded
 * machine, so the bound leaves room.
 */
#define LIMIT_CPU_SECONDS 5.0

static void
limit_case(const char *extra, const char *body, const char *needle)
{
    char src[1024];
    snprintf(src, sizeof src,
             "return { document = function(doc)\n  %s\nend }\n", body);
    handbook(extra, NULL, src);
    context = body;
    struct run r;
    load(&r);
    expect(r.d, "E filter-limit filters/t.lua:");
    expect(r.d, needle);
    expect_not(r.d, "filter-error");
    if (r.seconds >= bound(LIMIT_CPU_SECONDS))
        fail_msg("'%s' took %.2f s", body, r.seconds);
    done(&r);
}

static void
test_instruction_budget(void **state)
{
    (void)state;
    const char *budget = default_budget();
    const char *instr = budget ? "ran more than 1000000 instructions"
                               : "ran more than 100000000 instructions";
    limit_case(budget, "while true do end", instr);
    limit_case(budget, "local function f() return f() end f()", instr);
    limit_case(budget,
               "while true do pcall(function() while true do end "
               "end) end",
               instr);
    limit_case(budget,
               "while true do xpcall(function() while true do end "
               "end, function() while true do end end) end",
               instr);
    limit_case(budget,
               "xpcall(function() error('x') end, function() while "
               "true do end end) while true do end",
               instr);
    limit_case(budget,
               "while true do local co = coroutine.create(function() "
               "while true do end end) coroutine.resume(co) "
               "coroutine.close(co) end",
               instr);
    /* Coroutines too short for the count hook still pay their way. */
    limit_case(budget,
               "while true do coroutine.resume(coroutine.create("
               "function() for i = 1, 100 do end end)) end",
               instr);
    limit_case("filter_limits: { instructions: 100000 }\n",
               "for k = 1, 2000 do coroutine.wrap(function() local x = 0 "
               "for i = 1, 490 do x = x + i end return x end)() end",
               "ran more than 100000 instructions");
    limit_case(budget,
               "while true do pcall(string.find, string.rep('a', "
               "5000), string.rep('a*', 20) .. 'b') end",
               instr);
    limit_case(budget,
               "string.find(string.rep('a', 5000), "
               "string.rep('a*', 20) .. 'b')",
               instr);
    limit_case(budget,
               "string.match(string.rep('a', 5000), "
               "string.rep('a-', 20) .. 'b')",
               instr);
    limit_case(budget,
               "for x in string.gmatch(string.rep('a', 5000), "
               "string.rep('a?', 30) .. 'b') do end",
               instr);
    limit_case(budget, "string.gsub(string.rep('(', 20000), '%b()', '')",
               "filters/t.lua:2:0 ran more than");
    limit_case(budget,
               "string.gsub(string.rep('a', 5000), "
               "'[' .. string.rep('b', 100000) .. ']*c', '')",
               instr);
    limit_case(budget,
               "local t = setmetatable({}, { __len = function() "
               "return 1 << 62 end }) table.insert(t, 1, 'x')",
               instr);
    limit_case(budget, "table.move({}, 1, 1 << 62, 2)", instr);
    limit_case(budget,
               "local t = setmetatable({}, { __len = function() "
               "return 1 << 62 end }) table.remove(t, 1)",
               instr);
    limit_case(budget,
               "setmetatable(_G, { __index = function() while true "
               "do end end }) local x = undefined_global",
               instr);
    /* Appending and popping are one step each, not #t: 20,000 of each
     * fit the default budget (at #t each, 20,000 did not), and so does a
     * plain find scanning a 500 KB text line by line. */
    probe_doc("(function() local t = {} for i = 1, 20000 do "
              "table.insert(t, i) end local n = 0 while #t > 0 do "
              "n = n + table.remove(t) end return n end)()",
              "200010000");
    probe_doc("(function() local s = string.rep('line\\n', 100000) "
              "local n, pos = 0, 1 while true do local at = "
              "s:find('\\n', pos, true) if not at then break end "
              "n = n + 1 pos = at + 1 end return n end)()",
              "100000");
    /* lstrlib would loop 2^60 times copying nothing; ours returns. */
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    probe_doc("#string.rep('', 1 << 60) + #string.rep('', 1 << 60, '')", "0");
    assert_true(elapsed(t0) < bound(2.0));
    /* A budget configured in handbook.yaml. */
    limit_case("filter_limits: { instructions: 5000 }\n",
               "for i = 1, 10000 do end",
               "ran more than 5000 instructions (document hook for "
               "content/policies/a.md); raise filter_limits.instructions");
}

static void
test_memory_cap(void **state)
{
    (void)state;
    const char *mem = "used more than 128 MiB of memory";
    /* Filling 128 MiB under valgrind can take longer than the default ten
     * seconds on a busy machine. */
    const char *lim = slowdown() > 1 ? "filter_limits: { seconds: 600 }\n"
                                     : NULL;
    limit_case(lim, "local t = {} for i = 1, 1e9 do t[i] = i end", mem);
    limit_case(lim, "local s = 'x' while true do s = s .. s end", mem);
    limit_case(lim, "string.rep('x', 1e10)", mem);
    limit_case(lim,
               "local t = {} while true do pcall(function() for i = "
               "1, 1e9 do t[#t + 1] = {} end end) end",
               mem);
    limit_case(lim,
               "local t = {} while true do t[#t + 1] = "
               "string.rep('yyyyyyyyyyyyyyyy', 1 << 16) .. #t end",
               mem);
    limit_case(lim,
               "local parts = {} for i = 1, 1e7 do parts[i] = "
               "'abcdefgh' end local all = table.concat(parts) "
               "while true do all = all .. all end",
               mem);
    limit_case("filter_limits: { memory_mb: 8 }\n",
               "local t = {} for i = 1, 1e8 do t[i] = i end",
               "used more than 8 MiB of memory");
    /* Tree edits count against the cap too. */
    limit_case("filter_limits: { memory_mb: 8, instructions: 1000000000 }\n",
               "local big = string.rep('word ', 100000)\n"
               "  for i = 1, 1000 do\n"
               "    for n in doc:nodes('text') do n:replace(big) break end\n"
               "  end",
               "used more than 8 MiB of memory");
    /* So does metadata a hook writes, though Lua shares one string among
     * all its uses; the place is the hook's, which has returned. */
    limit_case("filter_limits: { memory_mb: 16 }\n",
               "local s = string.rep('x', 60000) local t = {}\n"
               "  for i = 1, 2000 do t[i] = s end doc.meta.extra = { big = t }",
               "E filter-limit filters/t.lua:1:0 used more than 16 MiB");
    /* And the nodes a replacement parses, at what they really take. */
    limit_case("filter_limits: { memory_mb: 16 }\n",
               "local md = string.rep('- \\n', 100000)\n"
               "  for n in doc:nodes('paragraph') do n:replace(md) break end",
               "E filter-limit filters/t.lua:3:0 used more than 16 MiB");
    /* Room for the most a parse may take is needed before it runs, so
     * that the cap holds while it does: this much emphasis may take 16.4
     * MiB (its 36,000 nodes take 11, by the count after the parse). */
    limit_case("filter_limits: { memory_mb: 16 }\n",
               "local md = string.rep('_a_ ', 12000)\n"
               "  for n in doc:nodes('paragraph') do\n"
               "    if doc.id == 'POL-A' then n:replace(md) end break end",
               "E filter-limit filters/t.lua:4:0 used more than 16 MiB");
}

static void
test_wall_clock(void **state)
{
    (void)state;
    limit_case("filter_limits: { instructions: 1000000000000, seconds: 0.5 "
               "}\n",
               "while true do end",
               "ran longer than 0.5 seconds (document hook for "
               "content/policies/a.md); raise filter_limits.seconds");
    /* Under valgrind a 16 MiB copy outlasts the watchdog's grace period;
     * 1 MiB still takes the allocator's clock check. */
    limit_case("filter_limits: { instructions: 1000000000000, seconds: 0.5 "
               "}\n",
               slowdown() > 1 ? "local s = string.rep('z', 1 << 20) while "
                                "true do local t = s .. 'x' end"
                              : "local s = string.rep('z', 1 << 24) while "
                                "true do local t = s .. 'x' end",
               "ran longer than 0.5 seconds");
}

/* A C function that ignores the hook: the watchdog ends the process. */
static void
test_watchdog(void **state)
{
    (void)state;
    handbook("filter_limits: { instructions: 1000000000000, seconds: 0.5 }\n",
             NULL,
             "return { document = function(doc)\n"
             "  string.find(string.rep('a', 100000), string.rep('a*', 30) .. "
             "'b')\n"
             "end }\n");
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        struct run r;
        load(&r);
        _exit(42); /* not reached: the watchdog exits first */
    }
    close(fds[1]);
    char out[2048];
    size_t n = 0;
    ssize_t got;
    while (n < sizeof out - 1 &&
           (got = read(fds[0], out + n, sizeof out - 1 - n)) > 0)
        n += (size_t)got;
    out[n] = '\0';
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    double t = elapsed(t0);
    assert_true(WIFEXITED(status));
    /* Under valgrind the child ends holding Lua's memory, which counts as
     * leaks (its log is silenced): valgrind's status 99 replaces 1. */
    if (!(slowdown() > 1 && WEXITSTATUS(status) == 99))
        assert_int_equal(WEXITSTATUS(status), 1);
    assert_contains(out, "filters/t.lua: error: ran longer than 0.5 seconds "
                         "(document hook for content/policies/a.md) inside "
                         "a library function that could not be interrupted; "
                         "ismsbook stopped [filter-limit]\n");
    if (t >= bound(2.0))
        fail_msg("the watchdog took %.2f s", t);
}

/* Lua runs finalizers with debug hooks off, so filters get none; a
 * to-be-closed variable's loop is stopped like any other. */
static void
test_finalizers_and_close(void **state)
{
    (void)state;
    handbook(NULL, NULL,
             "local mt = { __gc = function() while true do end end }\n"
             "setmetatable({}, mt)\n"
             "return { document = function(doc) end }\n");
    struct run r;
    load(&r);
    expect(r.d, "E filter-error filters/t.lua:2:0 filters cannot use __gc "
                "finalizers");
    done(&r);

    /* Adding __gc after setmetatable registers no finalizer in Lua. */
    handbook(NULL, NULL,
             "local mt = {}\n"
             "keep = setmetatable({}, mt)\n"
             "mt.__gc = function() while true do end end\n"
             "setmetatable({}, mt)\n"
             "return { document = function(doc) end }\n");
    load(&r);
    expect(r.d, "E filter-error filters/t.lua:4:0 filters cannot use __gc");
    done(&r);

    handbook(default_budget(), NULL,
             "do local x <close> = setmetatable({}, { __close = function() "
             "while true do end end }) end\n"
             "return { document = function(doc) end }\n");
    load(&r);
    expect(r.d, "E filter-limit filters/t.lua:1:0 ran more than");
    done(&r);
    assert_true(r.seconds < bound(2.0));

    /* Pending to-be-closed variables run when a filter's state closes. */
    handbook(NULL, NULL,
             "local co = coroutine.wrap(function()\n"
             "  local x <close> = setmetatable({}, { __close = function() "
             "while true do end end })\n"
             "  coroutine.yield()\n"
             "end)\n"
             "co()\n"
             "keep = co\n"
             "return { document = function(doc) end }\n");
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    load(&r);
    assert_int_equal(ib_diag_errors(r.d), 0);
    done(&r);
    assert_true(elapsed(t0) < bound(2.0));
}

static void
test_failure_stops_later_filters(void **state)
{
    (void)state;
    write_file("handbook.yaml",
               "title: Test\nfilters: [filters/bad.lua, filters/good.lua]\n");
    write_file("filters/bad.lua",
               "return { document = function(doc) error('boom') end,\n"
               "         site = function() error('site ran') end }\n");
    write_file("filters/good.lua",
               "return { document = function(doc)\n"
               "  doc:report{ rule = 'ran', message = doc.id } end,\n"
               "  site = function(site) site:report{ rule = 'ran', message = "
               "'site' } end }\n");
    struct run r;
    load(&r);
    expect(r.d, "E filter-error filters/bad.lua:1:0 boom (document hook "
                "for content/policies/a.md)");
    assert_int_equal(ib_diag_errors(r.d), 1);
    assert_int_equal(ib_diag_count(r.site->filter_findings), 0);
    done(&r);
}

static void
test_config(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"filters: filters/t.lua\n", "E field-type handbook.yaml:1:10 "
                                     "'filters' must be a list"},
        {"filters: [/etc/passwd]\n", "filter path '/etc/passwd' must be a "
                                     "file below the handbook root"},
        {"filters: [../x.lua]\n", "filter path '../x.lua' must be"},
        {"filters: [{options: {}}]\n", "an entry of 'filters' needs 'path'"},
        {"filters: [{path: a.lua, options: [1]}]\n", "'options' must be"},
        {"filters: [{path: a.lua, option: {}}]\n", "W field-unknown"},
        {"filters: [[a.lua]]\n", "must be a path or a {path, options} map"},
        {"filter_limits: { instructions: 10 }\n",
         "'instructions' must be a whole number from 1000 to 1e+12, not '10'"},
        {"filter_limits: { memory_mb: 0.5 }\n",
         "'memory_mb' must be a whole number from 1 to 4096"},
        {"filter_limits: { seconds: forever }\n",
         "'seconds' must be a number from 0.1 to 3600, not 'forever'"},
        {"filter_limits: { secs: 1 }\n", "W field-unknown"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char yaml[256];
        snprintf(yaml, sizeof yaml, "%s", cases[i][0]);
        write_file("handbook.yaml", yaml);
        struct run r;
        load(&r);
        expect(r.d, cases[i][1]);
        if (cases[i][1][0] == 'E')
            assert_null(r.site);
        done(&r);
    }
}

/* The example filters in filters/, read from the source tree (the tests
 * run from the repository root). */
static void
use_example(const char *name, const char *options, const char *extra)
{
    char path[128], dest[128];
    snprintf(path, sizeof path, "filters/%s", name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot read %s: run the tests from the repository root",
                 path);
    struct ib_buf b;
    ib_buf_init(&b);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ib_buf_put(&b, chunk, n);
    fclose(f);
    char yaml[2048];
    snprintf(yaml, sizeof yaml,
             "title: Test\npeople:\n  ciso: {name: Cleo Iso, role: ciso}\n"
             "  ceo: {name: Ceo, role: ceo}\n  dana: {name: Dana Po, role: "
             "dpo}\nfilters:\n  - path: filters/%s\n    options: %s\n%s",
             name, options ? options : "{}", extra ? extra : "");
    write_file("handbook.yaml", yaml);
    snprintf(dest, sizeof dest, "filters/%s", name);
    write_file(dest, ib_buf_cstr(&b));
    ib_buf_fini(&b);
}

/* A mistake in an example filter's options stops the build at load,
 * naming the option, instead of quietly turning the rule off or failing
 * later in a hook, only where a document happens to trigger it. The
 * filters check them with ismsbook.check_options, which places the
 * finding at the option in handbook.yaml (the filter's entry is at line
 * 7 of the fixture's, its options on line 8); what only the filter can
 * judge (is the DPO a person?) is placed in the filter. */
static void
test_example_bad_options(void **state)
{
    (void)state;
    static const char *const cases[][3] = {
        {"no-placeholders.lua", "{ words: TBD }",
         "E filter-error handbook.yaml:8:23 filters/no-placeholders.lua: "
         "options.words must be a list of text such as [a, b], not 'TBD' "
         "(loading the filter)"},
        {"no-placeholders.lua", "{ statuses: [approved], word: [TBD] }",
         "E filter-error handbook.yaml:8:38 filters/no-placeholders.lua: "
         "unknown option 'word' (the options are severity, statuses, "
         "words)"},
        {"no-placeholders.lua", "{ severity: warn }",
         "options.severity must be error or warning, not 'warn'"},
        {"guideline-audience.lua", "{ types: guideline }",
         "filters/guideline-audience.lua: options.types must be a list"},
        {"guideline-audience.lua", "{ audiences: {all-staff: 1} }",
         "options.audiences must be a list of text such as [a, b], not a "
         "map"},
        {"vague-language.lua", "{ words: [often, [x]] }",
         "filters/vague-language.lua: options.words must be a list of text "
         "such as [a, b], not a list holding other values"},
        {"vague-language.lua", "{ cadence: [fortnightly] }",
         "filters/vague-language.lua: unknown option 'cadence'"},
        {"ticket-links.lua", "{ url: 'https://x/{id}', prefixes: SEC }",
         "filters/ticket-links.lua: options.prefixes must be a list"},
        {"ticket-links.lua", "{ url: 'https://x/{id}', prefixes: [SEC-] }",
         "E filter-error filters/ticket-links.lua:"},
        {"glossary.lua", "{ document: GLOSSARY, level: '2' }",
         "filters/glossary.lua: options.level must be a heading level from "
         "1 to 6, not '2'"},
        {"glossary.lua", "{ document: [GLOSSARY] }",
         "filters/glossary.lua: options.document must be text, not a list"},
        {"dpo-approval.lua", "{ controls: 5.34 }",
         "filters/dpo-approval.lua: options.controls must be a list such as "
         "[5.34, A.18.1.4], not 5.34"},
        {"dpo-approval.lua", "{ dpo: dnaa }",
         "E filter-error filters/dpo-approval.lua:"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        context = cases[i][1];
        use_example(cases[i][0], cases[i][1], NULL);
        struct run r;
        load(&r);
        expect(r.d, cases[i][2]);
        expect(r.d, "(loading the filter");
        done(&r);
    }
    /* The two the filters judge themselves. */
    use_example("ticket-links.lua", "{ url: 'https://x/{id}', prefixes: [SEC-] }",
                NULL);
    struct run r;
    load(&r);
    expect(r.d, "ticket-links: options.prefixes in handbook.yaml must be "
                "project keys such as SEC, not 'SEC-'");
    done(&r);
    use_example("dpo-approval.lua", "{ dpo: dnaa }", NULL);
    load(&r);
    expect(r.d, "dpo-approval: options.dpo in handbook.yaml is 'dnaa', who "
                "is not in people:");
    done(&r);
}

/* ismsbook.check_options for a filter of one's own: each kind, and a
 * kinds table the filter got wrong, which is the filter's error. */
static void
test_check_options(void **state)
{
    (void)state;
    static const char *const lua =
        "ismsbook.check_options{ on = 'boolean', n = 'number', t = 'text' }\n"
        "return { document = function() end }\n";
    static const char *const cases[][2] = {
        {"{ on: true, n: 3, t: x }", NULL},
        {"{ on: yes }", "options.on must be true or false, not 'yes'"},
        {"{ n: three }", "options.n must be a number, not 'three'"},
        {"{ t: 12 }", "options.t must be text, not 12"},
        {"{ t: }", "options.t must be text, not nothing"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        context = cases[i][0];
        struct run r;
        handbook(NULL, cases[i][0], lua);
        load(&r);
        if (cases[i][1]) {
            expect(r.d, "E filter-error handbook.yaml:");
            expect(r.d, cases[i][1]);
        } else {
            expect_not(r.d, "filter-error");
        }
        done(&r);
    }
    handbook(NULL, "{}", "ismsbook.check_options{ x = 'lits' }\nreturn {}\n");
    struct run r;
    load(&r);
    expect(r.d, "E filter-error filters/t.lua:1:0 check_options: option 'x' "
                "has no known kind ('lits'; text, list, ids, severity, "
                "level, boolean or number)");
    done(&r);
    /* An options error the filter catches is no longer one: a later
     * error is the filter's own, at its line. */
    handbook(NULL, "{ x: 1 }",
             "pcall(ismsbook.check_options, {})\n"
             "coroutine.resume(coroutine.create(function()\n"
             "  ismsbook.check_options{}\nend))\n"
             "error('later')\n");
    load(&r);
    expect(r.d, "E filter-error filters/t.lua:5:0 later (loading");
    expect_not(r.d, "handbook.yaml");
    done(&r);
}

static void
test_example_dpo_approval(void **state)
{
    (void)state;
    struct run r;
    use_example("dpo-approval.lua", NULL, NULL);
    load(&r);
    expect_not(r.d, "filter-error");
    expect(r.site->filter_findings,
           "E dpo-approval content/policies/a.md:7:11 maps a privacy "
           "control, so Dana Po (the DPO) must approve it, or record the "
           "DPO's sign-off as extra.dpo_approved (a date)\n");
    assert_int_equal(ib_diag_count(r.site->filter_findings), 1);
    done(&r);

    /* The DPO's sign-off, recorded on a date not in the future. */
    write_file("content/policies/a.md",
               "---\nid: POL-A\ntitle: A\ntype: policy\nowner: ciso\n"
               "status: approved\napprover: ceo\napproved: 2026-01-10\n"
               "last_reviewed: 2026-01-10\ncontrols: [A.18.1.4]\n"
               "extra: {dpo_approved: 2026-05-01}\n---\nText.\n");
    load(&r);
    assert_int_equal(ib_diag_count(r.site->filter_findings), 0);
    done(&r);

    /* A date in the future is not a sign-off; a 2013 id still counts. */
    write_file("content/policies/a.md",
               "---\nid: POL-A\ntitle: A\ntype: policy\nowner: ciso\n"
               "status: approved\napprover: ceo\napproved: 2026-01-10\n"
               "last_reviewed: 2026-01-10\ncontrols: [A.18.1.4]\n"
               "extra: {dpo_approved: 2026-07-01}\n---\nText.\n");
    load(&r);
    expect(r.site->filter_findings, "E dpo-approval content/policies/a.md:7");
    done(&r);

    /* Approved by the DPO named in the options, as a warning. */
    use_example("dpo-approval.lua", "{ dpo: ceo, severity: warning }", NULL);
    load(&r);
    assert_int_equal(ib_diag_count(r.site->filter_findings), 0);
    done(&r);
    use_example("dpo-approval.lua", "{ dpo: ciso, severity: warning }", NULL);
    load(&r);
    expect(r.site->filter_findings, "W dpo-approval");
    expect(r.site->filter_findings, "so Cleo Iso (the DPO) must approve it");
    done(&r);

    use_example("dpo-approval.lua", "{ controls: [A.99] }", NULL);
    load(&r);
    expect(r.d, "E filter-error filters/dpo-approval.lua:41:0 "
                "dpo-approval: 'A.99' in options.controls is not an Annex A "
                "control (loading the filter");
    done(&r);
}

static void
test_example_guideline_audience(void **state)
{
    (void)state;
    write_file("content/guidelines/g.md",
               "---\nid: GDL-1\ntitle: G\ntype: guideline\nowner: ciso\n---\n"
               "Text.\n");
    write_file("content/guidelines/h.md",
               "---\nid: GDL-2\ntitle: H\ntype: guideline\nowner: ciso\n"
               "audience: [all-staff, visitors]\n---\nText.\n");
    struct run r;
    use_example("guideline-audience.lua", NULL, NULL);
    load(&r);
    expect(r.site->filter_findings,
           "E audience-missing content/guidelines/g.md:1:0 a guideline must "
           "name its audience, e.g. 'audience: [all-staff]'\n");
    assert_int_equal(ib_diag_count(r.site->filter_findings), 1);
    done(&r);

    /* A folder default supplies it; a closed list of audiences. */
    use_example("guideline-audience.lua",
                "{ audiences: [all-staff, developers], types: [guideline, "
                "policy] }",
                "defaults:\n  - path: content/guidelines/\n    values: { "
                "audience: [all-staff] }\n");
    load(&r);
    expect(r.site->filter_findings,
           "E audience-unknown content/guidelines/h.md:6:11 audience "
           "'visitors' is not one of the audiences");
    expect(r.site->filter_findings,
           "E audience-missing content/policies/a.md:1:0 a policy must");
    expect_not(r.site->filter_findings, "g.md");
    done(&r);
}

static void
test_example_no_placeholders(void **state)
{
    (void)state;
    write_file("content/procedures/b.md",
               "---\nid: POL-B\ntitle: Beta TODO\ntype: procedure\nowner: "
               "x\n---\nTODO: everything.\n");
    struct run r;
    use_example("no-placeholders.lua", NULL, NULL);
    load(&r);
    expect(r.site->filter_findings,
           "E placeholder-text content/policies/a.md:16:10 'TBD' in a "
           "document with status approved: finish the text, or set the "
           "document back to draft\n");
    /* Drafts may hold placeholders; code may say TODO. */
    expect_not(r.site->filter_findings, "b.md");
    assert_int_equal(ib_diag_count(r.site->filter_findings), 1);
    done(&r);

    use_example("no-placeholders.lua",
                "{ statuses: [approved, draft], words: [TODO, 'N/A'] }", NULL);
    load(&r);
    expect(r.site->filter_findings,
           "E placeholder-text content/procedures/b.md:3:8 the title "
           "contains the placeholder 'TODO'");
    expect(r.site->filter_findings,
           "E placeholder-text content/procedures/b.md:7:1 'TODO' in a "
           "document with status draft");
    done(&r);

    /* Every placeholder is reported, at its own column, whichever word
     * comes first in the list. */
    write_file("content/procedures/c.md",
               "---\nid: POL-C\ntitle: C TBD and TODO\ntype: procedure\n"
               "owner: ciso\nstatus: approved\napprover: ceo\n"
               "approved: 2026-01-10\nlast_reviewed: 2026-01-10\n---\n"
               "TODO first, then TBD and TBD.\n");
    use_example("no-placeholders.lua", NULL, NULL);
    load(&r);
    expect(r.site->filter_findings,
           "E placeholder-text content/procedures/c.md:3:8 the title "
           "contains the placeholder 'TBD'\n"
           "E placeholder-text content/procedures/c.md:3:8 the title "
           "contains the placeholder 'TODO'\n"
           "E placeholder-text content/procedures/c.md:11:1 'TODO' in a "
           "document with status approved: finish the text, or set the "
           "document back to draft\n"
           "E placeholder-text content/procedures/c.md:11:18 'TBD' in a "
           "document with status approved: finish the text, or set the "
           "document back to draft\n"
           "E placeholder-text content/procedures/c.md:11:26 'TBD' in a ");
    done(&r);

    /* A column of one's own, with a line or a node. */
    handbook(
        NULL, NULL,
        "return { document = function(doc)\n"
        "  doc:report{ rule = 'col', message = 'x', line = 3, column = 7 }\n"
        "end }\n");
    load(&r);
    expect(r.site->filter_findings, "E col content/policies/a.md:3:7 x\n");
    expect_not(r.site->filter_findings, "'TBD'");
    done(&r);
}

/* A document whose text nodes are not copies of their source: entities,
 * escapes, [[ID]] links, continuation lines cmark-gfm places wrongly,
 * multibyte text, a code span over a line break, a tab, a table. */
static const char positions_md[] =
    "---\nid: POL-P\ntitle: Positions\ntype: procedure\nowner: ciso\n"
    "---\n"                                         /* 6 */
    "Fish &amp; chips \\* TBD &#91;x] TBD.\n"       /* 7: 21, 33 */
    "\n"                                            /* 8 */
    "See [[POL-A]] before TBD and [[POL-B]] TBD.\n" /* 9: 22, 40 */
    "\n"                                            /* 10 */
    "First line\n"                                  /* 11 */
    "   then TBD on a deeper line.\n"               /* 12: 9 */
    "\n"                                            /* 13 */
    "> Quoted\n"                                    /* 14 */
    "lazy TBD\n"                                    /* 15: 6 */
    "\n"                                            /* 16 */
    "- item\n"                                      /* 17 */
    "    more TBD\n"                                /* 18: 10 */
    "\n"                                            /* 19 */
    "Bl\xc3\xa5"
    "b\xc3\xa6rsyltet\xc3\xb8y TBD\n" /* 20: 19 */
    "\n"                              /* 21 */
    "Code `x\n"                       /* 22 */
    "y` then TBD\n"                   /* 23: 9 */
    "\n"                              /* 24 */
    "- a\n"                           /* 25 */
    "\tTBD tab\n"                     /* 26: 2 */
    "\n"                              /* 27 */
    "| a &amp; b | c TBD |\n"         /* 28: 17 */
    "|---|---|\n"                     /* 29 */
    "| x &lt; TBD | y |\n";           /* 30: 10 */

static const char *const positions_expected[] = {
    "7:21",  "7:33",  "9:22", "9:40", "12:9",  "15:6",
    "18:10", "20:19", "23:9", "26:2", "28:17", "30:10",
};

/* Each "TBD" of positions_md, reported by a filter at its byte. */
static const char positions_filter[] =
    "local function each(doc)\n"
    "  if doc.id ~= 'POL-P' then return end\n"
    "  for n in doc:nodes('text') do\n"
    "    local init = 1\n"
    "    while true do\n"
    "      local at = n.text:find('TBD', init, true)\n"
    "      if not at then break end\n"
    "      doc:report{ rule = 'tbd', node = n, at = at, message = 'x' }\n"
    "      init = at + 1\n"
    "    end\n"
    "  end\n"
    "end\n";

static void
expect_positions(struct ib_diag *d)
{
    for (size_t i = 0; i < sizeof positions_expected / sizeof(char *); i++) {
        char needle[128];
        snprintf(needle, sizeof needle, "E tbd content/procedures/p.md:%s x\n",
                 positions_expected[i]);
        expect(d, needle);
    }
    assert_int_equal(ib_diag_count(d),
                     sizeof positions_expected / sizeof(char *));
}

static void
test_text_positions(void **state)
{
    (void)state;
    write_file("content/procedures/p.md", positions_md);
    char src[2048];
    snprintf(src, sizeof src, "%sreturn { document = each }\n",
             positions_filter);
    handbook(NULL, NULL, src);
    struct run r;
    load(&r);
    expect_not(r.d, "filter-error");
    expect_positions(r.site->filter_findings);
    done(&r);

    /* A site hook's read-only nodes, after links are resolved: the body
     * is kept as long as the trees. */
    snprintf(src, sizeof src,
             "%sreturn { site = function(site)\n"
             "  each(site:document('POL-P'))\n"
             "end }\n",
             positions_filter);
    handbook(NULL, NULL, src);
    load(&r);
    expect_not(r.d, "filter-error");
    expect_positions(r.site->filter_findings);
    done(&r);
}

/* node:position(i) and node.column on a text node; report's 'at'. */
static void
test_text_position_method(void **state)
{
    (void)state;
    write_file("content/procedures/p.md", positions_md);
    handbook(
        NULL, NULL,
        "return { document = function(doc)\n"
        "  if doc.id ~= 'POL-P' then return end\n"
        "  local out = {}\n"
        "  for n in doc:nodes('text') do\n"
        "    if n.text:find('^Fish') or n.text:find('before') or\n"
        "       n.text:find('deeper') then\n"
        "      for _, i in ipairs{ 1, 6, 7, #n.text, #n.text + 1, 999 } do\n"
        "        local l, c = n:position(i)\n"
        "        out[#out + 1] = l .. ':' .. c\n"
        "      end\n"
        "      out[#out + 1] = 'col=' .. n.column .. ' |'\n"
        "    end\n"
        "  end\n"
        "  local h = doc:nodes('heading')()\n"
        "  for p in doc:nodes('paragraph') do\n"
        "    local l, c = p:position(5)\n"
        "    out[#out + 1] = 'para=' .. l .. ':' .. c\n"
        "    break\n"
        "  end\n"
        "  doc:report{ rule = 'pos', message = table.concat(out, ' ') }\n"
        "  for n in doc:nodes('text') do\n"
        "    if n.text:find('^Fish') then\n"
        "      n.text = 'Changed TBD'\n"
        "      local l, c = n:position(9)\n"
        "      doc:report{ rule = 'edited', message = l .. ':' .. c }\n"
        "    end\n"
        "  end\n"
        "end }\n");
    struct run r;
    load(&r);
    expect_not(r.d, "filter-error");
    /* "Fish & chips * TBD [x] TBD.": byte 6, "&", is "&amp;" at 6; byte
     * 7 the space after it, at 11; the end, 36, and past it, 37. Text
     * between two [[ID]] links starts at 14; a deeper line's at 4. A
     * paragraph is where it starts. */
    expect(r.site->filter_findings,
           "E pos content/procedures/p.md:1:0 7:1 7:6 7:11 7:36 7:37 7:37 "
           "col=1 | 9:14 9:19 9:20 9:29 9:30 9:30 col=14 | 12:4 12:9 12:10 "
           "12:29 12:30 12:30 col=4 | para=7:1\n");
    /* A text a filter changed no longer matches its source: the old
     * estimate, start plus offset. */
    expect(r.site->filter_findings,
           "E edited content/procedures/p.md:1:0 7:9\n");
    done(&r);

    /* 'at' is a byte of a node's text. */
    static const struct {
        const char *call, *error;
    } bad[] = {
        {"doc:report{ rule = 'x', message = 'm', at = 3 }",
         "report: 'at' is a byte of a 'node''s text: give the node too"},
        {"doc:report{ rule = 'x', message = 'm', node = doc:nodes('text')(), "
         "at = 0 }",
         "report: 'at' must be 1 or more"},
        {"doc:nodes('text')():position(0)",
         "bad argument #1 to 'position' (a byte of the node's text, 1 or "
         "more)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char src[512];
        snprintf(src, sizeof src,
                 "return { document = function(doc)\n  %s\nend }\n",
                 bad[i].call);
        handbook(NULL, NULL, src);
        load(&r);
        context = bad[i].call;
        expect(r.d, bad[i].error);
        done(&r);
    }
    context = "";
}

static void
test_example_vague_language(void **state)
{
    (void)state;
    write_file("content/procedures/b.md",
               "---\nid: POL-B\ntitle: Beta\ntype: procedure\nowner: x\n---\n"
               "Logs are reviewed regularly.\n"
               "\n"
               "Access rights are reviewed regularly, at least once a "
               "quarter.\n"
               "\n"
               "- Patches are applied as needed.\n"
               "- Backups are tested when necessary, within 30 days of a "
               "change.\n"
               "\n"
               "Take Appropriate\nmeasures.\n");
    struct run r;
    use_example("vague-language.lua", NULL, NULL);
    load(&r);
    struct ib_diag *f = r.site->filter_findings;
    expect(f, "W vague-language content/procedures/b.md:7:19 'regularly' "
              "without a cadence or deadline: say how often or by when "
              "(e.g. 'every six months', 'within 24 hours')\n");
    expect(f, "W vague-language content/procedures/b.md:11:23 'as needed'");
    expect(f, "W vague-language content/procedures/b.md:14:6 "
              "'appropriate'");
    assert_int_equal(ib_diag_count(f), 3);
    done(&r);

    /* At the word, also on a continuation line cmark-gfm counts from the
     * first line's indentation, and past other inline nodes. */
    write_file("content/procedures/b.md",
               "---\nid: POL-B\ntitle: Beta\ntype: procedure\nowner: x\n---\n"
               "> Keys in `vault` are\n"
               "rotated *when* needed and **as\n"
               "    needed**.\n");
    load(&r);
    f = r.site->filter_findings;
    expect(f, "W vague-language content/procedures/b.md:8:29 'as needed'");
    assert_int_equal(ib_diag_count(f), 1);
    done(&r);

    /* Inline code is not prose: a setting's name is not vague. */
    write_file("content/procedures/b.md",
               "---\nid: POL-B\ntitle: Beta\ntype: procedure\nowner: x\n---\n"
               "Set `appropriate_mode` in the configuration file.\n");
    load(&r);
    expect_not(r.site->filter_findings, "b.md");
    done(&r);

    /* "every", "each", "per" and "within" make a cadence with a unit of
     * time, not with any word: "every employee" says nothing of when. */
    write_file("content/procedures/b.md",
               "---\nid: POL-B\ntitle: Beta\ntype: procedure\nowner: x\n---\n"
               "Every employee reviews their access regularly.\n\n"
               "Logs are kept appropriately within the organisation.\n\n"
               "Keys are rotated regularly, as per the policy.\n\n"
               "Each team tests its backups regularly.\n\n"
               "Access is reviewed regularly, every six months.\n\n"
               "Firewall rules are reviewed regularly, each quarter.\n\n"
               "Incidents are closed as needed, within three working days.\n\n"
               "Reports are sent regularly, two per year.\n");
    load(&r);
    f = r.site->filter_findings;
    expect(f, "W vague-language content/procedures/b.md:7:37 'regularly'");
    expect(f, "W vague-language content/procedures/b.md:9:15 'appropriately'");
    expect(f, "W vague-language content/procedures/b.md:11:18 'regularly'");
    expect(f, "W vague-language content/procedures/b.md:13:29 'regularly'");
    assert_int_equal(ib_diag_count(f), 4);
    done(&r);

    /* Nordic words: whole words whatever their case, letters beyond ASCII
     * belonging to words. */
    write_file("content/procedures/b.md",
               "---\nid: POL-B\ntitle: Beta\ntype: procedure\nowner: x\n---\n"
               "Adgangen gennemg\xc3\xa5s \xc3\x85RLIGT.\n\n"
               "Loggar granskas \xc3\xa5terkommande.\n\n"
               "Skal l\xc3\xb8sningen v\xc3\xa6re \xc3\xa5rligtvis god?\n\n"
               "Vi gj\xc3\xb8r det l\xc3\xb8pende.\n");
    use_example("vague-language.lua",
                "{ words: [\"\xc3\xa5rligt\", \"\xc3\xa5terkommande\", "
                "\"l\xc3\xb8pende\"] }",
                NULL);
    load(&r);
    f = r.site->filter_findings;
    expect(f, "W vague-language content/procedures/b.md:7:21");
    expect(f, "W vague-language content/procedures/b.md:9:17");
    expect(f, "W vague-language content/procedures/b.md:13:14");
    expect_not(f, "b.md:11:");
    assert_int_equal(ib_diag_count(f), 3);
    done(&r);
}

static void
test_example_ticket_links(void **state)
{
    (void)state;
    write_file("content/procedures/b.md",
               "---\nid: POL-B\ntitle: Beta\ntype: procedure\nowner: x\n---\n"
               "# SEC-1 stays\n"
               "\n"
               "Risks SEC-7, RISK-12 and *SEC-8*; not `SEC-9`, not "
               "XSEC-10 nor [SEC-11](https://x.example/).\n");
    struct run r;
    use_example("ticket-links.lua",
                "{ url: 'https://jira.example/browse/{id}?a=1', prefixes: "
                "[SEC, RISK] }",
                NULL);
    load(&r);
    expect_not(r.d, "filter-error");
    char *html = html_of(&r, "POL-B");
    assert_contains(html, ">SEC-1 stays <a class=\"anchor\"");
    assert_contains(html,
                    "<p>Risks <a href=\"https://jira.example/browse/SEC-7?a="
                    "1\">SEC-7</a>, <a href=\"https://jira.example/browse/"
                    "RISK-12?a=1\">RISK-12</a> and <em><a href=\"https://"
                    "jira.example/browse/SEC-8?a=1\">SEC-8</a></em>; not "
                    "<code>SEC-9</code>, not XSEC-10 nor <a href=\"https://"
                    "x.example/\">SEC-11</a>.</p>");
    free(html);
    html = html_of(&r, "POL-A");
    assert_contains(html, "<a href=\"https://jira.example/browse/SEC-42?a=1\">"
                          "SEC-42</a>");
    free(html);
    done(&r);

    /* Many ids on one long line (a document converted without line
     * breaks) stay within the default budget. */
    struct ib_buf t;
    ib_buf_init(&t);
    ib_buf_puts(&t, "---\nid: POL-B\ntitle: Beta\ntype: procedure\n"
                    "owner: x\n---\nSee");
    int ids = slowdown() > 1 ? 1000 : 20000; /* the budget is smaller */
    for (int i = 0; i < ids; i++)
        ib_buf_printf(&t, " SEC-%d and", i);
    ib_buf_puts(&t, " done.\n");
    write_file("content/procedures/b.md", ib_buf_cstr(&t));
    ib_buf_fini(&t);
    use_example("ticket-links.lua",
                "{ url: 'https://jira.example/browse/{id}', prefixes: "
                "[SEC, RISK, INC, CHG] }",
                default_budget());
    load(&r);
    expect_not(r.d, "filter-limit");
    expect_not(r.d, "filter-error");
    done(&r);

    use_example("ticket-links.lua", NULL, NULL);
    load(&r);
    expect(r.d, "E filter-error filters/ticket-links.lua:");
    expect(r.d, "ticket-links: options.url must be the tracker's address");
    done(&r);
}

static void
test_example_glossary(void **state)
{
    (void)state;
    write_file("content/isms/glossary.md",
               "---\nid: ISMS-GLOSSARY\ntitle: Glossary\ntype: standard\n"
               "owner: ciso\n---\n"
               "## Risk owner\n\nAccountable for a risk.\n\n"
               "## Risk\n\nEffect of uncertainty.\n\n"
               "## ISMS\n\nThe management system.\n");
    write_file("content/procedures/b.md",
               "---\nid: POL-B\ntitle: Beta\ntype: procedure\nowner: x\n---\n"
               "# Risk owner duties\n"
               "\n"
               "Each risk owner accepts the risk; the RISK OWNER again.\n"
               "\n"
               "The isms and `ISMS` and risks.\n");
    struct run r;
    use_example("glossary.lua", "{ document: ISMS-GLOSSARY }", NULL);
    load(&r);
    expect_not(r.d, "filter-error");
    expect_not(r.d, "anchor-broken");
    char *html = html_of(&r, "POL-B");
    assert_contains(html, "<h1 id=\"risk-owner-duties\">Risk owner duties");
    assert_contains(html,
                    "<p>Each <a href=\"../isms/glossary.html#risk-owner\">"
                    "risk owner</a> accepts the <a href=\"../isms/"
                    "glossary.html#risk\">risk</a>; the RISK OWNER again.</p>");
    assert_contains(html, "<p>The <a href=\"../isms/glossary.html#isms\">"
                          "isms</a> and <code>ISMS</code> and risks.</p>");
    free(html);
    html = html_of(&r, "ISMS-GLOSSARY");
    assert_lacks(html, "<a href");
    free(html);
    done(&r);

    /* A large glossary on a long document stays well within the default
     * budget: the text is scanned once, not once per term. */
    struct ib_buf g, t;
    ib_buf_init(&g);
    ib_buf_init(&t);
    ib_buf_puts(&g, "---\nid: ISMS-GLOSSARY\ntitle: Glossary\ntype: "
                    "standard\nowner: ciso\n---\n");
    for (int i = 0; i < 200; i++)
        ib_buf_printf(&g, "## Term%03d alpha\n\nx\n\n", i);
    ib_buf_puts(&t, "---\nid: POL-B\ntitle: Beta\ntype: procedure\n"
                    "owner: x\n---\n");
    int lines = slowdown() > 1 ? 50 : 5000; /* the budget is smaller */
    for (int i = 0; i < lines; i++)
        ib_buf_printf(&t, "Line %d of a long procedure without any of the "
                          "terms in it, and a term%03d alpha at the end.\n%s",
                      i, i % 200 + 200, i % 10 == 9 ? "\n" : "");
    write_file("content/isms/glossary.md", ib_buf_cstr(&g));
    write_file("content/procedures/b.md", ib_buf_cstr(&t));
    ib_buf_fini(&g);
    ib_buf_fini(&t);
    use_example("glossary.lua", "{ document: ISMS-GLOSSARY }",
                default_budget());
    load(&r);
    expect_not(r.d, "filter-limit");
    expect_not(r.d, "filter-error");
    done(&r);

    /* Nordic letters are letters: "Risk" is not linked inside
     * "riskägare", a term may start with Å and match in any case, and a
     * term may end in punctuation. */
    write_file("content/isms/glossary.md",
               "---\nid: ISMS-GLOSSARY\ntitle: Glossary\ntype: standard\n"
               "owner: ciso\n---\n"
               "## Risk\n\nx\n\n## Åtkomstkontroll\n\nx\n\n"
               "## Ägare\n\nx\n\n## Recovery point objective (RPO)\n\nx\n");
    write_file("content/procedures/b.md",
               "---\nid: POL-B\ntitle: Beta\ntype: procedure\nowner: x\n---\n"
               "Varje riskägare och ÅTKOMSTKONTROLL, ”risk” och ägare.\n\n"
               "Our recovery point objective (RPO) is four hours.\n");
    load(&r);
    expect_not(r.d, "filter-error");
    expect_not(r.d, "anchor-broken");
    html = html_of(&r, "POL-B");
    assert_contains(html, "<p>Varje riskägare och <a href=\"../isms/"
                          "glossary.html#%C3%A5tkomstkontroll\">ÅTKOMSTKONTROLL</a>, "
                          "”<a href=\"../isms/glossary.html#risk\">risk</a>” "
                          "och <a href=\"../isms/glossary.html#%C3%A4gare\">ägare"
                          "</a>.</p>");
    assert_contains(html, "<p>Our <a href=\"../isms/glossary.html#recovery-"
                          "point-objective-rpo\">recovery point objective "
                          "(RPO)</a> is four hours.</p>");
    free(html);
    done(&r);

    use_example("glossary.lua", "{ document: NOPE }", NULL);
    load(&r);
    expect(r.site->filter_findings,
           "E glossary-missing handbook.yaml:7:5 the glossary document "
           "'NOPE' does not exist");
    done(&r);
}

int
main(int argc, char **argv)
{
    /* test_filter NAME runs the tests matching NAME (cmocka's filter). */
    if (argc > 1)
        cmocka_set_test_filter(argv[1]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_document_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_metadata_changes_are_revalidated,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_unchanged_metadata_is_untouched,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_id_cannot_change, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_metadata_has_a_line, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_numbers_keep_their_text, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_extra_for_templates, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_walk_nodes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tree_rewrites_in_html, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_rewritten_link_is_checked, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_bad_edits_are_filter_errors, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_handles_expire_after_the_call,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_locations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rules_severity_applies, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_site_hook, setup, teardown),
        cmocka_unit_test_setup_teardown(test_documents_with_errors_are_skipped,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_site_hook_nodes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_helpers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors_in_helpers, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_log_and_print, setup, teardown),
        cmocka_unit_test_setup_teardown(test_order_and_options, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_load_failures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_error_objects, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sandbox_escapes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_filters_are_isolated, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_instruction_budget, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_memory_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wall_clock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_watchdog, setup, teardown),
        cmocka_unit_test_setup_teardown(test_finalizers_and_close, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_failure_stops_later_filters, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_config, setup, teardown),
        cmocka_unit_test_setup_teardown(test_example_dpo_approval, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_example_guideline_audience, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_text_positions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_position_method, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_example_no_placeholders, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_example_vague_language, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_example_ticket_links, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_example_glossary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_example_bad_options, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_check_options, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
