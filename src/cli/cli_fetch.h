/*
 * cli_fetch.h - the network and cache options shared by `fetch`, `cache`
 * and the study commands, and cli_fetch_missing(), which loads the
 * symbols a command names but has no file for from the cache, fetching
 * what is missing.
 */
#ifndef EVS_CLI_FETCH_H
#define EVS_CLI_FETCH_H

#include "cli.h"

/* Settings as given on the command line (NULL / 0 when not given). */
typedef struct cli_fetch_cfg {
    const char *cache, *source, *adjust, *from, *to, *timeout, *retries,
        *max_size;
    int offline;
} cli_fetch_cfg;

/* Option ids 80..89 of the shared study id space (cli_study.h). */
enum {
    CF_CACHE = 80, CF_OFFLINE, CF_SOURCE, CF_ADJUST, CF_FROM, CF_TO,
    CF_TIMEOUT, CF_RETRIES, CF_MAX_SIZE
};

#define CLI_FETCH_CACHE_ROWS                                                          \
    {"cache", 0, CLI_ARG_PATH, "FILE", "price cache (default $XDG_CACHE_HOME/evstudy/prices.sqlite)", CF_CACHE}

#define CLI_FETCH_OPTION_ROWS                                                               \
    {"from", 0, CLI_ARG_DATE, "DATE", "first date of the series (YYYY-MM-DD)", CF_FROM},     \
    {"to", 0, CLI_ARG_DATE, "DATE", "last date of the series; default today", CF_TO},        \
    {"source", 0, CLI_ARG_STRING, "NAME", "yahoo, eastmoney, stooq, alphavantage or auto (default)", CF_SOURCE}, \
    {"adjust", 0, CLI_ARG_STRING, "KIND", "eastmoney prices: backward (default), forward or none", CF_ADJUST}, \
    CLI_FETCH_CACHE_ROWS,                                                                    \
    {"offline", 0, CLI_ARG_NONE, NULL, "never use the network: the cache answers or the command says what is missing", CF_OFFLINE}, \
    {"timeout", 0, CLI_ARG_INT, "SEC", "per-request time limit in seconds; default 30", CF_TIMEOUT}, \
    {"retries", 0, CLI_ARG_INT, "N", "retries on timeouts, HTTP 429 and 5xx; default 3", CF_RETRIES}, \
    {"max-size", 0, CLI_ARG_INT, "BYTES", "largest answer accepted; default 33554432", CF_MAX_SIZE}

/* Stores an option of this family; 0, or -2 when id is not one. */
int cli_fetch_option(cli_fetch_cfg *c, int id, const char *v);

/* Checks the settings into o (after evs_fetch_opts_init and _env); --from
 * and --to only when given.  Returns 0 or an exit code (message printed). */
int cli_fetch_setup(const cli_fetch_cfg *c, const char *cmd, evs_fetch_opts *o);

/* Does the cache file (--cache or the default) exist? */
int cli_cache_exists(const cli_fetch_cfg *c);

/* Opens --cache or the default cache; returns 0 or an exit code. */
int cli_cache_open(const cli_fetch_cfg *c, int flags, evs_cache **out);

/* Loads each of syms[0..n) that ds lacks over [from, to] (unless --from or
 * --to say otherwise) from the cache, fetching what is missing unless
 * --offline, and adds it to ds.  A symbol that cannot be had is a warning
 * (its events are then dropped by the study); a cache that cannot be
 * opened is an error.  Returns 0 or an exit code. */
int cli_fetch_missing(evs_dataset *ds, const char *const *syms, size_t n,
                      evs_date from, evs_date to, const cli_fetch_cfg *c,
                      const char *cmd);

/* cli_fetch_missing for the symbols and markets of events (and the default
 * market), over the dates the windows of cfg need around the events. */
int cli_fetch_for_events(evs_dataset *ds, const evs_events *ev,
                         const evs_study_config *cfg, const cli_fetch_cfg *c,
                         const char *cmd);

/* Progress on stderr when it is a terminal and there are several symbols:
 * "[k/n] SYMBOL" overwritten in place; done() clears the line. */
void cli_progress(size_t k, size_t n, const char *sym);
void cli_progress_done(size_t n);

#endif
