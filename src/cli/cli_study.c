/*
 * cli_study.c - shared study options, settings merge (study file, then
 * flags), input loading and report writing.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_load.h"
#include "cli_study.h"

const cli_option cli_study_options[] = {
    {"prices", 'p', CLI_ARG_PATH, "PATH", "price CSV file or directory (repeatable; SYMBOL=FILE names the symbol)", CS_PRICES},
    {"returns", 0, CLI_ARG_PATH, "FILE", "long returns CSV date,symbol,ret (repeatable)", CS_RETURNS},
    {"events", 'e', CLI_ARG_PATH, "FILE", "events CSV (symbol,date[,market,label]); - reads stdin", CS_EVENTS},
    {"market", 'm', CLI_ARG_STRING, "SYMBOL", "default market (benchmark) symbol", CS_MARKET},
    {"model", 0, CLI_ARG_STRING, "NAME", "normal-return model (evstudy list models); default market", CS_MODEL},
    {"estimation", 0, CLI_ARG_WINDOW, "A:B", "estimation window in trading days; default -250:-11", CS_ESTIMATION},
    {"window", 'w', CLI_ARG_WINDOW, "A:B", "event window in trading days; default -10:10", CS_WINDOW},
    {"car", 0, CLI_ARG_LIST, "A:B,...", "CAR windows inside the event window; default the whole window", CS_CAR},
    {"tests", 't', CLI_ARG_LIST, "LIST", "tests to run (evstudy list tests) or all; default all", CS_TESTS},
    {"min-est", 0, CLI_ARG_INT, "N", "fewest valid estimation returns per event; default 30", CS_MIN_EST},
    {"roll", 0, CLI_ARG_STRING, "RULE", "non-trading event date: next (default), prev or exact", CS_ROLL},
    {"return-type", 0, CLI_ARG_STRING, "KIND", "simple (default) or log returns", CS_RETURN_TYPE},
    {"format", 'f', CLI_ARG_STRING, "FMT", "table (default), csv or json", CS_FORMAT},
    {"table", 0, CLI_ARG_LIST, "LIST", "tables: events, ar, aar, car, tests, all", CS_TABLE},
    {"out", 'o', CLI_ARG_PATH, "FILE", "write results to FILE (atomically) instead of stdout", CS_OUT},
    {"strict", 0, CLI_ARG_NONE, NULL, "fail (exit 1) when any event is dropped", CS_STRICT},
    {"threads", 0, CLI_ARG_INT, "N", "worker threads (study and parsing); default one per core", CS_THREADS},
    {"quiet", 'q', CLI_ARG_NONE, NULL, "no warnings", CS_QUIET},
    {"verbose", 'v', CLI_ARG_NONE, NULL, "more notes on stderr", CS_VERBOSE},
    /* Symbols with no file come from the price cache (cli_fetch.h). */
    CLI_FETCH_OPTION_ROWS,
    {"factors", 0, CLI_ARG_PATH, "FILE", "factor returns for ff3, carhart, ff5 and factors:A,B (Kenneth French CSV or named decimal columns)", CS_FACTORS},
    {"factor-units", 0, CLI_ARG_STRING, "U", "factor file values: auto (default: YYYYMMDD dates mean percent), percent or decimal", CS_FACTOR_UNITS},
    {"dimson-lags", 0, CLI_ARG_INT, "N", "market lags of the dimson model, 0..5; default 1", CS_DIMSON_LAGS},
    {"dimson-leads", 0, CLI_ARG_INT, "N", "market leads of the dimson model, 0..5; default 1", CS_DIMSON_LEADS},
    {"conv", 0, CLI_ARG_LIST, "NAME=VALUE,...", "test conventions (evstudy list conventions); repeatable", CS_CONV},
    {"compat", 0, CLI_ARG_STRING, "PKG", "reproduce another package's conventions: estudy2 or none", CS_COMPAT},
    {"boot", 0, CLI_ARG_INT, "N", "bootstrap resamples of skewness-adjusted-boot; default 1000", CS_BOOT},
    {"seed", 0, CLI_ARG_INT, "N", "bootstrap seed; default 1", CS_SEED},
    {"bin-cache", 0, CLI_ARG_PATH, "DIR", "binary copies of large CSVs in DIR (default $XDG_CACHE_HOME/evstudy/bin)", CS_BIN_CACHE},
    {"no-bin-cache", 0, CLI_ARG_NONE, NULL, "neither read nor write binary copies", CS_NO_BIN_CACHE},
    {NULL, 0, CLI_ARG_NONE, NULL, NULL, 0}};

void cli_study_init(cli_study *s)
{
    memset(s, 0, sizeof *s);
    s->sf.min_est = -1;
    s->sf.dimson_lags = s->sf.dimson_leads = s->sf.bootstrap = s->sf.seed = -1;
    evs_study_config_init(&s->cfg);
}

void cli_study_free(cli_study *s)
{
    evs_studyfile_clear(&s->sf);
    evs_dataset_free(s->data);
    evs_events_free(s->events);
    evs_factors_free(s->factors);
    for (size_t i = 0; i < s->n_paths; i++)
        free(s->paths[i]);
    free(s->tests_store);
}

int cli_study_option(cli_study *s, const char *cmd, int id, const char *v)
{
    cli_settings *f = &s->flags;
    switch (id) {
    case CS_PRICES:
        if (f->n_prices >= CLI_MAX_INPUTS)
            return cli_usage_error(cmd, "too many --prices");
        f->prices[f->n_prices++] = v;
        return 0;
    case CS_RETURNS:
        if (f->n_returns >= CLI_MAX_INPUTS)
            return cli_usage_error(cmd, "too many --returns");
        f->returns[f->n_returns++] = v;
        return 0;
    case CS_EVENTS: f->events = v; return 0;
    case CS_MARKET: f->market = v; return 0;
    case CS_MODEL: f->model = v; return 0;
    case CS_ESTIMATION: f->estimation = v; return 0;
    case CS_WINDOW: f->window = v; return 0;
    case CS_CAR: f->car = v; return 0;
    case CS_TESTS: f->tests = v; return 0;
    case CS_MIN_EST: f->min_est = v; return 0;
    case CS_ROLL: f->roll = v; return 0;
    case CS_RETURN_TYPE: f->return_type = v; return 0;
    case CS_FORMAT: f->format = v; return 0;
    case CS_TABLE: f->tables = v; return 0;
    case CS_THREADS: f->threads = v; return 0;
    case CS_OUT: s->out = v; return 0;
    case CS_STRICT: s->strict = 1; return 0;
    case CS_FACTORS: f->factors = v; return 0;
    case CS_FACTOR_UNITS: f->factor_units = v; return 0;
    case CS_DIMSON_LAGS: f->dimson_lags = v; return 0;
    case CS_DIMSON_LEADS: f->dimson_leads = v; return 0;
    case CS_COMPAT: f->compat = v; return 0;
    case CS_BOOT: f->boot = v; return 0;
    case CS_SEED: f->seed = v; return 0;
    case CS_CONV:
        if (f->n_conv >= CLI_MAX_CONV)
            return cli_usage_error(cmd, "too many --conv");
        f->conv[f->n_conv++] = v;
        return 0;
    case CS_BIN_CACHE: s->bin_cache = v; return 0;
    case CS_NO_BIN_CACHE: s->no_bin_cache = 1; return 0;
    case CS_QUIET: cli_verbosity = 0; return 0;
    case CS_VERBOSE: cli_verbosity = 2; return 0;
    default: return cli_fetch_option(&s->fetch, id, v);
    }
}

/* Picks the flag value, else the study file's. */
#define PICK(field, sfield) (s->flags.field ? s->flags.field : s->sf.sfield)

static int bad(const char *cmd, const char *what, const char *v)
{
    return cli_usage_error(cmd, "invalid %s '%s'", what, v);
}

static int parse_windows(cli_study *s, const char *cmd, const char *list)
{
    char buf[1024];
    if (strlen(list) >= sizeof buf)
        return bad(cmd, "CAR window list", list);
    memcpy(buf, list, strlen(list) + 1);
    s->cfg.n_car = 0;
    char *save = buf;
    for (;;) {
        char *comma = strchr(save, ',');
        if (comma)
            *comma = '\0';
        if (s->cfg.n_car >= EVS_MAX_CAR_WINDOWS)
            return cli_usage_error(cmd, "at most %d CAR windows", EVS_MAX_CAR_WINDOWS);
        if (!evs_window_parse(save, &s->cfg.car[s->cfg.n_car]))
            return bad(cmd, "CAR window (want A:B with A <= B)", save);
        s->cfg.n_car++;
        if (comma == NULL)
            break;
        save = comma + 1;
    }
    return 0;
}

static int parse_tests(cli_study *s, const char *cmd, const char *list)
{
    if (strcmp(list, "all") == 0) {
        s->cfg.n_tests = 0;
        return 0;
    }
    s->tests_store = strdup(list);
    if (s->tests_store == NULL) {
        cli_error("out of memory");
        return CLI_EXIT_INTERNAL;
    }
    s->cfg.n_tests = 0;
    char *p = s->tests_store;
    for (;;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        if (evs_stattest_find(p) == NULL)
            return cli_usage_error(cmd, "unknown test '%s' (see 'evstudy list tests')", p);
        if (s->cfg.n_tests >= EVS_MAX_TESTS)
            return cli_usage_error(cmd, "too many tests");
        s->cfg.tests[s->cfg.n_tests++] = p;
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    return 0;
}

/* A non-negative integer option from a flag, else from the study file
 * (-1 there means absent).  Returns 0, or 2 after a usage error. */
static int pick_long(const char *cmd, const char *flag, long file,
                     const char *what, long max, long *out)
{
    if (flag) {
        if (!cli_parse_long(flag, 0, max, out)) {
            char msg[64];
            snprintf(msg, sizeof msg, "%s (want 0..%ld)", what, max);
            return bad(cmd, msg, flag);
        }
    } else if (file >= 0) {
        *out = file;
    }
    return 0;
}

/* The statistics settings: compat first, then conventions from the study
 * file, then --conv flags (the last word wins), model options. */
static int apply_stats_settings(cli_study *s, const char *cmd)
{
    evs_study_config *c = &s->cfg;
    evs_error e = {0};
    const char *v;
    if ((v = PICK(compat, compat)) &&
        evs_test_conv_compat(&c->conv, v, &e) != EVS_OK)
        return cli_usage_error(cmd, "%s", e.msg);
    if (s->sf.conventions && evs_test_conv_parse(&c->conv, s->sf.conventions, &e) != EVS_OK)
        return cli_usage_error(cmd, "%s", e.msg);
    for (size_t i = 0; i < s->flags.n_conv; i++)
        if (evs_test_conv_parse(&c->conv, s->flags.conv[i], &e) != EVS_OK)
            return cli_usage_error(cmd, "%s", e.msg);
    long n = c->model_opts.lags;
    if (pick_long(cmd, s->flags.dimson_lags, s->sf.dimson_lags, "--dimson-lags", EVS_MODEL_MAX_LAGS, &n))
        return CLI_EXIT_USAGE;
    c->model_opts.lags = (int)n;
    n = c->model_opts.leads;
    if (pick_long(cmd, s->flags.dimson_leads, s->sf.dimson_leads, "--dimson-leads", EVS_MODEL_MAX_LAGS, &n))
        return CLI_EXIT_USAGE;
    c->model_opts.leads = (int)n;
    n = (long)c->conv.boot_reps;
    if (pick_long(cmd, s->flags.boot, s->sf.bootstrap, "--boot", 1000000, &n))
        return CLI_EXIT_USAGE;
    if (n < 1)
        return bad(cmd, "--boot (want 1..1000000)", s->flags.boot ? s->flags.boot : "0");
    c->conv.boot_reps = (size_t)n;
    n = (long)c->conv.seed;
    if (pick_long(cmd, s->flags.seed, s->sf.seed, "--seed", 2147483647L, &n))
        return CLI_EXIT_USAGE;
    c->conv.seed = (uint64_t)n;
    return 0;
}

static int apply_settings(cli_study *s, const char *cmd)
{
    evs_study_config *c = &s->cfg;
    const char *v;
    if ((v = PICK(market, market))) {
        if (!evs_symbol_valid(v))
            return bad(cmd, "market symbol", v);
        c->market = v;
    }
    if ((v = PICK(model, model))) {
        if (evs_model_find(v) == NULL)
            return cli_usage_error(cmd, "unknown model '%s' (see 'evstudy list models')", v);
        c->model = v;
    }
    if ((v = PICK(estimation, estimation)) && !evs_window_parse(v, &c->estimation))
        return bad(cmd, "estimation window (want A:B with A <= B)", v);
    if ((v = PICK(window, window)) && !evs_window_parse(v, &c->window))
        return bad(cmd, "event window (want A:B with A <= B)", v);
    int rc;
    if ((v = PICK(car, car)) && (rc = parse_windows(s, cmd, v)) != 0)
        return rc;
    if ((v = PICK(tests, tests)) && (rc = parse_tests(s, cmd, v)) != 0)
        return rc;
    long n;
    if (s->flags.min_est) {
        if (!cli_parse_long(s->flags.min_est, 1, 1000000, &n))
            return bad(cmd, "--min-est (want 1..1000000)", s->flags.min_est);
        c->min_est = (size_t)n;
    } else if (s->sf.min_est > 0) {
        c->min_est = (size_t)s->sf.min_est;
    }
    c->model_opts.min_obs = c->min_est;
    if (s->flags.threads) {
        if (!cli_parse_long(s->flags.threads, 1, 64, &n))
            return bad(cmd, "--threads (want 1..64)", s->flags.threads);
        c->threads = (unsigned)n;
    }
    if ((v = PICK(roll, roll))) {
        if (strcmp(v, "next") == 0) c->roll = EVS_ROLL_NEXT;
        else if (strcmp(v, "prev") == 0) c->roll = EVS_ROLL_PREV;
        else if (strcmp(v, "exact") == 0) c->roll = EVS_ROLL_EXACT;
        else return bad(cmd, "roll rule (want next, prev or exact)", v);
    }
    if ((v = PICK(return_type, returns_kind))) {
        if (strcmp(v, "simple") == 0) c->returns = EVS_RET_SIMPLE;
        else if (strcmp(v, "log") == 0) c->returns = EVS_RET_LOG;
        else return bad(cmd, "return type (want simple or log)", v);
    }
    if ((rc = apply_stats_settings(s, cmd)) != 0)
        return rc;
    if ((v = PICK(format, format)) && !evs_format_parse(v, &s->format))
        return bad(cmd, "format (want table, csv or json)", v);
    if ((v = PICK(tables, tables)) &&
        !(s->table_parse ? s->table_parse : evs_table_parse)(v, &s->tables)) {
        char what[160];
        snprintf(what, sizeof what, "table list (%s)", s->table_names
                 ? s->table_names : "events, ar, aar, car, tests, all");
        return bad(cmd, what, v);
    }
    if (s->no_event_window)
        return 0;
    for (size_t i = 0; i < c->n_car; i++)
        if (c->car[i].first < c->window.first || c->car[i].last > c->window.last)
            return cli_usage_error(cmd, "CAR window %d:%d is not inside the event window %d:%d",
                                   c->car[i].first, c->car[i].last, c->window.first, c->window.last);
    if (c->estimation.first <= c->window.last && c->window.first <= c->estimation.last)
        return cli_usage_error(cmd, "estimation window %d:%d overlaps the event window %d:%d",
                               c->estimation.first, c->estimation.last, c->window.first, c->window.last);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds a file to the provenance list; `sha` is its SHA-256 when the
 * loader already knows it (from a binary copy), else NULL or "".  A file
 * that vanished or became unreadable since it was loaded is an input
 * error: a report must not name an input it cannot fingerprint. */
static int record_input_sha(cli_study *s, const char *role, const char *path,
                            const char *sha)
{
    struct stat fs;
    /* A pipe or device (stdin, /dev/stdin, a FIFO) was consumed by the
     * load: reading it again would fingerprint something else. */
    if (strcmp(path, "-") == 0 || (stat(path, &fs) == 0 && !S_ISREG(fs.st_mode)))
        return 0;
    if (s->n_inputs >= sizeof s->inputs / sizeof s->inputs[0]) {
        cli_error("%s: too many input files to record (at most %zu)", path,
                  sizeof s->inputs / sizeof s->inputs[0]);
        return CLI_EXIT_INPUT;
    }
    evs_input_file *in = &s->inputs[s->n_inputs];
    evs_error e = {0};
    in->role = role;
    in->path = path;
    if (sha != NULL && sha[0] != '\0') {
        snprintf(in->sha256, sizeof in->sha256, "%s", sha);
    } else {
        evs_status st = evs_sha256_file(path, in->sha256, &e);
        if (st != EVS_OK) {
            cli_error("%s (after loading it, to record its SHA-256)", e.msg);
            return st == EVS_ENOMEM ? CLI_EXIT_INTERNAL : CLI_EXIT_INPUT;
        }
    }
    s->n_inputs++;
    return 0;
}

static int record_input(cli_study *s, const char *role, const char *path)
{
    return record_input_sha(s, role, path, NULL);
}

static int load_price_file(cli_study *s, const char *arg, const evs_warner *w)
{
    const char *eq = strchr(arg, '=');
    const char *path = arg, *sym = NULL;
    char symbuf[EVS_SYMBOL_MAX + 1];
    if (eq != NULL && memchr(arg, '/', (size_t)(eq - arg)) == NULL &&
        (size_t)(eq - arg) <= EVS_SYMBOL_MAX && eq != arg) {
        memcpy(symbuf, arg, (size_t)(eq - arg));
        symbuf[eq - arg] = '\0';
        sym = symbuf;
        path = eq + 1;
    }
    evs_error e = {0};
    evs_status st = evs_load_prices_csv_ex(s->data, path, sym, &s->load, w, &e);
    if (st != EVS_OK) {
        cli_error_evs(&e, st);
        return cli_exit_code(st, CLI_PHASE_INPUT) == CLI_EXIT_USAGE
                   ? CLI_EXIT_INPUT : cli_exit_code(st, CLI_PHASE_INPUT);
    }
    return record_input_sha(s, "prices", path, s->sha_buf);
}

/* A directory may hold other CSV files beside the prices (events, IPO
 * facts): a file whose header is not a price header is skipped with a
 * warning; an error inside a price file still stops the run. */
static int load_dir_entry(cli_study *s, const char *path, const evs_warner *w)
{
    evs_error e = {0};
    evs_status st = evs_load_prices_csv_ex(s->data, path, NULL, &s->load, w, &e);
    if (st == EVS_EPARSE && e.line <= 1) {
        cli_warn("%s: skipped: not a price file (%s)", path,
                 strstr(e.msg, ": ") ? strstr(e.msg, ": ") + 2 : e.msg);
        return 0;
    }
    if (st != EVS_OK) {
        cli_error_evs(&e, st);
        return cli_exit_code(st, CLI_PHASE_INPUT) == CLI_EXIT_USAGE
                   ? CLI_EXIT_INPUT : cli_exit_code(st, CLI_PHASE_INPUT);
    }
    return record_input_sha(s, "prices", path, s->sha_buf);
}

static int load_price_dir(cli_study *s, const char *dir, const evs_warner *w)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        cli_error("%s: cannot open directory: %s", dir, strerror(errno));
        return CLI_EXIT_INPUT;
    }
    char *names[4096];
    size_t n = 0;
    struct dirent *de;
    int rc = 0;
    /* Files beyond a limit are an error, never silently left out. */
    while (rc == 0 && (de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.' || len <= 4 || strcasecmp(de->d_name + len - 4, ".csv") != 0)
            continue;
        size_t dl = strlen(dir);
        char *full = n < 4096 ? malloc(dl + len + 2) : NULL;
        if (full == NULL) {
            if (n < 4096)
                cli_error("out of memory");
            else
                cli_error("%s: more than 4096 .csv files in the directory", dir);
            rc = n < 4096 ? CLI_EXIT_INTERNAL : CLI_EXIT_INPUT;
            break;
        }
        snprintf(full, dl + len + 2, "%s%s%s", dir, (dl && dir[dl - 1] == '/') ? "" : "/", de->d_name);
        struct stat st;
        if (stat(full, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(full);
            continue;
        }
        names[n++] = full;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    if (rc == 0 && n == 0) {
        cli_error("%s: no .csv files in the directory", dir);
        rc = CLI_EXIT_INPUT;
    }
    for (size_t i = 0; i < n; i++) {
        if (rc == 0 && s->n_paths >= sizeof s->paths / sizeof s->paths[0]) {
            cli_error("%s: too many price files (at most %zu in all)", dir,
                      sizeof s->paths / sizeof s->paths[0]);
            rc = CLI_EXIT_INPUT;
        }
        if (rc == 0) {
            s->paths[s->n_paths++] = names[i];
            rc = load_dir_entry(s, names[i], w);
        } else {
            free(names[i]);
        }
    }
    return rc;
}

/* --factors: read the factor file (exit 3 on a bad file); a factor model
 * without one is a usage error. */
static int load_factors(cli_study *s, const char *cmd)
{
    const char *path = PICK(factors, factors), *u = PICK(factor_units, factor_units);
    evs_factor_units units = EVS_FACTOR_UNITS_AUTO;
    if (u && strcmp(u, "percent") == 0)
        units = EVS_FACTOR_UNITS_PERCENT;
    else if (u && strcmp(u, "decimal") == 0)
        units = EVS_FACTOR_UNITS_DECIMAL;
    else if (u && strcmp(u, "auto") != 0)
        return bad(cmd, "factor units (want auto, percent or decimal)", u);
    if (path == NULL) {
        if (evs_model_find(s->cfg.model)->needs & EVS_NEEDS_FACTORS)
            return cli_usage_error(cmd, "model %s needs a factor file: give --factors FILE", s->cfg.model);
        return 0;
    }
    evs_error e = {0};
    s->factors = evs_factors_load_csv(path, units, &e);
    if (s->factors == NULL) {
        cli_error_evs(&e, e.code);
        return e.code == EVS_ENOMEM ? CLI_EXIT_INTERNAL : CLI_EXIT_INPUT;
    }
    record_input(s, "factors", path);
    s->cfg.factors = s->factors;
    char names[EVS_MODEL_MAX_PARAMS][EVS_FACTOR_NAME_MAX + 1];
    size_t n = evs_model_factors(s->cfg.model, names, EVS_MODEL_MAX_PARAMS);
    for (size_t j = 0; j < n; j++)
        if (evs_factors_find(s->factors, names[j]) < 0)
            return cli_usage_error(cmd, "%s has no column '%s' (model %s)", path, names[j], s->cfg.model);
    if (n > 0 && strncmp(s->cfg.model, "factors:", 8) != 0 && evs_factors_find(s->factors, "RF") < 0)
        return cli_usage_error(cmd, "%s has no RF column (model %s uses excess returns)", path, s->cfg.model);
    cli_note("factor file %s: %zu rows, %zu columns, read as %s", path,
             evs_factors_rows(s->factors), evs_factors_columns(s->factors),
             evs_factors_units(s->factors) == EVS_FACTOR_UNITS_PERCENT ? "percent" : "decimals");
    return 0;
}

int cli_study_load(cli_study *s, const char *cmd, int need_events)
{
    evs_error e = {0};
    int rc;
    if (s->study_path != NULL) {
        evs_status st = evs_studyfile_load(s->study_path, &s->sf, &e);
        if (st != EVS_OK) {
            cli_error_evs(&e, st);
            return CLI_EXIT_INPUT;
        }
        if ((rc = record_input(s, "study", s->study_path)) != 0)
            return rc;
    }
    rc = apply_settings(s, cmd);
    if (rc != 0)
        return rc;
    const char *const *prices = s->flags.n_prices ? s->flags.prices : (const char *const *)s->sf.prices;
    size_t np = s->flags.n_prices ? s->flags.n_prices : s->sf.n_prices;
    const char *const *rets = s->flags.n_returns ? s->flags.returns : (const char *const *)s->sf.returns;
    size_t nr = s->flags.n_returns ? s->flags.n_returns : s->sf.n_returns;
    const char *events = PICK(events, events);
    if (np == 0 && nr == 0 && events == NULL && !s->prices_optional)
        return cli_usage_error(cmd, "no prices: give --prices or --returns (or a study file)");
    if (need_events && events == NULL)
        return cli_usage_error(cmd, "no events: give --events FILE (or a study file)");
    if (s->cfg.market == NULL && evs_model_find(s->cfg.model)->needs & EVS_NEEDS_MARKET)
        cli_note("no --market: every event must name its market");
    if ((rc = load_factors(s, cmd)) != 0)
        return rc;
    s->data = evs_dataset_new(&e);
    if (s->data == NULL) {
        cli_error("out of memory");
        return CLI_EXIT_INTERNAL;
    }
    evs_warner w = {cli_warn_cb, NULL};
    cli_load_options(&s->load, s->cfg.threads, s->bin_cache, s->no_bin_cache,
                     s->bin_dir, sizeof s->bin_dir);
    s->load.sha256_out = s->sha_buf;
    for (size_t i = 0; i < np && rc == 0; i++) {
        struct stat st;
        if (strchr(prices[i], '=') == NULL && stat(prices[i], &st) == 0 && S_ISDIR(st.st_mode))
            rc = load_price_dir(s, prices[i], &w);
        else
            rc = load_price_file(s, prices[i], &w);
    }
    for (size_t i = 0; i < nr && rc == 0; i++) {
        evs_status st = evs_load_returns_csv_ex(s->data, rets[i], &s->load, &w, &e);
        if (st != EVS_OK) {
            cli_error_evs(&e, st);
            rc = st == EVS_ENOMEM ? CLI_EXIT_INTERNAL : CLI_EXIT_INPUT;
        } else {
            rc = record_input_sha(s, "returns", rets[i], s->sha_buf);
        }
    }
    if (rc == 0 && events != NULL) {
        s->events = evs_events_load_csv(events, &e);
        if (s->events == NULL) {
            cli_error_evs(&e, e.code);
            rc = e.code == EVS_ENOMEM ? CLI_EXIT_INTERNAL : CLI_EXIT_INPUT;
        } else {
            rc = record_input(s, "events", events);
        }
    }
    if (rc == 0)
        rc = cli_fetch_for_events(s->data, s->events, &s->cfg, &s->fetch, cmd);
    if (rc == 0)
        cli_note("loaded %zu series", evs_dataset_count(s->data));
    return rc;
}

void cli_study_warn_dropped(const cli_study *s, const evs_study_result *r)
{
    const char *events = PICK(events, events);
    if (events != NULL && strcmp(events, "-") == 0)
        events = "<stdin>";
    for (size_t i = 0; i < evs_study_result_n_events(r); i++) {
        evs_event_result e = evs_study_result_event(r, i);
        if (e.status == EVS_EVENT_OK)
            continue;
        char ds[EVS_DATE_BUFSZ];
        evs_date_format(e.event->date, ds);
        if (events && e.event->line > 0)
            cli_warn("%s:%ld: event %zu (%s %s) dropped: %s", events, e.event->line,
                     i + 1, e.event->symbol, ds, e.reason);
        else
            cli_warn("event %zu (%s %s) dropped: %s", i + 1, e.event->symbol, ds, e.reason);
    }
}

int cli_study_write(cli_study *s, const char *cmd, const evs_study_result *r)
{
    evs_error e = {0};
    evs_outfile *of = evs_outfile_open(s->out ? s->out : "-", &e);
    if (of == NULL) {
        cli_error_evs(&e, e.code);
        return CLI_EXIT_OUTPUT;
    }
    evs_report_opts o = {s->format, s->tables, s->inputs, s->n_inputs, cmd};
    evs_status st = evs_report_study(evs_outfile_stream(of), r, &o, &e);
    if (st != EVS_OK) {
        evs_outfile_abort(of);
        /* The report does not know where it was going: say it here. */
        cli_error("%s: %s", s->out ? s->out : "standard output",
                  e.msg[0] ? e.msg : evs_strerror(st));
        return cli_exit_code(st, CLI_PHASE_OUTPUT);
    }
    st = evs_outfile_commit(of, &e);
    if (st != EVS_OK) {
        cli_error_evs(&e, st);
        return CLI_EXIT_OUTPUT;
    }
    return 0;
}
