/* SPDX-License-Identifier: MIT */
/* Unit tests for mustache.c: output, whitespace, findings and limits. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "mustache.h"
#include "val.h"

/* One test's world: a template set, findings, and an arena for values. */
struct fx {
    struct ib_mustache *m;
    struct ib_diag *d;
    struct ib_arena *a;
    struct ib_buf out;
};

static int
setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    f->m = ib_mustache_new();
    f->d = ib_diag_new();
    f->a = ib_arena_new();
    ib_buf_init(&f->out);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    ib_mustache_free(f->m);
    ib_diag_free(f->d);
    ib_arena_free(f->a);
    ib_buf_fini(&f->out);
    free(f);
    return 0;
}

/* Adds template NAME from file "templates/NAME.mustache". */
static int
add(struct fx *f, const char *name, const char *text)
{
    char file[128];
    snprintf(file, sizeof file, "templates/%s.mustache", name);
    return ib_mustache_add(f->m, name, file, text, strlen(text), f->d);
}

/* Renders NAME with CTX; returns the output, or NULL if rendering failed. */
static const char *
render(struct fx *f, const char *name, const struct ib_val *ctx)
{
    ib_buf_reset(&f->out);
    if (ib_mustache_render(f->m, name, ctx, &f->out, f->d) < 0)
        return NULL;
    return ib_buf_cstr(&f->out);
}

/* Compiles TEXT as "main" and renders it with CTX; it must succeed. */
static void
assert_renders(struct fx *f, const char *text, const struct ib_val *ctx,
               const char *want)
{
    assert_int_equal(add(f, "main", text), 0);
    const char *got = render(f, "main", ctx);
    assert_non_null(got);
    assert_string_equal(got, want);
    assert_int_equal(ib_diag_count(f->d), 0);
}

/* Asserts that the only finding is RULE at FILE:LINE:COL mentioning WORD. */
static void
assert_finding(struct fx *f, const char *rule, const char *file, unsigned line,
               unsigned col, const char *word)
{
    assert_int_equal(ib_diag_count(f->d), 1);
    const struct ib_finding *x = ib_diag_get(f->d, 0);
    assert_int_equal(x->sev, IB_SEV_ERROR);
    assert_string_equal(x->rule, rule);
    if (file)
        assert_string_equal(x->loc.file, file);
    assert_int_equal(x->loc.line, line);
    assert_int_equal(x->loc.col, col);
    assert_non_null(strstr(x->msg, word));
}

/* Compiles TEXT, which must fail with one template-syntax finding. */
static void
assert_syntax(struct fx *f, const char *text, unsigned line, unsigned col,
              const char *word)
{
    assert_int_equal(add(f, "bad", text), -1);
    assert_finding(f, "template-syntax", "templates/bad.mustache", line, col,
                   word);
    /* A template that failed to compile is not in the set. */
    assert_null(render(f, "bad", NULL));
}

static struct ib_val *
map_of(struct fx *f, const char *key, struct ib_val *v)
{
    struct ib_val *m = ib_val_map(f->a);
    ib_val_set(f->a, m, key, v);
    return m;
}

static void
test_escaping(void **state)
{
    struct fx *f = *state;
    struct ib_val *ctx =
        map_of(f, "x", ib_val_str(f->a, "<a href=\"u\">Tom & 'Jerry'</a>"));
    assert_renders(f, "{{x}}|{{{x}}}|{{&x}}|{{ x }}", ctx,
                   "&lt;a href=&quot;u&quot;&gt;Tom &amp; &#39;Jerry&#39;"
                   "&lt;/a&gt;|<a href=\"u\">Tom & 'Jerry'</a>|"
                   "<a href=\"u\">Tom & 'Jerry'</a>|"
                   "&lt;a href=&quot;u&quot;&gt;Tom &amp; &#39;Jerry&#39;"
                   "&lt;/a&gt;");
}

/* A string learns at its first escaped write whether it has anything to
 * escape; later writes, raw or escaped, and later pages are unchanged. */
static void
test_escaping_learned(void **state)
{
    struct fx *f = *state;
    struct ib_val *bad = ib_val_str(f->a, "R&D <team>");
    struct ib_val *good = ib_val_str(f->a, "Access Control Policy");
    struct ib_val *ctx = map_of(f, "bad", bad);
    ib_val_set(f->a, ctx, "good", good);
    assert_int_equal(bad->html, IB_VAL_HTML_UNKNOWN);
    assert_int_equal(good->html, IB_VAL_HTML_UNKNOWN);
    /* A raw write learns nothing. */
    assert_int_equal(add(f, "raw", "{{{bad}}}{{&good}}"), 0);
    assert_string_equal(render(f, "raw", ctx),
                        "R&D <team>Access Control Policy");
    assert_int_equal(bad->html, IB_VAL_HTML_UNKNOWN);
    assert_int_equal(good->html, IB_VAL_HTML_UNKNOWN);
    static const char page[] = "{{bad}}|{{good}}|{{{bad}}}|{{bad}}|{{good}}";
    static const char want[] = "R&amp;D &lt;team&gt;|Access Control Policy|"
                               "R&D <team>|R&amp;D &lt;team&gt;|"
                               "Access Control Policy";
    assert_int_equal(add(f, "page", page), 0);
    for (int i = 0; i < 3; i++)
        assert_string_equal(render(f, "page", ctx), want);
    assert_int_equal(bad->html, IB_VAL_HTML_ESCAPE);
    assert_int_equal(good->html, IB_VAL_HTML_PLAIN);
    /* Numbers and booleans are plain from the start. */
    assert_int_equal(ib_val_num(f->a, 12)->html, IB_VAL_HTML_PLAIN);
    assert_int_equal(ib_val_bool(f->a, true)->html, IB_VAL_HTML_PLAIN);
    assert_int_equal(ib_diag_count(f->d), 0);
}

static void
test_scalars(void **state)
{
    struct fx *f = *state;
    struct ib_val *ctx = ib_val_map(f->a);
    ib_val_set(f->a, ctx, "int", ib_val_num(f->a, 85));
    ib_val_set(f->a, ctx, "dec", ib_val_num(f->a, 1.210));
    ib_val_set(f->a, ctx, "odd", ib_val_num(f->a, 0.1 + 0.2));
    ib_val_set(f->a, ctx, "neg", ib_val_num(f->a, -2.5e-7));
    ib_val_set(f->a, ctx, "yes", ib_val_bool(f->a, true));
    ib_val_set(f->a, ctx, "no", ib_val_bool(f->a, false));
    ib_val_set(f->a, ctx, "nil", ib_val_null(f->a));
    ib_val_set(f->a, ctx, "list", ib_val_list(f->a));
    ib_val_set(f->a, ctx, "map", ib_val_map(f->a));
    assert_renders(f,
                   "{{int}} {{dec}} {{odd}} {{neg}} {{yes}} {{no}} "
                   "[{{nil}}{{list}}{{map}}{{missing}}]",
                   ctx, "85 1.21 0.30000000000000004 -2.5e-07 true false []");
}

static void
test_sections(void **state)
{
    struct fx *f = *state;
    struct ib_val *ctx = ib_val_map(f->a);
    struct ib_val *docs = ib_val_set(f->a, ctx, "docs", ib_val_list(f->a));
    for (int i = 0; i < 3; i++) {
        struct ib_val *d = ib_val_map(f->a);
        ib_val_set(f->a, d, "id", ib_val_num(f->a, i + 1));
        if (i == 1)
            ib_val_set_str(f->a, d, "owner", "CISO");
        ib_val_push(f->a, docs, d);
    }
    ib_val_set_str(f->a, ctx, "owner", "nobody");
    ib_val_set(f->a, ctx, "site", map_of(f, "title", ib_val_str(f->a, "H")));
    ib_val_set(f->a, ctx, "empty", ib_val_list(f->a));
    ib_val_set(f->a, ctx, "zero", ib_val_num(f->a, 0));
    ib_val_set_str(f->a, ctx, "blank", "");
    assert_renders(f,
                   "{{#docs}}{{id}}:{{owner}} {{/docs}}|"
                   "{{#site}}{{title}}{{/site}}|"
                   "{{^empty}}none{{/empty}}{{#empty}}x{{/empty}}|"
                   "{{#zero}}0 is true{{/zero}}|"
                   "{{^blank}}blank is false{{/blank}}|"
                   "{{^docs}}x{{/docs}}{{^missing}}missing{{/missing}}",
                   ctx,
                   "1:nobody 2:CISO 3:nobody |H|none|0 is true|"
                   "blank is false|missing");
}

static void
test_dotted_names(void **state)
{
    struct fx *f = *state;
    struct ib_val *ctx = ib_val_map(f->a);
    struct ib_val *b = map_of(f, "c", ib_val_str(f->a, "deep"));
    ib_val_set(f->a, ctx, "a", map_of(f, "b", b));
    ib_val_set(f->a, ctx, "x", map_of(f, "y", ib_val_map(f->a)));
    ib_val_set(f->a, ctx, "z", ib_val_str(f->a, "outer z"));
    /* x.y.z must not fall back to the outer z: no context walk mid-name. */
    assert_renders(f,
                   "{{a.b.c}}|{{#a.b}}{{c}}{{/a.b}}|[{{x.y.z}}]|[{{a.q.c}}]"
                   "|{{#a}}{{b.c}}{{/a}}",
                   ctx, "deep|deep|[]|[]|deep");
}

static void
test_implicit_iterator(void **state)
{
    struct fx *f = *state;
    struct ib_val *list = ib_val_list(f->a);
    ib_val_push(f->a, list, ib_val_str(f->a, "<b>"));
    ib_val_push(f->a, list, ib_val_num(f->a, 2));
    assert_renders(f, "{{#.}}({{.}}){{/.}}", list, "(&lt;b&gt;)(2)");
}

static void
test_null_context(void **state)
{
    struct fx *f = *state;
    assert_renders(f, "a{{x}}b{{#x}}c{{/x}}{{^x}}d{{/x}}", NULL, "abd");
}

static void
test_standalone_lines(void **state)
{
    struct fx *f = *state;
    struct ib_val *ctx = map_of(f, "ok", ib_val_bool(f->a, true));
    assert_renders(f,
                   "<ul>\n"
                   "  {{#ok}}\n"
                   "  <li>yes</li>\n"
                   "  {{/ok}}\n"
                   "  {{! a comment }}\n"
                   "</ul>\n",
                   ctx, "<ul>\n  <li>yes</li>\n</ul>\n");
}

static void
test_partial_indentation(void **state)
{
    struct fx *f = *state;
    struct ib_val *ctx = map_of(f, "v", ib_val_str(f->a, "1\n2"));
    assert_int_equal(add(f, "item", "<li>\n  {{>value}}\n</li>\n"), 0);
    assert_int_equal(add(f, "value", "<span>\n{{{v}}}\n</span>\n"), 0);
    /* Indentation adds up through nested partials; interpolated newlines
       are data and get none. */
    assert_renders(f, "<ul>\n    {{>item}}\n</ul>\n", ctx,
                   "<ul>\n"
                   "    <li>\n"
                   "      <span>\n"
                   "      1\n2\n"
                   "      </span>\n"
                   "    </li>\n"
                   "</ul>\n");
}

static void
test_missing_partial(void **state)
{
    struct fx *f = *state;
    struct ib_val *ctx = map_of(f, "which", ib_val_str(f->a, "nope"));
    assert_renders(f, "[{{>nope}}|{{>*which}}|{{>*unset}}|{{<nope}}{{/nope}}]",
                   ctx, "[|||]");
}

/* What the spec renders as nothing, a theme reports: each partial or
 * parent naming no template, at its tag; dynamic names are unknown until
 * rendering, and a set that is complete has nothing to report. */
static void
test_check_unknown_partials(void **state)
{
    struct fx *f = *state;
    assert_int_equal(add(f, "card", "<p>{{$t}}x{{/t}}</p>"), 0);
    assert_int_equal(ib_mustache_check(f->m, f->d), 0);
    assert_int_equal(add(f, "main",
                         "{{>card}}{{>*which}}\n{{#a}}\n  {{> nope }}\n"
                         "{{/a}}"),
                     0);
    assert_int_equal(ib_mustache_check(f->m, f->d), -1);
    assert_finding(f, "template-error", "templates/main.mustache", 3, 3,
                   "no template named 'nope'");
    ib_diag_free(f->d);
    f->d = ib_diag_new();
    assert_int_equal(add(f, "main", "{{<base}}{{$a}}{{>card}}{{/a}}{{/base}}"),
                     0);
    assert_int_equal(ib_mustache_check(f->m, f->d), -1);
    assert_finding(f, "template-error", "templates/main.mustache", 1, 1,
                   "no template named 'base'");
}

/* Collects "key@line:col" for each t.KEY ib_mustache_each_key finds. */
static void
note_key(void *ud, const char *key, const char *file, unsigned line,
         unsigned col)
{
    assert_string_equal(file, "templates/main.mustache");
    ib_buf_printf(ud, "%s@%u:%u ", key, line, col);
}

static void
test_each_key(void **state)
{
    struct fx *f = *state;
    assert_int_equal(add(f, "main",
                         "{{t.a}} {{{t.b}}} {{x.c}} {{t}}\n"
                         "{{#doc}}{{^t.d.e}}{{>*t.f}}{{/t.d.e}}{{/doc}}\n"
                         "{{>t.g}} {{! t.h }}{{#t.i}}{{/t.i}}"),
                     0);
    ib_mustache_each_key(f->m, "main", "t", note_key, &f->out);
    assert_string_equal(ib_buf_cstr(&f->out),
                        "a@1:1 b@1:9 d@2:9 f@2:19 i@3:20 ");
    /* A name no template has: nothing. */
    ib_mustache_each_key(f->m, "none", "t", note_key, &f->out);
    assert_string_equal(ib_buf_cstr(&f->out),
                        "a@1:1 b@1:9 d@2:9 f@2:19 i@3:20 ");
}

static void
test_dynamic_partial(void **state)
{
    struct fx *f = *state;
    struct ib_val *ctx = ib_val_map(f->a);
    ib_val_set_str(f->a, ctx, "kind", "note");
    ib_val_set_str(f->a, ctx, "text", "hi");
    assert_int_equal(add(f, "note", "<p>{{text}}</p>"), 0);
    assert_renders(f, "{{>*kind}}", ctx, "<p>hi</p>");
}

static void
test_inheritance(void **state)
{
    struct fx *f = *state;
    struct ib_val *ctx = map_of(f, "title", ib_val_str(f->a, "Access"));
    assert_int_equal(add(f, "base",
                         "<html>\n"
                         "  <head><title>{{$title}}ISMS{{/title}}</title>"
                         "</head>\n"
                         "  <body>\n"
                         "    {{$body}}\n"
                         "    <p>empty</p>\n"
                         "    {{/body}}\n"
                         "  </body>\n"
                         "</html>\n"),
                     0);
    /* Blocks are re-indented to where the base puts them. */
    assert_renders(f,
                   "{{<base}}\n"
                   "{{$title}}{{title}} policy{{/title}}\n"
                   "{{$body}}\n"
                   "<h1>{{title}}</h1>\n"
                   "<p>text</p>\n"
                   "{{/body}}\n"
                   "{{/base}}\n",
                   ctx,
                   "<html>\n"
                   "  <head><title>Access policy</title></head>\n"
                   "  <body>\n"
                   "    <h1>Access</h1>\n"
                   "    <p>text</p>\n"
                   "  </body>\n"
                   "</html>\n");
    ib_buf_reset(&f->out);
    assert_string_equal(render(f, "base", ctx),
                        "<html>\n"
                        "  <head><title>ISMS</title></head>\n"
                        "  <body>\n"
                        "    <p>empty</p>\n"
                        "  </body>\n"
                        "</html>\n");
}

/* The examples from mustache/spec #131 and #135 on block indentation. */
static void
test_block_reindentation(void **state)
{
    struct fx *f = *state;
    assert_int_equal(add(f, "p1",
                         "I say,\n  {{$block}}\n  Hi there!\n"
                         "  {{/block}}"),
                     0);
    assert_renders(f,
                   "{{<p1}}\n        {{$block}}\n        Hello\n"
                   "        {{/block}}\n{{/p1}}",
                   NULL, "I say,\n  Hello\n");
    assert_int_equal(add(f, "p2", "{{$block}}x{{/block}}"), 0);
    assert_renders(f,
                   "* a\n* b\n* {{<p2}}{{$block}}\n"
                   "                {{! notice this big indent }}\n"
                   "                c{{/block}}{{/p2}}\n* d\n* e",
                   NULL, "* a\n* b\n* c\n* d\n* e");
}

static void
test_dynamic_parent(void **state)
{
    struct fx *f = *state;
    struct ib_val *ctx = map_of(f, "layout", ib_val_str(f->a, "wide"));
    ib_val_set(f->a, ctx, "*x", ib_val_bool(f->a, true));
    assert_int_equal(add(f, "wide", "<main>{{$body}}{{/body}}</main>"), 0);
    /* The starred closing tag ends the dynamic parent; "*x" is a key. */
    assert_renders(f,
                   "{{<*layout}}{{$body}}hi{{/body}}{{/*layout}}"
                   "{{#*x}}!{{/*x}}",
                   ctx, "<main>hi</main>!");
}

static void
test_delimiters_stay_in_template(void **state)
{
    struct fx *f = *state;
    struct ib_val *ctx = map_of(f, "v", ib_val_str(f->a, "x"));
    assert_int_equal(add(f, "p", "{{=<% %>=}}<%v%>{{v}}"), 0);
    assert_renders(f, "{{>p}}|{{v}}|{{=[ ]=}}[v]{{v}}[={{ }}=]{{v}}", ctx,
                   "x{{v}}|x|x{{v}}x");
}

static void
test_replace_template(void **state)
{
    struct fx *f = *state;
    assert_int_equal(add(f, "p", "old"), 0);
    assert_int_equal(add(f, "p", "new"), 0);
    assert_renders(f, "{{>p}}", NULL, "new");
}

static void
test_syntax_unclosed_tag(void **state)
{
    assert_syntax(*state, "line 1\n  {{name\n", 2, 3, "unclosed tag");
}

static void
test_syntax_unclosed_triple(void **state)
{
    assert_syntax(*state, "{{{name}}", 1, 1, "unclosed tag");
}

static void
test_syntax_unclosed_section(void **state)
{
    assert_syntax(*state, "a\nb {{#docs}}\n{{#x}}{{/x}}\n", 2, 3,
                  "unclosed section 'docs'");
}

static void
test_syntax_unclosed_parent(void **state)
{
    assert_syntax(*state, "{{<base}}{{$a}}x{{/a}}", 1, 1,
                  "unclosed parent 'base'");
}

static void
test_syntax_mismatched_section(void **state)
{
    assert_syntax(*state, "{{#a}}\n\t{{#b}}\n\t{{/a}}\n{{/b}}", 3, 2,
                  "does not match section 'b' opened at line 2");
}

/* A dynamic parent is named as written, star included, so a reader sees
 * why {{/x}} does not close {{<*x}}. */
static void
test_syntax_mismatched_dynamic_parent(void **state)
{
    assert_syntax(*state, "{{<*layout}}\n{{/layout}}", 2, 1,
                  "does not match parent '*layout' opened at line 1");
}

static void
test_syntax_unclosed_dynamic_parent(void **state)
{
    assert_syntax(*state, "{{<*layout}}", 1, 1, "unclosed parent '*layout'");
}

static void
test_syntax_stray_close(void **state)
{
    assert_syntax(*state, "ok\n{{/a}}", 2, 1, "without an opening tag");
}

static void
test_syntax_bad_names(void **state)
{
    struct fx *f = *state;
    assert_syntax(f, "x {{ }}", 1, 3, "bad tag name");
    ib_diag_free(f->d);
    f->d = ib_diag_new();
    assert_syntax(f, "{{#a b}}{{/a b}}", 1, 1, "bad tag name 'a b'");
    ib_diag_free(f->d);
    f->d = ib_diag_new();
    assert_syntax(f, "\n\n{{a..b}}", 3, 1, "bad tag name 'a..b'");
    ib_diag_free(f->d);
    f->d = ib_diag_new();
    assert_int_equal(ib_mustache_add(f->m, "bad", "templates/bad.mustache",
                                     "ok {{a\0b}}", 10, f->d),
                     -1);
    assert_finding(f, "template-syntax", "templates/bad.mustache", 1, 4,
                   "bad tag name");
}

static void
test_syntax_bad_delimiters(void **state)
{
    struct fx *f = *state;
    assert_syntax(f, "{{=<%=}}", 1, 1, "bad delimiter change");
    ib_diag_free(f->d);
    f->d = ib_diag_new();
    assert_syntax(f, "ab{{=<% %> x=}}", 1, 3, "bad delimiter change");
    ib_diag_free(f->d);
    f->d = ib_diag_new();
    /* After a change, an unclosed tag is reported with the new ones. */
    assert_syntax(f, "{{=<% %>=}}\n <%x", 2, 2, "no '%>'");
}

static void
test_syntax_nesting_limit(void **state)
{
    struct fx *f = *state;
    struct ib_buf t;
    ib_buf_init(&t);
    for (int i = 0; i <= IB_MUSTACHE_MAX_NEST; i++)
        ib_buf_puts(&t, "{{#a}}");
    for (int i = 0; i <= IB_MUSTACHE_MAX_NEST; i++)
        ib_buf_puts(&t, "{{/a}}");
    assert_syntax(f, ib_buf_cstr(&t), 1, 6 * IB_MUSTACHE_MAX_NEST + 1,
                  "nested more than");
    ib_buf_fini(&t);
}

static void
test_recursive_partial(void **state)
{
    struct fx *f = *state;
    assert_int_equal(add(f, "self", "x\n  {{>self}}\n"), 0);
    assert_int_equal(add(f, "main", "{{>self}}"), 0);
    assert_null(render(f, "main", NULL));
    assert_finding(f, "template-error", "templates/self.mustache", 2, 3,
                   "nest more than 128");
}

static void
test_recursive_block(void **state)
{
    struct fx *f = *state;
    /* The argument holds the block it overrides: it expands forever. */
    assert_int_equal(add(f, "p", "{{$a}}{{/a}}"), 0);
    assert_int_equal(add(f, "main", "{{<p}}{{$a}}[{{$a}}{{/a}}]{{/a}}{{/p}}"),
                     0);
    assert_null(render(f, "main", NULL));
    assert_finding(f, "template-error", "templates/main.mustache", 1, 14,
                   "nest more than");
}

static void
test_deep_data_recursion(void **state)
{
    struct fx *f = *state;
    /* A tree partial renders as deep as the data, within the limit. The
       leaf needs its own empty list: a missing one is looked up outside. */
    struct ib_val *root = ib_val_map(f->a), *node = root;
    for (int i = 0; i < 10; i++) {
        struct ib_val *kids = ib_val_set(f->a, node, "kids", ib_val_list(f->a));
        node = ib_val_map(f->a);
        ib_val_push(f->a, kids, node);
    }
    ib_val_set(f->a, node, "kids", ib_val_list(f->a));
    assert_int_equal(add(f, "tree", "<{{#kids}}{{>tree}}{{/kids}}>"), 0);
    assert_renders(f, "{{>tree}}", root, "<<<<<<<<<<<>>>>>>>>>>>");
}

/* A list of N numbers. */
static struct ib_val *
numbers(struct fx *f, int n)
{
    struct ib_val *l = ib_val_list(f->a);
    for (int i = 0; i < n; i++)
        ib_val_push(f->a, l, ib_val_num(f->a, i));
    return l;
}

static void
test_step_budget(void **state)
{
    struct fx *f = *state;
    /* Eight sections over ten items: 10^8 steps, a short template that
       would run for minutes. The budget stops it in the innermost. */
    struct ib_buf t;
    ib_buf_init(&t);
    for (int i = 0; i < 8; i++)
        ib_buf_puts(&t, "{{#l}}");
    ib_buf_puts(&t, "x");
    for (int i = 0; i < 8; i++)
        ib_buf_puts(&t, "{{/l}}");
    assert_int_equal(add(f, "main", ib_buf_cstr(&t)), 0);
    ib_buf_fini(&t);
    assert_null(render(f, "main", map_of(f, "l", numbers(f, 10))));
    assert_finding(f, "template-error", "templates/main.mustache", 1, 43,
                   "more than 10000000 steps; stopped at 'l'");
}

/* Five sections over ten items around forty tags TAG. */
static const char *
deep_body(struct fx *f, const char *tag)
{
    struct ib_buf t;
    ib_buf_init(&t);
    for (int i = 0; i < 5; i++)
        ib_buf_puts(&t, "{{#l}}");
    for (int i = 0; i < 40; i++)
        ib_buf_puts(&t, tag);
    for (int i = 0; i < 5; i++)
        ib_buf_puts(&t, "{{/l}}");
    char *s = ib_arena_strdup(f->a, ib_buf_cstr(&t));
    ib_buf_fini(&t);
    return s;
}

static void
test_step_budget_counts_lookups(void **state)
{
    struct fx *f = *state;
    struct ib_val *ctx = map_of(f, "l", numbers(f, 10));
    /* Four million tags: within the budget when each finds its value at
       once ({{.}}), over it when each searches six contexts in vain. */
    assert_int_equal(add(f, "dot", deep_body(f, "{{.}}")), 0);
    assert_non_null(render(f, "dot", ctx));
    assert_int_equal(f->out.len, 4000000);
    assert_int_equal(add(f, "main", deep_body(f, "{{none}}")), 0);
    assert_null(render(f, "main", ctx));
    assert_int_equal(ib_diag_count(f->d), 1);
    assert_non_null(
        strstr(ib_diag_get(f->d, 0)->msg, "more than 10000000 steps"));
}

static void
test_step_budget_leaves_big_pages(void **state)
{
    struct fx *f = *state;
    /* A thousand rows of a thousand cells: a million steps, rendered. */
    assert_int_equal(add(f, "main", "{{#l}}{{#l}}x{{/l}}{{/l}}"), 0);
    const char *got = render(f, "main", map_of(f, "l", numbers(f, 1000)));
    assert_non_null(got);
    assert_int_equal(strlen(got), 1000 * 1000);
    assert_int_equal(ib_diag_count(f->d), 0);
}

static void
test_output_budget(void **state)
{
    struct fx *f = *state;
    /* A 1 MiB value repeated 70 times: over the 64 MiB a page may have. */
    size_t n = (size_t)1 << 20;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, 'y', n);
    big[n] = '\0';
    struct ib_val *ctx = map_of(f, "l", numbers(f, 70));
    ib_val_set(f->a, ctx, "big", ib_val_str(f->a, big));
    free(big);
    assert_int_equal(add(f, "main", "{{#l}}\n{{{big}}}\n{{/l}}\n"), 0);
    assert_null(render(f, "main", ctx));
    assert_finding(f, "template-error", "templates/main.mustache", 1, 1,
                   "more than 64 MiB; stopped at 'l'");
    assert_true(f->out.len > (size_t)64 << 20);
    assert_true(f->out.len < (size_t)66 << 20);
}

static void
test_unknown_template(void **state)
{
    struct fx *f = *state;
    assert_null(render(f, "page", NULL));
    assert_finding(f, "template-error", NULL, 0, 0, "no template named 'page'");
}

struct job {
    const struct ib_mustache *m;
    const struct ib_val *ctx;
    bool ok;
};

static void *
render_many(void *arg)
{
    struct job *j = arg;
    struct ib_diag *d = ib_diag_new();
    struct ib_buf out;
    ib_buf_init(&out);
    j->ok = true;
    for (int i = 0; i < 200 && j->ok; i++) {
        ib_buf_reset(&out);
        j->ok = ib_mustache_render(j->m, "main", j->ctx, &out, d) == 0 &&
                strcmp(ib_buf_cstr(&out), "  <li>a</li>\n  <li>b</li>\n") == 0;
    }
    ib_buf_fini(&out);
    ib_diag_free(d);
    return NULL;
}

static void
test_threads_share_a_set(void **state)
{
    struct fx *f = *state;
    struct ib_val *items = ib_val_list(f->a);
    ib_val_push(f->a, items, ib_val_str(f->a, "a"));
    ib_val_push(f->a, items, ib_val_str(f->a, "b"));
    struct ib_val *ctx = map_of(f, "items", items);
    assert_int_equal(add(f, "li", "<li>{{.}}</li>\n"), 0);
    assert_int_equal(add(f, "main", "{{#items}}\n  {{>li}}\n{{/items}}\n"), 0);
    pthread_t th[4];
    struct job jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (struct job){f->m, ctx, false};
        assert_int_equal(pthread_create(&th[i], NULL, render_many, &jobs[i]),
                         0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        assert_true(jobs[i].ok);
    }
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_escaping),
        T(test_each_key),
        T(test_escaping_learned),
        T(test_scalars),
        T(test_sections),
        T(test_dotted_names),
        T(test_implicit_iterator),
        T(test_null_context),
        T(test_standalone_lines),
        T(test_partial_indentation),
        T(test_missing_partial),
        T(test_check_unknown_partials),
        T(test_dynamic_partial),
        T(test_inheritance),
        T(test_block_reindentation),
        T(test_dynamic_parent),
        T(test_delimiters_stay_in_template),
        T(test_replace_template),
        T(test_syntax_unclosed_tag),
        T(test_syntax_unclosed_triple),
        T(test_syntax_unclosed_section),
        T(test_syntax_unclosed_parent),
        T(test_syntax_mismatched_section),
        T(test_syntax_mismatched_dynamic_parent),
        T(test_syntax_unclosed_dynamic_parent),
        T(test_syntax_stray_close),
        T(test_syntax_bad_names),
        T(test_syntax_bad_delimiters),
        T(test_syntax_nesting_limit),
        T(test_recursive_partial),
        T(test_recursive_block),
        T(test_deep_data_recursion),
        T(test_step_budget),
        T(test_step_budget_counts_lookups),
        T(test_step_budget_leaves_big_pages),
        T(test_output_budget),
        T(test_unknown_template),
        T(test_threads_share_a_set),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
