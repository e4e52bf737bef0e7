/*
 * stattest_kp.c - Kolari & Pynnonen's (2010) average cross-correlation
 * r-bar of the estimation residuals, on calendar-aligned dates and in time
 * linear in the number of events.
 *
 * Each event's residuals are centred and scaled to unit length,
 * w_it = (e_it - mean_i) / sqrt(sum_t (e_it - mean_i)^2), so that for two
 * events observed on the same dates sum_t w_it w_jt is their Pearson
 * correlation.  Then
 *     sum_{i != j} sum_t w_it w_jt = sum_t [ (sum_i w_it)^2 - sum_i w_it^2 ]
 * needs only two sums per calendar date, and r-bar is that total over
 * N (N - 1).  Pairs whose estimation windows share fewer dates count in
 * proportion to the dates they share (zero for disjoint windows).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "stattest_util.h"

/* Calendar date (or, without calendars, the event-time column) of
 * estimation column k of event i. */
static long key_of(const evs_test_data *d, size_t i, size_t k)
{
    if (d->cal_dates == NULL || d->market_id == NULL || d->day0_index == NULL)
        return (long)k;
    size_t m = d->market_id[i];
    long t = (long)d->day0_index[i] + d->est.first + (long)k;
    if (m >= d->n_markets || t < 0 || (size_t)t >= d->cal_len[m])
        return LONG_MIN;
    return (long)d->cal_dates[m][t];
}

/* The keys of every estimation column of event i (one calendar run). */
static void keys_of(const evs_test_data *d, size_t i, long *keys)
{
    for (size_t k = 0; k < d->est_len; k++)
        keys[k] = key_of(d, i, k);
}

/* Mean and root sum of squares of event i's valid residuals (two passes:
 * the mean, then centred squares); 0 when the event cannot enter (fewer
 * than two values or no spread). */
static int unit_scale(const evs_test_data *d, const double *e,
                      const long *keys, double *mean, double *norm)
{
    double sum = 0, m2 = 0;
    size_t n = 0;
    for (size_t k = 0; k < d->est_len; k++)
        if (!isnan(e[k]) && keys[k] != LONG_MIN) {
            sum += e[k];
            n++;
        }
    if (n < 2)
        return 0;
    double m = sum / (double)n;
    for (size_t k = 0; k < d->est_len; k++)
        if (!isnan(e[k]) && keys[k] != LONG_MIN)
            m2 += (e[k] - m) * (e[k] - m);
    *mean = m;
    *norm = sqrt(m2);
    return m2 > 0;
}

static int key_range(const evs_test_data *d, long *lo, long *hi)
{
    int any = 0;
    for (size_t i = 0; i < d->n_events; i++)
        for (size_t k = 0; k < d->est_len; k++) {
            long key = key_of(d, i, k);
            if (key == LONG_MIN)
                continue;
            if (!any || key < *lo)
                *lo = key;
            if (!any || key > *hi)
                *hi = key;
            any = 1;
        }
    return any;
}

double evs_test_rbar(const evs_test_data *d, evs_status *st)
{
    if (st)
        *st = EVS_OK;
    long lo = 0, hi = 0;
    if (!evs_test_has_est(d) || d->est_len == 0 || !key_range(d, &lo, &hi))
        return NAN;
    size_t span = (size_t)(hi - lo) + 1;
    double *sum = evs__calloc(span, sizeof *sum);
    double *sq = evs__calloc(span, sizeof *sq);
    double *buf = evs__mallocarray(d->est_len, sizeof *buf);
    long *keys = evs__mallocarray(d->est_len, sizeof *keys);
    if (sum == NULL || sq == NULL || buf == NULL || keys == NULL) {
        free(sum);
        free(sq);
        free(buf);
        free(keys);
        if (st)
            *st = EVS_ENOMEM;
        return NAN;
    }
    size_t used = 0;
    for (size_t i = 0; i < d->n_events; i++) {
        double mean, norm;
        const double *row = evs_test_est_row(d, i, buf);
        keys_of(d, i, keys);
        if (!unit_scale(d, row, keys, &mean, &norm))
            continue;
        used++;
        for (size_t k = 0; k < d->est_len; k++) {
            double e = row[k];
            long key = keys[k];
            if (isnan(e) || key == LONG_MIN)
                continue;
            double w = (e - mean) / norm;
            sum[key - lo] += w;
            sq[key - lo] += w * w;
        }
    }
    double total = 0;
    for (size_t t = 0; t < span; t++)
        total += sum[t] * sum[t] - sq[t];
    free(sum);
    free(sq);
    free(buf);
    free(keys);
    if (used < 2)
        return NAN;
    return total / ((double)used * (double)(used - 1));
}
