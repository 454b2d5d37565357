/* SPDX-License-Identifier: MIT */
/* handbook.yaml: the handbook's configuration. */
#ifndef IB_CONFIG_H
#define IB_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "doc.h"
#include "frontmatter.h"
#include "markdown.h"

struct ib_arena;
struct ib_diag;
struct ib_val;

/* Caps on input sizes (documented in the README under Limits). */
#define IB_CONFIG_MAX ((size_t)1024 * 1024)
#define IB_DOC_MAX ((size_t)4 * 1024 * 1024)

/* TO is a front-matter key, or "extra.NAME": the value goes to extra. */
struct ib_alias {
    const char *from, *to;
};

struct ib_default {
    const char *path;           /* "content/guidelines/", or "" for all */
    const struct ib_val *values; /* map of front-matter keys */
};

/* A Lua filter listed under `filters:`, in the order given. */
struct ib_filter_conf {
    const char *path;             /* "filters/x.lua", relative to the root */
    const struct ib_val *options; /* its `options:` map, or NULL */
    unsigned line, col;           /* the entry's position in handbook.yaml */
};

/* `filter_limits:`, per filter; the defaults are generous. */
struct ib_filter_limits {
    long long instructions; /* Lua instructions per hook call */
    size_t memory;          /* bytes a filter's Lua state may hold */
    double seconds;         /* wall clock per hook call */
};

#define IB_FILTER_INSTRUCTIONS 100000000LL
#define IB_FILTER_MEMORY_MB 128
#define IB_FILTER_SECONDS 10.0

/*
 * The configuration. Every string lives in the arena it was loaded into;
 * optional strings are "" when absent. PEOPLE is the `people` map (keys are
 * people ids) or NULL when the handbook has no directory; an empty map,
 * `people: {}`, is none.
 */
struct ib_config {
    const char *root; /* handbook root folder, as given */
    const char *file; /* "handbook.yaml" */
    const char *title, *organisation, *language, *theme, *base_url;
    unsigned theme_line, theme_col; /* of the theme value; 0 if default */
    struct ib_interval review_interval;
    int warn_days;
    int whats_new_days; /* window of the "What's new" page */
    enum ib_class max_class;
    const char *soa;
    const struct ib_val *people;
    struct ib_alias *aliases;
    size_t naliases;
    struct ib_default *defaults; /* longest path first */
    size_t ndefaults;
    const struct ib_val *rules; /* map rule id -> severity, or NULL */
    struct ib_filter_conf *filters;
    size_t nfilters;
    struct ib_filter_limits filter_limits;

    /* Migration: reading a policy set written for another tool. Zero
     * values mean "off", so a config built by hand keeps the old rules. */
    const char **exclude; /* glob patterns: files that are no documents */
    size_t nexclude;
    enum ib_fm_mode front_matter;
    bool derive_id;    /* `derive: {id: path}` */
    bool derive_title; /* `derive: {title: heading}` */
    const char **ignore_keys; /* front-matter keys dropped silently */
    size_t nignore_keys;
    const struct ib_val *value_aliases; /* key -> {old: new}, or NULL */
    const char **permalinks; /* "/security-policies/:id/" */
    size_t npermalinks;
    const char *link_origin; /* "https://example.org"; NULL or "": none */
    enum ib_md_raw_html raw_html; /* `markdown: {raw_html:}`; 0 is drop */
};

/* Whether ROOT has a handbook.yaml; if not, records file-unreadable in D
 * saying how to point ismsbook at one. */
bool ib_config_present(const char *root, struct ib_diag *d);

/*
 * Reads ROOT/handbook.yaml into CFG (strings in arena A) and applies its
 * `rules:` severities to D. Returns 0, or -1 with findings when the file is
 * missing, unreadable or invalid; a caller should then exit with status 2.
 */
int ib_config_load(struct ib_arena *a, const char *root,
                   struct ib_config *cfg, struct ib_diag *d);

/*
 * The parts of an absolute base_url, as spans of the URL: HOST as written
 * (compare it case-insensitively), PATH without its outer slashes ("isms",
 * or an empty span).
 */
struct ib_base_url {
    const char *host, *path;
    size_t host_len, path_len;
};

/*
 * Returns true if URL is an absolute base_url: http:// or https://, then
 * printable ASCII without '"<>\^`{|}', no query or fragment, and a host
 * that is a DNS name (a tag URI needs one); then fills *OUT unless OUT is
 * NULL. Only such a URL gives the site sitemap.xml and feed.xml.
 */
bool ib_config_parse_base_url(const char *url, struct ib_base_url *out);

/*
 * Applies the valid severities of CFG's `rules:` to D, as ib_config_load
 * did to its own diag; for a second list of findings such as filters'.
 */
void ib_config_apply_rules(const struct ib_config *cfg, struct ib_diag *d);

/* Returns the canonical front-matter key for KEY (an alias target or KEY).
 * An alias to extra.NAME returns "extra.NAME". */
const char *ib_config_canonical_key(const struct ib_config *cfg,
                                    const char *key);

/* Returns true if KEY is listed in `ignore_keys:`. */
bool ib_config_is_ignored_key(const struct ib_config *cfg, const char *key);

/* Returns the name `people:` gives the person ID, or ID itself when the
 * directory has no name for it. Borrowed from CFG or from ID. */
const char *ib_config_person_name(const struct ib_config *cfg,
                                  const char *id);

/*
 * Returns what `value_aliases:` turns VALUE of the front-matter key KEY
 * (canonical) into, or NULL when it names no replacement. Borrowed from
 * the configuration.
 */
const char *ib_config_value_alias(const struct ib_config *cfg,
                                  const char *key, const char *value);

/*
 * Returns the length of the permalink placeholder S starts with: 3 for
 * ":id", 5 for ":path" (not followed by a letter, digit or '_'), else 0.
 */
size_t ib_config_permalink_token(const char *s);

/*
 * Returns true if PATH (relative to the root, "content/README.md") is
 * excluded by a pattern of `exclude:`, itself or through a folder it is
 * in.
 */
bool ib_config_is_excluded(const struct ib_config *cfg, const char *path);

/*
 * Returns true if the glob PATTERN matches the whole of PATH: `*` and `?`
 * match within one path segment, `[a-z]` and `[!a-z]` one character
 * other than '/', `**` any run of characters (folders too), and `**` +
 * '/' also no folder at all; `\` quotes the next character. Time and
 * memory are linear in the two lengths; no recursion.
 */
bool ib_config_glob_match(const char *pattern, const char *path);

#endif
