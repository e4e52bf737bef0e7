/*
 * evs/backtest.h - event-driven trading backtests over parameter grids: for
 * every event, enter at the open or close of event day k, exit at the close
 * of day k+h (or at the end of the data), long or short, optionally hedged
 * with the benchmark, with proportional costs per side.  Per parameter set:
 * trade statistics and an equal-weight calendar-time portfolio.
 *
 * Conventions (README "Backtests" restates them with sources):
 *  - Day 0 is the event date on the market's trading calendar under the
 *    roll rule; day k is the k-th trading day after it (negative: before).
 *    Without a market (allowed only unhedged) the calendar is the
 *    security's own dates.
 *  - Returns are computed from the price basis (adj_close when present,
 *    else close; an open is put on the same basis by that day's
 *    basis/close factor).  Reported prices are the raw open/close.  A
 *    return series trades at the close only: its growth is the product of
 *    (1 + r) over days k+1 .. exit.
 *  - The exit is the close of day k+h.  When the security has no close
 *    that day the exit moves to its next close ("delayed"); when the data
 *    end first, the position is marked at the last close after entry
 *    ("end-of-data").
 *  - g = P_exit/P_entry - 1, s = +1 long / -1 short, c = cost_bps / 10^4
 *    charged on the traded value of each side (1 at entry, 1+g at exit):
 *        net    = s g - c (2 + g)
 *        hedged = net - s beta g_m - c |beta| (2 + g_m)
 *    with g_m the benchmark's growth over the same entry and exit times.
 *    The trade's return r is `hedged` when hedging, else `net`.
 *  - No look-ahead: a trade reads prices from its entry day to its exit day
 *    only, and the hedge beta comes from an estimation window that must
 *    end before the earliest entry day.
 */
#ifndef EVS_BACKTEST_H
#define EVS_BACKTEST_H

#include <stdio.h>

#include "common.h"
#include "calendar.h"
#include "events.h"
#include "report.h"
#include "series.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Most values in one grid dimension (--entry, --hold, --side). */
#define EVS_BT_MAX_GRID 64
/* Largest |entry| and hold, in trading days. */
#define EVS_BT_MAX_DAYS 100000

typedef enum evs_bt_at {
    EVS_BT_AT_CLOSE = 0, /* enter at the close of day k (default) */
    EVS_BT_AT_OPEN       /* enter at the open of day k */
} evs_bt_at;

typedef enum evs_bt_hedge {
    EVS_BT_HEDGE_NONE = 0, /* no hedge (default) */
    EVS_BT_HEDGE_BETA,     /* beta times the benchmark, beta by OLS */
    EVS_BT_HEDGE_ONE       /* one times the benchmark */
} evs_bt_hedge;

typedef enum evs_bt_exit {
    EVS_BT_EXIT_SCHEDULED = 0, /* at the close of day k+h */
    EVS_BT_EXIT_DELAYED,       /* at the first close after day k+h */
    EVS_BT_EXIT_END_OF_DATA    /* at the last close in the data */
} evs_bt_exit;

/* Why an event could not trade under a parameter set. */
typedef enum evs_bt_skip_reason {
    EVS_BT_SKIP_NO_PRICES = 0, /* the symbol has no series */
    EVS_BT_SKIP_NO_MARKET,     /* the market symbol has no series */
    EVS_BT_SKIP_OFF_CALENDAR,  /* day 0 is not on the calendar */
    EVS_BT_SKIP_ENTRY_OFF_DATA,/* day k lies outside the calendar */
    EVS_BT_SKIP_NO_ENTRY_PRICE,/* no price at the entry */
    EVS_BT_SKIP_NO_EXIT_PRICE, /* no close after the entry day */
    EVS_BT_SKIP_NO_BETA,       /* the hedge beta cannot be estimated */
    EVS_BT_SKIP_NO_MARKET_PRICE,/* the benchmark lacks the entry/exit price */
    EVS_BT_SKIP_MISSING_RETURN /* a return series has a gap in the hold */
} evs_bt_skip_reason;

/* Stable words used in outputs: "no-prices", "no-market", "off-calendar",
 * "entry-off-data", "no-entry-price", "no-exit-price", "no-hedge-beta",
 * "no-market-price", "missing-return". */
const char *evs_bt_skip_name(evs_bt_skip_reason r);
/* "scheduled", "delayed", "end-of-data". */
const char *evs_bt_exit_name(evs_bt_exit e);
/* "long" (side > 0) or "short". */
const char *evs_bt_side_name(int side);
/* "none", "beta", "one" and "open", "close". */
const char *evs_bt_hedge_name(evs_bt_hedge h);
const char *evs_bt_at_name(evs_bt_at a);

typedef struct evs_backtest_config {
    const char *market;          /* default benchmark; events may override */
    int entry[EVS_BT_MAX_GRID];  /* entry days k; default {0} */
    size_t n_entry;
    int hold[EVS_BT_MAX_GRID];   /* holding periods h >= 1; default {20} */
    size_t n_hold;
    int side[EVS_BT_MAX_GRID];   /* +1 long, -1 short; default {+1} */
    size_t n_side;
    evs_bt_at at;                /* entry price; default close */
    evs_bt_hedge hedge;          /* default none */
    evs_window estimation;       /* hedge beta window; default -250:-11 */
    size_t min_est;              /* fewest estimation returns; default 30 */
    double cost_bps;             /* per side, 0 <= cost < 10000; default 0 */
    evs_roll roll;               /* default EVS_ROLL_NEXT */
    double year_days;            /* trading days a year; default 252 */
} evs_backtest_config;

/* Fills the defaults above. */
void evs_backtest_config_init(evs_backtest_config *cfg);

/* One parameter set of the grid. */
typedef struct evs_bt_params {
    int entry;
    int hold;
    int side;
} evs_bt_params;

/* One trade (a plain record; strings are owned by the result). */
typedef struct evs_bt_trade {
    size_t set;          /* parameter set index */
    size_t event;        /* index in the input events */
    evs_bt_params p;
    const char *symbol;
    const char *market;  /* benchmark symbol, NULL without one */
    const char *label;   /* NULL when the event has none */
    evs_date event_date, day0, entry_date, exit_date;
    size_t days_held;    /* trading days from entry day to exit day */
    evs_bt_exit exit;
    double entry_price;  /* raw open/close; NaN for return series */
    double exit_price;   /* raw close; NaN for return series */
    double gross;        /* g */
    double net;          /* s g - c (2 + g) */
    double market_return;/* g_m; NaN when unhedged */
    double beta;         /* hedge ratio; NaN when unhedged */
    double hedged;       /* NaN when unhedged */
    double ret;          /* the trade's return: hedged, else net */
} evs_bt_trade;

/* An event that could not trade under a parameter set. */
typedef struct evs_bt_skip {
    size_t set;
    size_t event;
    evs_bt_params p;
    evs_bt_skip_reason reason;
    const char *message; /* one sentence, owned by the result */
} evs_bt_skip;

/* Statistics of a sample of trade returns (evs_bt_stats_compute). */
typedef struct evs_bt_stats {
    size_t n;
    double mean, median; /* median: mean of the middle two when n is even */
    double hit_rate;     /* share of returns > 0 */
    double sd;           /* sample sd, divisor n - 1; NaN when n < 2 */
    double t;            /* mean / (sd / sqrt n); NaN when sd is 0 or NaN */
    double sharpe;       /* mean / sd * sqrt(year_days / period_days) */
    double worst, best;
} evs_bt_stats;

/* One parameter set's summary. */
typedef struct evs_bt_summary {
    evs_bt_params p;
    evs_bt_stats stats;     /* over the trades' returns r */
    size_t skipped;         /* events that could not trade */
    size_t end_of_data;     /* trades that exited at the end of the data */
    double mean_days_held;  /* the Sharpe ratio's period; NaN without trades */
    size_t portfolio_days;  /* days with at least one open trade */
    double total_return;    /* calendar-time portfolio, NaN without trades */
    double max_drawdown;    /* of the portfolio value, >= 0; NaN likewise */
} evs_bt_summary;

/* One day of a parameter set's calendar-time portfolio. */
typedef struct evs_bt_day {
    evs_date date;
    size_t open;     /* trades open that day */
    double ret;      /* equal-weight mean of their daily returns */
    double value;    /* portfolio value, 1 before the first day */
    double drawdown; /* 1 - value / running peak (peak includes the 1) */
} evs_bt_day;

/* ---- pure kernels (no allocation; exposed for tests and embedders) ---- */

/* Net and hedged return of one trade from the formulas above; beta 0
 * (with any g_m) gives hedged = net. */
void evs_bt_trade_returns(double g, double g_m, int side, double beta,
                          double cost_bps, double *net, double *hedged);

/* Statistics of r[0..n) (NaN entries are not allowed).  `work` holds n
 * doubles of scratch (r may not alias it).  period_days is the holding
 * period the Sharpe ratio is annualised from. */
void evs_bt_stats_compute(const double *r, size_t n, double period_days,
                          double year_days, double *work, evs_bt_stats *out);

/* Compounds the period returns ret[0..n) from a value of 1: fills value[]
 * and drawdown[] (either may be NULL), stores the total return in *total
 * (NaN for n = 0) and returns the maximum drawdown (NaN for n = 0). */
double evs_bt_drawdown(const double *ret, size_t n, double *value,
                       double *drawdown, double *total);

/* ---- the run ------------------------------------------------------------ */

typedef struct evs_backtest_result evs_backtest_result;

/* Runs every parameter set of the grid (entry x hold x side, in that
 * nesting order) over every event.  `data` and `events` are borrowed.  On
 * success *out owns the result (free with evs_backtest_result_free).
 * EVS_EINVAL for a bad configuration (empty or duplicate grid values, a
 * hold < 1, a cost out of range, an estimation window that ends on or
 * after an entry day when hedging by beta, an event without a market when
 * hedging); EVS_ENODATA when there are no events, or when no parameter set
 * made a single trade (then *out is still set, so callers can report the
 * reasons).  Skipped events are reported through `warn`. */
evs_status evs_backtest_run(const evs_backtest_config *cfg,
                            const evs_dataset *data, const evs_events *events,
                            const evs_warner *warn, evs_backtest_result **out,
                            evs_error *err);
void evs_backtest_result_free(evs_backtest_result *r);

/* The configuration the run used (strings are the result's copies). */
const evs_backtest_config *evs_backtest_result_config(
    const evs_backtest_result *r);
size_t evs_backtest_result_n_events(const evs_backtest_result *r);
/* The result's copy of event i (i < n_events). */
const evs_event *evs_backtest_result_event(const evs_backtest_result *r,
                                           size_t i);
size_t evs_backtest_result_n_sets(const evs_backtest_result *r);
/* Parameter set j < n_sets: its summary (p gives entry, hold, side). */
const evs_bt_summary *evs_backtest_result_summary(
    const evs_backtest_result *r, size_t j);
/* Trades in set order, then event order. */
size_t evs_backtest_result_n_trades(const evs_backtest_result *r);
const evs_bt_trade *evs_backtest_result_trade(const evs_backtest_result *r,
                                              size_t k);
/* Skipped (event, set) pairs in set order, then event order. */
size_t evs_backtest_result_n_skipped(const evs_backtest_result *r);
const evs_bt_skip *evs_backtest_result_skip(const evs_backtest_result *r,
                                            size_t k);
/* The calendar-time portfolio of set j: *n days in date order (NULL and 0
 * when the set has no trade). */
const evs_bt_day *evs_backtest_result_portfolio(const evs_backtest_result *r,
                                                size_t j, size_t *n);

/* ---- reports ------------------------------------------------------------ */

/* Report tables (bits).  CSV writes one table per bit (several are each
 * preceded by "# table: NAME" and followed by a blank line); JSON always
 * has summary, trades and skipped, and portfolio when asked. */
typedef enum evs_bt_table {
    EVS_BT_TABLE_SUMMARY = 1u << 0,
    EVS_BT_TABLE_TRADES = 1u << 1,
    EVS_BT_TABLE_SKIPPED = 1u << 2,
    EVS_BT_TABLE_PORTFOLIO = 1u << 3
} evs_bt_table;

/* Parses a comma-separated list of summary, trades, skipped, portfolio,
 * all; returns 1 on success. */
int evs_bt_table_parse(const char *s, unsigned *out);

/* Writes the result as opts->format.  opts->tables 0 means the default:
 * summary for CSV, summary and skipped for the table.  EVS_EWRITE when the
 * stream fails. */
evs_status evs_report_backtest(FILE *f, const evs_backtest_result *r,
                               const evs_report_opts *opts, evs_error *err);

#ifdef __cplusplus
}
#endif
#endif
