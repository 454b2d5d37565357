/* SPDX-License-Identifier: MIT */
/*
 * Findings list. Owns copies of every string in it; severity overrides are
 * applied at insertion so counts are always final.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xmalloc.h"

struct override {
    char *rule;
    enum ib_sev sev;
};

struct ib_diag {
    struct ib_finding *items;
    size_t n, cap;
    struct override *ov;
    size_t nov;
    size_t seq; /* next insertion number */
};

struct ib_diag *
ib_diag_new(void)
{
    return ib_xcalloc(1, sizeof(struct ib_diag));
}

static void
finding_fini(struct ib_finding *f)
{
    free((char *)f->loc.file);
    free(f->rule);
    free(f->msg);
    free(f->subject);
}

void
ib_diag_free(struct ib_diag *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        finding_fini(&d->items[i]);
    for (size_t i = 0; i < d->nov; i++)
        free(d->ov[i].rule);
    free(d->items);
    free(d->ov);
    free(d);
}

void
ib_diag_set_severity(struct ib_diag *d, const char *rule, enum ib_sev sev)
{
    for (size_t i = 0; i < d->nov; i++) {
        if (strcmp(d->ov[i].rule, rule) == 0) {
            d->ov[i].sev = sev;
            return;
        }
    }
    d->ov = ib_xrealloc(d->ov, (d->nov + 1) * sizeof(*d->ov));
    d->ov[d->nov].rule = ib_xstrdup(rule);
    d->ov[d->nov].sev = sev;
    d->nov++;
}

struct ib_diag *
ib_diag_new_like(const struct ib_diag *d)
{
    struct ib_diag *n = ib_diag_new();
    for (size_t i = 0; i < d->nov; i++)
        ib_diag_set_severity(n, d->ov[i].rule, d->ov[i].sev);
    return n;
}

static void
push(struct ib_diag *d, struct ib_finding f)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->items = ib_xrealloc(d->items, d->cap * sizeof(*d->items));
    }
    f.seq = d->seq++;
    d->items[d->n++] = f;
}

static void vadd(struct ib_diag *d, const char *subject, enum ib_sev sev,
                 struct ib_loc loc, const char *rule, const char *fmt,
                 va_list ap) __attribute__((format(printf, 6, 0)));

static void
vadd(struct ib_diag *d, const char *subject, enum ib_sev sev, struct ib_loc loc,
     const char *rule, const char *fmt, va_list ap)
{
    for (size_t i = 0; i < d->nov; i++)
        if (strcmp(d->ov[i].rule, rule) == 0)
            sev = d->ov[i].sev;
    if (sev == IB_SEV_OFF)
        return;

    struct ib_buf msg;
    ib_buf_init(&msg);
    ib_buf_vprintf(&msg, fmt, ap);

    struct ib_finding f = {
        .sev = sev,
        .loc = {loc.file ? ib_xstrdup(loc.file) : NULL, loc.line, loc.col},
        .rule = ib_xstrdup(rule),
        .msg = ib_buf_take(&msg),
        .subject = subject ? ib_xstrdup(subject) : NULL,
    };
    push(d, f);
}

void
ib_diag_add(struct ib_diag *d, enum ib_sev sev, struct ib_loc loc,
            const char *rule, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vadd(d, NULL, sev, loc, rule, fmt, ap);
    va_end(ap);
}

void
ib_diag_add_about(struct ib_diag *d, const char *subject, enum ib_sev sev,
                  struct ib_loc loc, const char *rule, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vadd(d, subject, sev, loc, rule, fmt, ap);
    va_end(ap);
}

void
ib_diag_take_all(struct ib_diag *d, struct ib_diag *src)
{
    for (size_t i = 0; i < src->n; i++)
        push(d, src->items[i]);
    src->n = 0;
}

static int
cmp_str(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int
cmp_finding(const void *pa, const void *pb)
{
    const struct ib_finding *a = pa, *b = pb;
    int c = cmp_str(a->loc.file, b->loc.file);
    if (c)
        return c;
    if (a->loc.line != b->loc.line)
        return a->loc.line < b->loc.line ? -1 : 1;
    if (a->loc.col != b->loc.col)
        return a->loc.col < b->loc.col ? -1 : 1;
    /* Then the order they were found in, which follows the sorted input
     * (documents by path, controls in catalog order): deterministic. */
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void
ib_diag_sort(struct ib_diag *d)
{
    if (d->n > 1)
        qsort(d->items, d->n, sizeof(*d->items), cmp_finding);
}

size_t
ib_diag_count(const struct ib_diag *d)
{
    return d->n;
}

const struct ib_finding *
ib_diag_get(const struct ib_diag *d, size_t i)
{
    return i < d->n ? &d->items[i] : NULL;
}

static size_t
count_sev(const struct ib_diag *d, enum ib_sev sev)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        n += d->items[i].sev == sev;
    return n;
}

size_t
ib_diag_errors(const struct ib_diag *d)
{
    return count_sev(d, IB_SEV_ERROR);
}

size_t
ib_diag_warnings(const struct ib_diag *d)
{
    return count_sev(d, IB_SEV_WARNING);
}

const char *
ib_sev_name(enum ib_sev sev)
{
    switch (sev) {
    case IB_SEV_ERROR: return "error";
    case IB_SEV_WARNING: return "warning";
    default: return "off";
    }
}

bool
ib_sev_parse(const char *s, enum ib_sev *out)
{
    if (strcmp(s, "error") == 0)
        *out = IB_SEV_ERROR;
    else if (strcmp(s, "warning") == 0)
        *out = IB_SEV_WARNING;
    else if (strcmp(s, "off") == 0)
        *out = IB_SEV_OFF;
    else
        return false;
    return true;
}
