/*
 * stattest_sign.c - tests on the signs of abnormal returns: the sign test,
 * Cowan's (1992) generalized sign test, and the Wilcoxon (1945) signed-rank
 * test with its exact null distribution for small samples.
 */
#include <stdlib.h>
#include <string.h>

#include "stattest_util.h"

/* Classifies x under the sign-zero convention: 1 positive, 0 not
 * positive, -1 left out (NaN, or zero under "drop"). */
static int positive(const evs_test_data *d, double x)
{
    if (isnan(x))
        return -1;
    if (x != 0)
        return x > 0;
    switch (evs__conv(d, EVS_CONV_SIGN_ZERO)) {
    case EVS_ZERO_POSITIVE: return 1;
    case EVS_ZERO_DROP: return -1;
    default: return 0;
    }
}

/* Sign test: Z = (w - n/2) / sqrt(n/4) with w positive values out of n
 * (Cowan 1992; Boehmer et al. 1991), N(0,1). */
static void sign_test(const evs_test_data *d, const double *x, size_t stride,
                      evs_test_result *out)
{
    size_t n = 0, w = 0;
    for (size_t i = 0; i < d->n_events; i++) {
        int p = positive(d, x[i * stride]);
        if (p < 0)
            continue;
        n++;
        w += (size_t)p;
    }
    if (n == 0) {
        evs__test_fail(out, EVS_TEST_TOO_FEW, 0);
        return;
    }
    evs__test_z(out, ((double)w - 0.5 * (double)n) / sqrt(0.25 * (double)n),
                n);
}

void evs__sign_day(const evs_test_data *d, size_t col, evs_test_result *out)
{
    sign_test(d, d->ar + col, d->win_len, out);
}

void evs__sign_window(const evs_test_data *d, const evs_test_window *w,
                      evs_test_result *out)
{
    sign_test(d, w->car, 1, out);
}

/* ---- generalized sign ---------------------------------------------------- */

/* Per event: positive estimation ARs and how many were classified
 * (buf: est_len doubles). */
static void est_counts(const evs_test_data *d, size_t *pos, size_t *cnt,
                       double *buf)
{
    for (size_t i = 0; i < d->n_events; i++) {
        pos[i] = cnt[i] = 0;
        const double *row = evs_test_est_row(d, i, buf);
        for (size_t k = 0; k < d->est_len; k++) {
            int p = positive(d, row[k]);
            if (p < 0)
                continue;
            cnt[i]++;
            pos[i] += (size_t)p;
        }
    }
}

/* Cowan (1992): Z = (w - n p) / sqrt(n p (1 - p)) with p the
 * expected share of positive ARs, the mean over the n events of their
 * estimation-window shares (or the pooled share under "gsign-p=pooled").
 * Windows count positive CARs against the same daily p, as Cowan does. */
static void gsign(const evs_test_data *d, const double *x, size_t stride,
                  const size_t *pos, const size_t *cnt, evs_test_result *out)
{
    size_t n = 0, w = 0, ptot = 0, ctot = 0;
    double share = 0;
    for (size_t i = 0; i < d->n_events; i++) {
        int p = positive(d, x[i * stride]);
        if (p < 0 || cnt[i] == 0)
            continue;
        n++;
        w += (size_t)p;
        share += (double)pos[i] / (double)cnt[i];
        ptot += pos[i];
        ctot += cnt[i];
    }
    if (n == 0) {
        evs__test_fail(out, EVS_TEST_TOO_FEW, 0);
        return;
    }
    double p = evs__conv(d, EVS_CONV_GSIGN_P) == 1
                   ? (double)ptot / (double)ctot : share / (double)n;
    if (!(p > 0 && p < 1)) {
        evs__test_fail(out, EVS_TEST_ZERO_VARIANCE, n);
        return;
    }
    double dn = (double)n;
    evs__test_z(out, ((double)w - dn * p) / sqrt(dn * p * (1 - p)), n);
}

evs_status evs__gsign_batch(const evs_test_data *d, const evs_test_window *w,
                            size_t nw, evs_test_result *day,
                            evs_test_result *win)
{
    if (!evs_test_has_est(d)) {
        evs__test_fill(day, d->win_len, EVS_TEST_NOT_APPLICABLE);
        evs__test_fill(win, nw, EVS_TEST_NOT_APPLICABLE);
        return EVS_OK;
    }
    size_t n = d->n_events ? d->n_events : 1;
    size_t *pos = evs__mallocarray(n, sizeof *pos);
    size_t *cnt = evs__mallocarray(n, sizeof *cnt);
    double *buf = evs__mallocarray(d->est_len ? d->est_len : 1, sizeof *buf);
    if (pos == NULL || cnt == NULL || buf == NULL) {
        free(pos);
        free(cnt);
        free(buf);
        evs__test_fill(day, d->win_len, EVS_TEST_NO_MEMORY);
        evs__test_fill(win, nw, EVS_TEST_NO_MEMORY);
        return EVS_ENOMEM;
    }
    est_counts(d, pos, cnt, buf);
    free(buf);
    for (size_t c = 0; c < d->win_len; c++)
        gsign(d, d->ar + c, d->win_len, pos, cnt, &day[c]);
    for (size_t k = 0; k < nw; k++)
        gsign(d, w[k].car, 1, pos, cnt, &win[k]);
    free(pos);
    free(cnt);
    return EVS_OK;
}

static void gsign_one(const evs_test_data *d, size_t col,
                      const evs_test_window *w, evs_test_result *out)
{
    evs_test_result *day = evs__mallocarray(d->win_len, sizeof *day);
    if (day == NULL) {
        evs__test_fail(out, EVS_TEST_NO_MEMORY, 0);
        return;
    }
    evs_test_result win;
    evs__gsign_batch(d, w, w ? 1 : 0, day, &win);
    *out = w ? win : day[col];
    free(day);
}

void evs__gsign_day(const evs_test_data *d, size_t col, evs_test_result *out)
{
    gsign_one(d, col, NULL, out);
}

void evs__gsign_window(const evs_test_data *d, const evs_test_window *w,
                       evs_test_result *out)
{
    gsign_one(d, 0, w, out);
}

/* ---- Wilcoxon signed rank ------------------------------------------------ */

double evs_signrank_p(double w, size_t n)
{
    if (n == 0 || n > 200 || isnan(w))
        return NAN;
    size_t top = n * (n + 1) / 2;
    double *c = evs__calloc(top + 1, sizeof *c);
    if (c == NULL)
        return NAN;
    /* c[s] = P(W = s) for n = k, built up k by k: each rank k is in the
     * positive set with probability 1/2 (Wilcoxon 1945). */
    c[0] = 1;
    for (size_t k = 1; k <= n; k++) {
        /* Descending s reads c[s - k] before it is updated. */
        for (size_t s = k * (k + 1) / 2;; s--) {
            c[s] = 0.5 * (c[s] + (s >= k ? c[s - k] : 0.0));
            if (s == 0)
                break;
        }
    }
    double lo = 0, up = 0;
    for (size_t s = 0; s <= top; s++) {
        if ((double)s <= w + 1e-9)
            lo += c[s];
        if ((double)s >= w - 1e-9)
            up += c[s];
    }
    free(c);
    double p = 2.0 * (lo < up ? lo : up);
    return p < 1.0 ? p : 1.0;
}

/* W+ and its p-value: exact (evs_signrank_p) for n <= 50 without ties;
 * otherwise the normal approximation with the tie correction of the
 * variance and a continuity correction of 1/2 (as R's wilcox.test). */
static void wilcoxon(const evs_test_data *d, const double *x, size_t stride,
                     evs_test_result *out)
{
    size_t N = d->n_events ? d->n_events : 1, n = 0;
    double *a = evs__mallocarray(N, sizeof *a);
    double *rk = evs__mallocarray(N, sizeof *rk);
    evs__rank_item *it = evs__mallocarray(N, sizeof *it);
    if (a == NULL || rk == NULL || it == NULL) {
        evs__test_fail(out, EVS_TEST_NO_MEMORY, 0);
        goto out;
    }
    for (size_t i = 0; i < d->n_events; i++) {
        double v = x[i * stride];
        a[i] = isnan(v) || v == 0 ? NAN : fabs(v); /* zeros dropped */
    }
    n = evs__rank(a, d->n_events, EVS_TIES_AVERAGE, rk, it);
    if (n == 0) {
        evs__test_fail(out, EVS_TEST_TOO_FEW, 0);
        goto out;
    }
    double wplus = 0, ties = 0;
    for (size_t i = 0; i < d->n_events; i++)
        if (!isnan(rk[i]) && x[i * stride] > 0)
            wplus += rk[i];
    for (size_t a0 = 0; a0 < n;) { /* it[] is sorted by |x| */
        size_t b = a0 + 1;
        while (b < n && it[b].v == it[a0].v)
            b++;
        double t = (double)(b - a0);
        ties += t * t * t - t;
        a0 = b;
    }
    double dn = (double)n, mu = dn * (dn + 1) / 4;
    out->statistic = wplus;
    out->df = NAN;
    out->n = n;
    out->status = EVS_TEST_OK;
    if (n <= 50 && ties == 0) {
        out->p_value = evs_signrank_p(wplus, n);
        if (isnan(out->p_value)) /* its table could not be allocated */
            evs__test_fail(out, EVS_TEST_NO_MEMORY, n);
    } else {
        double var = dn * (dn + 1) * (2 * dn + 1) / 24 - ties / 48;
        double dev = wplus - mu;
        double cc = dev > 0 ? 0.5 : dev < 0 ? -0.5 : 0;
        if (!(var > 0))
            evs__test_fail(out, EVS_TEST_ZERO_VARIANCE, n);
        else
            out->p_value = evs__p_normal((dev - cc) / sqrt(var));
    }
out:
    free(a);
    free(rk);
    free(it);
}

void evs__wilcoxon_day(const evs_test_data *d, size_t col,
                       evs_test_result *out)
{
    wilcoxon(d, d->ar + col, d->win_len, out);
}

void evs__wilcoxon_window(const evs_test_data *d, const evs_test_window *w,
                          evs_test_result *out)
{
    wilcoxon(d, w->car, 1, out);
}
