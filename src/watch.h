/* SPDX-License-Identifier: MIT */
/* Watching a handbook's files for changes (Linux inotify), for `serve`. */
#ifndef IB_WATCH_H
#define IB_WATCH_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A set of watched folders. Folders are watched rather than files, so an
 * editor that saves by writing a new file and renaming it over the old one
 * is seen like any other write. Names starting with '.' and ending in '~'
 * (editors' backup and swap files, which the build skips too) are ignored.
 */
struct ib_watch;

/* Returns a new, empty watch set, or NULL with errno set. */
struct ib_watch *ib_watch_new(void);

/* Stops watching and frees W. NULL is a no-op. */
void ib_watch_free(struct ib_watch *w);

/*
 * Watches the folder PATH and every folder below it, and the folders later
 * created or moved in below it. If PATH does not exist yet, its parent is
 * watched for PATH to appear. Watching a folder twice is harmless. Returns
 * 0, or -1 with errno set (ENOSPC: the system's limit of watches is
 * reached; the folders watched so far stay watched).
 */
int ib_watch_add_tree(struct ib_watch *w, const char *path);

/*
 * Watches the file PATH, which need not exist: its folder is watched for
 * changes to that one name. Returns 0, or -1 with errno set.
 */
int ib_watch_add_file(struct ib_watch *w, const char *path);

/* The descriptor to poll for reading; readable when events are pending. */
int ib_watch_fd(const struct ib_watch *w);

/*
 * Reads the pending events without blocking, adding watches for new
 * folders. Returns true if a watched file or folder changed.
 */
bool ib_watch_read(struct ib_watch *w);

/* A file that changed: written, created, removed or renamed. */
struct ib_watch_change {
    char *path;   /* its folder's path as watched, joined with its name */
    bool created; /* its first change since the last take made it */
};

/*
 * The files that changed since the last call, each once, in the order
 * first seen (free with ib_watch_changes_free); *N is their number.
 * *UNNAMED is true when some change had no file to name: a folder
 * created, moved or removed, or events lost.
 */
struct ib_watch_change *ib_watch_take(struct ib_watch *w, size_t *n,
                                      bool *unnamed);
void ib_watch_changes_free(struct ib_watch_change *c, size_t n);

#endif
