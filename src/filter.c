/* SPDX-License-Identifier: MIT */
/* Lua 5.4 filters: the sandbox, its budgets and the ismsbook API. */
#include "filter.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "arena.h"
#include "buf.h"
#include "catalog.h"
#include "config.h"
#include "date.h"
#include "diag.h"
#include "doc.h"
#include "fs.h"
#include "markdown.h"
#include "mdlimit.h"
#include "pattern.h"
#include "ruleinfo.h"
#include "site.h"
#include "text.h"
#include "val.h"
#include "xmalloc.h"

#if LUA_VERSION_NUM != 504
#error "ismsbook's filter sandbox is written for Lua 5.4"
#endif

/*
 * Each filter owns one lua_State, created with our allocator and opened
 * with the safe libraries only: the base functions without dofile,
 * loadfile and print (print logs), load in text mode, collectgarbage for
 * "count" and "collect"; string without dump; table, math, utf8,
 * coroutine; os.time, os.date and os.clock. No io, package, require or
 * debug. Separate states mean separate string metatables and globals, so
 * one filter cannot touch another. The string metatable and every
 * metatable of ours is locked (__metatable = false).
 *
 * Budgets, all per hook call unless said otherwise:
 *
 * - Instructions: a count hook fires every STEP instructions and charges
 *   them; each new coroutine is charged STEP up front, the most its own
 *   count can hide. C functions that loop on the filter's behalf charge
 *   their work too: our string.find/match/gmatch/gsub (pattern.c, a
 *   matcher with a step budget, since lstrlib's never returns to the hook:
 *   "a*a*a*a*b" on a long run of "a" backtracks for hours), string.rep,
 *   and the table functions whose loop length a __len metamethod picks.
 * - Memory: the allocator refuses growth past the cap (per filter, for the
 *   state's life), so Lua raises a memory error. Tree edits, metadata a
 *   hook writes and findings, which live outside the state, count against
 *   the same cap.
 * - Wall clock: the hook checks the deadline, and so does the allocator on
 *   every allocation of 1 MiB or more, which catches C work on large data
 *   (concatenating, upper-casing) between two hook calls.
 * - Escalation: once a budget is exceeded the filter is "dead": the hook
 *   raises at every call, and pcall, xpcall, coroutine.resume and
 *   coroutine.close re-raise instead of catching, so no loop inside pcall
 *   swallows the limit. What the filter catches never matters; the finding
 *   comes from the dead flag.
 *
 * A C function that still runs too long is beyond all that. We chose a
 * watchdog thread over running each call in a forked child: a fork would
 * have to ship the tree edits, metadata and findings back and would lose
 * the state filters keep between calls (a glossary built in one call, the
 * counters the site hook reads). The watchdog sleeps until the call's
 * deadline plus a grace period; if the call is still running then, Lua
 * cannot be unwound from outside, so it writes the finding to standard
 * error itself and ends the process with status 1. Filters run while the
 * handbook is loaded, before any output folder exists, so the old site
 * stays untouched. Everything else reaches the hook or the allocator
 * first; the watchdog is the last line, not the usual one.
 *
 * Only protected code touches a state: every entry from C is a lua_pcall
 * of a C function of ours, with a message handler that records the error
 * text and a short traceback in C memory. Memory C code needs across a
 * Lua call is either the filter's own scratch buffer or the build's arena,
 * so an error unwinding through it leaks nothing.
 *
 * Handles a filter gets (documents, nodes) carry the epoch of the call that
 * made them; a handle kept in a global and used in a later call is an
 * error, not a dangling pointer. Nodes themselves are never freed while
 * the site lives (markdown.c keeps removed ones).
 */

#define STEP 1000                    /* instructions between two hook calls */
#define GRACE_NS 500000000L          /* watchdog: after the deadline */
#define BIG_ALLOC (1u << 20)         /* allocations that check the clock */
#define MAX_FINDINGS 10000           /* per filter, over the whole build */
#define MAX_LOGS 1000                /* log lines per filter */
#define MAX_MESSAGE 1000             /* bytes of a finding or log line */
#define MAX_DEPTH 16                 /* metadata nesting, as YAML's */
#define MAX_VALUES 100000            /* metadata values in one document */
#define MAX_TEXT ((size_t)64 * 1024) /* one metadata text */
#define NODE_BYTES 320 /* a parsed cmark-gfm node, its text and marks */

enum limit {
    LIMIT_NONE,
    LIMIT_INSTRUCTIONS,
    LIMIT_MEMORY,
    LIMIT_TIME,
    LIMIT_FINDINGS,
    LIMIT_CLOSING, /* lua_close: any Lua code left stops at once */
};

struct ib_filter_set;

struct filter {
    struct ib_filter_set *set;
    const char *path; /* "filters/x.lua" (config's arena) */
    char *chunkname;  /* "@filters/x.lua" */
    const struct ib_val *options;
    unsigned conf_line, conf_col;
    lua_State *L;
    int ref_document, ref_site; /* registry refs, or LUA_NOREF */
    unsigned hook_line; /* where the running hook is defined */
    /* An error raised with no frame of the filter on the stack (checks
     * after a hook or the chunk returned) is placed here; 0: unknown. */
    unsigned fallback_line;

    size_t mem_used;
    size_t external; /* bytes of tree edits and findings, never returned */
    long long remaining;
    struct timespec deadline;
    enum limit dead;
    unsigned last_line;  /* last line of this filter the hook saw */
    unsigned limit_line; /* where a budget ran out */
    /* The allocator's last refusal, to tell Lua's retry after its
     * emergency collection (the real memory error) from the first try. */
    const void *refused_ptr;
    size_t refused_osize, refused_nsize;
    bool refused;

    bool in_call;
    uint64_t epoch;
    size_t nfindings, nlogs;
    struct ib_buf scratch; /* texts handed from C to Lua */
    struct ib_buf err;     /* the message handler's record of an error */
    unsigned err_line;
    /* Where in handbook.yaml the error is, when it is about the filter's
     * options there (ismsbook.check_options); 0 otherwise. */
    unsigned opt_line, opt_col;
};

struct ib_filter_set {
    struct ib_site *site;
    const struct ib_catalog *cat;
    struct ib_diag *findings;
    ib_filter_log_fn log;
    void *log_ud;
    struct ib_filter_limits limits;
    struct filter *filters;
    size_t n;
    bool failed;

    bool has_watchdog;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool armed, quit;
    uint64_t generation;
    struct timespec wd_deadline;
    char wd_msg[512];
};

/* Registry keys (their addresses). */
static char key_docmap, key_cache_rw, key_cache_ro, key_limit;

static const char *const node_types[] = {
    "document",
    "paragraph",
    "heading",
    "block_quote",
    "list",
    "item",
    "code_block",
    "html_block",
    "thematic_break",
    "table",
    "table_row",
    "table_cell",
    "footnote_definition",
    "text",
    "code",
    "emph",
    "strong",
    "strikethrough",
    "link",
    "image",
    "softbreak",
    "linebreak",
    "html_inline",
    "footnote_reference",
    "custom",
    NULL,
};

static struct filter *
filter_of(lua_State *L)
{
    void *ud;
    lua_getallocf(L, &ud);
    return ud;
}

/* Time */

static struct timespec
now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t;
}

static bool
past(struct timespec deadline)
{
    struct timespec t = now();
    return t.tv_sec > deadline.tv_sec ||
           (t.tv_sec == deadline.tv_sec && t.tv_nsec >= deadline.tv_nsec);
}

static struct timespec
add_seconds(struct timespec t, double s)
{
    long long ns = (long long)(s * 1e9);
    t.tv_sec += (time_t)(ns / 1000000000LL);
    t.tv_nsec += (long)(ns % 1000000000LL);
    if (t.tv_nsec >= 1000000000L) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000L;
    }
    return t;
}

/* Budgets */

static void
set_dead(struct filter *f, enum limit why)
{
    if (!f->dead) {
        f->dead = why;
        f->limit_line = f->last_line;
    }
}

/* Raises the error every limit uses; Lua code cannot catch it for good. */
static int
raise_limit(lua_State *L)
{
    lua_pushlightuserdata(L, &key_limit);
    return lua_error(L);
}

/* The line of the filter's Lua code that called the running C function. */
static unsigned
caller_line(lua_State *L, const struct filter *f)
{
    lua_Debug ar;
    for (int level = 1; level < 4 && lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0 &&
            strcmp(ar.source, f->chunkname) == 0)
            return (unsigned)ar.currentline;
    }
    return f->last_line;
}

/* Charges N instructions' worth of work done in C. */
static void
charge(lua_State *L, struct filter *f, long long n)
{
    if (f->dead)
        raise_limit(L);
    if (n < 0 || n > f->remaining) {
        f->remaining = -1;
        f->last_line = caller_line(L, f);
        set_dead(f, LIMIT_INSTRUCTIONS);
        raise_limit(L);
    }
    f->remaining -= n;
}

/* Counts memory the filter makes ismsbook hold outside its state. */
static void
charge_memory(lua_State *L, struct filter *f, size_t n)
{
    f->external += n;
    if (f->mem_used + f->external > f->set->limits.memory) {
        f->last_line = caller_line(L, f);
        set_dead(f, LIMIT_MEMORY);
        raise_limit(L);
    }
}

static void
hook(lua_State *L, lua_Debug *ar)
{
    struct filter *f = filter_of(L);
    if (!f->dead) {
        f->remaining -= STEP;
        if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0 &&
            strcmp(ar->source, f->chunkname) == 0)
            f->last_line = (unsigned)ar->currentline;
        if (!f->in_call)
            set_dead(f, LIMIT_CLOSING);
        else if (f->remaining < 0)
            set_dead(f, LIMIT_INSTRUCTIONS);
        else if (past(f->deadline))
            set_dead(f, LIMIT_TIME);
    }
    if (f->dead)
        raise_limit(L);
}

/*
 * Records the filter's current line from inside the allocator, where a
 * memory error starts; the message handler does not run for those. Reading
 * the call stack allocates nothing. A coroutine's frames are not the main
 * thread's, so there the line is that of the resume.
 */
static void
note_line(struct filter *f)
{
    lua_Debug ar;
    if (!f->L || !f->in_call)
        return;
    for (int level = 0; level < 4 && lua_getstack(f->L, level, &ar); level++) {
        if (lua_getinfo(f->L, "Sl", &ar) && ar.currentline > 0 &&
            strcmp(ar.source, f->chunkname) == 0) {
            f->last_line = (unsigned)ar.currentline;
            return;
        }
    }
}

static void *
allocate(void *ud, void *ptr, size_t osize, size_t nsize)
{
    struct filter *f = ud;
    if (!ptr)
        osize = 0;
    if (nsize == 0) {
        free(ptr);
        f->mem_used -= osize;
        return NULL;
    }
    /* Lua relies on shrinking never failing. */
    if (nsize > osize) {
        bool over =
            f->mem_used - osize + nsize + f->external > f->set->limits.memory;
        if (!over && nsize >= BIG_ALLOC && f->in_call && past(f->deadline)) {
            set_dead(f, LIMIT_TIME);
            over = true;
        }
        if (over || (f->dead && nsize >= BIG_ALLOC)) {
            note_line(f);
            /* Lua collects garbage and asks again before it raises a
             * memory error; the second refusal is the real one. */
            if (f->refused && f->refused_ptr == ptr &&
                f->refused_osize == osize && f->refused_nsize == nsize)
                set_dead(f, LIMIT_MEMORY);
            f->refused = true;
            f->refused_ptr = ptr;
            f->refused_osize = osize;
            f->refused_nsize = nsize;
            return NULL;
        }
    }
    void *p = realloc(ptr, nsize);
    if (!p) {
        set_dead(f, LIMIT_MEMORY);
        return NULL;
    }
    if (nsize > osize)
        f->refused = false;
    f->mem_used = f->mem_used - osize + nsize;
    return p;
}

static int
panic(lua_State *L)
{
    /* Only unprotected calls panic, and there are none: a bug of ours. */
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr,
            "ismsbook: error: internal error in the Lua filter host: %s\n",
            msg ? msg : "?");
    abort();
}

/* The watchdog */

static void *
watchdog(void *arg)
{
    struct ib_filter_set *set = arg;
    pthread_mutex_lock(&set->mu);
    while (!set->quit) {
        if (!set->armed) {
            pthread_cond_wait(&set->cv, &set->mu);
            continue;
        }
        uint64_t gen = set->generation;
        int rc = pthread_cond_timedwait(&set->cv, &set->mu, &set->wd_deadline);
        if (rc == ETIMEDOUT && set->armed && set->generation == gen &&
            !set->quit) {
            /* The call is stuck in C code; nothing can unwind it. */
            ssize_t w = write(STDERR_FILENO, set->wd_msg, strlen(set->wd_msg));
            (void)w;
            _exit(1);
        }
    }
    pthread_mutex_unlock(&set->mu);
    return NULL;
}

static void
watchdog_arm(struct ib_filter_set *set, const struct filter *f,
             const char *what)
{
    if (!set->has_watchdog)
        return;
    pthread_mutex_lock(&set->mu);
    set->generation++;
    set->armed = true;
    set->wd_deadline = add_seconds(f->deadline, GRACE_NS / 1e9);
    snprintf(set->wd_msg, sizeof set->wd_msg,
             "%s: error: ran longer than %g seconds (%s) inside a library "
             "function that could not be interrupted; ismsbook stopped "
             "[filter-limit]\n",
             f->path, set->limits.seconds, what);
    pthread_cond_signal(&set->cv);
    pthread_mutex_unlock(&set->mu);
}

static void
watchdog_disarm(struct ib_filter_set *set)
{
    if (!set->has_watchdog)
        return;
    pthread_mutex_lock(&set->mu);
    set->armed = false;
    set->generation++;
    pthread_cond_signal(&set->cv);
    pthread_mutex_unlock(&set->mu);
}

/* Text from C to Lua */

/*
 * Makes S safe for a one-line finding (TABS false) or log line, into
 * F->scratch: at most MAX_MESSAGE bytes, control characters as spaces,
 * invalid UTF-8 as '?'.
 */
static const char *
one_line(struct filter *f, const char *s, size_t len, bool tabs)
{
    ib_buf_reset(&f->scratch);
    size_t n = len > MAX_MESSAGE ? MAX_MESSAGE : len;
    /* Cut at a character boundary. */
    while (n < len && n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
        n--;
    size_t i = 0;
    while (i < n) {
        size_t bad;
        if (ib_text_valid_utf8(s + i, n - i, &bad)) {
            bad = n - i;
        }
        for (size_t k = 0; k < bad; k++) {
            unsigned char c = (unsigned char)s[i + k];
            bool control = (c < 0x20 && !(tabs && c == '\t')) || c == 0x7f;
            ib_buf_putc(&f->scratch, control ? ' ' : c);
        }
        i += bad;
        if (i < n) {
            ib_buf_putc(&f->scratch, '?');
            i++;
        }
    }
    if (n < len)
        ib_buf_puts(&f->scratch, "...");
    return ib_buf_cstr(&f->scratch);
}

/* Checks that the string argument at IDX is UTF-8 text without NUL. */
static const char *
check_text(lua_State *L, int idx, size_t *len, const char *what)
{
    size_t n, bad;
    const char *s = luaL_checklstring(L, idx, &n);
    if (!ib_text_valid_utf8(s, n, &bad))
        luaL_error(L, "%s is not UTF-8 text without NUL bytes (byte %d)", what,
                   (int)bad + 1);
    if (len)
        *len = n;
    return s;
}

static void
check_type_name(lua_State *L, const char *t)
{
    for (size_t i = 0; node_types[i]; i++)
        if (strcmp(node_types[i], t) == 0)
            return;
    const char *hint = ib_text_suggest(t, node_types);
    luaL_error(L, "unknown node type '%s'%s%s%s", t,
               hint ? " (did you mean '" : "", hint ? hint : "",
               hint ? "'?)" : "");
}

/* The sandboxed base library */

/* Calls the C function a wrapper replaced (upvalue 1) with its arguments. */
static int
call_original(lua_State *L)
{
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/*
 * coroutine.create and coroutine.wrap. A new thread starts with a fresh
 * count, so up to STEP - 1 instructions it runs are never seen by the
 * hook: each thread pays for them when it is made.
 */
static int
l_newthread(lua_State *L)
{
    charge(L, filter_of(L), STEP);
    return call_original(L);
}

static int
finish_pcall(lua_State *L, int status, lua_KContext extra)
{
    if (status != LUA_OK && status != LUA_YIELD) {
        struct filter *f = filter_of(L);
        if (status == LUA_ERRMEM)
            set_dead(f, LIMIT_MEMORY);
        if (f->dead)
            return lua_error(L); /* a budget is spent: no one catches it */
        f->opt_line = f->opt_col = 0; /* caught: no options error now */
        lua_pushboolean(L, 0);
        lua_pushvalue(L, -2);
        return 2;
    }
    return lua_gettop(L) - (int)extra;
}

static int
l_pcall(lua_State *L)
{
    luaL_checkany(L, 1);
    lua_pushboolean(L, 1);
    lua_insert(L, 1);
    int status =
        lua_pcallk(L, lua_gettop(L) - 2, LUA_MULTRET, 0, 0, finish_pcall);
    return finish_pcall(L, status, 0);
}

/*
 * Lua runs a message handler before it unwinds, and when the error came
 * from our hook, debug hooks are still off then (lua_error from a hook
 * leaves them off until a pcall restores them): a looping handler would
 * never be stopped. So a spent budget skips the filter's handler.
 */
static int
guard_handler(lua_State *L)
{
    if (filter_of(L)->dead)
        return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int
l_xpcall(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guard_handler, 1);
    lua_replace(L, 2);
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2); /* handler, true, function, arguments */
    int status = lua_pcallk(L, n - 2, LUA_MULTRET, 2, 2, finish_pcall);
    return finish_pcall(L, status, 2);
}

/* coroutine.resume and coroutine.close catch errors too. */
static int
l_catching(lua_State *L)
{
    int n = call_original(L);
    struct filter *f = filter_of(L);
    if (f->dead)
        return raise_limit(L);
    f->opt_line = f->opt_col = 0; /* an error in there was caught */
    return n;
}

/* Lua runs finalizers with debug hooks off, beyond any budget: none. */
static int
l_setmetatable(lua_State *L)
{
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "filters cannot use __gc finalizers (Lua "
                                 "runs them outside every budget)");
        lua_pop(L, 1);
    }
    return call_original(L);
}

static int
l_load(lua_State *L)
{
    /* Binary chunks would bypass every check the compiler makes. */
    if (lua_type(L, 3) == LUA_TSTRING && strchr(lua_tostring(L, 3), 'b'))
        return luaL_error(L, "filters may only load Lua source text, not "
                             "binary chunks");
    if (lua_gettop(L) >= 3) {
        lua_pushliteral(L, "t");
        lua_replace(L, 3);
    } else {
        lua_settop(L, 2);
        lua_pushliteral(L, "t");
    }
    return call_original(L);
}

static int
l_collectgarbage(lua_State *L)
{
    const char *opt = luaL_optstring(L, 1, "collect");
    if (strcmp(opt, "count") == 0) {
        lua_pushnumber(L, (lua_Number)lua_gc(L, LUA_GCCOUNT) +
                              (lua_Number)lua_gc(L, LUA_GCCOUNTB) / 1024);
        return 1;
    }
    if (strcmp(opt, "collect") == 0) {
        lua_gc(L, LUA_GCCOLLECT);
        lua_pushinteger(L, 0);
        return 1;
    }
    return luaL_error(L,
                      "collectgarbage('%s') is not available to filters "
                      "(only 'count' and 'collect')",
                      opt);
}

static void
log_line(lua_State *L, struct filter *f, const char *s, size_t len)
{
    struct ib_filter_set *set = f->set;
    if (!set->log || !f->in_call || f->nlogs > MAX_LOGS)
        return;
    unsigned line = caller_line(L, f);
    if (f->nlogs++ == MAX_LOGS) {
        set->log(set->log_ud, f->path, line,
                 "more than 1000 log lines; the rest are not shown");
        return;
    }
    set->log(set->log_ud, f->path, line, one_line(f, s, len, true));
}

/* print and ismsbook.log: arguments as tostring gives them, tab-separated. */
static int
l_log(lua_State *L)
{
    struct filter *f = filter_of(L);
    int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        /* The buffer must be on top when it grows: separator first. */
        if (i > 1)
            luaL_addchar(&b, '\t');
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
        if (luaL_bufflen(&b) > MAX_MESSAGE)
            break;
    }
    luaL_pushresult(&b);
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    log_line(L, f, s, len);
    return 0;
}

/* The table library, charged for loops a __len metamethod can lengthen */

/* Only a table's __len can be made up; the originals reject the rest. */
static lua_Integer
length_of(lua_State *L, int idx)
{
    return lua_type(L, idx) == LUA_TTABLE ? luaL_len(L, idx) : 0;
}

static long long
span(lua_Integer from, lua_Integer to)
{
    if (to < from)
        return 1;
    lua_Unsigned n = (lua_Unsigned)to - (lua_Unsigned)from;
    return n >= (lua_Unsigned)LLONG_MAX ? LLONG_MAX : (long long)n + 1;
}

/* table.insert(t, [pos,] v): only a positional insert shifts, #t - pos + 1
 * elements; an append is one store. */
static int
t_insert(lua_State *L)
{
    struct filter *f = filter_of(L);
    long long n = 1;
    if (lua_gettop(L) == 3)
        n = span(luaL_checkinteger(L, 2), length_of(L, 1));
    charge(L, f, n);
    return call_original(L);
}

/* table.remove(t [, pos]): removing at pos shifts #t - pos elements;
 * popping the last is one. */
static int
t_remove(lua_State *L)
{
    struct filter *f = filter_of(L);
    long long n = 1;
    if (!lua_isnoneornil(L, 2))
        n = span(luaL_checkinteger(L, 2), length_of(L, 1));
    charge(L, f, n);
    return call_original(L);
}

static int
t_move(lua_State *L)
{
    struct filter *f = filter_of(L);
    lua_Integer from = luaL_checkinteger(L, 2), to = luaL_checkinteger(L, 3);
    charge(L, f, span(from, to));
    return call_original(L);
}

static int
t_range_priced(lua_State *L) /* concat(t, sep, i, j), unpack(t, i, j) */
{
    struct filter *f = filter_of(L);
    int first = lua_tointeger(L, lua_upvalueindex(2)); /* index of i */
    lua_Integer i = luaL_optinteger(L, first, 1);
    lua_Integer j = lua_isnoneornil(L, first + 1)
                        ? length_of(L, 1)
                        : luaL_checkinteger(L, first + 1);
    charge(L, f, span(i, j));
    return call_original(L);
}

static int
t_sort(lua_State *L)
{
    struct filter *f = filter_of(L);
    long long n = span(1, length_of(L, 1));
    long long log2n = 1;
    while (log2n < 62 && (1LL << log2n) < n)
        log2n++;
    charge(L, f, n > LLONG_MAX / log2n ? LLONG_MAX : n * log2n);
    return call_original(L);
}

/* The string library's looping functions */

static int
s_rep(lua_State *L)
{
    struct filter *f = filter_of(L);
    size_t l, lsep;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    /* lstrlib loops N times even when there is nothing to copy. */
    if (n <= 0 || l + lsep == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    if ((lua_Unsigned)n > f->set->limits.memory / (l + lsep)) {
        f->last_line = caller_line(L, f);
        set_dead(f, LIMIT_MEMORY);
        return raise_limit(L);
    }
    charge(L, f, n);
    return call_original(L);
}

/* Lua's relative string positions, 1-based; returns 0-based offsets. */
static size_t
start_offset(lua_Integer pos, size_t len)
{
    if (pos > 0)
        return (size_t)pos - 1;
    if (pos == 0 || (lua_Unsigned)-pos > len)
        return 0;
    return len - (size_t)-pos;
}

struct matcher {
    lua_State *L;
    struct filter *f;
    const char *s, *p;
    size_t ls, lp;
    struct ib_pattern_match m;
};

static int
try_match(struct matcher *mt, size_t at)
{
    unsigned long long budget =
        mt->f->remaining > 0 ? (unsigned long long)mt->f->remaining : 0;
    enum ib_pattern_result r =
        ib_pattern_match(mt->s, mt->ls, mt->p, mt->lp, at, &budget, &mt->m);
    mt->f->remaining = (long long)budget;
    if (r == IB_PATTERN_EXHAUSTED) {
        mt->f->remaining = -1;
        charge(mt->L, mt->f, 1);
    }
    if (r == IB_PATTERN_ERROR)
        return luaL_error(mt->L, "%s", mt->m.error);
    return r == IB_PATTERN_MATCH;
}

/* Pushes capture I (or the whole match S..E when there are none). */
static void
push_capture(struct matcher *mt, int i, size_t s, size_t e)
{
    if (i >= mt->m.ncap) {
        if (i != 0)
            luaL_error(mt->L, "invalid capture index %%%d", i + 1);
        lua_pushlstring(mt->L, mt->s + s, e - s);
        return;
    }
    const struct ib_pattern_capture *c = &mt->m.cap[i];
    if (c->len == IB_PATTERN_UNFINISHED)
        luaL_error(mt->L, "unfinished capture");
    else if (c->len == IB_PATTERN_POSITION)
        lua_pushinteger(mt->L, (lua_Integer)c->start + 1);
    else
        lua_pushlstring(mt->L, mt->s + c->start, c->len);
}

static int
push_captures(struct matcher *mt, size_t s, size_t e, bool whole)
{
    int n = mt->m.ncap == 0 && whole ? 1 : mt->m.ncap;
    luaL_checkstack(mt->L, n, "too many captures");
    for (int i = 0; i < n; i++)
        push_capture(mt, i, s, e);
    return n;
}

static void
matcher_init(struct matcher *mt, lua_State *L)
{
    mt->L = L;
    mt->f = filter_of(L);
    mt->s = luaL_checklstring(L, 1, &mt->ls);
    mt->p = luaL_checklstring(L, 2, &mt->lp);
    if (mt->f->dead)
        raise_limit(L);
}

static int
find_or_match(lua_State *L, bool find)
{
    struct matcher mt;
    matcher_init(&mt, L);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), mt.ls);
    if (init > mt.ls) {
        luaL_pushfail(L);
        return 1;
    }
    if (find && (lua_toboolean(L, 4) || ib_pattern_is_plain(mt.p, mt.lp))) {
        /* glibc's memmem is linear (two-way); charge a share of what it
         * searched, so a scan hit by hit costs the text once. */
        const char *hit = memmem(mt.s + init, mt.ls - init, mt.p, mt.lp);
        size_t searched = hit ? (size_t)(hit - (mt.s + init)) + mt.lp
                              : mt.ls - init;
        charge(L, mt.f, (long long)(searched >> 4) + 1);
        if (hit) {
            lua_pushinteger(L, (lua_Integer)(hit - mt.s) + 1);
            lua_pushinteger(L, (lua_Integer)(hit - mt.s) + (lua_Integer)mt.lp);
            return 2;
        }
        luaL_pushfail(L);
        return 1;
    }
    bool anchor = mt.lp > 0 && mt.p[0] == '^';
    if (anchor) {
        mt.p++;
        mt.lp--;
    }
    unsigned long long budget =
        mt.f->remaining > 0 ? (unsigned long long)mt.f->remaining : 0;
    size_t at;
    enum ib_pattern_result r = ib_pattern_find(mt.s, mt.ls, mt.p, mt.lp, init,
                                               anchor, &budget, &mt.m, &at);
    mt.f->remaining = (long long)budget;
    if (r == IB_PATTERN_EXHAUSTED) {
        mt.f->remaining = -1;
        charge(L, mt.f, 1);
    }
    if (r == IB_PATTERN_ERROR)
        return luaL_error(L, "%s", mt.m.error);
    if (r != IB_PATTERN_MATCH) {
        luaL_pushfail(L);
        return 1;
    }
    if (find) {
        lua_pushinteger(L, (lua_Integer)at + 1);
        lua_pushinteger(L, (lua_Integer)mt.m.end);
        return push_captures(&mt, 0, 0, false) + 2;
    }
    return push_captures(&mt, at, mt.m.end, true);
}

static int
s_find(lua_State *L)
{
    return find_or_match(L, true);
}

static int
s_match(lua_State *L)
{
    return find_or_match(L, false);
}

/* gmatch's iterator; upvalues: subject, pattern, position, last match end
 * (-1 for none). As in Lua 5.4, '^' is an ordinary character here. */
static int
gmatch_next(lua_State *L)
{
    struct matcher mt;
    mt.L = L;
    mt.f = filter_of(L);
    mt.s = lua_tolstring(L, lua_upvalueindex(1), &mt.ls);
    mt.p = lua_tolstring(L, lua_upvalueindex(2), &mt.lp);
    size_t at = (size_t)lua_tointeger(L, lua_upvalueindex(3));
    lua_Integer last = lua_tointeger(L, lua_upvalueindex(4));
    for (; at <= mt.ls; at++) {
        if (try_match(&mt, at) && (lua_Integer)mt.m.end != last) {
            lua_pushinteger(L, (lua_Integer)mt.m.end);
            lua_replace(L, lua_upvalueindex(3));
            lua_pushinteger(L, (lua_Integer)mt.m.end);
            lua_replace(L, lua_upvalueindex(4));
            return push_captures(&mt, at, mt.m.end, true);
        }
    }
    lua_pushinteger(L, (lua_Integer)mt.ls + 1);
    lua_replace(L, lua_upvalueindex(3));
    return 0;
}

static int
s_gmatch(lua_State *L)
{
    size_t ls;
    luaL_checklstring(L, 1, &ls);
    luaL_checkstring(L, 2);
    size_t init = start_offset(luaL_optinteger(L, 3, 1), ls);
    if (init > ls)
        init = ls + 1;
    lua_settop(L, 2);
    lua_pushinteger(L, (lua_Integer)init);
    lua_pushinteger(L, -1);
    lua_pushcclosure(L, gmatch_next, 4);
    return 1;
}

/* Appends the replacement string at index 3 for the match S..E. */
static void
add_template(struct matcher *mt, luaL_Buffer *b, size_t s, size_t e)
{
    lua_State *L = mt->L;
    size_t l;
    const char *r = lua_tolstring(L, 3, &l);
    const char *end = r + l;
    while (r < end) {
        const char *pc = memchr(r, '%', (size_t)(end - r));
        if (!pc) {
            luaL_addlstring(b, r, (size_t)(end - r));
            break;
        }
        luaL_addlstring(b, r, (size_t)(pc - r));
        r = pc + 1;
        if (r < end && *r == '%') {
            luaL_addchar(b, '%');
        } else if (r < end && *r >= '0' && *r <= '9') {
            if (*r == '0')
                luaL_addlstring(b, mt->s + s, e - s);
            else {
                push_capture(mt, *r - '1', s, e);
                luaL_tolstring(L, -1, NULL);
                lua_remove(L, -2);
                luaL_addvalue(b);
            }
        } else {
            luaL_error(L, "invalid use of '%%' in replacement string");
        }
        r++;
    }
}

static void
add_replacement(struct matcher *mt, luaL_Buffer *b, size_t s, size_t e, int tr)
{
    lua_State *L = mt->L;
    if (tr == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        int n = push_captures(mt, s, e, true);
        lua_call(L, n, 1);
    } else if (tr == LUA_TTABLE) {
        push_capture(mt, 0, s, e);
        lua_gettable(L, 3);
    } else {
        add_template(mt, b, s, e);
        return;
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        luaL_addlstring(b, mt->s + s, e - s);
    } else if (!lua_isstring(L, -1)) {
        luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    } else {
        luaL_addvalue(b);
    }
}

static int
s_gsub(lua_State *L)
{
    struct matcher mt;
    matcher_init(&mt, L);
    int tr = lua_type(L, 3);
    lua_Integer max = luaL_optinteger(L, 4, (lua_Integer)mt.ls + 1);
    luaL_argexpected(L,
                     tr == LUA_TNUMBER || tr == LUA_TSTRING ||
                         tr == LUA_TFUNCTION || tr == LUA_TTABLE,
                     3, "string/function/table");
    bool anchor = mt.lp > 0 && mt.p[0] == '^';
    if (anchor) {
        mt.p++;
        mt.lp--;
    }
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    size_t at = 0;
    lua_Integer n = 0;
    size_t last = (size_t)-1;
    while (n < max) {
        if (try_match(&mt, at) && mt.m.end != last) {
            n++;
            size_t e = mt.m.end;
            add_replacement(&mt, &b, at, e, tr);
            at = last = e;
        } else if (at < mt.ls) {
            luaL_addchar(&b, mt.s[at++]);
        } else {
            break;
        }
        if (anchor)
            break;
    }
    luaL_addlstring(&b, mt.s + at, mt.ls - at);
    luaL_pushresult(&b);
    lua_pushinteger(L, n);
    return 2;
}

/* Values: YAML (struct ib_val) to Lua and back */

/*
 * True if the YAML number V is written in a way Lua would not write it
 * back (8.10, 1.0, 007, 1e3): a filter gets the text then, since 8.10 is
 * control A.8.10 and version 1.10 is not 1.1.
 */
static bool
num_as_text(const struct ib_val *v)
{
    if (v->kind != IB_VAL_NUM || !v->str)
        return false;
    char tmp[64];
    if (v->num == (double)(long long)v->num && v->num > -9e15 && v->num < 9e15)
        snprintf(tmp, sizeof tmp, "%lld", (long long)v->num);
    else
        snprintf(tmp, sizeof tmp, LUA_NUMBER_FMT, (double)v->num);
    return strcmp(tmp, v->str) != 0;
}

static void
push_val(lua_State *L, const struct ib_val *v)
{
    luaL_checkstack(L, 4, "metadata nested too deeply");
    switch (v->kind) {
    case IB_VAL_NULL:
        lua_pushnil(L);
        break;
    case IB_VAL_BOOL:
        lua_pushboolean(L, v->b);
        break;
    case IB_VAL_NUM:
        if (num_as_text(v))
            lua_pushlstring(L, v->str, v->len);
        else if (v->num == (double)(long long)v->num && v->num > -9e15 &&
            v->num < 9e15)
            lua_pushinteger(L, (lua_Integer)v->num);
        else
            lua_pushnumber(L, v->num);
        break;
    case IB_VAL_STR:
        lua_pushlstring(L, v->str, v->len);
        break;
    case IB_VAL_LIST: {
        lua_createtable(L, (int)v->n, 0);
        lua_Integer k = 1;
        for (size_t i = 0; i < v->n; i++) {
            if (v->items[i]->kind == IB_VAL_NULL)
                continue;
            push_val(L, v->items[i]);
            lua_rawseti(L, -2, k++);
        }
        break;
    }
    case IB_VAL_MAP:
        lua_createtable(L, 0, (int)v->n);
        for (size_t i = 0; i < v->n; i++) {
            if (v->pairs[i].val->kind == IB_VAL_NULL)
                continue;
            lua_pushstring(L, v->pairs[i].key);
            push_val(L, v->pairs[i].val);
            lua_rawset(L, -3);
        }
        break;
    }
}

struct conv {
    lua_State *L;
    struct filter *f;
    struct ib_arena *a;
    unsigned line; /* for keys a filter adds: the front matter's start */
    size_t count;
    char path[160]; /* "meta.extra.owner", for messages */
};

static struct ib_val *to_val(struct conv *c, int idx, const struct ib_val *orig,
                             int depth);

/* Metadata a hook wrote lives in the site's arena for the whole build:
 * each value kept counts against the filter's memory, N bytes of it. */
static void
kept(struct conv *c, size_t n)
{
    charge_memory(c->L, c->f, n + sizeof(struct ib_val));
}

static void
path_push(struct conv *c, const char *key, lua_Integer i, size_t *mark)
{
    *mark = strlen(c->path);
    size_t room = sizeof c->path - *mark;
    if (key)
        snprintf(c->path + *mark, room, ".%s", key);
    else
        snprintf(c->path + *mark, room, "[%lld]", (long long)i);
}

static struct ib_val *
placed(struct ib_val *v, const struct ib_val *orig)
{
    if (orig) {
        v->line = orig->line;
        v->col = orig->col;
    }
    return v;
}

static size_t
non_null(const struct ib_val *list)
{
    size_t n = 0;
    for (size_t i = 0; i < list->n; i++)
        n += list->items[i]->kind != IB_VAL_NULL;
    return n;
}

static struct ib_val *
list_to_val(struct conv *c, int idx, lua_Integer n, const struct ib_val *orig,
            int depth)
{
    lua_State *L = c->L;
    bool same =
        orig && orig->kind == IB_VAL_LIST && non_null(orig) == (size_t)n;
    /* Scratch in the state (collected), until the list is known new. */
    struct ib_val **items =
        lua_newuserdatauv(L, ((size_t)n + 1) * sizeof(struct ib_val *), 0);
    int scratch = lua_gettop(L);
    size_t k = 0; /* next non-null original item */
    for (lua_Integer i = 1; i <= n; i++) {
        const struct ib_val *o = NULL;
        if (orig && orig->kind == IB_VAL_LIST) {
            while (k < orig->n && orig->items[k]->kind == IB_VAL_NULL)
                k++;
            o = k < orig->n ? orig->items[k++] : NULL;
        }
        size_t mark;
        path_push(c, NULL, i, &mark);
        lua_rawgeti(L, idx, i);
        items[i - 1] = to_val(c, lua_gettop(L), o, depth + 1);
        lua_pop(L, 1);
        c->path[mark] = '\0';
        same = same && items[i - 1] == o;
    }
    if (same) {
        lua_remove(L, scratch);
        return (struct ib_val *)orig;
    }
    kept(c, 2 * (size_t)n * sizeof(struct ib_val *));
    struct ib_val *v = placed(ib_val_list(c->a), orig);
    for (lua_Integer i = 0; i < n; i++)
        ib_val_push(c->a, v, items[i]);
    lua_remove(L, scratch);
    return v;
}

struct key {
    const char *s;
    size_t len;
};

static int
cmp_key(const void *pa, const void *pb)
{
    const struct key *a = pa, *b = pb;
    int r = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);
    return r ? r : (a->len > b->len) - (a->len < b->len);
}

static struct ib_val *
map_to_val(struct conv *c, int idx, size_t nkeys, const struct ib_val *orig,
           int depth)
{
    lua_State *L = c->L;
    bool omap = orig && orig->kind == IB_VAL_MAP;
    /* Keys the original does not have, sorted: pairs() has no order. */
    struct key *fresh = lua_newuserdatauv(L, (nkeys + 1) * sizeof *fresh, 0);
    size_t nfresh = 0, nold = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        struct key k;
        k.s = lua_tolstring(L, -1, &k.len);
        const struct ib_val_pair *op =
            omap && strlen(k.s) == k.len ? ib_val_get_pair(orig, k.s) : NULL;
        if (op && op->val->kind != IB_VAL_NULL)
            nold++;
        else if (!op)
            fresh[nfresh++] = k;
    }
    qsort(fresh, nfresh, sizeof *fresh, cmp_key);

    struct ib_val *v = ib_val_map(c->a);
    placed(v, orig);
    bool same = nfresh == 0;
    for (size_t i = 0; omap && i < orig->n; i++) {
        const struct ib_val_pair *op = &orig->pairs[i];
        lua_pushstring(L, op->key);
        lua_rawget(L, idx);
        struct ib_val *item;
        if (lua_isnil(L, -1)) {
            lua_pop(L, 1);
            if (op->val->kind != IB_VAL_NULL) {
                same = false; /* removed */
                continue;
            }
            item = op->val;
        } else {
            size_t mark;
            path_push(c, op->key, 0, &mark);
            item = to_val(c, lua_gettop(L), op->val, depth + 1);
            c->path[mark] = '\0';
            lua_pop(L, 1);
            same = same && item == op->val;
        }
        struct ib_val_pair *np = ib_val_append(c->a, v, op->key, item);
        np->line = op->line;
        np->col = op->col;
    }
    if (same)
        return (struct ib_val *)orig;
    kept(c, 2 * (v->n + nfresh) * sizeof(struct ib_val_pair));
    for (size_t i = 0; i < nfresh; i++) {
        if (strlen(fresh[i].s) != fresh[i].len || fresh[i].len == 0)
            luaL_error(L, "%s: keys must be non-empty text without NUL bytes",
                       c->path);
        lua_pushlstring(L, fresh[i].s, fresh[i].len);
        lua_rawget(L, idx);
        size_t mark;
        path_push(c, fresh[i].s, 0, &mark);
        struct ib_val *item = to_val(c, lua_gettop(L), NULL, depth + 1);
        c->path[mark] = '\0';
        lua_pop(L, 1);
        charge_memory(L, c->f, fresh[i].len + 1);
        struct ib_val_pair *np = ib_val_append(
            c->a, v, ib_arena_strndup(c->a, fresh[i].s, fresh[i].len), item);
        np->line = c->line;
    }
    lua_pop(L, 1); /* fresh */
    (void)nold;
    return v;
}

/* Converts the Lua value at IDX; returns ORIG itself when it is unchanged. */
static struct ib_val *
to_val(struct conv *c, int idx, const struct ib_val *orig, int depth)
{
    lua_State *L = c->L;
    if (++c->count > MAX_VALUES)
        luaL_error(L, "%s: more than %d values", c->path, MAX_VALUES);
    if (depth > MAX_DEPTH)
        luaL_error(L, "%s: nested more than %d levels", c->path, MAX_DEPTH);
    luaL_checkstack(L, 6, "metadata nested too deeply");
    switch (lua_type(L, idx)) {
    case LUA_TSTRING: {
        size_t len, bad;
        const char *s = lua_tolstring(L, idx, &len);
        if (len > MAX_TEXT)
            luaL_error(L, "%s: text longer than 64 KiB", c->path);
        if (!ib_text_valid_utf8(s, len, &bad))
            luaL_error(L, "%s: text is not UTF-8 or holds a NUL byte", c->path);
        if (orig && (orig->kind == IB_VAL_STR || num_as_text(orig)) &&
            orig->len == len && memcmp(orig->str, s, len) == 0)
            return (struct ib_val *)orig;
        kept(c, len + 1);
        return placed(ib_val_strn(c->a, s, len), orig);
    }
    case LUA_TNUMBER: {
        double d = (double)lua_tonumber(L, idx);
        if (orig && orig->kind == IB_VAL_NUM && orig->num == d)
            return (struct ib_val *)orig;
        if (d != d || d - d != 0)
            luaL_error(L, "%s: not a finite number", c->path);
        kept(c, 32);
        if (lua_isinteger(L, idx)) {
            char tmp[32];
            snprintf(tmp, sizeof tmp, "%lld", (long long)lua_tointeger(L, idx));
            struct ib_val *v = ib_val_num(c->a, d);
            v->str = ib_arena_strdup(c->a, tmp);
            v->len = strlen(tmp);
            return placed(v, orig);
        }
        return placed(ib_val_num(c->a, d), orig);
    }
    case LUA_TBOOLEAN: {
        bool b = lua_toboolean(L, idx);
        if (orig && orig->kind == IB_VAL_BOOL && orig->b == b)
            return (struct ib_val *)orig;
        kept(c, 0);
        return placed(ib_val_bool(c->a, b), orig);
    }
    case LUA_TTABLE:
        break;
    default:
        luaL_error(L, "%s: metadata cannot hold a %s", c->path,
                   luaL_typename(L, idx));
    }
    /* A list has the keys 1..n; a map has text keys; {} is either. */
    size_t nkeys = 0;
    bool text_keys = true, int_keys = true;
    lua_Integer maxi = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        nkeys++;
        if (++c->count > MAX_VALUES)
            luaL_error(L, "%s: more than %d values", c->path, MAX_VALUES);
        if (lua_type(L, -1) == LUA_TSTRING) {
            int_keys = false;
        } else if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1) {
            text_keys = false;
            if (lua_tointeger(L, -1) > maxi)
                maxi = lua_tointeger(L, -1);
        } else {
            text_keys = int_keys = false;
        }
    }
    if (nkeys == 0) {
        bool list = orig ? orig->kind == IB_VAL_LIST
                         : strcmp(c->path, "meta.extra") != 0 &&
                               strncmp(c->path, "meta.extra.", 11) != 0;
        if (orig && (orig->kind == IB_VAL_LIST || orig->kind == IB_VAL_MAP) &&
            (orig->kind == IB_VAL_LIST ? non_null(orig) : orig->n) == 0)
            return (struct ib_val *)orig;
        kept(c, 0);
        return placed(list ? ib_val_list(c->a) : ib_val_map(c->a), orig);
    }
    if (int_keys && (size_t)maxi == nkeys)
        return list_to_val(c, idx, maxi, orig, depth);
    if (text_keys)
        return map_to_val(c, idx, nkeys, orig, depth);
    return luaL_error(L,
                      "%s: a table must be a list (keys 1..n) or a map "
                      "(text keys), not a mix",
                      c->path),
           NULL;
}

/* Documents and nodes */

/* Filters see valid documents whose front matter had no errors. */
static bool
is_listed(const struct ib_doc *doc)
{
    return doc->valid && !doc->fm_errors;
}

struct doc_ud {
    struct ib_doc *doc;
    uint64_t epoch;
    bool writable;
};

struct node_ud {
    struct ib_md_node *node;
    struct ib_doc *doc;
    uint64_t epoch;
    bool writable;
};

static const char *
review_state(enum ib_review_state s)
{
    static const char *const names[] = {"none", "current", "due-soon",
                                        "overdue"};
    return names[s];
}

static void
set_str(lua_State *L, const char *key, const char *s)
{
    lua_pushstring(L, s);
    lua_setfield(L, -2, key);
}

static void
push_date(lua_State *L, struct ib_date d)
{
    char s[11];
    ib_date_format(d, s);
    lua_pushstring(L, s);
}

static void
push_node(lua_State *L, struct filter *f, struct ib_doc *doc,
          struct ib_md_node *n, bool writable)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, writable ? &key_cache_rw : &key_cache_ro);
    if (lua_rawgetp(L, -1, n) == LUA_TUSERDATA) {
        lua_remove(L, -2);
        return;
    }
    lua_pop(L, 1);
    struct node_ud *u = lua_newuserdatauv(L, sizeof *u, 0);
    *u = (struct node_ud){n, doc, f->epoch, writable};
    luaL_setmetatable(L, "ismsbook.node");
    lua_pushvalue(L, -1);
    lua_rawsetp(L, -3, n);
    lua_remove(L, -2);
}

static struct node_ud *
check_node(lua_State *L, int idx)
{
    struct node_ud *u = luaL_checkudata(L, idx, "ismsbook.node");
    struct filter *f = filter_of(L);
    if (u->epoch != f->epoch || !f->in_call)
        luaL_error(L, "this node comes from an earlier hook call; nodes are "
                      "valid only during the call that produced them");
    return u;
}

static struct node_ud *
check_writable(lua_State *L, int idx)
{
    struct node_ud *u = check_node(L, idx);
    if (!u->writable)
        luaL_error(L, "nodes of other documents and of the site hook are "
                      "read-only; change a document in its own document "
                      "hook");
    return u;
}

/* Pushes an iterator over the nodes below ROOT whose type is one of the
 * string arguments from FIRST on (all nodes when there are none). */
static int push_node_iterator(lua_State *L, struct filter *f,
                              struct ib_doc *doc, struct ib_md_node *root,
                              bool writable, int first);

static int
node_iter(lua_State *L)
{
    struct filter *f = filter_of(L);
    struct ib_md_node **list = lua_touserdata(L, lua_upvalueindex(1));
    lua_Integer n = lua_tointeger(L, lua_upvalueindex(2));
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(3));
    struct ib_doc *doc = lua_touserdata(L, lua_upvalueindex(5));
    bool writable = lua_toboolean(L, lua_upvalueindex(6));
    if ((uint64_t)lua_tointeger(L, lua_upvalueindex(7)) != f->epoch ||
        !f->in_call)
        return luaL_error(L, "this iterator comes from an earlier hook call");
    bool all = lua_isnil(L, lua_upvalueindex(4));
    for (; i < n; i++) {
        struct ib_md_node *node = list[i];
        if (!ib_md_node_is_attached(doc->md, node))
            continue;
        if (!all) {
            lua_getfield(L, lua_upvalueindex(4), ib_md_node_type(node));
            bool want = lua_toboolean(L, -1);
            lua_pop(L, 1);
            if (!want)
                continue;
        }
        lua_pushinteger(L, i + 1);
        lua_replace(L, lua_upvalueindex(3));
        push_node(L, f, doc, node, writable);
        return 1;
    }
    lua_pushinteger(L, n);
    lua_replace(L, lua_upvalueindex(3));
    return 0;
}

static int
push_node_iterator(lua_State *L, struct filter *f, struct ib_doc *doc,
                   struct ib_md_node *root, bool writable, int first)
{
    int top = lua_gettop(L);
    if (!doc->md || !root)
        return luaL_error(L, "the tree of %s is not available here",
                          doc->path);
    size_t n = ib_md_node_list(doc->md, root, NULL, 0);
    charge(L, f, (long long)n);
    struct ib_md_node **list =
        lua_newuserdatauv(L, (n ? n : 1) * sizeof(struct ib_md_node *), 0);
    ib_md_node_list(doc->md, root, list, n);
    lua_pushinteger(L, (lua_Integer)n);
    lua_pushinteger(L, 0);
    if (first <= top) {
        lua_createtable(L, 0, top - first + 1);
        for (int i = first; i <= top; i++) {
            const char *t = luaL_checkstring(L, i);
            check_type_name(L, t);
            lua_pushboolean(L, 1);
            lua_setfield(L, -2, t);
        }
    } else {
        lua_pushnil(L);
    }
    lua_pushlightuserdata(L, doc);
    lua_pushboolean(L, writable);
    lua_pushinteger(L, (lua_Integer)f->epoch);
    lua_pushcclosure(L, node_iter, 7);
    return 1;
}

static int
node_nodes(lua_State *L)
{
    struct node_ud *u = check_node(L, 1);
    return push_node_iterator(L, filter_of(L), u->doc, u->node, u->writable, 2);
}

/* The file position of byte AT (1-based) of U's text, when U is a text
 * node; else U's own position. */
static struct ib_loc
node_position(lua_State *L, struct filter *f, struct node_ud *u, lua_Integer at)
{
    struct ib_doc *doc = u->doc;
    struct ib_loc loc = {doc->path, 0, 0};
    size_t work =
        ib_md_node_position(doc->md, u->node, (size_t)(at - 1), doc->body,
                            doc->body_len, &loc.line, &loc.col);
    charge(L, f, (long long)(work / 4));
    return loc;
}

/* node:position(i): the line and column of byte I of a text node's text;
 * any other node's own line and column. */
static int
node_position_at(lua_State *L)
{
    struct node_ud *u = check_node(L, 1);
    lua_Integer at = luaL_checkinteger(L, 2);
    luaL_argcheck(L, at >= 1, 2, "a byte of the node's text, 1 or more");
    struct ib_loc loc = node_position(L, filter_of(L), u, at);
    if (loc.line)
        lua_pushinteger(L, loc.line);
    else
        lua_pushnil(L);
    if (loc.line && loc.col)
        lua_pushinteger(L, loc.col);
    else
        lua_pushnil(L);
    return 2;
}

static int
node_ancestor(lua_State *L)
{
    struct node_ud *u = check_node(L, 1);
    const char *t = luaL_checkstring(L, 2);
    check_type_name(L, t);
    for (struct ib_md_node *p = ib_md_node_parent(u->node); p;
         p = ib_md_node_parent(p)) {
        if (strcmp(ib_md_node_type(p), t) == 0) {
            push_node(L, filter_of(L), u->doc, p, u->writable);
            return 1;
        }
    }
    lua_pushnil(L);
    return 1;
}

static int
node_edit_result(lua_State *L, int rc, const char *err)
{
    if (rc < 0)
        return luaL_error(L, "%s", err);
    return 0;
}

static int
node_replace(lua_State *L)
{
    struct node_ud *u = check_writable(L, 1);
    struct filter *f = filter_of(L);
    size_t len;
    const char *md = check_text(L, 2, &len, "the replacement Markdown");
    if (len > IB_DOC_MAX)
        return luaL_error(L, "node:replace: the Markdown is longer than "
                             "%d MiB, a document's limit",
                          (int)(IB_DOC_MAX >> 20));
    charge(L, f, (long long)(len / 4) + 100);
    charge_memory(L, f, len + 512);
    /* The limits that keep a body's parse about linear hold for a
     * replacement too: a few KiB of table could have its rows filled up
     * to gigabytes of cells. And the most the parse may take must fit in
     * the budget before it runs, so that the limit holds while it does,
     * not only after. */
    struct ib_mdlimit_over over;
    size_t most;
    if (ib_mdlimit_fragment(md, len, &most, &over) < 0)
        return luaL_error(L,
                          "node:replace: the Markdown is too complex at "
                          "its line %d: %s",
                          (int)over.line, over.why);
    charge_memory(L, f, most);
    f->external -= most;
    /* What the parse kept is known only after it: its nodes stay, with
     * their text, until the site is freed (failed edits' too). */
    size_t before = ib_md_added_nodes(u->doc->md);
    const char *err = NULL;
    int rc = ib_md_node_replace(u->doc->md, u->node, md, len, &err);
    charge_memory(L, f, (ib_md_added_nodes(u->doc->md) - before) * NODE_BYTES);
    return node_edit_result(L, rc, err);
}

static int
node_remove(lua_State *L)
{
    struct node_ud *u = check_writable(L, 1);
    charge_memory(L, filter_of(L), 64);
    const char *err = NULL;
    int rc = ib_md_node_remove(u->doc->md, u->node, &err);
    return node_edit_result(L, rc, err);
}

static int
node_index(lua_State *L)
{
    struct node_ud *u = check_node(L, 1);
    struct filter *f = filter_of(L);
    const char *k = luaL_checkstring(L, 2);
    struct ib_md *md = u->doc->md;
    const char *s = NULL;
    if (strcmp(k, "type") == 0) {
        lua_pushstring(L, ib_md_node_type(u->node));
    } else if (strcmp(k, "line") == 0) {
        unsigned v = ib_md_node_line(md, u->node);
        if (v)
            lua_pushinteger(L, v);
        else
            lua_pushnil(L);
    } else if (strcmp(k, "column") == 0) {
        /* A text node's as its first byte's: cmark-gfm's may be wrong. */
        unsigned v = node_position(L, f, u, 1).col;
        if (v)
            lua_pushinteger(L, v);
        else
            lua_pushnil(L);
    } else if (strcmp(k, "text") == 0) {
        ib_buf_reset(&f->scratch);
        ib_md_node_text(u->node, &f->scratch);
        charge(L, f, (long long)(f->scratch.len / 16));
        lua_pushlstring(L, ib_buf_cstr(&f->scratch), f->scratch.len);
    } else if ((strcmp(k, "url") == 0 && (s = ib_md_node_url(u->node))) ||
               (strcmp(k, "title") == 0 && (s = ib_md_node_title(u->node))) ||
               (strcmp(k, "info") == 0 && (s = ib_md_node_info(u->node)))) {
        lua_pushstring(L, s);
    } else if (strcmp(k, "level") == 0 && ib_md_node_level(u->node)) {
        lua_pushinteger(L, ib_md_node_level(u->node));
    } else if (strcmp(k, "parent") == 0) {
        struct ib_md_node *p = ib_md_node_parent(u->node);
        if (p)
            push_node(L, f, u->doc, p, u->writable);
        else
            lua_pushnil(L);
    } else if (strcmp(k, "replace") == 0) {
        lua_pushcfunction(L, node_replace);
    } else if (strcmp(k, "remove") == 0) {
        lua_pushcfunction(L, node_remove);
    } else if (strcmp(k, "ancestor") == 0) {
        lua_pushcfunction(L, node_ancestor);
    } else if (strcmp(k, "position") == 0) {
        lua_pushcfunction(L, node_position_at);
    } else if (strcmp(k, "nodes") == 0) {
        lua_pushcfunction(L, node_nodes);
    } else {
        lua_pushnil(L);
    }
    return 1;
}

static int
node_newindex(lua_State *L)
{
    struct node_ud *u = check_writable(L, 1);
    struct filter *f = filter_of(L);
    const char *k = luaL_checkstring(L, 2);
    struct ib_md *md = u->doc->md;
    const char *err = NULL;
    int rc;
    if (strcmp(k, "level") == 0) {
        rc = ib_md_node_set_level(md, u->node, (int)luaL_checkinteger(L, 3),
                                  &err);
        return node_edit_result(L, rc, err);
    }
    size_t len;
    const char *s = check_text(L, 3, &len, "the new value");
    charge_memory(L, f, len + 64);
    if (strcmp(k, "text") == 0)
        rc = ib_md_node_set_text(md, u->node, s, &err);
    else if (strcmp(k, "url") == 0)
        rc = ib_md_node_set_url(md, u->node, s, &err);
    else if (strcmp(k, "title") == 0)
        rc = ib_md_node_set_title(md, u->node, s, &err);
    else if (strcmp(k, "info") == 0)
        rc = ib_md_node_set_info(md, u->node, s, &err);
    else
        return luaL_error(L,
                          "node.%s cannot be set (only text, url, title, "
                          "info and level)",
                          k);
    return node_edit_result(L, rc, err);
}

static int
node_tostring(lua_State *L)
{
    struct node_ud *u = check_node(L, 1);
    lua_pushfstring(L, "node %s (line %d)", ib_md_node_type(u->node),
                    (int)ib_md_node_line(u->doc->md, u->node));
    return 1;
}

static struct doc_ud *
check_doc(lua_State *L, int idx)
{
    struct filter *f = filter_of(L);
    luaL_checktype(L, idx, LUA_TTABLE);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &key_docmap);
    lua_pushvalue(L, idx);
    lua_rawget(L, -2);
    struct doc_ud *u = lua_touserdata(L, -1);
    lua_pop(L, 2);
    if (!u)
        luaL_error(L, "not a document (call methods as doc:report{...})");
    else if (u->epoch != f->epoch || !f->in_call)
        luaL_error(L, "this document comes from an earlier hook call");
    return u;
}

static int
doc_nodes(lua_State *L)
{
    struct doc_ud *u = check_doc(L, 1);
    struct ib_md_node *root = u->doc->md ? ib_md_root(u->doc->md) : NULL;
    return push_node_iterator(L, filter_of(L), u->doc, root, u->writable, 2);
}

/* Validates a rule id a filter reports under. */
static const char *
check_rule(lua_State *L, const char *rule)
{
    if (!ib_ruleinfo_is_valid_id(rule))
        luaL_error(L,
                   "rule id '%s' must be lower-case letters, digits and "
                   "'-' (such as 'dpo-approval'), at most 64",
                   rule);
    if (ib_ruleinfo_get(rule)->id)
        luaL_error(L,
                   "rule id '%s' is one of ismsbook's own; give the "
                   "filter's rule an id of its own",
                   rule);
    return rule;
}

/* Reads {rule, message, severity} from the table at 2 and records the
 * finding at LOC. */
static int
report(lua_State *L, struct ib_loc loc)
{
    struct filter *f = filter_of(L);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_getfield(L, 2, "rule");
    const char *rule = lua_tostring(L, -1);
    if (!rule)
        return luaL_error(L, "report: 'rule' must be a rule id such as "
                             "'no-tbd'");
    check_rule(L, rule);
    lua_getfield(L, 2, "message");
    size_t mlen;
    const char *msg = lua_tolstring(L, -1, &mlen);
    if (!msg || mlen == 0)
        return luaL_error(L, "report: 'message' must be non-empty text");
    lua_getfield(L, 2, "severity");
    const char *sev = lua_isnil(L, -1) ? "error" : lua_tostring(L, -1);
    enum ib_sev level;
    if (!sev)
        return luaL_error(L, "report: 'severity' must be 'error' or "
                             "'warning'");
    if (strcmp(sev, "error") == 0)
        level = IB_SEV_ERROR;
    else if (strcmp(sev, "warning") == 0)
        level = IB_SEV_WARNING;
    else
        return luaL_error(L,
                          "report: 'severity' must be 'error' or "
                          "'warning', not '%s'",
                          sev);
    if (f->nfindings >= MAX_FINDINGS) {
        f->last_line = caller_line(L, f);
        set_dead(f, LIMIT_FINDINGS);
        return raise_limit(L);
    }
    charge_memory(L, f, mlen + strlen(rule) + 128);
    f->nfindings++;
    ib_diag_add(f->set->findings, level, loc, rule, "%s",
                one_line(f, msg, mlen, false));
    return 0;
}

/* The whole number at the top, the report field NAME's value. */
static lua_Integer
report_number(lua_State *L, const char *name)
{
    int ok = 0;
    bool number = lua_type(L, -1) == LUA_TNUMBER;
    lua_Integer n = number ? lua_tointegerx(L, -1, &ok) : 0;
    if (ok)
        return n;
    if (number)
        luaL_error(L, "report: '%s' must be a whole number, not %s", name,
                   lua_tostring(L, -1));
    luaL_error(L, "report: '%s' must be a whole number, not %s", name,
               luaL_typename(L, -1));
    return 0;
}

static int
doc_report(lua_State *L)
{
    struct doc_ud *u = check_doc(L, 1);
    struct ib_doc *doc = u->doc;
    luaL_checktype(L, 2, LUA_TTABLE);
    struct ib_loc loc = {doc->path, doc->fm_line ? doc->fm_line : 1, 0};
    if (lua_getfield(L, 2, "node") != LUA_TNIL) {
        if (!luaL_testudata(L, -1, "ismsbook.node"))
            return luaL_error(L, "report: 'node' must be a node of this "
                                 "document, not %s",
                              luaL_typename(L, -1));
        struct node_ud *n = check_node(L, lua_gettop(L));
        if (n->doc != doc)
            return luaL_error(L, "report: the node belongs to another "
                                 "document");
        /* At a byte of a text node's text, e.g. of a word in it. */
        lua_Integer at = 1;
        if (lua_getfield(L, 2, "at") != LUA_TNIL) {
            at = report_number(L, "at");
            if (at < 1)
                return luaL_error(L, "report: 'at' must be 1 or more");
        }
        struct ib_loc p = node_position(L, filter_of(L), n, at);
        loc.line = p.line;
        loc.col = p.col;
        if (!loc.line)
            loc.line = doc->fm_line ? doc->fm_line : 1;
    } else if (lua_getfield(L, 2, "at") != LUA_TNIL) {
        return luaL_error(L, "report: 'at' is a byte of a 'node''s text: "
                             "give the node too");
    } else if (lua_getfield(L, 2, "line") != LUA_TNIL) {
        lua_Integer line = report_number(L, "line");
        if (line < 1 || line > 100000000)
            return luaL_error(L, "report: 'line' must be a line number");
        loc.line = (unsigned)line;
    } else if (lua_getfield(L, 2, "key") != LUA_TNIL) {
        if (lua_type(L, -1) != LUA_TSTRING)
            return luaL_error(L, "report: 'key' must be a front matter key "
                                 "(text), not %s",
                              luaL_typename(L, -1));
        const char *key = lua_tostring(L, -1);
        const struct ib_val_pair *p = ib_val_get_pair(doc->fm, key);
        if (p && p->val->line) {
            loc.line = p->val->line;
            loc.col = p->val->col;
        } else if (p && p->line) {
            loc.line = p->line;
            loc.col = p->col;
        }
    }
    /* A column within the node's or the given line, e.g. of a word. */
    if (lua_getfield(L, 2, "column") != LUA_TNIL) {
        lua_Integer col = report_number(L, "column");
        if (col < 1 || col > 100000000)
            return luaL_error(L, "report: 'column' must be 1 or more");
        loc.col = (unsigned)col;
    }
    lua_settop(L, 2);
    return report(L, loc);
}

static int
doc_tostring(lua_State *L)
{
    struct doc_ud *u = check_doc(L, 1);
    lua_pushfstring(L, "document %s (%s)", u->doc->id.s, u->doc->path);
    return 1;
}

/* Pushes a document table; WRITABLE for the document hook's own. */
static void
push_doc(lua_State *L, struct filter *f, struct ib_doc *doc, bool writable,
         bool links)
{
    const struct ib_site *site = f->set->site;
    luaL_checkstack(L, 8, NULL);
    lua_createtable(L, 0, 24);
    set_str(L, "id", doc->id.s);
    set_str(L, "path", doc->path);
    set_str(L, "url", doc->out_path);
    set_str(L, "type", ib_doc_type_name(doc->type));
    set_str(L, "title", doc->title.s);
    set_str(L, "status", ib_status_name(doc->status));
    set_str(L, "owner", doc->owner.s);
    set_str(L, "classification", ib_class_name(doc->classification));
    set_str(L, "language", doc->lang.s[0] ? doc->lang.s : site->cfg.language);
    lua_pushboolean(L, ib_site_is_published(site, doc));
    lua_setfield(L, -2, "published");

    struct ib_review r = ib_site_review(site, doc);
    lua_createtable(L, 0, 3);
    set_str(L, "state", review_state(r.state));
    if (r.state != IB_REVIEW_NONE) {
        push_date(L, r.due);
        lua_setfield(L, -2, "due");
        lua_pushinteger(L, r.days);
        lua_setfield(L, -2, "days");
    }
    lua_setfield(L, -2, "review");

    /* doc.extra is doc.meta.extra; the document hook always gets one. */
    if (doc->fm)
        push_val(L, doc->fm);
    else
        lua_newtable(L);
    lua_getfield(L, -1, "extra");
    if (writable && !lua_istable(L, -1)) {
        lua_pop(L, 1);
        lua_newtable(L);
    }
    lua_setfield(L, -3, "extra");
    lua_setfield(L, -2, "meta");

    if (!writable && doc->md) {
        size_t nh = ib_md_heading_count(doc->md);
        lua_createtable(L, (int)nh, 0);
        for (size_t i = 0; i < nh; i++) {
            const struct ib_md_heading *h = ib_md_heading_get(doc->md, i);
            lua_createtable(L, 0, 4);
            lua_pushinteger(L, h->level);
            lua_setfield(L, -2, "level");
            set_str(L, "text", h->text);
            set_str(L, "anchor", h->anchor);
            lua_pushinteger(L, h->line);
            lua_setfield(L, -2, "line");
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        lua_setfield(L, -2, "headings");
    }
    if (links) {
        lua_createtable(L, (int)doc->referenced_by.n, 0);
        for (size_t i = 0; i < doc->referenced_by.n; i++) {
            lua_pushstring(L, doc->referenced_by.items[i]->id.s);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        lua_setfield(L, -2, "referenced_by");
        /* Outgoing links are the other side of every referenced_by. */
        lua_newtable(L);
        lua_Integer k = 1;
        for (size_t i = 0; i < site->ndocs; i++) {
            const struct ib_doc *to = site->docs[i];
            for (size_t j = 0; j < to->referenced_by.n; j++) {
                if (to->referenced_by.items[j] != doc)
                    continue;
                lua_pushstring(L, to->id.s);
                lua_rawseti(L, -2, k++);
                break;
            }
        }
        lua_setfield(L, -2, "links_to");
    }
    luaL_setmetatable(L, "ismsbook.doc");

    struct doc_ud *u = lua_newuserdatauv(L, sizeof *u, 0);
    *u = (struct doc_ud){doc, f->epoch, writable};
    lua_rawgetp(L, LUA_REGISTRYINDEX, &key_docmap);
    lua_pushvalue(L, -3);
    lua_pushvalue(L, -3);
    lua_rawset(L, -3);
    lua_pop(L, 2);
}

/* The ismsbook table */

static struct ib_date
check_date(lua_State *L, int idx, const char *fn)
{
    size_t len;
    const char *s = luaL_checklstring(L, idx, &len);
    struct ib_date d;
    if (!ib_date_parse(s, len, &d))
        luaL_error(L, "ismsbook.%s: '%s' is not a date (YYYY-MM-DD)", fn, s);
    return d;
}

static int
api_today(lua_State *L)
{
    push_date(L, filter_of(L)->set->site->today);
    return 1;
}

static int
api_is_date(lua_State *L)
{
    size_t len;
    const char *s =
        lua_type(L, 1) == LUA_TSTRING ? lua_tolstring(L, 1, &len) : NULL;
    struct ib_date d;
    lua_pushboolean(L, s && ib_date_parse(s, len, &d));
    return 1;
}

static int
api_date_add(lua_State *L)
{
    struct ib_date d = check_date(L, 1, "date_add");
    struct ib_interval iv;
    if (lua_type(L, 2) == LUA_TNUMBER) {
        lua_Integer n = luaL_checkinteger(L, 2);
        if (n < -3660000 || n > 3660000)
            return luaL_error(L, "ismsbook.date_add: %d days is too far",
                              (int)n);
        iv = (struct ib_interval){(int)n, IB_UNIT_DAYS};
    } else {
        size_t len;
        const char *s = luaL_checklstring(L, 2, &len);
        bool neg = len > 0 && s[0] == '-';
        bool has_unit = false, too_long = false;
        for (size_t i = 0; i < len; i++)
            has_unit |= (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z';
        if (!has_unit ||
            !ib_interval_parse(s + neg, len - neg, &iv, &too_long)) {
            if (too_long)
                return luaL_error(L,
                                  "ismsbook.date_add: '%s' is more than %d "
                                  "years",
                                  s, IB_INTERVAL_MAX_YEARS);
            return luaL_error(L,
                              "ismsbook.date_add: '%s' is not an "
                              "interval such as '3 months' or "
                              "'-14 days' (a number means days)",
                              s);
        }
        if (neg)
            iv.n = -iv.n;
    }
    struct ib_date r = ib_date_add(d, iv);
    /* The dates ismsbook.is_date and the front matter accept. */
    if (r.y < 1000 || r.y > 9999)
        return luaL_error(L,
                          "ismsbook.date_add: the result is outside "
                          "1000-01-01..9999-12-31");
    push_date(L, r);
    return 1;
}

static int
api_date_diff(lua_State *L)
{
    struct ib_date a = check_date(L, 1, "date_diff");
    struct ib_date b = check_date(L, 2, "date_diff");
    lua_pushinteger(L, ib_date_diff(a, b));
    return 1;
}

static void
push_strv(lua_State *L, const char *const *v)
{
    lua_newtable(L);
    for (lua_Integer i = 0; v && v[i]; i++) {
        lua_pushstring(L, v[i]);
        lua_rawseti(L, -2, i + 1);
    }
}

static void
push_control(lua_State *L, const struct ib_control *c)
{
    lua_createtable(L, 0, 12);
    set_str(L, "id", c->id);
    set_str(L, "display_id", c->display_id);
    set_str(L, "title", c->title);
    set_str(L, "theme", c->theme);
    push_strv(L, c->control_type);
    lua_setfield(L, -2, "control_type");
    push_strv(L, c->security_properties);
    lua_setfield(L, -2, "security_properties");
    push_strv(L, c->cybersecurity_concepts);
    lua_setfield(L, -2, "cybersecurity_concepts");
    push_strv(L, c->operational_capabilities);
    lua_setfield(L, -2, "operational_capabilities");
    push_strv(L, c->security_domains);
    lua_setfield(L, -2, "security_domains");
    push_strv(L, c->legacy);
    lua_setfield(L, -2, "legacy");
    lua_pushboolean(L, c->is_new);
    lua_setfield(L, -2, "is_new");
}

static int
api_control(lua_State *L)
{
    const struct ib_catalog *cat = filter_of(L)->set->cat;
    const struct ib_control *c =
        ib_catalog_control(cat, luaL_checkstring(L, 1));
    if (c)
        push_control(L, c);
    else
        lua_pushnil(L);
    return 1;
}

static int
api_controls(lua_State *L)
{
    const struct ib_catalog *cat = filter_of(L)->set->cat;
    bool all = lua_isnoneornil(L, 1);
    lua_newtable(L);
    if (all) {
        for (size_t i = 0; i < ib_catalog_control_count(cat); i++) {
            push_control(L, ib_catalog_control_at(cat, i));
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        return 1;
    }
    const char *id = luaL_checkstring(L, 1);
    const struct ib_control *m[8];
    size_t n = 0;
    if ((m[0] = ib_catalog_control(cat, id)))
        n = 1;
    else
        n = ib_catalog_legacy(cat, id, m, 8);
    for (size_t i = 0; i < n && i < 8; i++) {
        push_control(L, m[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

static int
api_clause(lua_State *L)
{
    const struct ib_catalog *cat = filter_of(L)->set->cat;
    const struct ib_clause *c = ib_catalog_clause(cat, luaL_checkstring(L, 1));
    if (!c) {
        lua_pushnil(L);
        return 1;
    }
    lua_createtable(L, 0, 3);
    set_str(L, "id", c->id);
    set_str(L, "title", c->title);
    if (c->parent)
        set_str(L, "parent", c->parent);
    return 1;
}

static int
api_person(lua_State *L)
{
    const struct ib_site *site = filter_of(L)->set->site;
    const char *key = luaL_checkstring(L, 1);
    const struct ib_val *p = ib_val_get(site->cfg.people, key);
    if (!p || p->kind != IB_VAL_MAP) {
        lua_pushnil(L);
        return 1;
    }
    push_val(L, p);
    set_str(L, "key", key);
    return 1;
}

static int
api_people(lua_State *L)
{
    const struct ib_val *people = filter_of(L)->set->site->cfg.people;
    lua_newtable(L);
    for (size_t i = 0; people && i < people->n; i++) {
        const struct ib_val *p = people->pairs[i].val;
        if (p->kind != IB_VAL_MAP)
            continue;
        push_val(L, p);
        set_str(L, "key", people->pairs[i].key);
        lua_setfield(L, -2, people->pairs[i].key);
    }
    return 1;
}

static int
api_document(lua_State *L)
{
    struct filter *f = filter_of(L);
    struct ib_doc *doc = ib_site_find_id(f->set->site, luaL_checkstring(L, 1));
    if (!doc || !is_listed(doc)) {
        lua_pushnil(L);
        return 1;
    }
    push_doc(L, f, doc, false, false);
    return 1;
}

static int
api_escape(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    charge(L, filter_of(L), (long long)(len / 8));
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        /* CommonMark lets any ASCII punctuation be escaped. */
        if (c > 32 && c < 127 &&
            !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9')))
            luaL_addchar(&b, '\\');
        luaL_addchar(&b, (char)c);
    }
    luaL_pushresult(&b);
    return 1;
}

/* What an option of kind KIND must be, or NULL when V is one. */
static const char *
option_want(const char *kind, const struct ib_val *v)
{
    if (strcmp(kind, "text") == 0)
        return v->kind == IB_VAL_STR ? NULL : "text";
    if (strcmp(kind, "boolean") == 0)
        return v->kind == IB_VAL_BOOL ? NULL : "true or false";
    if (strcmp(kind, "number") == 0)
        return v->kind == IB_VAL_NUM ? NULL : "a number";
    if (strcmp(kind, "severity") == 0)
        return v->kind == IB_VAL_STR && (strcmp(v->str, "error") == 0 ||
                                         strcmp(v->str, "warning") == 0)
                   ? NULL
                   : "error or warning";
    if (strcmp(kind, "level") == 0)
        return v->kind == IB_VAL_NUM && v->num >= 1 && v->num <= 6 &&
                       v->num == (double)(int)v->num
                   ? NULL
                   : "a heading level from 1 to 6";
    bool ids = strcmp(kind, "ids") == 0; /* else "list" */
    bool ok = v->kind == IB_VAL_LIST;
    for (size_t i = 0; ok && i < v->n; i++)
        ok = v->items[i]->kind == IB_VAL_STR ||
             (ids && v->items[i]->kind == IB_VAL_NUM);
    if (ok)
        return NULL;
    return ids ? "a list such as [5.34, A.18.1.4]"
               : "a list of text such as [a, b]";
}

/* Raises the error in F's scratch buffer, about the option at LINE:COL
 * of handbook.yaml (see run). */
static int
option_error(lua_State *L, struct filter *f, unsigned line, unsigned col)
{
    f->opt_line = line;
    f->opt_col = col;
    lua_pushlstring(L, f->scratch.data, f->scratch.len);
    return lua_error(L);
}

/* Writes the option names KINDS (at 1) knows, sorted, to F's scratch. */
static void
option_names(lua_State *L, struct filter *f)
{
    const char **names = NULL;
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING) {
            names = ib_xrealloc(names, (n + 1) * sizeof(*names));
            names[n++] = lua_tostring(L, -1);
        }
    }
    if (n > 1)
        qsort(names, n, sizeof(*names), ib_text_cmp_ptr);
    for (size_t k = 0; k < n; k++)
        ib_buf_printf(&f->scratch, "%s%s", k ? ", " : "", names[k]);
    if (!n)
        ib_buf_puts(&f->scratch, "none");
    free(names);
}

/*
 * ismsbook.check_options(kinds): checks the filter's options against
 * KINDS, a table of option name -> "text", "list" (of text), "ids" (a
 * list of text or numbers), "severity" (error or warning), "level" (1 to
 * 6), "boolean" or "number". An unknown option or a wrong value is a
 * filter-error at its place in handbook.yaml, so that a typo never turns
 * a rule off in silence.
 */
static int
api_check_options(lua_State *L)
{
    static const char *const kinds[] = {
        "text", "list", "ids", "severity", "level", "boolean", "number", NULL,
    };
    struct filter *f = filter_of(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            return luaL_error(L, "check_options: option names are text");
        const char *k =
            lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "";
        size_t j = 0;
        while (kinds[j] && strcmp(kinds[j], k) != 0)
            j++;
        if (!kinds[j])
            return luaL_error(L,
                              "check_options: option '%s' has no known kind "
                              "('%s'; text, list, ids, severity, level, "
                              "boolean or number)",
                              lua_tostring(L, -2), k);
        lua_pop(L, 1);
    }
    const struct ib_val *o = f->options;
    if (!o || o->kind != IB_VAL_MAP)
        return 0;
    for (size_t i = 0; i < o->n; i++) {
        const struct ib_val_pair *p = &o->pairs[i];
        const struct ib_val *v = p->val;
        lua_getfield(L, 1, p->key);
        const char *kind = lua_tostring(L, -1);
        ib_buf_reset(&f->scratch);
        if (!kind) {
            ib_buf_printf(&f->scratch,
                          "%s: unknown option '%s' (the options are ",
                          f->path, p->key);
            option_names(L, f);
            ib_buf_putc(&f->scratch, ')');
            return option_error(L, f, p->line, p->col);
        }
        const char *want = option_want(kind, v);
        lua_pop(L, 1);
        if (!want)
            continue;
        ib_buf_printf(&f->scratch, "%s: options.%s must be %s, not ",
                      f->path, p->key, want);
        if (v->kind == IB_VAL_STR)
            ib_buf_printf(&f->scratch, "'%s'", v->str);
        else if (ib_val_is_scalar(v) && v->kind != IB_VAL_NULL)
            ib_buf_puts(&f->scratch, v->str);
        else
            ib_buf_puts(&f->scratch,
                        v->kind == IB_VAL_LIST  ? "a list holding other values"
                        : v->kind == IB_VAL_MAP ? "a map"
                                                : "nothing");
        return v->line ? option_error(L, f, v->line, v->col)
                       : option_error(L, f, p->line, p->col);
    }
    return 0;
}

static int
api_slug(lua_State *L)
{
    struct filter *f = filter_of(L);
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    charge(L, f, (long long)(len / 8));
    ib_buf_reset(&f->scratch);
    ib_md_slug(s, len, &f->scratch);
    lua_pushlstring(L, ib_buf_cstr(&f->scratch), f->scratch.len);
    return 1;
}

/* The site hook's table */

static int
site_document(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    struct filter *f = filter_of(L);
    struct ib_doc *doc = ib_site_find_id(f->set->site, luaL_checkstring(L, 2));
    if (!doc || !is_listed(doc)) {
        lua_pushnil(L);
        return 1;
    }
    push_doc(L, f, doc, false, true);
    return 1;
}

static int
site_report(lua_State *L)
{
    struct filter *f = filter_of(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    return report(
        L, (struct ib_loc){f->set->site->cfg.file, f->conf_line, f->conf_col});
}

/* Setup */

static void
set_funcs(lua_State *L, const luaL_Reg *r)
{
    luaL_setfuncs(L, r, 0);
}

/* Replaces FIELD of the table on top with a closure over the original. */
static void
wrap(lua_State *L, const char *field, lua_CFunction fn, int extra)
{
    lua_getfield(L, -1, field);
    if (extra)
        lua_pushinteger(L, extra);
    lua_pushcclosure(L, fn, extra ? 2 : 1);
    lua_setfield(L, -2, field);
}

static void
drop(lua_State *L, const char *field)
{
    lua_pushnil(L);
    lua_setfield(L, -2, field);
}

static void
locked_metatable(lua_State *L, const char *name, const luaL_Reg *r)
{
    luaL_newmetatable(L, name);
    set_funcs(L, r);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
}

static void
reset_caches(lua_State *L)
{
    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &key_cache_rw);
    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &key_cache_ro);
}

static void
open_sandbox(lua_State *L, struct filter *f)
{
    luaL_requiref(L, "_G", luaopen_base, 1);
    drop(L, "dofile");
    drop(L, "loadfile");
    drop(L, "warn");
    wrap(L, "load", l_load, 0);
    wrap(L, "setmetatable", l_setmetatable, 0);
    lua_pushcfunction(L, l_pcall);
    lua_setfield(L, -2, "pcall");
    lua_pushcfunction(L, l_xpcall);
    lua_setfield(L, -2, "xpcall");
    lua_pushcfunction(L, l_collectgarbage);
    lua_setfield(L, -2, "collectgarbage");
    lua_pushcfunction(L, l_log);
    lua_setfield(L, -2, "print");
    lua_pop(L, 1);

    luaL_requiref(L, "string", luaopen_string, 1);
    drop(L, "dump");
    static const luaL_Reg strings[] = {
        {"find", s_find}, {"match", s_match}, {"gmatch", s_gmatch},
        {"gsub", s_gsub}, {NULL, NULL},
    };
    set_funcs(L, strings);
    wrap(L, "rep", s_rep, 0);
    lua_pop(L, 1);
    /* Strings share one metatable per state; lock this filter's. */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);

    luaL_requiref(L, "table", luaopen_table, 1);
    wrap(L, "insert", t_insert, 0);
    wrap(L, "remove", t_remove, 0);
    wrap(L, "move", t_move, 0);
    wrap(L, "sort", t_sort, 0);
    wrap(L, "concat", t_range_priced, 3);
    wrap(L, "unpack", t_range_priced, 2);
    lua_pop(L, 1);

    luaL_requiref(L, "math", luaopen_math, 1);
    /* A fixed seed: the same handbook builds the same site. */
    lua_getfield(L, -1, "randomseed");
    lua_pushinteger(L, 0);
    lua_call(L, 1, 0);
    lua_pop(L, 1);
    luaL_requiref(L, "utf8", luaopen_utf8, 1);
    lua_pop(L, 1);
    luaL_requiref(L, "coroutine", luaopen_coroutine, 1);
    wrap(L, "create", l_newthread, 0);
    wrap(L, "wrap", l_newthread, 0);
    wrap(L, "resume", l_catching, 0);
    wrap(L, "close", l_catching, 0);
    lua_pop(L, 1);

    luaL_requiref(L, "os", luaopen_os, 0);
    lua_createtable(L, 0, 3);
    static const char *const os_keep[] = {"time", "date", "clock"};
    for (size_t i = 0; i < 3; i++) {
        lua_getfield(L, -2, os_keep[i]);
        lua_setfield(L, -2, os_keep[i]);
    }
    lua_setglobal(L, "os");
    lua_pop(L, 1);
    /* The registry's _LOADED table still holds the whole os library; no
     * filter can reach the registry. */

    static const luaL_Reg node_mt[] = {
        {"__index", node_index},
        {"__newindex", node_newindex},
        {"__tostring", node_tostring},
        {NULL, NULL},
    };
    locked_metatable(L, "ismsbook.node", node_mt);
    static const luaL_Reg doc_methods[] = {
        {"report", doc_report},
        {"nodes", doc_nodes},
        {NULL, NULL},
    };
    luaL_newmetatable(L, "ismsbook.doc");
    lua_newtable(L);
    set_funcs(L, doc_methods);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, doc_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    static const luaL_Reg site_methods[] = {
        {"report", site_report},
        {"document", site_document},
        {NULL, NULL},
    };
    luaL_newmetatable(L, "ismsbook.site");
    lua_newtable(L);
    set_funcs(L, site_methods);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);

    lua_newtable(L);
    lua_newtable(L);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &key_docmap);
    reset_caches(L);

    static const luaL_Reg api[] = {
        {"today", api_today},
        {"date_add", api_date_add},
        {"date_diff", api_date_diff},
        {"is_date", api_is_date},
        {"control", api_control},
        {"controls", api_controls},
        {"clause", api_clause},
        {"person", api_person},
        {"people", api_people},
        {"document", api_document},
        {"escape", api_escape},
        {"slug", api_slug},
        {"check_options", api_check_options},
        {"log", l_log},
        {NULL, NULL},
    };
    lua_newtable(L);
    set_funcs(L, api);
    set_str(L, "version", IB_VERSION);
    set_str(L, "filter", f->path);
    if (f->options)
        push_val(L, f->options);
    else
        lua_newtable(L);
    lua_setfield(L, -2, "options");
    lua_setglobal(L, "ismsbook");
}

/* Calls */

struct call {
    struct filter *f;
    struct ib_doc *doc;
    const char *text;
    size_t len;
    struct ib_val *newfm;
};

/* Describes the error object at 1 for the finding, in C memory. */
static int
msgh(lua_State *L)
{
    struct filter *f = filter_of(L);
    if (f->dead)
        return 1;
    ib_buf_reset(&f->err);
    f->err_line = 0;
    size_t len;
    const char *msg = NULL;
    switch (lua_type(L, 1)) {
    case LUA_TSTRING:
        msg = lua_tolstring(L, 1, &len);
        break;
    case LUA_TNUMBER:
        ib_buf_printf(&f->err, "error(%g)", (double)lua_tonumber(L, 1));
        break;
    case LUA_TNIL:
        ib_buf_puts(&f->err, "error(nil) raised without a message");
        break;
    case LUA_TBOOLEAN:
        ib_buf_printf(&f->err, "error(%s) raised without a message",
                      lua_toboolean(L, 1) ? "true" : "false");
        break;
    case LUA_TTABLE:
        if (lua_getfield(L, 1, "message") == LUA_TSTRING) {
            ib_buf_puts(&f->err, "error object: ");
            msg = lua_tolstring(L, -1, &len);
        } else {
            ib_buf_puts(&f->err, "error raised with a table instead of a "
                                 "message (use error(\"text\"))");
        }
        break;
    default:
        ib_buf_printf(&f->err, "error raised with a %s instead of a message",
                      luaL_typename(L, 1));
        break;
    }
    if (msg) {
        /* "filters/x.lua:12: text": the line is the finding's. */
        size_t plen = strlen(f->path);
        if (len > plen + 2 && memcmp(msg, f->path, plen) == 0 &&
            msg[plen] == ':' && msg[plen + 1] >= '0' && msg[plen + 1] <= '9') {
            const char *p = msg + plen + 1;
            unsigned line = 0;
            while (*p >= '0' && *p <= '9' && line < 100000000)
                line = line * 10 + (unsigned)(*p++ - '0');
            if (*p == ':') {
                f->err_line = line;
                p++;
                if (*p == ' ')
                    p++;
                len -= (size_t)(p - msg);
                msg = p;
            }
        }
        ib_buf_puts(&f->err, one_line(f, msg, len, false));
    }
    ib_buf_puts(&f->err, "\n");
    lua_Debug ar;
    int shown = 0;
    for (int level = 1; level < 100 && lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sln", &ar) || ar.currentline <= 0)
            continue;
        bool ours = strcmp(ar.source, f->chunkname) == 0;
        if (ours && !f->err_line)
            f->err_line = (unsigned)ar.currentline;
        if (shown == 4) {
            ib_buf_puts(&f->err, ", ...");
            break;
        }
        ib_buf_printf(&f->err, "%s%s:%d", shown ? ", " : "", ar.short_src,
                      ar.currentline);
        if (ar.name)
            ib_buf_printf(&f->err, " (%s)", ar.name);
        shown++;
    }
    if (!f->err_line)
        f->err_line = f->fallback_line;
    return 1;
}

static int
run(struct filter *f, lua_CFunction fn, struct call *c, const char *what,
    struct ib_diag *d)
{
    struct ib_filter_set *set = f->set;
    if (set->failed)
        return -1;
    lua_State *L = f->L;
    f->remaining = set->limits.instructions;
    f->deadline = add_seconds(now(), set->limits.seconds);
    f->epoch++;
    f->in_call = true;
    f->last_line = 0;
    f->fallback_line = 0;
    f->opt_line = f->opt_col = 0;
    f->refused = false;
    watchdog_arm(set, f, what);
    lua_settop(L, 0);
    lua_pushcfunction(L, msgh);
    lua_pushcfunction(L, fn);
    lua_pushlightuserdata(L, c);
    int status = lua_pcall(L, 1, 0, 1);
    watchdog_disarm(set);
    f->in_call = false;
    f->epoch++;
    if (status == LUA_OK) {
        lua_settop(L, 0);
        return 0;
    }
    if (status == LUA_ERRMEM)
        set_dead(f, LIMIT_MEMORY);
    set->failed = true;
    struct ib_loc loc = {f->path, f->dead ? f->limit_line : f->err_line, 0};
    if (!f->dead && f->opt_line && status == LUA_ERRRUN) {
        /* About the options: at their place, no traceback. */
        const char *text = ib_buf_cstr(&f->err);
        const char *nl = strchr(text, '\n');
        ib_diag_add(d, IB_SEV_ERROR,
                    (struct ib_loc){set->site->cfg.file, f->opt_line,
                                    f->opt_col},
                    "filter-error", "%.*s (%s)",
                    nl ? (int)(nl - text) : (int)strlen(text), text, what);
        lua_settop(L, 0);
        return -1;
    }
    struct ib_filter_limits *lim = &set->limits;
    switch (f->dead) {
    case LIMIT_INSTRUCTIONS:
        ib_diag_add(d, IB_SEV_ERROR, loc, "filter-limit",
                    "ran more than %lld instructions (%s); raise "
                    "filter_limits.instructions if the work is genuine",
                    lim->instructions, what);
        break;
    case LIMIT_MEMORY:
        ib_diag_add(d, IB_SEV_ERROR, loc, "filter-limit",
                    "used more than %zu MiB of memory (%s); raise "
                    "filter_limits.memory_mb if the data is genuine",
                    lim->memory >> 20, what);
        break;
    case LIMIT_TIME:
        ib_diag_add(d, IB_SEV_ERROR, loc, "filter-limit",
                    "ran longer than %g seconds (%s); raise "
                    "filter_limits.seconds if the work is genuine",
                    lim->seconds, what);
        break;
    case LIMIT_FINDINGS:
        ib_diag_add(d, IB_SEV_ERROR, loc, "filter-limit",
                    "reported more than %d findings (%s)", MAX_FINDINGS, what);
        break;
    case LIMIT_CLOSING:
    case LIMIT_NONE: {
        const char *text = ib_buf_cstr(&f->err);
        const char *nl = strchr(text, '\n');
        /* One frame only repeats the position: no traceback then. */
        const char *tb = nl && strchr(nl + 1, ',') ? nl + 1 : NULL;
        if (status == LUA_ERRERR)
            ib_diag_add(d, IB_SEV_ERROR, loc, "filter-error",
                        "error in the error handler (%s)", what);
        else
            ib_diag_add(d, IB_SEV_ERROR, loc, "filter-error", "%.*s (%s%s%s)",
                        nl ? (int)(nl - text) : (int)strlen(text), text, what,
                        tb ? "; traceback: " : "", tb ? tb : "");
        break;
    }
    }
    lua_settop(L, 0);
    return -1;
}

/* The line where the function at IDX is defined (0 for a C one). */
static unsigned
function_line(lua_State *L, int idx)
{
    lua_Debug ar;
    lua_pushvalue(L, idx);
    if (!lua_getinfo(L, ">S", &ar) || ar.linedefined < 0)
        return 0;
    return (unsigned)ar.linedefined;
}

/*
 * The last line with code of the chunk at IDX: the line where it returns
 * its table (the parser gives the closing return the line of the last
 * token). 0 if there is none.
 */
static unsigned
last_line_of(lua_State *L, int idx)
{
    lua_Debug ar;
    lua_pushvalue(L, idx);
    if (!lua_getinfo(L, ">L", &ar) || !lua_istable(L, -1)) {
        lua_pop(L, 1);
        return 0;
    }
    lua_Integer max = 0;
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pop(L, 1);
        if (lua_isinteger(L, -1) && lua_tointeger(L, -1) > max)
            max = lua_tointeger(L, -1);
    }
    lua_pop(L, 1);
    return max > 0 && max < 100000000 ? (unsigned)max : 0;
}

static const char *const hook_names[] = {"document", "site", NULL};

static int
p_load(lua_State *L)
{
    struct call *c = lua_touserdata(L, 1);
    struct filter *f = c->f;
    open_sandbox(L, f);
    if (luaL_loadbufferx(L, c->text, c->len, f->chunkname, "t") != LUA_OK)
        return lua_error(L);
    lua_getglobal(L, "ismsbook");
    lua_getfield(L, -1, "options");
    lua_remove(L, -2);
    unsigned ret_line = last_line_of(L, -2);
    lua_call(L, 1, 1);
    f->fallback_line = ret_line;
    if (!lua_istable(L, -1))
        return luaL_error(L,
                          "the filter must return a table of hooks, such "
                          "as return { document = function(doc) ... "
                          "end }, not %s",
                          luaL_typename(L, -1));
    int hooks = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, hooks)) {
        const char *k =
            lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
        bool known =
            k && (strcmp(k, "document") == 0 || strcmp(k, "site") == 0);
        if (lua_isfunction(L, -1) && function_line(L, -1))
            f->fallback_line = function_line(L, -1);
        if (!known) {
            const char *hint = k ? ib_text_suggest(k, hook_names) : NULL;
            return luaL_error(L,
                              "unknown hook '%s' (the hooks are document "
                              "and site)%s%s%s",
                              k ? k : luaL_typename(L, -2),
                              hint ? "; did you mean '" : "", hint ? hint : "",
                              hint ? "'?" : "");
        }
        if (!lua_isfunction(L, -1))
            return luaL_error(L, "hook '%s' must be a function, not %s", k,
                              luaL_typename(L, -1));
        lua_pop(L, 1);
    }
    if (lua_getfield(L, hooks, "document") == LUA_TFUNCTION)
        f->ref_document = luaL_ref(L, LUA_REGISTRYINDEX);
    else
        lua_pop(L, 1);
    if (lua_getfield(L, hooks, "site") == LUA_TFUNCTION)
        f->ref_site = luaL_ref(L, LUA_REGISTRYINDEX);
    else
        lua_pop(L, 1);
    if (f->ref_document == LUA_NOREF && f->ref_site == LUA_NOREF)
        return luaL_error(L, "the filter returns no hooks (document or "
                             "site)");
    return 0;
}

static int
p_document(lua_State *L)
{
    struct call *c = lua_touserdata(L, 1);
    struct filter *f = c->f;
    struct ib_doc *doc = c->doc;
    reset_caches(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, f->ref_document);
    f->hook_line = function_line(L, -1);
    push_doc(L, f, doc, true, false);
    int docidx = lua_gettop(L);
    lua_getfield(L, docidx, "extra");
    int orig_extra = lua_gettop(L);
    lua_pushvalue(L, orig_extra - 2);
    lua_pushvalue(L, docidx);
    lua_call(L, 1, 0);
    /* What follows runs after the hook returned: its place is the hook's. */
    f->last_line = f->fallback_line = f->hook_line;

    /* doc.extra goes into doc.meta.extra when the hook replaced it, or
     * filled the fresh one a document without extra got. */
    if (lua_getfield(L, docidx, "meta") != LUA_TTABLE)
        return luaL_error(L, "doc.meta must stay a table");
    int meta = lua_gettop(L);
    if (lua_getfield(L, docidx, "extra") == LUA_TTABLE) {
        bool replaced = !lua_rawequal(L, -1, orig_extra);
        bool fresh = lua_getfield(L, meta, "extra") == LUA_TNIL;
        lua_pop(L, 1);
        lua_pushnil(L);
        bool filled = lua_next(L, -2) != 0;
        if (filled)
            lua_pop(L, 2);
        if (replaced || (fresh && filled))
            lua_setfield(L, meta, "extra");
    }
    lua_settop(L, meta);
    struct conv cv = {
        L, f, f->set->site->arena, doc->fm_line ? doc->fm_line : 1, 0, "meta"};
    c->newfm = to_val(&cv, meta, doc->fm, 0);
    if (c->newfm != doc->fm) {
        const struct ib_val *id = ib_val_get(c->newfm, "id");
        if (!id || !ib_val_is_scalar(id) || strcmp(id->str, doc->id.s) != 0)
            return luaL_error(L,
                              "a filter cannot change or remove a "
                              "document's id ('%s')",
                              doc->id.s);
    }
    reset_caches(L);
    return 0;
}

static int
p_site(lua_State *L)
{
    struct call *c = lua_touserdata(L, 1);
    struct filter *f = c->f;
    const struct ib_site *site = f->set->site;
    reset_caches(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, f->ref_site);
    f->hook_line = function_line(L, -1);
    lua_createtable(L, 0, 6);
    set_str(L, "title", site->cfg.title);
    set_str(L, "organisation", site->cfg.organisation);
    set_str(L, "language", site->cfg.language);
    push_date(L, site->today);
    lua_setfield(L, -2, "today");
    lua_createtable(L, (int)site->ndocs, 0);
    lua_Integer k = 1;
    for (size_t i = 0; i < site->ndocs; i++) {
        if (!is_listed(site->docs[i]))
            continue;
        push_doc(L, f, site->docs[i], false, true);
        lua_rawseti(L, -2, k++);
    }
    lua_setfield(L, -2, "documents");
    luaL_setmetatable(L, "ismsbook.site");
    lua_call(L, 1, 0);
    reset_caches(L);
    return 0;
}

/* Metadata a hook changed: schema-checked again, reported once. */
static void
revalidate(struct ib_filter_set *set, struct ib_doc *doc,
           const struct ib_val *fm, struct ib_diag *d)
{
    struct ib_diag *scratch = ib_diag_new();
    ib_config_apply_rules(&set->site->cfg, scratch);
    ib_doc_revalidate(set->site->arena, &set->site->cfg, doc, fm, scratch);
    size_t nold = ib_diag_count(d);
    for (size_t i = 0; i < ib_diag_count(scratch); i++) {
        const struct ib_finding *x = ib_diag_get(scratch, i);
        bool seen = false;
        for (size_t k = 0; k < nold && !seen; k++) {
            const struct ib_finding *y = ib_diag_get(d, k);
            seen = y->loc.line == x->loc.line && y->loc.col == x->loc.col &&
                   y->loc.file && strcmp(y->loc.file, x->loc.file) == 0 &&
                   strcmp(y->rule, x->rule) == 0 && strcmp(y->msg, x->msg) == 0;
        }
        if (!seen)
            ib_diag_add(d, x->sev, x->loc, x->rule, "%s", x->msg);
    }
    ib_diag_free(scratch);
}

bool
ib_filter_set_has_document_hooks(const struct ib_filter_set *fs)
{
    for (size_t i = 0; fs && i < fs->n; i++)
        if (fs->filters[i].ref_document != LUA_NOREF)
            return true;
    return false;
}

bool
ib_filter_set_has_site_hooks(const struct ib_filter_set *fs)
{
    for (size_t i = 0; fs && i < fs->n; i++)
        if (fs->filters[i].ref_site != LUA_NOREF)
            return true;
    return false;
}

int
ib_filter_run_document(struct ib_filter_set *fs, struct ib_doc *doc,
                       struct ib_diag *d)
{
    if (!fs || !doc->md || !is_listed(doc))
        return 0;
    int rc = 0;
    char *what = NULL;
    if (asprintf(&what, "document hook for %s", doc->path) < 0)
        what = NULL;
    for (size_t i = 0; i < fs->n && rc == 0; i++) {
        struct filter *f = &fs->filters[i];
        if (f->ref_document == LUA_NOREF)
            continue;
        struct call c = {f, doc, NULL, 0, NULL};
        rc = run(f, p_document, &c, what ? what : "document hook", d);
        if (rc == 0 && c.newfm && c.newfm != doc->fm)
            revalidate(fs, doc, c.newfm, d);
    }
    free(what);
    ib_md_refresh(doc->md);
    return rc;
}

int
ib_filter_run_site(struct ib_filter_set *fs, struct ib_diag *d)
{
    if (!fs)
        return 0;
    int rc = 0;
    for (size_t i = 0; i < fs->n && rc == 0; i++) {
        struct filter *f = &fs->filters[i];
        if (f->ref_site == LUA_NOREF)
            continue;
        struct call c = {f, NULL, NULL, 0, NULL};
        rc = run(f, p_site, &c, "site hook", d);
    }
    return rc;
}

static int
load_filter(struct ib_filter_set *set, struct filter *f,
            const struct ib_filter_conf *fc, struct ib_diag *d)
{
    struct ib_site *site = set->site;
    f->set = set;
    f->path = fc->path;
    f->options = fc->options;
    f->conf_line = fc->line;
    f->conf_col = fc->col;
    f->ref_document = f->ref_site = LUA_NOREF;
    ib_buf_init(&f->scratch);
    ib_buf_init(&f->err);
    size_t plen = strlen(fc->path);
    f->chunkname = ib_xmalloc(plen + 2);
    f->chunkname[0] = '@';
    memcpy(f->chunkname + 1, fc->path, plen + 1);

    struct ib_loc at = {site->cfg.file, fc->line, fc->col};
    struct ib_diag *scratch = ib_diag_new();
    char *text = NULL;
    size_t len = 0;
    if (ib_fs_read(site->root, fc->path, IB_CONFIG_MAX, &text, &len,
                   scratch) < 0) {
        const struct ib_finding *x = ib_diag_get(scratch, 0);
        ib_diag_add(d, IB_SEV_ERROR, at, "filter-error",
                    "cannot load filter '%s': %s", fc->path,
                    x ? x->msg : "unreadable");
        ib_diag_free(scratch);
        return -1;
    }
    ib_diag_free(scratch);

    f->L = lua_newstate(allocate, f);
    if (!f->L) {
        free(text);
        ib_diag_add(d, IB_SEV_ERROR, at, "filter-limit",
                    "filter '%s' does not fit in %zu MiB of memory", fc->path,
                    set->limits.memory >> 20);
        return -1;
    }
    lua_atpanic(f->L, panic);
    lua_sethook(f->L, hook, LUA_MASKCOUNT, STEP);
    struct call c = {f, NULL, text, len, NULL};
    int rc = run(f, p_load, &c, "loading the filter", d);
    free(text);
    return rc;
}

struct ib_filter_set *
ib_filter_set_new(struct ib_site *site, const struct ib_catalog *cat,
                  struct ib_diag *findings, ib_filter_log_fn log, void *log_ud,
                  struct ib_diag *d)
{
    if (site->cfg.nfilters == 0)
        return NULL;
    struct ib_filter_set *set = ib_xcalloc(1, sizeof *set);
    set->site = site;
    set->cat = cat;
    set->findings = findings;
    set->log = log;
    set->log_ud = log_ud;
    set->limits = site->cfg.filter_limits;
    set->filters = ib_xcalloc(site->cfg.nfilters, sizeof *set->filters);

    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_mutex_init(&set->mu, NULL);
    pthread_cond_init(&set->cv, &attr);
    pthread_condattr_destroy(&attr);
    set->has_watchdog = pthread_create(&set->thread, NULL, watchdog, set) == 0;

    for (size_t i = 0; i < site->cfg.nfilters; i++) {
        set->n++;
        if (load_filter(set, &set->filters[i], &site->cfg.filters[i], d) < 0) {
            set->failed = true;
            ib_filter_set_free(set);
            return NULL;
        }
    }
    return set;
}

void
ib_filter_set_free(struct ib_filter_set *fs)
{
    if (!fs)
        return;
    for (size_t i = 0; i < fs->n; i++) {
        struct filter *f = &fs->filters[i];
        if (f->L) {
            /* Finalizers and to-be-closed variables run on close; any Lua
             * code left stops at its first instruction. */
            f->dead = LIMIT_CLOSING;
            f->deadline = add_seconds(now(), fs->limits.seconds);
            watchdog_arm(fs, f, "closing the filter");
            lua_sethook(f->L, hook, LUA_MASKCOUNT, 1);
            lua_close(f->L);
            watchdog_disarm(fs);
        }
        free(f->chunkname);
        ib_buf_fini(&f->scratch);
        ib_buf_fini(&f->err);
    }
    if (fs->has_watchdog) {
        pthread_mutex_lock(&fs->mu);
        fs->quit = true;
        pthread_cond_signal(&fs->cv);
        pthread_mutex_unlock(&fs->mu);
        pthread_join(fs->thread, NULL);
    }
    pthread_mutex_destroy(&fs->mu);
    pthread_cond_destroy(&fs->cv);
    free(fs->filters);
    free(fs);
}
