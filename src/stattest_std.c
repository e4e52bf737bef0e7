/*
 * stattest_std.c - the tests on standardised abnormal returns: Patell
 * (1976), Boehmer-Musumeci-Poulsen (1991), and their Kolari-Pynnonen
 * (2010) cross-correlation adjustments (r-bar comes from stattest_kp.c).
 */
#include "stattest_util.h"

/* Residual df of event i for the Patell variance: M_i - k with the
 * model's k, or M_i - 2 under "sar-df=two" (code written for the market
 * model, estudy2). */
static double sar_df(const evs_test_data *d, size_t i)
{
    if (evs__conv(d, EVS_CONV_SAR_DF) == 1)
        return (double)d->n_est[i] - 2.0;
    return (double)d->df[i];
}

/* A SAR with v residual df is Student t(v): Var = v / (v - 2) (Patell
 * 1976, eq. 10).  NaN when v <= 2 (the variance does not exist). */
static double sar_var(double v) { return v > 2 ? v / (v - 2.0) : NAN; }

/* Event i's standardised value in a window: CSAR_i = sum of the daily SARs
 * over its L_i valid days (Patell 1976 eq. 12: the caller divides the sum
 * of CSARs by sqrt(sum L_i v_i/(v_i-2))), or SCAR_i under
 * "patell-window=scar".  *days gets L_i (1 for scar); NaN when none. */
static double window_value(const evs_test_data *d, const evs_test_window *w,
                           size_t i, double *days)
{
    if (evs__conv(d, EVS_CONV_WINDOW_STD) == EVS_WINSTD_SCAR) {
        *days = 1;
        return w->scar[i];
    }
    size_t c0, c1, n = 0;
    double s = 0;
    evs__win_cols(d, w->w, &c0, &c1);
    for (size_t c = c0; c <= c1; c++) {
        double v = d->sar[i * d->win_len + c];
        if (!isnan(v)) {
            s += v;
            n++;
        }
    }
    *days = (double)n;
    return n ? s : NAN;
}

/* Patell Z = sum_i Z_i / sqrt(sum_i L_i v_i/(v_i - 2)) over the events with
 * a value and v_i > 2; N(0,1) under H0 and cross-sectional independence. */
static void patell(const evs_test_data *d, size_t col,
                   const evs_test_window *w, evs_test_result *out)
{
    double num = 0, den = 0;
    size_t k = 0;
    for (size_t i = 0; i < d->n_events; i++) {
        double days = 1, v = sar_var(sar_df(d, i));
        double z = w ? window_value(d, w, i, &days)
                     : d->sar[i * d->win_len + col];
        if (isnan(z) || isnan(v))
            continue;
        num += z;
        den += days * v;
        k++;
    }
    if (k == 0) {
        evs__test_fail(out, EVS_TEST_TOO_FEW, 0);
        return;
    }
    evs__test_z(out, num / sqrt(den), k);
}

void evs__patell_day(const evs_test_data *d, size_t col, evs_test_result *out)
{
    patell(d, col, NULL, out);
}

void evs__patell_window(const evs_test_data *d, const evs_test_window *w,
                        evs_test_result *out)
{
    patell(d, 0, w, out);
}

/* BMP (1991): t = sqrt(n) mean(Z) / sd(Z), sd with divisor n - 1, t(n-1);
 * Z = SAR for a day, CSAR_i/sqrt(L_i) (or SCAR_i) for a window. */
static void bmp(const evs_test_data *d, size_t col, const evs_test_window *w,
                evs_test_result *out)
{
    double mean = 0, m2 = 0;
    size_t k = 0;
    for (size_t i = 0; i < d->n_events; i++) {
        double days = 1;
        double z = w ? window_value(d, w, i, &days)
                     : d->sar[i * d->win_len + col];
        if (isnan(z) || !(days > 0))
            continue;
        z /= sqrt(days);
        k++;
        double delta = z - mean;
        mean += delta / (double)k;
        m2 += delta * (z - mean);
    }
    if (k < 2) {
        evs__test_fail(out, EVS_TEST_TOO_FEW, k);
        return;
    }
    double sd = sqrt(m2 / (double)(k - 1));
    if (!(sd > 0)) {
        evs__test_fail(out, EVS_TEST_ZERO_VARIANCE, k);
        return;
    }
    evs__test_t(d, out, sqrt((double)k) * mean / sd, (double)(k - 1), k);
}

void evs__bmp_day(const evs_test_data *d, size_t col, evs_test_result *out)
{
    bmp(d, col, NULL, out);
}

void evs__bmp_window(const evs_test_data *d, const evs_test_window *w,
                     evs_test_result *out)
{
    bmp(d, 0, w, out);
}

/* ---- Kolari & Pynnonen (2010) ------------------------------------------- */

/* r-bar from the study (computed once) or, for a direct call, here. */
static double get_rbar(const evs_test_data *d, int *oom)
{
    *oom = 0;
    if (!isnan(d->rbar))
        return d->rbar;
    evs_status st = EVS_OK;
    double r = evs_test_rbar(d, &st);
    *oom = st == EVS_ENOMEM;
    return r;
}

/* Scales an unadjusted result by the KP factor: sqrt(1/(1+(n-1)r)) for
 * Patell (KP 2010: Var(Z) = 1 + (n-1) r under equicorrelation), times
 * sqrt(1-r) for BMP (its cross-sectional variance shrinks by 1 - r) or
 * for Patell under "kp-patell=with-1-r" (eventstudy2). */
static void kp_adjust(const evs_test_data *d, int with_1mr,
                      evs_test_result *out)
{
    if (out->status != EVS_TEST_OK)
        return;
    int oom;
    double r = get_rbar(d, &oom);
    if (oom || isnan(r)) {
        evs__test_fail(out, oom ? EVS_TEST_NO_MEMORY : EVS_TEST_TOO_FEW,
                       out->n);
        return;
    }
    double den = 1.0 + ((double)out->n - 1.0) * r;
    if (!(den > 0) || !(1.0 - r > 0)) {
        evs__test_fail(out, EVS_TEST_NOT_APPLICABLE, out->n);
        return;
    }
    double f = sqrt((with_1mr ? 1.0 - r : 1.0) / den);
    double df = out->df;
    size_t n = out->n;
    if (isnan(df))
        evs__test_z(out, out->statistic * f, n);
    else
        evs__test_t(d, out, out->statistic * f, df, n);
}

void evs__patell_kp_day(const evs_test_data *d, size_t col,
                        evs_test_result *out)
{
    patell(d, col, NULL, out);
    kp_adjust(d, evs__conv(d, EVS_CONV_KP_PATELL) == 1, out);
}

void evs__patell_kp_window(const evs_test_data *d, const evs_test_window *w,
                           evs_test_result *out)
{
    patell(d, 0, w, out);
    kp_adjust(d, evs__conv(d, EVS_CONV_KP_PATELL) == 1, out);
}

void evs__bmp_kp_day(const evs_test_data *d, size_t col,
                     evs_test_result *out)
{
    bmp(d, col, NULL, out);
    kp_adjust(d, 1, out);
}

void evs__bmp_kp_window(const evs_test_data *d, const evs_test_window *w,
                        evs_test_result *out)
{
    bmp(d, 0, w, out);
    kp_adjust(d, 1, out);
}
