/* SPDX-License-Identifier: MIT */
/*
 * The body cache. An entry is one blob: the serialised products of one
 * document body, NUL-terminated strings included, so a hit hands out
 * pointers into it. The table maps keys to blobs with open addressing.
 *
 * The file: "ISMSBOOK-CACHE 2\n", the stamp (32 bytes), then entries,
 * each a key (32 bytes), a length (4 bytes), a checksum of the blob (8
 * bytes; both little-endian) and the blob. It is read whole when the
 * cache opens; a file that does not parse whole, or has another stamp,
 * is ignored. A blob read from the file is checked against its checksum
 * and then field by field when got, so a damaged one is a miss, never a
 * crash or a wrong page. A new file
 * is an unnamed one in the same folder: new blobs go there as they are
 * put (so a build does not keep them in memory), the old ones still used
 * at the end, and then it gets a name and is renamed into place. A build
 * that fails or is killed leaves the old file as it was.
 */
#include "cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "fs.h"
#include "xmalloc.h"

#define MAGIC "ISMSBOOK-CACHE 2\n"
#define MAGIC_LEN (sizeof MAGIC - 1)
/* Bumped whenever a blob's layout or meaning changes. */
#define FORMAT "body-cache-3"
/* A blob larger than this is damage (documents are at most a few MB). */
#define BLOB_MAX ((uint32_t)256 << 20)

void
ib_hash_init(struct ib_hash *h)
{
    sha256_init(&h->ctx);
}

void
ib_hash_put(struct ib_hash *h, const void *data, size_t len)
{
    sha256_update(&h->ctx, len, data);
}

void
ib_hash_str(struct ib_hash *h, const char *s)
{
    ib_hash_put(h, s, strlen(s) + 1);
}

void
ib_hash_end(struct ib_hash *h, struct ib_cache_key *out)
{
    sha256_digest(&h->ctx, IB_CACHE_KEY_SIZE, out->b);
}

struct entry {
    struct ib_cache_key key;
    const unsigned char *blob; /* into the file's bytes, or owned */
    uint32_t len;
    uint64_t sum; /* blob_sum of a blob from the file */
    bool full;    /* the slot is taken */
    bool owned;
    bool live;    /* got or put since the last ib_cache_end */
    bool written; /* in the new file already; BLOB is NULL */
};

struct ib_cache {
    pthread_mutex_t mu;
    char *file;           /* NULL: in memory only */
    struct ib_cache_key stamp;
    unsigned char *bytes; /* the file as read */
    int out;              /* the new file, or -1 */
    bool out_failed;      /* writing it failed: write no more */
    struct entry *slots;  /* open addressing; no blob = empty */
    size_t nslots, n;
    size_t hits;
    bool changed;         /* something to write at ib_cache_end */
};

static bool
is_empty(const struct entry *e)
{
    return !e->full;
}

static struct entry *
slot(struct ib_cache *c, const struct ib_cache_key *key)
{
    size_t h;
    memcpy(&h, key->b, sizeof h); /* a SHA-256 digest: already uniform */
    size_t mask = c->nslots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        struct entry *e = &c->slots[i];
        if (is_empty(e) || memcmp(e->key.b, key->b, IB_CACHE_KEY_SIZE) == 0)
            return e;
    }
}

static void
grow(struct ib_cache *c)
{
    struct entry *old = c->slots;
    size_t nold = c->nslots;
    c->nslots = nold ? nold * 2 : 1024;
    c->slots = ib_xcalloc(c->nslots, sizeof(*c->slots));
    for (size_t i = 0; i < nold; i++)
        if (!is_empty(&old[i]))
            *slot(c, &old[i].key) = old[i];
    free(old);
}

/* Inserts or replaces E (whose blob, if owned, the cache frees). */
static void
insert(struct ib_cache *c, struct entry e)
{
    if ((c->n + 1) * 2 > c->nslots)
        grow(c);
    struct entry *x = slot(c, &e.key);
    if (is_empty(x))
        c->n++;
    else if (x->owned)
        free((void *)x->blob);
    e.full = true;
    *x = e;
}

static uint32_t
get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t
get_u64(const unsigned char *p)
{
    return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32;
}

/*
 * A checksum of the N bytes at P, against damage (a flipped bit, a torn
 * write, an editor), not attack: the file is the user's, in a folder only
 * they can read. Eight bytes at a time; each step is a bijection of the
 * state, so any change within one eight-byte word changes the sum.
 */
static uint64_t
blob_sum(const unsigned char *p, size_t n)
{
    const uint64_t k = UINT64_C(0x9E3779B97F4A7C15);
    uint64_t h = n * k;
    size_t i = 0;
    for (; n - i >= 8; i += 8) {
        h = (h ^ get_u64(p + i)) * k;
        h ^= h >> 29;
    }
    uint64_t last = 0;
    for (size_t j = 0; i + j < n; j++)
        last |= (uint64_t)p[i + j] << (8 * j);
    h = (h ^ last) * k;
    return h ^ (h >> 29);
}

static void
put_u32(struct ib_buf *b, uint32_t v)
{
    unsigned char s[4] = {(unsigned char)v, (unsigned char)(v >> 8),
                          (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
    ib_buf_put(b, (const char *)s, 4);
}

/* Reads FILE whole into C->bytes and indexes its entries; on any doubt
 * the cache stays empty. */
static void
load(struct ib_cache *c)
{
    int fd = open(c->file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return;
    struct stat st;
    size_t size = 0;
    unsigned char *bytes = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
        (uint64_t)st.st_size <= (uint64_t)SIZE_MAX / 2) {
        size = (size_t)st.st_size;
        bytes = ib_xmalloc(size ? size : 1);
        size_t got = 0;
        while (got < size) {
            ssize_t r = read(fd, bytes + got, size - got);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                break;
            got += (size_t)r;
        }
        if (got != size)
            size = 0;
    }
    close(fd);
    size_t head = MAGIC_LEN + IB_CACHE_KEY_SIZE;
    if (!bytes || size < head || memcmp(bytes, MAGIC, MAGIC_LEN) != 0 ||
        memcmp(bytes + MAGIC_LEN, c->stamp.b, IB_CACHE_KEY_SIZE) != 0) {
        free(bytes);
        return;
    }
    for (size_t off = head; off < size;) {
        if (size - off < IB_CACHE_KEY_SIZE + 12)
            goto bad;
        struct ib_cache_key key;
        memcpy(key.b, bytes + off, IB_CACHE_KEY_SIZE);
        uint32_t len = get_u32(bytes + off + IB_CACHE_KEY_SIZE);
        uint64_t sum = get_u64(bytes + off + IB_CACHE_KEY_SIZE + 4);
        off += IB_CACHE_KEY_SIZE + 12;
        if (len == 0 || len > BLOB_MAX || len > size - off)
            goto bad;
        insert(c, (struct entry){.key = key, .blob = bytes + off, .len = len,
                                 .sum = sum});
        off += len;
    }
    c->bytes = bytes;
    return;
bad:
    free(c->slots);
    c->slots = NULL;
    c->nslots = c->n = 0;
    free(bytes);
}

struct ib_cache *
ib_cache_open(const char *file, const struct ib_cache_key *stamp)
{
    struct ib_cache *c = ib_xcalloc(1, sizeof(*c));
    pthread_mutex_init(&c->mu, NULL);
    c->out = -1;
    c->stamp = *stamp;
    grow(c);
    if (file) {
        c->file = ib_xstrdup(file);
        load(c);
        if (!c->nslots)
            grow(c);
    }
    return c;
}

void
ib_cache_free(struct ib_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nslots; i++)
        if (c->slots[i].owned)
            free((void *)c->slots[i].blob);
    free(c->slots);
    free(c->bytes);
    free(c->file);
    if (c->out >= 0)
        close(c->out); /* unnamed: the file goes with it */
    pthread_mutex_destroy(&c->mu);
    free(c);
}

/* --- blobs --------------------------------------------------------------- */

static void
put_str(struct ib_buf *b, const char *s)
{
    size_t n = strlen(s);
    put_u32(b, (uint32_t)n);
    ib_buf_put(b, s, n + 1);
}

static unsigned char *
serialise(const struct ib_cache_body *body, uint32_t *len)
{
    struct ib_buf b;
    ib_buf_init(&b);
    put_u32(&b, (uint32_t)body->nfindings);
    for (size_t i = 0; i < body->nfindings; i++) {
        const struct ib_cache_finding *f = &body->findings[i];
        put_u32(&b, (uint32_t)f->sev);
        put_u32(&b, f->line);
        put_u32(&b, f->col);
        put_str(&b, f->rule);
        put_str(&b, f->msg);
    }
    put_u32(&b, (uint32_t)body->nheads);
    for (size_t i = 0; i < body->nheads; i++) {
        const struct ib_md_heading *h = &body->heads[i];
        put_u32(&b, (uint32_t)h->level);
        put_u32(&b, h->line);
        put_str(&b, h->text);
        put_str(&b, h->anchor);
    }
    put_u32(&b, (uint32_t)body->nnotes);
    for (size_t i = 0; i < body->nnotes; i++)
        put_str(&b, body->notes[i]);
    put_u32(&b, (uint32_t)body->nchecks);
    for (size_t i = 0; i < body->nchecks; i++) {
        const struct ib_cache_check *k = &body->checks[i];
        put_str(&b, k->to);
        put_str(&b, k->frag);
        put_u32(&b, k->line);
        put_u32(&b, k->col);
    }
    put_u32(&b, (uint32_t)body->ntargets);
    for (size_t i = 0; i < body->ntargets; i++)
        put_str(&b, body->targets[i]);
    put_u32(&b, (uint32_t)body->nfiles);
    for (size_t i = 0; i < body->nfiles; i++) {
        const struct ib_cache_file *f = &body->files[i];
        put_str(&b, f->url);
        put_str(&b, f->path);
        put_str(&b, f->file);
        put_u32(&b, f->line);
        put_u32(&b, f->col);
    }
    put_u32(&b, (body->html ? 1u : 0u) | (body->search ? 2u : 0u));
    if (body->html)
        put_str(&b, body->html);
    if (body->search)
        put_str(&b, body->search);
    *len = (uint32_t)b.len;
    return (unsigned char *)ib_buf_take(&b);
}

/* A reader over one blob: every read checks the bytes left. */
struct reader {
    const unsigned char *p, *end;
    bool bad;
};

static uint32_t
read_u32(struct reader *r)
{
    if (r->bad || r->end - r->p < 4) {
        r->bad = true;
        return 0;
    }
    uint32_t v = get_u32(r->p);
    r->p += 4;
    return v;
}

/* A count of items of at least MIN bytes each, which must fit. */
static size_t
read_count(struct reader *r, size_t min)
{
    uint32_t n = read_u32(r);
    if (!r->bad && (size_t)(r->end - r->p) / min < n)
        r->bad = true;
    return r->bad ? 0 : n;
}

static const char *
read_str(struct reader *r)
{
    uint32_t n = read_u32(r);
    if (r->bad || (size_t)(r->end - r->p) <= n || r->p[n] != '\0' ||
        memchr(r->p, '\0', n)) {
        r->bad = true;
        return "";
    }
    const char *s = (const char *)r->p;
    r->p += (size_t)n + 1;
    return s;
}

static bool
deserialise(const unsigned char *blob, uint32_t len, struct ib_cache_body *out)
{
    struct reader r = {blob, blob + len, false};
    memset(out, 0, sizeof(*out));
    size_t n = read_count(&r, 22);
    out->findings = ib_xcalloc(n ? n : 1, sizeof(*out->findings));
    for (size_t i = 0; i < n && !r.bad; i++) {
        struct ib_cache_finding *f = &out->findings[i];
        f->sev = (int)read_u32(&r);
        f->line = read_u32(&r);
        f->col = read_u32(&r);
        f->rule = read_str(&r);
        f->msg = read_str(&r);
        r.bad |= f->sev < 0 || f->sev > 2;
    }
    out->nfindings = n;
    n = read_count(&r, 18);
    out->heads = ib_xcalloc(n ? n : 1, sizeof(*out->heads));
    for (size_t i = 0; i < n && !r.bad; i++) {
        struct ib_md_heading *h = &out->heads[i];
        h->level = (int)read_u32(&r);
        h->line = read_u32(&r);
        h->text = read_str(&r);
        h->anchor = read_str(&r);
        r.bad |= h->level < 1 || h->level > 6;
    }
    out->nheads = n;
    n = read_count(&r, 5);
    out->notes = ib_xcalloc(n ? n : 1, sizeof(*out->notes));
    for (size_t i = 0; i < n && !r.bad; i++)
        out->notes[i] = read_str(&r);
    out->nnotes = n;
    n = read_count(&r, 18);
    out->checks = ib_xcalloc(n ? n : 1, sizeof(*out->checks));
    for (size_t i = 0; i < n && !r.bad; i++) {
        struct ib_cache_check *k = &out->checks[i];
        k->to = read_str(&r);
        k->frag = read_str(&r);
        k->line = read_u32(&r);
        k->col = read_u32(&r);
    }
    out->nchecks = n;
    n = read_count(&r, 5);
    out->targets = ib_xcalloc(n ? n : 1, sizeof(*out->targets));
    for (size_t i = 0; i < n && !r.bad; i++)
        out->targets[i] = read_str(&r);
    out->ntargets = n;
    n = read_count(&r, 23);
    out->files = ib_xcalloc(n ? n : 1, sizeof(*out->files));
    for (size_t i = 0; i < n && !r.bad; i++) {
        struct ib_cache_file *f = &out->files[i];
        f->url = read_str(&r);
        f->path = read_str(&r);
        f->file = read_str(&r);
        f->line = read_u32(&r);
        f->col = read_u32(&r);
    }
    out->nfiles = n;
    uint32_t flags = read_u32(&r);
    if (flags & 1)
        out->html = read_str(&r);
    if (flags & 2)
        out->search = read_str(&r);
    if (r.bad || flags > 3 || r.p != r.end) {
        ib_cache_body_fini(out);
        return false;
    }
    return true;
}

void
ib_cache_body_fini(struct ib_cache_body *b)
{
    free(b->findings);
    free(b->heads);
    free(b->notes);
    free(b->checks);
    free(b->targets);
    free(b->files);
    memset(b, 0, sizeof(*b));
}

bool
ib_cache_get(struct ib_cache *c, const struct ib_cache_key *key,
             struct ib_cache_body *out)
{
    pthread_mutex_lock(&c->mu);
    const struct entry *e = slot(c, key);
    const unsigned char *blob = e->blob;
    uint32_t len = e->len;
    bool from_file = !e->owned;
    uint64_t sum = e->sum;
    pthread_mutex_unlock(&c->mu);
    /* The blob stays put until ib_cache_end: only a miss is put again in
     * the same build. A damaged one is not used, nor kept. */
    if (!blob || (from_file && blob_sum(blob, len) != sum) ||
        !deserialise(blob, len, out))
        return false;
    pthread_mutex_lock(&c->mu);
    slot(c, key)->live = true;
    c->hits++;
    pthread_mutex_unlock(&c->mu);
    return true;
}

/* Writes the new file's header unless it has one; 0 or -1. */
static int open_out(struct ib_cache *c);

void
ib_cache_put(struct ib_cache *c, const struct ib_cache_key *key,
             const struct ib_cache_body *b)
{
    uint32_t len;
    unsigned char *blob = serialise(b, &len);
    pthread_mutex_lock(&c->mu);
    struct entry e = {.key = *key, .blob = blob, .len = len, .owned = true,
                      .live = true};
    if (c->file && !c->out_failed &&
        (open_out(c) < 0 || ib_cache_write_entry(c->out, key, blob, len) < 0))
        c->out_failed = true;
    if (c->file) {
        /* On its way to disk (or to nowhere): not kept in memory. */
        free(blob);
        e = (struct entry){.key = *key, .len = len, .live = true,
                           .written = true};
    }
    insert(c, e);
    c->changed = true;
    pthread_mutex_unlock(&c->mu);
}

size_t
ib_cache_size(const struct ib_cache *c)
{
    return c->n;
}

size_t
ib_cache_hits(const struct ib_cache *c)
{
    return c->hits;
}

/* --- ending a build ------------------------------------------------------ */

/* The folder of the cache file, as a new string. */
static char *
folder_of(const char *file)
{
    const char *slash = strrchr(file, '/');
    return slash ? ib_xstrndup(file, (size_t)(slash - file) + 1)
                 : ib_xstrdup(".");
}

static int
open_out(struct ib_cache *c)
{
    if (c->out >= 0)
        return 0;
    char *dir = folder_of(c->file);
    c->out = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    free(dir);
    if (c->out < 0)
        return -1;
    return ib_cache_write_head(c->out, &c->stamp);
}

int
ib_cache_write_head(int fd, const struct ib_cache_key *stamp)
{
    if (ib_fs_write_all(fd, MAGIC, MAGIC_LEN) < 0)
        return -1;
    return ib_fs_write_all(fd, stamp->b, IB_CACHE_KEY_SIZE);
}

int
ib_cache_write_entry(int fd, const struct ib_cache_key *key, const void *blob,
                     size_t len)
{
    if (len > UINT32_MAX) {
        errno = EFBIG;
        return -1;
    }
    unsigned char head[IB_CACHE_KEY_SIZE + 12];
    memcpy(head, key->b, IB_CACHE_KEY_SIZE);
    uint64_t sum = blob_sum(blob, len);
    for (int i = 0; i < 4; i++)
        head[IB_CACHE_KEY_SIZE + i] = (unsigned char)(len >> (8 * i));
    for (int i = 0; i < 8; i++)
        head[IB_CACHE_KEY_SIZE + 4 + i] = (unsigned char)(sum >> (8 * i));
    if (ib_fs_write_all(fd, head, sizeof head) < 0)
        return -1;
    return ib_fs_write_all(fd, blob, len);
}

/*
 * Removes FILE.tmp-PID names a killed build left between naming its new
 * file and renaming it; one younger than a minute may be another
 * build's, about to be renamed, and stays.
 */
static void
remove_stale(const char *file)
{
    char *dir = folder_of(file);
    const char *slash = strrchr(file, '/');
    const char *base = slash ? slash + 1 : file;
    size_t blen = strlen(base);
    DIR *d = opendir(dir);
    int dfd = d ? dirfd(d) : -1;
    time_t now = time(NULL);
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        struct stat st;
        if (strncmp(de->d_name, base, blen) == 0 &&
            strncmp(de->d_name + blen, ".tmp-", 5) == 0 &&
            fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISREG(st.st_mode) && now - st.st_mtime > 60)
            unlinkat(dfd, de->d_name, 0);
    }
    if (d)
        closedir(d);
    free(dir);
}

/* Adds the old blobs of the N entries E still in use to the new file and
 * puts it in place of the old one. */
static int
save(struct ib_cache *c, const struct entry *entries, size_t n)
{
    if (c->out_failed || open_out(c) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const struct entry *e = &entries[i];
        if (e->full && e->live && !e->written &&
            ib_cache_write_entry(c->out, &e->key, e->blob, e->len) < 0)
            return -1;
    }
    /* An unnamed file gets a name through /proc, then the real one. */
    char proc[64], *tmp = NULL;
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", c->out);
    if (asprintf(&tmp, "%s.tmp-%ld", c->file, (long)getpid()) < 0)
        return -1;
    unlink(tmp);
    int rc = linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW);
    if (rc == 0 && rename(tmp, c->file) != 0) {
        rc = -1;
        unlink(tmp);
    }
    free(tmp);
    if (rc == 0)
        remove_stale(c->file);
    return rc;
}

int
ib_cache_end(struct ib_cache *c)
{
    pthread_mutex_lock(&c->mu);
    /* Drop what this build did not use, and what lives only on disk. */
    struct entry *old = c->slots;
    size_t nold = c->nslots;
    c->slots = NULL;
    c->nslots = c->n = 0;
    grow(c);
    for (size_t i = 0; i < nold; i++)
        if (old[i].full && !old[i].live)
            c->changed = true;
    int rc = 0;
    if (c->file && c->changed)
        rc = save(c, old, nold);
    for (size_t i = 0; i < nold; i++) {
        struct entry *e = &old[i];
        if (!e->full)
            continue;
        if (!e->live || e->written) {
            if (e->owned)
                free((void *)e->blob);
            continue;
        }
        e->live = false;
        insert(c, *e);
    }
    free(old);
    if (c->out >= 0)
        close(c->out);
    c->out = -1;
    c->out_failed = false;
    c->changed = false;
    pthread_mutex_unlock(&c->mu);
    return rc;
}

/* --- where ---------------------------------------------------------------- */

int
ib_cache_stamp(struct ib_cache_key *out)
{
    int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct ib_hash h;
    ib_hash_init(&h);
    ib_hash_str(&h, FORMAT);
    unsigned char buf[65536];
    ssize_t r;
    while ((r = read(fd, buf, sizeof buf)) != 0) {
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            close(fd);
            return -1;
        }
        ib_hash_put(&h, buf, (size_t)r);
    }
    close(fd);
    ib_hash_end(&h, out);
    return 0;
}

/* Creates PATH's folder and its parents as needed (mode 0700). */
static int
make_folders(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int rc = mkdir(path, 0700);
        *p = '/';
        if (rc != 0 && errno != EEXIST)
            return -1;
    }
    return 0;
}

char *
ib_cache_path(const char *root)
{
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    char *base = NULL;
    if (xdg && xdg[0] == '/') {
        if (asprintf(&base, "%s/ismsbook/", xdg) < 0)
            return NULL;
    } else if (home && home[0] == '/') {
        if (asprintf(&base, "%s/.cache/ismsbook/", home) < 0)
            return NULL;
    } else {
        return NULL;
    }
    char *abs = realpath(root, NULL);
    char *path = NULL;
    if (abs) {
        struct ib_hash h;
        struct ib_cache_key k;
        ib_hash_init(&h);
        ib_hash_str(&h, abs);
        ib_hash_end(&h, &k);
        char hex[33];
        for (size_t i = 0; i < 16; i++)
            snprintf(hex + 2 * i, 3, "%02x", k.b[i]);
        if (asprintf(&path, "%s%s.cache", base, hex) < 0)
            path = NULL;
    }
    free(abs);
    free(base);
    if (path && make_folders(path) != 0) {
        free(path);
        path = NULL;
    }
    return path;
}
