/* The study engine: properties that must hold whatever the data (CAR is the
 * sum of ARs; market-adjusted is the market model with alpha 0 and beta 1;
 * permuting events, shifting dates or changing the thread count changes
 * nothing; adding d to day-0 returns moves AAR(0) by d), every drop reason,
 * configuration errors, and results that outlive their inputs.  Numbers are
 * checked against scripts/reference_study.py in tests/cli/study.bats. */
#include "testutil.h"

#define NDAYS 400
#define NSYM 150

/* A deterministic pseudo-random stream (LCG; quality is irrelevant here). */
static double rnd(unsigned long *s)
{
    *s = *s * 6364136223846793005ul + 1442695040888963407ul;
    return ((double)(*s >> 11) / 9007199254740992.0) - 0.5;
}

static evs_date day(size_t i, int shift)
{
    /* Weekdays only, starting Monday 2024-01-01. */
    evs_date d0;
    evs_date_from_ymd(2024, 1, 1, &d0);
    return d0 + (evs_date)(i / 5 * 7 + i % 5) + shift;
}

/* Market "M" and securities S0..S(n-1) as return series; `bump` is added
 * to each security's return on date index bump_at (or -1). */
static evs_dataset *make_data(int shift, double bump, const size_t *bump_at)
{
    evs_dataset *ds = evs_dataset_new(NULL);
    unsigned long seed = 12345;
    double m[NDAYS];
    evs_series *ms = evs_series_new("M", EVS_SERIES_RETURNS, 0, NULL);
    for (size_t t = 0; t < NDAYS; t++) {
        double v[EVS_FIELD_COUNT] = {0};
        m[t] = 0.01 * rnd(&seed);
        v[EVS_FIELD_RET] = m[t];
        evs_series_push(ms, day(t, shift), v, 0, NULL);
    }
    evs_series_finish(ms, "M", NULL, NULL);
    evs_dataset_add_owned(ds, ms, NULL);
    for (size_t k = 0; k < NSYM; k++) {
        char name[16];
        snprintf(name, sizeof name, "S%zu", k);
        evs_series *s = evs_series_new(name, EVS_SERIES_RETURNS, 0, NULL);
        for (size_t t = 0; t < NDAYS; t++) {
            double v[EVS_FIELD_COUNT] = {0};
            v[EVS_FIELD_RET] = 0.0002 * (double)k + (0.5 + 0.01 * (double)k) * m[t] +
                               0.02 * rnd(&seed);
            if (t % 97 == k % 97)
                v[EVS_FIELD_RET] = NAN; /* scattered missing returns */
            if (bump_at != NULL && t == bump_at[k])
                v[EVS_FIELD_RET] += bump;
            evs_series_push(s, day(t, shift), v, 0, NULL);
        }
        evs_series_finish(s, name, NULL, NULL);
        evs_dataset_add_owned(ds, s, NULL);
    }
    return ds;
}

static size_t event_index(size_t k) { return 260 + (k * 7) % 120; }

static evs_events *make_events(int shift, const size_t *perm)
{
    evs_events *ev = evs_events_new(NULL);
    for (size_t j = 0; j < NSYM; j++) {
        size_t k = perm ? perm[j] : j;
        char name[16];
        snprintf(name, sizeof name, "S%zu", k);
        evs_events_add(ev, name, day(event_index(k), shift), NULL, NULL, NULL);
    }
    return ev;
}

static evs_study_config base_config(const char *model)
{
    evs_study_config c;
    evs_study_config_init(&c);
    c.model = model;
    c.market = "M";
    c.estimation = (evs_window){-250, -11};
    c.window = (evs_window){-5, 5};
    c.car[0] = (evs_window){-5, 5};
    c.car[1] = (evs_window){0, 1};
    c.n_car = 2;
    c.model_opts.min_obs = c.min_est = 100;
    return c;
}

static evs_study_result *run(const evs_study_config *c, evs_dataset *ds, evs_events *ev)
{
    evs_study_result *r = NULL;
    evs_error err = {0};
    evs_status st = evs_study_run(c, ds, ev, NULL, &r, &err);
    if (st != EVS_OK)
        fail_msg("study failed: %s", err.msg);
    return r;
}

static void car_is_sum_of_ar(void **state)
{
    (void)state;
    evs_dataset *ds = make_data(0, 0, NULL);
    evs_events *ev = make_events(0, NULL);
    evs_study_config c = base_config("market");
    evs_study_result *r = run(&c, ds, ev);
    assert_int_equal(evs_study_result_n_ok(r), NSYM);
    for (size_t i = 0; i < NSYM; i++) {
        evs_event_result e = evs_study_result_event(r, i);
        for (size_t w = 0; w < 2; w++) {
            double sum = 0;
            size_t n = 0;
            for (int d = c.car[w].first; d <= c.car[w].last; d++) {
                double a = e.ar[d - c.window.first];
                if (!isnan(a)) {
                    sum += a;
                    n++;
                }
            }
            assert_close(evs_study_result_car(r, i, w), sum, 1e-14);
            assert_int_equal(evs_study_result_car_days(r, i, w), n);
        }
    }
    /* CAAR is the running sum of AAR. */
    const double *aar = evs_study_result_aar(r), *caar = evs_study_result_caar(r);
    double acc = 0;
    for (size_t k = 0; k < evs_study_result_win_len(r); k++) {
        acc += aar[k];
        assert_close(caar[k], acc, 1e-14);
    }
    evs_study_result_free(r);
    evs_events_free(ev);
    evs_dataset_free(ds);
}

static void market_adjusted_is_alpha0_beta1(void **state)
{
    (void)state;
    evs_dataset *ds = make_data(0, 0, NULL);
    evs_events *ev = make_events(0, NULL);
    evs_study_config c = base_config("market-adjusted");
    evs_study_result *r = run(&c, ds, ev);
    for (size_t i = 0; i < NSYM; i++) {
        evs_event_result e = evs_study_result_event(r, i);
        assert_close(e.fit.alpha, 0, 0);
        assert_close(e.fit.beta, 1, 0);
        for (size_t k = 0; k < 11; k++) {
            if (isnan(e.ret[k]))
                continue;
            assert_true(e.expected[k] == e.mret[k]);
            assert_true(e.ar[k] == e.ret[k] - (0.0 + 1.0 * e.mret[k]));
        }
    }
    evs_study_result_free(r);
    evs_events_free(ev);
    evs_dataset_free(ds);
}

static void invariances(void **state)
{
    (void)state;
    size_t perm[NSYM];
    for (size_t k = 0; k < NSYM; k++)
        perm[k] = (k * 37 + 11) % NSYM; /* 37 is coprime with 150 */
    evs_dataset *ds = make_data(0, 0, NULL);
    evs_events *ev = make_events(0, NULL), *pev = make_events(0, perm);
    evs_study_config c = base_config("market");
    evs_study_result *a = run(&c, ds, ev), *b = run(&c, ds, pev);
    evs_study_result_free(NULL); /* a no-op, as documented */
    for (size_t j = 0; j < NSYM; j++) {
        evs_event_result x = evs_study_result_event(a, perm[j]);
        evs_event_result y = evs_study_result_event(b, j);
        assert_string_equal(x.event->symbol, y.event->symbol);
        assert_true(x.fit.beta == y.fit.beta);
        assert_true(evs_study_result_car(a, perm[j], 0) == evs_study_result_car(b, j, 0));
    }
    for (size_t k = 0; k < 11; k++) {
        /* Summation order differs: equal to rounding. */
        assert_close(evs_study_result_aar(a)[k], evs_study_result_aar(b)[k], 1e-13);
    }
    const evs_test_result *ta = evs_study_result_day_tests(a), *tb = evs_study_result_day_tests(b);
    for (size_t k = 0; k < evs_study_result_n_tests(a) * 11; k++)
        assert_close(ta[k].statistic, tb[k].statistic, 1e-12);
    evs_study_result_free(b);
    evs_events_free(pev);
    /* Shifting every date by a week changes nothing. */
    evs_dataset *ds7 = make_data(7, 0, NULL);
    evs_events *ev7 = make_events(7, NULL);
    evs_study_result *s7 = run(&c, ds7, ev7);
    for (size_t k = 0; k < 11; k++)
        assert_true(evs_study_result_aar(a)[k] == evs_study_result_aar(s7)[k]);
    evs_study_result_free(s7);
    evs_events_free(ev7);
    evs_dataset_free(ds7);
    /* Thread count changes nothing, bit for bit. */
    for (unsigned t = 1; t <= 3; t++) {
        c.threads = t;
        evs_study_result *rt = run(&c, ds, ev);
        for (size_t i = 0; i < NSYM; i++)
            assert_true(evs_study_result_scar(rt, i, 0) == evs_study_result_scar(a, i, 0));
        for (size_t k = 0; k < 11; k++)
            assert_true(evs_study_result_caar(rt)[k] == evs_study_result_caar(a)[k]);
        evs_study_result_free(rt);
    }
    evs_study_result_free(a);
    evs_events_free(ev);
    evs_dataset_free(ds);
}

static void day0_bump_moves_aar0(void **state)
{
    (void)state;
    size_t at[NSYM];
    for (size_t k = 0; k < NSYM; k++)
        at[k] = event_index(k);
    const double d = 0.0123;
    evs_dataset *ds = make_data(0, 0, NULL), *bumped = make_data(0, d, at);
    evs_events *ev = make_events(0, NULL);
    evs_study_config c = base_config("market-adjusted");
    evs_study_result *a = run(&c, ds, ev), *b = run(&c, bumped, ev);
    double a0 = evs_study_result_aar(a)[5], b0 = evs_study_result_aar(b)[5];
    assert_close(b0 - a0, d, 1e-12);
    assert_close(evs_study_result_aar(b)[4], evs_study_result_aar(a)[4], 0);
    evs_study_result_free(a);
    evs_study_result_free(b);
    evs_events_free(ev);
    evs_dataset_free(ds);
    evs_dataset_free(bumped);
}

static void drop_reasons(void **state)
{
    (void)state;
    evs_dataset *ds = make_data(0, 0, NULL);
    evs_events *ev = evs_events_new(NULL);
    evs_date sat = day(300, 0) + 5 - evs_date_weekday(day(300, 0)) + 1;
    evs_events_add(ev, "S1", day(300, 0), NULL, NULL, NULL);        /* ok */
    evs_events_add(ev, "NOPE", day(300, 0), NULL, NULL, NULL);      /* no prices */
    evs_events_add(ev, "S2", day(300, 0), "NOMKT", NULL, NULL);     /* no market */
    evs_events_add(ev, "S3", day(395, 0), NULL, NULL, NULL);        /* window off */
    evs_events_add(ev, "S4", day(100, 0), NULL, NULL, NULL);        /* est off */
    evs_events_add(ev, "S5", day(0, 0) - 30, NULL, NULL, NULL);     /* before data */
    evs_events_add(ev, "S6", sat, NULL, NULL, NULL);                /* weekend */
    evs_study_config c = base_config("market");
    c.roll = EVS_ROLL_EXACT;
    c.min_est = c.model_opts.min_obs = 100;
    evs_study_result *r = run(&c, ds, ev);
    static const evs_event_status want[] = {
        EVS_EVENT_OK, EVS_EVENT_NO_PRICES, EVS_EVENT_NO_MARKET, EVS_EVENT_WINDOW_OFF,
        EVS_EVENT_WINDOW_OFF, EVS_EVENT_OFF_CALENDAR, EVS_EVENT_OFF_CALENDAR};
    static const char *msg[] = {"", "no prices for NOPE", "no prices for the market NOMKT",
                                "need 5 trading days after day 0", "need 250 trading days before",
                                "outside the market data", "not a trading day"};
    for (size_t i = 0; i < 7; i++) {
        evs_event_result e = evs_study_result_event(r, i);
        if (e.status != want[i])
            fail_msg("event %zu: status %s, want %s (%s)", i, evs_event_status_name(e.status),
                     evs_event_status_name(want[i]), e.reason);
        if (strstr(e.reason, msg[i]) == NULL)
            fail_msg("event %zu: reason '%s' lacks '%s'", i, e.reason, msg[i]);
    }
    assert_int_equal(evs_study_result_n_ok(r), 1);
    evs_study_result_free(r);
    /* Too few estimation returns. */
    c.min_est = c.model_opts.min_obs = 239;
    evs_events *one = evs_events_new(NULL);
    evs_events_add(one, "S0", day(300, 0), NULL, NULL, NULL);
    evs_error err = {0};
    assert_int_equal(evs_study_run(&c, ds, one, NULL, &r, &err), EVS_ENODATA);
    assert_non_null(r); /* the reasons are still there to report */
    assert_int_equal(evs_study_result_event(r, 0).status, EVS_EVENT_NO_EST_DATA);
    assert_non_null(strstr(evs_study_result_event(r, 0).reason, "need 239"));
    assert_msg_has(err, "no event survived");
    evs_study_result_free(r);
    evs_events_free(one);
    evs_events_free(ev);
    evs_dataset_free(ds);
}

static void config_errors(void **state)
{
    (void)state;
    evs_dataset *ds = make_data(0, 0, NULL);
    evs_events *ev = make_events(0, NULL);
    evs_study_result *r = NULL;
    evs_error err = {0};
    evs_study_config c = base_config("market");
    c.estimation = (evs_window){-20, 0};
    assert_int_equal(evs_study_run(&c, ds, ev, NULL, &r, &err), EVS_EINVAL);
    assert_msg_has(err, "overlaps the event window");
    c = base_config("market");
    c.car[1] = (evs_window){0, 9};
    assert_int_equal(evs_study_run(&c, ds, ev, NULL, &r, &err), EVS_EINVAL);
    assert_msg_has(err, "is not inside the event window");
    c = base_config("nope");
    assert_int_equal(evs_study_run(&c, ds, ev, NULL, &r, &err), EVS_EINVAL);
    assert_msg_has(err, "unknown model 'nope'");
    c = base_config("market");
    c.tests[0] = "nope";
    c.n_tests = 1;
    assert_int_equal(evs_study_run(&c, ds, ev, NULL, &r, &err), EVS_EINVAL);
    assert_msg_has(err, "unknown test 'nope'");
    c = base_config("market");
    c.market = NULL;
    assert_int_equal(evs_study_run(&c, ds, ev, NULL, &r, &err), EVS_EINVAL);
    assert_msg_has(err, "no market");
    assert_null(r);
    evs_events_free(ev);
    evs_dataset_free(ds);
}

static void result_outlives_inputs(void **state)
{
    (void)state;
    evs_dataset *ds = make_data(0, 0, NULL);
    evs_events *ev = make_events(0, NULL);
    evs_study_config c = base_config("market");
    char model[] = "market";
    c.model = model;
    evs_study_result *r = run(&c, ds, ev);
    double car = evs_study_result_car(r, 3, 0);
    evs_events_free(ev);
    evs_dataset_free(ds);
    memset(model, 'x', 6);
    assert_string_equal(evs_study_result_config(r)->model, "market");
    assert_string_equal(evs_study_result_event(r, 3).event->symbol, "S3");
    assert_true(evs_study_result_car(r, 3, 0) == car);
    evs_study_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(car_is_sum_of_ar), cmocka_unit_test(market_adjusted_is_alpha0_beta1),
        cmocka_unit_test(invariances),      cmocka_unit_test(day0_bump_moves_aar0),
        cmocka_unit_test(drop_reasons),     cmocka_unit_test(config_errors),
        cmocka_unit_test(result_outlives_inputs)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
