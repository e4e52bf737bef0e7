/* Kolari-Pynnonen r-bar over many events: the same bits for any number of
 * threads (fixed chunks merged in chunk order), and the value of the
 * defining sum computed independently, pair by pair, in long double. */
#include <stdlib.h>

#include "testutil.h"
#include "internal.h"

#define N 9000 /* three chunks of 4096 at least */
#define E 40

static double *make_residuals(void)
{
    double *e = malloc(sizeof(double) * N * E);
    unsigned long seed = 99;
    for (size_t t = 0; t < E; t++) {
        double common = tu_rnd(&seed); /* a shared shock: r-bar > 0 */
        for (size_t i = 0; i < N; i++)
            e[i * E + t] = (i * 7 + t) % 53 == 0 ? NAN
                                                 : 0.3 * common + tu_rnd(&seed);
    }
    return e;
}

/* Without calendars the key of a column is the column: every pair shares
 * all dates.  r-bar = sum_{i != j} sum_t w_it w_jt / (N (N - 1)), with w the
 * centred, unit-length residuals; pairs by brute force over a column's
 * sums would be O(N^2 E), so this uses the same identity in long double. */
static long double independent(const double *e)
{
    static long double w[N][E];
    size_t used = 0;
    for (size_t i = 0; i < N; i++) {
        long double m = 0, ss = 0;
        size_t n = 0;
        for (size_t t = 0; t < E; t++)
            if (!isnan(e[i * E + t])) {
                m += e[i * E + t];
                n++;
            }
        m /= (long double)n;
        for (size_t t = 0; t < E; t++)
            if (!isnan(e[i * E + t]))
                ss += (e[i * E + t] - m) * (e[i * E + t] - m);
        for (size_t t = 0; t < E; t++)
            w[i][t] = isnan(e[i * E + t]) ? 0 : (e[i * E + t] - m) / sqrtl(ss);
        used++;
    }
    long double total = 0;
    for (size_t t = 0; t < E; t++) {
        long double s = 0, q = 0;
        for (size_t i = 0; i < N; i++) {
            s += w[i][t];
            q += w[i][t] * w[i][t];
        }
        total += s * s - q;
    }
    return total / ((long double)used * (long double)(used - 1));
}

static void same_bits_for_every_thread_count(void **state)
{
    (void)state;
    double *e = make_residuals();
    evs_test_data d = {.n_events = N, .est_len = E, .est_ar = e,
                       .est = {-50, -11}};
    evs_status st;
    double one = evs__test_rbar_threads(&d, 1, &st);
    assert_int_equal(st, EVS_OK);
    assert_true(one > 0.01 && one < 1);
    for (unsigned t = 2; t <= 7; t++) {
        double r = evs__test_rbar_threads(&d, t, &st);
        assert_int_equal(st, EVS_OK);
        assert_memory_equal(&one, &r, sizeof r);
    }
    double pub = evs_test_rbar(&d, &st);
    assert_memory_equal(&one, &pub, sizeof pub);
    assert_close(one, (double)independent(e), 1e-10);
    free(e);
}

static void too_few_events(void **state)
{
    (void)state;
    double e[E];
    for (size_t t = 0; t < E; t++)
        e[t] = (double)t;
    evs_test_data d = {.n_events = 1, .est_len = E, .est_ar = e};
    evs_status st;
    assert_true(isnan(evs__test_rbar_threads(&d, 4, &st)));
    assert_int_equal(st, EVS_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_bits_for_every_thread_count),
        cmocka_unit_test(too_few_events),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
