/*
 * stattest_rank.c - the Corrado family: the rank test (Corrado 1989;
 * Cowan 1992 for windows), Corrado & Zivney's (1992) standardised ranks
 * and their sign test.  Each event's ARs over the estimation and event
 * windows are ranked once (in event time) and only per-day sums across
 * events are kept, so memory does not grow with the number of events.
 */
#include <stdlib.h>
#include <string.h>

#include "stattest_util.h"

typedef enum score_kind { RANK_DEV, RANK_STD, MEDIAN_SIGN } score_kind;

/* Per-column sums of the scores over events, columns being the estimation
 * days then the event days c0..c1. */
typedef struct acc {
    size_t cols, c0, c1;
    double *sum;
    size_t *cnt;
    double obs;    /* sum over events of T_i, the valid values ranked */
    size_t events; /* events with T_i > 0 */
} acc;

typedef struct scratch {
    double *v, *rank;
    evs__rank_item *items;
} scratch;

/* Scores one event into a: K - (T+1)/2 (Corrado 1989), K/(T+1) - 1/2
 * (Corrado & Zivney 1992), or sign(AR - median) (Corrado & Zivney's sign
 * test). */
static void score_event(const evs_test_data *d, size_t i, score_kind kind,
                        acc *a, scratch *s)
{
    size_t E = d->est_len, n = 0;
    const double *e = evs_test_est_row(d, i, s->v);
    if (e != s->v)
        memcpy(s->v, e, E * sizeof *s->v);
    for (size_t c = a->c0; c <= a->c1; c++)
        s->v[E + c - a->c0] = d->ar[i * d->win_len + c];
    int ties = evs__conv(d, EVS_CONV_RANK_TIES);
    double med = 0;
    if (kind == MEDIAN_SIGN)
        med = evs__median(s->v, a->cols, s->items);
    else
        n = evs__rank(s->v, a->cols, ties, s->rank, s->items);
    for (size_t k = 0; k < a->cols; k++) {
        if (isnan(s->v[k]))
            continue;
        double x, T = (double)(kind == MEDIAN_SIGN ? 1 : n);
        if (kind == RANK_DEV)
            x = s->rank[k] - 0.5 * (T + 1);
        else if (kind == RANK_STD)
            x = s->rank[k] / (T + 1) - 0.5;
        else
            x = (double)((s->v[k] > med) - (s->v[k] < med));
        a->sum[k] += x;
        a->cnt[k]++;
        if (kind == MEDIAN_SIGN)
            n++;
    }
    if (n) {
        a->obs += (double)n;
        a->events++;
    }
}

static void acc_free(acc *a, scratch *s)
{
    free(a->sum);
    free(a->cnt);
    free(s->v);
    free(s->rank);
    free(s->items);
}

/* Ranks every event over the estimation days and event columns c0..c1. */
static evs_status accumulate(const evs_test_data *d, score_kind kind,
                             size_t c0, size_t c1, acc *a, scratch *s)
{
    memset(a, 0, sizeof *a);
    memset(s, 0, sizeof *s);
    a->c0 = c0;
    a->c1 = c1;
    a->cols = d->est_len + (c1 - c0 + 1);
    a->sum = evs__calloc(a->cols, sizeof *a->sum);
    a->cnt = evs__calloc(a->cols, sizeof *a->cnt);
    s->v = evs__mallocarray(a->cols, sizeof *s->v);
    s->rank = evs__mallocarray(a->cols, sizeof *s->rank);
    s->items = evs__mallocarray(a->cols, sizeof *s->items);
    if (!a->sum || !a->cnt || !s->v || !s->rank || !s->items)
        return EVS_ENOMEM;
    for (size_t i = 0; i < d->n_events; i++)
        score_event(d, i, kind, a, s);
    return EVS_OK;
}

/* The daily quantity of column k: the mean score D_k for the rank test,
 * the scaled sum (1/sqrt(n_k)) sum_i score for Corrado-Zivney and sign. */
static double daily(const acc *a, score_kind kind, size_t k)
{
    if (a->cnt[k] == 0)
        return NAN;
    double n = (double)a->cnt[k];
    return kind == RANK_DEV ? a->sum[k] / n : a->sum[k] / sqrt(n);
}

/* S = sqrt((1/T) sum_k daily_k^2) over every column with a value, T the
 * number of such days (Corrado 1989) or the mean T_i under
 * "rank-scale=mean-obs" (estudy2). */
static double scale(const evs_test_data *d, const acc *a, score_kind kind)
{
    double ss = 0;
    size_t days = 0;
    for (size_t k = 0; k < a->cols; k++) {
        double x = daily(a, kind, k);
        if (isnan(x))
            continue;
        ss += x * x;
        days++;
    }
    double T = evs__conv(d, EVS_CONV_RANK_SCALE) == 1 && a->events
                   ? a->obs / (double)a->events : (double)days;
    return days && T > 0 ? sqrt(ss / T) : NAN;
}

static void day_result(const acc *a, score_kind kind, double S, size_t col,
                       evs_test_result *out)
{
    size_t k = a->cols - (a->c1 - a->c0 + 1) + (col - a->c0);
    if (a->cnt[k] == 0) {
        evs__test_fail(out, EVS_TEST_TOO_FEW, 0);
        return;
    }
    if (!(S > 0)) {
        evs__test_fail(out, EVS_TEST_ZERO_VARIANCE, a->cnt[k]);
        return;
    }
    evs__test_z(out, daily(a, kind, k) / S, a->cnt[k]);
}

/* Window: sum of the daily quantities over the L window days that have
 * one, over sqrt(L) S (Cowan 1992).  With `cover`, only the days
 * whose share of reporting events exceeds it (estudy2's car_rank_test). */
static void window_result(const evs_test_data *d, const acc *a,
                          score_kind kind, double S, evs_window w,
                          double cover, evs_test_result *out)
{
    size_t c0, c1, L = 0, nmax = 0;
    double sum = 0;
    evs__win_cols(d, w, &c0, &c1);
    for (size_t c = c0; c <= c1; c++) {
        size_t k = a->cols - (a->c1 - a->c0 + 1) + (c - a->c0);
        double x = daily(a, kind, k);
        if (isnan(x) || (cover >= 0 && !(100.0 * (double)a->cnt[k] /
                                             (double)d->n_events > cover)))
            continue;
        sum += x;
        L++;
        nmax = a->cnt[k] > nmax ? a->cnt[k] : nmax;
    }
    if (L == 0) {
        evs__test_fail(out, EVS_TEST_TOO_FEW, 0);
        return;
    }
    if (!(S > 0)) {
        evs__test_fail(out, EVS_TEST_ZERO_VARIANCE, nmax);
        return;
    }
    evs__test_z(out, sum / (sqrt((double)L) * S), nmax);
}

/* estudy2 re-ranks each CAR window over the estimation days and that
 * window only ("rank-window=car-window"). */
static evs_status car_window_ranks(const evs_test_data *d,
                                   const evs_test_window *w,
                                   evs_test_result *out)
{
    size_t c0, c1;
    acc a;
    scratch s;
    evs__win_cols(d, w->w, &c0, &c1);
    evs_status st = accumulate(d, RANK_DEV, c0, c1, &a, &s);
    if (st == EVS_OK)
        window_result(d, &a, RANK_DEV, scale(d, &a, RANK_DEV), w->w,
                      d->conv ? d->conv->coverage : 90.0, out);
    else
        evs__test_fail(out, EVS_TEST_NO_MEMORY, 0);
    acc_free(&a, &s);
    return st;
}

static evs_status family_batch(const evs_test_data *d,
                               const evs_test_window *w, size_t nw,
                               evs_test_result *day, evs_test_result *win,
                               score_kind kind)
{
    if (!evs_test_has_est(d) || d->win_len == 0) {
        evs__test_fill(day, d->win_len, EVS_TEST_NOT_APPLICABLE);
        evs__test_fill(win, nw, EVS_TEST_NOT_APPLICABLE);
        return EVS_OK;
    }
    acc a;
    scratch s;
    evs_status st = accumulate(d, kind, 0, d->win_len - 1, &a, &s);
    if (st != EVS_OK) {
        acc_free(&a, &s);
        evs__test_fill(day, d->win_len, EVS_TEST_NO_MEMORY);
        evs__test_fill(win, nw, EVS_TEST_NO_MEMORY);
        return st;
    }
    double S = scale(d, &a, kind);
    for (size_t c = 0; c < d->win_len; c++)
        day_result(&a, kind, S, c, &day[c]);
    int car_ranks = kind == RANK_DEV &&
                    evs__conv(d, EVS_CONV_RANK_WINDOW) == 1;
    for (size_t k = 0; k < nw && st == EVS_OK; k++) {
        if (car_ranks)
            st = car_window_ranks(d, &w[k], &win[k]);
        else
            window_result(d, &a, kind, S, w[k].w, -1.0, &win[k]);
    }
    acc_free(&a, &s);
    return st;
}

/* A single day or window through the batch. */
static void one(const evs_test_data *d, size_t col, const evs_test_window *w,
                score_kind kind, evs_test_result *out)
{
    evs_test_result *day = evs__mallocarray(d->win_len ? d->win_len : 1,
                                            sizeof *day);
    if (day == NULL) {
        evs__test_fail(out, EVS_TEST_NO_MEMORY, 0);
        return;
    }
    evs_test_result win;
    family_batch(d, w, w ? 1 : 0, day, &win, kind);
    *out = w ? win : day[col];
    free(day);
}

evs_status evs__crank_batch(const evs_test_data *d, const evs_test_window *w,
                            size_t nw, evs_test_result *day,
                            evs_test_result *win)
{
    return family_batch(d, w, nw, day, win, RANK_DEV);
}

evs_status evs__czrank_batch(const evs_test_data *d, const evs_test_window *w,
                             size_t nw, evs_test_result *day,
                             evs_test_result *win)
{
    return family_batch(d, w, nw, day, win, RANK_STD);
}

evs_status evs__csign_batch(const evs_test_data *d, const evs_test_window *w,
                            size_t nw, evs_test_result *day,
                            evs_test_result *win)
{
    return family_batch(d, w, nw, day, win, MEDIAN_SIGN);
}

void evs__crank_day(const evs_test_data *d, size_t col, evs_test_result *out)
{
    one(d, col, NULL, RANK_DEV, out);
}

void evs__crank_window(const evs_test_data *d, const evs_test_window *w,
                       evs_test_result *out)
{
    one(d, 0, w, RANK_DEV, out);
}

void evs__czrank_day(const evs_test_data *d, size_t col,
                     evs_test_result *out)
{
    one(d, col, NULL, RANK_STD, out);
}

void evs__czrank_window(const evs_test_data *d, const evs_test_window *w,
                        evs_test_result *out)
{
    one(d, 0, w, RANK_STD, out);
}

void evs__csign_day(const evs_test_data *d, size_t col, evs_test_result *out)
{
    one(d, col, NULL, MEDIAN_SIGN, out);
}

void evs__csign_window(const evs_test_data *d, const evs_test_window *w,
                       evs_test_result *out)
{
    one(d, 0, w, MEDIAN_SIGN, out);
}
