/* SPDX-License-Identifier: MIT */
/*
 * Watching folders with inotify. A folder is either a tree, where every
 * name counts and new subfolders are watched as they appear, or a plain
 * folder where only some names count (handbook.yaml in the root, or a tree
 * that does not exist yet). The set owns its inotify descriptor and one
 * entry per watch descriptor; an entry is dropped when its watch is
 * removed, so no entry outlives its watch.
 */
#include "watch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xmalloc.h"

/* IN_ATTRIB too: a file made unreadable (or readable again) changes the
 * build as much as new bytes do. */
#define MASK                                                                   \
    (IN_CLOSE_WRITE | IN_ATTRIB | IN_CREATE | IN_DELETE | IN_MOVED_FROM |      \
     IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_EXCL_UNLINK)

struct dir {
    int wd;
    char *path; /* as given to inotify_add_watch */
    bool tree;
};

/* A name that counts in a folder that is not a tree. */
struct name {
    int wd;
    char *name;
    bool tree; /* a folder to watch as a tree once it appears */
};

struct ib_watch {
    int fd;
    struct dir *dirs;
    size_t ndirs, capdirs;
    struct name *names;
    size_t nnames, capnames;
    /* Files changed since the last ib_watch_take, and whether some change
     * had no file to name. */
    struct ib_watch_change *changed;
    size_t nchanged, capchanged;
    bool unnamed;
};

struct ib_watch *
ib_watch_new(void)
{
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct ib_watch *w = ib_xcalloc(1, sizeof *w);
    w->fd = fd;
    return w;
}

void
ib_watch_free(struct ib_watch *w)
{
    if (!w)
        return;
    close(w->fd);
    for (size_t i = 0; i < w->ndirs; i++)
        free(w->dirs[i].path);
    for (size_t i = 0; i < w->nnames; i++)
        free(w->names[i].name);
    free(w->dirs);
    free(w->names);
    ib_watch_changes_free(w->changed, w->nchanged);
    free(w);
}

void
ib_watch_changes_free(struct ib_watch_change *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(c[i].path);
    free(c);
}

/* Notes that the file PATH changed, by the event MASK; takes PATH. Past a
 * few hundred files (a branch checked out) names are not worth keeping. */
static void
note(struct ib_watch *w, char *path, uint32_t mask)
{
    if (w->unnamed || w->nchanged >= 256) {
        w->unnamed = true;
        free(path);
        return;
    }
    for (size_t i = 0; i < w->nchanged; i++) {
        if (strcmp(w->changed[i].path, path) == 0) {
            free(path);
            return;
        }
    }
    if (w->nchanged == w->capchanged) {
        w->capchanged = w->capchanged ? 2 * w->capchanged : 8;
        w->changed =
            ib_xrealloc(w->changed, w->capchanged * sizeof *w->changed);
    }
    w->changed[w->nchanged++] =
        (struct ib_watch_change){path, (mask & (IN_CREATE | IN_MOVED_TO)) != 0};
}

struct ib_watch_change *
ib_watch_take(struct ib_watch *w, size_t *n, bool *unnamed)
{
    struct ib_watch_change *list = w->changed;
    *n = w->nchanged;
    *unnamed = w->unnamed;
    w->changed = NULL;
    w->nchanged = w->capchanged = 0;
    w->unnamed = false;
    return list;
}

int
ib_watch_fd(const struct ib_watch *w)
{
    return w->fd;
}

static struct dir *
find_dir(struct ib_watch *w, int wd)
{
    for (size_t i = 0; i < w->ndirs; i++)
        if (w->dirs[i].wd == wd)
            return &w->dirs[i];
    return NULL;
}

static struct name *
find_name(struct ib_watch *w, int wd, const char *name)
{
    for (size_t i = 0; i < w->nnames; i++)
        if (w->names[i].wd == wd && strcmp(w->names[i].name, name) == 0)
            return &w->names[i];
    return NULL;
}

/* Watches the one folder PATH; returns its entry, or NULL with errno. */
static struct dir *
add_dir(struct ib_watch *w, const char *path, bool tree)
{
    int wd = inotify_add_watch(w->fd, path, MASK);
    if (wd < 0)
        return NULL;
    struct dir *d = find_dir(w, wd);
    if (d) {
        if (tree && !d->tree) {
            d->tree = true;
            free(d->path);
            d->path = ib_xstrdup(path);
        }
        return d;
    }
    if (w->ndirs == w->capdirs) {
        w->capdirs = w->capdirs ? 2 * w->capdirs : 16;
        w->dirs = ib_xrealloc(w->dirs, w->capdirs * sizeof *w->dirs);
    }
    d = &w->dirs[w->ndirs++];
    *d = (struct dir){wd, ib_xstrdup(path), tree};
    return d;
}

/* Forgets the entries of WD (its watch is gone or being removed). */
static void
forget(struct ib_watch *w, int wd)
{
    size_t j = 0;
    for (size_t i = 0; i < w->ndirs; i++) {
        if (w->dirs[i].wd == wd)
            free(w->dirs[i].path);
        else
            w->dirs[j++] = w->dirs[i];
    }
    w->ndirs = j;
    j = 0;
    for (size_t i = 0; i < w->nnames; i++) {
        if (w->names[i].wd == wd)
            free(w->names[i].name);
        else
            w->names[j++] = w->names[i];
    }
    w->nnames = j;
}

/* Stops watching PATH and the folders below it (moved away). */
static void
remove_tree(struct ib_watch *w, const char *path)
{
    /* The watches first, then their entries: forgetting one moves the
     * others. */
    size_t len = strlen(path), n = 0;
    int *gone = ib_xmalloc((w->ndirs ? w->ndirs : 1) * sizeof(*gone));
    for (size_t i = 0; i < w->ndirs; i++) {
        const char *p = w->dirs[i].path;
        if (strncmp(p, path, len) == 0 && (p[len] == '\0' || p[len] == '/'))
            gone[n++] = w->dirs[i].wd;
    }
    for (size_t i = 0; i < n; i++) {
        inotify_rm_watch(w->fd, gone[i]);
        forget(w, gone[i]);
    }
    free(gone);
}

static bool
ignored(const char *name)
{
    size_t n = strlen(name);
    return name[0] == '.' || (n > 0 && name[n - 1] == '~');
}

/* Splits PATH into its folder (a new string) and its last name. */
static char *
split(const char *path, const char **base)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        *base = path;
        return ib_xstrdup(".");
    }
    *base = slash + 1;
    if (slash == path)
        return ib_xstrdup("/");
    return ib_xstrndup(path, (size_t)(slash - path));
}

static int
add_name(struct ib_watch *w, const char *path, bool tree)
{
    const char *base;
    char *parent = split(path, &base);
    struct dir *d = add_dir(w, parent, false);
    free(parent);
    if (!d)
        return -1;
    struct name *n = find_name(w, d->wd, base);
    if (n) {
        n->tree = n->tree || tree;
        return 0;
    }
    if (w->nnames == w->capnames) {
        w->capnames = w->capnames ? 2 * w->capnames : 16;
        w->names = ib_xrealloc(w->names, w->capnames * sizeof *w->names);
    }
    w->names[w->nnames++] = (struct name){d->wd, ib_xstrdup(base), tree};
    return 0;
}

int
ib_watch_add_file(struct ib_watch *w, const char *path)
{
    return add_name(w, path, false);
}

static char *
join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + 1 + strlen(name) + 1;
    char *p = ib_xmalloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* Watches TOP and its subfolders, without recursion: a list of folders
 * still to visit. Symbolic links are not followed. */
int
ib_watch_add_tree(struct ib_watch *w, const char *top)
{
    struct stat st;
    if (stat(top, &st) < 0 || !S_ISDIR(st.st_mode))
        return add_name(w, top, true);
    char **todo = ib_xmalloc(sizeof *todo);
    size_t n = 1, cap = 1;
    todo[0] = ib_xstrdup(top);
    int rc = 0;
    while (n > 0) {
        char *path = todo[--n];
        DIR *dh = add_dir(w, path, true) ? opendir(path) : NULL;
        if (!dh && errno == ENOSPC)
            rc = -1;
        struct dirent *e;
        while (dh && (e = readdir(dh)) != NULL) {
            if (ignored(e->d_name))
                continue;
            char *sub = join(path, e->d_name);
            if (e->d_type == DT_UNKNOWN &&
                (lstat(sub, &st) < 0 || !S_ISDIR(st.st_mode))) {
                free(sub);
                continue;
            }
            if (e->d_type != DT_UNKNOWN && e->d_type != DT_DIR) {
                free(sub);
                continue;
            }
            if (n == cap) {
                cap *= 2;
                todo = ib_xrealloc(todo, cap * sizeof *todo);
            }
            todo[n++] = sub;
        }
        if (dh)
            closedir(dh);
        free(path);
    }
    free(todo);
    if (rc < 0)
        errno = ENOSPC;
    return rc;
}

/* After an overflow some new folders may have gone unseen: walk every
 * tree again (adding a watch twice is harmless). */
static void
rescan(struct ib_watch *w)
{
    size_t n = w->ndirs;
    char **paths = ib_xcalloc(n ? n : 1, sizeof *paths);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (w->dirs[i].tree)
            paths[k++] = ib_xstrdup(w->dirs[i].path);
    for (size_t i = 0; i < k; i++) {
        ib_watch_add_tree(w, paths[i]);
        free(paths[i]);
    }
    free(paths);
}

/* Handles one event; returns true if it is a change that counts. */
static bool
handle(struct ib_watch *w, const struct inotify_event *ev)
{
    if (ev->mask & IN_IGNORED) {
        forget(w, ev->wd);
        return false;
    }
    struct dir *d = find_dir(w, ev->wd);
    if (!d || ev->len == 0 || ignored(ev->name)) {
        bool self = d && d->tree && ev->len == 0; /* a tree moved or gone */
        w->unnamed |= self;
        return self;
    }
    bool new_dir =
        (ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO));
    bool tree;
    if (d->tree) {
        tree = true;
    } else {
        struct name *n = find_name(w, ev->wd, ev->name);
        if (!n)
            return false;
        tree = n->tree;
    }
    char *path = join(d->path, ev->name);
    if ((ev->mask & IN_ISDIR) && (ev->mask & IN_MOVED_FROM))
        remove_tree(w, path);
    else if (tree && new_dir)
        ib_watch_add_tree(w, path);
    if (ev->mask & IN_ISDIR) {
        w->unnamed = true; /* what is inside a folder is not named */
        free(path);
    } else {
        note(w, path, ev->mask);
    }
    return true;
}

bool
ib_watch_read(struct ib_watch *w)
{
    /* Aligned as inotify(7) asks. */
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    bool changed = false;
    for (;;) {
        ssize_t len = read(w->fd, buf, sizeof buf);
        if (len <= 0)
            break;
        for (char *p = buf; p < buf + len;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            if (ev->mask & IN_Q_OVERFLOW) {
                rescan(w);
                w->unnamed = true;
                changed = true;
            } else if (handle(w, ev)) {
                changed = true;
            }
            p += sizeof *ev + ev->len;
        }
    }
    return changed;
}
