/*
 * cli.h - shared pieces of the evstudy command: messages, option parsing
 * helpers, exit codes and the subcommands.  The command uses the public
 * library headers only.
 */
#ifndef EVS_CLI_H
#define EVS_CLI_H

#include <stdio.h>

#include "evs.h"

#if defined(__GNUC__)
#define CLI_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CLI_PRINTF(a, b)
#endif

/* Exit codes (README "Exit codes"; mapped only in cli_exit.c). */
enum {
    CLI_EXIT_OK = 0,
    CLI_EXIT_NORESULT = 1, /* no event survived, or --strict and one dropped */
    CLI_EXIT_USAGE = 2,
    CLI_EXIT_INPUT = 3,
    CLI_EXIT_FETCH = 4,
    CLI_EXIT_OUTPUT = 5,
    CLI_EXIT_INTERNAL = 6,
    CLI_EXIT_PLOT = 7
};

/* Message verbosity: -q drops warnings, -v adds notes. */
extern int cli_verbosity; /* 0 quiet, 1 normal, 2 verbose */

void cli_error(const char *fmt, ...) CLI_PRINTF(1, 2);
void cli_warn(const char *fmt, ...) CLI_PRINTF(1, 2);
void cli_note(const char *fmt, ...) CLI_PRINTF(1, 2);
/* A usage error: the message, then the "try --help" hint; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...) CLI_PRINTF(2, 3);
/* Prints an evs_error (its message, or the status text). */
void cli_error_evs(const evs_error *e, evs_status st);
/* Library warnings to stderr through cli_warn. */
void cli_warn_cb(void *ud, const char *msg);

/* Opens /dev/null on any of descriptors 0-2 that the caller closed, so
 * that no file the program opens takes their place (cli_fds.c). */
void cli_guard_std_fds(void);

/* Exit code for a library status in a given phase. */
typedef enum cli_phase { CLI_PHASE_INPUT, CLI_PHASE_RUN, CLI_PHASE_OUTPUT } cli_phase;
int cli_exit_code(evs_status st, cli_phase phase);

/* ---- option tables ------------------------------------------------------- */

typedef enum cli_arg {
    CLI_ARG_NONE, CLI_ARG_STRING, CLI_ARG_INT, CLI_ARG_WINDOW, CLI_ARG_DATE,
    CLI_ARG_LIST, CLI_ARG_PATH
} cli_arg;

typedef struct cli_option {
    const char *name; /* long name without "--" */
    int short_name;   /* 0 when none */
    cli_arg arg;
    const char *metavar;
    const char *help;
    int id;           /* passed to the handler */
} cli_option;

/* Calls handler(id, value, ctx) for each option in argv order and stores
 * positional arguments in pos[0..*npos) (at most maxpos).  Returns 0 on
 * success, 2 after printing a usage error, or -1 after printing help (the
 * caller exits 0).  The handler returns 0, or 2 after a usage error. */
typedef int (*cli_handler)(int id, const char *value, void *ctx);
int cli_parse(const char *cmd, const cli_option *opts, int argc, char **argv,
              cli_handler handler, void *ctx, const char **pos, int maxpos,
              int *npos, const char *usage_line, const char *epilog);

/* Strict value parsers: 1 on success. */
int cli_parse_long(const char *s, long min, long max, long *out);
int cli_parse_date(const char *s, evs_date *out);

/* The exit-code table printed at the end of every --help. */
extern const char cli_exit_help[];

/* ---- subcommands --------------------------------------------------------- */
int cmd_run(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_backtest(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_ipo(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_cache(int argc, char **argv);
int cmd_load(int argc, char **argv);

#endif
