/* What a study keeps per event, checked against the inputs it came from:
 * the event-window dates, returns and market returns (views into arrays
 * the result keeps once per market or security), the packed fit, and the
 * estimation residuals a test reads through evs_test_est_row (recomputed
 * on demand, never stored).  Every check is made after the inputs are
 * freed, so a view into them would fail under ASan and valgrind. */
#include "testutil.h"

#define NDAYS 700
#define NSYM 4

static double mkt[NDAYS], sec[NSYM][NDAYS];

static evs_dataset *make_data(void)
{
    evs_dataset *ds = evs_dataset_new(NULL);
    unsigned long seed = 4242;
    for (size_t t = 0; t < NDAYS; t++)
        mkt[t] = t % 97 == 5 ? NAN : 0.01 * tu_rnd(&seed);
    tu_add_returns(ds, "M", mkt, NDAYS);
    for (size_t k = 0; k < NSYM; k++) {
        char name[8];
        snprintf(name, sizeof name, "S%zu", k);
        for (size_t t = 0; t < NDAYS; t++)
            sec[k][t] = t % 31 == k ? NAN
                                    : (0.5 + 0.2 * (double)k) * (isnan(mkt[t])
                                          ? 0 : mkt[t]) + 0.02 * tu_rnd(&seed);
        tu_add_returns(ds, name, sec[k], NDAYS);
    }
    return ds;
}

/* Event days: two far apart for S0 and S1 (their spans cover both), one
 * each for S2 and S3, one that runs off the data (dropped). */
static const struct {
    size_t sym, at;
} events[] = {{0, 300}, {1, 280}, {0, 650}, {2, 400}, {1, 600}, {3, 690},
              {3, 500}};
#define NEV (sizeof events / sizeof events[0])

static evs_study_result *run(const char *model, evs_dataset *ds)
{
    evs_events *ev = evs_events_new(NULL);
    for (size_t i = 0; i < NEV; i++) {
        char name[8];
        snprintf(name, sizeof name, "S%zu", events[i].sym);
        evs_events_add(ev, name, tu_weekday(events[i].at), NULL, NULL, NULL);
    }
    evs_study_config c;
    evs_study_config_init(&c);
    c.model = model;
    c.market = "M";
    c.tests[0] = "corrado-rank"; /* reads the estimation residuals */
    c.tests[1] = "t";
    c.n_tests = 2;
    evs_study_result *r = NULL;
    evs_error err = {0};
    if (evs_study_run(&c, ds, ev, NULL, &r, &err) != EVS_OK)
        fail_msg("study failed: %s", err.msg);
    evs_events_free(ev);
    return r;
}

static void same_bits(double a, double b)
{
    if (isnan(a) && isnan(b))
        return;
    assert_memory_equal(&a, &b, sizeof a);
}

/* Independent OLS of sec on mkt over calendar days e0..e1. */
static void ols(size_t k, size_t e0, size_t e1, double *a, double *b,
                size_t *n)
{
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    size_t m = 0;
    for (size_t t = e0; t <= e1; t++) {
        double x = mkt[t], y = sec[k][t];
        if (isnan(x) || isnan(y))
            continue;
        m++;
        sx += x;
        sy += y;
        sxx += x * x;
        sxy += x * y;
    }
    *b = (sxy - sx * sy / (double)m) / (sxx - sx * sx / (double)m);
    *a = sy / (double)m - *b * sx / (double)m;
    *n = m;
}

static void check(const evs_study_result *r, int market_model)
{
    const evs_study_config *c = evs_study_result_config(r);
    const evs_test_data *td = evs_study_result_test_data(r);
    size_t L = evs_study_result_win_len(r), row = 0;
    double buf[300];
    assert_true(evs_test_has_est(td));
    assert_int_equal(td->est_len, 240);
    assert_int_equal(evs_study_result_n_ok(r), NEV - 1);
    for (size_t i = 0; i < NEV; i++) {
        evs_event_result e = evs_study_result_event(r, i);
        if (events[i].at == 690) {
            assert_int_equal(e.status, EVS_EVENT_WINDOW_OFF);
            assert_null(e.ar);
            continue;
        }
        assert_int_equal(e.status, EVS_EVENT_OK);
        size_t k = events[i].sym, t0 = events[i].at;
        for (size_t j = 0; j < L; j++) {
            size_t t = t0 + (size_t)((long)c->window.first + (long)j);
            assert_int_equal(e.dates[j], tu_weekday(t));
            same_bits(e.ret[j], sec[k][t]);
            same_bits(e.mret[j], mkt[t]);
        }
        size_t e0 = t0 + (size_t)((long)c->estimation.first);
        size_t e1 = t0 + (size_t)((long)c->estimation.last);
        const double *est = evs_test_est_row(td, row, buf);
        if (market_model) {
            double a, b;
            size_t n;
            ols(k, e0, e1, &a, &b, &n);
            assert_int_equal(e.fit.k, 2);
            assert_int_equal(e.fit.n, n);
            assert_int_equal(e.fit.df, n - 2);
            assert_close(e.fit.alpha, a, 1e-10);
            assert_close(e.fit.beta, b, 1e-10);
            same_bits(e.fit.coef[0], e.fit.alpha);
            same_bits(e.fit.coef[1], e.fit.beta);
            assert_true(e.fit.xtx_inv[3] > 0);
            same_bits(e.fit.xtx_inv[1], e.fit.xtx_inv[2]);
        } else {
            assert_int_equal(e.fit.k, 0);
            assert_true(e.fit.beta == 1);
        }
        same_bits(td->sigma[row], e.fit.sigma);
        for (size_t j = 0; j < td->est_len; j++) {
            size_t t = e0 + j;
            /* The model's own arithmetic: alpha + beta R_m (market model),
             * R_m (market-adjusted). */
            double ex = market_model ? e.fit.coef[0] + e.fit.coef[1] * mkt[t]
                                     : mkt[t];
            same_bits(est[j], sec[k][t] - ex);
        }
        for (size_t j = 0; j < L; j++)
            same_bits(e.ar[j], e.ret[j] - e.expected[j]);
        row++;
    }
}

static void market_model_rows(void **state)
{
    (void)state;
    evs_dataset *ds = make_data();
    evs_study_result *r = run("market", ds);
    evs_dataset_free(ds); /* the result must not look back */
    check(r, 1);
    evs_study_result_free(r);
}

static void market_adjusted_rows(void **state)
{
    (void)state;
    evs_dataset *ds = make_data();
    evs_study_result *r = run("market-adjusted", ds);
    evs_dataset_free(ds);
    check(r, 0);
    evs_study_result_free(r);
}

/* A hand-built view with an est_ar matrix reads through the same call. */
static void matrix_rows(void **state)
{
    (void)state;
    double m[6] = {1, 2, 3, 4, 5, 6}, buf[3];
    evs_test_data d = {.n_events = 2, .est_len = 3, .est_ar = m};
    assert_true(evs_test_has_est(&d));
    assert_ptr_equal(evs_test_est_row(&d, 1, buf), m + 3);
    d.est_ar = NULL;
    assert_false(evs_test_has_est(&d));
    assert_null(evs_test_est_row(&d, 1, buf));
}

static void timings_are_recorded(void **state)
{
    (void)state;
    evs_dataset *ds = make_data();
    evs_study_result *r = run("market", ds);
    evs_study_timing t = evs_study_result_timing(r);
    /* Present and sane, never compared with a budget (that is the
     * benchmark's job). */
    assert_true(t.events >= 0 && t.aggregate >= 0 && t.tests >= 0);
    assert_true(isfinite(t.events + t.aggregate + t.tests));
    evs_study_result_free(r);
    evs_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(market_model_rows),
        cmocka_unit_test(market_adjusted_rows),
        cmocka_unit_test(matrix_rows),
        cmocka_unit_test(timings_are_recorded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
