/*
 * main.c - evstudy: global set-up, subcommand dispatch, and the single exit
 * path that checks that everything written to stdout reached it.
 */
#include <errno.h>
#include <gsl/gsl_errno.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "cli.h"

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *help;
} commands[] = {
    {"run", cmd_run, "event study: AR, CAR, AAR/CAAR and tests"},
    {"backtest", cmd_backtest, "event-driven trades over parameter grids"},
    {"list", cmd_list, "list models or tests"},
    {"plot", cmd_plot, "event study figures through gnuplot"},
    {"ipo", cmd_ipo, "IPO first-day pops, BHARs by horizon, cohort summary"},
    {"fetch", cmd_fetch, "fetch daily prices into the cache"},
    {"cache", cmd_cache, "list, show or clear the price cache"},
    {"load", cmd_load, "load inputs only and report what was read (benchmarks)"},
};

static void usage(void)
{
    printf("Usage: evstudy COMMAND [options]\n"
           "Stock-price event studies: abnormal returns, CARs, tests.\n\n"
           "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        printf("  %-10s %s\n", commands[i].name, commands[i].help);
    printf("\n'evstudy COMMAND --help' describes a command's options.\n"
           "  --version  print the version and exit\n\n%s", cli_exit_help);
}

int main(int argc, char **argv)
{
    /* The library reports GSL failures as statuses; GSL's default handler
     * would abort the process instead. */
    gsl_set_error_handler_off();
#if defined(__GLIBC__)
    /* Loading a long file makes ten thousand series in each thread: with
     * glibc's 128 KiB top pad every few of them grow the heap by a system
     * call that takes the address-space lock, and the other threads' page
     * faults wait for it (a tenth of the parallel load; see the README's
     * performance section).  Untouched pad costs no memory. */
    mallopt(M_TOP_PAD, 64 << 20);
#endif
    cli_guard_std_fds();
    evs_error ne = {0};
    if (evs_net_init(&ne) != EVS_OK) {
        cli_error_evs(&ne, ne.code);
        return CLI_EXIT_INTERNAL;
    }
    int rc;
    if (argc < 2) {
        rc = cli_usage_error(NULL, "no command given");
        goto out;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage();
        rc = 0;
        goto out;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("evstudy %s\n", evs_version());
        rc = 0;
        goto out;
    }
    rc = -1;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            rc = commands[i].fn(argc - 1, argv + 1);
    if (rc == -1)
        rc = cli_usage_error(NULL, "unknown command '%s'", argv[1]);
out:
    evs_net_cleanup();
    /* A failed write to stdout (disk full, closed pipe) is an error. */
    if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
        if (rc == 0) {
            cli_error("write error on standard output: %s", strerror(errno ? errno : EIO));
            rc = CLI_EXIT_OUTPUT;
        }
    }
    return rc;
}
