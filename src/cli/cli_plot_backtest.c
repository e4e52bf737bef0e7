/*
 * cli_plot_backtest.c - the figures of `evstudy backtest --plot DIR`: per
 * parameter set, the histogram of its trade returns (trades-E-H-SIDE) and
 * the equity curve of its calendar-time portfolio over the drawdown
 * (equity-E-H-SIDE).  A grid of more than CLI_BT_PLOT_SETS sets is drawn
 * for its first set only, with a warning saying how to choose another.
 */
#include <stdlib.h>
#include <string.h>

#include "cli_plot.h"

/* Larger grids would start two gnuplot runs per set (a 64 x 64 x 2 grid
 * is 8192 sets); past this the first set alone is drawn. */
#define CLI_BT_PLOT_SETS 8

/* The equity curve to draw: dates and values. */
typedef struct curve {
    evs_date *d;
    double *v;
    size_t n;
} curve;

/* The benchmark every trade of set j used, or NULL when they differ or
 * one has none: its rows are the calendar the portfolio lives on. */
static const evs_series *set_calendar(const evs_backtest_result *r, size_t j,
                                      const evs_dataset *data)
{
    const char *mkt = NULL;
    for (size_t k = 0; k < evs_backtest_result_n_trades(r); k++) {
        const evs_bt_trade *t = evs_backtest_result_trade(r, k);
        if (t->set != j)
            continue;
        if (t->market == NULL || (mkt != NULL && strcmp(mkt, t->market) != 0))
            return NULL;
        mkt = t->market;
    }
    return mkt ? evs_dataset_find(data, mkt) : NULL;
}

/* The portfolio value on every calendar day from the day before its first
 * day (value 1, the start) to its last day.  On a calendar day without an
 * open trade the capital is cash, earning nothing (backtest.h), so the
 * value is carried forward; drawing those days keeps a straight line from
 * suggesting a gradual change across them.  Returns 0 when a portfolio
 * day is not on the calendar (then the caller draws the days as given). */
static int fill_calendar(const evs_series *cal, const evs_bt_day *days,
                         size_t np, curve *c)
{
    long a = evs_series_find(cal, days[0].date);
    long b = evs_series_find(cal, days[np - 1].date);
    if (a < 0 || b < a)
        return 0;
    size_t i0 = a > 0 ? (size_t)a - 1 : 0, n = (size_t)b - i0 + 1, k = 0;
    const evs_date *cd = evs_series_dates(cal);
    c->d = malloc(n * sizeof *c->d);
    c->v = malloc(n * sizeof *c->v);
    if (c->d == NULL || c->v == NULL)
        return 0;
    double val = 1.0;
    for (size_t i = i0; i <= (size_t)b; i++) {
        if (k < np && days[k].date == cd[i])
            val = days[k++].value;
        c->d[i - i0] = cd[i];
        c->v[i - i0] = val;
    }
    c->n = n;
    return k == np;
}

/* 1 with the curve in c, 0 without a portfolio, -1 out of memory. */
static int equity_curve(const evs_backtest_result *r, size_t j,
                        const evs_dataset *data, curve *c)
{
    size_t np = 0;
    const evs_bt_day *days = evs_backtest_result_portfolio(r, j, &np);
    const evs_series *cal = set_calendar(r, j, data);
    memset(c, 0, sizeof *c);
    if (days == NULL || np == 0)
        return 0;
    if (cal != NULL && fill_calendar(cal, days, np, c))
        return 1;
    free(c->d);
    free(c->v);
    c->d = malloc(np * sizeof *c->d);
    c->v = malloc(np * sizeof *c->v);
    if (c->d == NULL || c->v == NULL)
        return -1;
    for (size_t k = 0; k < np; k++) {
        c->d[k] = days[k].date;
        c->v[k] = days[k].value;
    }
    c->n = np;
    return 1;
}

/* "entry 0, hold 20, long", with the hedge and the costs when set. */
static void set_name(char *buf, size_t size, const evs_backtest_result *r,
                     const evs_bt_params *p)
{
    const evs_backtest_config *cfg = evs_backtest_result_config(r);
    int k = snprintf(buf, size, "entry %d, hold %d, %s", p->entry, p->hold,
                     evs_bt_side_name(p->side));
    if (k > 0 && (size_t)k < size && cfg->hedge != EVS_BT_HEDGE_NONE)
        k += snprintf(buf + k, size - (size_t)k, "%s",
                      cfg->hedge == EVS_BT_HEDGE_BETA ? ", beta-hedged"
                                                      : ", hedged 1:1");
    if (k > 0 && (size_t)k < size && cfg->cost_bps > 0)
        snprintf(buf + k, size - (size_t)k, ", %g bp per side", cfg->cost_bps);
}

static void trades_figure(cli_plot *p, const evs_backtest_result *r, size_t j,
                          const char *stem, const char *name)
{
    size_t nt = evs_backtest_result_n_trades(r), m = 0;
    double *ret = malloc((nt ? nt : 1) * sizeof *ret);
    if (ret == NULL) {
        cli_error("plotting failed: %s: out of memory", stem);
        p->failed = 1;
        return;
    }
    for (size_t k = 0; k < nt; k++) {
        const evs_bt_trade *t = evs_backtest_result_trade(r, k);
        if (t->set == j)
            ret[m++] = t->ret;
    }
    const char *out = cli_plot_output(p, stem);
    if (out != NULL) {
        char *script = NULL;
        evs_error e = {0};
        evs_status st = evs_plot_trade_hist(ret, m, 0, name, &p->opts, out, &script, &e);
        cli_plot_figure(p, stem, st, script, &e);
    }
    free(ret);
}

static void equity_figure(cli_plot *p, const evs_backtest_result *r, size_t j,
                          const evs_dataset *data, const char *stem,
                          const char *name)
{
    curve c;
    int have = equity_curve(r, j, data, &c);
    if (have < 0) {
        cli_error("plotting failed: %s: out of memory", stem);
        p->failed = 1;
    } else if (have == 0) {
        cli_warn("figure %s skipped: the parameter set has no portfolio day", stem);
    } else {
        const char *out = cli_plot_output(p, stem);
        char *script = NULL;
        evs_error e = {0};
        char title[300];
        snprintf(title, sizeof title, "%s (growth of 1)", name);
        if (out != NULL) {
            evs_status st = evs_plot_equity(c.d, c.v, c.n, title, &p->opts, out,
                                            &script, &e);
            cli_plot_figure(p, stem, st, script, &e);
        }
    }
    free(c.d);
    free(c.v);
}

static void set_figures(cli_plot *p, const evs_backtest_result *r, size_t j,
                        const evs_dataset *data)
{
    const evs_bt_summary *s = evs_backtest_result_summary(r, j);
    char stem_t[96], stem_e[96], name[200];
    snprintf(stem_t, sizeof stem_t, "trades-%d-%d-%s", s->p.entry, s->p.hold,
             evs_bt_side_name(s->p.side));
    snprintf(stem_e, sizeof stem_e, "equity-%d-%d-%s", s->p.entry, s->p.hold,
             evs_bt_side_name(s->p.side));
    if (s->stats.n == 0) {
        cli_warn("figures %s and %s skipped: the parameter set made no trade",
                 stem_t, stem_e);
        return;
    }
    set_name(name, sizeof name, r, &s->p);
    trades_figure(p, r, j, stem_t, name);
    equity_figure(p, r, j, data, stem_e, name);
}

void cli_plot_backtest(cli_plot *p, const evs_backtest_result *r,
                       const evs_dataset *data)
{
    if (p->dir == NULL)
        return;
    size_t n = evs_backtest_result_n_sets(r);
    if (n > CLI_BT_PLOT_SETS) {
        const evs_bt_params *q = &evs_backtest_result_summary(r, 0)->p;
        cli_warn("the grid has %zu parameter sets, more than the %d drawn "
                 "in full: figures for the first only (entry %d, hold %d, %s); "
                 "narrow --entry, --hold and --side to draw others", n,
                 CLI_BT_PLOT_SETS, q->entry, q->hold, evs_bt_side_name(q->side));
        n = 1;
    }
    for (size_t j = 0; j < n; j++)
        set_figures(p, r, j, data);
}
