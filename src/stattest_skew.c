/*
 * stattest_skew.c - Lyon, Barber & Tsai's (1999) skewness-adjusted t for
 * buy-and-hold abnormal returns, and its bootstrapped version.  Days test
 * the ARs (a one-day BHAR is the AR), windows the BHARs.  The bootstrap
 * draws from splitmix64 (Steele, Lea & Flood 2014), seeded, so results are
 * reproducible and scripts/reference_stats.py can replay the draws.
 */
#include <stdlib.h>

#include "stattest_util.h"

/* Gathers the non-NaN values of x[i * stride] into out; returns their
 * count. */
static size_t gather(const double *x, size_t n, size_t stride, double *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i * stride]))
            out[k++] = x[i * stride];
    return k;
}

/* Whether every value is the same: such a sample has no spread, and
 * testing it exactly (rather than sd > 0, which rounding can fool) keeps
 * the bootstrap count independent of the last bits of the data. */
static int all_equal(const double *x, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (x[i] != x[0])
            return 0;
    return 1;
}

/* Mean, sample sd and skewness g = sum (x - mean)^3 / (n sd^3), given
 * sum = x[0] + ... + x[n-1] added in that order. */
static void shape_sum(const double *x, size_t n, double sum, double *mean,
                      double *sd, double *g)
{
    double m = sum / (double)n, s2 = 0, s3 = 0;
    for (size_t i = 0; i < n; i++) {
        double d = x[i] - m;
        s2 += d * d;
        s3 += d * d * d;
    }
    *mean = m;
    *sd = n > 1 ? sqrt(s2 / (double)(n - 1)) : NAN;
    *g = *sd > 0 ? s3 / ((double)n * *sd * *sd * *sd) : NAN;
}

static void shape(const double *x, size_t n, double *mean, double *sd,
                  double *g)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        m += x[i];
    shape_sum(x, n, m, mean, sd, g);
}

/* t_sa = sqrt(n) (S + g S^2 / 3 + g / (6 n)), S = centred mean / sd
 * (Lyon, Barber & Tsai 1999, after Johnson 1978). */
static double t_sa(double s, double g, size_t n)
{
    return sqrt((double)n) * (s + g * s * s / 3.0 + g / (6.0 * (double)n));
}

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

/* Two-sided percentile p-value of t among B resamples of size nb drawn
 * with replacement, each centred on the full-sample mean to impose H0:
 * 2 min(#{t_b <= t}, #{t_b >= t}) / B', B' the draws whose values are
 * not all equal. */
static double boot_p(const double *x, size_t n, double mean, double t,
                     const evs_test_conv *c, size_t nb, double *buf)
{
    uint64_t state = c ? c->seed : 1;
    size_t reps = c ? c->boot_reps : 1000, lo = 0, hi = 0, used = 0;
    for (size_t b = 0; b < reps; b++) {
        /* Draw, sum and test all_equal in one pass; same order of sums. */
        double sum = 0, first = x[splitmix64(&state) % n];
        int differ = 0;
        buf[0] = first;
        sum += first; /* 0 + first, as the two-pass sum did (-0 is +0) */
        for (size_t k = 1; k < nb; k++) {
            double v = x[splitmix64(&state) % n];
            buf[k] = v;
            sum += v;
            differ |= v != first;
        }
        double mb, sb, gb;
        if (!differ)
            continue;
        shape_sum(buf, nb, sum, &mb, &sb, &gb);
        double tb = t_sa((mb - mean) / sb, gb, nb);
        used++;
        lo += tb <= t;
        hi += tb >= t;
    }
    if (used == 0)
        return NAN;
    double p = 2.0 * (double)(lo < hi ? lo : hi) / (double)used;
    return p < 1.0 ? p : 1.0;
}

static void skew(const evs_test_data *d, const double *x, size_t stride,
                 int boot, evs_test_result *out)
{
    double *v = evs__mallocarray(d->n_events ? d->n_events : 1, sizeof *v);
    if (v == NULL) {
        evs__test_fail(out, EVS_TEST_NO_MEMORY, 0);
        return;
    }
    size_t n = gather(x, d->n_events, stride, v);
    double mean, sd, g;
    if (n < 3) {
        evs__test_fail(out, EVS_TEST_TOO_FEW, n);
        free(v);
        return;
    }
    shape(v, n, &mean, &sd, &g);
    if (all_equal(v, n) || !(sd > 0)) {
        evs__test_fail(out, EVS_TEST_ZERO_VARIANCE, n);
        free(v);
        return;
    }
    double t = t_sa(mean / sd, g, n);
    if (!boot) {
        evs__test_t(d, out, t, (double)(n - 1), n);
        free(v);
        return;
    }
    double frac = d->conv ? d->conv->boot_frac : 0.25;
    size_t nb = (size_t)floor(frac * (double)n);
    double *buf = nb >= 3 ? evs__mallocarray(nb, sizeof *buf) : NULL;
    if (nb < 3)
        evs__test_fail(out, EVS_TEST_TOO_FEW, n);
    else if (buf == NULL)
        evs__test_fail(out, EVS_TEST_NO_MEMORY, n);
    else {
        double p = boot_p(v, n, mean, t, d->conv, nb, buf);
        evs__test_z(out, t, n);
        out->p_value = p;
        if (isnan(p))
            evs__test_fail(out, EVS_TEST_ZERO_VARIANCE, n);
    }
    free(buf);
    free(v);
}

void evs__skew_day(const evs_test_data *d, size_t col, evs_test_result *out)
{
    skew(d, d->ar + col, d->win_len, 0, out);
}

void evs__skew_window(const evs_test_data *d, const evs_test_window *w,
                      evs_test_result *out)
{
    if (w->bhar == NULL) {
        evs__test_fail(out, EVS_TEST_NOT_APPLICABLE, 0);
        return;
    }
    skew(d, w->bhar, 1, 0, out);
}

void evs__skewboot_day(const evs_test_data *d, size_t col,
                       evs_test_result *out)
{
    skew(d, d->ar + col, d->win_len, 1, out);
}

void evs__skewboot_window(const evs_test_data *d, const evs_test_window *w,
                          evs_test_result *out)
{
    if (w->bhar == NULL) {
        evs__test_fail(out, EVS_TEST_NOT_APPLICABLE, 0);
        return;
    }
    skew(d, w->bhar, 1, 1, out);
}
