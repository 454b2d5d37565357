/* SPDX-License-Identifier: MIT */
/* Theme lookup and template compilation; owns the compiled template set. */
#include "theme.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "fs.h"
#include "i18n.h"
#include "mustache.h"
#include "val.h"
#include "xmalloc.h"

#ifndef IB_DATADIR
#define IB_DATADIR "/usr/local/share/ismsbook"
#endif

/* Largest template accepted, in bytes. */
#define TEMPLATE_MAX ((size_t)1024 * 1024)

/* The templates of the page families (render.h), which every theme needs:
 * a missing one is reported once, at load, not at each page it would
 * render. */
static const char *const page_templates[] = {
    "home",      "document", "documents",    "controls", "control",
    "attribute", "soa",      "requirements", "owners",   "reviews",
    "audiences", "audience", "tags",         "tag",      "whats-new",
    "archive",   "search",   "not-found",    NULL,
};

/* Reports each of page_templates that NAMES (the theme's templates, by
 * base name) lacks, at the file it would be in SHOWN. */
static int
check_pages(const char *shown, const char *const *names, struct ib_diag *d)
{
    int rc = 0;
    for (size_t i = 0; page_templates[i]; i++) {
        size_t k = 0;
        while (names[k] && strcmp(names[k], page_templates[i]) != 0)
            k++;
        if (names[k])
            continue;
        char *file;
        if (asprintf(&file, "%s/templates/%s.mustache", shown,
                     page_templates[i]) < 0)
            file = NULL;
        ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){file, 0, 0},
                    "template-error",
                    "the theme has no template '%s': every theme needs the "
                    "template of each kind of page (copy it from the default "
                    "theme)",
                    page_templates[i]);
        free(file);
        rc = -1;
    }
    return rc;
}

/* The UI strings the theme's templates name as t.KEY. */
struct uses {
    const struct ib_val *en; /* English, every key filled in */
    struct ib_diag *d;
    const char **keys; /* borrowed from the template set */
    size_t n, cap;
};

/* A t.KEY no table has renders as nothing: reported at the tag, once, at
 * load. The others are kept for ib_i18n_report_missing. */
static void
note_key(void *ud, const char *key, const char *file, unsigned line,
         unsigned col)
{
    struct uses *u = ud;
    if (!ib_val_get(u->en, key)) {
        ib_diag_add(u->d, IB_SEV_WARNING, (struct ib_loc){file, line, col},
                    "ui-string-missing",
                    "no UI string '%s': neither the theme's i18n/en.yaml "
                    "nor ismsbook's built-in English has it, so t.%s shows "
                    "nothing",
                    key, key);
        return;
    }
    if (u->n == u->cap) {
        u->cap = u->cap ? u->cap * 2 : 64;
        u->keys = ib_xrealloc(u->keys, u->cap * sizeof(*u->keys));
    }
    u->keys[u->n++] = key;
}

/* Reports the UI strings the templates NAMES use that no table has, and
 * in one finding those the theme's English lacks. */
static void
check_keys(const struct ib_theme *t, const char *const *names,
           struct ib_diag *d)
{
    struct uses u = {ib_i18n_table(t->i18n, "en"), d, NULL, 0, 0};
    for (size_t i = 0; names[i]; i++)
        ib_mustache_each_key(t->tmpl, names[i], "t", note_key, &u);
    ib_i18n_report_missing(t->i18n, u.keys, u.n, d);
    free(u.keys);
}

static bool
is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *
ib_theme_find(const char *root, const char *name)
{
    char *dir;
    if (strchr(name, '/') || name[0] == '.')
        return NULL;
    if (asprintf(&dir, "%s/themes/%s", root, name) < 0)
        return NULL;
    if (is_dir(dir))
        return dir;
    free(dir);
    if (asprintf(&dir, "%s/themes/%s", IB_DATADIR, name) < 0)
        return NULL;
    if (is_dir(dir))
        return dir;
    free(dir);
    /* An install under another PREFIX than the one compiled in: look
     * beside the program, in ../share/ismsbook. */
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    if (asprintf(&dir, "%s/../share/ismsbook/themes/%s", exe, name) < 0)
        return NULL;
    if (is_dir(dir))
        return dir;
    free(dir);
    /* Not installed at all: a program run from its build folder
     * (build/ismsbook, build/asan/ismsbook) uses the source tree's themes,
     * so a handbook fresh from `ismsbook init` builds before `make
     * install`. */
    static const char *const up[] = {"..", "../..", NULL};
    for (size_t i = 0; up[i]; i++) {
        if (asprintf(&dir, "%s/%s/themes/%s", exe, up[i], name) < 0)
            return NULL;
        if (is_dir(dir))
            return dir;
        free(dir);
    }
    return NULL;
}

int
ib_theme_load(const char *root, const char *name, struct ib_loc where,
              struct ib_theme *t, struct ib_diag *d)
{
    t->dir = NULL;
    t->tmpl = NULL;
    t->i18n = NULL;
    if (!(t->dir = ib_theme_find(root, name))) {
        ib_diag_add(d, IB_SEV_ERROR, where,
                    "theme-missing",
                    "theme '%s' not found in themes/%s or %s/themes/%s", name,
                    name, IB_DATADIR, name);
        return -1;
    }
    struct ib_fs_list files;
    if (ib_fs_walk(t->dir, "templates", ".mustache", &files, d) < 0)
        return -1;
    t->tmpl = ib_mustache_new();
    int rc = 0;
    /* Findings name a handbook's own theme relative to its root, like
     * every other file; an installed theme by its full path. */
    size_t rlen = strlen(root);
    const char *shown = t->dir;
    if (strncmp(t->dir, root, rlen) == 0 && t->dir[rlen] == '/')
        shown = t->dir + rlen + 1;
    const char **names = ib_xcalloc(files.n + 1, sizeof(*names));
    for (size_t i = 0; i < files.n; i++) {
        const char *rel = files.paths[i]; /* "templates/base.mustache" */
        const char *base = strrchr(rel, '/');
        base = base ? base + 1 : rel;
        char *tname = ib_xstrndup(base, strlen(base) - strlen(".mustache"));
        char *text, *display;
        size_t len;
        if (asprintf(&display, "%s/%s", shown, rel) < 0)
            display = NULL;
        if (ib_fs_read(t->dir, rel, TEMPLATE_MAX, &text, &len, d) < 0) {
            rc = -1;
        } else {
            if (ib_mustache_add(t->tmpl, tname, display ? display : rel, text,
                                len, d) < 0)
                rc = -1;
            free(text);
        }
        free(display);
        names[i] = tname;
    }
    ib_fs_list_free(&files);
    t->i18n = ib_i18n_new();
    if (ib_i18n_load(t->i18n, t->dir, shown, d) < 0 ||
        ib_i18n_add_partials(t->i18n, t->tmpl, names, d) < 0)
        rc = -1;
    /* Only once every template compiled: a failed one is not in the set,
     * and would be reported again as missing and at each of its partial
     * tags. */
    if (rc == 0 && check_pages(shown, names, d) < 0)
        rc = -1;
    if (rc == 0 && ib_mustache_check(t->tmpl, d) < 0)
        rc = -1;
    if (rc == 0)
        check_keys(t, names, d);
    for (size_t i = 0; names[i]; i++)
        free((char *)names[i]);
    free(names);
    return rc;
}

void
ib_theme_fini(struct ib_theme *t)
{
    ib_mustache_free(t->tmpl);
    ib_i18n_free(t->i18n);
    free(t->dir);
    t->tmpl = NULL;
    t->i18n = NULL;
    t->dir = NULL;
}
