/*
 * cli_study.c - shared study options, settings merge (study file, then
 * flags), input loading and report writing.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
    {"threads", 0, CLI_ARG_INT, "N", "worker threads; default one per core", CS_THREADS},
    {"quiet", 'q', CLI_ARG_NONE, NULL, "no warnings", CS_QUIET},
    {"verbose", 'v', CLI_ARG_NONE, NULL, "more notes on stderr", CS_VERBOSE},
    {NULL, 0, CLI_ARG_NONE, NULL, NULL, 0}};

void cli_study_init(cli_study *s)
{
    memset(s, 0, sizeof *s);
    s->sf.min_est = -1;
    evs_study_config_init(&s->cfg);
}

void cli_study_free(cli_study *s)
{
    evs_studyfile_clear(&s->sf);
    evs_dataset_free(s->data);
    evs_events_free(s->events);
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
    case CS_QUIET: cli_verbosity = 0; return 0;
    case CS_VERBOSE: cli_verbosity = 2; return 0;
    default: return -2;
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
    strcpy(buf, list);
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
    if ((v = PICK(format, format)) && !evs_format_parse(v, &s->format))
        return bad(cmd, "format (want table, csv or json)", v);
    if ((v = PICK(tables, tables)) && !evs_table_parse(v, &s->tables))
        return bad(cmd, "table list (events, ar, aar, car, tests, all)", v);
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

/* Adds a file to the provenance list.  A file that vanished or became
 * unreadable since it was loaded is an input error: a report must not name
 * an input it cannot fingerprint.  (A change between the load and the hash
 * is not detected; a change during the load is, by the library.) */
static int record_input(cli_study *s, const char *role, const char *path)
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
    evs_status st = evs_sha256_file(path, in->sha256, &e);
    if (st != EVS_OK) {
        cli_error("%s (after loading it, to record its SHA-256)", e.msg);
        return st == EVS_ENOMEM ? CLI_EXIT_INTERNAL : CLI_EXIT_INPUT;
    }
    s->n_inputs++;
    return 0;
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
    evs_status st = evs_load_prices_csv(s->data, path, sym, w, &e);
    if (st != EVS_OK) {
        cli_error_evs(&e, st);
        return cli_exit_code(st, CLI_PHASE_INPUT) == CLI_EXIT_USAGE
                   ? CLI_EXIT_INPUT : cli_exit_code(st, CLI_PHASE_INPUT);
    }
    return record_input(s, "prices", path);
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
            rc = load_price_file(s, names[i], w);
        } else {
            free(names[i]);
        }
    }
    return rc;
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
    if (np == 0 && nr == 0)
        return cli_usage_error(cmd, "no prices: give --prices or --returns (or a study file)");
    if (need_events && events == NULL)
        return cli_usage_error(cmd, "no events: give --events FILE (or a study file)");
    if (s->cfg.market == NULL && evs_model_find(s->cfg.model)->needs & EVS_NEEDS_MARKET)
        cli_note("no --market: every event must name its market");
    s->data = evs_dataset_new(&e);
    if (s->data == NULL) {
        cli_error("out of memory");
        return CLI_EXIT_INTERNAL;
    }
    evs_warner w = {cli_warn_cb, NULL};
    for (size_t i = 0; i < np && rc == 0; i++) {
        struct stat st;
        if (strchr(prices[i], '=') == NULL && stat(prices[i], &st) == 0 && S_ISDIR(st.st_mode))
            rc = load_price_dir(s, prices[i], &w);
        else
            rc = load_price_file(s, prices[i], &w);
    }
    for (size_t i = 0; i < nr && rc == 0; i++) {
        evs_status st = evs_load_returns_csv(s->data, rets[i], &w, &e);
        if (st != EVS_OK) {
            cli_error_evs(&e, st);
            rc = st == EVS_ENOMEM ? CLI_EXIT_INTERNAL : CLI_EXIT_INPUT;
        } else {
            rc = record_input(s, "returns", rets[i]);
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
