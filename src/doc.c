/* SPDX-License-Identifier: MIT */
/*
 * Documents: from file text to a checked struct ib_doc. The order is fixed
 * and matters: encoding, fences, YAML, aliases (and the value conversions
 * handbook.yaml asks for), folder defaults, derived id and title, schema.
 * A document's own value always beats a default, and a default beats a
 * derived value. A document with errors is still returned so every
 * finding is reported in one run; VALID says whether it can be rendered.
 */
#include "doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "config.h"
#include "diag.h"
#include "frontmatter.h"
#include "i18n.h"
#include "markdown.h"
#include "schema.h"
#include "text.h"
#include "val.h"
#include "xmalloc.h"
#include "yaml.h"

const char *const ib_doc_keys[] = {
    "id", "title", "type", "owner", "status", "approver", "approved",
    "version", "classification", "audience", "last_reviewed",
    "review_interval", "next_review", "effective", "controls", "clauses",
    "tags", "related", "lang", "translation_of", "extra", NULL,
};

static const char *const type_names[] = {
    "policy", "standard", "procedure", "guideline", "plan", "register",
    "record", NULL,
};
static const char *const type_labels[] = {
    "Policy", "Standard", "Procedure", "Guideline", "Plan", "Register",
    "Record",
};
static const char *const type_plurals[] = {
    "Policies", "Standards", "Procedures", "Guidelines", "Plans",
    "Registers", "Records",
};
static const char *const status_names[] = {"draft", "approved", "retired",
                                           NULL};
static const char *const class_names[] = {"public", "internal",
                                          "confidential", "restricted", NULL};

static bool
lookup(const char *const *names, const char *s, int *out)
{
    for (int i = 0; names[i]; i++) {
        if (strcmp(names[i], s) == 0) {
            *out = i;
            return true;
        }
    }
    return false;
}

const char *
ib_doc_type_name(enum ib_doc_type t)
{
    return type_names[t];
}

const char *
ib_doc_type_label(enum ib_doc_type t)
{
    return type_labels[t];
}

const char *
ib_doc_type_plural(enum ib_doc_type t)
{
    return type_plurals[t];
}

bool
ib_doc_type_parse(const char *s, enum ib_doc_type *out)
{
    int i;
    if (!lookup(type_names, s, &i))
        return false;
    *out = (enum ib_doc_type)i;
    return true;
}

const char *
ib_status_name(enum ib_status s)
{
    return status_names[s];
}

bool
ib_status_parse(const char *s, enum ib_status *out)
{
    int i;
    if (!lookup(status_names, s, &i))
        return false;
    *out = (enum ib_status)i;
    return true;
}

const char *
ib_class_name(enum ib_class c)
{
    return class_names[c];
}

bool
ib_class_parse(const char *s, enum ib_class *out)
{
    int i;
    if (!lookup(class_names, s, &i))
        return false;
    *out = (enum ib_class)i;
    return true;
}

bool
ib_doc_id_is_valid(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                     (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
            return false;
    }
    return true;
}

bool
ib_doc_due(const struct ib_doc *doc, struct ib_date *due)
{
    if (doc->status != IB_STATUS_APPROVED)
        return false;
    if (doc->has_next_review) {
        *due = doc->next_review;
        return true;
    }
    if (!doc->has_last_reviewed)
        return false;
    *due = ib_date_add(doc->last_reviewed, doc->review_interval);
    return true;
}

/* "content/policies/access.md" -> "policies/access.html" */
static const char *
out_path_of(struct ib_arena *a, const char *path)
{
    const char *rel = ib_text_starts_with(path, "content/") ? path + 8 : path;
    size_t n = strlen(rel);
    if (n > 3 && strcmp(rel + n - 3, ".md") == 0)
        n -= 3;
    char *out = ib_arena_alloc(a, n + sizeof ".html");
    snprintf(out, n + sizeof ".html", "%.*s.html", (int)n, rel);
    return out;
}

static const char *const date_keys[] = {"approved", "last_reviewed",
                                        "next_review", "effective", NULL};

/* "2024-01-15T10:00:00+01:00" or "2024-01-15 10:00": a timestamp, as
 * Hugo and Jekyll write dates; its first 10 bytes are the date. */
static bool
is_timestamp(const char *s, size_t len)
{
    if (len < 16 || (s[10] != 'T' && s[10] != 't' && s[10] != ' '))
        return false;
    for (size_t i = 0; i < 16; i++) {
        bool digit = s[i] >= '0' && s[i] <= '9';
        bool want_digit = i != 4 && i != 7 && i != 10 && i != 13;
        if (want_digit ? !digit
                       : i != 10 && s[i] != (i == 13 ? ':' : '-'))
            return false;
    }
    return strspn(s + 16, "0123456789:.+-Zz ") == len - 16;
}

/* The date of V, a scalar of KEY, if KEY is a date key and V a
 * timestamp; otherwise NULL. */
static struct ib_val *
timestamp_date(struct ib_arena *a, const char *key, const struct ib_val *v)
{
    bool is_date = false;
    for (size_t i = 0; date_keys[i] && !is_date; i++)
        is_date = strcmp(key, date_keys[i]) == 0;
    return is_date && is_timestamp(v->str, v->len) ? ib_val_strn(a, v->str, 10)
                                                   : NULL;
}

/* The scalar V of KEY as handbook.yaml converts it (see convert). */
static struct ib_val *
convert_scalar(struct ib_arena *a, const struct ib_config *cfg,
               const char *key, struct ib_val *v)
{
    if (!ib_val_is_scalar(v) || v->kind == IB_VAL_NULL)
        return v;
    const char *to = ib_config_value_alias(cfg, key, v->str);
    struct ib_val *c = to ? ib_val_str(a, to) : timestamp_date(a, key, v);
    if (!c)
        return v;
    c->line = v->line;
    c->col = v->col;
    return c;
}

/*
 * Converts a document's value of KEY (canonical) as handbook.yaml asks:
 * `value_aliases:` replace whole values (each item of a list), and a date
 * key's timestamp keeps its date. Positions stay; V itself is not changed.
 */
static struct ib_val *
convert(struct ib_arena *a, const struct ib_config *cfg, const char *key,
        struct ib_val *v)
{
    if (v->kind != IB_VAL_LIST)
        return convert_scalar(a, cfg, key, v);
    struct ib_val *l = NULL;
    for (size_t i = 0; i < v->n; i++) {
        struct ib_val *it = convert_scalar(a, cfg, key, v->items[i]);
        if (it != v->items[i] && !l) {
            /* Copy on the first change: most lists have none. */
            l = ib_val_list(a);
            *l = *v;
            l->items = NULL;
            l->n = l->cap = 0;
            for (size_t k = 0; k < i; k++)
                ib_val_push(a, l, v->items[k]);
        }
        if (l)
            ib_val_push(a, l, it);
    }
    return l ? l : v;
}

/* Values aliased to extra.NAME join the document's own extra map; a name
 * given both ways is ambiguous, so an error. */
static void
merge_extra(struct ib_arena *a, struct ib_val *fm, const struct ib_val *more,
            const char *file, struct ib_diag *d)
{
    struct ib_val *own = ib_val_get(fm, "extra");
    if (own && own->kind != IB_VAL_NULL && own->kind != IB_VAL_MAP)
        return; /* the schema reports that extra is not a map */
    struct ib_val *merged = ib_val_map(a);
    if (own && own->kind == IB_VAL_MAP) {
        *merged = *own;
        merged->pairs = NULL;
        merged->n = merged->cap = 0;
        for (size_t i = 0; i < own->n; i++) {
            struct ib_val_pair *np = ib_val_append(a, merged,
                                                   own->pairs[i].key,
                                                   own->pairs[i].val);
            np->line = own->pairs[i].line;
            np->col = own->pairs[i].col;
        }
    }
    for (size_t i = 0; i < more->n; i++) {
        const struct ib_val_pair *p = &more->pairs[i];
        const struct ib_val_pair *old = ib_val_get_pair(merged, p->key);
        if (old) {
            ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){file, p->line, p->col},
                        "yaml-syntax",
                        "this sets extra.%s again (already set at line %u)",
                        p->key, old->line);
            continue;
        }
        struct ib_val_pair *np = ib_val_append(a, merged, p->key, p->val);
        np->line = p->line;
        np->col = p->col;
    }
    ib_val_set(a, fm, "extra", merged);
}

/*
 * Rewrites aliased keys to their canonical names, drops `ignore_keys`,
 * moves keys aliased to extra.NAME into extra and converts values. Giving
 * both an alias and its canonical key is ambiguous, so it is an error.
 * *SPELT gets the keys as written of those renamed (see struct ib_schema),
 * or NULL when none was.
 */
static struct ib_val *
apply_aliases(struct ib_arena *a, const struct ib_config *cfg,
              const struct ib_val *fm, const char *file, struct ib_diag *d,
              struct ib_val **spelt)
{
    *spelt = NULL;
    struct ib_val *out = ib_val_map(a);
    struct ib_val *extra = NULL;
    out->line = fm->line;
    out->col = fm->col;
    for (size_t i = 0; i < fm->n; i++) {
        const struct ib_val_pair *p = &fm->pairs[i];
        if (ib_config_is_ignored_key(cfg, p->key))
            continue;
        const char *key = ib_config_canonical_key(cfg, p->key);
        struct ib_val *to = out;
        if (ib_text_starts_with(key, "extra.")) {
            if (!extra)
                extra = ib_val_map(a);
            to = extra;
            key += 6;
        }
        const struct ib_val_pair *old = ib_val_get_pair(to, key);
        if (old) {
            ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){file, p->line, p->col},
                        "yaml-syntax",
                        "'%s' sets '%s%s' again (already set at line %u)",
                        p->key, to == extra ? "extra." : "", key, old->line);
            continue;
        }
        struct ib_val *v = to == extra ? p->val : convert(a, cfg, key, p->val);
        struct ib_val_pair *np = ib_val_append(a, to, key, v);
        np->line = p->line;
        np->col = p->col;
        if (to == out && strcmp(key, p->key) != 0) {
            if (!*spelt)
                *spelt = ib_val_map(a);
            struct ib_val *w = ib_val_str_ref(a, p->key);
            w->line = p->line;
            w->col = p->col;
            ib_val_append(a, *spelt, key, w);
        }
    }
    if (extra)
        merge_extra(a, out, extra, file, d);
    return out;
}

bool
ib_doc_is_key(const char *key)
{
    for (size_t i = 0; ib_doc_keys[i]; i++)
        if (strcmp(key, ib_doc_keys[i]) == 0)
            return true;
    return false;
}

/* A usable value of KEY: present and not null. */
static bool
has_value(const struct ib_val *fm, const char *key)
{
    const struct ib_val *v = ib_val_get(fm, key);
    return v && v->kind != IB_VAL_NULL;
}

/* Copies V without its position: a default comes from handbook.yaml. */
static struct ib_val *
unplaced(struct ib_arena *a, const struct ib_val *v)
{
    struct ib_val *c = ib_arena_alloc(a, sizeof(*c));
    *c = *v;
    c->line = c->col = 0;
    return c;
}

/* A default extra.NAME: V fills a gap in the document's extra map (one
 * that is not a map is reported by the schema and left alone). */
static void
default_extra(struct ib_arena *a, struct ib_val *fm, const char *name,
              const struct ib_val *v)
{
    struct ib_val *extra = ib_val_get(fm, "extra");
    if (!extra || extra->kind == IB_VAL_NULL)
        extra = ib_val_set(a, fm, "extra", ib_val_map(a));
    if (extra->kind == IB_VAL_MAP && !has_value(extra, name))
        ib_val_set(a, extra, name, unplaced(a, v));
}

/* Does the `defaults` entry DEF apply to the document at PATH? */
static bool
default_applies(const struct ib_default *def, const char *path)
{
    size_t n = strlen(def->path);
    if (n > 3 && strcmp(def->path + n - 3, ".md") == 0)
        return strcmp(path, def->path) == 0;
    return ib_text_starts_with(path, def->path);
}

/*
 * Fills the keys FM has no value for (absent, or written with nothing
 * after them) from the `defaults` that apply at PATH. Keys handbook.yaml
 * ignores or does not know were reported there, once: they are not
 * copied into every document. A date key's timestamp keeps its date, as
 * in a document; value aliases do not apply (the values are ours).
 */
static void
apply_defaults(struct ib_arena *a, const struct ib_config *cfg,
               struct ib_val *fm, const char *path)
{
    /* Defaults are sorted longest path first: the closest folder wins. */
    for (size_t i = 0; i < cfg->ndefaults; i++) {
        const struct ib_default *def = &cfg->defaults[i];
        if (!default_applies(def, path))
            continue;
        for (size_t k = 0; k < def->values->n; k++) {
            const struct ib_val_pair *p = &def->values->pairs[k];
            /* Our own key names mean our keys, even when an alias takes
             * a document's key of that name elsewhere (Hugo's `type`). */
            bool ours = ib_doc_is_key(p->key);
            if (!ours && ib_config_is_ignored_key(cfg, p->key))
                continue;
            const char *key =
                ours ? p->key : ib_config_canonical_key(cfg, p->key);
            if (ib_text_starts_with(key, "extra.")) {
                default_extra(a, fm, key + 6, p->val);
                continue;
            }
            if (!ib_doc_is_key(key) || has_value(fm, key))
                continue;
            struct ib_val *v = ib_val_is_scalar(p->val)
                                   ? timestamp_date(a, key, p->val)
                                   : NULL;
            ib_val_set(a, fm, key, v ? v : unplaced(a, p->val));
        }
    }
}

/*
 * The part of PATH that names the document: "content/a/b.md" -> "a/b",
 * and a folder's "index.md" or "_index.md" is the folder ("a"). Returns
 * the length of that part at *NAME.
 */
static size_t
path_name(const char *path, const char **name)
{
    const char *rel = ib_text_starts_with(path, "content/") ? path + 8 : path;
    size_t n = strlen(rel);
    if (n > 3 && strcmp(rel + n - 3, ".md") == 0)
        n -= 3;
    size_t base = n;
    while (base && rel[base - 1] != '/')
        base--;
    bool index = (n - base == 5 && memcmp(rel + base, "index", 5) == 0) ||
                 (n - base == 6 && memcmp(rel + base, "_index", 6) == 0);
    if (index && base)
        n = base - 1;
    *name = rel;
    return n;
}

/* `derive: {id: path}`: "content/access-control/index.md" ->
 * "access-control", "content/a/b.md" -> "a-b", "content/_index.md" ->
 * "index". Characters an id cannot hold become '-'. */
static const char *
id_from_path(struct ib_arena *a, const char *path)
{
    const char *name;
    size_t n = path_name(path, &name);
    char *id = ib_arena_alloc(a, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!ok)
            c = '-';
        /* An id starts with a letter or digit; runs of '-' read as one. */
        if (k == 0 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9')))
            continue;
        if (!ok && id[k - 1] == '-')
            continue;
        id[k++] = c;
    }
    while (k && id[k - 1] == '-')
        k--;
    id[k] = '\0';
    return id;
}

/* The file (or index's folder) name as a title: "bcp-dr" -> "Bcp dr". */
static const char *
title_from_path(struct ib_arena *a, const char *path)
{
    const char *name;
    size_t n = path_name(path, &name);
    size_t base = n;
    while (base && name[base - 1] != '/')
        base--;
    while (base < n && (name[base] == '_' || name[base] == '-'))
        base++;
    char *t = ib_arena_strndup(a, name + base, n - base);
    for (char *c = t; *c; c++)
        if (*c == '-' || *c == '_')
            *c = ' ';
    if (t[0] >= 'a' && t[0] <= 'z')
        t[0] = (char)(t[0] - 'a' + 'A');
    return t;
}

/*
 * If the first non-blank line of BODY is a level-1 ATX heading ("# Title"),
 * returns its text (in arena A, placed where it stands), sets *SKIP to the
 * bytes up to the end of the heading line and adds the lines they hold to
 * *LINE. Otherwise returns NULL and changes nothing.
 */
static struct ib_val *
leading_heading(struct ib_arena *a, const char *body, size_t len,
                size_t *skip, unsigned *line)
{
    size_t i = 0;
    unsigned skipped = 0;
    for (;;) {
        size_t e = i;
        while (e < len && body[e] != '\n')
            e++;
        size_t j = i;
        while (j < e && (body[j] == ' ' || body[j] == '\t' || body[j] == '\r'))
            j++;
        skipped++;
        if (j < e || e >= len) {
            size_t ind = 0;
            while (ind < 3 && i + ind < e && body[i + ind] == ' ')
                ind++;
            size_t h = i + ind;
            if (h + 1 >= e || body[h] != '#' ||
                (body[h + 1] != ' ' && body[h + 1] != '\t'))
                return NULL;
            size_t ts = h + 1, te = e;
            while (ts < te && (body[ts] == ' ' || body[ts] == '\t'))
                ts++;
            while (te > ts && (body[te - 1] == ' ' || body[te - 1] == '\t' ||
                               body[te - 1] == '\r'))
                te--;
            /* A closing run of '#' after a space is not part of the text. */
            size_t ce = te;
            while (ce > ts && body[ce - 1] == '#')
                ce--;
            if (ce < te && (ce == ts || body[ce - 1] == ' ' ||
                            body[ce - 1] == '\t')) {
                te = ce;
                while (te > ts && (body[te - 1] == ' ' || body[te - 1] == '\t'))
                    te--;
            }
            if (te == ts)
                return NULL;
            struct ib_val *v = ib_val_strn(a, body + ts, te - ts);
            v->line = *line + skipped;
            v->col = (unsigned)(ts - i) + 1;
            *skip = e < len ? e + 1 : len;
            *line += skipped;
            return v;
        }
        i = e + 1;
    }
}


/* Reports KEY as missing unless OK. A present but unusable value was
 * already reported by its reader; an empty one is reported here. */
static void
require(const struct ib_schema *s, const struct ib_val *fm, const char *key,
        bool ok)
{
    if (ok)
        return;
    const struct ib_val_pair *p = ib_val_get_pair(fm, key);
    if (p && p->val && ib_val_is_scalar(p->val) &&
        p->val->kind != IB_VAL_NULL && p->val->len == 0) {
        ib_diag_add(s->d, IB_SEV_ERROR, ib_schema_loc(s, p->val),
                    "field-missing", "'%s' is empty",
                    ib_schema_key(s, fm, key));
        return;
    }
    if (p && p->val && p->val->kind != IB_VAL_NULL)
        return;
    if (p && p->line) { /* "owner:" with nothing after it */
        ib_diag_add(s->d, IB_SEV_ERROR,
                    (struct ib_loc){s->file, p->line, p->col},
                    "field-missing", "'%s' has no value",
                    ib_schema_key(s, fm, key));
        return;
    }
    ib_diag_add(s->d, IB_SEV_ERROR, (struct ib_loc){s->file, 1, 1},
                "field-missing", "front matter has no '%s'", key);
}

static void
check_schema(const struct ib_schema *s, const struct ib_config *cfg,
             const struct ib_val *fm, struct ib_doc *doc)
{
    const struct ib_val *v;
    ib_schema_unknown_keys(s, fm, ib_doc_keys, "front matter");

    bool has_id = ib_schema_text(s, fm, "id", &doc->id) && doc->id.s[0];
    if (has_id && !ib_doc_id_is_valid(doc->id.s)) {
        ib_diag_add(s->d, IB_SEV_ERROR,
                    (struct ib_loc){s->file, doc->id.line, doc->id.col},
                    "id-invalid",
                    "id '%s' must start with a letter or digit and contain "
                    "only letters, digits, '.', '_' and '-' (at most 64)",
                    doc->id.s);
        has_id = false;
    }
    require(s, fm, "id", has_id);
    bool has_title = ib_schema_text(s, fm, "title", &doc->title);
    if (has_title && doc->title.s[0] == '\0')
        has_title = false;
    require(s, fm, "title", has_title);
    int t = ib_schema_enum(s, fm, "type", type_names);
    require(s, fm, "type", t >= 0);
    bool has_owner = ib_schema_text(s, fm, "owner", &doc->owner) &&
                     doc->owner.s[0];
    require(s, fm, "owner", has_owner);
    /* Every page that lists the document names its owner. */
    doc->owner_name = ib_config_person_name(cfg, doc->owner.s);
    doc->type = t >= 0 ? (enum ib_doc_type)t : IB_TYPE_POLICY;
    doc->valid = has_id && has_title && t >= 0;

    int st = ib_schema_enum(s, fm, "status", status_names);
    doc->status = st >= 0 ? (enum ib_status)st : IB_STATUS_DRAFT;
    int cl = ib_schema_enum(s, fm, "classification", class_names);
    doc->classification = cl >= 0 ? (enum ib_class)cl : IB_CLASS_INTERNAL;

    ib_schema_text(s, fm, "approver", &doc->approver);
    ib_schema_text(s, fm, "version", &doc->version);
    /* Pages write it into lang attributes, which want "nb-NO", and
     * compare it with other documents' and the handbook's. */
    if (ib_schema_text(s, fm, "lang", &doc->lang)) {
        const char *tag = ib_i18n_language_tag(s->a, doc->lang.s);
        if (tag != doc->lang.s)
            doc->lang.s = tag, doc->lang.val = NULL;
    }
    ib_schema_text(s, fm, "translation_of", &doc->translation_of);
    ib_schema_list(s, fm, "audience", &doc->audience);
    ib_schema_list(s, fm, "controls", &doc->controls);
    ib_schema_list(s, fm, "clauses", &doc->clauses);
    ib_schema_list(s, fm, "tags", &doc->tags);
    ib_schema_list(s, fm, "related", &doc->related);
    doc->has_approved = ib_schema_date(s, fm, "approved", &doc->approved);
    doc->has_last_reviewed =
        ib_schema_date(s, fm, "last_reviewed", &doc->last_reviewed);
    doc->has_next_review =
        ib_schema_date(s, fm, "next_review", &doc->next_review);
    doc->has_effective = ib_schema_date(s, fm, "effective", &doc->effective);
    doc->own_interval =
        ib_schema_interval(s, fm, "review_interval", &doc->review_interval);
    if (!doc->own_interval)
        doc->review_interval = cfg->review_interval;
    if (doc->has_last_reviewed && !doc->has_next_review) {
        /* A due date must be a date pages and calendars can write. */
        struct ib_date due =
            ib_date_add(doc->last_reviewed, doc->review_interval);
        if (due.y > 9999) {
            ib_diag_add(s->d, IB_SEV_ERROR,
                        ib_schema_loc(s, ib_val_get(fm, "last_reviewed")),
                        "date-invalid",
                        "the next review, 'last_reviewed' plus the review "
                        "interval, falls after 9999-12-31");
            doc->has_last_reviewed = false;
        }
    }

    if ((v = ib_val_get(fm, "extra")) && v->kind != IB_VAL_NULL) {
        if (ib_schema_is_map(s, v, "'extra'"))
            doc->extra = v;
    }
    if (doc->status == IB_STATUS_APPROVED) {
        /* A present but invalid date was reported by its reader. */
        if (!has_value(fm, "last_reviewed") && !has_value(fm, "next_review"))
            require(s, fm, "last_reviewed", false);
        if (!doc->approver.s[0] || !has_value(fm, "approved")) {
            const struct ib_val *sv = ib_val_get(fm, "status");
            ib_diag_add(s->d, IB_SEV_ERROR, ib_schema_loc(s, sv),
                        "approval-missing",
                        "approved document needs both 'approver' and "
                        "'approved' (the date)");
        }
    }
}

struct ib_doc *
ib_doc_load(struct ib_arena *a, const struct ib_config *cfg, const char *path,
            const char *text, size_t len, struct ib_diag *d)
{
    struct ib_doc *doc = ib_arena_calloc(a, 1, sizeof(*doc));
    static const struct ib_ref empty = {"", 0, 0, NULL};
    doc->path = ib_arena_strdup(a, path);
    doc->out_path = out_path_of(a, doc->path);
    doc->id = doc->title = doc->owner = doc->approver = doc->version = empty;
    doc->owner_name = "";
    doc->lang = doc->translation_of = empty;
    doc->review_interval = cfg->review_interval;
    doc->body = "";

    size_t bad;
    if (!ib_text_valid_utf8(text, len, &bad)) {
        unsigned line, col;
        ib_text_pos(text, bad, &line, &col);
        ib_diag_add(d, IB_SEV_ERROR, (struct ib_loc){doc->path, line, col},
                    "encoding-invalid",
                    text[bad] ? "invalid UTF-8 (byte 0x%02X)"
                              : "NUL byte (0x%02X): not a text file",
                    (unsigned char)text[bad]);
        return doc;
    }
    struct ib_fm fm;
    if (ib_fm_split_as(text, len, doc->path, cfg->front_matter, &fm, d) < 0)
        return doc;
    struct ib_val *raw;
    if (ib_yaml_parse(a, text + fm.yaml_off, fm.yaml_len, doc->path,
                      fm.yaml_line, NULL, &raw, d) < 0)
        return doc;
    /* Without an opening fence, findings without a place go to line 1. */
    unsigned fm_line = fm.yaml_line ? fm.yaml_line : 1;
    struct ib_schema s = {a, d, doc->path, fm_line, NULL};
    if (raw->kind == IB_VAL_NULL)
        raw = ib_val_map(a);
    else if (!ib_schema_is_map(&s, raw, "front matter"))
        return doc;

    struct ib_val *spelt;
    struct ib_val *map = apply_aliases(a, cfg, raw, doc->path, d, &spelt);
    s.spelt = spelt;
    /* MAP has its values: the parser's array can hold the next one's. */
    ib_val_discard(a, raw);
    apply_defaults(a, cfg, map, doc->path);
    size_t body_off = fm.body_off;
    unsigned body_line = fm.body_line;
    if (cfg->derive_id && !has_value(map, "id")) {
        const char *id = id_from_path(a, doc->path);
        if (*id)
            ib_val_set(a, map, "id", ib_val_str_ref(a, id));
    }
    if (cfg->derive_title && !has_value(map, "title")) {
        /* The heading becomes the title, which the page shows already. */
        size_t skip = 0;
        struct ib_val *t = leading_heading(a, text + fm.body_off, fm.body_len,
                                           &skip, &body_line);
        body_off += skip;
        if (!t)
            t = ib_val_str_ref(a, title_from_path(a, doc->path));
        ib_val_set(a, map, "title", t);
    }
    doc->fm = map;
    doc->fm_line = fm_line;
    check_schema(&s, cfg, map, doc);

    doc->body_len = len - body_off;
    char *body = ib_xmalloc(doc->body_len + 1);
    memcpy(body, text + body_off, doc->body_len);
    body[doc->body_len] = '\0';
    doc->body = body;
    doc->own_body = true;
    doc->body_line = body_line;
    return doc;
}

void
ib_doc_revalidate(struct ib_arena *a, const struct ib_config *cfg,
                  struct ib_doc *doc, const struct ib_val *fm,
                  struct ib_diag *d)
{
    static const struct ib_ref empty = {"", 0, 0, NULL};
    doc->id = doc->title = doc->owner = doc->approver = doc->version = empty;
    doc->owner_name = "";
    doc->lang = doc->translation_of = empty;
    doc->audience = doc->controls = doc->clauses = doc->tags =
        doc->related = (struct ib_reflist){NULL, 0};
    doc->has_approved = doc->has_last_reviewed = doc->has_next_review =
        doc->has_effective = false;
    doc->review_interval = cfg->review_interval;
    doc->own_interval = false;
    doc->extra = NULL;
    doc->fm = fm;
    struct ib_schema s = {a, d, doc->path, doc->fm_line, NULL};
    check_schema(&s, cfg, fm, doc);
}

void
ib_doc_fini(struct ib_doc *doc)
{
    if (!doc)
        return;
    ib_md_free(doc->md);
    doc->md = NULL;
    ib_doc_drop_body(doc);
    free(doc->html);
    free(doc->search);
    doc->html = doc->search = NULL;
    free(doc->referenced_by.items);
    doc->referenced_by = (struct ib_doclist){NULL, 0, 0};
}

void
ib_doc_drop_body(struct ib_doc *doc)
{
    if (doc->own_body)
        free((char *)doc->body);
    doc->own_body = false;
    doc->body = "";
    doc->body_len = 0;
}

void
ib_doclist_push(struct ib_doclist *l, struct ib_doc *doc)
{
    if (l->n && l->items[l->n - 1] == doc)
        return;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4;
        l->items = ib_xrealloc(l->items, l->cap * sizeof(*l->items));
    }
    l->items[l->n++] = doc;
}
