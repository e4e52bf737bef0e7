/* Backtest kernels and single trades: every expected number is worked by
 * hand from the formulas in include/evs/backtest.h (written out beside each
 * assertion) on the small series of bt_fixture.h. */
#include "bt_fixture.h"

static void trade_return_formula(void **state)
{
    (void)state;
    double net, hedged;
    /* g = 10%, g_m = 4%, beta 1.5, c = 10 bp = 0.001:
     * net = 0.10 - 0.001 * 2.10 = 0.0979
     * hedged = 0.0979 - 1.5 * 0.04 - 0.001 * 1.5 * 2.04 = 0.03484 */
    evs_bt_trade_returns(0.10, 0.04, 1, 1.5, 10, &net, &hedged);
    assert_close(net, 0.0979, 1e-15);
    assert_close(hedged, 0.03484, 1e-15);
    /* short: net = -0.10 - 0.0021 = -0.1021;
     * hedged = -0.1021 + 0.06 - 0.00306 = -0.04516 */
    evs_bt_trade_returns(0.10, 0.04, -1, 1.5, 10, &net, &hedged);
    assert_close(net, -0.1021, 1e-15);
    assert_close(hedged, -0.04516, 1e-15);
    /* beta 0: no hedge leg at all, whatever g_m is */
    evs_bt_trade_returns(-0.05, NAN, 1, 0, 0, &net, &hedged);
    assert_close(net, -0.05, 1e-15);
    assert_close(hedged, -0.05, 1e-15);
}

static void stats_known(void **state)
{
    (void)state;
    const double r[] = {0.02, -0.01, 0.05, 0.00};
    double work[4];
    evs_bt_stats s;
    evs_bt_stats_compute(r, 4, 5, 250, work, &s);
    /* mean 0.06/4; median (0 + 0.02)/2; hits 2 of 4 (0 is not a hit);
     * squared deviations 25+625+1225+225 = 2100 e-8, var 2100e-8/3 = 7e-4;
     * t = 0.015 / (sqrt(7e-4)/2); sharpe = 0.015/sqrt(7e-4) * sqrt(250/5) */
    assert_int_equal(s.n, 4);
    assert_close(s.mean, 0.015, 1e-15);
    assert_close(s.median, 0.01, 1e-15);
    assert_close(s.hit_rate, 0.5, 1e-15);
    assert_close(s.sd, sqrt(7e-4), 1e-14);
    assert_close(s.t, 0.015 / (sqrt(7e-4) / 2), 1e-14);
    assert_close(s.sharpe, 0.015 / sqrt(7e-4) * sqrt(50.0), 1e-14);
    assert_close(s.worst, -0.01, 0);
    assert_close(s.best, 0.05, 0);
    /* r itself is untouched (the median sorts the scratch copy) */
    assert_true(r[0] == 0.02 && r[1] == -0.01);
}

static void stats_edges(void **state)
{
    (void)state;
    double work[3], one = -0.03, same[] = {0.01, 0.01, 0.01}, odd[] = {3, 1, 2};
    evs_bt_stats s;
    evs_bt_stats_compute(NULL, 0, 5, 252, work, &s);
    assert_int_equal(s.n, 0);
    assert_true(isnan(s.mean) && isnan(s.median) && isnan(s.hit_rate) &&
                isnan(s.sd) && isnan(s.t) && isnan(s.sharpe) && isnan(s.worst));
    evs_bt_stats_compute(&one, 1, 5, 252, work, &s);
    assert_close(s.mean, -0.03, 0);
    assert_close(s.median, -0.03, 0);
    assert_close(s.hit_rate, 0, 0);
    assert_true(isnan(s.sd) && isnan(s.t) && isnan(s.sharpe));
    evs_bt_stats_compute(same, 3, 5, 252, work, &s);
    assert_close(s.sd, 0, 0);
    assert_true(isnan(s.t) && isnan(s.sharpe)); /* zero variance: undefined */
    evs_bt_stats_compute(odd, 3, 5, 252, work, &s);
    assert_close(s.median, 2, 0);
}

static void drawdown_known(void **state)
{
    (void)state;
    /* values 1.1, 0.88, 0.924, 1.2012, 1.08108; running peak 1.1, 1.1, 1.1,
     * 1.2012, 1.2012; drawdowns 0, 0.2, 0.16, 0, 0.1 */
    const double r[] = {0.10, -0.20, 0.05, 0.30, -0.10};
    double v[5], dd[5], total;
    double mdd = evs_bt_drawdown(r, 5, v, dd, &total);
    assert_close(mdd, 0.2, 1e-15);
    assert_close(total, 0.08108, 1e-14);
    assert_close(v[3], 1.2012, 1e-15);
    assert_close(dd[2], 0.16, 1e-14);
    assert_close(dd[4], 0.1, 1e-14);
    /* the initial value 1 is a peak: -50% then +20% is a 50% drawdown */
    const double loss[] = {-0.5, 0.2};
    assert_close(evs_bt_drawdown(loss, 2, NULL, NULL, &total), 0.5, 1e-15);
    assert_close(total, -0.4, 1e-15);
    assert_true(isnan(evs_bt_drawdown(r, 0, NULL, NULL, &total)) && isnan(total));
}

/* Runs cfg over a one-event list and returns the result. */
static evs_backtest_result *run1(const evs_backtest_config *c,
                                 const evs_dataset *ds, const char *sym,
                                 int day, evs_status want)
{
    evs_events *ev = bt_events1(sym, day);
    evs_backtest_result *r = NULL;
    evs_error e = {0};
    assert_int_equal(evs_backtest_run(c, ds, ev, NULL, &r, &e), want);
    evs_events_free(ev);
    assert_non_null(r);
    return r;
}

static void close_to_close(void **state)
{
    (void)state;
    evs_dataset *ds = bt_basic();
    evs_backtest_config c;
    bt_cfg(&c, 0, 3, 1);
    c.hedge = EVS_BT_HEDGE_ONE;
    c.cost_bps = 20;
    evs_backtest_result *r = run1(&c, ds, "S", 1, EVS_OK);
    assert_int_equal(evs_backtest_result_n_trades(r), 1);
    const evs_bt_trade *t = evs_backtest_result_trade(r, 0);
    /* enter at the close of day 1 (11), exit at the close of day 4 (13):
     * g = 13/11 - 1; g_m = 103/101 - 1; c = 0.002 */
    double g = 13.0 / 11 - 1, gm = 103.0 / 101 - 1, cst = 0.002;
    assert_int_equal(t->entry_date, bt_day(1));
    assert_int_equal(t->exit_date, bt_day(4));
    assert_int_equal(t->days_held, 3);
    assert_int_equal(t->exit, EVS_BT_EXIT_SCHEDULED);
    assert_close(t->entry_price, 11, 0);
    assert_close(t->exit_price, 13, 0);
    assert_close(t->gross, g, 1e-15);
    assert_close(t->net, g - cst * (2 + g), 1e-15);
    assert_close(t->market_return, gm, 1e-15);
    assert_close(t->beta, 1, 0);
    assert_close(t->hedged, g - cst * (2 + g) - gm - cst * (2 + gm), 1e-15);
    assert_close(t->ret, t->hedged, 0);
    /* one trade: the portfolio compounds to the trade's own return */
    const evs_bt_summary *s = evs_backtest_result_summary(r, 0);
    assert_int_equal(s->portfolio_days, 3);
    assert_close(s->total_return, t->ret, 1e-14);
    assert_close(s->stats.mean, t->ret, 0);
    evs_backtest_result_free(r);
    evs_dataset_free(ds);
}

static void open_entry_short(void **state)
{
    (void)state;
    evs_dataset *ds = bt_basic();
    evs_backtest_config c;
    bt_cfg(&c, 1, 2, -1);
    c.at = EVS_BT_AT_OPEN;
    c.hedge = EVS_BT_HEDGE_ONE;
    c.cost_bps = 25;
    evs_backtest_result *r = run1(&c, ds, "S", 1, EVS_OK);
    const evs_bt_trade *t = evs_backtest_result_trade(r, 0);
    /* day k = 2: enter at the open 11.5, exit at the close of day 4 (13);
     * market open of day 2 is 101.5, close of day 4 is 103 */
    double g = 13 / 11.5 - 1, gm = 103 / 101.5 - 1, cst = 0.0025;
    assert_int_equal(t->entry_date, bt_day(2));
    assert_close(t->entry_price, 11.5, 0);
    assert_close(t->net, -g - cst * (2 + g), 1e-15);
    assert_close(t->hedged, -g - cst * (2 + g) + gm - cst * (2 + gm), 1e-15);
    /* the open day's session counts: days 2, 3 and 4 are portfolio days */
    const evs_bt_summary *s = evs_backtest_result_summary(r, 0);
    assert_int_equal(s->portfolio_days, 3);
    assert_close(s->total_return, t->ret, 1e-14);
    size_t n;
    const evs_bt_day *d = evs_backtest_result_portfolio(r, 0, &n);
    assert_int_equal(n, 3);
    /* day 2 value: 1 - (12/11.5 - 1) + (102/101.5 - 1) - c * 2 */
    double v2 = 1 - (12 / 11.5 - 1) + (102 / 101.5 - 1) - cst * 2;
    assert_close(d[0].value, v2, 1e-14);
    assert_close(d[0].ret, v2 - 1, 1e-14);
    assert_int_equal(d[0].date, bt_day(2));
    assert_int_equal(d[0].open, 1);
    evs_backtest_result_free(r);
    evs_dataset_free(ds);
}

static void exits_delayed_and_end_of_data(void **state)
{
    (void)state;
    /* S without a row on day 4: a 3-day hold from day 1 exits on day 5 */
    double so[8], sc[8];
    memcpy(so, bt_so, sizeof so);
    memcpy(sc, bt_sc, sizeof sc);
    so[4] = sc[4] = NAN;
    evs_dataset *ds = evs_dataset_new(NULL);
    bt_add(ds, bt_series("MKT", bt_mo, bt_mc, NULL, 8));
    bt_add(ds, bt_series("S", so, sc, NULL, 8));
    evs_backtest_config c;
    bt_cfg(&c, 0, 3, 1);
    c.hold[1] = 10;
    c.n_hold = 2;
    evs_backtest_result *r = run1(&c, ds, "S", 1, EVS_OK);
    const evs_bt_trade *t = evs_backtest_result_trade(r, 0);
    assert_int_equal(t->exit, EVS_BT_EXIT_DELAYED);
    assert_int_equal(t->exit_date, bt_day(5));
    assert_int_equal(t->days_held, 4);
    assert_close(t->gross, 14.0 / 11 - 1, 1e-15);
    /* 10 days from day 1 is past the data: marked at the last close (16) */
    t = evs_backtest_result_trade(r, 1);
    assert_int_equal(t->exit, EVS_BT_EXIT_END_OF_DATA);
    assert_int_equal(t->exit_date, bt_day(7));
    assert_close(t->gross, 16.0 / 11 - 1, 1e-15);
    const evs_bt_summary *s = evs_backtest_result_summary(r, 1);
    assert_int_equal(s->end_of_data, 1);
    assert_close(s->mean_days_held, 6, 0);
    /* the missing day 4 carries day 3's price: the path still compounds to
     * the trade's return, over days 2..5 */
    s = evs_backtest_result_summary(r, 0);
    assert_int_equal(s->portfolio_days, 4);
    assert_close(s->total_return, 14.0 / 11 - 1, 1e-14);
    evs_backtest_result_free(r);
    evs_dataset_free(ds);
}

static void adjusted_basis(void **state)
{
    (void)state;
    /* adj_close = half the close on days 0-2 (a 2:1 split later), equal
     * from day 3: the open of day 1 goes on the adjusted basis by 5.5/11 */
    const double o[] = {9.8, 10.5, 11.5, 5.9, 6.0, 6.5, 7, 7.5};
    const double cl[] = {10, 11, 12, 5.5, 6.5, 7, 7.5, 8};
    const double adj[] = {5, 5.5, 6, 5.5, 6.5, 7, 7.5, 8};
    evs_dataset *ds = evs_dataset_new(NULL);
    bt_add(ds, bt_series("MKT", bt_mo, bt_mc, NULL, 8));
    bt_add(ds, bt_series("S", o, cl, adj, 8));
    evs_backtest_config c;
    bt_cfg(&c, 0, 3, 1);
    c.at = EVS_BT_AT_OPEN;
    evs_backtest_result *r = run1(&c, ds, "S", 1, EVS_OK);
    const evs_bt_trade *t = evs_backtest_result_trade(r, 0);
    /* raw prices reported; return 6.5 / (10.5 * 5.5/11) - 1 */
    assert_close(t->entry_price, 10.5, 0);
    assert_close(t->exit_price, 6.5, 0);
    assert_close(t->gross, 6.5 / (10.5 * 0.5) - 1, 1e-15);
    assert_true(isnan(t->hedged) && isnan(t->beta) && isnan(t->market_return));
    assert_close(t->ret, t->net, 0);
    evs_backtest_result_free(r);
    evs_dataset_free(ds);
}

static void hedge_beta_known(void **state)
{
    (void)state;
    /* market returns x = (.01, -.01, .02, -.02) on days 1-4 and stock
     * returns 2x + e with e = (a, a, -a, -a): e sums to 0 and is orthogonal
     * to x, so the OLS slope is exactly 2 */
    double x[] = {0, 0.01, -0.01, 0.02, -0.02, 0.03, 0.01, -0.01};
    double a = 0.001, e[] = {0, a, a, -a, -a, 0.004, 0, 0};
    double mc[8], sc[8], mo[8], so[8];
    mc[0] = 100;
    sc[0] = 50;
    for (int i = 1; i < 8; i++) {
        mc[i] = mc[i - 1] * (1 + x[i]);
        sc[i] = sc[i - 1] * (1 + 2 * x[i] + e[i]);
    }
    for (int i = 0; i < 8; i++)
        mo[i] = so[i] = NAN; /* close-only rows */
    evs_dataset *ds = evs_dataset_new(NULL);
    bt_add(ds, bt_series("MKT", mo, mc, NULL, 8));
    bt_add(ds, bt_series("S", so, sc, NULL, 8));
    evs_backtest_config c;
    bt_cfg(&c, 0, 2, 1);
    c.hedge = EVS_BT_HEDGE_BETA;
    c.estimation = (evs_window){-5, -1};
    c.min_est = 4;
    evs_backtest_result *r = run1(&c, ds, "S", 5, EVS_OK);
    const evs_bt_trade *t = evs_backtest_result_trade(r, 0);
    assert_close(t->beta, 2, 1e-12);
    /* enter at the close of day 5, exit at day 7: the hedged return is the
     * growth of S minus 2 times that of MKT */
    double g = sc[7] / sc[5] - 1, gm = mc[7] / mc[5] - 1;
    assert_close(t->hedged, g - 2 * gm, 1e-12);
    evs_backtest_result_free(r);
    evs_dataset_free(ds);
}

static void return_series(void **state)
{
    (void)state;
    /* S as returns: days 1-7; a gap on day 6 in S2 */
    const double rs[] = {NAN, 0.01, 0.02, -0.03, 0.04, 0.05, 0.06, 0.07};
    const double r2[] = {NAN, 0.01, 0.02, -0.03, 0.04, 0.05, NAN, 0.07};
    evs_dataset *ds = evs_dataset_new(NULL);
    bt_add(ds, bt_series("MKT", bt_mo, bt_mc, NULL, 8));
    bt_add(ds, bt_returns("S", rs, 8));
    bt_add(ds, bt_returns("S2", r2, 8));
    evs_backtest_config c;
    bt_cfg(&c, 0, 3, 1);
    c.hold[1] = 20;
    c.n_hold = 2;
    evs_backtest_result *r = run1(&c, ds, "S", 1, EVS_OK);
    const evs_bt_trade *t = evs_backtest_result_trade(r, 0);
    /* close of day 1 to close of day 4: 1.02 * 0.97 * 1.04 - 1 */
    assert_close(t->gross, 1.02 * 0.97 * 1.04 - 1, 1e-15);
    assert_true(isnan(t->entry_price) && isnan(t->exit_price));
    t = evs_backtest_result_trade(r, 1);
    assert_int_equal(t->exit, EVS_BT_EXIT_END_OF_DATA);
    assert_int_equal(t->exit_date, bt_day(7));
    evs_backtest_result_free(r);
    /* a gap inside the hold cannot be bridged: skipped */
    bt_cfg(&c, 3, 4, 1);
    r = run1(&c, ds, "S2", 1, EVS_ENODATA);
    assert_int_equal(evs_backtest_result_n_skipped(r), 1);
    const evs_bt_skip *k = evs_backtest_result_skip(r, 0);
    assert_int_equal(k->reason, EVS_BT_SKIP_MISSING_RETURN);
    assert_non_null(strstr(k->message, "no return on 2024-01-07"));
    evs_backtest_result_free(r);
    /* and a return series has no open */
    bt_cfg(&c, 0, 3, 1);
    c.at = EVS_BT_AT_OPEN;
    r = run1(&c, ds, "S", 1, EVS_ENODATA);
    assert_int_equal(evs_backtest_result_skip(r, 0)->reason, EVS_BT_SKIP_NO_ENTRY_PRICE);
    assert_non_null(strstr(evs_backtest_result_skip(r, 0)->message, "no open prices"));
    evs_backtest_result_free(r);
    evs_dataset_free(ds);
}

static void marketless(void **state)
{
    (void)state;
    /* unhedged without any market: the calendar is the stock's own dates,
     * and day 0 = 2024-01-03 (index 2) */
    evs_dataset *ds = bt_basic();
    evs_backtest_config c;
    bt_cfg(&c, 0, 1, 1);
    c.market = NULL;
    evs_backtest_result *r = run1(&c, ds, "S", 2, EVS_OK);
    const evs_bt_trade *t = evs_backtest_result_trade(r, 0);
    assert_null(t->market);
    assert_close(t->gross, 11.0 / 12 - 1, 1e-15);
    evs_backtest_result_free(r);
    evs_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(trade_return_formula),
        cmocka_unit_test(stats_known),
        cmocka_unit_test(stats_edges),
        cmocka_unit_test(drawdown_known),
        cmocka_unit_test(close_to_close),
        cmocka_unit_test(open_entry_short),
        cmocka_unit_test(exits_delayed_and_end_of_data),
        cmocka_unit_test(adjusted_basis),
        cmocka_unit_test(hedge_beta_known),
        cmocka_unit_test(return_series),
        cmocka_unit_test(marketless)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
