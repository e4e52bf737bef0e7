/*
 * cmd_backtest.c - `evstudy backtest [STUDY.json] [options]`: event-driven
 * trades over a grid of entry days, holding periods and sides, with the
 * shared study inputs (prices, returns, events, market, estimation window);
 * with --plot DIR, its figures after the tables (cli_plot_backtest.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli_plot.h"
#include "cli_study.h"

static const char usage_line[] =
    "Usage: evstudy backtest [STUDY.json] [options]\n"
    "Backtests an event-driven strategy: for every event, enter at the open or\n"
    "close of day k, exit at the close of day k+h, long or short, optionally\n"
    "hedged with the benchmark, net of costs; every combination of --entry,\n"
    "--hold and --side in one run.";

static const char epilog[] =
    "Returns are decimals on the adjusted-close basis.  A trade whose exit day\n"
    "has no close exits at the next close (\"delayed\"), or at the last close\n"
    "in the data (\"end-of-data\").  Events that cannot trade are listed with\n"
    "the reason (table \"skipped\", and warnings on stderr).\n"
    "Figures (--plot DIR, after the tables): trades-E-H-SIDE and\n"
    "equity-E-H-SIDE per parameter set; the first set only in grids of\n"
    "more than 8 sets.\n";

/* Backtest option ids start after the shared study options (1..99). */
enum { BT_ENTRY = 100, BT_HOLD, BT_SIDE, BT_AT, BT_HEDGE, BT_COST, BT_YEAR,
       BT_TABLE };

static const cli_option bt_options[] = {
    {"entry", 0, CLI_ARG_LIST, "K,...", "entry days k relative to day 0 (negative: before); default 0", BT_ENTRY},
    {"hold", 0, CLI_ARG_LIST, "H,...", "holding periods h in trading days, each >= 1; default 20", BT_HOLD},
    {"side", 0, CLI_ARG_LIST, "SIDES", "long, short or long,short; default long", BT_SIDE},
    {"at", 0, CLI_ARG_STRING, "PRICE", "enter at the open or the close (default) of day k", BT_AT},
    {"hedge", 0, CLI_ARG_STRING, "HEDGE", "none (default), beta (OLS over --estimation) or one", BT_HEDGE},
    {"cost", 0, CLI_ARG_STRING, "BPS", "costs in basis points of the traded value, per side; default 0", BT_COST},
    {"year-days", 0, CLI_ARG_INT, "N", "trading days per year for the Sharpe ratio; default 252", BT_YEAR},
    {"table", 0, CLI_ARG_LIST, "LIST", "summary, trades, skipped, portfolio, all (CSV default summary)", BT_TABLE},
    {NULL, 0, CLI_ARG_NONE, NULL, NULL, 0}};

/* Shared options the backtest does not use. */
static const char *const unused[] = {"model", "window", "car", "tests", "table",
                                     "threads", "return-type"};

typedef struct bt_cli {
    cli_study s;
    evs_backtest_config cfg;
    unsigned tables;
    cli_plot p;
} bt_cli;

static void build_table(cli_option *o, size_t cap)
{
    size_t n = 0;
    for (const cli_option *p = cli_study_options; p->name && n + 1 < cap; p++) {
        int skip = 0;
        for (size_t k = 0; k < sizeof unused / sizeof unused[0]; k++)
            skip |= strcmp(p->name, unused[k]) == 0;
        if (!skip)
            o[n++] = *p;
    }
    for (const cli_option *p = bt_options; p->name && n + 1 < cap; p++)
        o[n++] = *p;
    for (const cli_option *p = cli_plot_options; p->name && n + 1 < cap; p++)
        o[n++] = *p;
    memset(&o[n], 0, sizeof o[n]);
}

/* Parses a comma list of integers into v (at most EVS_BT_MAX_GRID). */
static int int_list(const char *opt, const char *v, long lo, long hi, int *out,
                    size_t *n)
{
    char buf[1024];
    if (strlen(v) >= sizeof buf)
        return cli_usage_error("backtest", "--%s: list too long", opt);
    memcpy(buf, v, strlen(v) + 1);
    *n = 0;
    for (char *p = buf;;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        long x;
        if (*n >= EVS_BT_MAX_GRID)
            return cli_usage_error("backtest", "--%s: at most %d values", opt, EVS_BT_MAX_GRID);
        if (!cli_parse_long(p, lo, hi, &x))
            return cli_usage_error("backtest", "invalid --%s value '%s' (want an integer %ld..%ld)",
                                   opt, p, lo, hi);
        out[(*n)++] = (int)x;
        if (comma == NULL)
            return 0;
        p = comma + 1;
    }
}

static int side_list(bt_cli *b, const char *v)
{
    char buf[256];
    if (strlen(v) >= sizeof buf)
        return cli_usage_error("backtest", "--side: list too long");
    memcpy(buf, v, strlen(v) + 1);
    b->cfg.n_side = 0;
    for (char *p = buf;;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        if (b->cfg.n_side >= EVS_BT_MAX_GRID)
            return cli_usage_error("backtest", "--side: too many values");
        if (strcmp(p, "long") == 0)
            b->cfg.side[b->cfg.n_side++] = 1;
        else if (strcmp(p, "short") == 0)
            b->cfg.side[b->cfg.n_side++] = -1;
        else
            return cli_usage_error("backtest", "invalid --side '%s' (want long, short or long,short)", p);
        if (comma == NULL)
            return 0;
        p = comma + 1;
    }
}

static int parse_cost(bt_cli *b, const char *v)
{
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (errno != 0 || end == v || *end != '\0' || v[0] == ' ' || !(x >= 0 && x < 10000))
        return cli_usage_error("backtest", "invalid --cost '%s' (want basis points, 0 <= BPS < 10000)", v);
    b->cfg.cost_bps = x;
    return 0;
}

static int handler(int id, const char *v, void *ctx)
{
    bt_cli *b = ctx;
    long n;
    switch (id) {
    case BT_ENTRY:
        return int_list("entry", v, -EVS_BT_MAX_DAYS, EVS_BT_MAX_DAYS, b->cfg.entry, &b->cfg.n_entry);
    case BT_HOLD:
        return int_list("hold", v, 1, EVS_BT_MAX_DAYS, b->cfg.hold, &b->cfg.n_hold);
    case BT_SIDE: return side_list(b, v);
    case BT_AT:
        if (strcmp(v, "open") == 0) b->cfg.at = EVS_BT_AT_OPEN;
        else if (strcmp(v, "close") == 0) b->cfg.at = EVS_BT_AT_CLOSE;
        else return cli_usage_error("backtest", "invalid --at '%s' (want open or close)", v);
        return 0;
    case BT_HEDGE:
        if (strcmp(v, "none") == 0) b->cfg.hedge = EVS_BT_HEDGE_NONE;
        else if (strcmp(v, "beta") == 0) b->cfg.hedge = EVS_BT_HEDGE_BETA;
        else if (strcmp(v, "one") == 0) b->cfg.hedge = EVS_BT_HEDGE_ONE;
        else return cli_usage_error("backtest", "invalid --hedge '%s' (want none, beta or one)", v);
        return 0;
    case BT_COST: return parse_cost(b, v);
    case BT_YEAR:
        if (!cli_parse_long(v, 1, 100000, &n))
            return cli_usage_error("backtest", "invalid --year-days '%s' (want 1..100000)", v);
        b->cfg.year_days = (double)n;
        return 0;
    case BT_TABLE:
        if (!evs_bt_table_parse(v, &b->tables))
            return cli_usage_error("backtest", "invalid table list '%s' (summary, trades, skipped, portfolio, all)", v);
        return 0;
    default: break;
    }
    int rc = cli_study_option(&b->s, "backtest", id, v);
    if (rc == -2)
        rc = cli_plot_option(&b->p, "backtest", id, v);
    return rc == -2 ? cli_usage_error("backtest", "unexpected option") : rc;
}

/* Orders skips by event, then message, then set: one warning per distinct
 * (event, reason), with the number of parameter sets it hit. */
static int cmp_skip(const void *pa, const void *pb)
{
    const evs_bt_skip *a = *(const evs_bt_skip *const *)pa;
    const evs_bt_skip *b = *(const evs_bt_skip *const *)pb;
    if (a->event != b->event)
        return a->event < b->event ? -1 : 1;
    int c = strcmp(a->message, b->message);
    if (c != 0)
        return c;
    return a->set < b->set ? -1 : (a->set > b->set);
}

static void warn_skipped(const bt_cli *b, const evs_backtest_result *r)
{
    size_t n = evs_backtest_result_n_skipped(r);
    const evs_bt_skip **v = malloc((n ? n : 1) * sizeof *v);
    if (v == NULL)
        return;
    for (size_t k = 0; k < n; k++)
        v[k] = evs_backtest_result_skip(r, k);
    qsort(v, n, sizeof *v, cmp_skip);
    const char *file = b->s.flags.events ? b->s.flags.events : b->s.sf.events;
    if (file && strcmp(file, "-") == 0)
        file = "<stdin>";
    for (size_t a = 0, z; a < n; a = z) {
        for (z = a + 1; z < n && v[z]->event == v[a]->event &&
                        strcmp(v[z]->message, v[a]->message) == 0;)
            z++;
        const evs_event *e = evs_events_get(b->s.events, v[a]->event);
        char ds[EVS_DATE_BUFSZ], where[600] = "";
        evs_date_format(e->date, ds);
        if (file && e->line > 0)
            snprintf(where, sizeof where, "%s:%ld: ", file, e->line);
        cli_warn("%sevent %zu (%s %s) cannot trade in %zu of %zu parameter sets: %s",
                 where, v[a]->event + 1, e->symbol, ds, z - a,
                 evs_backtest_result_n_sets(r), v[a]->message);
    }
    free(v);
}

static int write_result(bt_cli *b, const evs_backtest_result *r)
{
    evs_error e = {0};
    evs_outfile *of = evs_outfile_open(b->s.out ? b->s.out : "-", &e);
    if (of == NULL) {
        cli_error_evs(&e, e.code);
        return CLI_EXIT_OUTPUT;
    }
    evs_report_opts o = {b->s.format, b->tables, b->s.inputs, b->s.n_inputs, "backtest"};
    evs_status st = evs_report_backtest(evs_outfile_stream(of), r, &o, &e);
    if (st != EVS_OK) {
        evs_outfile_abort(of);
        cli_error_evs(&e, st);
        return cli_exit_code(st, CLI_PHASE_OUTPUT);
    }
    st = evs_outfile_commit(of, &e);
    if (st != EVS_OK) {
        cli_error_evs(&e, st);
        return CLI_EXIT_OUTPUT;
    }
    return 0;
}

static int run(bt_cli *b)
{
    evs_backtest_config *c = &b->cfg;
    c->market = b->s.cfg.market;
    c->estimation = b->s.cfg.estimation;
    c->min_est = b->s.cfg.min_est;
    c->roll = b->s.cfg.roll;
    evs_backtest_result *r = NULL;
    evs_error e = {0};
    evs_status st = evs_backtest_run(c, b->s.data, b->s.events, NULL, &r, &e);
    int rc;
    if (r != NULL)
        warn_skipped(b, r);
    if (st == EVS_EINVAL) {
        rc = cli_usage_error("backtest", "%s", e.msg);
    } else if (st != EVS_OK) {
        cli_error_evs(&e, st);
        rc = cli_exit_code(st, CLI_PHASE_RUN);
    } else if (b->s.strict && evs_backtest_result_n_skipped(r) > 0) {
        cli_error("%zu (event, parameter set) pairs could not trade (--strict)",
                  evs_backtest_result_n_skipped(r));
        rc = CLI_EXIT_NORESULT;
    } else {
        rc = write_result(b, r);
        if (rc == 0) {
            cli_plot_backtest(&b->p, r, b->s.data);
            rc = cli_plot_finish(&b->p, 1);
        }
    }
    evs_backtest_result_free(r);
    return rc;
}

int cmd_backtest(int argc, char **argv)
{
    static bt_cli b;
    memset(&b, 0, sizeof b);
    cli_study_init(&b.s);
    cli_plot_init(&b.p);
    b.s.no_event_window = 1;
    evs_backtest_config_init(&b.cfg);
    cli_option opts[64];
    build_table(opts, sizeof opts / sizeof opts[0]);
    const char *pos[1];
    int npos = 0;
    int rc = cli_parse("backtest", opts, argc, argv, handler, &b, pos, 1, &npos,
                       usage_line, epilog);
    if (rc != 0) {
        cli_study_free(&b.s);
        return rc < 0 ? 0 : rc;
    }
    if (npos == 1)
        b.s.study_path = pos[0];
    rc = cli_study_load(&b.s, "backtest", 1);
    if (rc == 0)
        rc = run(&b);
    cli_study_free(&b.s);
    return rc;
}
