/* SPDX-License-Identifier: MIT */
/* Finding reports. The only module that formats findings for output. */
/*
 * Each format is built whole in a buffer and written with one fwrite, so a
 * failed write is noticed once and a report is never interleaved with
 * other output. Findings are sorted first (ib_diag_sort), which makes every
 * format deterministic and lets the source cache read each file once.
 *
 * Columns in findings count bytes. Text and JSON keep them (the caret is
 * placed by counting characters); SARIF and GitHub annotations want the
 * editor's column, so there they become UTF-16 code units (SARIF's
 * columnKind "utf16CodeUnits", as CodeQL writes), which for nearly all text
 * is one per character. Without a readable source line they stay bytes.
 *
 * JUnit mapping: a finding belongs to the case whose subject equals its
 * subject, else to the case "doc:<its file>", else to the extra
 * "handbook" case. A case fails if it has an error finding (one <failure>
 * holding every error, one a line); its warnings go into <system-out>, so
 * they show up without failing it. A case with a skip reason and no error
 * is <skipped>. JSON and SARIF go through json.c's small writer: the
 * shapes are fixed and small, and no JSON library is needed for them.
 */
#include "report.h"

#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"
#include "diag.h"
#include "fs.h"
#include "json.h"
#include "ruleinfo.h"
#include "xmalloc.h"
#include "xmlout.h"

#ifndef IB_VERSION
#define IB_VERSION "unknown"
#endif

/* Source files bigger than this get no quoted lines. */
#define SRC_MAX (16u << 20)

#define SARIF_SCHEMA                                                           \
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"      \
    "sarif-schema-2.1.0.json"
#define INFO_URI "https://github.com/ismsbook/ismsbook"

/* ANSI colours, as gcc and clang use them. */
#define C_BOLD "\033[1m"
#define C_RED "\033[1;31m"
#define C_MAGENTA "\033[1;35m"
#define C_GREEN "\033[1;32m"
#define C_RESET "\033[0m"

bool
ib_format_parse(const char *s, enum ib_format *out)
{
    static const char *const names[] = {"text", "json", "junit", "sarif",
                                        "github"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(s, names[i]) == 0) {
            *out = (enum ib_format)i;
            return true;
        }
    }
    return false;
}

/*
 * Characters a terminal must not receive raw: C0 and C1 controls (escape
 * sequences) and the bidirectional overrides that can make a line read
 * differently from what it contains.
 */
static bool
is_unsafe(uint32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) ||
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

/*
 * Appends N bytes of S for a terminal: unsafe characters (newlines too: a
 * finding is one line) and invalid bytes become '?', one column each,
 * which is what caret() counts. Tabs are kept.
 */
static void
put_safe(struct ib_buf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    while (n > 0) {
        uint32_t c;
        size_t len = ib_text_utf8_decode(p, n, &c);
        if (len && (!is_unsafe(c) || c == '\t'))
            ib_buf_put(b, p, len);
        else
            ib_buf_putc(b, '?');
        len = len ? len : 1;
        p += len;
        n -= len;
    }
}

void
ib_report_put_text(struct ib_buf *b, const char *s)
{
    put_safe(b, s, strlen(s));
}

/*
 * The file findings point into, read once and kept while findings in it
 * follow one another (they are sorted by file).
 */
struct src {
    const char *root;
    char *file;
    char *data; /* NULL: not readable */
    size_t len;
};

static void
src_fini(struct src *s)
{
    free(s->file);
    free(s->data);
}

/*
 * Returns line LINE (1-based) of FILE without its line ending, setting
 * *LEN, or NULL if there is no such line or the file cannot be read.
 */
static const char *
src_line(struct src *s, const char *file, unsigned line, size_t *len)
{
    if (!s->root || !file || line == 0)
        return NULL;
    if (!s->file || strcmp(s->file, file) != 0) {
        free(s->file);
        free(s->data);
        s->file = ib_xstrdup(file);
        s->data = NULL;
        /* A finding about an unreadable file was reported already. */
        struct ib_diag *scratch = ib_diag_new();
        if (ib_fs_read(file[0] == '/' ? NULL : s->root, file, SRC_MAX, &s->data,
                       &s->len, scratch) < 0)
            s->data = NULL;
        ib_diag_free(scratch);
    }
    if (!s->data)
        return NULL;
    const char *p = s->data, *end = s->data + s->len;
    for (unsigned l = 1; l < line; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return NULL;
        p = nl + 1;
    }
    if (p == end && line > 1)
        return NULL; /* past the final newline */
    const char *e = memchr(p, '\n', (size_t)(end - p));
    e = e ? e : end;
    if (e > p && e[-1] == '\r')
        e--;
    *len = (size_t)(e - p);
    return p;
}

/*
 * Converts byte column COL of the finding's line to UTF-16 code units, the
 * unit editors and GitHub count in; COL itself if the line is unknown.
 */
static unsigned
editor_col(struct src *s, const struct ib_finding *x)
{
    size_t len;
    const char *line = src_line(s, x->loc.file, x->loc.line, &len);
    if (!line || x->loc.col == 0)
        return x->loc.col;
    size_t upto = x->loc.col - 1, extra = 0;
    if (upto > len) {
        extra = upto - len;
        upto = len;
    }
    const unsigned char *p = (const unsigned char *)line;
    size_t units = 0, i = 0;
    while (i < upto) {
        uint32_t c;
        size_t n = ib_text_utf8_decode(p + i, len - i, &c);
        units += n && c >= 0x10000 ? 2 : 1;
        i += n ? n : 1;
    }
    return (unsigned)(units + extra + 1);
}

/* "file:line:col: severity: message [rule]", without a newline. */
static void
put_head(struct ib_buf *b, const struct ib_finding *x, bool color)
{
    if (color)
        ib_buf_puts(b, C_BOLD);
    if (x->loc.file) {
        put_safe(b, x->loc.file, strlen(x->loc.file));
        if (x->loc.line) {
            ib_buf_printf(b, ":%u", x->loc.line);
            if (x->loc.col)
                ib_buf_printf(b, ":%u", x->loc.col);
        }
        ib_buf_putc(b, ':');
    } else {
        ib_buf_puts(b, "ismsbook:");
    }
    if (color)
        ib_buf_puts(b, C_RESET);
    ib_buf_putc(b, ' ');
    if (color)
        ib_buf_puts(b, x->sev == IB_SEV_ERROR ? C_RED : C_MAGENTA);
    ib_buf_printf(b, "%s:", ib_sev_name(x->sev));
    if (color)
        ib_buf_puts(b, C_RESET);
    ib_buf_putc(b, ' ');
    put_safe(b, x->msg, strlen(x->msg));
    ib_buf_puts(b, " [");
    put_safe(b, x->rule, strlen(x->rule));
    ib_buf_putc(b, ']');
}

/*
 * The quoted source line and the caret under byte column COL, gcc style:
 * "    7 | text" and "      |     ^". The caret's padding repeats the
 * line's tabs and has one space per other character, so it lines up in a
 * terminal whatever the tab width (characters that take two columns, as
 * in CJK, still shift it).
 */
static void
put_snippet(struct ib_buf *b, const char *line, size_t len, unsigned lineno,
            unsigned col, bool color)
{
    int width = 5;
    for (unsigned n = lineno / 100000; n > 0; n /= 10)
        width++;
    ib_buf_printf(b, "%*u | ", width, lineno);
    put_safe(b, line, len);
    ib_buf_putc(b, '\n');
    if (col == 0)
        return;
    ib_buf_printf(b, "%*s | ", width, "");
    size_t upto = col - 1 < len ? col - 1 : len;
    const unsigned char *p = (const unsigned char *)line;
    for (size_t i = 0; i < upto;) {
        uint32_t c;
        size_t n = ib_text_utf8_decode(p + i, len - i, &c);
        ib_buf_putc(b, n && c == '\t' ? '\t' : ' ');
        i += n ? n : 1;
    }
    if (color)
        ib_buf_puts(b, C_GREEN);
    ib_buf_putc(b, '^');
    if (color)
        ib_buf_puts(b, C_RESET);
    ib_buf_putc(b, '\n');
}

static const char *
plural(size_t n)
{
    return n == 1 ? "" : "s";
}

static void
write_text(struct ib_buf *b, struct ib_diag *d, const struct ib_report *r,
           bool full)
{
    struct src s = {full ? r->root : NULL, NULL, NULL, 0};
    for (size_t i = 0; i < ib_diag_count(d); i++) {
        const struct ib_finding *x = ib_diag_get(d, i);
        put_head(b, x, full && r->color);
        ib_buf_putc(b, '\n');
        size_t len;
        const char *line = src_line(&s, x->loc.file, x->loc.line, &len);
        if (line)
            put_snippet(b, line, len, x->loc.line, x->loc.col,
                        full && r->color);
    }
    src_fini(&s);
    if (full) {
        size_t e = ib_diag_errors(d), w = ib_diag_warnings(d);
        ib_buf_printf(b, "%zu error%s, %zu warning%s in %zu document%s\n", e,
                      plural(e), w, plural(w), r->ndocs, plural(r->ndocs));
    }
}

static void
write_json(struct ib_buf *b, struct ib_diag *d)
{
    size_t n = ib_diag_count(d);
    ib_buf_puts(b, n ? "[\n" : "[");
    for (size_t i = 0; i < n; i++) {
        const struct ib_finding *x = ib_diag_get(d, i);
        ib_buf_puts(b, "  {\"severity\": ");
        ib_json_put_str(b, ib_sev_name(x->sev));
        ib_buf_puts(b, ", \"rule\": ");
        ib_json_put_str(b, x->rule);
        ib_buf_puts(b, ", \"file\": ");
        if (x->loc.file)
            ib_json_put_str(b, x->loc.file);
        else
            ib_buf_puts(b, "null");
        ib_buf_printf(b, ", \"line\": %u, \"column\": %u, \"message\": ",
                      x->loc.line, x->loc.col);
        ib_json_put_str(b, x->msg);
        ib_buf_puts(b, i + 1 < n ? "},\n" : "}\n");
    }
    ib_buf_puts(b, "]\n");
}

/* {"text": TEXT} under KEY. */
static void
sarif_text(struct ib_json *w, const char *key, const char *text)
{
    ib_json_object(w, key);
    ib_json_str(w, "text", text);
    ib_json_end(w);
}

/* SARIF's level for a severity. */
static const char *
sarif_level(enum ib_sev sev)
{
    return sev == IB_SEV_ERROR     ? "error"
           : sev == IB_SEV_WARNING ? "warning"
                                   : "note";
}

/* Appends PATH as a relative URI reference: unreserved bytes and '/' kept,
   everything else percent-encoded. */
static void
put_uri(struct ib_buf *b, const char *path)
{
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        unsigned c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
            (c >= '0' && c <= '9') || strchr("-._~/", (int)c))
            ib_buf_putc(b, (int)c);
        else
            ib_buf_printf(b, "%%%02X", c);
    }
}

/* A rule appearing in a SARIF run: its id and the first finding of it. */
struct sarif_rule {
    const char *id;
    const struct ib_finding *first;
};

static int
cmp_sarif_rule(const void *a, const void *b)
{
    return strcmp(((const struct sarif_rule *)a)->id,
                  ((const struct sarif_rule *)b)->id);
}

/* Index of rule ID in the sorted, unique RULES (it is always there). */
static size_t
rule_index(const struct sarif_rule *rules, size_t n, const char *id)
{
    struct sarif_rule key = {id, NULL};
    const struct sarif_rule *hit =
        bsearch(&key, rules, n, sizeof(*rules), cmp_sarif_rule);
    assert(hit);
    return (size_t)(hit - rules);
}

static void
sarif_rule(struct ib_json *w, const struct sarif_rule *sr)
{
    const struct ib_ruleinfo *ri = ib_ruleinfo_get(sr->id);
    /* A filter's rule has no table entry; its findings say how severe. */
    enum ib_sev sev = ri->id ? ri->sev : sr->first->sev;
    ib_json_object(w, NULL);
    ib_json_str(w, "id", sr->id);
    sarif_text(w, "shortDescription", ri->summary);
    sarif_text(w, "fullDescription", ri->help);
    sarif_text(w, "help", ri->help);
    ib_json_object(w, "defaultConfiguration");
    ib_json_str(w, "level", sarif_level(sev));
    ib_json_end(w);
    ib_json_end(w);
}

static void
sarif_result(struct ib_json *w, const struct ib_finding *x, size_t index,
             struct src *s)
{
    ib_json_object(w, NULL);
    ib_json_str(w, "ruleId", x->rule);
    ib_json_int(w, "ruleIndex", (long long)index);
    ib_json_str(w, "level", sarif_level(x->sev));
    sarif_text(w, "message", x->msg);
    /* GitHub shows only results with a location; a finding about the
       handbook as a whole is placed on its configuration file. */
    struct ib_buf uri;
    ib_buf_init(&uri);
    put_uri(&uri, x->loc.file ? x->loc.file : "handbook.yaml");
    ib_json_array(w, "locations");
    ib_json_object(w, NULL);
    ib_json_object(w, "physicalLocation");
    ib_json_object(w, "artifactLocation");
    ib_json_str(w, "uri", ib_buf_cstr(&uri));
    ib_json_str(w, "uriBaseId", "%SRCROOT%");
    ib_json_end(w);
    if (x->loc.file && x->loc.line) {
        ib_json_object(w, "region");
        ib_json_int(w, "startLine", (long long)x->loc.line);
        if (x->loc.col)
            ib_json_int(w, "startColumn", (long long)editor_col(s, x));
        ib_json_end(w);
    }
    ib_json_end(w);
    ib_json_end(w);
    ib_json_end(w);
    ib_buf_fini(&uri);
    ib_json_end(w);
}

static void
write_sarif(struct ib_buf *b, struct ib_diag *d, const struct ib_report *r)
{
    size_t n = ib_diag_count(d), nrules = 0;
    struct sarif_rule *rules = ib_xmalloc((n ? n : 1) * sizeof(*rules));
    for (size_t i = 0; i < n; i++) {
        const struct ib_finding *x = ib_diag_get(d, i);
        rules[i] = (struct sarif_rule){x->rule, x};
    }
    /* qsort is not stable, so "first" is re-chosen after sorting. */
    qsort(rules, n, sizeof(*rules), cmp_sarif_rule);
    for (size_t i = 0; i < n; i++)
        if (nrules == 0 || strcmp(rules[nrules - 1].id, rules[i].id) != 0)
            rules[nrules++] = rules[i];
    for (size_t i = n; i-- > 0;) {
        const struct ib_finding *x = ib_diag_get(d, i);
        rules[rule_index(rules, nrules, x->rule)].first = x;
    }

    struct ib_json *w = ib_json_new(b, IB_JSON_MAX_DEPTH);
    struct src s = {r->root, NULL, NULL, 0};
    ib_json_object(w, NULL);
    ib_json_str(w, "$schema", SARIF_SCHEMA);
    ib_json_str(w, "version", "2.1.0");
    ib_json_array(w, "runs");
    ib_json_object(w, NULL);
    ib_json_object(w, "tool");
    ib_json_object(w, "driver");
    ib_json_str(w, "name", "ismsbook");
    ib_json_str(w, "version", r->tool_version ? r->tool_version : IB_VERSION);
    ib_json_str(w, "informationUri", INFO_URI);
    ib_json_array(w, "rules");
    for (size_t i = 0; i < nrules; i++)
        sarif_rule(w, &rules[i]);
    ib_json_end(w);
    ib_json_end(w);
    ib_json_end(w);
    ib_json_str(w, "columnKind", "utf16CodeUnits");
    ib_json_array(w, "results");
    for (size_t i = 0; i < n; i++) {
        const struct ib_finding *x = ib_diag_get(d, i);
        sarif_result(w, x, rule_index(rules, nrules, x->rule), &s);
    }
    ib_json_end(w);
    ib_json_end(w);
    ib_json_end(w);
    ib_json_end(w);
    ib_json_free(w);
    ib_buf_putc(b, '\n');
    src_fini(&s);
    free(rules);
}

/*
 * Appends S escaped for a workflow command, as GitHub's toolkit does: '%',
 * CR and LF always, and ':' and ',' too in a property value (PROP). Other
 * characters unsafe in a log (put_safe) become '?'.
 */
static void
gh_escape(struct ib_buf *b, const char *s, bool prop)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n > 0) {
        uint32_t c;
        size_t len = ib_text_utf8_decode(p, n, &c);
        if (!len || (is_unsafe(c) && c != '\t' && c != '\r' && c != '\n'))
            ib_buf_putc(b, '?');
        else if (c == '%')
            ib_buf_puts(b, "%25");
        else if (c == '\r')
            ib_buf_puts(b, "%0D");
        else if (c == '\n')
            ib_buf_puts(b, "%0A");
        else if (prop && c == ':')
            ib_buf_puts(b, "%3A");
        else if (prop && c == ',')
            ib_buf_puts(b, "%2C");
        else
            ib_buf_put(b, p, len);
        len = len ? len : 1;
        p += len;
        n -= len;
    }
}

static void
write_github(struct ib_buf *b, struct ib_diag *d, const struct ib_report *r)
{
    struct src s = {r->root, NULL, NULL, 0};
    for (size_t i = 0; i < ib_diag_count(d); i++) {
        const struct ib_finding *x = ib_diag_get(d, i);
        ib_buf_printf(b, "::%s ", x->sev == IB_SEV_ERROR ? "error" : "warning");
        if (x->loc.file) {
            ib_buf_puts(b, "file=");
            gh_escape(b, x->loc.file, true);
            if (x->loc.line) {
                ib_buf_printf(b, ",line=%u", x->loc.line);
                if (x->loc.col)
                    ib_buf_printf(b, ",col=%u", editor_col(&s, x));
            }
            ib_buf_putc(b, ',');
        }
        ib_buf_puts(b, "title=");
        gh_escape(b, x->rule, true);
        ib_buf_puts(b, "::");
        gh_escape(b, x->msg, false);
        ib_buf_putc(b, '\n');
    }
    src_fini(&s);
}

/* JUnit */

/* A test suite: the cases of one kind (the subject's prefix). */
struct suite {
    const char *kind; /* points into a subject; not NUL-terminated */
    size_t kindlen;
    size_t *cases; /* case indices; r->ncases is the handbook case */
    size_t n;
};

static const char *
suite_name(const struct suite *s, struct ib_buf *tmp)
{
    static const struct {
        const char *kind, *name;
    } names[] = {{"doc", "documents"},
                 {"control", "controls"},
                 {"mandatory", "mandatory"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i].kind) == s->kindlen &&
            memcmp(names[i].kind, s->kind, s->kindlen) == 0)
            return names[i].name;
    ib_buf_reset(tmp);
    ib_buf_put(tmp, s->kind, s->kindlen);
    return ib_buf_cstr(tmp);
}

static size_t
kind_len(const char *subject)
{
    const char *colon = strchr(subject, ':');
    return colon ? (size_t)(colon - subject) : strlen(subject);
}

/* A case in the lookup index, sorted by subject. */
struct case_key {
    const char *subject;
    size_t index; /* in r->cases */
};

static int
cmp_case(const void *a, const void *b)
{
    return strcmp(((const struct case_key *)a)->subject,
                  ((const struct case_key *)b)->subject);
}

static int
cmp_case_stable(const void *a, const void *b)
{
    int c = cmp_case(a, b);
    if (c)
        return c;
    size_t x = ((const struct case_key *)a)->index;
    size_t y = ((const struct case_key *)b)->index;
    return (x > y) - (x < y);
}

/*
 * Returns the index of the case whose subject is SUBJECT in the sorted
 * KEYS, or NONE. With duplicate subjects the first given wins.
 */
static size_t
find_case(const struct case_key *keys, size_t n, const char *subject,
          size_t none)
{
    struct case_key key = {subject, 0};
    const struct case_key *hit =
        bsearch(&key, keys, n, sizeof(*keys), cmp_case);
    if (!hit)
        return none;
    while (hit > keys && cmp_case(hit - 1, &key) == 0)
        hit--;
    return hit->index;
}

/* State while writing the JUnit document. */
struct junit {
    const struct ib_report *r;
    struct ib_diag *d;
    size_t *owner_start; /* findings of case c: order[start[c]..start[c+1]) */
    size_t *order;
    struct ib_buf tmp;
};

static size_t
case_count(const struct junit *j, size_t c, enum ib_sev sev)
{
    size_t n = 0;
    for (size_t k = j->owner_start[c]; k < j->owner_start[c + 1]; k++)
        n += ib_diag_get(j->d, j->order[k])->sev == sev;
    return n;
}

/* Findings of case C with severity SEV, one compiler-style line each. */
static const char *
case_lines(struct junit *j, size_t c, enum ib_sev sev)
{
    ib_buf_reset(&j->tmp);
    for (size_t k = j->owner_start[c]; k < j->owner_start[c + 1]; k++) {
        const struct ib_finding *x = ib_diag_get(j->d, j->order[k]);
        if (x->sev != sev)
            continue;
        put_head(&j->tmp, x, false);
        ib_buf_putc(&j->tmp, '\n');
    }
    return ib_buf_cstr(&j->tmp);
}

static void
junit_case(struct ib_xmlout *x, struct junit *j, size_t c,
           const char *suitename)
{
    const struct ib_report *r = j->r;
    const struct ib_report_case *rc = c < r->ncases ? &r->cases[c] : NULL;
    const char *subject = rc && rc->subject ? rc->subject : "handbook";
    const char *bare =
        strchr(subject, ':') ? strchr(subject, ':') + 1 : subject;
    ib_xmlout_start(x, "testcase");
    ib_xmlout_attr(x, "classname",
                   rc && rc->classname ? rc->classname : suitename);
    ib_xmlout_attr(x, "name", rc && rc->name ? rc->name : bare);
    if (strncmp(subject, "doc:", 4) == 0)
        ib_xmlout_attr(x, "file", bare);

    size_t errors = case_count(j, c, IB_SEV_ERROR);
    if (errors) {
        const struct ib_finding *first = NULL;
        for (size_t k = j->owner_start[c]; !first; k++)
            if (ib_diag_get(j->d, j->order[k])->sev == IB_SEV_ERROR)
                first = ib_diag_get(j->d, j->order[k]);
        ib_xmlout_start(x, "failure");
        ib_xmlout_attr(x, "type", first->rule);
        if (errors == 1)
            ib_xmlout_attr(x, "message", first->msg);
        else
            ib_xmlout_attrf(x, "message", "%s (and %zu more)", first->msg,
                            errors - 1);
        ib_xmlout_text(x, case_lines(j, c, IB_SEV_ERROR));
        ib_xmlout_end(x);
    } else if (rc && rc->skipped) {
        ib_xmlout_start(x, "skipped");
        ib_xmlout_attr(x, "message", rc->skipped);
        ib_xmlout_end(x);
    }
    if (case_count(j, c, IB_SEV_WARNING)) {
        ib_xmlout_start(x, "system-out");
        ib_xmlout_text(x, case_lines(j, c, IB_SEV_WARNING));
        ib_xmlout_end(x);
    }
    ib_xmlout_end(x);
}

static bool
case_fails(const struct junit *j, size_t c)
{
    return case_count(j, c, IB_SEV_ERROR) > 0;
}

static bool
case_skipped(const struct junit *j, size_t c)
{
    return c < j->r->ncases && j->r->cases[c].skipped && !case_fails(j, c);
}

/* Sorts the findings into cases: fills J's owner_start and order. */
static void
junit_assign(struct junit *j)
{
    const struct ib_report *r = j->r;
    size_t nc = r->ncases, nf = ib_diag_count(j->d);
    struct case_key *keys = ib_xmalloc((nc ? nc : 1) * sizeof(*keys));
    for (size_t i = 0; i < nc; i++)
        keys[i] = (struct case_key){
            r->cases[i].subject ? r->cases[i].subject : "", i};
    /* Equal subjects keep their order, so the first given is found. */
    qsort(keys, nc, sizeof(*keys), cmp_case_stable);

    size_t *owner = ib_xmalloc((nf ? nf : 1) * sizeof(*owner));
    struct ib_buf key;
    ib_buf_init(&key);
    for (size_t i = 0; i < nf; i++) {
        const struct ib_finding *x = ib_diag_get(j->d, i);
        size_t c = nc;
        if (x->subject)
            c = find_case(keys, nc, x->subject, nc);
        if (c == nc && x->loc.file) {
            ib_buf_reset(&key);
            ib_buf_printf(&key, "doc:%s", x->loc.file);
            c = find_case(keys, nc, ib_buf_cstr(&key), nc);
        }
        owner[i] = c;
    }
    ib_buf_fini(&key);
    free(keys);

    /* A counting sort keeps each case's findings in sorted order. */
    j->owner_start = ib_xcalloc(nc + 2, sizeof(size_t));
    for (size_t i = 0; i < nf; i++)
        j->owner_start[owner[i] + 1]++;
    for (size_t c = 0; c <= nc; c++)
        j->owner_start[c + 1] += j->owner_start[c];
    size_t *fill = ib_xmalloc((nc + 1) * sizeof(*fill));
    memcpy(fill, j->owner_start, (nc + 1) * sizeof(*fill));
    j->order = ib_xmalloc((nf ? nf : 1) * sizeof(size_t));
    for (size_t i = 0; i < nf; i++)
        j->order[fill[owner[i]]++] = i;
    free(fill);
    free(owner);
}

static int
write_junit(struct ib_buf *b, struct ib_diag *d, const struct ib_report *r)
{
    struct junit j = {r, d, NULL, NULL, {NULL, 0, 0}};
    ib_buf_init(&j.tmp);
    junit_assign(&j);

    /* Suites in the order their kind first appears; the handbook last. */
    size_t nc = r->ncases, nsuites = 0;
    struct suite *suites = ib_xcalloc(nc + 1, sizeof(*suites));
    size_t *slots = ib_xmalloc((nc + 1) * sizeof(*slots));
    size_t used = 0;
    for (size_t c = 0; c < nc; c++) {
        const char *subj = r->cases[c].subject ? r->cases[c].subject : "";
        size_t kl = kind_len(subj), s;
        for (s = 0; s < nsuites; s++)
            if (suites[s].kindlen == kl &&
                memcmp(suites[s].kind, subj, kl) == 0)
                break;
        if (s == nsuites)
            suites[nsuites++] = (struct suite){subj, kl, NULL, 0};
    }
    for (size_t s = 0; s < nsuites; s++) {
        suites[s].cases = slots + used;
        for (size_t c = 0; c < nc; c++) {
            const char *subj = r->cases[c].subject ? r->cases[c].subject : "";
            if (kind_len(subj) == suites[s].kindlen &&
                memcmp(subj, suites[s].kind, suites[s].kindlen) == 0)
                suites[s].cases[suites[s].n++] = c;
        }
        used += suites[s].n;
    }
    suites[nsuites] = (struct suite){"handbook", 8, slots + used, 1};
    slots[used] = nc;
    nsuites++;

    size_t failures = 0;
    for (size_t c = 0; c <= nc; c++)
        failures += case_fails(&j, c);

    struct ib_xmlout *x = ib_xmlout_new(true);
    struct ib_buf name;
    ib_buf_init(&name);
    ib_xmlout_start(x, "testsuites");
    ib_xmlout_attr(x, "name", "ismsbook");
    ib_xmlout_attrf(x, "tests", "%zu", nc + 1);
    ib_xmlout_attrf(x, "failures", "%zu", failures);
    ib_xmlout_attr(x, "errors", "0");
    for (size_t s = 0; s < nsuites; s++) {
        const struct suite *su = &suites[s];
        size_t fail = 0, skip = 0;
        for (size_t k = 0; k < su->n; k++) {
            fail += case_fails(&j, su->cases[k]);
            skip += case_skipped(&j, su->cases[k]);
        }
        const char *sname = suite_name(su, &name);
        ib_xmlout_start(x, "testsuite");
        ib_xmlout_attr(x, "name", sname);
        ib_xmlout_attrf(x, "tests", "%zu", su->n);
        ib_xmlout_attrf(x, "failures", "%zu", fail);
        ib_xmlout_attr(x, "errors", "0");
        ib_xmlout_attrf(x, "skipped", "%zu", skip);
        for (size_t k = 0; k < su->n; k++)
            junit_case(x, &j, su->cases[k], sname);
        ib_xmlout_end(x);
    }
    const char *xml;
    size_t len;
    int rc = ib_xmlout_finish(x, &xml, &len);
    if (rc == 0)
        ib_buf_put(b, xml, len);
    else
        errno = ENOMEM;
    ib_xmlout_free(x);
    ib_buf_fini(&name);
    free(suites);
    free(slots);
    free(j.owner_start);
    free(j.order);
    ib_buf_fini(&j.tmp);
    return rc;
}

int
ib_report_write(FILE *f, enum ib_format fmt, struct ib_diag *d,
                const struct ib_report *r)
{
    ib_diag_sort(d);
    struct ib_buf b;
    ib_buf_init(&b);
    int rc = 0;
    errno = 0;
    switch (fmt) {
    case IB_FORMAT_TEXT:
        write_text(&b, d, r, true);
        break;
    case IB_FORMAT_JSON:
        write_json(&b, d);
        break;
    case IB_FORMAT_JUNIT:
        rc = write_junit(&b, d, r);
        break;
    case IB_FORMAT_SARIF:
        write_sarif(&b, d, r);
        break;
    case IB_FORMAT_GITHUB:
        write_github(&b, d, r);
        break;
    }
    if (rc == 0 && b.len > 0 && fwrite(b.data, 1, b.len, f) != b.len)
        rc = -1;
    if (rc == 0 && (fflush(f) != 0 || ferror(f)))
        rc = -1;
    if (rc < 0 && errno == 0)
        errno = EIO;
    ib_buf_fini(&b);
    return rc;
}

void
ib_report_text(FILE *f, struct ib_diag *d)
{
    static const struct ib_report none = {0};
    ib_diag_sort(d);
    struct ib_buf b;
    ib_buf_init(&b);
    write_text(&b, d, &none, false);
    if (b.len > 0)
        fwrite(b.data, 1, b.len, f);
    ib_buf_fini(&b);
}
