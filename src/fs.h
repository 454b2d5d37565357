/* SPDX-License-Identifier: MIT */
/* File system access: reading the handbook, sorted walks, safe site output. */
#ifndef IB_FS_H
#define IB_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "diag.h"

/*
 * Findings recorded here (position: the path relative to the handbook root,
 * or the path as given, line and column 0):
 *   file-unreadable  error    a file or folder could not be read
 *   file-too-large   error    a file is over the caller's size cap
 *   symlink-outside  warning  a symlink leads outside the handbook; skipped
 *   symlink-broken   warning  a symlink leads nowhere; skipped
 *   output-refused   error    the output folder or file is not safe to write
 *   output-error     error    writing the site or a new handbook failed
 */

/*
 * Reads the file ROOT/REL (just REL if ROOT is NULL) whole. Returns 0 with
 * *DATA a new NUL-terminated buffer (free with free()) of *LEN bytes, or -1
 * after recording file-unreadable, or file-too-large if it is over MAX
 * bytes. Anything but a regular file (a folder, a FIFO) is unreadable, and
 * opening one never blocks.
 */
int ib_fs_read(const char *root, const char *rel, size_t max, char **data,
               size_t *len, struct ib_diag *d);

/* A sorted list of paths; each path and the array belong to the list. */
/*
 * Like ib_fs_read, but the file must be UTF-8 without NUL bytes (else an
 * encoding-invalid finding at SHOWN:line:col, SHOWN naming the file in
 * findings; NULL means REL), and a leading byte order mark is dropped.
 * Returns 0 with *DATA (malloc'd, NUL-terminated) and *LEN, or -1.
 */
int ib_fs_read_text(const char *root, const char *rel, size_t max,
                    const char *shown, char **data, size_t *len,
                    struct ib_diag *d);

struct ib_fs_list {
    char **paths;
    size_t n;
};

/*
 * Lists the regular files below ROOT/SUB (SUB "" or NULL: all of ROOT) whose
 * names end in SUFFIX (NULL: every file), as paths relative to ROOT such as
 * "content/policies/access.md", sorted by strcmp. Names starting with '.'
 * are skipped. A symlink is followed only if its target stays inside ROOT
 * (else symlink-outside); a folder already visited (a symlink loop) is not
 * entered twice. A missing SUB is an empty list. Returns 0 with OUT to be
 * freed with ib_fs_list_free, or -1 after recording file-unreadable (a
 * folder could not be read) with OUT empty.
 */
int ib_fs_walk(const char *root, const char *sub, const char *suffix,
               struct ib_fs_list *out, struct ib_diag *d);

/*
 * Lists the regular files below ROOT/SUB that ib_out_copy_tree would copy:
 * as ib_fs_walk with every file, except that symlinks below SUB and
 * special files are passed over, and nothing is reported of them or of a
 * SUB outside ROOT (an empty list): ib_fs_walk over the same folder has.
 */
int ib_fs_walk_plain(const char *root, const char *sub, struct ib_fs_list *out,
                     struct ib_diag *d);

/*
 * Why ib_fs_walk_plain(ROOT, SUB) leaves out the path REL below SUB that
 * exists: "a hidden file", "a symbolic link", "not a regular file" and
 * the like (a symlink as REL's first folder, SUB, is no reason). Returns
 * NULL when nothing is at REL, or nothing is wrong with it.
 */
const char *ib_fs_plain_why(const char *root, const char *rel);

/* Frees the paths in L and empties it; L itself is the caller's. */
void ib_fs_list_free(struct ib_fs_list *l);

/*
 * A site being written. It is built in a fresh folder ".<name>.tmp-XXXXXX"
 * beside OUT and swapped into place by ib_out_commit, so a failed build
 * leaves the previous site as it was. The folder carries a marker file,
 * ".ismsbook-output", so a later build knows it may replace it.
 */
struct ib_out;

/*
 * Checks that OUT may be replaced and creates the temporary folder beside
 * it. OUT need not exist, but its parent must. Refuses (output-refused,
 * returns NULL, creates nothing) when OUT is "/", the handbook ROOT or an
 * ancestor of it, ROOT/content or anything inside it, ROOT/themes or
 * anything inside it, a symlink, not a folder, a non-empty folder
 * without the marker, or one holding at its top an entry the marker does
 * not list (the user's: the swap would delete it). Release the result
 * with ib_out_commit or
 * ib_out_abort.
 *
 * Holds a lock on OUT until then (flock on ".OUT.lock" beside it, removed
 * on release): while another build holds it, prints "ismsbook: waiting for
 * another ismsbook build (pid N) to finish writing 'OUT'" on standard error
 * and waits up to ISMSBOOK_LOCK_WAIT seconds (default 60; 0: not at all),
 * then records output-error and returns NULL.
 */
struct ib_out *ib_out_begin(const char *root, const char *out,
                            struct ib_diag *d);
/* ib_out_begin, and with OWN, OUT is a folder only the caller writes
 * (serve's private one): what is at its top never stops the build. */
struct ib_out *ib_out_begin_own(const char *root, const char *out, bool own,
                                struct ib_diag *d);

/*
 * An output that changes the site at OUT in place, file by file, for
 * serve's quick rebuild of a site it wrote itself: each file written is
 * written beside the old one and renamed over it, so a reader gets the
 * old file or the new one, whole. No lock is taken and no marker
 * written; ib_out_commit only ends it.
 * Returns NULL after recording output-error.
 */
struct ib_out *ib_out_patch(const char *out, struct ib_diag *d);

/*
 * Writes LEN bytes of DATA to OUT/REL (mode 0644 less the umask), creating
 * folders as needed. REL is '/'-separated and relative, with no empty, "."
 * or ".." segments. Returns 0, or -1 after recording output-error. Several
 * threads may write at once if each passes its own D.
 */
int ib_out_write(struct ib_out *o, const char *rel, const void *data,
                 size_t len, struct ib_diag *d);

/*
 * A file written piece by piece, for one too large to hold whole: open,
 * put any number of times, close. The result is as ib_out_write's, and a
 * file the previous site holds byte for byte is linked in its stead at
 * the close. ib_out_close reports what went wrong since the open and
 * returns 0 or -1; ib_out_open returns NULL after recording output-error.
 */
struct ib_out_file;
struct ib_out_file *ib_out_open(struct ib_out *o, const char *rel,
                                struct ib_diag *d);
void ib_out_put(struct ib_out_file *f, const void *data, size_t len);
/* Puts the LEN bytes at OFF of the file FD. */
void ib_out_put_file(struct ib_out_file *f, int fd, off_t off, size_t len);
int ib_out_close(struct ib_out_file *f, struct ib_diag *d);
/* Ends F without putting it in place: a file that went wrong. */
void ib_out_discard(struct ib_out_file *f);

/* Opens for reading the file REL of the previous site (of the site being
 * patched, for ib_out_patch); a descriptor, or -1 with errno. */
int ib_out_read_old(struct ib_out *o, const char *rel);

/*
 * Copies the regular files below the folder SRC into OUT/RELDIR ("" for the
 * top), in sorted order. Hidden names and symlinks are skipped silently; a
 * missing SRC copies nothing. Returns 0, or -1 after recording
 * file-unreadable (SRC side) or output-error.
 */
int ib_out_copy_tree(struct ib_out *o, const char *src, const char *reldir,
                     struct ib_diag *d);

/* What the new site has at REL so far. */
enum ib_out_has {
    IB_OUT_HAS_NOTHING,
    IB_OUT_HAS_PAGE, /* a page or a folder of the site */
    IB_OUT_HAS_COPY, /* a file ib_out_copy_tree or ib_out_copy_file put */
};
enum ib_out_has ib_out_has(const struct ib_out *o, const char *rel);

/*
 * Copies the file ROOT/REL to the site path DST, as ib_out_copy_tree
 * copies one: REL's first folder may be a symlink, nothing below it may,
 * and DST must not be a page already. Returns 0, or -1 after recording
 * file-unreadable (at REL) or output-error.
 */
int ib_out_copy_file(struct ib_out *o, const char *root, const char *rel,
                     const char *dst, struct ib_diag *d);

/*
 * Writes the marker and puts the new site at OUT, atomically where the file
 * system allows, then deletes the previous site. Frees O. Returns 0, or -1
 * after recording output-error or output-refused; the temporary folder is
 * then removed and the previous OUT left in place.
 */
int ib_out_commit(struct ib_out *o, struct ib_diag *d);

/* Removes the temporary folder and frees O; OUT is untouched. NULL is a
 * no-op. */
void ib_out_abort(struct ib_out *o);

/*
 * For a thread about to end the process (a signal, a watchdog): waits for
 * a write or commit in progress to finish, removes the temporary folder and
 * the lock file of every output begun and not yet committed or aborted,
 * and the temporary folder or file of an ib_fs_stage or ib_fs_create in
 * progress, and from then on blocks every thread that writes, commits or
 * aborts. Returns how many temporary folders of outputs it removed. Never
 * returns to normal service.
 */
size_t ib_out_cancel_all(void);

/*
 * Creates the file ROOT/REL (just REL if ROOT is NULL) holding LEN bytes of
 * DATA, and the folders it needs. Never replaces anything: if REL exists it
 * records output-refused. The data goes to a temporary file beside REL that
 * is renamed (without replacing) into place, so REL never appears half
 * written. Returns 0, or -1 after recording output-refused or output-error.
 */
int ib_fs_create(const char *root, const char *rel, const void *data,
                 size_t len, struct ib_diag *d);

/*
 * A new tree of files, such as the handbook `ismsbook init` writes, that
 * appears whole or not at all. DIR must not exist (its parent must) or be
 * an empty folder. The files are written into a hidden temporary folder,
 * beside a new DIR or inside an existing empty one (so a DIR that is some
 * shell's current folder stays that folder), and moved into place by
 * ib_fs_stage_commit.
 */
struct ib_fs_stage;

/*
 * Checks DIR and creates the temporary folder. Returns NULL, creating
 * nothing, after recording output-refused (DIR is not a folder or not
 * empty, or its parent is missing) or output-error. Release the result with
 * ib_fs_stage_commit or ib_fs_stage_abort.
 */
struct ib_fs_stage *ib_fs_stage_begin(const char *dir, struct ib_diag *d);

/*
 * Writes LEN bytes of DATA to DIR/REL in the stage, creating folders as
 * needed; REL is as for ib_out_write. Returns 0, or -1 after recording
 * output-error.
 */
int ib_fs_stage_write(struct ib_fs_stage *s, const char *rel,
                      const void *data, size_t len, struct ib_diag *d);

/*
 * Puts the files in place and frees S: a new DIR is renamed in whole; in an
 * existing DIR the top-level entries are moved in the order they were
 * first written, and moved back if one fails. Returns 0, or -1 after
 * recording output-error or output-refused (DIR changed meanwhile), with
 * DIR as it was before ib_fs_stage_begin.
 */
int ib_fs_stage_commit(struct ib_fs_stage *s, struct ib_diag *d);

/* Removes the temporary folder and frees S. NULL is a no-op. */
void ib_fs_stage_abort(struct ib_fs_stage *s);

/* Writes LEN bytes of DATA to FD, again after EINTR and short writes.
 * Returns 0, or -1 with errno (EIO when write makes no progress). */
int ib_fs_write_all(int fd, const void *data, size_t len);

#endif
