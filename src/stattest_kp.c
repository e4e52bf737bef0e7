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
#include <stdatomic.h>
#include <stdint.h>
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

/* Keys rise with the column (calendar dates ascend) and the valid columns
 * are one run, so an event's smallest key is its first valid one and its
 * largest its last. */
static int key_range(const evs_test_data *d, long *lo, long *hi)
{
    int any = 0;
    for (size_t i = 0; i < d->n_events; i++) {
        size_t a = 0, b = d->est_len;
        while (a < b && key_of(d, i, a) == LONG_MIN)
            a++;
        while (b > a && key_of(d, i, b - 1) == LONG_MIN)
            b--;
        if (a == b)
            continue;
        long first = key_of(d, i, a), last = key_of(d, i, b - 1);
        if (!any || first < *lo)
            *lo = first;
        if (!any || last > *hi)
            *hi = last;
        any = 1;
    }
    return any;
}

/* Events are summed in chunks whose size depends only on the number of
 * events, each into its own per-date sums, and the chunks are merged in
 * chunk order: any number of threads gives the same bits. */
enum { CHUNK_MIN = 4096, CHUNKS_MAX = 256 };

typedef struct rbar_job {
    const evs_test_data *d;
    long lo;
    size_t span, chunk, n_chunks;
    double *sum, *sq; /* n_chunks x span */
    size_t *used;     /* per chunk */
    atomic_size_t next;
    atomic_int oom;
} rbar_job;

static void rbar_chunk(rbar_job *jb, size_t c, double *buf, long *keys)
{
    const evs_test_data *d = jb->d;
    double *sum = jb->sum + c * jb->span, *sq = jb->sq + c * jb->span;
    size_t a = c * jb->chunk, b = a + jb->chunk < d->n_events
                                      ? a + jb->chunk : d->n_events;
    size_t used = 0;
    for (size_t i = a; i < b; i++) {
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
            sum[key - jb->lo] += w;
            sq[key - jb->lo] += w * w;
        }
    }
    jb->used[c] = used;
}

static void *rbar_worker(void *arg)
{
    rbar_job *jb = arg;
    double *buf = evs__mallocarray(jb->d->est_len, sizeof *buf);
    long *keys = evs__mallocarray(jb->d->est_len, sizeof *keys);
    if (buf == NULL || keys == NULL) {
        atomic_store(&jb->oom, 1);
    } else {
        for (;;) {
            size_t c = atomic_fetch_add(&jb->next, 1);
            if (c >= jb->n_chunks || atomic_load(&jb->oom))
                break;
            rbar_chunk(jb, c, buf, keys);
        }
    }
    free(buf);
    free(keys);
    return NULL;
}

double evs__test_rbar_threads(const evs_test_data *d, unsigned threads,
                              evs_status *st)
{
    if (st)
        *st = EVS_OK;
    long lo = 0, hi = 0;
    if (!evs_test_has_est(d) || d->est_len == 0 || !key_range(d, &lo, &hi))
        return NAN;
    rbar_job jb = {.d = d, .lo = lo, .span = (size_t)(hi - lo) + 1};
    jb.chunk = d->n_events / CHUNKS_MAX + 1;
    if (jb.chunk < CHUNK_MIN)
        jb.chunk = CHUNK_MIN;
    jb.n_chunks = (d->n_events + jb.chunk - 1) / jb.chunk;
    atomic_init(&jb.next, 0);
    atomic_init(&jb.oom, 0);
    int ok = jb.n_chunks <= SIZE_MAX / jb.span;
    jb.sum = ok ? evs__calloc(jb.n_chunks * jb.span, sizeof *jb.sum) : NULL;
    jb.sq = ok ? evs__calloc(jb.n_chunks * jb.span, sizeof *jb.sq) : NULL;
    jb.used = evs__calloc(jb.n_chunks ? jb.n_chunks : 1, sizeof *jb.used);
    double r = NAN;
    if (jb.sum != NULL && jb.sq != NULL && jb.used != NULL) {
        if (threads > jb.n_chunks)
            threads = (unsigned)jb.n_chunks;
        evs__parallel(threads, rbar_worker, &jb);
        if (!atomic_load(&jb.oom)) {
            size_t used = 0;
            double total = 0;
            for (size_t c = 0; c < jb.n_chunks; c++)
                used += jb.used[c];
            for (size_t t = 0; t < jb.span; t++) {
                double sm = 0, sqs = 0;
                for (size_t c = 0; c < jb.n_chunks; c++) {
                    sm += jb.sum[c * jb.span + t];
                    sqs += jb.sq[c * jb.span + t];
                }
                total += sm * sm - sqs;
            }
            if (used >= 2)
                r = total / ((double)used * (double)(used - 1));
        }
    }
    if ((jb.sum == NULL || jb.sq == NULL || jb.used == NULL ||
         atomic_load(&jb.oom)) && st)
        *st = EVS_ENOMEM;
    free(jb.sum);
    free(jb.sq);
    free(jb.used);
    return r;
}

double evs_test_rbar(const evs_test_data *d, evs_status *st)
{
    return evs__test_rbar_threads(d, 1, st);
}
