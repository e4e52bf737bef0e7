/* Thread count changes no bit of a study: 70 securities with 10 events
 * each (700 surviving events in 70 groups, above the thresholds where both
 * the event pass and the test battery go to worker threads), every test,
 * and 1, 2, 3 and 5 threads compared by memcmp on every test result, AAR, CAAR, CAR,
 * SCAR and BHAR. */
#include "testutil.h"

#define NDAYS 900
#define NSYM 70
#define PER 10

static evs_dataset *make_data(void)
{
    evs_dataset *ds = evs_dataset_new(NULL);
    unsigned long seed = 777;
    static double m[NDAYS], r[NDAYS];
    for (size_t t = 0; t < NDAYS; t++)
        m[t] = 0.01 * tu_rnd(&seed);
    tu_add_returns(ds, "M", m, NDAYS);
    for (size_t k = 0; k < NSYM; k++) {
        char name[16];
        snprintf(name, sizeof name, "S%zu", k);
        for (size_t t = 0; t < NDAYS; t++) {
            double e = tu_rnd(&seed);
            r[t] = (0.6 + 0.01 * (double)k) * m[t] + 0.03 * e * e * e;
            if (t % 89 == k % 89)
                r[t] = NAN;
        }
        tu_add_returns(ds, name, r, NDAYS);
    }
    return ds;
}

static evs_events *make_events(void)
{
    evs_events *ev = evs_events_new(NULL);
    for (size_t k = 0; k < NSYM; k++)
        for (size_t j = 0; j < PER; j++) {
            char name[16];
            snprintf(name, sizeof name, "S%zu", k);
            size_t at = 260 + (k * 13 + j * 61) % 620;
            evs_events_add(ev, name, tu_weekday(at), NULL, NULL, NULL);
        }
    return ev;
}

static evs_study_result *run(unsigned threads, evs_dataset *ds,
                             evs_events *ev)
{
    evs_study_config c;
    evs_study_config_init(&c);
    c.market = "M";
    c.car[0] = (evs_window){-10, 10};
    c.car[1] = (evs_window){0, 1};
    c.car[2] = (evs_window){-3, 3};
    c.n_car = 3;
    c.threads = threads;
    evs_study_result *r = NULL;
    evs_error err = {0};
    if (evs_study_run(&c, ds, ev, NULL, &r, &err) != EVS_OK)
        fail_msg("study failed: %s", err.msg);
    return r;
}

static void same(const void *a, const void *b, size_t n)
{
    assert_memory_equal(a, b, n);
}

/* Field by field: struct padding is not part of the result. */
static void same_tests(const evs_test_result *a, const evs_test_result *b,
                       size_t n)
{
    for (size_t k = 0; k < n; k++) {
        double x[3] = {a[k].statistic, a[k].p_value, a[k].df};
        double y[3] = {b[k].statistic, b[k].p_value, b[k].df};
        same(x, y, sizeof x);
        assert_int_equal(a[k].n, b[k].n);
        assert_int_equal(a[k].status, b[k].status);
    }
}

static void compare(const evs_study_result *a, const evs_study_result *b)
{
    size_t L = evs_study_result_win_len(a), T = evs_study_result_n_tests(a);
    assert_int_equal(evs_study_result_n_ok(a), evs_study_result_n_ok(b));
    assert_int_equal(T, evs_study_result_n_tests(b));
    same(evs_study_result_aar(a), evs_study_result_aar(b), L * sizeof(double));
    same(evs_study_result_caar(a), evs_study_result_caar(b), L * sizeof(double));
    same_tests(evs_study_result_day_tests(a), evs_study_result_day_tests(b),
               T * L);
    same_tests(evs_study_result_window_tests(a),
               evs_study_result_window_tests(b), T * 3);
    for (size_t i = 0; i < evs_study_result_n_events(a); i++)
        for (size_t w = 0; w < 3; w++) {
            double x[3] = {evs_study_result_car(a, i, w),
                           evs_study_result_scar(a, i, w),
                           evs_study_result_bhar(a, i, w)};
            double y[3] = {evs_study_result_car(b, i, w),
                           evs_study_result_scar(b, i, w),
                           evs_study_result_bhar(b, i, w)};
            same(x, y, sizeof x);
        }
}

static void thread_count_changes_no_bit(void **state)
{
    (void)state;
    evs_dataset *ds = make_data();
    evs_events *ev = make_events();
    evs_study_result *one = run(1, ds, ev);
    assert_int_equal(evs_study_result_n_ok(one), NSYM * PER);
    assert_int_equal(evs_study_result_n_tests(one), evs_stattest_count());
    /* The battery really ran: the t test has a statistic on day 0. */
    assert_int_equal(evs_study_result_day_tests(one)[10].status, EVS_TEST_OK);
    const unsigned counts[] = {2, 3, 5};
    for (size_t k = 0; k < 3; k++) {
        evs_study_result *r = run(counts[k], ds, ev);
        compare(one, r);
        evs_study_result_free(r);
    }
    evs_study_result_free(one);
    evs_events_free(ev);
    evs_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(thread_count_changes_no_bit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
