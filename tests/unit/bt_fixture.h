/*
 * bt_fixture.h - small hand-made price series for the backtest unit tests.
 * Dates are consecutive days from 2024-01-01 (index i is that date + i);
 * a NaN open and close together means "no row that day".
 */
#ifndef EVS_BT_FIXTURE_H
#define EVS_BT_FIXTURE_H

#include "testutil.h"

static inline evs_date bt_day(int i)
{
    evs_date d0;
    evs_date_from_ymd(2024, 1, 1, &d0);
    return d0 + i;
}

/* A price series with open/close (and adj_close when adj != NULL). */
static inline evs_series *bt_series(const char *sym, const double *open,
                                    const double *close, const double *adj,
                                    size_t n)
{
    unsigned f = 1u << EVS_FIELD_OPEN | 1u << EVS_FIELD_CLOSE;
    if (adj)
        f |= 1u << EVS_FIELD_ADJ_CLOSE;
    evs_series *s = evs_series_new(sym, EVS_SERIES_PRICES, f, NULL);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++) {
        if (isnan(open[i]) && isnan(close[i]))
            continue;
        double v[EVS_FIELD_COUNT];
        for (size_t k = 0; k < EVS_FIELD_COUNT; k++)
            v[k] = NAN;
        v[EVS_FIELD_OPEN] = open[i];
        v[EVS_FIELD_CLOSE] = close[i];
        if (adj)
            v[EVS_FIELD_ADJ_CLOSE] = adj[i];
        assert_int_equal(evs_series_push(s, bt_day((int)i), v, 0, NULL), EVS_OK);
    }
    assert_int_equal(evs_series_finish(s, sym, NULL, NULL), EVS_OK);
    return s;
}

/* A return series; NaN entries are left out. */
static inline evs_series *bt_returns(const char *sym, const double *r, size_t n)
{
    evs_series *s = evs_series_new(sym, EVS_SERIES_RETURNS, 1u << EVS_FIELD_RET, NULL);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++) {
        if (isnan(r[i]))
            continue;
        double v[EVS_FIELD_COUNT];
        for (size_t k = 0; k < EVS_FIELD_COUNT; k++)
            v[k] = NAN;
        v[EVS_FIELD_RET] = r[i];
        assert_int_equal(evs_series_push(s, bt_day((int)i), v, 0, NULL), EVS_OK);
    }
    assert_int_equal(evs_series_finish(s, sym, NULL, NULL), EVS_OK);
    return s;
}

static inline void bt_add(evs_dataset *ds, evs_series *s)
{
    assert_int_equal(evs_dataset_add_owned(ds, s, NULL), EVS_OK);
}

/* The market MKT and the stock S used by most tests (8 days):
 *   day      0     1     2     3     4     5     6     7
 *   MKT o  99.5 100.5 101.5 101.0 100.5 103.5 104.5 105.5
 *   MKT c 100   101   102   100   103   104   105   106
 *   S   o   9.8  10.5  11.5  11.8  12.0  13.5  14.5  15.5
 *   S   c  10    11    12    11    13    14    15    16        */
static const double bt_mo[] = {99.5, 100.5, 101.5, 101.0, 100.5, 103.5, 104.5, 105.5};
static const double bt_mc[] = {100, 101, 102, 100, 103, 104, 105, 106};
static const double bt_so[] = {9.8, 10.5, 11.5, 11.8, 12.0, 13.5, 14.5, 15.5};
static const double bt_sc[] = {10, 11, 12, 11, 13, 14, 15, 16};

static inline evs_dataset *bt_basic(void)
{
    evs_dataset *ds = evs_dataset_new(NULL);
    assert_non_null(ds);
    bt_add(ds, bt_series("MKT", bt_mo, bt_mc, NULL, 8));
    bt_add(ds, bt_series("S", bt_so, bt_sc, NULL, 8));
    return ds;
}

static inline evs_events *bt_events1(const char *sym, int day)
{
    evs_events *ev = evs_events_new(NULL);
    assert_non_null(ev);
    assert_int_equal(evs_events_add(ev, sym, bt_day(day), NULL, NULL, NULL), EVS_OK);
    return ev;
}

static inline void bt_cfg(evs_backtest_config *c, int entry, int hold, int side)
{
    evs_backtest_config_init(c);
    c->market = "MKT";
    c->entry[0] = entry;
    c->hold[0] = hold;
    c->side[0] = side;
}

#endif
