/*
 * cli_study.h - the study options shared by `run`, `backtest`, `plot` and
 * `ipo`: inputs, model, windows, tests, output.  Settings are gathered as
 * text from a study file and from flags (flags win), then checked once.
 */
#ifndef EVS_CLI_STUDY_H
#define EVS_CLI_STUDY_H

#include "cli.h"
#include "cli_fetch.h"

#define CLI_MAX_INPUTS 256
#define CLI_MAX_CONV 32

typedef struct cli_settings {
    const char *prices[CLI_MAX_INPUTS];
    size_t n_prices;
    const char *returns[CLI_MAX_INPUTS];
    size_t n_returns;
    const char *events, *market, *model, *estimation, *window, *car, *tests,
        *roll, *return_type, *format, *tables, *min_est, *threads;
    /* The statistics options (issue 3). */
    const char *factors, *factor_units, *dimson_lags, *dimson_leads, *compat,
        *boot, *seed;
    const char *conv[CLI_MAX_CONV];
    size_t n_conv;
} cli_settings;

/* Option ids 1..99 belong to the shared study options. */
enum {
    CS_PRICES = 1, CS_RETURNS, CS_EVENTS, CS_MARKET, CS_MODEL, CS_ESTIMATION,
    CS_WINDOW, CS_CAR, CS_TESTS, CS_MIN_EST, CS_ROLL, CS_RETURN_TYPE,
    CS_FORMAT, CS_TABLE, CS_OUT, CS_STRICT, CS_THREADS, CS_QUIET, CS_VERBOSE,
    CS_FACTORS, CS_FACTOR_UNITS, CS_DIMSON_LAGS, CS_DIMSON_LEADS, CS_CONV,
    CS_COMPAT, CS_BOOT, CS_SEED,
    CS_BIN_CACHE, CS_NO_BIN_CACHE, CS_LAST
};

/* The shared option rows, to be copied into a command's table.  Terminated
 * by a NULL name. */
extern const cli_option cli_study_options[];

/* Everything a study command has loaded, owned here. */
typedef struct cli_study {
    cli_settings flags;    /* from the command line */
    const char *study_path;
    const char *out;       /* --out, or NULL for stdout */
    int strict;
    int no_event_window;   /* the command ignores window/car: skip checks */
    const char *bin_cache; /* --bin-cache DIR */
    int no_bin_cache;      /* --no-bin-cache */
    evs_load_options load; /* threads and binary copies for the loaders */
    char bin_dir[4096];
    char sha_buf[65];      /* SHA-256 of the last file, when the loader knew it */
    evs_studyfile sf;      /* from the study file */
    evs_study_config cfg;
    evs_format format;
    unsigned tables;
    evs_dataset *data;
    evs_events *events;
    evs_input_file inputs[2 * CLI_MAX_INPUTS + 2];
    size_t n_inputs;
    char *paths[2 * CLI_MAX_INPUTS]; /* owned expanded paths */
    size_t n_paths;
    char tests_buf[1024];
    char *tests_store;
    /* Set by commands whose inputs differ from `run` (0/NULL: as run). */
    int prices_optional;   /* no --prices/--returns is not an error */
    int (*table_parse)(const char *s, unsigned *out); /* --table names */
    const char *table_names; /* for the usage error */
    cli_fetch_cfg fetch;   /* --cache, --offline, --source, --from, ... */
    evs_factors *factors;  /* --factors, owned */
} cli_study;

void cli_study_init(cli_study *s);
void cli_study_free(cli_study *s);

/* Handles a shared option; returns 0, or 2 after a usage error, or -2 when
 * the id is not a shared option. */
int cli_study_option(cli_study *s, const char *cmd, int id, const char *value);

/* Reads the study file (if any), merges settings, checks them, and loads
 * prices, returns and events.  `need_events` makes a missing --events a
 * usage error.  Returns an exit code (0 on success); messages printed. */
int cli_study_load(cli_study *s, const char *cmd, int need_events);

/* Writes a report through an atomic output (--out or stdout); returns an
 * exit code. */
int cli_study_write(cli_study *s, const char *cmd, const evs_study_result *r);

/* Prints a warning per dropped event, naming the events file and line. */
void cli_study_warn_dropped(const cli_study *s, const evs_study_result *r);

#endif
