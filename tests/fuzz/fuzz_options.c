/*
 * fuzz_options.c - the command line of a study command: the input is an
 * argv (arguments separated by NUL bytes) given to cli_parse with the
 * shared study options, then to cli_study_load, which checks every value
 * (windows, CAR lists, tests, numbers, roll, format, tables, market).
 * Options that name files (--prices, --returns, --events, --out, a study
 * file) are dropped, so the target never touches the disk.  Property: the
 * result is an exit code of the documented table.
 */
#include "cli_study.h"
#include "fuzzutil.h"

#define MAX_ARGS 64

static int handler(int id, const char *v, void *ctx)
{
    if (id == CS_PRICES || id == CS_RETURNS || id == CS_EVENTS || id == CS_OUT)
        return 0;
    int rc = cli_study_option(ctx, "run", id, v);
    return rc == -2 ? cli_usage_error("run", "unexpected option") : rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char cmd[] = "run";
    char *buf = fuzz_cstr(data, size);
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = cmd;
    for (size_t i = 0; i <= size && argc < MAX_ARGS + 1;) {
        argv[argc++] = buf + i;
        i += strlen(buf + i) + 1;
    }
    argv[argc] = NULL;
    cli_study s;
    cli_study_init(&s);
    const char *pos[1];
    int npos = 0;
    int rc = cli_parse("run", cli_study_options, argc, argv, handler, &s, pos,
                       1, &npos, "Usage: fuzz", NULL);
    if (rc == 0)
        rc = cli_study_load(&s, "run", 1);
    /* Without inputs the load must stop at a usage error (or help). */
    FUZZ_REQUIRE(rc == -1 || rc == CLI_EXIT_USAGE);
    cli_study_free(&s);
    cli_verbosity = 1;
    free(buf);
    return 0;
}
