/*
 * backtest_stats.c - the pure kernels of the backtest: one trade's net and
 * hedged return, the statistics of a sample of trade returns, and the
 * compounding/drawdown of a portfolio's daily returns.  Also the stable
 * names of the backtest's enums.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

const char *evs_bt_skip_name(evs_bt_skip_reason r)
{
    switch (r) {
    case EVS_BT_SKIP_NO_PRICES: return "no-prices";
    case EVS_BT_SKIP_NO_MARKET: return "no-market";
    case EVS_BT_SKIP_OFF_CALENDAR: return "off-calendar";
    case EVS_BT_SKIP_ENTRY_OFF_DATA: return "entry-off-data";
    case EVS_BT_SKIP_NO_ENTRY_PRICE: return "no-entry-price";
    case EVS_BT_SKIP_NO_EXIT_PRICE: return "no-exit-price";
    case EVS_BT_SKIP_NO_BETA: return "no-hedge-beta";
    case EVS_BT_SKIP_NO_MARKET_PRICE: return "no-market-price";
    case EVS_BT_SKIP_MISSING_RETURN: return "missing-return";
    }
    return "?";
}

const char *evs_bt_exit_name(evs_bt_exit e)
{
    switch (e) {
    case EVS_BT_EXIT_SCHEDULED: return "scheduled";
    case EVS_BT_EXIT_DELAYED: return "delayed";
    case EVS_BT_EXIT_END_OF_DATA: return "end-of-data";
    }
    return "?";
}

const char *evs_bt_side_name(int side) { return side > 0 ? "long" : "short"; }

const char *evs_bt_hedge_name(evs_bt_hedge h)
{
    return h == EVS_BT_HEDGE_BETA ? "beta" : h == EVS_BT_HEDGE_ONE ? "one" : "none";
}

const char *evs_bt_at_name(evs_bt_at a) { return a == EVS_BT_AT_OPEN ? "open" : "close"; }

/* Costs are proportional to the value traded on each side: c on the
 * entry notional 1 and c (1 + g) on the exit notional, for longs and
 * shorts alike; the hedge leg pays the same rate on |beta| times its own
 * notionals.  Returns are P&L per unit of entry notional, so a short is
 * the mirror image of a long (our convention, README "Backtests"). */
void evs_bt_trade_returns(double g, double g_m, int side, double beta,
                          double cost_bps, double *net, double *hedged)
{
    double s = side > 0 ? 1.0 : -1.0, c = cost_bps / 10000.0;
    double n = s * g - c * (2.0 + g);
    *net = n;
    if (beta == 0)
        *hedged = n;
    else
        *hedged = n - s * beta * g_m - c * fabs(beta) * (2.0 + g_m);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

void evs_bt_stats_compute(const double *r, size_t n, double period_days,
                          double year_days, double *work, evs_bt_stats *out)
{
    memset(out, 0, sizeof *out);
    out->n = n;
    out->mean = out->median = out->hit_rate = out->sd = out->t = NAN;
    out->sharpe = out->worst = out->best = NAN;
    if (n == 0)
        return;
    double sum = 0;
    size_t hits = 0;
    out->worst = out->best = r[0];
    for (size_t i = 0; i < n; i++) {
        sum += r[i];
        hits += r[i] > 0;
        if (r[i] < out->worst)
            out->worst = r[i];
        if (r[i] > out->best)
            out->best = r[i];
    }
    out->mean = sum / (double)n;
    out->hit_rate = (double)hits / (double)n;
    memcpy(work, r, n * sizeof *work);
    qsort(work, n, sizeof *work, cmp_double);
    out->median = n % 2 ? work[n / 2] : 0.5 * (work[n / 2 - 1] + work[n / 2]);
    if (n < 2)
        return;
    /* Two-pass variance: the mean first, then squared deviations. */
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (r[i] - out->mean) * (r[i] - out->mean);
    out->sd = sqrt(ss / (double)(n - 1));
    if (!(out->sd > 0))
        return;
    out->t = out->mean / (out->sd / sqrt((double)n));
    /* Sharpe (1994) ratio of the per-trade mean to its sd with a zero
     * benchmark rate, annualised by sqrt(periods per year) (Lo 2002,
     * "The statistics of Sharpe ratios", FAJ 58(4); this assumes iid
     * returns). */
    if (period_days > 0 && year_days > 0)
        out->sharpe = out->mean / out->sd * sqrt(year_days / period_days);
}

double evs_bt_drawdown(const double *ret, size_t n, double *value,
                       double *drawdown, double *total)
{
    if (n == 0) {
        *total = NAN;
        return NAN;
    }
    /* Drawdown from the running peak, the initial value 1 included
     * (Magdon-Ismail & Atiya 2004, "Maximum drawdown", Risk 17(10)). */
    double v = 1.0, peak = 1.0, maxdd = 0.0;
    for (size_t t = 0; t < n; t++) {
        v *= 1.0 + ret[t];
        if (v > peak)
            peak = v;
        double dd = peak > 0 ? 1.0 - v / peak : 0.0;
        if (dd > maxdd)
            maxdd = dd;
        if (value)
            value[t] = v;
        if (drawdown)
            drawdown[t] = dd;
    }
    *total = v - 1.0;
    return maxdd;
}
