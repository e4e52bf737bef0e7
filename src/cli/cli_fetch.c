/*
 * cli_fetch.c - network and cache options shared by the commands, the
 * progress line, and cli_fetch_missing(): symbols a command names but has
 * no file for come from the cache, fetched first when missing.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_fetch.h"

int cli_fetch_option(cli_fetch_cfg *c, int id, const char *v)
{
    switch (id) {
    case CF_CACHE: c->cache = v; return 0;
    case CF_OFFLINE: c->offline = 1; return 0;
    case CF_SOURCE: c->source = v; return 0;
    case CF_ADJUST: c->adjust = v; return 0;
    case CF_FROM: c->from = v; return 0;
    case CF_TO: c->to = v; return 0;
    case CF_TIMEOUT: c->timeout = v; return 0;
    case CF_RETRIES: c->retries = v; return 0;
    case CF_MAX_SIZE: c->max_size = v; return 0;
    default: return -2;
    }
}

/* ---- progress ---------------------------------------------------------------- */

static int progress_on; /* a progress line is showing on stderr */

static int progress_wanted(size_t n)
{
    return n > 1 && cli_verbosity >= 1 && isatty(STDERR_FILENO);
}

void cli_progress(size_t k, size_t n, const char *sym)
{
    if (!progress_wanted(n))
        return;
    fprintf(stderr, "\r\033[K[%zu/%zu] %s", k, n, sym);
    fflush(stderr);
    progress_on = 1;
}

void cli_progress_done(size_t n)
{
    if (progress_on && progress_wanted(n))
        fputs("\r\033[K", stderr);
    progress_on = 0;
}

/* Library warnings (retries, re-adjusted history) on a line of their own. */
static void warn_cb(void *ud, const char *msg)
{
    (void)ud;
    if (progress_on)
        fputs("\r\033[K", stderr);
    progress_on = 0;
    cli_warn("%s", msg);
}

/* ---- settings ---------------------------------------------------------------- */

static int parse_dates(const cli_fetch_cfg *c, const char *cmd, evs_fetch_opts *o)
{
    if (c->from && !cli_parse_date(c->from, &o->from))
        return cli_usage_error(cmd, "invalid --from date '%s' (want YYYY-MM-DD)", c->from);
    if (c->to && !cli_parse_date(c->to, &o->to))
        return cli_usage_error(cmd, "invalid --to date '%s' (want YYYY-MM-DD)", c->to);
    if (o->from > o->to) {
        char a[EVS_DATE_BUFSZ], b[EVS_DATE_BUFSZ];
        return cli_usage_error(cmd, "--from %s is after --to %s",
                               evs_date_format(o->from, a), evs_date_format(o->to, b));
    }
    return 0;
}

static int parse_numbers(const cli_fetch_cfg *c, const char *cmd, evs_fetch_opts *o)
{
    long v;
    if (c->timeout) {
        if (!cli_parse_long(c->timeout, 1, 3600, &v))
            return cli_usage_error(cmd, "invalid --timeout '%s' (want 1..3600 seconds)", c->timeout);
        o->timeout_ms = v * 1000;
        if (o->connect_timeout_ms > o->timeout_ms)
            o->connect_timeout_ms = o->timeout_ms;
    }
    if (c->retries) {
        if (!cli_parse_long(c->retries, 0, 10, &v))
            return cli_usage_error(cmd, "invalid --retries '%s' (want 0..10)", c->retries);
        o->retries = (unsigned)v;
    }
    if (c->max_size) {
        if (!cli_parse_long(c->max_size, 1, 1L << 34, &v))
            return cli_usage_error(cmd, "invalid --max-size '%s' (want 1..17179869184 bytes)",
                                   c->max_size);
        o->max_bytes = (size_t)v;
    }
    return 0;
}

int cli_fetch_setup(const cli_fetch_cfg *c, const char *cmd, evs_fetch_opts *o)
{
    if (c->source && !evs_source_from_name(c->source, &o->source))
        return cli_usage_error(cmd, "unknown source '%s' (yahoo, eastmoney, stooq, "
                               "alphavantage or auto)", c->source);
    if (c->adjust && !evs_adjust_from_name(c->adjust, &o->adjust))
        return cli_usage_error(cmd, "invalid adjustment '%s' (none, forward or backward)",
                               c->adjust);
    evs_adjust got;
    evs_error e = {0};
    if (c->adjust && o->source != EVS_SOURCE_AUTO &&
        evs_source_adjust(o->source, o->adjust, &got, &e) != EVS_OK)
        return cli_usage_error(cmd, "%s", e.msg);
    int rc = parse_dates(c, cmd, o);
    if (rc == 0)
        rc = parse_numbers(c, cmd, o);
    o->offline = c->offline;
    o->warn.fn = warn_cb;
    o->warn.userdata = NULL;
    return rc;
}

/* --cache, or the default path; NULL after printing why there is none. */
static const char *cache_path(const cli_fetch_cfg *c, char *buf, size_t n)
{
    evs_error e = {0};
    if (c->cache)
        return c->cache;
    if (evs_cache_default_path(buf, n, &e) != EVS_OK) {
        cli_error_evs(&e, e.code);
        return NULL;
    }
    return buf;
}

int cli_cache_exists(const cli_fetch_cfg *c)
{
    char path[4096];
    evs_error e = {0};
    const char *p = c->cache;
    if (p == NULL && evs_cache_default_path(path, sizeof path, &e) == EVS_OK)
        p = path;
    return p != NULL && access(p, F_OK) == 0;
}

int cli_cache_open(const cli_fetch_cfg *c, int flags, evs_cache **out)
{
    char path[4096];
    evs_error e = {0};
    const char *p = cache_path(c, path, sizeof path);
    *out = NULL;
    if (p == NULL)
        return CLI_EXIT_USAGE;
    *out = evs_cache_open(p, flags, &e);
    if (*out == NULL) {
        cli_error_evs(&e, e.code);
        return e.code == EVS_ENOMEM ? CLI_EXIT_INTERNAL : CLI_EXIT_INPUT;
    }
    return 0;
}

/* ---- loading missing symbols ----------------------------------------------- */

/* Symbols not in ds, each once. */
static size_t missing_symbols(const evs_dataset *ds, const char *const *syms,
                              size_t n, const char **out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (syms[i] == NULL || evs_dataset_find(ds, syms[i]) != NULL)
            continue;
        int seen = 0;
        for (size_t j = 0; j < k && !seen; j++)
            seen = strcmp(out[j], syms[i]) == 0;
        if (!seen)
            out[k++] = syms[i];
    }
    return k;
}

/* Fetches one symbol into ds; 0, or an exit code for a broken cache. */
static int load_one(evs_dataset *ds, evs_cache *cache, const char *sym,
                    const evs_fetch_opts *o)
{
    evs_series *s = NULL;
    evs_fetch_info info;
    evs_error e = {0};
    evs_status st = evs_fetch_series(cache, sym, o, &info, &s, &e);
    if (st == EVS_EIO || st == EVS_ENOMEM) {
        cli_error_evs(&e, st);
        return cli_exit_code(st, CLI_PHASE_INPUT);
    }
    if (st != EVS_OK) {
        cli_warn("%s (events on %s are dropped)", e.msg, sym);
        return 0;
    }
    if (evs_series_len(s) == 0) {
        cli_warn("%s: %s has no rows in the range (events on it are dropped)",
                 evs_source_name(info.source), sym);
        evs_series_free(s);
        return 0;
    }
    cli_note("%s: %zu rows from %s (%s-adjusted; %zu new, %zu request%s)", sym,
             info.rows, evs_source_name(info.source), evs_adjust_name(info.adjust),
             info.new_rows, info.requests, info.requests == 1 ? "" : "s");
    if (evs_dataset_add_owned(ds, s, &e) != EVS_OK) {
        cli_error_evs(&e, e.code);
        return CLI_EXIT_INTERNAL;
    }
    return 0;
}

int cli_fetch_missing(evs_dataset *ds, const char *const *syms, size_t n,
                      evs_date from, evs_date to, const cli_fetch_cfg *c,
                      const char *cmd)
{
    const char **need = malloc((n ? n : 1) * sizeof *need);
    if (need == NULL) {
        cli_error("out of memory");
        return CLI_EXIT_INTERNAL;
    }
    size_t k = missing_symbols(ds, syms, n, need);
    evs_fetch_opts o;
    evs_fetch_opts_init(&o);
    evs_fetch_opts_env(&o);
    o.from = from;
    o.to = to;
    evs_cache *cache = NULL;
    int rc = k ? cli_fetch_setup(c, cmd, &o) : 0;
    if (rc == 0 && k)
        rc = cli_cache_open(c, EVS_CACHE_CREATE, &cache);
    for (size_t i = 0; i < k && rc == 0; i++) {
        cli_progress(i + 1, k, need[i]);
        rc = load_one(ds, cache, need[i], &o);
    }
    cli_progress_done(k);
    evs_cache_close(cache);
    free(need);
    return rc;
}

/* Calendar days that hold `td` trading days, with room to spare: at most
 * about 1.51 calendar days per trading day (365 / 242 sessions, the
 * fewest of the exchanges served) plus two weeks for a long holiday. */
static evs_date calendar_days(int td)
{
    return td <= 0 ? 0 : (evs_date)(td * 8 / 5 + 14);
}

int cli_fetch_for_events(evs_dataset *ds, const evs_events *ev,
                         const evs_study_config *cfg, const cli_fetch_cfg *c,
                         const char *cmd)
{
    size_t n = ev ? evs_events_count(ev) : 0;
    if (n == 0)
        return 0;
    const char **syms = malloc((2 * n + 1) * sizeof *syms);
    if (syms == NULL) {
        cli_error("out of memory");
        return CLI_EXIT_INTERNAL;
    }
    evs_date lo = EVS_DATE_MAX, hi = EVS_DATE_MIN;
    size_t k = 0;
    if (cfg->market)
        syms[k++] = cfg->market;
    for (size_t i = 0; i < n; i++) {
        const evs_event *e = evs_events_get(ev, i);
        syms[k++] = e->symbol;
        if (e->market)
            syms[k++] = e->market;
        lo = e->date < lo ? e->date : lo;
        hi = e->date > hi ? e->date : hi;
    }
    int before = -(cfg->estimation.first < cfg->window.first ? cfg->estimation.first
                                                             : cfg->window.first);
    int after = cfg->window.last > cfg->estimation.last ? cfg->window.last
                                                        : cfg->estimation.last;
    lo -= calendar_days(before);
    hi += calendar_days(after);
    int rc = cli_fetch_missing(ds, syms, k, lo < EVS_DATE_MIN ? EVS_DATE_MIN : lo,
                               hi > EVS_DATE_MAX ? EVS_DATE_MAX : hi, c, cmd);
    free(syms);
    return rc;
}
