/*
 * stattest_param.c - the parametric tests on ARs and CARs: cross-sectional
 * t, Brown-Warner 1980 and 1985, Lamb, Patell, BMP, and the
 * Kolari-Pynnonen adjusted Patell and BMP.  Every sum runs over the events
 * with a valid value, and n says how many entered.
 */
#include <stdlib.h>
#include <string.h>

#include "stattest_util.h"

/* Mean and sample variance of the non-NaN x[i * stride], Welford. */
static size_t moments(const double *x, size_t n, size_t stride, double *mean,
                      double *var)
{
    double m = 0, m2 = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        double v = x[i * stride];
        if (isnan(v))
            continue;
        k++;
        double d = v - m;
        m += d / (double)k;
        m2 += d * (v - m);
    }
    *mean = m;
    *var = k > 1 ? m2 / (double)(k - 1) : NAN;
    return k;
}

/* Cross-sectional t on values x (NaN skipped): mean / (sd / sqrt(n)),
 * Student t with n - 1 df (Brown & Warner 1985, "cross-sectional
 * independence" form; MacKinlay 1997 eq. 21 with the variance estimated
 * from the cross-section). */
static void cross_t(const evs_test_data *d, const double *x, size_t stride,
                    evs_test_result *out)
{
    double mean, var;
    size_t k = moments(x, d->n_events, stride, &mean, &var);
    if (k < 2) {
        evs__test_fail(out, EVS_TEST_TOO_FEW, k);
        return;
    }
    if (!(var > 0)) {
        evs__test_fail(out, EVS_TEST_ZERO_VARIANCE, k);
        return;
    }
    evs__test_t(d, out, mean / sqrt(var / (double)k), (double)(k - 1), k);
}

void evs__t_day(const evs_test_data *d, size_t col, evs_test_result *out)
{
    cross_t(d, d->ar + col, d->win_len, out);
}

void evs__t_window(const evs_test_data *d, const evs_test_window *w,
                   evs_test_result *out)
{
    cross_t(d, w->car, 1, out);
}

/* ---- Brown & Warner (1980), independence ------------------------------- */

/* Variance of event i's ARs: the model's sigma^2 = SSR/(M - k), or the
 * sample variance SSR/(M - 1) (residuals of every model here average zero
 * over the estimation window, so SSR/(M-1) is their sample variance). */
static double bw_var(const evs_test_data *d, size_t i)
{
    double s2 = d->sigma[i] * d->sigma[i];
    if (evs__conv(d, EVS_CONV_BW1980_VAR) == 1 && d->n_est[i] > 1)
        s2 *= (double)d->df[i] / (double)(d->n_est[i] - 1);
    return s2;
}

/* t = sum_i x_i / sqrt(sum_i L_i s_i^2), i.e. the mean over
 * sqrt(sum s_i^2 L_i) / n (Brown & Warner 1980, the independence form;
 * L_i = 1 for a day), Student t with mean(M_i) - 1 df. */
static void bw80(const evs_test_data *d, const double *x, size_t stride,
                 const size_t *days, evs_test_result *out)
{
    double num = 0, den = 0, m = 0;
    size_t k = 0;
    for (size_t i = 0; i < d->n_events; i++) {
        double v = x[i * stride];
        if (isnan(v))
            continue;
        num += v;
        den += (days ? (double)days[i] : 1.0) * bw_var(d, i);
        m += (double)d->n_est[i];
        k++;
    }
    if (k == 0) {
        evs__test_fail(out, EVS_TEST_TOO_FEW, 0);
        return;
    }
    if (!(den > 0)) {
        evs__test_fail(out, EVS_TEST_ZERO_VARIANCE, k);
        return;
    }
    evs__test_t(d, out, num / sqrt(den), m / (double)k - 1.0, k);
}

void evs__bw80_day(const evs_test_data *d, size_t col, evs_test_result *out)
{
    bw80(d, d->ar + col, d->win_len, NULL, out);
}

void evs__bw80_window(const evs_test_data *d, const evs_test_window *w,
                      evs_test_result *out)
{
    bw80(d, w->car, 1, w->n_days, out);
}

/* ---- Brown & Warner (1985) crude dependence adjustment, and Lamb -------- */

/* The time-series sd of the equally weighted portfolio AR over the
 * estimation days in event time, A_tau = mean_i AR_i,tau (Brown & Warner
 * 1985, crude dependence adjustment), with divisor M - 1 over the M days
 * that have one. */
typedef struct portfolio {
    double sd;
    double df;   /* per the bw-df convention */
    size_t days; /* M */
} portfolio;

/* Event rows are read once each (a study recomputes them on demand), the
 * per-day sums still added in event order.  0 on ENOMEM. */
static int portfolio_sd(const evs_test_data *d, portfolio *p)
{
    double mean = 0, m2 = 0, mest = 0;
    size_t m = 0, E = d->est_len, n1 = E ? E : 1;
    double *s = evs__calloc(n1, sizeof *s), *buf = evs__mallocarray(n1,
                                                                  sizeof *buf);
    size_t *c = evs__calloc(n1, sizeof *c);
    if (s == NULL || buf == NULL || c == NULL) {
        free(s);
        free(buf);
        free(c);
        return 0;
    }
    for (size_t i = 0; i < d->n_events; i++) {
        const double *row = evs_test_est_row(d, i, buf);
        for (size_t k = 0; k < E; k++)
            if (!isnan(row[k])) {
                s[k] += row[k];
                c[k]++;
            }
    }
    for (size_t k = 0; k < E; k++) {
        if (c[k] == 0)
            continue;
        double a = s[k] / (double)c[k], delta = a - mean;
        m++;
        mean += delta / (double)m;
        m2 += delta * (a - mean);
    }
    for (size_t i = 0; i < d->n_events; i++)
        mest += (double)d->n_est[i];
    p->days = m;
    p->sd = m > 1 ? sqrt(m2 / (double)(m - 1)) : NAN;
    p->df = evs__conv(d, EVS_CONV_BW_DF) == 1
                ? mest / (double)(d->n_events ? d->n_events : 1) - 1.0
                : (double)m - 1.0;
    free(s);
    free(buf);
    free(c);
    return 1;
}

/* The mean AR of column col, with its count. */
static double col_mean(const evs_test_data *d, size_t col, size_t *n)
{
    double s = 0;
    size_t k = 0;
    for (size_t i = 0; i < d->n_events; i++) {
        double v = d->ar[i * d->win_len + col];
        if (!isnan(v)) {
            s += v;
            k++;
        }
    }
    *n = k;
    return k ? s / (double)k : NAN;
}

/* Lamb's forecast-error factor of column col: the mean over the events
 * with an AR of 1 + x'(X'X)^-1 x.  estudy2 uses the first event's market
 * moments for every event (METHODS B5); averaging each event's own factor
 * is the same when all events share the market and dates. */
static double col_vf(const evs_test_data *d, size_t col)
{
    double s = 0;
    size_t k = 0;
    for (size_t i = 0; i < d->n_events; i++) {
        size_t o = i * d->win_len + col;
        if (!isnan(d->ar[o]) && !isnan(d->vf[o])) {
            s += d->vf[o];
            k++;
        }
    }
    return k ? s / (double)k : NAN;
}

/* Day statistic AAR_t / (S sqrt(f_t)); lamb = 0 gives BW 1985 (f = 1,
 * t(df)), lamb = 1 Lamb's N(0,1) statistic. */
static void cda_day(const evs_test_data *d, const portfolio *p, size_t col,
                    int lamb, evs_test_result *out)
{
    size_t n;
    double aar = col_mean(d, col, &n);
    if (n == 0 || p->days < 2) {
        evs__test_fail(out, EVS_TEST_TOO_FEW, n);
        return;
    }
    double f = lamb ? col_vf(d, col) : 1.0;
    if (!(p->sd > 0) || !(f > 0)) {
        evs__test_fail(out, EVS_TEST_ZERO_VARIANCE, n);
        return;
    }
    double stat = aar / (p->sd * sqrt(f));
    if (lamb)
        evs__test_z(out, stat, n);
    else
        evs__test_t(d, out, stat, p->df, n);
}

/* estudy2's CAR form (car-agg=daily-sum): the sum of the daily statistics
 * of the days whose share of reporting events exceeds the coverage, over
 * the square root of their number, N(0,1). */
static void daily_sum(const evs_test_data *d, const portfolio *p,
                      const evs_test_window *w, int lamb,
                      evs_test_result *out)
{
    size_t c0, c1, kept = 0, nmax = 0;
    double sum = 0;
    double cover = d->conv ? d->conv->coverage : 90.0;
    evs__win_cols(d, w->w, &c0, &c1);
    for (size_t c = c0; c <= c1; c++) {
        evs_test_result r;
        cda_day(d, p, c, lamb, &r);
        if (r.status != EVS_TEST_OK ||
            !(100.0 * (double)r.n / (double)d->n_events > cover))
            continue;
        sum += r.statistic;
        kept++;
        nmax = r.n > nmax ? r.n : nmax;
    }
    if (kept == 0) {
        evs__test_fail(out, EVS_TEST_TOO_FEW, 0);
        return;
    }
    evs__test_z(out, sum / sqrt((double)kept), nmax);
}

/* Window: CAAR / (S sqrt(L)) for BW 1985 over the L days with an AAR;
 * Lamb: CAAR / (S sqrt(mean_i car_vf_i)), with CAAR the mean CAR. */
static void cda_window(const evs_test_data *d, const portfolio *p,
                       const evs_test_window *w, int lamb,
                       evs_test_result *out)
{
    if (evs__conv(d, EVS_CONV_CAR_AGG) == 1) {
        daily_sum(d, p, w, lamb, out);
        return;
    }
    size_t c0, c1, days = 0, n = 0;
    double caar = 0, car = 0, vf = 0;
    evs__win_cols(d, w->w, &c0, &c1);
    for (size_t c = c0; c <= c1; c++) {
        size_t k;
        double a = col_mean(d, c, &k);
        if (k) {
            caar += a;
            days++;
        }
    }
    for (size_t i = 0; i < d->n_events; i++)
        if (!isnan(w->car[i]) &&
            (!lamb || (w->car_vf && !isnan(w->car_vf[i])))) {
            car += w->car[i];
            vf += lamb ? w->car_vf[i] : 0;
            n++;
        }
    if (days == 0 || n == 0 || p->days < 2) {
        evs__test_fail(out, EVS_TEST_TOO_FEW, n);
        return;
    }
    double scale = lamb ? sqrt(vf / (double)n) : sqrt((double)days);
    if (!(p->sd > 0) || !(scale > 0)) {
        evs__test_fail(out, EVS_TEST_ZERO_VARIANCE, n);
        return;
    }
    if (lamb)
        evs__test_z(out, (car / (double)n) / (p->sd * scale), n);
    else
        evs__test_t(d, out, caar / (p->sd * scale), p->df, n);
}

static evs_status cda_batch(const evs_test_data *d, const evs_test_window *w,
                            size_t nw, evs_test_result *day,
                            evs_test_result *win, int lamb)
{
    portfolio p;
    if (!evs_test_has_est(d) || (lamb && d->vf == NULL)) {
        evs__test_fill(day, d->win_len, EVS_TEST_NOT_APPLICABLE);
        evs__test_fill(win, nw, EVS_TEST_NOT_APPLICABLE);
        return EVS_OK;
    }
    if (!portfolio_sd(d, &p)) {
        evs__test_fill(day, d->win_len, EVS_TEST_NO_MEMORY);
        evs__test_fill(win, nw, EVS_TEST_NO_MEMORY);
        return EVS_ENOMEM;
    }
    for (size_t c = 0; c < d->win_len; c++)
        cda_day(d, &p, c, lamb, &day[c]);
    for (size_t k = 0; k < nw; k++)
        cda_window(d, &p, &w[k], lamb, &win[k]);
    return EVS_OK;
}

evs_status evs__bw85_batch(const evs_test_data *d, const evs_test_window *w,
                           size_t nw, evs_test_result *day,
                           evs_test_result *win)
{
    return cda_batch(d, w, nw, day, win, 0);
}

evs_status evs__lamb_batch(const evs_test_data *d, const evs_test_window *w,
                           size_t nw, evs_test_result *day,
                           evs_test_result *win)
{
    return cda_batch(d, w, nw, day, win, 1);
}

/* Single day or window: the batch on one target (the portfolio sd is the
 * costly part, so the study calls the batch form). */
static void cda_one(const evs_test_data *d, size_t col,
                    const evs_test_window *w, int lamb, evs_test_result *out)
{
    if (!evs_test_has_est(d) || (lamb && d->vf == NULL)) {
        evs__test_fail(out, EVS_TEST_NOT_APPLICABLE, 0);
        return;
    }
    portfolio p;
    if (!portfolio_sd(d, &p)) {
        evs__test_fail(out, EVS_TEST_NO_MEMORY, 0);
        return;
    }
    if (w)
        cda_window(d, &p, w, lamb, out);
    else
        cda_day(d, &p, col, lamb, out);
}

void evs__bw85_day(const evs_test_data *d, size_t col, evs_test_result *out)
{
    cda_one(d, col, NULL, 0, out);
}

void evs__bw85_window(const evs_test_data *d, const evs_test_window *w,
                      evs_test_result *out)
{
    cda_one(d, 0, w, 0, out);
}

void evs__lamb_day(const evs_test_data *d, size_t col, evs_test_result *out)
{
    cda_one(d, col, NULL, 1, out);
}

void evs__lamb_window(const evs_test_data *d, const evs_test_window *w,
                      evs_test_result *out)
{
    cda_one(d, 0, w, 1, out);
}
