/* SPDX-License-Identifier: MIT */
/* Themes: finding a theme's folder and compiling its templates. */
#ifndef IB_THEME_H
#define IB_THEME_H

#include "diag.h"
struct ib_i18n;
struct ib_mustache;

/*
 * A theme: its folder, compiled templates and UI strings. Open for
 * reading; release with ib_theme_fini.
 */
struct ib_theme {
    char *dir;                /* e.g. "hb/themes/default" (malloc'd) */
    struct ib_mustache *tmpl; /* every templates/ *.mustache by base name,
                                 and every UI string as a partial */
    struct ib_i18n *i18n;     /* i18n/ *.yaml, one table per language */
};

/*
 * Finds theme NAME in ROOT/themes/NAME, else in the installed data folder
 * (IB_DATADIR/themes/NAME, else ../share/ismsbook/themes/NAME beside the
 * program, for an install under another PREFIX), else in the source tree
 * of an uninstalled program (../themes/NAME or ../../themes/NAME beside
 * it), and compiles every templates/ *.mustache file as
 * the template named by its base name; then loads the UI strings of
 * i18n/ *.yaml (i18n.h), each text also a partial named by itself.
 * Returns 0, or -1 with findings (theme-missing at WHERE,
 * template-syntax at file:line:col, the findings of ib_i18n_load,
 * template-error at a partial or parent tag naming no template; paths
 * relative to ROOT for a theme of the handbook). Warns (ui-string-missing)
 * at each t.KEY of a template that no UI strings have, and once at
 * i18n/en.yaml of the keys it lacks that ismsbook or the templates use.
 */
/* Returns the folder of theme NAME, found as ib_theme_load finds it, as a
 * new string (free with free()); NULL when there is none. */
char *ib_theme_find(const char *root, const char *name);

int ib_theme_load(const char *root, const char *name, struct ib_loc where,
                  struct ib_theme *t,
                  struct ib_diag *d);
void ib_theme_fini(struct ib_theme *t);

#endif
