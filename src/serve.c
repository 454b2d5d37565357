/* SPDX-License-Identifier: MIT */
/*
 * The preview server of `ismsbook serve`, the only user of libmicrohttpd.
 * The main thread owns the build: it waits on a signalfd and the watch
 * set, rebuilds into a private folder after 50 ms without further changes,
 * and publishes each result as a new generation. libmicrohttpd's threads
 * (one per connection) only read: the site on disk, the generation and the
 * findings of a failed build, which the lock guards. Pages get a script
 * that listens on an event stream and reloads when the generation moves;
 * the files of the site on disk never get it. Request paths are checked
 * byte by byte before anything is opened, and files are opened below the
 * site folder without following symbolic links.
 */
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "arena.h"
#include "buf.h"
#include "cache.h"
#include "build.h"
#include "config.h"
#include "diag.h"
#include "guard.h"
#include "report.h"
#include "site.h"
#include "watch.h"
#include "xmalloc.h"

#define CONN_LIMIT 64                   /* connections at once */
#define NSLOTS ((size_t)2 * CONN_LIMIT) /* slots: closed ones linger */
#define STREAM_LIMIT 16                 /* event streams at once (open tabs) */
#define IDLE_TIMEOUT 10                 /* s without traffic before a close */
#define HEAD_DEADLINE 5000              /* ms to send a whole request head */
#define MEMORY_LIMIT 32768  /* bytes per connection: bounds the head */
#define KEEPALIVE_MS 15000  /* comment lines keep a stream open */
#define QUIET_MS 50         /* rebuild after this long without changes */
#define HTML_MAX (64 << 20) /* larger pages are sent without the script */
#define EVENTS_PATH "/_ismsbook/events"
#define SCRIPT_PATH "/_ismsbook/reload.js"

static const char reload_js[] =
    "// ismsbook serve: reload this page when the handbook was rebuilt.\n"
    "(function () {\n"
    "  \"use strict\";\n"
    "  var me = document.currentScript;\n"
    "  var shown = me ? me.getAttribute(\"data-generation\") : null;\n"
    "  if (!window.EventSource) return;\n"
    "  var events = new EventSource(\"" EVENTS_PATH "\");\n"
    "  events.onmessage = function (e) {\n"
    "    if (e.data !== shown) location.reload();\n"
    "  };\n"
    "})();\n";

/* A connection still sending its request head, for the deadline. */
struct slot {
    bool used, waiting;
    int fd;
    long long since; /* ms */
};

struct server {
    const struct ib_serve_opts *opts;
    char *tmp;       /* the private folder */
    char *out;       /* TMP/site, the folder served */
    bool check_host; /* listening on loopback: refuse other Host names */
    struct ib_cache *cache; /* bodies of the last build, or NULL */
    /* The last build, kept for quick rebuilds, while it is good. */
    struct ib_build_state *state;
    bool watch_full; /* told the user the watch limit was reached */
    pthread_mutex_t lock;
    pthread_cond_t cond; /* signalled on a new generation or stop */
    /* Guarded by LOCK: */
    unsigned long gen; /* builds so far */
    char *overlay;     /* the error page of a failed last build, or NULL */
    bool stopping;
    unsigned streams;
    struct slot slots[NSLOTS];
};

static long long
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- request paths */

static int
hex(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int
ib_serve_path(const char *raw, char *rel, size_t size)
{
    static const char index[] = "index.html";
    if (raw[0] != '/' || size == 0)
        return -1;
    size_t n = 0;
    bool seg_start = true;
    for (const char *p = raw + 1; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '%') {
            int hi = hex(p[1]);
            int lo = hi < 0 ? -1 : hex(p[2]);
            if (lo < 0)
                return -1;
            c = (unsigned char)(hi * 16 + lo);
            p += 2;
            /* Nothing the site links to needs these encoded; they are
             * how traversal hides from naive checks. A '%' (%25) is a
             * file name's own, as the site's links encode it: decoded
             * once, never again, "%252e" is the name "%2e". */
            if (c == '.' || c == '/')
                return -1;
        }
        if (c < 0x20 || c == 0x7f || c == '\\')
            return -1;
        if (c == '/') {
            if (seg_start)
                return -1;
            seg_start = true;
        } else {
            if (seg_start && c == '.')
                return -1;
            seg_start = false;
        }
        if (n + 1 >= size)
            return -1;
        rel[n++] = (char)c;
    }
    if (seg_start) {
        if (n + sizeof index > size)
            return -1;
        memcpy(rel + n, index, sizeof index);
        return 0;
    }
    rel[n] = '\0';
    return 0;
}

static const char *
content_type(const char *rel)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {"html", "text/html; charset=utf-8"},
        {"htm", "text/html; charset=utf-8"},
        {"css", "text/css; charset=utf-8"},
        {"js", "text/javascript; charset=utf-8"},
        {"json", "application/json"},
        {"xml", "application/xml"},
        {"svg", "image/svg+xml"},
        {"ics", "text/calendar; charset=utf-8"},
        {"csv", "text/csv; charset=utf-8"},
        {"txt", "text/plain; charset=utf-8"},
        {"pdf", "application/pdf"},
        {"png", "image/png"},
        {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},
        {"gif", "image/gif"},
        {"webp", "image/webp"},
        {"ico", "image/x-icon"},
        {"woff", "font/woff"},
        {"woff2", "font/woff2"},
    };
    const char *dot = strrchr(rel, '.');
    if (dot && !strchr(dot, '/'))
        for (size_t i = 0; i < sizeof types / sizeof *types; i++)
            if (strcasecmp(dot + 1, types[i].ext) == 0)
                return types[i].type;
    return "application/octet-stream";
}

static bool
is_html(const char *rel)
{
    return strncmp(content_type(rel), "text/html", 9) == 0;
}

/*
 * Opens REL below the folder OUT. REL has passed ib_serve_path, so it has
 * no "." or ".." segment; every folder on the way and the file itself are
 * opened with O_NOFOLLOW, so no symbolic link leads anywhere, let alone
 * outside the site. (The site has none: the build copies no links.)
 * Returns a descriptor, or -1.
 */
static int
open_below(const char *out, const char *rel)
{
    int dir = open(out, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    char seg[NAME_MAX + 1];
    const char *p = rel;
    while (dir >= 0) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == 0 || len > NAME_MAX) {
            close(dir);
            return -1;
        }
        memcpy(seg, p, len);
        seg[len] = '\0';
        int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
                    (slash ? O_DIRECTORY : O_NONBLOCK);
        int fd = openat(dir, seg, flags);
        close(dir);
        if (!slash)
            return fd;
        dir = fd;
        p = slash + 1;
    }
    return -1;
}

/* ---- responses */

static enum MHD_Result
send_response(struct MHD_Connection *c, unsigned status, struct MHD_Response *r,
              const char *type)
{
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    /* One request per connection, so each request head meets the
     * deadline, not only a connection's first. */
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result ret = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result
send_text(struct MHD_Connection *c, unsigned status, const char *text)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        strlen(text), (void *)text, MHD_RESPMEM_PERSISTENT);
    return send_response(c, status, r, "text/plain; charset=utf-8");
}

/* Returns where the script goes: before the last "</body", else the end. */
static size_t
body_end(const char *html, size_t len)
{
    for (size_t i = len; i >= 6; i--)
        if (html[i - 6] == '<' && strncasecmp(html + i - 6, "</body", 6) == 0)
            return i - 6;
    return len;
}

/* Sends the page HTML (LEN bytes, taken) with the reload script for
 * generation GEN. */
static enum MHD_Result
send_page(struct MHD_Connection *c, unsigned status, char *html, size_t len,
          unsigned long gen)
{
    char tag[128];
    int n = snprintf(tag, sizeof tag,
                     "<script src=\"" SCRIPT_PATH "\" "
                     "data-generation=\"%lu\"></script>\n",
                     gen);
    size_t at = body_end(html, len);
    char *page = ib_xmalloc(len + (size_t)n + 1);
    memcpy(page, html, at);
    memcpy(page + at, tag, (size_t)n);
    memcpy(page + at + n, html + at, len - at);
    free(html);
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len + (size_t)n, page, MHD_RESPMEM_MUST_FREE);
    if (!r)
        free(page);
    return send_response(c, status, r, "text/html; charset=utf-8");
}

/* Reads the SIZE bytes of FD (closing it) into a new buffer. */
static char *
read_all(int fd, size_t size, size_t *len)
{
    char *p = ib_xmalloc(size + 1);
    size_t got = 0;
    while (got < size) {
        ssize_t k = read(fd, p + got, size - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    close(fd);
    p[got] = '\0';
    *len = got;
    return p;
}

/* Sends the file FD (taken) of REL with STATUS. */
static enum MHD_Result
send_file(struct MHD_Connection *c, unsigned status, int fd,
          const struct stat *st, const char *rel, unsigned long gen)
{
    if (is_html(rel) && st->st_size <= HTML_MAX) {
        size_t len;
        char *html = read_all(fd, (size_t)st->st_size, &len);
        return send_page(c, status, html, len, gen);
    }
    struct MHD_Response *r =
        MHD_create_response_from_fd((uint64_t)st->st_size, fd);
    if (!r)
        close(fd);
    return send_response(c, status, r, content_type(rel));
}

/* The site's own 404.html with status 404, else a line of text. */
static enum MHD_Result
send_not_found(struct server *s, struct MHD_Connection *c, unsigned long gen)
{
    int fd = open_below(s->out, "404.html");
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        return send_file(c, MHD_HTTP_NOT_FOUND, fd, &st, "404.html", gen);
    if (fd >= 0)
        close(fd);
    return send_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
}

static enum MHD_Result
send_redirect(struct MHD_Connection *c, const char *url)
{
    char *to;
    if (asprintf(&to, "%s/", url) < 0)
        return MHD_NO;
    struct MHD_Response *r =
        MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (r)
        MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, to);
    free(to);
    return send_response(c, MHD_HTTP_MOVED_PERMANENTLY, r,
                         "text/plain; charset=utf-8");
}

static enum MHD_Result
send_site_file(struct server *s, struct MHD_Connection *c, const char *url,
               const char *rel, unsigned long gen)
{
    int fd = open_below(s->out, rel);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        if (fd >= 0)
            close(fd);
        return send_not_found(s, c, gen);
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return send_redirect(c, url);
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return send_not_found(s, c, gen);
    }
    return send_file(c, MHD_HTTP_OK, fd, &st, rel, gen);
}

/* ---- the event stream */

struct stream {
    struct server *s;
    int fd;             /* the connection's socket */
    unsigned long sent; /* the generation last sent; 0: none yet */
    long long last;     /* ms of the last write */
};

static bool
peer_gone(int fd)
{
    struct pollfd p = {fd, POLLRDHUP, 0};
    return poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR));
}

/*
 * Writes the current generation when it is new to this stream, a comment
 * line every KEEPALIVE_MS, and ends the stream when the server stops or
 * the client left (checked once a second while waiting).
 */
static ssize_t
stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    (void)pos;
    struct stream *st = cls;
    struct server *s = st->s;
    ssize_t n = 0;
    pthread_mutex_lock(&s->lock);
    while (n == 0) {
        long long now = now_ms();
        if (s->stopping || peer_gone(st->fd)) {
            n = MHD_CONTENT_READER_END_OF_STREAM;
        } else if (s->gen != st->sent) {
            n = snprintf(buf, max, "%sdata: %lu\n\n",
                         st->sent ? "" : "retry: 1000\n", s->gen);
            st->sent = s->gen;
            st->last = now;
        } else if (now - st->last >= KEEPALIVE_MS) {
            n = snprintf(buf, max, ": keepalive\n\n");
            st->last = now;
        } else {
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            ts.tv_sec += 1;
            pthread_cond_timedwait(&s->cond, &s->lock, &ts);
        }
    }
    pthread_mutex_unlock(&s->lock);
    if (n > 0 && (size_t)n >= max)
        n = MHD_CONTENT_READER_END_WITH_ERROR;
    return n;
}

static void
stream_free(void *cls)
{
    struct stream *st = cls;
    pthread_mutex_lock(&st->s->lock);
    st->s->streams--;
    pthread_mutex_unlock(&st->s->lock);
    free(st);
}

static enum MHD_Result
send_stream(struct server *s, struct MHD_Connection *c)
{
    pthread_mutex_lock(&s->lock);
    bool full = s->streams >= STREAM_LIMIT;
    if (!full)
        s->streams++;
    pthread_mutex_unlock(&s->lock);
    if (full)
        return send_text(c, MHD_HTTP_SERVICE_UNAVAILABLE,
                         "too many event streams\n");
    struct stream *st = ib_xcalloc(1, sizeof *st);
    st->s = s;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    st->fd = ci ? ci->connect_fd : -1;
    st->last = now_ms();
    struct MHD_Response *r = MHD_create_response_from_callback(
        MHD_SIZE_UNKNOWN, 1024, stream_read, st, stream_free);
    if (!r) {
        stream_free(st);
        return MHD_NO;
    }
    /* The keep-alive comments are the traffic that keeps it open. */
    MHD_set_connection_option(c, MHD_CONNECTION_OPTION_TIMEOUT,
                              (unsigned)(4 * KEEPALIVE_MS / 1000));
    return send_response(c, MHD_HTTP_OK, r, "text/event-stream");
}

/* ---- connections and requests */

static void
notify_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                  enum MHD_ConnectionNotificationCode code)
{
    struct server *s = cls;
    pthread_mutex_lock(&s->lock);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        for (size_t i = 0; ci && i < NSLOTS; i++) {
            struct slot *sl = &s->slots[i];
            if (!sl->used) {
                *sl = (struct slot){true, true, ci->connect_fd, now_ms()};
                *socket_context = sl;
                break;
            }
        }
    } else if (*socket_context) {
        /* libmicrohttpd closes the socket after this returns. */
        ((struct slot *)*socket_context)->used = false;
        *socket_context = NULL;
    }
    pthread_mutex_unlock(&s->lock);
}

static void
head_received(struct server *s, struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    if (!ci || !ci->socket_context)
        return;
    pthread_mutex_lock(&s->lock);
    ((struct slot *)ci->socket_context)->waiting = false;
    pthread_mutex_unlock(&s->lock);
}

/* Shuts the sockets of connections still sending their request head after
 * HEAD_DEADLINE (slowloris: a byte now and then beats an idle timeout). */
static void
reap_slow(struct server *s)
{
    long long now = now_ms();
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < NSLOTS; i++) {
        struct slot *sl = &s->slots[i];
        if (sl->used && sl->waiting && now - sl->since > HEAD_DEADLINE) {
            shutdown(sl->fd, SHUT_RDWR);
            sl->waiting = false;
        }
    }
    pthread_mutex_unlock(&s->lock);
}

/* The request path as sent: serve decodes it itself, strictly. */
static size_t
keep_escaped(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    return strlen(s);
}

/* True for a loopback name: localhost, 127.x.y.z or [::1], any port. A
 * page of another site that a DNS trick points at 127.0.0.1 sends its own
 * name, so it cannot read the handbook. */
static bool
host_ok(const char *host)
{
    if (!host)
        return true;
    const char *end;
    const char *name = host;
    if (host[0] == '[') {
        name = host + 1;
        end = strchr(name, ']');
        if (!end)
            return false;
    } else {
        end = strchr(host, ':');
        if (!end)
            end = host + strlen(host);
    }
    size_t len = (size_t)(end - name);
    const char *rest = end + (host[0] == '[');
    if (rest[0] == ':')
        rest += 1 + strspn(rest + 1, "0123456789");
    if (rest[0] != '\0')
        return false;
    if ((len == 9 && strncasecmp(name, "localhost", 9) == 0) ||
        (len == 3 && strncmp(name, "::1", 3) == 0))
        return true;
    return len > 4 && strncmp(name, "127.", 4) == 0 &&
           strspn(name, "0123456789.") == len;
}

static enum MHD_Result
handle_request(void *cls, struct MHD_Connection *c, const char *url,
               const char *method, const char *version, const char *upload_data,
               size_t *upload_size, void **req)
{
    (void)version;
    (void)upload_data;
    (void)upload_size;
    (void)req;
    struct server *s = cls;
    head_received(s, c);
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        struct MHD_Response *r = MHD_create_response_from_buffer(
            19, (void *)"method not allowed\n", MHD_RESPMEM_PERSISTENT);
        if (r)
            MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
        return send_response(c, MHD_HTTP_METHOD_NOT_ALLOWED, r,
                             "text/plain; charset=utf-8");
    }
    if (s->check_host && !host_ok(MHD_lookup_connection_value(
                             c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST)))
        return send_text(c, MHD_HTTP_FORBIDDEN, "not a local host name\n");
    if (strcmp(url, SCRIPT_PATH) == 0) {
        struct MHD_Response *r = MHD_create_response_from_buffer(
            sizeof reload_js - 1, (void *)reload_js, MHD_RESPMEM_PERSISTENT);
        return send_response(c, MHD_HTTP_OK, r, content_type("x.js"));
    }
    if (strcmp(url, EVENTS_PATH) == 0)
        return send_stream(s, c);
    char rel[PATH_MAX];
    if (ib_serve_path(url, rel, sizeof rel) < 0)
        return send_text(c, MHD_HTTP_BAD_REQUEST, "bad request path\n");

    pthread_mutex_lock(&s->lock);
    unsigned long gen = s->gen;
    char *overlay = s->overlay && is_html(rel) ? ib_xstrdup(s->overlay) : NULL;
    pthread_mutex_unlock(&s->lock);
    if (overlay)
        return send_page(c, MHD_HTTP_INTERNAL_SERVER_ERROR, overlay,
                         strlen(overlay), gen);
    if (strncmp(rel, "_ismsbook/", 10) == 0)
        return send_not_found(s, c, gen);
    return send_site_file(s, c, url, rel, gen);
}

/* ---- building */

/* The page shown instead of the site while the handbook has errors. */
static char *
overlay_page(const char *findings, size_t nerrors, size_t nwarnings)
{
    struct ib_buf b;
    ib_buf_init(&b);
    ib_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                    "<meta charset=\"utf-8\">\n"
                    "<title>Build failed - ismsbook</title>\n"
                    "<style>body{font:15px/1.5 system-ui,sans-serif;"
                    "margin:2rem auto;max-width:60rem;padding:0 1rem;"
                    "color:#1a1a1a}pre{background:#fdf0f0;"
                    "border-left:4px solid #b00020;padding:1rem;"
                    "white-space:pre-wrap;overflow-wrap:anywhere}</style>\n"
                    "</head>\n<body>\n<h1>The handbook has errors</h1>\n");
    ib_buf_printf(&b,
                  "<p>%zu error(s), %zu warning(s). The site is not shown "
                  "until they are fixed; this page reloads when you save."
                  "</p>\n<pre>",
                  nerrors, nwarnings);
    ib_buf_put_html(&b, findings, strlen(findings));
    ib_buf_puts(&b, "</pre>\n</body>\n</html>\n");
    return ib_buf_take(&b);
}

/*
 * The one place serve builds: a rebuild's options are set here. When
 * only the N files of C changed (UNNAMED: others too), the last good
 * build may bring its site up to date by itself (ib_build_update);
 * otherwise, or when it cannot, the handbook is built again. A file made
 * and gone again since (an editor's or sed's temporary) changed nothing.
 */
static int
run_build(struct server *s, const struct ib_watch_change *c, size_t n,
          bool unnamed, size_t *pages, struct ib_diag **d)
{
    char **paths = ib_xcalloc(n + 1, sizeof(*paths));
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (!c[i].created || lstat(c[i].path, &st) == 0)
            paths[k++] = c[i].path;
    }
    *pages = 0;
    bool quick = s->state && !unnamed && k > 0 &&
                 ib_build_update(s->state, paths, k, pages, *d) == 0;
    free(paths);
    if (quick)
        return IB_EXIT_OK;
    *pages = 0;
    ib_build_state_free(s->state);
    s->state = NULL;
    ib_diag_free(*d); /* whatever the quick way found, a build finds again */
    *d = ib_diag_new();
    struct ib_build_opts o = {
        .root = s->opts->root,
        .out = s->out,
        .today = s->opts->today,
        .strict = s->opts->strict,
        .jobs = s->opts->jobs,
        .have_max_class = s->opts->have_max_class,
        .max_class = s->opts->max_class,
        .no_cache = s->cache == NULL,
        .cache = s->cache,
        .keep = &s->state,
        .own_out = true,
    };
    int rc = ib_build(&o, *d);
    /* What the build freed is not needed while serve waits. */
    ib_malloc_trim();
    return rc;
}

/* Watches the SoA file and the filters where handbook.yaml says they are,
 * besides the folders watch_handbook covers. */
static void
watch_config(struct server *s, struct ib_watch *w)
{
    struct ib_arena *a = ib_arena_new();
    struct ib_diag *d = ib_diag_new();
    struct ib_config cfg;
    if (ib_config_load(a, s->opts->root, &cfg, d) == 0) {
        struct ib_buf p;
        ib_buf_init(&p);
        for (size_t i = 0; i <= cfg.nfilters; i++) {
            const char *rel = i < cfg.nfilters ? cfg.filters[i].path : cfg.soa;
            if (!rel || !rel[0])
                continue;
            ib_buf_reset(&p);
            ib_buf_printf(&p, "%s/%s", s->opts->root, rel);
            ib_watch_add_file(w, ib_buf_cstr(&p));
        }
        ib_buf_fini(&p);
    }
    ib_diag_free(d);
    ib_arena_free(a);
}

static void
watch_handbook(struct server *s, struct ib_watch *w)
{
    static const char *const trees[] = {"content", "themes", "filters",
                                        "static"};
    struct ib_buf p;
    ib_buf_init(&p);
    int rc = 0;
    for (size_t i = 0; i <= sizeof trees / sizeof *trees; i++) {
        ib_buf_reset(&p);
        if (i == sizeof trees / sizeof *trees) {
            ib_buf_printf(&p, "%s/handbook.yaml", s->opts->root);
            rc |= ib_watch_add_file(w, ib_buf_cstr(&p));
        } else {
            ib_buf_printf(&p, "%s/%s", s->opts->root, trees[i]);
            rc |= ib_watch_add_tree(w, ib_buf_cstr(&p));
        }
    }
    ib_buf_fini(&p);
    if (rc < 0 && errno == ENOSPC && !s->watch_full) {
        fprintf(stderr, "ismsbook: error: serve: the system's limit of inotify "
                        "watches is reached; some folders are not watched "
                        "(raise fs.inotify.max_user_watches)\n");
        s->watch_full = true;
    }
}

/* Builds, prints the outcome and publishes it as the next generation. */
static void
build_and_publish(struct server *s, struct ib_watch *w)
{
    struct ib_diag *d = ib_diag_new();
    size_t n;
    bool unnamed;
    struct ib_watch_change *changes = ib_watch_take(w, &n, &unnamed);
    long long t0 = now_ms();
    size_t pages;
    int status = run_build(s, changes, n, unnamed, &pages, &d);
    long long ms = now_ms() - t0;
    ib_watch_changes_free(changes, n);

    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (mem) {
        ib_report_text(mem, d);
        fclose(mem);
    }
    char *overlay = NULL;
    pthread_mutex_lock(&s->lock);
    bool first = s->gen == 0;
    pthread_mutex_unlock(&s->lock);
    if (status == IB_EXIT_OK) {
        if (pages)
            printf("rebuilt in %lld ms: %zu page(s) and the search index\n",
                   ms, pages);
        else
            printf("%s in %lld ms\n", first ? "built" : "rebuilt", ms);
    } else {
        printf("build failed in %lld ms: %zu error(s), %zu warning(s); "
               "the browser shows them\n",
               ms, ib_diag_errors(d), ib_diag_warnings(d));
        overlay = overlay_page(text && text[0]
                                   ? text
                                   : "ismsbook: error: the build failed\n",
                               ib_diag_errors(d), ib_diag_warnings(d));
    }
    fflush(stdout);
    if (text)
        fputs(text, stderr);
    free(text);
    ib_diag_free(d);

    pthread_mutex_lock(&s->lock);
    s->gen++;
    free(s->overlay);
    s->overlay = overlay;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
    /* handbook.yaml may have moved the SoA or added a filter. */
    watch_handbook(s, w);
    watch_config(s, w);
}

/* ---- start and stop */

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

/* The private folder while serve runs, for the watchdog's last act: a
 * document that takes too long ends the process (guard.h). */
static const char *private_dir;

static void
remove_private_dir(void)
{
    nftw(private_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Creates the private folder in $XDG_RUNTIME_DIR, $TMPDIR or /tmp. */
static char *
make_private_dir(void)
{
    const char *bases[] = {getenv("XDG_RUNTIME_DIR"), getenv("TMPDIR"), "/tmp"};
    for (size_t i = 0; i < sizeof bases / sizeof *bases; i++) {
        if (!bases[i] || bases[i][0] != '/')
            continue;
        char *dir;
        if (asprintf(&dir, "%s/ismsbook-serve-XXXXXX", bases[i]) < 0)
            return NULL;
        if (mkdtemp(dir))
            return dir;
        free(dir);
    }
    return NULL;
}

/* Parses ADDR (IPv4, or IPv6 with or without brackets) into SA. */
static int
parse_addr(const char *addr, unsigned port, struct sockaddr_storage *sa,
           socklen_t *len, bool *loopback)
{
    memset(sa, 0, sizeof *sa);
    struct sockaddr_in *v4 = (struct sockaddr_in *)sa;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)sa;
    char buf[INET6_ADDRSTRLEN + 2];
    size_t n = strlen(addr);
    if (n >= 2 && addr[0] == '[' && addr[n - 1] == ']' && n < sizeof buf) {
        memcpy(buf, addr + 1, n - 2);
        buf[n - 2] = '\0';
        addr = buf;
    }
    if (inet_pton(AF_INET, addr, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)port);
        *len = sizeof *v4;
        *loopback = (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
        return 0;
    }
    if (inet_pton(AF_INET6, addr, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)port);
        *len = sizeof *v6;
        *loopback = IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr);
        return 0;
    }
    return -1;
}

/* Opens the listening socket; returns it with *PORT the port it got, or
 * -1 with errno set. */
static int
listen_on(const struct sockaddr_storage *sa, socklen_t len, unsigned *port)
{
    int fd = socket(sa->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (sa->ss_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    struct sockaddr_storage got = {0};
    socklen_t gotlen = sizeof got;
    if (bind(fd, (const struct sockaddr *)sa, len) < 0 || listen(fd, 64) < 0 ||
        getsockname(fd, (struct sockaddr *)&got, &gotlen) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    if (got.ss_family == AF_INET6) {
        struct sockaddr_in6 in6;
        memcpy(&in6, &got, sizeof in6);
        *port = ntohs(in6.sin6_port);
    } else {
        struct sockaddr_in in4;
        memcpy(&in4, &got, sizeof in4);
        *port = ntohs(in4.sin_port);
    }
    return fd;
}

static struct MHD_Daemon *
start_daemon(struct server *s, int listen_fd, bool ipv6)
{
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL;
    if (ipv6)
        flags |= MHD_USE_IPv6;
    return MHD_start_daemon(
        flags, 0, NULL, NULL, handle_request, s, MHD_OPTION_LISTEN_SOCKET,
        listen_fd, MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONN_LIMIT,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_TIMEOUT,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)MEMORY_LIMIT,
        MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL,
        MHD_OPTION_NOTIFY_CONNECTION, notify_connection, s, MHD_OPTION_END);
}

/* Waits for changes and signals; returns on SIGINT, SIGTERM or SIGHUP. */
static void
serve_loop(struct server *s, struct ib_watch *w, int sigfd)
{
    bool pending = false;
    long long last_change = 0;
    for (;;) {
        struct pollfd p[2] = {{sigfd, POLLIN, 0}, {ib_watch_fd(w), POLLIN, 0}};
        if (poll(p, 2, pending ? QUIET_MS : 1000) < 0 && errno != EINTR)
            return;
        if (p[0].revents & POLLIN) {
            struct signalfd_siginfo si;
            /* Read, so the signal is not delivered again once the mask
             * is restored. */
            if (read(sigfd, &si, sizeof si) < 0)
                return;
            return;
        }
        if ((p[1].revents & POLLIN) && ib_watch_read(w)) {
            pending = true;
            last_change = now_ms();
        }
        if (pending && now_ms() - last_change >= QUIET_MS) {
            pending = false;
            build_and_publish(s, w);
        }
        reap_slow(s);
    }
}

static void
print_url(const char *addr, bool ipv6, unsigned port)
{
    bool bracket = ipv6 && addr[0] != '[';
    printf("Serving http://%s%s%s:%u/ (Ctrl-C to stop)\n", bracket ? "[" : "",
           addr, bracket ? "]" : "", port);
    fflush(stdout);
}

/* Runs the server once everything it needs exists. */
static int
run(struct server *s, int listen_fd, unsigned port, bool ipv6, int sigfd)
{
    struct ib_watch *w = ib_watch_new();
    if (!w) {
        perror("ismsbook: error: serve: inotify");
        close(listen_fd);
        return IB_EXIT_USAGE;
    }
    watch_handbook(s, w);
    build_and_publish(s, w);
    struct MHD_Daemon *daemon = start_daemon(s, listen_fd, ipv6);
    if (!daemon) {
        fputs("ismsbook: error: serve: cannot start the HTTP server\n", stderr);
        close(listen_fd);
        ib_watch_free(w);
        return IB_EXIT_USAGE;
    }
    print_url(s->opts->bind ? s->opts->bind : "127.0.0.1", ipv6, port);
    serve_loop(s, w, sigfd);

    pthread_mutex_lock(&s->lock);
    s->stopping = true;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
    MHD_stop_daemon(daemon);
    ib_watch_free(w);
    puts("stopped");
    return IB_EXIT_OK;
}

int
ib_serve(const struct ib_serve_opts *opts)
{
    /* Before a port is taken: the message build and check give. */
    struct ib_diag *d = ib_diag_new();
    bool present = ib_config_present(opts->root, d);
    ib_report_text(stderr, d);
    ib_diag_free(d);
    if (!present)
        return IB_EXIT_USAGE;
    const char *addr = opts->bind ? opts->bind : "127.0.0.1";
    struct sockaddr_storage sa;
    socklen_t salen;
    bool loopback;
    if (parse_addr(addr, opts->port, &sa, &salen, &loopback) < 0) {
        fprintf(stderr, "ismsbook: error: serve: not an IP address '%s'\n",
                addr);
        return IB_EXIT_USAGE;
    }
    unsigned port;
    int listen_fd = listen_on(&sa, salen, &port);
    if (listen_fd < 0) {
        fprintf(stderr,
                "ismsbook: error: serve: cannot listen on %s port %u: %s\n",
                addr, opts->port, strerror(errno));
        return IB_EXIT_USAGE;
    }

    struct server s = {.opts = opts, .check_host = loopback};
    s.tmp = make_private_dir();
    if (!s.tmp) {
        perror("ismsbook: error: serve: creating a private folder");
        close(listen_fd);
        return IB_EXIT_USAGE;
    }
    if (asprintf(&s.out, "%s/site", s.tmp) < 0)
        s.out = NULL;
    /* Unchanged documents are not parsed again: rebuilds cost what
     * changed, plus the pages. */
    struct ib_cache_key stamp;
    if (ib_cache_stamp(&stamp) == 0)
        s.cache = ib_cache_open(NULL, &stamp);
    pthread_mutex_init(&s.lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&s.cond, &ca);
    pthread_condattr_destroy(&ca);

    /* Blocked before any thread starts, so every thread inherits the
     * mask and the signals arrive only through the signalfd. A closed
     * standard output must not end serve before it cleaned up. */
    sigset_t sigs, old;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGHUP);
    signal(SIGPIPE, SIG_IGN);
    pthread_sigmask(SIG_BLOCK, &sigs, &old);
    int sigfd = signalfd(-1, &sigs, SFD_CLOEXEC);
    int rc;
    if (sigfd < 0 || !s.out) {
        perror("ismsbook: error: serve");
        close(listen_fd);
        rc = IB_EXIT_USAGE;
    } else {
        /* Builds are build's, bound per document as build's are; the
         * watchdog's thread starts with the signals blocked too. */
        private_dir = s.tmp;
        ib_guard_on_fire(remove_private_dir);
        ib_guard_start(ib_guard_seconds_from_env());
        rc = run(&s, listen_fd, port, sa.ss_family == AF_INET6, sigfd);
        ib_guard_stop();
        ib_guard_on_fire(NULL);
        private_dir = NULL;
    }
    if (sigfd >= 0)
        close(sigfd);
    nftw(s.tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_cond_destroy(&s.cond);
    pthread_mutex_destroy(&s.lock);
    free(s.overlay);
    free(s.out);
    free(s.tmp);
    ib_cache_free(s.cache);
    ib_build_state_free(s.state);
    return rc;
}
