/* SPDX-License-Identifier: MIT */
/* File system access: handbook reads, sorted walks, atomic site output. */
/*
 * Everything that opens a file is here. Reading is bounded (a size cap,
 * never blocking on a FIFO) and walks are iterative, sorted and confined to
 * the handbook: a symlink is followed only while its target stays inside
 * the root, and every folder is entered at most once, so loops end.
 *
 * Output is never written in place. ib_out_begin makes a temporary folder
 * beside OUT; writes go below it through descriptors opened with O_NOFOLLOW
 * from the temporary folder down, so no path can lead outside it; commit
 * swaps it with OUT (renameat2 RENAME_EXCHANGE) and deletes the old tree.
 * The delete walks with openat/unlinkat and never follows a symlink. Only a
 * folder with our marker file, or an empty one, is ever replaced.
 */
#include "fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "text.h"
#include "xmalloc.h"

#define MARKER ".ismsbook-output"
/* The staging folder of `init` in an existing empty folder, mkdtemp's
 * six characters after it. */
#define INIT_TMP ".ismsbook-init.tmp-"
#define MARKER_TEXT                                                            \
    "This folder was written by ismsbook and is replaced by every build.\n"
/* After MARKER_TEXT: the line before the site's top-level entries. */
#define MARKER_LIST "Its entries (a build refuses to delete any other):\n"

struct ib_out {
    char *label;    /* OUT as the user gave it, for findings */
    char *parent;   /* OUT's parent folder, resolved */
    char *base;     /* OUT's name in parent */
    char *tmpname;  /* the temporary folder's name in parent */
    char *lockname; /* ".OUT.lock" in parent, while lockfd holds it */
    int parentfd;
    int tmpfd;
    int lockfd;
    int oldfd; /* the previous site, or -1: unchanged pages are linked */
    bool in_place; /* ib_out_patch: TMPFD is OUT, changed file by file */
    char **copied; /* site paths of the static files copied so far */
    size_t ncopied;
    /* Folders of the new site (NEW) and the previous one opened so far,
     * each once, so writing a page costs no lookups of its folders. */
    pthread_mutex_t folders_mu;
    struct folder *folders;
    size_t nfolders, capfolders;
    uint32_t *slots; /* a hash index of FOLDERS: index + 1, 0 empty */
    size_t nslots;
    struct ib_out *next; /* in the list of outputs in progress */
};

/*
 * The outputs in progress, so that a thread about to end the process (on a
 * signal, or the document watchdog) can remove their temporary folders.
 * Writers hold out_rw shared; begin, commit, abort and ib_out_cancel_all
 * hold it exclusively, so a folder is never removed under a write, nor a
 * swap cut in half. Writers do not starve the canceller.
 */
struct folder {
    char *rel;     /* "policies", "controls/attribute" */
    bool new;      /* in the new site, else the previous one */
    int fd;        /* -1: the previous site has no such folder */
    uint32_t hash; /* folder_hash of REL and NEW */
};

static pthread_rwlock_t out_rw =
    PTHREAD_RWLOCK_WRITER_NONRECURSIVE_INITIALIZER_NP;
static struct ib_out *outs;

/*
 * The temporary folder of an ib_fs_stage and the temporary file of an
 * ib_fs_create in progress (`init`, `new`), which ib_out_cancel_all removes
 * too. Under out_rw like OUTS: added and dropped with it held exclusively,
 * written into with it held shared.
 */
struct pending {
    int at;           /* the folder holding it */
    const char *name; /* its name there */
    struct pending *next;
};
static struct pending *pendings;

static void
pending_add(struct pending *p)
{
    p->next = pendings;
    pendings = p;
}

static void
pending_drop(struct pending *p)
{
    for (struct pending **q = &pendings; *q; q = &(*q)->next)
        if (*q == p) {
            *q = p->next;
            return;
        }
}

struct strvec {
    char **v;
    size_t n, cap;
};

static void
strvec_push(struct strvec *s, char *str)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->v = ib_xrealloc(s->v, s->cap * sizeof(*s->v));
    }
    s->v[s->n++] = str;
}

static void
strvec_free(struct strvec *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    *s = (struct strvec){0};
}

static void
strvec_sort(struct strvec *s)
{
    if (s->n > 1)
        qsort(s->v, s->n, sizeof(*s->v), ib_text_cmp_ptr);
}

/* Returns A/B as a new string; A NULL or "" gives B, B "" gives A. */
static char *
join(const char *a, const char *b)
{
    if (!a || !*a)
        return ib_xstrdup(b);
    if (!*b)
        return ib_xstrdup(a);
    size_t la = strlen(a);
    bool slash = a[la - 1] == '/';
    struct ib_buf p;
    ib_buf_init(&p);
    ib_buf_put(&p, a, la);
    if (!slash)
        ib_buf_putc(&p, '/');
    ib_buf_puts(&p, b);
    return ib_buf_take(&p);
}

/* True if PATH is DIR or below it; both absolute and canonical. */
static bool
is_within(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/')
        return true;
    return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* A folder's entry: its name, and its type as readdir knows it
 * (DT_UNKNOWN where the file system does not say). */
struct entry {
    char *name;
    unsigned char type;
};

struct entries {
    struct entry *v;
    size_t n, cap;
};

static void
entries_free(struct entries *e)
{
    for (size_t i = 0; i < e->n; i++)
        free(e->v[i].name);
    free(e->v);
    *e = (struct entries){0};
}

static int
cmp_entry(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->name,
                  ((const struct entry *)b)->name);
}

/*
 * Reads the entries of DIR, except those starting with '.', sorted by
 * name. Returns 0, or -1 with errno set.
 */
static int
read_names(DIR *dir, struct entries *names)
{
    struct dirent *e;
    errno = 0;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.') {
            errno = 0;
            continue;
        }
        if (names->n == names->cap) {
            names->cap = names->cap ? names->cap * 2 : 16;
            names->v = ib_xrealloc(names->v, names->cap * sizeof(*names->v));
        }
        names->v[names->n++] =
            (struct entry){ib_xstrdup(e->d_name), e->d_type};
        errno = 0;
    }
    if (errno)
        return -1;
    if (names->n > 1)
        qsort(names->v, names->n, sizeof(*names->v), cmp_entry);
    return 0;
}

/*
 * Fills ST's mode for the entry E of DIR, as lstat would: from readdir's
 * type for a folder or a regular file, so that a handbook's thousands of
 * documents need no stat each (opening one checks it again), else from
 * fstatat. Returns 0, or -1 with errno set.
 */
static int
entry_mode(DIR *dir, const struct entry *e, struct stat *st)
{
    if (e->type == DT_DIR || e->type == DT_REG) {
        st->st_mode = e->type == DT_DIR ? S_IFDIR : S_IFREG;
        return 0;
    }
    return fstatat(dirfd(dir), e->name, st, AT_SYMLINK_NOFOLLOW);
}

/* Opens PATH as a folder and returns it as a DIR, or NULL with errno. */
static DIR *
open_dir(const char *path, int flags)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | flags);
    if (fd < 0)
        return NULL;
    DIR *dir = fdopendir(fd);
    if (!dir) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return dir;
}

static void
unreadable(struct ib_diag *d, const char *file, const char *why)
{
    ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){file, 0, 0}, "file-unreadable",
                "cannot read: %s", why);
}

int
ib_fs_read(const char *root, const char *rel, size_t max, char **data,
           size_t *len, struct ib_diag *d)
{
    *data = NULL;
    *len = 0;
    char *path = join(root, rel);
    char *buf = NULL;
    int rc = -1;
    /* O_NONBLOCK: a FIFO planted in the handbook must not hang the build. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        unreadable(d, rel, strerror(errno));
        goto out;
    }
    if (S_ISDIR(st.st_mode)) {
        unreadable(d, rel, "it is a folder, not a file");
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        unreadable(d, rel, "not a regular file");
        goto out;
    }
    if ((uintmax_t)st.st_size > max)
        goto too_large;

    /* The file may grow while we read it, so the cap is checked again.
     * Room for one byte more than its size and the NUL: the read that
     * finds the end then needs no larger buffer. */
    size_t limit = max < SIZE_MAX - 1 ? max + 1 : SIZE_MAX - 1;
    size_t cap = (size_t)st.st_size + 2, n = 0;
    buf = ib_xmalloc(cap);
    for (;;) {
        if (n + 1 == cap) {
            if (n >= limit)
                goto too_large;
            cap = cap > limit / 2 ? limit + 1 : cap * 2;
            buf = ib_xrealloc(buf, cap);
        }
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            unreadable(d, rel, strerror(errno));
            goto out;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n > max)
            goto too_large;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    buf = NULL;
    rc = 0;
    goto out;

too_large:
    ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){rel, 0, 0}, "file-too-large",
                "file is larger than the limit of %zu bytes", max);
out:
    if (fd >= 0)
        close(fd);
    free(buf);
    free(path);
    return rc;
}

void
ib_fs_list_free(struct ib_fs_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->paths[i]);
    free(l->paths);
    l->paths = NULL;
    l->n = 0;
}

struct devino {
    dev_t dev;
    ino_t ino;
};

struct walk {
    const char *root;
    const char *rootreal;
    const char *suffix;
    /* As ib_out_copy_tree copies: symlinks and special files are passed
     * over silently (the walk for documents has reported them). */
    bool plain;
    struct ib_diag *d;
    struct strvec files;
    struct strvec todo; /* folders still to list, relative to root */
    struct devino *seen;
    size_t nseen, capseen;
    int rc;
};

/* Marks a folder visited; returns false if it was already. */
static bool
first_visit(struct walk *w, const struct stat *st)
{
    for (size_t i = 0; i < w->nseen; i++)
        if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
            return false;
    if (w->nseen == w->capseen) {
        w->capseen = w->capseen ? w->capseen * 2 : 16;
        w->seen = ib_xrealloc(w->seen, w->capseen * sizeof(*w->seen));
    }
    w->seen[w->nseen++] = (struct devino){st->st_dev, st->st_ino};
    return true;
}

static bool
has_suffix(const char *name, const char *suffix)
{
    if (!suffix)
        return true;
    size_t n = strlen(name), s = strlen(suffix);
    return n >= s && memcmp(name + n - s, suffix, s) == 0;
}

/*
 * Decides what the symlink REL (relative to the root) is: fills ST with its
 * target's status and returns true if it may be followed, or records why
 * not and returns false.
 */
static bool
follow_link(struct walk *w, const char *rel, struct stat *st)
{
    char *path = join(w->root, rel);
    char *real = realpath(path, NULL);
    bool ok = false;
    if (!real) {
        ib_diag_add(
            w->d, IB_SEV_WARNING, (struct ib_loc){rel, 0, 0}, "symlink-broken",
            "symbolic link leads nowhere (%s); skipped", strerror(errno));
    } else if (!is_within(real, w->rootreal)) {
        /* Name the target as written, not resolved: findings must not
         * depend on where the handbook happens to be checked out. */
        char target[PATH_MAX];
        ssize_t n = readlink(path, target, sizeof(target) - 1);
        target[n < 0 ? 0 : n] = '\0';
        ib_diag_add(w->d, IB_SEV_WARNING, (struct ib_loc){rel, 0, 0},
                    "symlink-outside",
                    "symbolic link to '%s' leads outside the handbook; "
                    "skipped",
                    target);
    } else if (stat(path, st) != 0) {
        unreadable(w->d, rel, strerror(errno));
        w->rc = -1;
    } else {
        ok = true;
    }
    free(real);
    free(path);
    return ok;
}

/* Lists the folder REL: files go to W->files, subfolders on W->todo. */
static void
walk_dir(struct walk *w, const char *rel)
{
    const char *at = rel[0] ? rel : ".";
    char *path = join(w->root, rel);
    DIR *dir = open_dir(path, 0);
    struct entries names = {0};
    struct strvec subdirs = {0};
    struct stat st;
    if (!dir || fstat(dirfd(dir), &st) != 0) {
        unreadable(w->d, at, strerror(errno));
        w->rc = -1;
        goto out;
    }
    if (!first_visit(w, &st))
        goto out;
    if (read_names(dir, &names) != 0) {
        unreadable(w->d, at, strerror(errno));
        w->rc = -1;
        goto out;
    }
    for (size_t i = 0; i < names.n; i++) {
        const char *name = names.v[i].name;
        char *crel = join(rel, name);
        if (entry_mode(dir, &names.v[i], &st) != 0) {
            unreadable(w->d, crel, strerror(errno));
            w->rc = -1;
            st.st_mode = 0;
        } else if (S_ISLNK(st.st_mode) &&
                   (w->plain || !follow_link(w, crel, &st))) {
            st.st_mode = 0;
        }
        if (S_ISDIR(st.st_mode)) {
            strvec_push(&subdirs, crel);
        } else if (S_ISREG(st.st_mode) && has_suffix(name, w->suffix)) {
            strvec_push(&w->files, crel);
        } else if (st.st_mode && !w->plain && has_suffix(name, w->suffix)) {
            /* A FIFO or device named like a document: never opened (a
             * FIFO would block), but never silently left out either. */
            unreadable(w->d, crel, "not a regular file");
            free(crel);
        } else {
            free(crel);
        }
    }
    /* Reversed onto the stack, so folders are entered in sorted order and
     * which of two paths to one folder wins is deterministic. */
    while (subdirs.n > 0)
        strvec_push(&w->todo, subdirs.v[--subdirs.n]);
out:
    if (dir)
        closedir(dir);
    free(path);
    entries_free(&names);
    strvec_free(&subdirs);
}

/* ib_fs_walk, or with PLAIN ib_fs_walk_plain. */
static int
walk_tree(const char *root, const char *sub, const char *suffix, bool plain,
          struct ib_fs_list *out, struct ib_diag *d)
{
    *out = (struct ib_fs_list){NULL, 0};
    char *rootreal = realpath(root && *root ? root : ".", NULL);
    if (!rootreal) {
        ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){NULL, 0, 0},
                    "file-unreadable",
                    "cannot open the handbook folder '%s': %s",
                    root && *root ? root : ".", strerror(errno));
        return -1;
    }
    struct walk w = {.root = root,
                     .rootreal = rootreal,
                     .suffix = suffix,
                     .plain = plain,
                     .d = d};
    char *start = ib_xstrdup(sub ? sub : "");
    for (size_t n = strlen(start); n > 0 && start[n - 1] == '/'; n--)
        start[n - 1] = '\0';
    char *path = join(root, start);
    char *real = realpath(path, NULL);
    struct stat st;
    if (!real) {
        if (errno != ENOENT) {
            unreadable(d, start[0] ? start : ".", strerror(errno));
            w.rc = -1;
        }
        free(start);
    } else if (!is_within(real, rootreal)) {
        if (!plain)
            ib_diag_add(d, IB_SEV_WARNING, (struct ib_loc){start, 0, 0},
                        "symlink-outside",
                        "folder leads outside the handbook; skipped");
        free(start);
    } else if (stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
        unreadable(d, start, "not a folder");
        w.rc = -1;
        free(start);
    } else {
        strvec_push(&w.todo, start);
    }
    free(real);
    free(path);

    while (w.todo.n > 0) {
        char *rel = w.todo.v[--w.todo.n];
        walk_dir(&w, rel);
        free(rel);
    }
    /* Half a listing would make documents silently vanish from the site;
     * the caller gets all of it or nothing. */
    if (w.rc != 0)
        strvec_free(&w.files);
    strvec_sort(&w.files);
    out->paths = w.files.v;
    out->n = w.files.n;
    strvec_free(&w.todo);
    free(w.seen);
    free(rootreal);
    return w.rc;
}

int
ib_fs_walk(const char *root, const char *sub, const char *suffix,
           struct ib_fs_list *out, struct ib_diag *d)
{
    return walk_tree(root, sub, suffix, false, out, d);
}

int
ib_fs_walk_plain(const char *root, const char *sub, struct ib_fs_list *out,
                 struct ib_diag *d)
{
    return walk_tree(root, sub, NULL, true, out, d);
}

const char *
ib_fs_plain_why(const char *root, const char *rel)
{
    const char *why = NULL;
    struct ib_buf b;
    ib_buf_init(&b);
    ib_buf_puts(&b, root && *root ? root : ".");
    for (const char *p = rel; *p && !why;) {
        size_t n = strcspn(p, "/");
        bool first = p == rel, last = !p[n];
        ib_buf_putc(&b, '/');
        ib_buf_put(&b, p, n);
        struct stat st;
        if (lstat(ib_buf_cstr(&b), &st) != 0)
            break;
        if (p[0] == '.')
            why = last ? "a hidden file" : "in a hidden folder";
        else if (S_ISLNK(st.st_mode) && !first)
            why = last ? "a symbolic link"
                       : "in a folder that is a symbolic link";
        else if (last && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode))
            why = S_ISDIR(st.st_mode) ? "a folder without files"
                                      : "not a regular file";
        p += last ? n : n + 1;
    }
    ib_buf_fini(&b);
    return why;
}

/*
 * Deletes the entry NAME of the folder AT, and everything below it if it is
 * a folder, without following symlinks and without recursion: it goes down
 * with openat(O_NOFOLLOW) and back up with "..", checking that ".." is the
 * folder it came from, so a tree moved underneath cannot redirect it.
 * Returns 0, or -1 with errno set.
 */
static int
remove_tree(int at, const char *name)
{
    if (unlinkat(at, name, 0) == 0 || errno == ENOENT)
        return 0;
    if (errno != EISDIR && errno != EPERM)
        return -1;

    struct level {
        char *name;
        struct devino id;
    } *lv = NULL;
    size_t n = 0, cap = 0;
    int rc = -1, err = 0;
    struct stat st;
    int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0)
        goto fail;
    lv = ib_xmalloc(sizeof(*lv));
    cap = 1;
    lv[n++] = (struct level){ib_xstrdup(name), {st.st_dev, st.st_ino}};

    while (n > 0) {
        /* Unlink every non-folder here; stop at the first subfolder. */
        int lfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        DIR *dir = lfd >= 0 ? fdopendir(lfd) : NULL;
        if (!dir) {
            if (lfd >= 0)
                close(lfd);
            goto fail;
        }
        char *sub = NULL;
        struct dirent *e;
        errno = 0;
        while ((e = readdir(dir)) != NULL) {
            const char *s = e->d_name;
            if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0) {
                errno = 0;
                continue;
            }
            if (unlinkat(fd, s, 0) == 0 || errno == ENOENT) {
                errno = 0;
                continue;
            }
            if (errno == EISDIR || errno == EPERM) {
                sub = ib_xstrdup(s);
                errno = 0;
            }
            break;
        }
        err = errno;
        closedir(dir);
        if (err) {
            errno = err;
            goto fail;
        }
        if (sub) {
            int child = openat(fd, sub,
                               O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (child < 0 || fstat(child, &st) != 0) {
                err = errno;
                if (child >= 0)
                    close(child);
                free(sub);
                errno = err;
                goto fail;
            }
            if (n == cap) {
                cap *= 2;
                lv = ib_xrealloc(lv, cap * sizeof(*lv));
            }
            lv[n++] = (struct level){sub, {st.st_dev, st.st_ino}};
            close(fd);
            fd = child;
            continue;
        }
        /* This folder is empty now: go up and remove it. */
        if (n == 1) {
            close(fd);
            fd = -1;
            if (unlinkat(at, lv[0].name, AT_REMOVEDIR) != 0)
                goto fail;
            free(lv[--n].name);
            break;
        }
        int up = openat(fd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (up < 0 || fstat(up, &st) != 0 || st.st_dev != lv[n - 2].id.dev ||
            st.st_ino != lv[n - 2].id.ino) {
            err = up < 0 ? errno : EBUSY;
            if (up >= 0)
                close(up);
            errno = err;
            goto fail;
        }
        close(fd);
        fd = up;
        if (unlinkat(fd, lv[n - 1].name, AT_REMOVEDIR) != 0)
            goto fail;
        free(lv[--n].name);
    }
    rc = 0;
fail:
    err = errno;
    if (fd >= 0)
        close(fd);
    while (n > 0)
        free(lv[--n].name);
    free(lv);
    errno = err;
    return rc;
}

/* True if REL is a relative '/'-path with no empty, "." or ".." segment. */
static bool
valid_rel(const char *rel, bool allow_empty)
{
    if (!*rel)
        return allow_empty;
    for (const char *p = rel;;) {
        size_t n = strcspn(p, "/");
        if (n == 0 || (n == 1 && p[0] == '.') ||
            (n == 2 && p[0] == '.' && p[1] == '.'))
            return false;
        if (!p[n])
            return true;
        p += n + 1;
    }
}

/*
 * Opens the folders of REL below the folder BASE, creating missing ones
 * if CREATE, and returns a descriptor for the last one, with *LEAF
 * pointing at REL's last segment; -1 with errno on failure. O_NOFOLLOW at
 * every step keeps a planted symlink from leading the write elsewhere.
 */
static int
walk_parents(int base, const char *rel, bool create, const char **leaf)
{
    int cur = fcntl(base, F_DUPFD_CLOEXEC, 0);
    const char *p = rel;
    const char *slash;
    while (cur >= 0 && (slash = strchr(p, '/')) != NULL) {
        char *seg = ib_xstrndup(p, (size_t)(slash - p));
        int next = -1;
        if (!create || mkdirat(cur, seg, 0755) == 0 || errno == EEXIST)
            next = openat(cur, seg,
                          O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        int err = errno;
        free(seg);
        close(cur);
        cur = next;
        errno = err;
        p = slash + 1;
    }
    *leaf = p;
    return cur;
}

/* The hash of the folder REL[0..LEN) in the new site or the previous one. */
static uint32_t
folder_hash(const char *rel, size_t len, bool new)
{
    return ib_text_hash_n(rel, len) ^ (uint32_t)new;
}

/* The slot of the folder REL[0..LEN) of the new site or the previous one
 * in O's index, or the empty slot where it would go. Under folders_mu. */
static uint32_t *
folder_slot(const struct ib_out *o, const char *rel, size_t len, bool new,
            uint32_t h)
{
    size_t mask = o->nslots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        uint32_t *slot = &o->slots[i];
        if (!*slot)
            return slot;
        const struct folder *f = &o->folders[*slot - 1];
        if (f->hash == h && f->new == new && strncmp(f->rel, rel, len) == 0 &&
            f->rel[len] == '\0')
            return slot;
    }
}

/* Makes room in O's index for one more folder. Under folders_mu. */
static void
reserve_slot(struct ib_out *o)
{
    if (2 * (o->nfolders + 1) <= o->nslots)
        return;
    free(o->slots);
    o->nslots = o->nslots ? 2 * o->nslots : 64;
    o->slots = ib_xcalloc(o->nslots, sizeof(*o->slots));
    for (size_t i = 0; i < o->nfolders; i++) {
        const struct folder *f = &o->folders[i];
        *folder_slot(o, f->rel, strlen(f->rel), f->new, f->hash) =
            (uint32_t)i + 1;
    }
}

/*
 * Returns a descriptor for the folder of REL in the new site (NEW, made
 * as needed) or in the previous one, borrowed from O, which opened it
 * once with walk_parents; *LEAF points at REL's last segment. -1 with
 * errno when it cannot be made, or the previous site has no such folder.
 */
static int
folder_of(struct ib_out *o, const char *rel, bool new, const char **leaf)
{
    const char *slash = strrchr(rel, '/');
    *leaf = slash ? slash + 1 : rel;
    if (!slash)
        return new ? o->tmpfd : o->oldfd;
    size_t len = (size_t)(slash - rel);
    uint32_t h = folder_hash(rel, len, new);
    pthread_mutex_lock(&o->folders_mu);
    reserve_slot(o);
    uint32_t *slot = folder_slot(o, rel, len, new, h);
    if (*slot) {
        int fd = o->folders[*slot - 1].fd;
        pthread_mutex_unlock(&o->folders_mu);
        if (fd < 0)
            errno = ENOENT;
        return fd;
    }
    const char *ignored;
    int fd = walk_parents(new ? o->tmpfd : o->oldfd, rel, new, &ignored);
    int err = errno;
    /* A folder that could not be made is not remembered: the next page
     * tries again and reports its own error. */
    if (fd >= 0 || !new) {
        if (o->nfolders == o->capfolders) {
            o->capfolders = o->capfolders ? o->capfolders * 2 : 16;
            o->folders = ib_xrealloc(o->folders,
                                     o->capfolders * sizeof(*o->folders));
        }
        o->folders[o->nfolders++] =
            (struct folder){ib_xstrndup(rel, len), new, fd, h};
        *slot = (uint32_t)o->nfolders;
    }
    pthread_mutex_unlock(&o->folders_mu);
    errno = err;
    return fd;
}

int
ib_fs_write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        if (w == 0) { /* no progress and no reason: do not spin */
            errno = EIO;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

/* Creates REL below the folder BASE; returns its descriptor or -1. With
 * ONCE, an existing file is an error (EEXIST) instead of replaced. */
static int
create_file(int base, const char *rel, bool once)
{
    const char *leaf;
    int dir = walk_parents(base, rel, true, &leaf);
    if (dir < 0)
        return -1;
    int fd = openat(dir, leaf,
                    O_WRONLY | O_CREAT | (once ? O_EXCL : O_TRUNC) |
                        O_NOFOLLOW | O_CLOEXEC,
                    0644);
    int err = errno;
    close(dir);
    errno = err;
    return fd;
}

static void
output_error(struct ib_diag *d, const char *file, const char *what,
             const char *why)
{
    ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){file, 0, 0}, "output-error",
                "%s: %s", what, why);
}

static void __attribute__((format(printf, 3, 4)))
refuse(struct ib_diag *d, const char *out, const char *fmt, ...)
{
    struct ib_buf why;
    ib_buf_init(&why);
    va_list ap;
    va_start(ap, fmt);
    ib_buf_vprintf(&why, fmt, ap);
    va_end(ap);
    /* A command-line problem, not a place in a file: no position. */
    ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){NULL, 0, 0}, "output-refused",
                "refusing to write the site to '%s': %s", out,
                ib_buf_cstr(&why));
    ib_buf_fini(&why);
}

/* Returns true if the folder PATH has entries other than our marker only
 * when the marker is absent; sets *ERR to errno if it cannot be read. */
static bool
foreign_contents(const char *path, int *err)
{
    DIR *dir = open_dir(path, O_NOFOLLOW);
    *err = 0;
    if (!dir) {
        *err = errno;
        return true;
    }
    bool any = false;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            any = true;
            break;
        }
    }
    struct stat st;
    bool marked = fstatat(dirfd(dir), MARKER, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                  S_ISREG(st.st_mode);
    closedir(dir);
    return any && !marked;
}

/* Appends NAME and a newline to B, '%' and newlines percent-encoded: the
 * marker has one name a line. */
static void
put_marker_name(struct ib_buf *b, const char *name)
{
    for (const char *p = name; *p; p++) {
        if (*p == '%' || *p == '\n')
            ib_buf_printf(b, "%%%02X", (unsigned)(unsigned char)*p);
        else
            ib_buf_putc(b, *p);
    }
    ib_buf_putc(b, '\n');
}

/* Adds the entries of DIR but ".", ".." and the marker to NAMES, as the
 * marker writes them (put_marker_name, without the newline), sorted. */
static void
marker_names(DIR *dir, struct strvec *names)
{
    struct ib_buf b;
    ib_buf_init(&b);
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            strcmp(e->d_name, MARKER) == 0)
            continue;
        ib_buf_reset(&b);
        put_marker_name(&b, e->d_name);
        strvec_push(names, ib_xstrndup(b.data, b.len - 1));
    }
    ib_buf_fini(&b);
    strvec_sort(names);
}

/*
 * The first entry (as the marker writes it) at the top of the site
 * folder PATH that its marker does not list: one added by hand, which a
 * build would delete with the old site. NULL if there is none, or if the
 * marker lists nothing (an older ismsbook wrote it). Free with free().
 */
static char *
hand_added(const char *path)
{
    struct ib_diag *scratch = ib_diag_new();
    char *text = NULL;
    size_t len = 0;
    int rc = ib_fs_read(path, MARKER, (size_t)64 << 20, &text, &len, scratch);
    ib_diag_free(scratch);
    const char *list = rc == 0 ? strstr(text, MARKER_LIST) : NULL;
    DIR *dir = list ? open_dir(path, O_NOFOLLOW) : NULL;
    if (!dir) {
        free(text);
        return NULL;
    }
    struct strvec names = {0};
    marker_names(dir, &names);
    closedir(dir);
    /* The marker's lines are sorted too: one walk through both. */
    const char *line = list + strlen(MARKER_LIST);
    char *added = NULL;
    for (size_t i = 0; i < names.n && !added; i++) {
        const char *name = names.v[i];
        size_t k = strlen(name);
        int c = 1;
        while (*line && c > 0) {
            const char *end = strchr(line, '\n');
            size_t m = end ? (size_t)(end - line) : strlen(line);
            c = strncmp(name, line, k < m ? k : m);
            if (c == 0)
                c = k < m ? -1 : k > m;
            if (c >= 0)
                line = end ? end + 1 : line + m;
        }
        if (c != 0)
            added = ib_xstrdup(name);
    }
    strvec_free(&names);
    free(text);
    return added;
}

/* Resolves ROOT/NAME, or ROOTREAL/NAME if it does not exist. */
static char *
resolve_in(const char *root, const char *rootreal, const char *name)
{
    char *path = join(root, name);
    char *real = realpath(path, NULL);
    free(path);
    return real ? real : join(rootreal, name);
}

/*
 * Removes the temporary folders ".OUT.tmp-XXXXXX" that a build killed
 * without a chance to clean up (SIGKILL, a power cut) left beside OUT.
 * Holding OUT's lock, no other build is writing one.
 */
static void
remove_stale_tmp(struct ib_out *o)
{
    int fd = fcntl(o->parentfd, F_DUPFD_CLOEXEC, 0);
    DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
    if (!dir) {
        if (fd >= 0)
            close(fd);
        return;
    }
    size_t blen = strlen(o->base);
    struct strvec stale = {0};
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        const char *n = e->d_name;
        if (n[0] == '.' && strncmp(n + 1, o->base, blen) == 0 &&
            strncmp(n + 1 + blen, ".tmp-", 5) == 0 &&
            strlen(n + 1 + blen + 5) == 6)
            strvec_push(&stale, ib_xstrdup(n));
    }
    closedir(dir);
    for (size_t i = 0; i < stale.n; i++)
        remove_tree(o->parentfd, stale.v[i]);
    strvec_free(&stale);
}

/*
 * Returns why OUTREAL must not be replaced, or NULL if it may be. The
 * content, themes, static and filters folders are compared resolved, so
 * a symlinked content/ is protected too. static/ is copied into every
 * site: a site inside it would hold the previous one, and so on.
 */
static const char *
forbidden(const char *root, const char *rootreal, const char *outreal)
{
    const char *why = NULL;
    char *content = resolve_in(root, rootreal, "content");
    char *themes = resolve_in(root, rootreal, "themes");
    char *statics = resolve_in(root, rootreal, "static");
    char *filters = resolve_in(root, rootreal, "filters");
    if (strcmp(outreal, "/") == 0)
        why = "it is the root of the file system; choose a folder of its "
              "own such as 'public'";
    else if (strcmp(outreal, rootreal) == 0)
        why = "it is the handbook folder itself; choose a folder of its own "
              "such as 'public'";
    else if (is_within(rootreal, outreal))
        why = "it contains the handbook; choose a folder of its own such as "
              "'public'";
    else if (is_within(outreal, content))
        why = "it is or is inside the content folder, which holds the "
              "documents; choose a folder outside content/ such as 'public'";
    else if (is_within(outreal, themes))
        why = "it is or is inside the themes folder; choose a folder outside "
              "themes/ such as 'public'";
    else if (is_within(outreal, statics))
        why = "it is or is inside the static folder, which is copied into "
              "every site; choose a folder outside static/ such as 'public'";
    else if (is_within(outreal, filters))
        why = "it is or is inside the filters folder; choose a folder "
              "outside filters/ such as 'public'";
    free(content);
    free(themes);
    free(statics);
    free(filters);
    return why;
}

/* How long a build waits for another build of the same OUT, in seconds:
 * ISMSBOOK_LOCK_WAIT (0 to 86400), else LOCK_WAIT. */
#define LOCK_WAIT 60.0

static double
lock_wait(void)
{
    const char *s = getenv("ISMSBOOK_LOCK_WAIT");
    char *end;
    if (!s || !*s)
        return LOCK_WAIT;
    double v = strtod(s, &end);
    if (!*end && v >= 0 && v <= 86400)
        return v;
    fprintf(stderr,
            "ismsbook: warning: ISMSBOOK_LOCK_WAIT: '%s' is not a number "
            "of seconds from 0 to 86400; waiting %g s\n",
            s, LOCK_WAIT);
    return LOCK_WAIT;
}

/* "another build (pid N)" from the pid the holder wrote into FD. */
static void
holder(int fd, char *out, size_t size)
{
    char buf[24] = "";
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    long pid = n > 0 ? strtol(buf, NULL, 10) : 0;
    if (pid > 0)
        snprintf(out, size, "another ismsbook build (pid %ld)", pid);
    else
        snprintf(out, size, "another ismsbook build");
}

static double
seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) +
           (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/*
 * Takes the lock of OUT: flock on ".OUT.lock" beside it, a file that holds
 * the owner's pid and is removed by whoever holds the lock when done (so a
 * waiter that then locks the removed file notices and tries again). Not
 * inside OUT, which the commit swaps away. Waits up to lock_wait() seconds
 * for another build, telling the user once on standard error: a progress
 * note that cannot wait for the findings. The lock is taken with out_rw
 * held and the output listed at once, so a signal never leaves the file.
 */
static int
take_lock(struct ib_out *o, struct ib_diag *d)
{
    struct ib_buf t;
    ib_buf_init(&t);
    ib_buf_printf(&t, ".%s.lock", o->base);
    o->lockname = ib_buf_take(&t);
    double wait = lock_wait();
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    bool told = false;
    char who[64];
    for (;;) {
        pthread_rwlock_wrlock(&out_rw);
        int fd = openat(o->parentfd, o->lockname,
                        O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK |
                            O_NOCTTY | O_CLOEXEC,
                        0644);
        struct stat a, b;
        if (fd < 0 || fstat(fd, &a) != 0 || !S_ISREG(a.st_mode)) {
            int err = fd < 0 ? errno : EINVAL;
            pthread_rwlock_unlock(&out_rw);
            if (fd >= 0)
                close(fd);
            output_error(d, o->label,
                         "cannot create the lock file beside it",
                         strerror(err));
            return -1;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
            if (fstatat(o->parentfd, o->lockname, &b, AT_SYMLINK_NOFOLLOW) ==
                    0 &&
                a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
                char pid[24];
                int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
                /* The pid only serves the messages of waiting builds. */
                ssize_t w = ftruncate(fd, 0) == 0
                                ? pwrite(fd, pid, (size_t)n, 0)
                                : -1;
                (void)w;
                o->lockfd = fd;
                o->next = outs;
                outs = o;
                pthread_rwlock_unlock(&out_rw);
                return 0;
            }
            /* The previous holder removed it: lock the new one. */
            pthread_rwlock_unlock(&out_rw);
            close(fd);
            continue;
        }
        int err = errno;
        pthread_rwlock_unlock(&out_rw);
        if (err != EWOULDBLOCK && err != EINTR) {
            close(fd);
            output_error(d, o->label, "cannot lock it", strerror(err));
            return -1;
        }
        holder(fd, who, sizeof who);
        close(fd);
        if (seconds_since(&t0) >= wait) {
            ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){o->label, 0, 0},
                        "output-error",
                        "%s is writing this folder; gave up after waiting "
                        "%g s (ISMSBOOK_LOCK_WAIT)",
                        who, wait);
            return -1;
        }
        if (!told) {
            fprintf(stderr,
                    "ismsbook: waiting for %s to finish writing '%s'\n", who,
                    o->label);
            told = true;
        }
        nanosleep(&(struct timespec){0, 50000000}, NULL);
    }
}

/* Takes O off the list; out_rw is held. */
static void
unlist(struct ib_out *o)
{
    for (struct ib_out **p = &outs; *p; p = &(*p)->next) {
        if (*p == o) {
            *p = o->next;
            return;
        }
    }
}

static void
close_folders(struct ib_out *o)
{
    for (size_t i = 0; i < o->nfolders; i++) {
        if (o->folders[i].fd >= 0)
            close(o->folders[i].fd);
        free(o->folders[i].rel);
    }
    free(o->folders);
    o->folders = NULL;
    o->nfolders = o->capfolders = 0;
    free(o->slots);
    o->slots = NULL;
    o->nslots = 0;
}

/* ib_out_abort with out_rw held. */
static void
abort_locked(struct ib_out *o)
{
    unlist(o);
    close_folders(o);
    pthread_mutex_destroy(&o->folders_mu);
    if (o->oldfd >= 0)
        close(o->oldfd);
    if (o->tmpfd >= 0)
        close(o->tmpfd);
    if (o->parentfd >= 0 && o->tmpname)
        remove_tree(o->parentfd, o->tmpname);
    if (o->lockfd >= 0) {
        /* Removed while still locked: see take_lock. */
        unlinkat(o->parentfd, o->lockname, 0);
        close(o->lockfd);
    }
    if (o->parentfd >= 0)
        close(o->parentfd);
    for (size_t i = 0; i < o->ncopied; i++)
        free(o->copied[i]);
    free(o->copied);
    free(o->label);
    free(o->parent);
    free(o->base);
    free(o->tmpname);
    free(o->lockname);
    free(o);
}

size_t
ib_out_cancel_all(void)
{
    pthread_rwlock_wrlock(&out_rw);
    size_t n = 0;
    for (struct ib_out *o = outs; o; o = o->next) {
        if (o->tmpname) {
            /* A write can only be between files here: retry anyway. */
            for (int i = 0; i < 3; i++)
                if (remove_tree(o->parentfd, o->tmpname) == 0)
                    break;
            n++;
        }
        if (o->lockfd >= 0)
            unlinkat(o->parentfd, o->lockname, 0);
    }
    for (struct pending *p = pendings; p; p = p->next)
        for (int i = 0; i < 3; i++)
            if (remove_tree(p->at, p->name) == 0)
                break;
    /* out_rw stays held: nothing may be written or swapped any more. */
    return n;
}

struct ib_out *
ib_out_begin(const char *root, const char *out, struct ib_diag *d)
{
    return ib_out_begin_own(root, out, false, d);
}

struct ib_out *
ib_out_begin_own(const char *root, const char *out, bool own,
                 struct ib_diag *d)
{
    struct ib_out *o = NULL;
    char *given = NULL, *outreal = NULL, *rootreal = NULL, *tmp = NULL;
    struct stat st;
    mode_t mode;
    bool exists = false;
    int err;

    if (!out || !*out) {
        refuse(d, "", "no output folder was given");
        return NULL;
    }
    given = ib_xstrdup(out);
    for (size_t n = strlen(given); n > 1 && given[n - 1] == '/'; n--)
        given[n - 1] = '\0';

    if (lstat(given, &st) == 0) {
        if (S_ISLNK(st.st_mode)) {
            refuse(d, out,
                   "it is a symbolic link; give the folder it "
                   "points to, or another folder");
            goto fail;
        }
        if (!S_ISDIR(st.st_mode)) {
            refuse(d, out,
                   "it exists and is not a folder; choose another "
                   "name or remove the file");
            goto fail;
        }
        exists = true;
        mode = st.st_mode & 07777;
        outreal = realpath(given, NULL);
    } else if (errno == ENOENT) {
        /* A new OUT: its parent must exist, and is all we resolve. */
        char *slash = strrchr(given, '/');
        const char *base = slash ? slash + 1 : given;
        char *parent = slash == given ? ib_xstrdup("/")
                       : slash ? ib_xstrndup(given, (size_t)(slash - given))
                               : ib_xstrdup(".");
        char *preal = realpath(parent, NULL);
        if (!preal) {
            refuse(d, out,
                   "its parent folder '%s' cannot be used (%s); create it "
                   "first",
                   parent, strerror(errno));
            free(parent);
            goto fail;
        }
        outreal = join(preal, base);
        free(preal);
        free(parent);
        mode_t mask = umask(0);
        umask(mask);
        mode = 0755 & ~mask;
    } else {
        refuse(d, out, "%s", strerror(errno));
        goto fail;
    }
    if (!outreal) {
        refuse(d, out, "%s", strerror(errno));
        goto fail;
    }

    rootreal = realpath(root && *root ? root : ".", NULL);
    if (!rootreal) {
        refuse(d, out, "the handbook folder '%s' cannot be resolved (%s)",
               root && *root ? root : ".", strerror(errno));
        goto fail;
    }
    const char *why = forbidden(root, rootreal, outreal);
    if (why) {
        refuse(d, out, "%s", why);
        goto fail;
    }

    o = ib_xcalloc(1, sizeof(*o));
    o->parentfd = o->tmpfd = o->lockfd = o->oldfd = -1;
    pthread_mutex_init(&o->folders_mu, NULL);
    o->label = ib_xstrdup(out);
    char *slash = strrchr(outreal, '/');
    o->base = ib_xstrdup(slash + 1);
    o->parent = slash == outreal
                    ? ib_xstrdup("/")
                    : ib_xstrndup(outreal, (size_t)(slash - outreal));
    o->parentfd = open(o->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (o->parentfd < 0) {
        output_error(d, out, "cannot open the output's parent folder",
                     strerror(errno));
        goto fail;
    }
    /* From here on another build of OUT waits for this one, so the
     * checks below and the swap see no one else's half-done work. */
    if (take_lock(o, d) < 0)
        goto fail;
    remove_stale_tmp(o);
    if (exists && foreign_contents(given, &err)) {
        refuse(d, out, "%s",
               err ? strerror(err)
                   : "it is not empty and was not written by "
                     "ismsbook (it has no " MARKER " file); choose "
                     "an empty or new folder, or empty it yourself");
        goto fail;
    }
    char *added = exists && !own ? hand_added(given) : NULL;
    if (added) {
        refuse(d, out,
               "it holds '%s', which no build wrote, and a build replaces "
               "the whole folder; move it elsewhere, or put it in static/ "
               "to have every build copy it",
               added);
        free(added);
        goto fail;
    }
    struct ib_buf t;
    ib_buf_init(&t);
    ib_buf_printf(&t, "%s/.%s.tmp-XXXXXX",
                  strcmp(o->parent, "/") ? o->parent : "", o->base);
    tmp = ib_buf_take(&t);
    pthread_rwlock_wrlock(&out_rw);
    if (!mkdtemp(tmp)) {
        pthread_rwlock_unlock(&out_rw);
        output_error(d, out, "cannot create a temporary folder beside it",
                     strerror(errno));
        goto fail;
    }
    o->tmpname = ib_xstrdup(strrchr(tmp, '/') + 1);
    pthread_rwlock_unlock(&out_rw);
    if (exists)
        o->oldfd = openat(o->parentfd, o->base,
                          O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    o->tmpfd = openat(o->parentfd, o->tmpname,
                      O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    /* mkdtemp makes it 0700; the site should read like any folder. */
    if (o->tmpfd < 0 || fchmod(o->tmpfd, mode) != 0) {
        output_error(d, out, "cannot open the temporary folder",
                     strerror(errno));
        goto fail;
    }
    free(given);
    free(outreal);
    free(rootreal);
    free(tmp);
    return o;

fail:
    ib_out_abort(o);
    free(given);
    free(outreal);
    free(rootreal);
    free(tmp);
    return NULL;
}

/* Reads up to N bytes from FD at OFF into BUF; returns how many, or -1. */
static ssize_t
read_at(int fd, char *buf, size_t n, off_t off)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(fd, buf + got, n - got, off + (off_t)got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* Opens the file LEAF of DIR if it is LEN bytes long and ours alone (one
 * link: not shared with a file outside the site); else -1. */
static int
open_same_size(int dir, const char *leaf, size_t len)
{
    int fd = openat(dir, leaf,
                    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 1 &&
        (size_t)st.st_size == len)
        return fd;
    close(fd);
    return -1;
}

/* True if the file LEAF of DIR holds exactly the LEN bytes of DATA (read
 * from the file NEWFD if DATA is NULL) and is ours alone. */
static bool
same_file(int dir, const char *leaf, const void *data, size_t len, int newfd)
{
    int fd = open_same_size(dir, leaf, len);
    if (fd < 0)
        return false;
    bool same = true;
    enum { CHUNK = 16384 };
    char buf[CHUNK], mine[CHUNK];
    for (size_t off = 0; same && off < len; off += CHUNK) {
        size_t n = len - off < CHUNK ? len - off : CHUNK;
        const void *want = data ? (const char *)data + off : mine;
        same = read_at(fd, buf, n, (off_t)off) == (ssize_t)n &&
               (data || read_at(newfd, mine, n, (off_t)off) == (ssize_t)n) &&
               memcmp(buf, want, n) == 0;
    }
    close(fd);
    return same;
}

/*
 * A page the previous site holds byte for byte is hard-linked into the new
 * one instead of written: it keeps its file and time, so a rebuild after
 * a small edit rewrites only the pages that changed, and tools that sync
 * OUT elsewhere see only those. Returns 1 when linked, -1 with errno
 * EEXIST when the new site has REL already, else 0 (write it).
 */
static int
link_unchanged(struct ib_out *o, const char *rel, const void *data, size_t len)
{
    if (o->oldfd < 0)
        return 0;
    const char *leaf, *newleaf;
    int olddir = folder_of(o, rel, false, &leaf);
    if (olddir < 0)
        return 0;
    int rc = 0;
    if (same_file(olddir, leaf, data, len, -1)) {
        int newdir = folder_of(o, rel, true, &newleaf);
        if (newdir >= 0 && linkat(olddir, leaf, newdir, newleaf, 0) == 0)
            rc = 1;
        else if (newdir >= 0 && errno == EEXIST)
            rc = -1;
    }
    if (rc < 0)
        errno = EEXIST;
    return rc;
}

/* The name a patched file is written under before it replaces LEAF. */
static char *
patch_name(const char *leaf)
{
    char *tmp = NULL;
    if (asprintf(&tmp, ".%s.ismsbook-new", leaf) < 0) {
        fputs("ismsbook: error: out of memory\n", stderr);
        exit(1);
    }
    return tmp;
}

/* Ends the patch of REL: its new file replaces the old one. Returns 0,
 * or -1 with errno. */
static int
finish_patch(struct ib_out *o, const char *rel)
{
    const char *leaf;
    int dir = folder_of(o, rel, true, &leaf);
    if (dir < 0)
        return -1;
    char *tmp = patch_name(leaf);
    int rc = 0;
    if (renameat(dir, tmp, dir, leaf) != 0) {
        int err = errno;
        unlinkat(dir, tmp, 0);
        errno = err;
        rc = -1;
    }
    free(tmp);
    return rc;
}

/* Removes the unfinished patch of REL. */
static void
drop_patch(struct ib_out *o, const char *rel)
{
    const char *leaf;
    int dir = folder_of(o, rel, true, &leaf);
    if (dir >= 0) {
        char *tmp = patch_name(leaf);
        unlinkat(dir, tmp, 0);
        free(tmp);
    }
}

/*
 * Creates REL in the new site; returns its descriptor, or -1 after
 * recording output-error. Pages are written once: an existing file means
 * two pages claim one path (a document named like a page ismsbook
 * generates). LINKED is link_unchanged's answer, -1 for EEXIST.
 */
static int
create_page(struct ib_out *o, const char *rel, int linked, struct ib_diag *d)
{
    int fd = -1;
    if (linked == 0) {
        const char *leaf;
        int dir = folder_of(o, rel, true, &leaf);
        char *tmp = NULL;
        if (dir >= 0 && o->in_place) {
            /* Beside the old file, renamed over it when written. */
            tmp = patch_name(leaf);
            unlinkat(dir, tmp, 0); /* left by a process killed here */
        }
        fd = dir < 0 ? -1
                     : openat(dir, tmp ? tmp : leaf,
                              O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
                                  O_CLOEXEC,
                              0644);
        free(tmp);
    }
    if (fd < 0 && errno == EEXIST)
        output_error(d, rel, "cannot write",
                     "two pages would be written to this path (a document "
                     "whose path matches a page ismsbook generates?); "
                     "rename the document");
    else if (fd < 0)
        output_error(d, rel, "cannot write", strerror(errno));
    return fd;
}

int
ib_out_write(struct ib_out *o, const char *rel, const void *data, size_t len,
             struct ib_diag *d)
{
    if (!valid_rel(rel, false)) {
        output_error(d, rel, "cannot write",
                     "not a relative path inside the site");
        return -1;
    }
    pthread_rwlock_rdlock(&out_rw);
    int linked = link_unchanged(o, rel, data, len);
    int fd = linked > 0 ? -1 : create_page(o, rel, linked, d);
    int rc = linked > 0 ? 0 : -1;
    if (fd >= 0) {
        int err = ib_fs_write_all(fd, data, len) != 0 ? errno : 0;
        if (close(fd) != 0 && !err)
            err = errno;
        if (o->in_place && !err && finish_patch(o, rel) != 0)
            err = errno;
        else if (o->in_place && err)
            drop_patch(o, rel);
        if (err)
            output_error(d, rel, "cannot write", strerror(err));
        else
            rc = 0;
    }
    pthread_rwlock_unlock(&out_rw);
    return rc;
}

struct ib_out_file {
    struct ib_out *o;
    char *rel;
    int fd;
    size_t len; /* bytes put */
    int err;    /* the first error, or 0 */
};

struct ib_out_file *
ib_out_open(struct ib_out *o, const char *rel, struct ib_diag *d)
{
    if (!valid_rel(rel, false)) {
        output_error(d, rel, "cannot write",
                     "not a relative path inside the site");
        return NULL;
    }
    /* Held until the close, as ib_out_write holds it for its write. */
    pthread_rwlock_rdlock(&out_rw);
    int fd = create_page(o, rel, 0, d);
    if (fd < 0) {
        pthread_rwlock_unlock(&out_rw);
        return NULL;
    }
    struct ib_out_file *f = ib_xcalloc(1, sizeof(*f));
    *f = (struct ib_out_file){o, ib_xstrdup(rel), fd, 0, 0};
    return f;
}

void
ib_out_put(struct ib_out_file *f, const void *data, size_t len)
{
    if (!f->err && ib_fs_write_all(f->fd, data, len) != 0)
        f->err = errno ? errno : EIO;
    f->len += len;
}

void
ib_out_put_file(struct ib_out_file *f, int fd, off_t off, size_t len)
{
    f->len += len;
    while (!f->err && len > 0) {
        ssize_t n = copy_file_range(fd, &off, f->fd, NULL, len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL ||
                      errno == EOPNOTSUPP)) {
            /* Across file systems, or none to do it: by hand. */
            char buf[65536];
            size_t k = len < sizeof buf ? len : sizeof buf;
            ssize_t r = read_at(fd, buf, k, off);
            if (r <= 0 || ib_fs_write_all(f->fd, buf, (size_t)r) != 0) {
                f->err = r == 0 ? EIO : errno;
                return;
            }
            n = r;
            off += r;
        } else if (n <= 0) {
            f->err = n == 0 ? EIO : errno; /* shorter than said */
            return;
        }
        len -= (size_t)n;
    }
}

int
ib_out_read_old(struct ib_out *o, const char *rel)
{
    const char *leaf;
    int dir = valid_rel(rel, false)
                  ? folder_of(o, rel, o->in_place, &leaf)
                  : (errno = EINVAL, -1);
    return dir < 0 ? -1
                   : openat(dir, leaf,
                            O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC |
                                O_NOCTTY);
}

/*
 * Puts the previous site's copy of F in place of F, if it holds the same
 * bytes: as ib_out_write links an unchanged page. The old file is linked
 * beside the new one and renamed over it, so a failure keeps the new.
 */
static void
keep_old_copy(struct ib_out_file *f)
{
    struct ib_out *o = f->o;
    const char *leaf, *newleaf;
    int olddir = o->oldfd < 0 ? -1 : folder_of(o, f->rel, false, &leaf);
    if (olddir < 0 || !same_file(olddir, leaf, NULL, f->len, f->fd))
        return;
    int newdir = folder_of(o, f->rel, true, &newleaf);
    char *tmp = NULL;
    if (newdir < 0 || asprintf(&tmp, ".%s.ismsbook-old", newleaf) < 0)
        return;
    if (linkat(olddir, leaf, newdir, tmp, 0) == 0 &&
        renameat(newdir, tmp, newdir, newleaf) != 0)
        unlinkat(newdir, tmp, 0);
    free(tmp);
}

void
ib_out_discard(struct ib_out_file *f)
{
    const char *leaf;
    int dir = folder_of(f->o, f->rel, true, &leaf);
    if (f->o->in_place)
        drop_patch(f->o, f->rel);
    else if (dir >= 0)
        unlinkat(dir, leaf, 0);
    close(f->fd);
    pthread_rwlock_unlock(&out_rw);
    free(f->rel);
    free(f);
}

int
ib_out_close(struct ib_out_file *f, struct ib_diag *d)
{
    bool in_place = f->o->in_place;
    if (!f->err && !in_place)
        keep_old_copy(f); /* reads the new file */
    if (close(f->fd) != 0 && !f->err)
        f->err = errno;
    if (in_place && !f->err && finish_patch(f->o, f->rel) != 0)
        f->err = errno;
    else if (in_place && f->err)
        drop_patch(f->o, f->rel);
    pthread_rwlock_unlock(&out_rw);
    int rc = 0;
    if (f->err) {
        output_error(d, f->rel, "cannot write", strerror(f->err));
        rc = -1;
    }
    free(f->rel);
    free(f);
    return rc;
}

struct ib_out *
ib_out_patch(const char *out, struct ib_diag *d)
{
    int fd = open(out, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        output_error(d, out, "cannot open the site", strerror(errno));
        return NULL;
    }
    struct ib_out *o = ib_xcalloc(1, sizeof(*o));
    o->label = ib_xstrdup(out);
    o->parentfd = o->lockfd = o->oldfd = -1;
    o->tmpfd = fd;
    o->in_place = true;
    pthread_mutex_init(&o->folders_mu, NULL);
    return o;
}

/* True if the new site has DST and no static file put it there: a page.
 * Static files are copied one at a time, after every page. */
static bool
is_page(const struct ib_out *o, const char *dst)
{
    const char *leaf;
    int dir = walk_parents(o->tmpfd, dst, false, &leaf);
    if (dir < 0)
        return false;
    struct stat st;
    bool exists = fstatat(dir, leaf, &st, AT_SYMLINK_NOFOLLOW) == 0;
    close(dir);
    for (size_t i = 0; exists && i < o->ncopied; i++)
        if (strcmp(o->copied[i], dst) == 0)
            return false;
    return exists;
}

/* Copies the file NAME of the folder DIRFD (SRCREL, for findings) to DST. */
static int
copy_file(struct ib_out *o, int dirfd, const char *name, const char *srcrel,
          const char *dst, struct ib_diag *d)
{
    int in = openat(dirfd, name,
                    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (in < 0) {
        unreadable(d, srcrel, strerror(errno));
        return -1;
    }
    /* The site's static files may replace the theme's (its stylesheet,
     * say), but not a page: one of the two would be lost. */
    if (is_page(o, dst)) {
        const char *at = strncmp(srcrel, "./", 2) == 0 ? srcrel + 2 : srcrel;
        ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){at, 0, 0},
                    "output-error",
                    "would replace the page '%s' that ismsbook generates "
                    "(a document's or its own); rename or move the file",
                    dst);
        close(in);
        return -1;
    }
    pthread_rwlock_rdlock(&out_rw);
    int out = create_file(o->tmpfd, dst, false);
    if (out < 0) {
        output_error(d, dst, "cannot write", strerror(errno));
        pthread_rwlock_unlock(&out_rw);
        close(in);
        return -1;
    }
    int rc = 0;
    char buf[65536];
    for (;;) {
        ssize_t r = read(in, buf, sizeof(buf));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            unreadable(d, srcrel, strerror(errno));
            rc = -1;
            break;
        }
        if (r == 0)
            break;
        if (ib_fs_write_all(out, buf, (size_t)r) != 0) {
            output_error(d, dst, "cannot write", strerror(errno));
            rc = -1;
            break;
        }
    }
    close(in);
    if (close(out) != 0 && rc == 0) {
        output_error(d, dst, "cannot write", strerror(errno));
        rc = -1;
    }
    pthread_rwlock_unlock(&out_rw);
    o->copied = ib_xrealloc(o->copied, (o->ncopied + 1) * sizeof(*o->copied));
    o->copied[o->ncopied++] = ib_xstrdup(dst);
    return rc;
}

int
ib_out_copy_tree(struct ib_out *o, const char *src, const char *reldir,
                 struct ib_diag *d)
{
    if (!valid_rel(reldir, true)) {
        output_error(d, reldir, "cannot write",
                     "not a relative path inside the site");
        return -1;
    }
    struct stat st;
    if (stat(src, &st) != 0) {
        if (errno == ENOENT)
            return 0;
        unreadable(d, src, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        unreadable(d, src, "not a folder");
        return -1;
    }

    int rc = 0;
    struct strvec todo = {0};
    strvec_push(&todo, ib_xstrdup(""));
    while (todo.n > 0) {
        char *rel = todo.v[--todo.n];
        char *path = join(src, rel);
        /* SRC itself may be a symlink (an installed theme); below it none
         * is followed. */
        DIR *dir = open_dir(path, rel[0] ? O_NOFOLLOW : 0);
        struct entries names = {0};
        struct strvec subdirs = {0};
        if (!dir || read_names(dir, &names) != 0) {
            unreadable(d, path, strerror(errno));
            rc = -1;
        }
        for (size_t i = 0; i < names.n; i++) {
            const char *name = names.v[i].name;
            if (entry_mode(dir, &names.v[i], &st) != 0)
                continue;
            char *crel = join(rel, name);
            if (S_ISDIR(st.st_mode)) {
                strvec_push(&subdirs, crel);
                continue;
            }
            if (S_ISREG(st.st_mode)) {
                char *srcrel = join(src, crel);
                char *dst = join(reldir, crel);
                if (copy_file(o, dirfd(dir), name, srcrel, dst, d) != 0)
                    rc = -1;
                free(dst);
                free(srcrel);
            }
            free(crel);
        }
        while (subdirs.n > 0)
            strvec_push(&todo, subdirs.v[--subdirs.n]);
        if (dir)
            closedir(dir);
        entries_free(&names);
        strvec_free(&subdirs);
        free(path);
        free(rel);
    }
    strvec_free(&todo);
    return rc;
}

enum ib_out_has
ib_out_has(const struct ib_out *o, const char *rel)
{
    if (!valid_rel(rel, false))
        return IB_OUT_HAS_NOTHING;
    const char *leaf;
    int dir = walk_parents(o->tmpfd, rel, false, &leaf);
    if (dir < 0)
        return IB_OUT_HAS_NOTHING;
    struct stat st;
    bool exists = fstatat(dir, leaf, &st, AT_SYMLINK_NOFOLLOW) == 0;
    close(dir);
    if (!exists)
        return IB_OUT_HAS_NOTHING;
    for (size_t i = 0; i < o->ncopied; i++)
        if (strcmp(o->copied[i], rel) == 0)
            return IB_OUT_HAS_COPY;
    return IB_OUT_HAS_PAGE;
}

int
ib_out_copy_file(struct ib_out *o, const char *root, const char *rel,
                 const char *dst, struct ib_diag *d)
{
    if (!valid_rel(rel, false) || !valid_rel(dst, false)) {
        output_error(d, dst, "cannot write",
                     "not a relative path inside the site");
        return -1;
    }
    /* REL's first folder may be a symlink, as ib_out_copy_tree's SRC may;
     * below it none is followed, so a file swapped for a symlink after
     * the walk listed it is not read. */
    const char *slash = strchr(rel, '/');
    char *top = slash ? ib_xstrndup(rel, (size_t)(slash - rel)) : NULL;
    char *path = top ? join(root, top) : NULL;
    int base = path ? open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    const char *leaf = NULL;
    int dir = base >= 0 ? walk_parents(base, slash + 1, false, &leaf) : -1;
    int rc = -1;
    struct stat st;
    if (dir < 0 || fstatat(dir, leaf, &st, AT_SYMLINK_NOFOLLOW) != 0)
        unreadable(d, rel, path ? strerror(errno) : "not in a folder");
    else if (!S_ISREG(st.st_mode))
        unreadable(d, rel, "not a regular file");
    else
        rc = copy_file(o, dir, leaf, rel, dst, d);
    if (dir >= 0)
        close(dir);
    if (base >= 0)
        close(base);
    free(path);
    free(top);
    return rc;
}

/*
 * Puts the temporary folder at OUT's name. Returns the name in o->parentfd
 * of the tree to delete afterwards (the old site; NULL if there was none)
 * through *OLD, and 0; or -1 with errno set and nothing moved.
 */
static int
swap_in(struct ib_out *o, char **old)
{
    struct stat st;
    *old = NULL;
    if (fstatat(o->parentfd, o->base, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno != ENOENT)
            return -1;
        return renameat(o->parentfd, o->tmpname, o->parentfd, o->base);
    }
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    if (renameat2(o->parentfd, o->tmpname, o->parentfd, o->base,
                  RENAME_EXCHANGE) == 0) {
        *old = ib_xstrdup(o->tmpname);
        return 0;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        return -1;

    /* No exchange on this file system: move the old site aside (onto an
     * empty folder of our own, which rename may replace), then move the
     * new one in; a short window without OUT is the price. */
    struct ib_buf t;
    ib_buf_init(&t);
    ib_buf_printf(&t, "%s/.%s.old-XXXXXX",
                  strcmp(o->parent, "/") ? o->parent : "", o->base);
    char *aside = ib_buf_take(&t);
    if (!mkdtemp(aside)) {
        free(aside);
        return -1;
    }
    char *name = ib_xstrdup(strrchr(aside, '/') + 1);
    free(aside);
    if (renameat(o->parentfd, o->base, o->parentfd, name) != 0) {
        int err = errno;
        unlinkat(o->parentfd, name, AT_REMOVEDIR);
        free(name);
        errno = err;
        return -1;
    }
    if (renameat(o->parentfd, o->tmpname, o->parentfd, o->base) != 0) {
        int err = errno;
        renameat(o->parentfd, name, o->parentfd, o->base);
        free(name);
        errno = err;
        return -1;
    }
    *old = name;
    return 0;
}

int
ib_out_commit(struct ib_out *o, struct ib_diag *d)
{
    /* Exclusive to the end, so a signal finds the swap done or not begun
     * and the previous site removed or not yet the site. */
    pthread_rwlock_wrlock(&out_rw);
    if (o->in_place) { /* every file is in place already */
        abort_locked(o);
        pthread_rwlock_unlock(&out_rw);
        return 0;
    }
    struct ib_buf text;
    ib_buf_init(&text);
    ib_buf_puts(&text, MARKER_TEXT MARKER_LIST);
    int listfd = dup(o->tmpfd);
    DIR *top = listfd >= 0 ? fdopendir(listfd) : NULL;
    if (top) {
        struct strvec names = {0};
        marker_names(top, &names);
        closedir(top);
        for (size_t i = 0; i < names.n; i++) {
            ib_buf_puts(&text, names.v[i]);
            ib_buf_putc(&text, '\n');
        }
        strvec_free(&names);
    } else if (listfd >= 0) {
        close(listfd);
    }
    int fd =
        top ? openat(o->tmpfd, MARKER,
                     O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
                     0644)
            : -1;
    int err = fd < 0 ? errno : 0;
    if (fd >= 0 && ib_fs_write_all(fd, text.data, text.len) != 0)
        err = errno;
    if (fd >= 0 && close(fd) != 0 && !err)
        err = errno;
    ib_buf_fini(&text);
    if (err) {
        output_error(d, o->label, "cannot write the " MARKER " marker",
                     strerror(err));
        abort_locked(o);
        pthread_rwlock_unlock(&out_rw);
        return -1;
    }
    close_folders(o);
    close(o->tmpfd);
    o->tmpfd = -1;

    char *old = NULL;
    if (swap_in(o, &old) != 0) {
        output_error(d, o->label, "cannot put the new site in place",
                     strerror(errno));
        abort_locked(o);
        pthread_rwlock_unlock(&out_rw);
        return -1;
    }
    if (old && remove_tree(o->parentfd, old) != 0)
        ib_diag_add(d, IB_SEV_WARNING, (struct ib_loc){o->label, 0, 0},
                    "output-error",
                    "the new site is in place, but the previous one could "
                    "not be removed from '%s/%s': %s",
                    o->parent, old, strerror(errno));
    free(old);
    /* The temporary name is gone (renamed or swapped and removed). */
    free(o->tmpname);
    o->tmpname = NULL;
    abort_locked(o);
    pthread_rwlock_unlock(&out_rw);
    return 0;
}

void
ib_out_abort(struct ib_out *o)
{
    if (!o)
        return;
    pthread_rwlock_wrlock(&out_rw);
    abort_locked(o);
    pthread_rwlock_unlock(&out_rw);
}

/*
 * Renames FROM (in FROMFD) to TO (in TOFD) unless TO exists. Without
 * RENAME_NOREPLACE on this file system, a hard link does the same for a
 * file, and a plain rename for a folder (which fails on a non-empty one).
 */
static int
rename_new(int fromfd, const char *from, int tofd, const char *to)
{
    if (renameat2(fromfd, from, tofd, to, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        return -1;
    struct stat st;
    if (fstatat(fromfd, from, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return -1;
    if (S_ISDIR(st.st_mode))
        return renameat(fromfd, from, tofd, to);
    if (linkat(fromfd, from, tofd, to, 0) != 0)
        return -1;
    unlinkat(fromfd, from, 0);
    return 0;
}

int
ib_fs_create(const char *root, const char *rel, const void *data, size_t len,
             struct ib_diag *d)
{
    if (!valid_rel(rel, false)) {
        output_error(d, rel, "cannot write", "not a relative path");
        return -1;
    }
    int base = open(root && *root ? root : ".",
                    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (base < 0) {
        output_error(d, rel, "cannot open the handbook folder",
                     strerror(errno));
        return -1;
    }
    const char *leaf;
    int dir = walk_parents(base, rel, true, &leaf);
    int err = errno;
    close(base);
    if (dir < 0) {
        output_error(d, rel, "cannot create its folder", strerror(err));
        return -1;
    }
    struct stat st;
    if (fstatat(dir, leaf, &st, AT_SYMLINK_NOFOLLOW) == 0) {
        ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){NULL, 0, 0},
                    "output-refused",
                    "refusing to write '%s': it already exists, and "
                    "nothing is ever overwritten; choose another title",
                    rel);
        close(dir);
        return -1;
    }
    char tmp[NAME_MAX + 1];
    int fd = -1;
    /* Registered, so that a signal removes the temporary file. */
    struct pending reg = {dir, tmp, NULL};
    pthread_rwlock_wrlock(&out_rw);
    for (int i = 0; fd < 0 && i < 100; i++) {
        snprintf(tmp, sizeof tmp, ".ismsbook-new.tmp-%ld-%d", (long)getpid(),
                 i);
        fd = openat(dir, tmp,
                    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    0644);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    err = errno;
    if (fd >= 0)
        pending_add(&reg);
    pthread_rwlock_unlock(&out_rw);
    bool wrote = false;
    if (fd >= 0) {
        pthread_rwlock_rdlock(&out_rw);
        wrote = ib_fs_write_all(fd, data, len) == 0;
        err = errno;
        if (close(fd) != 0 && wrote) {
            wrote = false;
            err = errno;
        }
        pthread_rwlock_unlock(&out_rw);
        /* After a signal this waits for the end of the process. */
        pthread_rwlock_wrlock(&out_rw);
        pending_drop(&reg);
    }
    int rc = -1;
    if (fd < 0) {
        output_error(d, rel, "cannot create a temporary file beside it",
                     strerror(err));
    } else if (!wrote) {
        output_error(d, rel, "cannot write", strerror(err));
        unlinkat(dir, tmp, 0);
    } else if (rename_new(dir, tmp, dir, leaf) != 0) {
        err = errno;
        unlinkat(dir, tmp, 0);
        if (err == EEXIST)
            ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){NULL, 0, 0},
                        "output-refused",
                        "refusing to write '%s': it appeared while it was "
                        "being written, and nothing is ever overwritten",
                        rel);
        else
            output_error(d, rel, "cannot write", strerror(err));
    } else {
        rc = 0;
    }
    if (fd >= 0)
        pthread_rwlock_unlock(&out_rw);
    close(dir);
    return rc;
}

struct ib_fs_stage {
    char *label;   /* DIR as given, for findings */
    int atfd;      /* the folder holding the temporary folder */
    char *tmpname; /* the temporary folder's name in atfd */
    int tmpfd;
    char *base;    /* a new DIR: its name in atfd; NULL when DIR existed */
    struct strvec top; /* top-level entries, in the order first written */
    struct pending reg; /* the temporary folder, for ib_out_cancel_all */
};

static void __attribute__((format(printf, 3, 4)))
stage_refuse(struct ib_diag *d, const char *dir, const char *fmt, ...)
{
    struct ib_buf why;
    ib_buf_init(&why);
    va_list ap;
    va_start(ap, fmt);
    ib_buf_vprintf(&why, fmt, ap);
    va_end(ap);
    ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){NULL, 0, 0},
                "output-refused", "refusing to create a handbook in '%s': %s",
                dir, ib_buf_cstr(&why));
    ib_buf_fini(&why);
}

/* Returns the sorted names in the folder PATH (all of them, hidden ones
 * too), or -1 with errno. */
static int
list_all(const char *path, struct strvec *names)
{
    DIR *dir = open_dir(path, 0);
    if (!dir)
        return -1;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(dir)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            strvec_push(names, ib_xstrdup(e->d_name));
        errno = 0;
    }
    int err = errno;
    closedir(dir);
    errno = err;
    if (err)
        return -1;
    strvec_sort(names);
    return 0;
}

struct ib_fs_stage *
ib_fs_stage_begin(const char *dir, struct ib_diag *d)
{
    if (!dir || !*dir) {
        stage_refuse(d, "", "no folder was given");
        return NULL;
    }
    struct ib_fs_stage *s = ib_xcalloc(1, sizeof(*s));
    s->atfd = s->tmpfd = -1;
    s->label = ib_xstrdup(dir);
    char *given = ib_xstrdup(dir);
    for (size_t n = strlen(given); n > 1 && given[n - 1] == '/'; n--)
        given[n - 1] = '\0';
    char *tmpl = NULL;
    struct stat st;
    if (stat(given, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            stage_refuse(d, dir, "it exists and is not a folder");
            goto fail;
        }
        struct strvec names = {0};
        if (list_all(given, &names) != 0) {
            output_error(d, dir, "cannot read the folder", strerror(errno));
            goto fail;
        }
        /* What an init that was killed left here is ours to remove. */
        size_t kept = 0;
        int at = open(given, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        for (size_t i = 0; i < names.n; i++) {
            if (at >= 0 && ib_text_starts_with(names.v[i], INIT_TMP) &&
                strlen(names.v[i]) == strlen(INIT_TMP) + 6 &&
                remove_tree(at, names.v[i]) == 0)
                free(names.v[i]);
            else
                names.v[kept++] = names.v[i];
        }
        names.n = kept;
        if (at >= 0)
            close(at);
        if (names.n > 0) {
            char more[64] = "";
            if (names.n > 1)
                snprintf(more, sizeof more, " and %zu more", names.n - 1);
            stage_refuse(d, dir,
                         "it is not empty (it holds '%s'%s); choose a new "
                         "or empty folder",
                         names.v[0], more);
            strvec_free(&names);
            goto fail;
        }
        strvec_free(&names);
        s->atfd = open(given, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        tmpl = join(given, INIT_TMP "XXXXXX");
    } else if (errno == ENOENT) {
        char *slash = strrchr(given, '/');
        char *parent = slash == given ? ib_xstrdup("/")
                       : slash ? ib_xstrndup(given, (size_t)(slash - given))
                               : ib_xstrdup(".");
        const char *base = slash ? slash + 1 : given;
        if (stat(parent, &st) != 0 || !S_ISDIR(st.st_mode)) {
            stage_refuse(d, dir,
                         "its parent folder '%s' does not exist; create it "
                         "first",
                         parent);
            free(parent);
            goto fail;
        }
        s->base = ib_xstrdup(base);
        s->atfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        struct ib_buf t;
        ib_buf_init(&t);
        ib_buf_printf(&t, "%s/.%s.tmp-XXXXXX", parent, base);
        tmpl = ib_buf_take(&t);
        free(parent);
    } else {
        stage_refuse(d, dir, "%s", strerror(errno));
        goto fail;
    }
    if (s->atfd < 0) {
        output_error(d, dir, "cannot open the folder", strerror(errno));
        goto fail;
    }
    pthread_rwlock_wrlock(&out_rw);
    if (!mkdtemp(tmpl)) {
        int err = errno;
        pthread_rwlock_unlock(&out_rw);
        output_error(d, dir, "cannot create a temporary folder", strerror(err));
        goto fail;
    }
    s->tmpname = ib_xstrdup(strrchr(tmpl, '/') + 1);
    s->reg = (struct pending){s->atfd, s->tmpname, NULL};
    pending_add(&s->reg);
    pthread_rwlock_unlock(&out_rw);
    s->tmpfd = openat(s->atfd, s->tmpname,
                      O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    /* mkdtemp makes it 0700; a new handbook folder should read like any
     * folder the user makes. */
    mode_t mask = umask(0);
    umask(mask);
    if (s->tmpfd < 0 || fchmod(s->tmpfd, 0777 & ~mask) != 0) {
        output_error(d, dir, "cannot open the temporary folder",
                     strerror(errno));
        goto fail;
    }
    free(tmpl);
    free(given);
    return s;
fail:
    free(tmpl);
    free(given);
    ib_fs_stage_abort(s);
    return NULL;
}

int
ib_fs_stage_write(struct ib_fs_stage *s, const char *rel, const void *data,
                  size_t len, struct ib_diag *d)
{
    if (!valid_rel(rel, false)) {
        output_error(d, rel, "cannot write", "not a relative path");
        return -1;
    }
    size_t n = strcspn(rel, "/");
    bool seen = false;
    for (size_t i = 0; i < s->top.n && !seen; i++)
        seen = strlen(s->top.v[i]) == n && memcmp(s->top.v[i], rel, n) == 0;
    if (!seen)
        strvec_push(&s->top, ib_xstrndup(rel, n));
    /* Shared: a signal removes the folder between two writes. */
    pthread_rwlock_rdlock(&out_rw);
    int fd = create_file(s->tmpfd, rel, false);
    bool ok = fd >= 0 && ib_fs_write_all(fd, data, len) == 0;
    int err = errno;
    if (fd >= 0 && close(fd) != 0 && ok) {
        ok = false;
        err = errno;
    }
    pthread_rwlock_unlock(&out_rw);
    if (!ok) {
        output_error(d, rel, "cannot write", strerror(err));
        return -1;
    }
    return 0;
}

/* Frees S and removes its temporary folder, with out_rw held exclusively. */
static void
stage_free(struct ib_fs_stage *s)
{
    pending_drop(&s->reg);
    if (s->tmpfd >= 0)
        close(s->tmpfd);
    if (s->atfd >= 0 && s->tmpname)
        remove_tree(s->atfd, s->tmpname);
    if (s->atfd >= 0)
        close(s->atfd);
    strvec_free(&s->top);
    free(s->label);
    free(s->tmpname);
    free(s->base);
    free(s);
}

int
ib_fs_stage_commit(struct ib_fs_stage *s, struct ib_diag *d)
{
    int rc = 0;
    /* Exclusive: a signal waits for the commit, so it is never cut in
     * half; afterwards there is nothing left to remove. */
    pthread_rwlock_wrlock(&out_rw);
    if (s->base) {
        if (rename_new(s->atfd, s->tmpname, s->atfd, s->base) != 0) {
            if (errno == EEXIST || errno == ENOTEMPTY)
                stage_refuse(d, s->label,
                             "it was created meanwhile by something else");
            else
                output_error(d, s->label, "cannot put the handbook in place",
                             strerror(errno));
            rc = -1;
        } else {
            free(s->tmpname);
            s->tmpname = NULL;
        }
        stage_free(s);
        pthread_rwlock_unlock(&out_rw);
        return rc;
    }
    size_t moved = 0;
    for (; moved < s->top.n; moved++) {
        const char *name = s->top.v[moved];
        if (rename_new(s->tmpfd, name, s->atfd, name) != 0) {
            if (errno == EEXIST || errno == ENOTEMPTY)
                stage_refuse(d, s->label, "'%s' appeared in it meanwhile",
                             name);
            else
                output_error(d, s->label, "cannot put the handbook in place",
                             strerror(errno));
            rc = -1;
            break;
        }
    }
    /* All or nothing: what was already moved goes back to be removed. */
    if (rc != 0)
        while (moved > 0) {
            moved--;
            renameat(s->atfd, s->top.v[moved], s->tmpfd, s->top.v[moved]);
        }
    stage_free(s);
    pthread_rwlock_unlock(&out_rw);
    return rc;
}

void
ib_fs_stage_abort(struct ib_fs_stage *s)
{
    if (!s)
        return;
    pthread_rwlock_wrlock(&out_rw);
    stage_free(s);
    pthread_rwlock_unlock(&out_rw);
}

int
ib_fs_read_text(const char *root, const char *rel, size_t max,
                const char *shown, char **data, size_t *len, struct ib_diag *d)
{
    char *text;
    size_t n, bad;
    if (ib_fs_read(root, rel, max, &text, &n, d) < 0)
        return -1;
    if (!ib_text_valid_utf8(text, n, &bad)) {
        unsigned line, col;
        ib_text_pos(text, bad, &line, &col);
        ib_diag_add(d, IB_SEV_ERROR,
                    (struct ib_loc){shown ? shown : rel, line, col},
                    "encoding-invalid", "invalid UTF-8 (byte 0x%02X)",
                    (unsigned char)text[bad]);
        free(text);
        return -1;
    }
    if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        memmove(text, text + 3, n - 3 + 1);
        n -= 3;
    }
    *data = text;
    *len = n;
    return 0;
}
