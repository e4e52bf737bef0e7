/* What the statistics suite adds to a study: BHAR and ABHAR by hand, the
 * per-event t tests, the missing-value convention, the new models' error
 * paths, factor-model configuration errors, and allocation failures
 * anywhere in a run with every test selected. */
#include <stdlib.h>

#include "internal.h"
#include "testutil.h"

/* 40 days from 2024-01-01 (calendar days: the calendar is the market's
 * rows).  Estimation -30:-3 returns follow a fixed pattern; event days
 * -1..2 have returns chosen by hand. */
enum { DAYS = 40, T0 = 35 };
static const double ev_m[] = {0.01, -0.01, 0.02, 0.0};  /* days -1..2 */
static const double ev_s[] = {0.02, 0.03, -0.01, 0.01};

static void build(evs_dataset *ds, int hole)
{
    char buf[4096], *p;
    const char *names[] = {"M", "S"};
    for (int k = 0; k < 2; k++) {
        double px = 100;
        p = buf + sprintf(buf, "date,close\n");
        for (int t = 0; t < DAYS; t++) {
            double r = 0.004 * ((t * (3 + 4 * k)) % 7 - 3) + 0.001 * (t % 2);
            if (t >= T0 - 1 && t <= T0 + 2)
                r = (k ? ev_s : ev_m)[t - T0 + 1];
            px *= t ? 1 + r : 1;
            evs_date d;
            evs_date_from_ymd(2024, 1, 1, &d);
            char ds_[EVS_DATE_BUFSZ];
            if (hole && k == 1 && t == T0 + 1)
                p += sprintf(p, "%s,\n", evs_date_format(d + t, ds_));
            else
                p += sprintf(p, "%s,%.12f\n", evs_date_format(d + t, ds_), px);
        }
        evs_error e = {0};
        assert_int_equal(evs_load_prices_buffer(ds, buf, strlen(buf), names[k],
                                                names[k], NULL, &e), EVS_OK);
    }
}

static evs_study_result *run(evs_study_config *c, int hole, evs_status *st)
{
    evs_error e = {0};
    evs_dataset *ds = evs_dataset_new(&e);
    evs_events *ev = evs_events_new(&e);
    build(ds, hole);
    evs_date d;
    evs_date_from_ymd(2024, 1, 1, &d);
    evs_events_add(ev, "S", d + T0, "M", NULL, &e);
    evs_study_result *r = NULL;
    *st = evs_study_run(c, ds, ev, NULL, &r, &e);
    evs_dataset_free(ds);
    evs_events_free(ev);
    return r;
}

static void config(evs_study_config *c)
{
    evs_study_config_init(c);
    c->model = "market-adjusted";
    c->estimation = (evs_window){-30, -3};
    c->window = (evs_window){-1, 2};
    c->min_est = 10;
    c->threads = 1;
}

/* BHAR over -1:2 = 1.02*1.03*0.99*1.01 - 1.01*0.99*1.02*1.00
 *               = 1.05049494 - 1.019898 = 0.03059694,
 * CAR = 2+3-1+1 - (1-1+2+0) = 3 %. */
static void bhar_by_hand(void **state)
{
    (void)state;
    evs_study_config c;
    config(&c);
    evs_status st;
    evs_study_result *r = run(&c, 0, &st);
    assert_int_equal(st, EVS_OK);
    assert_close(evs_study_result_car(r, 0, 0), 0.03, 1e-9);
    assert_close(evs_study_result_bhar(r, 0, 0), 0.03059694, 1e-9);
    assert_close(evs_study_result_abhar(r)[0], 0.03059694, 1e-9);
    assert_int_equal(evs_study_result_abhar_n(r)[0], 1);
    /* Per-event t: SCAR = CAR / (sigma sqrt 4), df = M - 1. */
    evs_event_result e = evs_study_result_event(r, 0);
    evs_test_result t = evs_study_result_event_car_test(r, 0, 0);
    assert_int_equal(t.status, EVS_TEST_OK);
    assert_close(t.statistic, 0.03 / (e.fit.sigma * 2), 1e-9);
    assert_close(t.df, (double)e.fit.n - 1, 0);
    assert_close(t.p_value, evs__p_t(t.statistic, t.df), 1e-15);
    t = evs_study_result_event_day_test(r, 0, 1);
    assert_close(t.statistic, 0.04 / e.fit.sigma, 1e-9);
    assert_int_equal(evs_study_result_event_car_test(r, 5, 0).status,
                     EVS_TEST_TOO_FEW);
    assert_true(isnan(evs_study_result_bhar(r, 0, 7)));
    evs_study_result_free(r);
}

/* A missing price on day 1 removes the returns of days 1 and 2: skip
 * sums days -1 and 0 (CAR 2+3-1+1 = 5 % minus 0 market = ...), complete
 * gives no CAR and no BHAR. */
static void missing_convention(void **state)
{
    (void)state;
    evs_study_config c;
    config(&c);
    evs_status st;
    evs_study_result *r = run(&c, 1, &st);
    assert_int_equal(st, EVS_OK);
    assert_int_equal(evs_study_result_car_days(r, 0, 0), 2);
    assert_close(evs_study_result_car(r, 0, 0), 0.05 - 0.0, 1e-9);
    assert_close(evs_study_result_bhar(r, 0, 0), 1.02 * 1.03 - 1.01 * 0.99,
                 1e-9);
    evs_study_result_free(r);
    evs_error e = {0};
    assert_int_equal(evs_test_conv_set(&c.conv, "missing", "complete", &e),
                     EVS_OK);
    r = run(&c, 1, &st);
    assert_int_equal(st, EVS_OK);
    assert_true(isnan(evs_study_result_car(r, 0, 0)));
    assert_true(isnan(evs_study_result_bhar(r, 0, 0)));
    assert_int_equal(evs_study_result_abhar_n(r)[0], 0);
    evs_study_result_free(r);
}

static void factor_config_errors(void **state)
{
    (void)state;
    evs_study_config c;
    config(&c);
    c.model = "ff3";
    evs_status st;
    evs_error e = {0};
    evs_dataset *ds = evs_dataset_new(&e);
    evs_events *ev = evs_events_new(&e);
    evs_events_add(ev, "S", 0, "M", NULL, &e);
    evs_study_result *r = NULL;
    st = evs_study_run(&c, ds, ev, NULL, &r, &e);
    assert_int_equal(st, EVS_EINVAL);
    assert_msg_has(e, "model ff3 needs a factor file");
    const char no_hml[] = "date,Mkt-RF,SMB,RF\n20240102,0.1,0.2,0.01\n";
    evs_factors *f = evs_factors_load_buffer(no_hml, sizeof no_hml - 1, "f",
                                             EVS_FACTOR_UNITS_AUTO, &e);
    c.factors = f;
    assert_int_equal(evs_study_run(&c, ds, ev, NULL, &r, &e), EVS_EINVAL);
    assert_msg_has(e, "needs factor column 'HML'");
    c.model = "factors:SMB";
    const char no_rf[] = "date,Mkt-RF,SMB,HML\n20240102,0.1,0.2,0.01\n";
    evs_factors *g = evs_factors_load_buffer(no_rf, sizeof no_rf - 1, "g",
                                             EVS_FACTOR_UNITS_AUTO, &e);
    c.factors = g;
    c.model = "ff3";
    assert_int_equal(evs_study_run(&c, ds, ev, NULL, &r, &e), EVS_EINVAL);
    assert_msg_has(e, "needs the risk-free column RF");
    c.model = "factors:";
    assert_int_equal(evs_study_run(&c, ds, ev, NULL, &r, &e), EVS_EINVAL);
    assert_msg_has(e, "unknown model 'factors:'");
    /* Settings the CLI cannot produce but the library API can. */
    c.model = "dimson";
    c.model_opts.lags = 7;
    assert_int_equal(evs_study_run(&c, ds, ev, NULL, &r, &e), EVS_EINVAL);
    assert_msg_has(e, "dimson lags and leads must be 0 to 5");
    c.model_opts.lags = 1;
    c.conv.choice[EVS_CONV_SIGN_ZERO] = 3;
    assert_int_equal(evs_study_run(&c, ds, ev, NULL, &r, &e), EVS_EINVAL);
    assert_msg_has(e, "convention sign-zero has no choice 3");
    assert_null(evs_test_conv_value(&c.conv, EVS_CONV_SIGN_ZERO));
    c.conv.choice[EVS_CONV_SIGN_ZERO] = 0;
    c.conv.boot_frac = NAN;
    assert_int_equal(evs_study_run(&c, ds, ev, NULL, &r, &e), EVS_EINVAL);
    assert_msg_has(e, "the fraction in (0, 1]");
    evs_factors_free(f);
    evs_factors_free(g);
    evs_dataset_free(ds);
    evs_events_free(ev);
}

/* ff5 and carhart read the columns their names promise: the same fits as
 * factors: with those columns listed (whose numbers the reference script
 * checks), on a factor file with the columns in another order. */
static void named_factor_models(void **state)
{
    (void)state;
    char txt[8192], *p = txt;
    p += sprintf(p, "date,Mom,CMA,RF,HML,RMW,SMB,Mkt-RF\n");
    evs_date d0;
    evs_date_from_ymd(2024, 1, 1, &d0);
    for (int t = 0; t < DAYS; t++) {
        char ds_[EVS_DATE_BUFSZ];
        p += sprintf(p, "%s", evs_date_format(d0 + t, ds_));
        for (int j = 0; j < 7; j++)
            p += sprintf(p, ",%.6f", j == 2 ? 0.0001
                                            : 0.003 * sin(t * (j + 1.7)));
        p += sprintf(p, "\n");
    }
    evs_error e = {0};
    evs_factors *f = evs_factors_load_buffer(txt, strlen(txt), "f.csv",
                                             EVS_FACTOR_UNITS_AUTO, &e);
    assert_non_null(f);
    const char *pairs[][2] = {{"ff5", "factors:Mkt-RF,SMB,HML,RMW,CMA"},
                              {"carhart", "factors:Mkt-RF,SMB,HML,Mom"},
                              {"ff3", "factors:Mkt-RF,SMB,HML"}};
    for (size_t k = 0; k < 3; k++) {
        evs_study_config c;
        config(&c);
        c.factors = f;
        evs_status st;
        c.model = pairs[k][0];
        evs_study_result *a = run(&c, 0, &st);
        assert_int_equal(st, EVS_OK);
        c.model = pairs[k][1];
        evs_study_result *b = run(&c, 0, &st);
        assert_int_equal(st, EVS_OK);
        evs_fit fa = evs_study_result_event(a, 0).fit;
        evs_fit fb = evs_study_result_event(b, 0).fit;
        assert_int_equal(fa.k, fb.k);
        for (size_t j = 0; j < fa.k; j++)
            assert_close(fa.coef[j], fb.coef[j], 1e-12);
        assert_close(fa.sigma, fb.sigma, 1e-12);
        assert_close(evs_study_result_car(a, 0, 0),
                     evs_study_result_car(b, 0, 0), 1e-12);
        evs_study_result_free(a);
        evs_study_result_free(b);
    }
    evs_factors_free(f);
}

static void model_registry(void **state)
{
    (void)state;
    assert_string_equal(evs_model_find("factors:SMB,HML")->name, "factors");
    assert_null(evs_model_find("factors"));
    assert_null(evs_model_find("factors:A,,B"));
    assert_null(evs_model_find("factors:1,2,3,4,5,6,7,8,9,10,11,12"));
    assert_non_null(evs_model_find("factors:1,2,3,4,5,6,7,8,9,10,11"));
    char names[EVS_MODEL_MAX_PARAMS][EVS_FACTOR_NAME_MAX + 1];
    assert_int_equal(evs_model_factors("carhart", names, 12), 4);
    assert_string_equal(names[3], "Mom");
    assert_int_equal(evs_model_factors("ff5", names, 12), 5);
    assert_string_equal(names[4], "CMA");
    assert_int_equal(evs_model_factors("market", names, 12), 0);
    evs_model_opts o = {.min_obs = 3, .lags = 2, .leads = 1};
    assert_int_equal(evs_model_find("dimson")->n_params(&o), 5);
}

/* Model error paths on small inputs. */
static void model_errors(void **state)
{
    (void)state;
    double ret[12], mkt[12], f1[12];
    for (int t = 0; t < 12; t++) {
        mkt[t] = t % 2 ? 0.01 : -0.01; /* autocorrelation -1 */
        ret[t] = 0.5 * mkt[t] + 0.001 * (t % 3);
        f1[t] = 0.002 * t;
    }
    evs_model_input in = {ret, mkt, NULL, 0, NULL, 12};
    evs_model_opts o = {.min_obs = 3, .lags = 6, .leads = 1};
    evs_fit fit;
    evs_error e = {0};
    assert_int_equal(evs_model_find("dimson")->fit(&in, 1, 10, &o, &fit, &e),
                     EVS_EINVAL);
    assert_msg_has(e, "dimson lags and leads must be 0 to 5");
    o.lags = 1;
    assert_int_equal(evs_model_find("scholes-williams")->fit(&in, 1, 10, &o,
                                                              &fit, &e),
                     EVS_EDOMAIN);
    assert_msg_has(e, "makes 1 + 2 rho non-positive");
    for (int t = 0; t < 12; t++)
        mkt[t] = 0.01;
    assert_int_equal(evs_model_find("scholes-williams")->fit(&in, 1, 10, &o,
                                                              &fit, &e),
                     EVS_EDOMAIN);
    assert_msg_has(e, "zero variance");
    o.min_obs = 20;
    assert_int_equal(evs_model_find("scholes-williams")->fit(&in, 1, 10, &o,
                                                              &fit, &e),
                     EVS_ENODATA);
    const double *facs[1] = {f1};
    in.factors = facs;
    in.n_factors = 1;
    o.min_obs = 3;
    assert_int_equal(evs_model_find("ff3")->fit(&in, 0, 11, &o, &fit, &e),
                     EVS_EINVAL);
    assert_msg_has(e, "model ff3 needs 3 factor columns, got 1");
}

/* Dimson with no lags or leads is the market model. */
static void dimson_is_market(void **state)
{
    (void)state;
    double ret[30], mkt[30];
    for (int t = 0; t < 30; t++) {
        mkt[t] = 0.01 * sin(t * 1.3);
        ret[t] = 0.0005 + 1.3 * mkt[t] + 0.004 * cos(t * 2.1);
    }
    evs_model_input in = {ret, mkt, NULL, 0, NULL, 30};
    evs_model_opts o = {.min_obs = 3, .lags = 0, .leads = 0};
    evs_fit a, b;
    evs_error e = {0};
    assert_int_equal(evs_model_find("dimson")->fit(&in, 0, 29, &o, &a, &e),
                     EVS_OK);
    assert_int_equal(evs_model_find("market")->fit(&in, 0, 29, &o, &b, &e),
                     EVS_OK);
    assert_close(a.alpha, b.alpha, 1e-12);
    assert_close(a.beta, b.beta, 1e-12);
    assert_close(a.sigma, b.sigma, 1e-12);
}

/* A result in which every test either says why it could not run or has
 * finite numbers. */
static int clean(const evs_study_result *r)
{
    size_t nt = evs_study_result_n_tests(r), L = evs_study_result_win_len(r);
    const evs_test_result *d = evs_study_result_day_tests(r);
    for (size_t j = 0; j < nt * L; j++) {
        if (d[j].status == EVS_TEST_NO_MEMORY)
            return 0;
        if (d[j].status == EVS_TEST_OK && !isfinite(d[j].p_value))
            fail_msg("test %zu ok with p %g", j / L, d[j].p_value);
    }
    return 1;
}

/* The k-th allocation fails, for k = 1, 2, ... until 100 runs in a row
 * succeed cleanly (past the last allocation of a run): each run returns
 * ENOMEM, or OK with the failed test marked "no-memory", and leaks
 * nothing (make check-asan). */
static void alloc_failures(void **state)
{
    (void)state;
    evs_study_config c;
    config(&c);
    c.model = "market";
    unsigned long k, streak = 0, failed = 0;
    for (k = 1; k < 20000 && streak < 100; k++) {
        evs_error e = {0};
        evs_dataset *ds = evs_dataset_new(&e);
        evs_events *ev = evs_events_new(&e);
        if (ds == NULL || ev == NULL)
            fail_msg("setup");
        build(ds, 0);
        evs_date d;
        evs_date_from_ymd(2024, 1, 1, &d);
        evs_events_add(ev, "S", d + T0, "M", NULL, &e);
        evs_events_add(ev, "S", d + T0 - 1, "M", NULL, &e);
        evs_study_result *r = NULL;
        evs__alloc_fail_after(k);
        evs_status st = evs_study_run(&c, ds, ev, NULL, &r, &e);
        evs__alloc_fail_after(0);
        if (st == EVS_OK && clean(r)) {
            streak++;
        } else {
            streak = 0;
            failed++;
            if (st != EVS_OK) {
                assert_int_equal(st, EVS_ENOMEM);
                assert_msg_has(e, "out of memory");
            }
        }
        evs_study_result_free(r);
        evs_dataset_free(ds);
        evs_events_free(ev);
    }
    assert_true(streak == 100 && failed > 50);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bhar_by_hand), cmocka_unit_test(missing_convention),
        cmocka_unit_test(factor_config_errors),
        cmocka_unit_test(named_factor_models),
        cmocka_unit_test(model_registry), cmocka_unit_test(model_errors),
        cmocka_unit_test(dimson_is_market), cmocka_unit_test(alloc_failures)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
