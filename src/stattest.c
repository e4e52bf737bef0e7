/*
 * stattest.c - the test registry and the parametric tests of the core:
 * the cross-sectional t test and Patell's standardised-residual test.
 * Every test skips missing values and counts only what it used in n.
 */
#include <string.h>

#include "internal.h"

const char *evs_test_status_name(evs_test_status s)
{
    switch (s) {
    case EVS_TEST_OK: return "ok";
    case EVS_TEST_TOO_FEW: return "too-few";
    case EVS_TEST_ZERO_VARIANCE: return "zero-variance";
    case EVS_TEST_NOT_APPLICABLE: return "n/a";
    }
    return "?";
}

static void fail(evs_test_result *out, evs_test_status s, size_t n)
{
    out->statistic = NAN;
    out->p_value = NAN;
    out->df = NAN;
    out->n = n;
    out->status = s;
}

/* Cross-sectional t on values x[0..n) (NaN skipped): mean / (sd / sqrt(n)),
 * Student t with n - 1 df (Brown & Warner 1985, "cross-sectional
 * independence" form; MacKinlay 1997 eq. 21 with the variance estimated
 * from the cross-section). */
static void cross_t(const double *x, size_t n, size_t stride,
                    evs_test_result *out)
{
    double mean = 0, m2 = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        double v = x[i * stride];
        if (isnan(v))
            continue;
        k++;
        double d = v - mean;
        mean += d / (double)k;
        m2 += d * (v - mean);
    }
    if (k < 2) {
        fail(out, EVS_TEST_TOO_FEW, k);
        return;
    }
    double sd = sqrt(m2 / (double)(k - 1));
    if (!(sd > 0)) {
        fail(out, EVS_TEST_ZERO_VARIANCE, k);
        return;
    }
    out->statistic = mean / (sd / sqrt((double)k));
    out->df = (double)(k - 1);
    out->p_value = evs__p_t(out->statistic, out->df);
    out->n = k;
    out->status = EVS_TEST_OK;
}

static void t_day(const evs_test_data *d, size_t col, evs_test_result *out)
{
    cross_t(d->ar + col, d->n_events, d->win_len, out);
}

static void t_window(const evs_test_data *d, const evs_test_window *w,
                     evs_test_result *out)
{
    cross_t(w->car, d->n_events, 1, out);
}

/* Variance of a standardised AR with df residual degrees of freedom: it is
 * Student t, so Var = df / (df - 2) (Patell 1976, eq. 10). */
static double sar_var(size_t df) { return (double)df / ((double)df - 2.0); }

/* Patell (1976) Z for day t: sum_i SAR_it / sqrt(sum_i df_i/(df_i - 2)),
 * over events with a valid SAR and df_i > 2; N(0,1) under H0. */
static void patell_day(const evs_test_data *d, size_t col,
                       evs_test_result *out)
{
    double num = 0, den = 0;
    size_t k = 0;
    for (size_t i = 0; i < d->n_events; i++) {
        double s = d->sar[i * d->win_len + col];
        if (isnan(s) || d->df[i] <= 2)
            continue;
        num += s;
        den += sar_var(d->df[i]);
        k++;
    }
    if (k == 0) {
        fail(out, EVS_TEST_TOO_FEW, 0);
        return;
    }
    out->statistic = num / sqrt(den);
    out->df = NAN;
    out->p_value = evs__p_normal(out->statistic);
    out->n = k;
    out->status = EVS_TEST_OK;
}

/* Patell window test in Patell's own form: the cumulative standardised
 * residual CSAR_i = sum_{t in W} SAR_it over the L_i valid days, and
 * Z = sum_i CSAR_i / sqrt(sum_i L_i df_i/(df_i - 2)) (Patell 1976 eq. 12;
 * METHODS.md §1 convention (a)). */
static void patell_window(const evs_test_data *d, const evs_test_window *w,
                          evs_test_result *out)
{
    size_t c0 = (size_t)(w->w.first - d->win.first);
    size_t c1 = (size_t)(w->w.last - d->win.first);
    double num = 0, den = 0;
    size_t k = 0;
    for (size_t i = 0; i < d->n_events; i++) {
        if (d->df[i] <= 2)
            continue;
        double csar = 0;
        size_t days = 0;
        for (size_t c = c0; c <= c1; c++) {
            double s = d->sar[i * d->win_len + c];
            if (isnan(s))
                continue;
            csar += s;
            days++;
        }
        if (days == 0)
            continue;
        num += csar;
        den += (double)days * sar_var(d->df[i]);
        k++;
    }
    if (k == 0) {
        fail(out, EVS_TEST_TOO_FEW, 0);
        return;
    }
    out->statistic = num / sqrt(den);
    out->df = NAN;
    out->p_value = evs__p_normal(out->statistic);
    out->n = k;
    out->status = EVS_TEST_OK;
}

const evs_stattest_info evs_stattests[] = {
    {"t", 0, "Brown & Warner (1985), cross-sectional t; MacKinlay (1997)",
     "mean AR (or CAR) over its cross-sectional standard error, t(n-1)",
     t_day, t_window},
    {"patell", 0, "Patell (1976), JAR 14(2), eq. 10 and 12",
     "sum of standardised ARs over sqrt(sum df/(df-2)), N(0,1)", patell_day,
     patell_window},
    {NULL, 0, NULL, NULL, NULL, NULL}};

const evs_stattest_info *evs_stattest_find(const char *name)
{
    if (name == NULL)
        return NULL;
    for (const evs_stattest_info *t = evs_stattests; t->name; t++)
        if (strcmp(t->name, name) == 0)
            return t;
    return NULL;
}

size_t evs_stattest_count(void)
{
    size_t n = 0;
    while (evs_stattests[n].name)
        n++;
    return n;
}
