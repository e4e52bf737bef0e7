/*
 * cli_msg.c - the only code that writes diagnostics: "evstudy: error: ...",
 * "evstudy: warning: ...", one line each, to stderr.
 */
#include <stdarg.h>

#include "cli.h"

int cli_verbosity = 1;

static void vmsg(const char *kind, const char *fmt, va_list ap)
{
    fprintf(stderr, "evstudy: %s", kind);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("error: ", fmt, ap);
    va_end(ap);
}

void cli_warn(const char *fmt, ...)
{
    if (cli_verbosity < 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    vmsg("warning: ", fmt, ap);
    va_end(ap);
}

void cli_note(const char *fmt, ...)
{
    if (cli_verbosity < 2)
        return;
    va_list ap;
    va_start(ap, fmt);
    vmsg("", fmt, ap);
    va_end(ap);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("error: ", fmt, ap);
    va_end(ap);
    if (cmd != NULL)
        fprintf(stderr, "evstudy: try 'evstudy %s --help' for more "
                "information\n", cmd);
    else
        fputs("evstudy: try 'evstudy --help' for more information\n", stderr);
    return CLI_EXIT_USAGE;
}

void cli_error_evs(const evs_error *e, evs_status st)
{
    if (e->msg[0] != '\0')
        cli_error("%s", e->msg);
    else
        cli_error("%s", evs_strerror(st));
}

void cli_warn_cb(void *ud, const char *msg)
{
    (void)ud;
    cli_warn("%s", msg);
}
