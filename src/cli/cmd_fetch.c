/*
 * cmd_fetch.c - `evstudy fetch SYMBOL... [options]`: brings daily series
 * into the cache (only the ranges it lacks), prints one summary line per
 * symbol, and with --out writes them as the CSV `evstudy run` reads.
 */
#include <stdlib.h>
#include <string.h>

#include "cli_fetch.h"

#define MAX_SYMBOLS 256

static const char usage_line[] =
    "Usage: evstudy fetch SYMBOL... [options]\n"
    "Fetches daily prices into the cache, asking each source only for the dates\n"
    "the cache lacks.  Symbols: 688795.SS (Shanghai), 000001.SZ (Shenzhen),\n"
    "6082.HK (Hong Kong), ^HSI (an index), AAPL (US and others).";

static const char epilog[] =
    "Default source: eastmoney for .SS and .SZ, yahoo for the rest.  Base URLs:\n"
    "EVSTUDY_YAHOO_URL, EVSTUDY_EASTMONEY_URL, EVSTUDY_STOOQ_URL,\n"
    "EVSTUDY_ALPHAVANTAGE_URL; keys: ALPHAVANTAGE_API_KEY, STOOQ_API_KEY.\n"
    "--from defaults to a year before --to.\n";

enum { F_OUT = 1, F_QUIET, F_VERBOSE };

static const cli_option options[] = {
    CLI_FETCH_OPTION_ROWS,
    {"out", 'o', CLI_ARG_PATH, "FILE", "also write the series as price CSV (- for stdout)", F_OUT},
    {"quiet", 'q', CLI_ARG_NONE, NULL, "no warnings, no summary", F_QUIET},
    {"verbose", 'v', CLI_ARG_NONE, NULL, "more notes on stderr", F_VERBOSE},
    {NULL, 0, CLI_ARG_NONE, NULL, NULL, 0}};

typedef struct fetch_cmd {
    cli_fetch_cfg cfg;
    const char *out;
} fetch_cmd;

static int handler(int id, const char *v, void *ctx)
{
    fetch_cmd *f = ctx;
    if (cli_fetch_option(&f->cfg, id, v) == 0)
        return 0;
    switch (id) {
    case F_OUT: f->out = v; return 0;
    case F_QUIET: cli_verbosity = 0; return 0;
    case F_VERBOSE: cli_verbosity = 2; return 0;
    default: return cli_usage_error("fetch", "unexpected option");
    }
}

static void summary(FILE *to, const char *sym, const evs_series *s,
                    const evs_fetch_info *in)
{
    char a[EVS_DATE_BUFSZ] = "-", b[EVS_DATE_BUFSZ] = "-";
    size_t n = evs_series_len(s);
    if (n) {
        evs_date_format(evs_series_dates(s)[0], a);
        evs_date_format(evs_series_dates(s)[n - 1], b);
    }
    fprintf(to, "%-12s %-12s %-9s %s..%s %6zu rows", sym, evs_source_name(in->source),
            evs_adjust_name(in->adjust), a, b, n);
    if (in->requests)
        fprintf(to, "  (%zu new, %zu request%s%s)\n", in->new_rows, in->requests,
                in->requests == 1 ? "" : "s", in->refetched ? ", history re-adjusted" : "");
    else
        fputs("  (cached)\n", to);
}

static int write_out(const char *path, evs_series **s, size_t n)
{
    evs_error e = {0};
    evs_outfile *of = evs_outfile_open(path, &e);
    if (of == NULL) {
        cli_error_evs(&e, e.code);
        return CLI_EXIT_OUTPUT;
    }
    evs_status st = evs_prices_write_csv(evs_outfile_stream(of),
                                         (const evs_series *const *)s, n, n > 1, &e);
    if (st != EVS_OK) {
        evs_outfile_abort(of);
        cli_error("%s: %s", path, e.msg);
        return CLI_EXIT_OUTPUT;
    }
    if ((st = evs_outfile_commit(of, &e)) != EVS_OK) {
        cli_error_evs(&e, st);
        return CLI_EXIT_OUTPUT;
    }
    return 0;
}

/* Fetches every symbol (going on past failures); returns the exit code of
 * the first failure, or 0. */
static int fetch_all(evs_cache *cache, const char **syms, size_t n,
                     const evs_fetch_opts *o, evs_series **got, FILE *sum)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        evs_fetch_info info;
        evs_error e = {0};
        cli_progress(i + 1, n, syms[i]);
        evs_status st = evs_fetch_series(cache, syms[i], o, &info, &got[i], &e);
        cli_progress_done(n);
        if (st != EVS_OK) {
            cli_error_evs(&e, st);
            if (rc == 0)
                rc = cli_exit_code(st, CLI_PHASE_INPUT);
            continue;
        }
        if (sum && cli_verbosity >= 1)
            summary(sum, syms[i], got[i], &info);
        if (evs_series_len(got[i]) == 0)
            cli_warn("%s: no rows in the range", syms[i]);
    }
    return rc;
}

static int run_fetch(fetch_cmd *f, const char **syms, size_t n)
{
    evs_fetch_opts o;
    evs_fetch_opts_init(&o);
    evs_fetch_opts_env(&o);
    evs_date to;
    if (f->cfg.to && !f->cfg.from && cli_parse_date(f->cfg.to, &to))
        o.from = to - 365;
    int rc = cli_fetch_setup(&f->cfg, "fetch", &o);
    if (rc != 0)
        return rc;
    evs_cache *cache = NULL;
    if ((rc = cli_cache_open(&f->cfg, EVS_CACHE_CREATE, &cache)) != 0)
        return rc;
    evs_series **got = calloc(n, sizeof *got);
    if (got == NULL) {
        evs_cache_close(cache);
        cli_error("out of memory");
        return CLI_EXIT_INTERNAL;
    }
    int to_stdout = f->out && strcmp(f->out, "-") == 0;
    rc = fetch_all(cache, syms, n, &o, got, to_stdout ? stderr : stdout);
    evs_cache_close(cache);
    if (rc == 0 && f->out)
        rc = write_out(f->out, got, n);
    for (size_t i = 0; i < n; i++)
        evs_series_free(got[i]);
    free(got);
    return rc;
}

int cmd_fetch(int argc, char **argv)
{
    fetch_cmd f;
    memset(&f, 0, sizeof f);
    const char *pos[MAX_SYMBOLS];
    int npos = 0;
    int rc = cli_parse("fetch", options, argc, argv, handler, &f, pos, MAX_SYMBOLS,
                       &npos, usage_line, epilog);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    if (npos == 0)
        return cli_usage_error("fetch", "name at least one symbol");
    /* Each symbol once, in the order given. */
    const char *syms[MAX_SYMBOLS];
    size_t n = 0;
    for (int i = 0; i < npos; i++) {
        int seen = 0;
        for (size_t j = 0; j < n && !seen; j++)
            seen = strcmp(syms[j], pos[i]) == 0;
        if (!seen)
            syms[n++] = pos[i];
    }
    return run_fetch(&f, syms, n);
}
