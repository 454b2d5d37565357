/* SPDX-License-Identifier: MIT */
/* The ismsbook command: parse arguments, run one command, report, exit. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build.h"
#include "catalog.h"
#include "check.h"
#include "date.h"
#include "diag.h"
#include "doc.h"
#include "guard.h"
#include "interrupt.h"
#include "report.h"
#include "ruleinfo.h"
#include "scaffold.h"
#include "serve.h"
#include "site.h"
#include "usage.h"

/* Prints "ismsbook: error: WHAT 'ARG'" and USAGE; returns the usage
 * status. */
static int
usage_error(const char *usage, const char *what, const char *arg)
{
    fprintf(stderr, "ismsbook: error: %s '%s'\n", what, arg);
    fputs(usage, stderr);
    return IB_EXIT_USAGE;
}

/*
 * What getopt_long returned C ('?' or ':', with opterr off and ':' first
 * in the option string) for, in a command's ARGV: prints it as
 * usage_error does, naming the option as written. Returns the usage
 * status.
 */
static int
bad_option(int c, char **argv, const char *usage)
{
    /* A long option is the argument just taken, without any "=VALUE";
     * a short one may be one of several in it ("-xC"). */
    const char *arg = argv[optind - 1];
    char opt[64];
    if (strncmp(arg, "--", 2) == 0)
        snprintf(opt, sizeof opt, "%.*s", (int)strcspn(arg, "="), arg);
    else
        snprintf(opt, sizeof opt, "-%c", optopt);
    return usage_error(usage,
                       c == ':' ? "missing the argument of option"
                                : "unknown option",
                       opt);
}

/* Flushes standard output. If what went there is lost, says so (DONE:
 * what was done all the same, or NULL) and returns the usage status, as
 * for a report that could not be written; else STATUS. */
static int
flush_stdout(const char *done, int status)
{
    int flushed = fflush(stdout);
    if (flushed == 0 && !ferror(stdout))
        return status;
    fprintf(stderr, "ismsbook: error: writing to standard output: %s%s%s%s\n",
            flushed != 0 ? strerror(errno) : "write error", done ? " (" : "",
            done ? done : "", done ? ")" : "");
    return IB_EXIT_USAGE;
}

/* Prints the help text TEXT; returns 0, or the usage status if it was
 * lost (a full disk must not pass for a printed table). */
static int
print_help(const char *text)
{
    fputs(text, stdout);
    return flush_stdout(NULL, IB_EXIT_OK);
}

/* Prints S as one shell word: quoted unless it needs no quotes. */
static void
put_shell_word(const char *s)
{
    if (*s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                        "0123456789._/-+,:@%") == strlen(s)) {
        fputs(s, stdout);
        return;
    }
    putchar('\'');
    for (; *s; s++) {
        if (*s == '\'')
            fputs("'\\''", stdout);
        else
            putchar(*s);
    }
    putchar('\'');
}

static int
parse_today(const char *arg, struct ib_date *today)
{
    if (!ib_date_parse(arg, strlen(arg), today)) {
        fprintf(stderr, "ismsbook: error: --today: '%s' is not a date "
                        "(YYYY-MM-DD)\n", arg);
        return -1;
    }
    return 0;
}

/* Says why ib_date_today failed. */
static void
no_today(void)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde)
        fprintf(stderr, "ismsbook: error: SOURCE_DATE_EPOCH: '%s' is not a "
                        "number of seconds since 1970; use --today\n", sde);
    else
        fputs("ismsbook: error: cannot read today's date; use --today\n",
              stderr);
}

/* "-j N": 1 to 256 threads. */
static int
parse_jobs(const char *arg, unsigned *jobs)
{
    char *end;
    errno = 0;
    long n = strtol(arg, &end, 10);
    if (errno || end == arg || *end || n < 1 || n > 256)
        return -1;
    *jobs = (unsigned)n;
    return 0;
}

/* "--max-classification C": the highest classification to publish.
 * Returns 0, or -1 after printing a usage error with USAGE. */
static int
parse_max_class(const char *arg, const char *usage, enum ib_class *max)
{
    if (ib_class_parse(arg, max))
        return 0;
    usage_error(usage, "--max-classification: must be public, internal, "
                       "confidential or restricted, not", arg);
    return -1;
}

/* The options build and serve share. */
struct common_opts {
    const char *root;
    unsigned jobs;
    struct ib_date today;
    bool have_today, strict;
    bool have_max_class;
    enum ib_class max_class;
};

/*
 * Takes getopt's option C if it is one of -C, -j, --today, --strict and
 * --max-classification. Returns 1 if it was, 0 if not, -1 after printing
 * a usage error with USAGE.
 */
static int
common_option(int c, const char *usage, struct common_opts *o)
{
    switch (c) {
    case 'C': o->root = optarg; return 1;
    case 'j':
        if (parse_jobs(optarg, &o->jobs) == 0)
            return 1;
        usage_error(usage, "-j: not a thread count from 1 to 256:", optarg);
        return -1;
    case 't':
        if (parse_today(optarg, &o->today) < 0)
            return -1;
        o->have_today = true;
        return 1;
    case 's': o->strict = true; return 1;
    case 'm':
        if (parse_max_class(optarg, usage, &o->max_class) < 0)
            return -1;
        o->have_max_class = true;
        return 1;
    default: return 0;
    }
}

/* After the options: today's date, unless --today gave one. */
static int
common_today(struct common_opts *o)
{
    if (o->have_today || ib_date_today(&o->today) == 0)
        return 0;
    no_today();
    return -1;
}

static int
cmd_build(int argc, char **argv)
{
    static const struct option opts[] = {
        {"directory", required_argument, NULL, 'C'},
        {"output", required_argument, NULL, 'o'},
        {"jobs", required_argument, NULL, 'j'},
        {"today", required_argument, NULL, 't'},
        {"strict", no_argument, NULL, 's'},
        {"max-classification", required_argument, NULL, 'm'},
        {"no-cache", no_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct common_opts co = {.root = "."};
    const char *out = "public";
    bool no_cache = false;
    int c;
    while ((c = getopt_long(argc, argv, "+:C:o:j:h", opts, NULL)) != -1) {
        int k = common_option(c, usage_build, &co);
        if (k < 0)
            return IB_EXIT_USAGE;
        if (k > 0)
            continue;
        switch (c) {
        case 'o': out = optarg; break;
        case 'n': no_cache = true; break;
        case 'h': return print_help(usage_build);
        default: return bad_option(c, argv, usage_build);
        }
    }
    if (optind < argc)
        return usage_error(usage_build, "unexpected argument",
                           argv[optind]);
    if (common_today(&co) < 0)
        return IB_EXIT_USAGE;
    struct ib_build_opts o = {.root = co.root,
                              .out = out,
                              .today = co.today,
                              .strict = co.strict,
                              .jobs = co.jobs,
                              .no_cache = no_cache,
                              .have_max_class = co.have_max_class,
                              .max_class = co.max_class};
    /* Before ib_build starts any thread: they inherit the signal mask. */
    ib_interrupt_install();
    ib_guard_start(ib_guard_seconds_from_env());
    struct ib_diag *d = ib_diag_new();
    int status = ib_build(&o, d);
    ib_guard_stop();
    ib_report_text(stderr, d);
    ib_diag_free(d);
    return status;
}

static int
cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {
        {"directory", required_argument, NULL, 'C'},
        {"today", required_argument, NULL, 't'},
        {"format", required_argument, NULL, 'f'},
        {"strict", no_argument, NULL, 's'},
        {"max-classification", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct ib_check_opts o = {.root = ".", .format = IB_FORMAT_TEXT};
    bool have_today = false;
    int c;
    while ((c = getopt_long(argc, argv, "+:C:f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'C': o.root = optarg; break;
        case 't':
            if (parse_today(optarg, &o.today) < 0)
                return IB_EXIT_USAGE;
            have_today = true;
            break;
        case 'f':
            if (!ib_format_parse(optarg, &o.format))
                return usage_error(usage_check, "unknown format", optarg);
            break;
        case 's': o.strict = true; break;
        case 'm':
            if (parse_max_class(optarg, usage_check, &o.max_class) < 0)
                return IB_EXIT_USAGE;
            o.have_max_class = true;
            break;
        case 'h': return print_help(usage_check);
        default: return bad_option(c, argv, usage_check);
        }
    }
    if (optind < argc)
        return usage_error(usage_check, "unexpected argument", argv[optind]);
    if (!have_today && ib_date_today(&o.today) < 0) {
        no_today();
        return IB_EXIT_USAGE;
    }
    const char *no_color = getenv("NO_COLOR");
    o.color = isatty(STDOUT_FILENO) && !(no_color && no_color[0]);
    ib_guard_start(ib_guard_seconds_from_env());
    struct ib_diag *d = ib_diag_new();
    int status = ib_check(&o, stdout, d);
    int err = errno; /* why the report could not be written, if it was not */
    ib_guard_stop();
    ib_diag_free(d);
    int flushed = fflush(stdout);
    if (flushed != 0 || ferror(stdout)) {
        fprintf(stderr, "ismsbook: error: writing the report: %s\n",
                strerror(flushed != 0 ? errno : err));
        return IB_EXIT_USAGE;
    }
    return status;
}

static int
cmd_controls(int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *format = "text";
    int c;
    while ((c = getopt_long(argc, argv, "+:f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f': format = optarg; break;
        case 'h': return print_help(usage_controls);
        default: return bad_option(c, argv, usage_controls);
        }
    }
    if (optind < argc)
        return usage_error(usage_controls, "unexpected argument",
                           argv[optind]);
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0 &&
        strcmp(format, "csv") != 0)
        return usage_error(usage_controls, "unknown format", format);
    if (ib_catalog_print(ib_catalog_builtin(), stdout, format) < 0 ||
        fflush(stdout) != 0) {
        perror("ismsbook: error: writing the catalog");
        return IB_EXIT_USAGE;
    }
    return IB_EXIT_OK;
}

static int
cmd_init(int argc, char **argv)
{
    static const struct option opts[] = {
        {"today", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct ib_date today = {0, 0, 0};
    bool have_today = false;
    int c;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 't':
            if (parse_today(optarg, &today) < 0)
                return IB_EXIT_USAGE;
            have_today = true;
            break;
        case 'h': return print_help(usage_init);
        default: return bad_option(c, argv, usage_init);
        }
    }
    if (optind >= argc) {
        fputs("ismsbook: error: init needs the folder to create the "
              "handbook in\n",
              stderr);
        fputs(usage_init, stderr);
        return IB_EXIT_USAGE;
    }
    if (optind + 1 < argc)
        return usage_error(usage_init, "unexpected argument",
                           argv[optind + 1]);
    if (!have_today && ib_date_today(&today) < 0) {
        no_today();
        return IB_EXIT_USAGE;
    }
    const char *dir = argv[optind];
    /* A write past `ulimit -f` or to a closed pipe fails like any write
     * (the staging folder removed), rather than killing the process. */
    ib_interrupt_install();
    struct ib_diag *d = ib_diag_new();
    int status = ib_scaffold_init(dir, today, d);
    ib_report_text(stderr, d);
    ib_diag_free(d);
    if (status != IB_EXIT_OK)
        return status;
    printf("Created a handbook in %s: handbook.yaml, content/soa.yaml "
           "and drafts of\nthe mandatory documents. Next: edit "
           "handbook.yaml, then run\n  ismsbook check -C ",
           dir);
    put_shell_word(dir);
    putchar('\n');
    return flush_stdout("the handbook was created", status);
}

static int
cmd_new(int argc, char **argv)
{
    static const struct option opts[] = {
        {"directory", required_argument, NULL, 'C'},
        {"owner", required_argument, NULL, 'O'},
        {"controls", required_argument, NULL, 'c'},
        {"clauses", required_argument, NULL, 'l'},
        {"today", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct ib_scaffold_new_opts o = {".", NULL, NULL, NULL, NULL, NULL,
                                     {0, 0, 0}};
    bool have_today = false;
    int c;
    /* Options may follow TYPE and TITLE, as the synopsis shows them. */
    while ((c = getopt_long(argc, argv, ":C:h", opts, NULL)) != -1) {
        switch (c) {
        case 'C': o.root = optarg; break;
        case 'O': o.owner = optarg; break;
        case 'c': o.controls = optarg; break;
        case 'l': o.clauses = optarg; break;
        case 't':
            if (parse_today(optarg, &o.today) < 0)
                return IB_EXIT_USAGE;
            have_today = true;
            break;
        case 'h': return print_help(usage_new);
        default: return bad_option(c, argv, usage_new);
        }
    }
    if (argc - optind < 2) {
        fputs("ismsbook: error: new needs a TYPE and a TITLE\n", stderr);
        fputs(usage_new, stderr);
        return IB_EXIT_USAGE;
    }
    if (argc - optind > 2)
        return usage_error(usage_new, "unexpected argument",
                           argv[optind + 2]);
    o.type = argv[optind];
    o.title = argv[optind + 1];
    if (!have_today && ib_date_today(&o.today) < 0) {
        no_today();
        return IB_EXIT_USAGE;
    }
    ib_interrupt_install(); /* as for init */
    struct ib_diag *d = ib_diag_new();
    char *path;
    int status = ib_scaffold_new(&o, &path, d);
    ib_report_text(stderr, d);
    ib_diag_free(d);
    if (status != IB_EXIT_OK)
        return status;
    if (strcmp(o.root, ".") == 0)
        printf("%s\n", path);
    else
        printf("%s%s%s\n", o.root,
               o.root[strlen(o.root) - 1] == '/' ? "" : "/", path);
    free(path);
    return flush_stdout("the document was written", status);
}

static int
cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"directory", required_argument, NULL, 'C'},
        {"port", required_argument, NULL, 'p'},
        {"bind", required_argument, NULL, 'b'},
        {"jobs", required_argument, NULL, 'j'},
        {"today", required_argument, NULL, 't'},
        {"strict", no_argument, NULL, 's'},
        {"max-classification", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct ib_serve_opts o = {.port = IB_SERVE_PORT};
    struct common_opts co = {.root = "."};
    int c;
    while ((c = getopt_long(argc, argv, "+:C:p:j:h", opts, NULL)) != -1) {
        int k = common_option(c, usage_serve, &co);
        if (k < 0)
            return IB_EXIT_USAGE;
        if (k > 0)
            continue;
        char *end;
        switch (c) {
        case 'p':
            o.port = (unsigned)strtoul(optarg, &end, 10);
            if (!optarg[0] || *end || strlen(optarg) > 5 || o.port > 65535)
                return usage_error(usage_serve, "not a port", optarg);
            break;
        case 'b': o.bind = optarg; break;
        case 'h': return print_help(usage_serve);
        default: return bad_option(c, argv, usage_serve);
        }
    }
    if (optind < argc)
        return usage_error(usage_serve, "unexpected argument", argv[optind]);
    if (common_today(&co) < 0)
        return IB_EXIT_USAGE;
    o.root = co.root;
    o.jobs = co.jobs;
    o.today = co.today;
    o.strict = co.strict;
    o.have_max_class = co.have_max_class;
    o.max_class = co.max_class;
    return ib_serve(&o);
}

static int
cmd_help(int argc, char **argv)
{
    if (argc > 2)
        return usage_error(usage_main, "unexpected argument", argv[2]);
    if (argc < 2 || strcmp(argv[1], "help") == 0)
        return print_help(usage_main);
    static const struct {
        const char *name, *usage;
    } cmds[] = {
        {"build", usage_build},
        {"check", usage_check},
        {"controls", usage_controls},
        {"init", usage_init},
        {"new", usage_new},
        {"serve", usage_serve},
    };
    if (strcmp(argv[1], "rules") == 0) {
        ib_ruleinfo_print_markdown(stdout);
        return flush_stdout(NULL, IB_EXIT_OK);
    }
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
        if (strcmp(argv[1], cmds[i].name) == 0)
            return print_help(cmds[i].usage);
    }
    return usage_error(usage_main, "no command", argv[1]);
}

int
main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_main, stderr);
        return IB_EXIT_USAGE;
    }
    opterr = 0; /* bad_option says it, as every other usage error */
    const char *cmd = argv[1];
    bool help = strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0;
    bool version = strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0;
    if ((help || version) && argc > 2)
        return usage_error(usage_main, "unexpected argument", argv[2]);
    if (help)
        return cmd_help(1, argv);
    if (version) {
        printf("ismsbook %s\n", IB_VERSION);
        return flush_stdout(NULL, IB_EXIT_OK);
    }
    if (strcmp(cmd, "build") == 0)
        return cmd_build(argc - 1, argv + 1);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc - 1, argv + 1);
    if (strcmp(cmd, "controls") == 0)
        return cmd_controls(argc - 1, argv + 1);
    if (strcmp(cmd, "init") == 0)
        return cmd_init(argc - 1, argv + 1);
    if (strcmp(cmd, "new") == 0)
        return cmd_new(argc - 1, argv + 1);
    if (strcmp(cmd, "serve") == 0)
        return cmd_serve(argc - 1, argv + 1);
    if (strcmp(cmd, "help") == 0)
        return cmd_help(argc - 1, argv + 1);
    return usage_error(usage_main, "unknown command", cmd);
}
