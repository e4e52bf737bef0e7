/* Backtest runs as a whole: no look-ahead, a grid equals its parameter sets
 * run one by one, the calendar-time portfolio of overlapping trades (worked
 * by hand), every skip reason, every configuration error, out-of-memory at
 * each allocation, and the three report formats. */
#include <jansson.h>

#include "bt_fixture.h"
#include "internal.h"

/* 30 days of made-up but irregular prices for MKT, S and T. */
static void wave(double *o, double *c, size_t n, double base, double amp,
                 double phase)
{
    for (size_t i = 0; i < n; i++) {
        c[i] = base * (1 + amp * sin(0.7 * (double)i + phase) + 0.004 * (double)i);
        o[i] = c[i] * (1 + 0.01 * cos(1.3 * (double)i + phase));
    }
}

#define LONG_N 30

/* The long fixture; prices on dates after `after` (a day index, or -1
 * for none) are scaled by 1.37 and S loses its row two days later. */
static evs_dataset *long_fixture(int after)
{
    double o[3][LONG_N], c[3][LONG_N];
    wave(o[0], c[0], LONG_N, 100, 0.02, 0.0);
    wave(o[1], c[1], LONG_N, 10, 0.06, 1.0);
    wave(o[2], c[2], LONG_N, 40, 0.05, 2.0);
    for (int i = after + 1; after >= 0 && i < LONG_N; i++)
        for (int k = 0; k < 3; k++) {
            o[k][i] *= 1.37;
            c[k][i] *= 1.37;
        }
    if (after >= 0 && after + 2 < LONG_N)
        o[1][after + 2] = c[1][after + 2] = NAN;
    evs_dataset *ds = evs_dataset_new(NULL);
    bt_add(ds, bt_series("MKT", o[0], c[0], NULL, LONG_N));
    bt_add(ds, bt_series("S", o[1], c[1], NULL, LONG_N));
    bt_add(ds, bt_series("T", o[2], c[2], NULL, LONG_N));
    return ds;
}

static evs_events *long_events(void)
{
    evs_events *ev = evs_events_new(NULL);
    const char *sym[] = {"S", "T", "S", "T"};
    const int day[] = {12, 13, 15, 27};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(evs_events_add(ev, sym[i], bt_day(day[i]), NULL, NULL, NULL), EVS_OK);
    return ev;
}

static void long_cfg(evs_backtest_config *c)
{
    evs_backtest_config_init(c);
    c->market = "MKT";
    c->entry[0] = 0, c->entry[1] = 1, c->n_entry = 2;
    c->hold[0] = 2, c->hold[1] = 5, c->n_hold = 2;
    c->side[0] = 1, c->side[1] = -1, c->n_side = 2;
    c->at = EVS_BT_AT_OPEN;
    c->hedge = EVS_BT_HEDGE_BETA;
    c->estimation = (evs_window){-10, -1};
    c->min_est = 5;
    c->cost_bps = 10;
}

static evs_backtest_result *run(const evs_backtest_config *c,
                                const evs_dataset *ds, const evs_events *ev)
{
    evs_backtest_result *r = NULL;
    evs_error e = {0};
    assert_int_equal(evs_backtest_run(c, ds, ev, NULL, &r, &e), EVS_OK);
    return r;
}

/* Every field of two trades, bit for bit (NaN equal to NaN). */
static int same(double a, double b) { return a == b || (isnan(a) && isnan(b)); }

static int trades_equal(const evs_bt_trade *a, const evs_bt_trade *b)
{
    return a->event == b->event && a->p.entry == b->p.entry &&
           a->p.hold == b->p.hold && a->p.side == b->p.side &&
           a->entry_date == b->entry_date && a->exit_date == b->exit_date &&
           a->days_held == b->days_held && a->exit == b->exit &&
           same(a->entry_price, b->entry_price) && same(a->exit_price, b->exit_price) &&
           same(a->gross, b->gross) && same(a->net, b->net) &&
           same(a->market_return, b->market_return) && same(a->beta, b->beta) &&
           same(a->hedged, b->hedged) && same(a->ret, b->ret);
}

static const evs_bt_trade *find(const evs_backtest_result *r, size_t set, size_t ev)
{
    for (size_t k = 0; k < evs_backtest_result_n_trades(r); k++) {
        const evs_bt_trade *t = evs_backtest_result_trade(r, k);
        if (t->set == set && t->event == ev)
            return t;
    }
    return NULL;
}

static void no_look_ahead(void **state)
{
    (void)state;
    evs_backtest_config c;
    long_cfg(&c);
    evs_events *ev = long_events();
    evs_dataset *ds = long_fixture(-1);
    evs_backtest_result *r = run(&c, ds, ev);
    assert_true(evs_backtest_result_n_trades(r) >= 24);
    size_t checked = 0;
    for (size_t k = 0; k < evs_backtest_result_n_trades(r); k++) {
        const evs_bt_trade *t = evs_backtest_result_trade(r, k);
        int exit_idx = (int)(t->exit_date - bt_day(0));
        /* change every price after the exit (and drop a row) ... */
        evs_dataset *d2 = long_fixture(exit_idx);
        evs_backtest_result *r2 = run(&c, d2, ev);
        const evs_bt_trade *t2 = find(r2, t->set, t->event);
        assert_non_null(t2);
        assert_true(trades_equal(t, t2)); /* ... and nothing changes */
        evs_backtest_result_free(r2);
        evs_dataset_free(d2);
        /* the control: changing the exit day's prices does change it */
        if (exit_idx >= 1) {
            d2 = long_fixture(exit_idx - 1);
            r2 = run(&c, d2, ev);
            t2 = find(r2, t->set, t->event);
            assert_true(t2 == NULL || !same(t->gross, t2->gross));
            evs_backtest_result_free(r2);
            evs_dataset_free(d2);
        }
        checked++;
    }
    assert_int_equal(checked, evs_backtest_result_n_trades(r));
    evs_backtest_result_free(r);
    evs_dataset_free(ds);
    evs_events_free(ev);
}

static void grid_equals_one_by_one(void **state)
{
    (void)state;
    evs_backtest_config c;
    long_cfg(&c);
    c.hedge = EVS_BT_HEDGE_ONE;
    c.at = EVS_BT_AT_CLOSE;
    c.hold[2] = 20, c.n_hold = 3; /* some end-of-data exits */
    evs_events *ev = long_events();
    evs_dataset *ds = long_fixture(-1);
    evs_backtest_result *r = run(&c, ds, ev);
    assert_int_equal(evs_backtest_result_n_sets(r), 12);
    for (size_t j = 0; j < 12; j++) {
        const evs_bt_summary *s = evs_backtest_result_summary(r, j);
        evs_backtest_config one = c;
        one.entry[0] = s->p.entry, one.n_entry = 1;
        one.hold[0] = s->p.hold, one.n_hold = 1;
        one.side[0] = s->p.side, one.n_side = 1;
        evs_backtest_result *r1 = run(&one, ds, ev);
        const evs_bt_summary *s1 = evs_backtest_result_summary(r1, 0);
        assert_int_equal(s1->stats.n, s->stats.n);
        assert_int_equal(s1->skipped, s->skipped);
        assert_true(same(s1->stats.mean, s->stats.mean) && same(s1->stats.sd, s->stats.sd) &&
                    same(s1->stats.median, s->stats.median) && same(s1->stats.sharpe, s->stats.sharpe) &&
                    same(s1->total_return, s->total_return) &&
                    same(s1->max_drawdown, s->max_drawdown));
        for (size_t k = 0; k < evs_backtest_result_n_trades(r1); k++) {
            const evs_bt_trade *t1 = evs_backtest_result_trade(r1, k);
            assert_true(trades_equal(t1, find(r, j, t1->event)));
        }
        evs_backtest_result_free(r1);
    }
    evs_backtest_result_free(r);
    evs_dataset_free(ds);
    evs_events_free(ev);
}

static void overlapping_portfolio(void **state)
{
    (void)state;
    const double to[] = {20, 20, 21, 22, 21, 23, 24, 25};
    const double tc[] = {20, 20, 21, 22, 21, 23, 24, 25};
    evs_dataset *ds = bt_basic();
    bt_add(ds, bt_series("T", to, tc, NULL, 8));
    evs_events *ev = evs_events_new(NULL);
    evs_events_add(ev, "S", bt_day(1), NULL, NULL, NULL);
    evs_events_add(ev, "T", bt_day(2), NULL, NULL, NULL);
    evs_backtest_config c;
    bt_cfg(&c, 0, 2, 1);
    evs_backtest_result *r = run(&c, ds, ev);
    /* S: close 11 (day 1) to 11 (day 3); T: 21 (day 2) to 21 (day 4).
     * Day 2 only S is open, day 3 both (equal weights), day 4 only T. */
    double R2 = 12.0 / 11 - 1, R3 = ((11.0 / 12 - 1) + (22.0 / 21 - 1)) / 2,
           R4 = 21.0 / 22 - 1;
    double V2 = 1 + R2, V3 = V2 * (1 + R3), V4 = V3 * (1 + R4);
    size_t n;
    const evs_bt_day *d = evs_backtest_result_portfolio(r, 0, &n);
    assert_int_equal(n, 3);
    assert_int_equal(d[1].open, 2);
    assert_close(d[1].ret, R3, 1e-15);
    assert_close(d[2].value, V4, 1e-15);
    const evs_bt_summary *s = evs_backtest_result_summary(r, 0);
    assert_close(s->total_return, V4 - 1, 1e-15);
    assert_close(s->max_drawdown, 1 - V4 / V2, 1e-14); /* peak on day 2 */
    /* both trades returned 0: mean 0, sd 0, no t, but the rebalanced
     * portfolio did not (the path matters) */
    assert_close(s->stats.mean, 0, 1e-15);
    assert_true(isnan(s->stats.t));
    evs_backtest_result_free(r);
    evs_dataset_free(ds);
    evs_events_free(ev);
}

static void skip_reasons(void **state)
{
    (void)state;
    double mc[8], mo[8], so[8], sc[8];
    memcpy(mc, bt_mc, sizeof mc);
    memcpy(mo, bt_mo, sizeof mo);
    memcpy(so, bt_so, sizeof so);
    memcpy(sc, bt_sc, sizeof sc);
    mc[4] = NAN;          /* MKT has a day-4 row without a close */
    so[2] = sc[2] = NAN;  /* S has no day-2 row */
    evs_dataset *ds = evs_dataset_new(NULL);
    bt_add(ds, bt_series("MKT", mo, mc, NULL, 8));
    bt_add(ds, bt_series("S", so, sc, NULL, 8));
    struct { const char *sym, *mkt; int day, entry; evs_bt_skip_reason why; const char *msg; } cs[] = {
        {"NOPE", NULL, 1, 0, EVS_BT_SKIP_NO_PRICES, "no prices for NOPE"},
        {"S", "NOMKT", 1, 0, EVS_BT_SKIP_NO_MARKET, "no prices for the market NOMKT"},
        {"S", NULL, 20, 0, EVS_BT_SKIP_OFF_CALENDAR, "outside the trading calendar of MKT"},
        {"S", NULL, 1, -5, EVS_BT_SKIP_ENTRY_OFF_DATA, "entry day -5 is outside the trading calendar"},
        {"S", NULL, 2, 0, EVS_BT_SKIP_NO_ENTRY_PRICE, "no close price of S on the entry day 2024-01-03"},
        {"S", NULL, 7, 0, EVS_BT_SKIP_NO_EXIT_PRICE, "no close of S after the entry day 2024-01-08"},
        {"S", NULL, 1, 0, EVS_BT_SKIP_NO_MARKET_PRICE, "no price of the benchmark MKT on 2024-01-05"},
    };
    for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
        evs_events *ev = evs_events_new(NULL);
        evs_events_add(ev, cs[i].sym, bt_day(cs[i].day), cs[i].mkt, NULL, NULL);
        evs_backtest_config c;
        bt_cfg(&c, cs[i].entry, 3, 1);
        c.hedge = cs[i].why == EVS_BT_SKIP_NO_MARKET_PRICE ? EVS_BT_HEDGE_ONE : EVS_BT_HEDGE_NONE;
        evs_backtest_result *r = NULL;
        evs_error e = {0};
        assert_int_equal(evs_backtest_run(&c, ds, ev, NULL, &r, &e), EVS_ENODATA);
        assert_msg_has(e, "no trade in any parameter set");
        assert_int_equal(evs_backtest_result_n_skipped(r), 1);
        const evs_bt_skip *k = evs_backtest_result_skip(r, 0);
        if (k->reason != cs[i].why || strstr(k->message, cs[i].msg) == NULL)
            fail_msg("case %zu: %s: %s", i, evs_bt_skip_name(k->reason), k->message);
        assert_int_equal(evs_backtest_result_summary(r, 0)->skipped, 1);
        assert_true(isnan(evs_backtest_result_summary(r, 0)->total_return));
        evs_backtest_result_free(r);
        evs_events_free(ev);
    }
    evs_dataset_free(ds);
}

static void beta_skips(void **state)
{
    (void)state;
    evs_dataset *ds = bt_basic();
    evs_backtest_config c;
    bt_cfg(&c, 0, 1, 1);
    c.hedge = EVS_BT_HEDGE_BETA;
    c.estimation = (evs_window){-10, -1};
    evs_events *ev = bt_events1("S", 1);
    evs_backtest_result *r = NULL;
    evs_error e = {0};
    assert_int_equal(evs_backtest_run(&c, ds, ev, NULL, &r, &e), EVS_ENODATA);
    assert_int_equal(evs_backtest_result_skip(r, 0)->reason, EVS_BT_SKIP_NO_BETA);
    assert_non_null(strstr(evs_backtest_result_skip(r, 0)->message, "runs off the market data"));
    evs_backtest_result_free(r);
    evs_events_free(ev);
    /* inside the data but too few returns for min_est */
    c.estimation = (evs_window){-4, -1};
    c.min_est = 10;
    ev = bt_events1("S", 5);
    assert_int_equal(evs_backtest_run(&c, ds, ev, NULL, &r, &e), EVS_ENODATA);
    assert_non_null(strstr(evs_backtest_result_skip(r, 0)->message, "hedge beta: "));
    evs_backtest_result_free(r);
    evs_events_free(ev);
    evs_dataset_free(ds);
}

static void off_calendar_exact(void **state)
{
    (void)state;
    double mc[8], mo[8];
    memcpy(mc, bt_mc, sizeof mc);
    memcpy(mo, bt_mo, sizeof mo);
    mc[3] = mo[3] = NAN; /* day 3 is not a trading day */
    evs_dataset *ds = evs_dataset_new(NULL);
    bt_add(ds, bt_series("MKT", mo, mc, NULL, 8));
    bt_add(ds, bt_series("S", bt_so, bt_sc, NULL, 8));
    evs_backtest_config c;
    bt_cfg(&c, 0, 1, 1);
    c.roll = EVS_ROLL_EXACT;
    evs_events *ev = bt_events1("S", 3);
    evs_backtest_result *r = NULL;
    evs_error e = {0};
    assert_int_equal(evs_backtest_run(&c, ds, ev, NULL, &r, &e), EVS_ENODATA);
    assert_non_null(strstr(evs_backtest_result_skip(r, 0)->message, "not a trading day (roll exact)"));
    evs_backtest_result_free(r);
    /* rolled to the next day instead, day 4 (close 13) to day 5 (14) */
    c.roll = EVS_ROLL_NEXT;
    r = run(&c, ds, ev);
    assert_close(evs_backtest_result_trade(r, 0)->gross, 14.0 / 13 - 1, 1e-15);
    evs_backtest_result_free(r);
    evs_events_free(ev);
    evs_dataset_free(ds);
}

static void config_errors(void **state)
{
    (void)state;
    evs_dataset *ds = bt_basic();
    evs_events *ev = bt_events1("S", 1);
    struct { int what; const char *msg; } cs[] = {
        {0, "entry day: give 1 to 64 values"}, {1, "holding period 0 is out of range"},
        {2, "entry day 3 given twice"}, {3, "side 0 is out of range"},
        {4, "cost must be at least 0"}, {5, "cost must be at least 0"},
        {6, "trading days per year"}, {7, "must end before the earliest entry day -2"},
        {8, "has no market to hedge with"}, {9, "invalid entry price, hedge or roll"},
        {10, "is empty or the minimum"}};
    for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
        evs_backtest_config c;
        bt_cfg(&c, 0, 1, 1);
        switch (cs[i].what) {
        case 0: c.n_entry = 0; break;
        case 1: c.hold[0] = 0; break;
        case 2: c.entry[0] = c.entry[1] = 3, c.n_entry = 2; break;
        case 3: c.side[0] = 0; break;
        case 4: c.cost_bps = -1; break;
        case 5: c.cost_bps = 10000; break;
        case 6: c.year_days = 0; break;
        case 7: c.hedge = EVS_BT_HEDGE_BETA, c.entry[0] = -2, c.estimation = (evs_window){-30, -2}; break;
        case 8: c.hedge = EVS_BT_HEDGE_ONE, c.market = NULL; break;
        case 9: c.at = (evs_bt_at)7; break;
        case 10: c.hedge = EVS_BT_HEDGE_BETA, c.min_est = 0; break;
        }
        evs_backtest_result *r = (evs_backtest_result *)&c; /* must be reset */
        evs_error e = {0};
        assert_int_equal(evs_backtest_run(&c, ds, ev, NULL, &r, &e), EVS_EINVAL);
        assert_null(r);
        assert_msg_has(e, cs[i].msg);
    }
    evs_backtest_config c;
    bt_cfg(&c, 0, 1, 1);
    evs_events *none = evs_events_new(NULL);
    evs_backtest_result *r;
    evs_error e = {0};
    assert_int_equal(evs_backtest_run(&c, ds, none, NULL, &r, &e), EVS_ENODATA);
    assert_msg_has(e, "no events to backtest");
    evs_events_free(none);
    evs_events_free(ev);
    evs_dataset_free(ds);
}

typedef struct sink {
    char msg[4][EVS_ERRMSG_MAX];
    int n;
} sink;

static void collect(void *ud, const char *msg)
{
    sink *k = ud;
    if (k->n < 4)
        snprintf(k->msg[k->n], EVS_ERRMSG_MAX, "%s", msg);
    k->n++;
}

static void warnings(void **state)
{
    (void)state;
    evs_dataset *ds = bt_basic();
    evs_events *ev = bt_events1("NOPE", 1);
    evs_events_add(ev, "S", bt_day(1), NULL, NULL, NULL);
    evs_backtest_config c;
    bt_cfg(&c, 0, 1, 1);
    c.entry[1] = -9, c.n_entry = 2;
    c.side[1] = -1, c.n_side = 2;
    sink k = {.n = 0};
    evs_warner w = {collect, &k};
    evs_backtest_result *r = NULL;
    evs_error e = {0};
    assert_int_equal(evs_backtest_run(&c, ds, ev, &w, &r, &e), EVS_OK);
    /* one line per event-level reason, one per (entry, hold) reason; the
     * sides share them */
    assert_int_equal(k.n, 2);
    assert_string_equal(k.msg[0], "event 1 (NOPE 2024-01-02) cannot trade: no prices for NOPE");
    assert_non_null(strstr(k.msg[1], "event 2 (S 2024-01-02) cannot trade at entry -9, hold 1: entry day -9"));
    /* 4 sets for NOPE, 2 sides at entry -9 for S */
    assert_int_equal(evs_backtest_result_n_skipped(r), 6);
    evs_backtest_result_free(r);
    evs_events_free(ev);
    evs_dataset_free(ds);
}

static void out_of_memory(void **state)
{
    (void)state;
    evs_backtest_config c;
    long_cfg(&c);
    evs_events *ev = long_events();
    evs_events_add(ev, "NOPE", bt_day(3), NULL, NULL, NULL);
    evs_dataset *ds = long_fixture(-1);
    unsigned long k;
    for (k = 1; k < 100000; k++) {
        evs__alloc_fail_after(k);
        evs_backtest_result *r = NULL;
        evs_error e = {0};
        evs_status st = evs_backtest_run(&c, ds, ev, NULL, &r, &e);
        evs__alloc_fail_after(0);
        if (st == EVS_OK) {
            evs_backtest_result_free(r);
            break;
        }
        assert_int_equal(st, EVS_ENOMEM);
        assert_null(r);
        assert_msg_has(e, "out of memory");
    }
    assert_true(k > 10 && k < 100000);
    evs_dataset_free(ds);
    evs_events_free(ev);
}

static void reports(void **state)
{
    (void)state;
    evs_dataset *ds = bt_basic();
    evs_events *ev = bt_events1("S", 1);
    evs_events_add(ev, "NOPE", bt_day(1), NULL, "a \"quoted\", label", NULL);
    evs_backtest_config c;
    bt_cfg(&c, 0, 3, 1);
    evs_backtest_result *r = run(&c, ds, ev);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    evs_report_opts o = {EVS_FORMAT_JSON, EVS_BT_TABLE_PORTFOLIO, NULL, 0, "backtest"};
    evs_error e = {0};
    assert_int_equal(evs_report_backtest(f, r, &o, &e), EVS_OK);
    fclose(f);
    json_error_t je;
    json_t *root = json_loads(buf, 0, &je);
    assert_non_null(root);
    json_t *t0 = json_array_get(json_object_get(root, "trades"), 0);
    assert_true(json_is_null(json_object_get(t0, "hedged_return"))); /* NaN */
    assert_close(json_real_value(json_object_get(t0, "gross_return")), 13.0 / 11 - 1, 1e-9);
    assert_string_equal(json_string_value(json_object_get(t0, "side")), "long");
    json_t *s0 = json_array_get(json_object_get(root, "summary"), 0);
    assert_true(json_is_null(json_object_get(s0, "sd"))); /* one trade */
    json_t *k0 = json_array_get(json_object_get(root, "skipped"), 0);
    assert_string_equal(json_string_value(json_object_get(k0, "status")), "no-prices");
    assert_int_equal(json_array_size(json_object_get(json_array_get(
                         json_object_get(root, "portfolio"), 0), "days")), 3);
    json_decref(root);
    free(buf);
    /* CSV: NaN is an empty cell; several tables are delimited */
    f = open_memstream(&buf, &len);
    o = (evs_report_opts){EVS_FORMAT_CSV, EVS_BT_TABLE_SUMMARY | EVS_BT_TABLE_SKIPPED, NULL, 0, "backtest"};
    assert_int_equal(evs_report_backtest(f, r, &o, &e), EVS_OK);
    fclose(f);
    assert_non_null(strstr(buf, "# table: summary\nentry,hold,side,n,skipped,mean,"));
    assert_non_null(strstr(buf, "# table: skipped\n"));
    assert_non_null(strstr(buf, ",1,1,0.1818181818,0.1818181818,1,,,,"));
    assert_null(strstr(buf, "nan"));
    free(buf);
    evs_backtest_result_free(r);
    evs_events_free(ev);
    evs_dataset_free(ds);
}

static void reports_table_and_errors(void **state)
{
    (void)state;
    evs_dataset *ds = bt_basic();
    evs_events *ev = bt_events1("S", 1);
    evs_events_add(ev, "NOPE", bt_day(1), NULL, NULL, NULL);
    evs_backtest_config c;
    bt_cfg(&c, 0, 3, 1);
    evs_backtest_result *r = run(&c, ds, ev);
    char *buf = NULL;
    size_t len = 0;
    evs_error e = {0};
    evs_report_opts o;
    /* table: "-" for missing */
    FILE *f = open_memstream(&buf, &len);
    o = (evs_report_opts){EVS_FORMAT_TABLE, EVS_BT_TABLE_TRADES | EVS_BT_TABLE_SKIPPED, NULL, 0, "backtest"};
    assert_int_equal(evs_report_backtest(f, r, &o, &e), EVS_OK);
    fclose(f);
    assert_non_null(strstr(buf, "18.182         -\n"));
    assert_non_null(strstr(buf, "event 2 NOPE 2024-01-02, 1 of 1 sets: no-prices"));
    free(buf);
    /* the table's skip list needs memory; a failure is reported */
    f = open_memstream(&buf, &len);
    evs__alloc_fail_after(1);
    assert_int_equal(evs_report_backtest(f, r, &o, &e), EVS_ENOMEM);
    evs__alloc_fail_after(0);
    fclose(f);
    free(buf);
    /* a stream that cannot be written */
    f = fopen("/dev/full", "w");
    assert_non_null(f);
    o.format = EVS_FORMAT_CSV;
    e = (evs_error){0};
    assert_int_equal(evs_report_backtest(f, r, &o, &e), EVS_EWRITE);
    assert_msg_has(e, "write error");
    fclose(f);
    evs_backtest_result_free(r);
    evs_events_free(ev);
    evs_dataset_free(ds);
}

static void names_and_tables(void **state)
{
    (void)state;
    unsigned bits;
    assert_true(evs_bt_table_parse("summary,trades", &bits));
    assert_int_equal(bits, EVS_BT_TABLE_SUMMARY | EVS_BT_TABLE_TRADES);
    assert_true(evs_bt_table_parse("all", &bits));
    assert_int_equal(bits, 15);
    assert_false(evs_bt_table_parse("summary,bogus", &bits));
    assert_false(evs_bt_table_parse("", &bits));
    const char *want[] = {"no-prices", "no-market", "off-calendar", "entry-off-data",
                          "no-entry-price", "no-exit-price", "no-hedge-beta",
                          "no-market-price", "missing-return"};
    for (int i = 0; i < 9; i++)
        assert_string_equal(evs_bt_skip_name((evs_bt_skip_reason)i), want[i]);
    assert_string_equal(evs_bt_skip_name((evs_bt_skip_reason)99), "?");
    assert_string_equal(evs_bt_exit_name(EVS_BT_EXIT_DELAYED), "delayed");
    assert_string_equal(evs_bt_exit_name(EVS_BT_EXIT_END_OF_DATA), "end-of-data");
    assert_string_equal(evs_bt_exit_name((evs_bt_exit)9), "?");
    assert_string_equal(evs_bt_side_name(-1), "short");
    assert_string_equal(evs_bt_hedge_name(EVS_BT_HEDGE_BETA), "beta");
    assert_string_equal(evs_bt_at_name(EVS_BT_AT_OPEN), "open");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_look_ahead),
        cmocka_unit_test(grid_equals_one_by_one),
        cmocka_unit_test(overlapping_portfolio),
        cmocka_unit_test(skip_reasons),
        cmocka_unit_test(beta_skips),
        cmocka_unit_test(off_calendar_exact),
        cmocka_unit_test(config_errors),
        cmocka_unit_test(warnings),
        cmocka_unit_test(out_of_memory),
        cmocka_unit_test(reports),
        cmocka_unit_test(reports_table_and_errors),
        cmocka_unit_test(names_and_tables)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
