/*
 * cli_opts.c - table-driven option parsing: one static table per command
 * feeds both getopt_long and --help, so the help cannot drift from what is
 * accepted.  Values are checked strictly (no atoi, no trailing junk).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_parse_long(const char *s, long min, long max, long *out)
{
    if (s == NULL || *s == '\0' || *s == ' ' || *s == '\t')
        return 0;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max)
        return 0;
    *out = v;
    return 1;
}

int cli_parse_date(const char *s, evs_date *out)
{
    return evs_date_parse(s, strlen(s), out);
}

static void print_help(const char *usage_line, const cli_option *opts,
                       const char *epilog)
{
    printf("%s\n\nOptions:\n", usage_line);
    for (const cli_option *o = opts; o->name; o++) {
        char left[64];
        if (o->short_name)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name,
                     o->name, o->metavar ? " " : "", o->metavar ? o->metavar : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->name,
                     o->metavar ? " " : "", o->metavar ? o->metavar : "");
        printf("  %-28s %s\n", left, o->help);
    }
    printf("  %-28s %s\n", "-h, --help", "show this help and exit");
    if (epilog)
        printf("\n%s", epilog);
    printf("\n%s", cli_exit_help);
}

int cli_parse(const char *cmd, const cli_option *opts, int argc, char **argv,
              cli_handler handler, void *ctx, const char **pos, int maxpos,
              int *npos, const char *usage_line, const char *epilog)
{
    size_t n = 0;
    while (opts[n].name)
        n++;
    struct option *lo = calloc(n + 2, sizeof *lo);
    char *so = calloc(3 * n + 4, 1);
    if (lo == NULL || so == NULL) {
        free(lo);
        free(so);
        cli_error("out of memory");
        return CLI_EXIT_INTERNAL;
    }
    size_t k = 0;
    so[k++] = ':';
    for (size_t i = 0; i < n; i++) {
        lo[i].name = opts[i].name;
        lo[i].has_arg = opts[i].arg == CLI_ARG_NONE ? no_argument : required_argument;
        lo[i].val = 1000 + (int)i;
        if (opts[i].short_name) {
            so[k++] = (char)opts[i].short_name;
            if (opts[i].arg != CLI_ARG_NONE)
                so[k++] = ':';
        }
    }
    lo[n].name = "help";
    lo[n].val = 'h';
    so[k++] = 'h';
    int rc = 0;
    *npos = 0;
    /* 0, not 1: glibc then also forgets a half-scanned "-xyz" cluster of a
     * previous call, which would otherwise point into that call's argv. */
    optind = 0;
    opterr = 0;
    for (;;) {
        int longidx = -1;
        int c = getopt_long(argc, argv, so, lo, &longidx);
        if (c == -1) {
            /* GNU getopt moved every positional to the end. */
            for (; optind < argc; optind++) {
                if (*npos >= maxpos) {
                    rc = cli_usage_error(cmd, "unexpected argument '%s'",
                                         argv[optind]);
                    break;
                }
                pos[(*npos)++] = argv[optind];
            }
            break;
        }
        if (c == 'h') {
            print_help(usage_line, opts, epilog);
            rc = -1;
            break;
        }
        if (c == '?') {
            if (optopt)
                rc = cli_usage_error(cmd, "unknown option '-%c'", optopt);
            else
                rc = cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
            break;
        }
        if (c == ':') {
            rc = cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
            break;
        }
        const cli_option *o = NULL;
        if (c >= 1000)
            o = &opts[c - 1000];
        else
            for (size_t i = 0; i < n; i++)
                if (opts[i].short_name == c)
                    o = &opts[i];
        if (o == NULL) {
            rc = cli_usage_error(cmd, "unknown option");
            break;
        }
        if (o->arg != CLI_ARG_NONE && (optarg == NULL || optarg[0] == '\0')) {
            rc = cli_usage_error(cmd, "option --%s needs a non-empty value", o->name);
            break;
        }
        rc = handler(o->id, optarg, ctx);
        if (rc != 0)
            break;
    }
    free(lo);
    free(so);
    return rc;
}
