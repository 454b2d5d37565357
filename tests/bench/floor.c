/* SPDX-License-Identifier: MIT */
/* The benchmark floor: the least work a Markdown handbook build can do. */

/*
 * floor [-j N] ROOT OUT reads every .md file below ROOT/content (sorted,
 * names starting with '.' skipped, as ismsbook does), drops the front
 * matter block, renders the body with cmark-gfm using the options and
 * extensions of src/markdown.c, and writes OUT/<path>.html — nothing
 * else: no YAML parsing, no links, no templates, no checks. Its wall time
 * is the bound issue 7 measures ismsbook against ("no more than 1.5x the
 * floor"), so it does the same library work on the same number of threads
 * and no more. N worker threads take documents from a shared counter.
 *
 * It is a benchmark tool, not part of ismsbook: it links only cmark-gfm
 * and ismsbook's src/mdpin.c, and keeps to the C library and POSIX.
 */
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mdpin.h"

/* The same as src/markdown.c, so both do the same cmark work. */
#define PARSE_OPTS CMARK_OPT_FOOTNOTES
static const char *const extension_names[] = {
    "table", "strikethrough", "autolink", "tagfilter", "tasklist",
};
#define NEXTENSIONS (sizeof extension_names / sizeof *extension_names)

/* Folder depth limit for the walk; deeper trees are not handbooks. */
#define MAX_DEPTH 64

struct job {
    char **paths; /* relative to content/, sorted */
    size_t n;
    const char *content; /* ROOT/content */
    const char *out;
    atomic_size_t next;
    atomic_int failed;
    cmark_llist *exts;
};

/*
 * cmark_parser_finish edits a table global to cmark-gfm, so concurrent
 * finishes race (see src/mdpin.h); ismsbook lets them run at once with
 * src/mdpin.c, linked in here too, and else takes turns, as does this.
 */
static bool finish_at_once;
static pthread_mutex_t finish_lock = PTHREAD_MUTEX_INITIALIZER;

static void *
xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fputs("floor: out of memory\n", stderr);
        exit(1);
    }
    return p;
}

static char *
join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = xmalloc(la + lb + 2);
    memcpy(s, a, la);
    s[la] = '/';
    memcpy(s + la + 1, b, lb + 1);
    return s;
}

static int
has_md_suffix(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".md") == 0;
}

static int
skip_dot(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

struct list {
    char **v;
    size_t n, cap;
};

static void
list_push(struct list *l, char *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 256;
        char **v = realloc(l->v, l->cap * sizeof *v);
        if (!v) {
            fputs("floor: out of memory\n", stderr);
            exit(1);
        }
        l->v = v;
    }
    l->v[l->n++] = s;
}

/* Appends the .md files below BASE/REL to L in bytewise order. */
static int
walk(const char *base, const char *rel, int depth, struct list *l)
{
    if (depth > MAX_DEPTH) {
        fprintf(stderr, "floor: %s: too deep\n", rel);
        return -1;
    }
    char *dir = *rel ? join(base, rel) : strdup(base);
    struct dirent **ents;
    int n = scandir(dir, &ents, skip_dot, alphasort);
    if (n < 0) {
        fprintf(stderr, "floor: %s: %s\n", dir, strerror(errno));
        free(dir);
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < n; i++) {
        char *sub = *rel ? join(rel, ents[i]->d_name) : strdup(ents[i]->d_name);
        char *full = join(dir, ents[i]->d_name);
        struct stat st;
        if (rc == 0 && stat(full, &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                rc = walk(base, sub, depth + 1, l);
            } else if (S_ISREG(st.st_mode) && has_md_suffix(ents[i]->d_name)) {
                list_push(l, sub);
                sub = NULL;
            }
        }
        free(sub);
        free(full);
        free(ents[i]);
    }
    free(ents);
    free(dir);
    return rc;
}

static char *
read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 8192, n = 0;
    char *s = xmalloc(cap);
    size_t got;
    while ((got = fread(s + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            char *t = realloc(s, cap);
            if (!t) {
                fputs("floor: out of memory\n", stderr);
                exit(1);
            }
            s = t;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(s);
        return NULL;
    }
    *len = n;
    return s;
}

/* The offset of the body: after the closing '---' or '...' line. */
static size_t
body_start(const char *s, size_t n)
{
    size_t i = 0;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    if (n - i < 3 || memcmp(s + i, "---", 3) != 0)
        return 0;
    const char *nl = memchr(s + i, '\n', n - i);
    if (!nl)
        return 0;
    i = (size_t)(nl - s) + 1;
    while (i < n) {
        nl = memchr(s + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - s) : n;
        size_t len = end - i;
        if (len && s[end - 1] == '\r')
            len--;
        if (len == 3 &&
            (memcmp(s + i, "---", 3) == 0 || memcmp(s + i, "...", 3) == 0))
            return nl ? end + 1 : n;
        i = nl ? end + 1 : n;
    }
    return 0; /* unclosed: treat everything as body */
}

static int
mkdirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int rc = mkdir(path, 0777);
        *p = '/';
        if (rc != 0 && errno != EEXIST)
            return -1;
    }
    return 0;
}

static int
render_one(struct job *job, const char *rel)
{
    char *src = join(job->content, rel);
    size_t len;
    char *text = read_file(src, &len);
    if (!text) {
        fprintf(stderr, "floor: %s: %s\n", src, strerror(errno));
        free(src);
        return -1;
    }
    size_t off = body_start(text, len);

    cmark_parser *p = cmark_parser_new(PARSE_OPTS);
    for (cmark_llist *e = job->exts; e; e = e->next)
        cmark_parser_attach_syntax_extension(p, e->data);
    cmark_parser_feed(p, text + off, len - off);
    if (!finish_at_once)
        pthread_mutex_lock(&finish_lock);
    cmark_node *doc = cmark_parser_finish(p);
    if (!finish_at_once)
        pthread_mutex_unlock(&finish_lock);
    cmark_parser_free(p);
    char *html = cmark_render_html(doc, PARSE_OPTS, job->exts);
    cmark_node_free(doc);
    free(text);

    char *dst = join(job->out, rel);
    size_t dl = strlen(dst);
    dst = realloc(dst, dl + 3); /* ".md" becomes ".html": 2 more */
    if (!dst) {
        fputs("floor: out of memory\n", stderr);
        exit(1);
    }
    memcpy(dst + dl - 3, ".html", 6);
    int rc = -1;
    FILE *f = NULL;
    if (mkdirs(dst) == 0 && (f = fopen(dst, "wb")) != NULL) {
        size_t hl = strlen(html);
        if (fwrite(html, 1, hl, f) == hl)
            rc = 0;
        if (fclose(f) != 0)
            rc = -1;
    }
    if (rc != 0)
        fprintf(stderr, "floor: %s: %s\n", dst, strerror(errno));
    free(html);
    free(dst);
    free(src);
    return rc;
}

static void *
worker(void *arg)
{
    struct job *job = arg;
    size_t i;
    while ((i = atomic_fetch_add(&job->next, 1)) < job->n) {
        if (render_one(job, job->paths[i]) != 0)
            atomic_store(&job->failed, 1);
    }
    return NULL;
}

static void
usage(void)
{
    fputs("usage: floor [-j N] ROOT OUT\n", stderr);
    exit(2);
}

int
main(int argc, char **argv)
{
    long jobs = sysconf(_SC_NPROCESSORS_ONLN);
    int c;
    while ((c = getopt(argc, argv, "j:")) != -1) {
        if (c != 'j')
            usage();
        char *end;
        jobs = strtol(optarg, &end, 10);
        if (*end || jobs < 1 || jobs > 256)
            usage();
    }
    if (argc - optind != 2)
        usage();
    if (jobs < 1)
        jobs = 1;

    cmark_gfm_core_extensions_ensure_registered();
    cmark_mem *mem = cmark_get_default_mem_allocator();
    struct job job = {.out = argv[optind + 1]};
    cmark_syntax_extension *exts[NEXTENSIONS];
    size_t nexts = 0;
    for (size_t i = 0; i < NEXTENSIONS; i++) {
        cmark_syntax_extension *ext =
            cmark_find_syntax_extension(extension_names[i]);
        if (ext) {
            exts[nexts++] = ext;
            job.exts = cmark_llist_append(mem, job.exts, ext);
        }
    }
    finish_at_once = ib_mdpin(exts, nexts);
    char *content = join(argv[optind], "content");
    job.content = content;
    struct list l = {0};
    if (walk(content, "", 0, &l) != 0)
        return 1;
    job.paths = l.v;
    job.n = l.n;
    atomic_init(&job.next, 0);
    atomic_init(&job.failed, 0);
    if (mkdir(job.out, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "floor: %s: %s\n", job.out, strerror(errno));
        return 1;
    }

    pthread_t *tids = xmalloc((size_t)jobs * sizeof *tids);
    long started = 0;
    for (; started < jobs; started++)
        if (pthread_create(&tids[started], NULL, worker, &job) != 0)
            break;
    if (started == 0)
        worker(&job);
    for (long i = 0; i < started; i++)
        pthread_join(tids[i], NULL);

    free(tids);
    for (size_t i = 0; i < l.n; i++)
        free(l.v[i]);
    free(l.v);
    free(content);
    cmark_llist_free(mem, job.exts);
    return atomic_load(&job.failed) ? 1 : 0;
}
