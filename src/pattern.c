/* SPDX-License-Identifier: MIT */
/* Lua 5.4 string patterns, matched with a step budget. */
#include "pattern.h"

#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/*
 * A backtracking matcher with the semantics of Lua 5.4's lstrlib, written
 * for ismsbook's filter sandbox. Lua's own matcher is a C function that
 * never returns to the interpreter, so the instruction hook cannot stop a
 * pattern that backtracks for hours; this one charges every step to a
 * budget the caller owns and gives up when it is spent. Errors and an
 * exhausted budget leave through longjmp, as lstrlib's luaL_error does;
 * the matcher holds no resources, so nothing needs unwinding.
 *
 * Character classes are ASCII-only, as in the C locale, so a filter
 * behaves the same whatever the machine's locale is.
 */

#define ESC '%'
#define MAXDEPTH 200 /* recursion of match(), as lstrlib's MAXCCALLS */

enum { JUMP_ERROR = 1, JUMP_EXHAUSTED = 2 };

struct state {
    const char *src, *src_end;
    const char *pat_end;
    int depth; /* recursion levels left */
    int level; /* captures opened so far */
    struct {
        const char *init;
        size_t len;
    } cap[IB_PATTERN_MAXCAPTURES];
    unsigned long long *budget;
    struct ib_pattern_match *m;
    jmp_buf jb;
};

static void fail(struct state *ms, const char *msg) __attribute__((noreturn));

static void
fail(struct state *ms, const char *msg)
{
    snprintf(ms->m->error, sizeof ms->m->error, "%s", msg);
    longjmp(ms->jb, JUMP_ERROR);
}

static void
charge(struct state *ms, size_t n)
{
    if (*ms->budget < n) {
        *ms->budget = 0;
        longjmp(ms->jb, JUMP_EXHAUSTED);
    }
    *ms->budget -= n;
}

static bool
in_class(int c, int cl)
{
    bool r;
    switch (cl | 0x20) {
    case 'a':
        r = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        break;
    case 'c':
        r = c < 32 || c == 127;
        break;
    case 'd':
        r = c >= '0' && c <= '9';
        break;
    case 'g':
        r = c > 32 && c < 127;
        break;
    case 'l':
        r = c >= 'a' && c <= 'z';
        break;
    case 'p':
        r = c > 32 && c < 127 &&
            !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9'));
        break;
    case 's':
        r = c == ' ' || (c >= '\t' && c <= '\r');
        break;
    case 'u':
        r = c >= 'A' && c <= 'Z';
        break;
    case 'w':
        r = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9');
        break;
    case 'x':
        r = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
            (c >= 'A' && c <= 'F');
        break;
    default:
        return cl == c; /* %. %% %( ...: the character itself */
    }
    return (cl >= 'A' && cl <= 'Z') ? !r : r;
}

/* Returns the end of the single-character class at P (one past it). */
static const char *
class_end(struct state *ms, const char *p)
{
    char c = *p++;
    if (c == ESC) {
        if (p >= ms->pat_end)
            fail(ms, "malformed pattern (ends with '%')");
        return p + 1;
    }
    if (c == '[') {
        if (*p == '^')
            p++;
        /* The first character of a set is never its end: "[]]" is "]". */
        do {
            if (p >= ms->pat_end)
                fail(ms, "malformed pattern (missing ']')");
            if (*p++ == ESC && p < ms->pat_end)
                p++;
        } while (*p != ']');
        return p + 1;
    }
    return p;
}

/* Does C belong to the set from P ('[') to EC (its ']')? */
static bool
in_set(struct state *ms, int c, const char *p, const char *ec)
{
    bool yes = true;
    charge(ms, (size_t)(ec - p));
    if (p[1] == '^') {
        yes = false;
        p++;
    }
    while (++p < ec) {
        if (*p == ESC) {
            p++;
            if (in_class(c, (unsigned char)*p))
                return yes;
        } else if (p[1] == '-' && p + 2 < ec) {
            p += 2;
            if ((unsigned char)p[-2] <= c && c <= (unsigned char)*p)
                return yes;
        } else if ((unsigned char)*p == c) {
            return yes;
        }
    }
    return !yes;
}

/* Does the character at S match the class from P to EP? */
static bool
single(struct state *ms, const char *s, const char *p, const char *ep)
{
    if (s >= ms->src_end)
        return false;
    int c = (unsigned char)*s;
    switch (*p) {
    case '.':
        return true;
    case ESC:
        return in_class(c, (unsigned char)p[1]);
    case '[':
        return in_set(ms, c, p, ep - 1);
    default:
        return (unsigned char)*p == c;
    }
}

static const char *match(struct state *ms, const char *s, const char *p);

static const char *
balance(struct state *ms, const char *s, const char *p)
{
    if (p + 1 >= ms->pat_end)
        fail(ms, "malformed pattern (missing arguments to '%b')");
    if (s >= ms->src_end || *s != *p)
        return NULL;
    char open = p[0], close = p[1];
    int depth = 1;
    while (++s < ms->src_end) {
        charge(ms, 1);
        if (*s == close) {
            if (--depth == 0)
                return s + 1;
        } else if (*s == open) {
            depth++;
        }
    }
    return NULL;
}

/* Greedy: take as many as possible, then give back one at a time. */
static const char *
max_expand(struct state *ms, const char *s, const char *p, const char *ep)
{
    size_t i = 0;
    while (single(ms, s + i, p, ep)) {
        charge(ms, 1);
        i++;
    }
    for (;;) {
        const char *r = match(ms, s + i, ep + 1);
        if (r)
            return r;
        if (i-- == 0)
            return NULL;
    }
}

/* Lazy: take as few as possible. */
static const char *
min_expand(struct state *ms, const char *s, const char *p, const char *ep)
{
    for (;;) {
        const char *r = match(ms, s, ep + 1);
        if (r)
            return r;
        if (!single(ms, s, p, ep))
            return NULL;
        s++;
    }
}

static const char *
open_capture(struct state *ms, const char *s, const char *p, size_t what)
{
    if (ms->level >= IB_PATTERN_MAXCAPTURES)
        fail(ms, "too many captures");
    ms->cap[ms->level].init = s;
    ms->cap[ms->level].len = what;
    ms->level++;
    const char *r = match(ms, s, p);
    if (!r)
        ms->level--;
    return r;
}

static const char *
close_capture(struct state *ms, const char *s, const char *p)
{
    int l = ms->level - 1;
    while (l >= 0 && ms->cap[l].len != IB_PATTERN_UNFINISHED)
        l--;
    if (l < 0)
        fail(ms, "invalid pattern capture");
    ms->cap[l].len = (size_t)(s - ms->cap[l].init);
    const char *r = match(ms, s, p);
    if (!r)
        ms->cap[l].len = IB_PATTERN_UNFINISHED;
    return r;
}

/* %1-%9: the same text as capture L again. */
static const char *
back_reference(struct state *ms, const char *s, int l)
{
    l -= '1';
    if (l < 0 || l >= ms->level || ms->cap[l].len == IB_PATTERN_UNFINISHED) {
        char msg[48];
        snprintf(msg, sizeof msg, "invalid capture index %%%d in pattern",
                 l + 1);
        fail(ms, msg);
    }
    size_t len = ms->cap[l].len;
    if (len == IB_PATTERN_POSITION || (size_t)(ms->src_end - s) < len)
        return NULL;
    charge(ms, len);
    return memcmp(ms->cap[l].init, s, len) == 0 ? s + len : NULL;
}

static const char *
match(struct state *ms, const char *s, const char *p)
{
    if (ms->depth-- == 0)
        fail(ms, "pattern too complex");
    for (;;) {
        charge(ms, 1);
        if (p >= ms->pat_end)
            break;
        const char *ep;
        switch (*p) {
        case '(':
            if (p[1] == ')')
                s = open_capture(ms, s, p + 2, IB_PATTERN_POSITION);
            else
                s = open_capture(ms, s, p + 1, IB_PATTERN_UNFINISHED);
            goto done;
        case ')':
            s = close_capture(ms, s, p + 1);
            goto done;
        case '$':
            if (p + 1 != ms->pat_end)
                goto item;
            s = s == ms->src_end ? s : NULL;
            goto done;
        case ESC:
            if (p[1] == 'b') {
                s = balance(ms, s, p + 2);
                if (!s)
                    goto done;
                p += 4;
                continue;
            }
            if (p[1] == 'f') {
                p += 2;
                if (*p != '[')
                    fail(ms, "missing '[' after '%f' in pattern");
                ep = class_end(ms, p);
                int prev = s == ms->src ? 0 : (unsigned char)s[-1];
                int cur = s < ms->src_end ? (unsigned char)*s : 0;
                if (!in_set(ms, prev, p, ep - 1) &&
                    in_set(ms, cur, p, ep - 1)) {
                    p = ep;
                    continue;
                }
                s = NULL;
                goto done;
            }
            if (p[1] >= '0' && p[1] <= '9') {
                s = back_reference(ms, s, (unsigned char)p[1]);
                if (!s)
                    goto done;
                p += 2;
                continue;
            }
            goto item;
        default:
        item:
            ep = class_end(ms, p);
            if (!single(ms, s, p, ep)) {
                if (*ep == '*' || *ep == '?' || *ep == '-') {
                    p = ep + 1; /* zero occurrences are fine */
                    continue;
                }
                s = NULL;
                goto done;
            }
            switch (*ep) {
            case '?': {
                const char *r = match(ms, s + 1, ep + 1);
                if (r) {
                    s = r;
                    goto done;
                }
                p = ep + 1;
                continue;
            }
            case '+':
                s = max_expand(ms, s + 1, p, ep);
                goto done;
            case '*':
                s = max_expand(ms, s, p, ep);
                goto done;
            case '-':
                s = min_expand(ms, s, p, ep);
                goto done;
            default:
                s++;
                p = ep;
                continue;
            }
        }
    }
done:
    ms->depth++;
    return s;
}

/*
 * The character every match of P (PLEN bytes) must start with, or -1 if
 * there is none to tell: P's first item after any frontiers (%f[set],
 * which match no character) when it is a plain character that must occur
 * (not followed by '*', '?' or '-'). "%f[%w]TODO%f[%W]" gives 'T'.
 */
static int
first_char(const char *p, size_t plen)
{
    const char *end = p + plen;
    while (end - p >= 3 && p[0] == ESC && p[1] == 'f' && p[2] == '[') {
        const char *q = p + 3;
        if (q < end && *q == '^')
            q++;
        do { /* as class_end: the first character is never the end */
            if (q >= end)
                return -1;
            if (*q++ == ESC && q < end)
                q++;
        } while (q < end && *q != ']');
        if (q >= end)
            return -1;
        p = q + 1;
    }
    if (p >= end || strchr("^$*+?.([%-", *p))
        return -1;
    if (p + 1 < end && strchr("*?-", p[1]))
        return -1;
    return (unsigned char)*p;
}

enum ib_pattern_result
ib_pattern_find(const char *s, size_t slen, const char *p, size_t plen,
                size_t at, int anchor, unsigned long long *budget,
                struct ib_pattern_match *m, size_t *start)
{
    struct state ms;
    ms.src = s;
    ms.src_end = s + slen;
    ms.pat_end = p + plen;
    ms.budget = budget;
    ms.m = m;
    m->ncap = 0;
    m->error[0] = '\0';
    /* One setjmp for the whole search: it was most of the cost of
     * trying a pattern at each position of a long text. */
    switch (setjmp(ms.jb)) {
    case 0:
        break;
    case JUMP_ERROR:
        return IB_PATTERN_ERROR;
    default:
        return IB_PATTERN_EXHAUSTED;
    }
    int first = anchor ? -1 : first_char(p, plen);
    for (size_t i = at; i <= slen; i++) {
        if (first >= 0) {
            /* Only where that character is can a match start. */
            const char *c = i < slen ? memchr(s + i, first, slen - i) : NULL;
            if (!c)
                break;
            i = (size_t)(c - s);
        }
        ms.depth = MAXDEPTH;
        ms.level = 0;
        const char *e = match(&ms, s + i, p);
        if (e) {
            *start = i;
            m->end = (size_t)(e - s);
            m->ncap = ms.level;
            for (int k = 0; k < ms.level; k++) {
                m->cap[k].start = (size_t)(ms.cap[k].init - s);
                m->cap[k].len = ms.cap[k].len;
            }
            return IB_PATTERN_MATCH;
        }
        if (anchor)
            break;
    }
    return IB_PATTERN_NOMATCH;
}

enum ib_pattern_result
ib_pattern_match(const char *s, size_t slen, const char *p, size_t plen,
                 size_t at, unsigned long long *budget,
                 struct ib_pattern_match *m)
{
    size_t start;
    return ib_pattern_find(s, slen, p, plen, at, 1, budget, m, &start);
}

int
ib_pattern_is_plain(const char *p, size_t plen)
{
    for (size_t i = 0; i < plen; i++)
        if (p[i] && strchr("^$*+?.([%-", p[i]))
            return 0;
    return 1;
}
