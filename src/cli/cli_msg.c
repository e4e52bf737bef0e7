/*
 * cli_msg.c - the only code that writes diagnostics: "evstudy: error: ...",
 * "evstudy: warning: ...", one line each, to stderr.
 */
#include <stdarg.h>
#include <stdlib.h>

#include "cli.h"

int cli_verbosity = 1;

/* Formats the message, then prints it as one line: control characters
 * from arguments or file names (a newline in `--market`) would otherwise
 * let input forge further "evstudy: error:" lines. */
static void vmsg(const char *kind, const char *fmt, va_list ap)
    CLI_PRINTF(2, 0);

static void vmsg(const char *kind, const char *fmt, va_list ap)
{
    char small[1024], *buf = small;
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n >= (int)sizeof small && (buf = malloc((size_t)n + 1)) != NULL)
        vsnprintf(buf, (size_t)n + 1, fmt, aq);
    else if (buf == NULL)
        buf = small; /* truncated, but still one line */
    va_end(aq);
    if (n < 0)
        small[0] = '\0';
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    fprintf(stderr, "evstudy: %s%s\n", kind, buf);
    if (buf != small)
        free(buf);
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
