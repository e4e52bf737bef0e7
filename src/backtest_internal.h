/*
 * backtest_internal.h - the layout of a backtest result and the growable
 * per-set buffers the run fills, shared by backtest.c (the per-event pass)
 * and backtest_result.c (aggregation, portfolio, accessors).
 */
#ifndef EVS_BACKTEST_INTERNAL_H
#define EVS_BACKTEST_INTERNAL_H

#include "internal.h"

/* One day of one trade's value path: its daily return on `date`. */
typedef struct evs__bt_point {
    evs_date date;
    size_t seq; /* append order: ties on a date keep it, so sums are stable */
    double d;
} evs__bt_point;

/* What the run collects for one parameter set, in event order. */
typedef struct evs__bt_set {
    evs_bt_trade *trades;
    size_t n_trades, cap_trades;
    evs_bt_skip *skips;
    size_t n_skips, cap_skips;
    evs__bt_point *points;
    size_t n_points, cap_points;
} evs__bt_set;

struct evs_backtest_result {
    evs_backtest_config cfg;
    char *market_name;
    evs_events *events; /* the result's copy */
    size_t n_sets;
    evs__bt_set *sets;  /* n_sets, emptied into the arrays below */
    evs_bt_summary *summary;
    evs_bt_trade *trades;
    size_t n_trades;
    evs_bt_skip *skips;
    size_t n_skips;
    char **messages;    /* skip messages, owned; one per skip */
    size_t n_messages, cap_messages;
    evs_bt_day **port;  /* per set, NULL without trades */
    size_t *port_n;
};

/* Parameter set j of the grid (entry-major, then hold, then side). */
evs_bt_params evs__bt_params(const evs_backtest_config *c, size_t j);

/* Allocates an empty result for n_sets sets, copying the configuration and
 * the events; NULL on ENOMEM. */
evs_backtest_result *evs__bt_result_new(const evs_backtest_config *c,
                                        const evs_events *events);

/* Appends to a set's buffers; EVS_ENOMEM on failure. */
evs_status evs__bt_add_trade(evs__bt_set *s, const evs_bt_trade *t);
evs_status evs__bt_add_point(evs__bt_set *s, evs_date date, double d);
/* Records that event `ev` could not trade in set `j`; the message is
 * copied into the result. */
evs_status evs__bt_add_skip(evs_backtest_result *r, size_t j, size_t ev,
                            evs_bt_skip_reason why, const char *msg);

/* Concatenates the per-set buffers, computes every summary and portfolio,
 * and frees the buffers. */
evs_status evs__bt_finish(evs_backtest_result *r);

#endif
