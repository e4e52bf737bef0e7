/*
 * cmd_cache.c - `evstudy cache list|show SYMBOL...|clear [SYMBOL...]`:
 * what the price cache holds, where each series came from and when, and
 * removing series.
 */
#include <string.h>
#include <time.h>

#include "cli_fetch.h"

#define MAX_ARGS 257

static const char usage_line[] =
    "Usage: evstudy cache list | show SYMBOL... | clear [SYMBOL...] [options]\n"
    "list: one line per cached series.  show: a series' rows and every fetch\n"
    "(when, which dates, from which URL).  clear: removes the named symbols, or\n"
    "everything when none is named.";

enum { K_QUIET = 1, K_VERBOSE };

static const cli_option options[] = {
    CLI_FETCH_CACHE_ROWS,
    /* Accepted so that --offline works on every command; the cache command
     * never uses the network anyway. */
    {"offline", 0, CLI_ARG_NONE, NULL, "(no effect: this command never uses the network)", CF_OFFLINE},
    {"quiet", 'q', CLI_ARG_NONE, NULL, "no notes", K_QUIET},
    {"verbose", 'v', CLI_ARG_NONE, NULL, "more notes on stderr", K_VERBOSE},
    {NULL, 0, CLI_ARG_NONE, NULL, NULL, 0}};

static int handler(int id, const char *v, void *ctx)
{
    if (cli_fetch_option(ctx, id, v) == 0)
        return 0;
    switch (id) {
    case K_QUIET: cli_verbosity = 0; return 0;
    case K_VERBOSE: cli_verbosity = 2; return 0;
    default: return cli_usage_error("cache", "unexpected option");
    }
}

static void utc(int64_t t, char *buf, size_t n)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL || strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, n, "-");
}

static void entry_line(const evs_cache_entry *e)
{
    char a[EVS_DATE_BUFSZ] = "-", b[EVS_DATE_BUFSZ] = "-", t[32];
    if (e->rows) {
        evs_date_format(e->first, a);
        evs_date_format(e->last, b);
    }
    utc(e->last_fetch, t, sizeof t);
    printf("%-12s %-12s %-9s %7zu  %-10s  %-10s  %7zu  %s\n", e->symbol,
           evs_source_name(e->source), evs_adjust_name(e->adjust), e->rows, a, b,
           e->fetches, t);
}

static int list_cb(void *ud, const evs_cache_entry *e)
{
    size_t *n = ud;
    if ((*n)++ == 0)
        printf("%-12s %-12s %-9s %7s  %-10s  %-10s  %7s  %s\n", "symbol", "source",
               "adjust", "rows", "first", "last", "fetches", "last fetch (UTC)");
    entry_line(e);
    return 0;
}

static int fetch_cb(void *ud, const evs_cache_fetch_rec *f)
{
    (void)ud;
    char a[EVS_DATE_BUFSZ], b[EVS_DATE_BUFSZ], t[32];
    utc(f->fetched_at, t, sizeof t);
    printf("  fetched %s  %s..%s  %zu rows  %s\n", t, evs_date_format(f->range.first, a),
           evs_date_format(f->range.last, b), f->rows, f->url);
    return 0;
}

typedef struct show_ctx {
    evs_cache *cache;
    size_t n;
    evs_status st;
    evs_error err;
} show_ctx;

static int show_cb(void *ud, const evs_cache_entry *e)
{
    show_ctx *c = ud;
    evs_cache_key k = {e->source, e->symbol, e->adjust};
    if (c->n++)
        putchar('\n');
    printf("%s  source %s  adjust %s  %zu rows\n", e->symbol, evs_source_name(e->source),
           evs_adjust_name(e->adjust), e->rows);
    c->st = evs_cache_fetches(c->cache, &k, fetch_cb, NULL, &c->err);
    evs_range all = {EVS_DATE_MIN, EVS_DATE_MAX};
    evs_series *s = c->st == EVS_OK ? evs_cache_load(c->cache, &k, all, e->symbol, &c->err) : NULL;
    if (s == NULL) {
        if (c->st == EVS_OK)
            c->st = c->err.code;
        return 1;
    }
    c->st = evs_prices_write_csv(stdout, (const evs_series *const *)&s, 1, 0, &c->err);
    evs_series_free(s);
    return c->st != EVS_OK;
}

static int show(evs_cache *cache, const char **syms, int n)
{
    int rc = 0;
    for (int i = 0; i < n; i++) {
        char csym[EVS_SYMBOL_MAX + 1];
        show_ctx c = {cache, 0, EVS_OK, {0}};
        if (evs_symbol_canonical(syms[i], csym, &c.err) != EVS_OK) {
            cli_error_evs(&c.err, c.err.code);
            return CLI_EXIT_USAGE;
        }
        if (i > 0)
            putchar('\n');
        evs_status st = evs_cache_list(cache, csym, show_cb, &c, &c.err);
        if (st == EVS_OK)
            st = c.st;
        if (st != EVS_OK) {
            cli_error_evs(&c.err, st);
            return cli_exit_code(st, CLI_PHASE_INPUT);
        }
        if (c.n == 0) {
            cli_error("%s: not in the cache", csym);
            rc = CLI_EXIT_NORESULT;
        }
    }
    return rc;
}

static int clear(evs_cache *cache, const char **syms, int n)
{
    size_t series = 0, rows = 0;
    for (int i = 0; i < (n ? n : 1); i++) {
        char csym[EVS_SYMBOL_MAX + 1];
        evs_error e = {0};
        size_t ns = 0, nr = 0;
        if (n && evs_symbol_canonical(syms[i], csym, &e) != EVS_OK) {
            cli_error_evs(&e, e.code);
            return CLI_EXIT_USAGE;
        }
        evs_status st = evs_cache_clear(cache, n ? csym : NULL, &ns, &nr, &e);
        if (st != EVS_OK) {
            cli_error_evs(&e, st);
            return cli_exit_code(st, CLI_PHASE_INPUT);
        }
        series += ns;
        rows += nr;
    }
    printf("removed %zu series (%zu rows) from %s\n", series, rows, evs_cache_path(cache));
    return 0;
}

static int dispatch(cli_fetch_cfg *cfg, const char **pos, int npos)
{
    const char *act = pos[0];
    int is_list = strcmp(act, "list") == 0, is_show = strcmp(act, "show") == 0;
    if (!is_list && !is_show && strcmp(act, "clear") != 0)
        return cli_usage_error("cache", "unknown action '%s' (list, show or clear)", act);
    if (is_list && npos > 1)
        return cli_usage_error("cache", "list takes no symbol (use show)");
    if (is_show && npos < 2)
        return cli_usage_error("cache", "show needs a symbol");
    /* No cache yet: nothing to list or clear, and no symbol to show. */
    if (!cli_cache_exists(cfg)) {
        if (is_show)
            for (int i = 1; i < npos; i++)
                cli_error("%s: not in the cache (there is no cache yet)", pos[i]);
        else if (!is_list)
            printf("removed 0 series (0 rows)\n");
        return is_show ? CLI_EXIT_NORESULT : 0;
    }
    evs_cache *cache = NULL;
    int rc = cli_cache_open(cfg, 0, &cache);
    if (rc != 0)
        return rc;
    evs_error e = {0};
    size_t n = 0;
    if (is_list) {
        evs_status st = evs_cache_list(cache, NULL, list_cb, &n, &e);
        if (st != EVS_OK) {
            cli_error_evs(&e, st);
            rc = cli_exit_code(st, CLI_PHASE_INPUT);
        } else if (n == 0) {
            cli_note("the cache %s is empty", evs_cache_path(cache));
        }
    } else if (is_show) {
        rc = show(cache, pos + 1, npos - 1);
    } else {
        rc = clear(cache, pos + 1, npos - 1);
    }
    evs_cache_close(cache);
    return rc;
}

int cmd_cache(int argc, char **argv)
{
    cli_fetch_cfg cfg;
    memset(&cfg, 0, sizeof cfg);
    const char *pos[MAX_ARGS];
    int npos = 0;
    int rc = cli_parse("cache", options, argc, argv, handler, &cfg, pos, MAX_ARGS,
                       &npos, usage_line, NULL);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    if (npos == 0)
        return cli_usage_error("cache", "say what to do: list, show or clear");
    return dispatch(&cfg, pos, npos);
}
