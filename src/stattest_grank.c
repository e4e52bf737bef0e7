/*
 * stattest_grank.c - Kolari & Pynnonen's (2011) generalized rank test
 * (GRANK).  The event day (or the whole CAR window, compressed to one
 * value) enters as the re-standardised SCAR* = SCAR / sd_cross-section,
 * stacked with the estimation-window SARs; each event's values are ranked
 * and the event value's mean standardised rank is tested against its
 * time-series variation.  Each event's estimation SARs are sorted once and
 * every target (day or window) is ranked into them by binary search.
 */
#include <stdlib.h>
#include <string.h>

#include "stattest_util.h"

/* A target's event values and its per-column rank sums. */
typedef struct target {
    const double *x;  /* SAR column or SCAR, per event */
    size_t stride;
    double sd;        /* cross-sectional sd of x (divisor n - 1) */
    size_t n;         /* events with a value */
    size_t used;      /* events ranked (a value and estimation SARs) */
    double ev_sum;    /* sum over events of the event value's U */
    double *est_sum;  /* per estimation day: sum of U */
    size_t *est_cnt;
} target;

static void cross_sd(const evs_test_data *d, target *g)
{
    double m = 0, m2 = 0;
    size_t k = 0;
    for (size_t i = 0; i < d->n_events; i++) {
        double v = g->x[i * g->stride];
        if (isnan(v))
            continue;
        k++;
        double delta = v - m;
        m += delta / (double)k;
        m2 += delta * (v - m);
    }
    g->n = k;
    g->sd = k > 1 ? sqrt(m2 / (double)(k - 1)) : NAN;
}

/* Values of `sorted` (m items) below and equal to y. */
static void count_around(const evs__rank_item *sorted, size_t m, double y,
                         size_t *less, size_t *equal)
{
    size_t a = 0, b = m;
    while (a < b) {
        size_t mid = a + (b - a) / 2;
        if (sorted[mid].v < y)
            a = mid + 1;
        else
            b = mid;
    }
    size_t e = a;
    while (e < m && sorted[e].v == y)
        e++;
    *less = a;
    *equal = e - a;
}

/* One event's estimation SARs, ranked: the valid positions, twice their
 * ranks, and tab[j] = (j / 2) / T1 - 0.5 for every half-integer rank
 * j / 2 an estimation value can take (T1 = m + 2).  The table turns the
 * per-target, per-day division into a look-up with the same bits. */
typedef struct grank_event_view {
    const double *sars;
    const evs__rank_item *items; /* sorted valid SARs */
    size_t m, n_valid;
    const size_t *valid;
    const unsigned *r2;
    const double *tab;
} grank_event_view;

/* Adds event i's standardised ranks U = K/(T+1) - 1/2 for target g: the
 * event value y joins the event's m estimation SARs (T = m + 1).  The
 * estimation values keep their ranks among themselves, plus one when above
 * y and one half when tied with it; ties are averaged, or under
 * "rank-ties=first" go by position with the event value last. */
static void add_event(target *g, double y, const grank_event_view *e,
                      int first)
{
    const evs__rank_item *sorted = e->items;
    size_t m = e->m;
    size_t less, equal;
    count_around(sorted, m, y, &less, &equal);
    double T1 = (double)m + 2.0;
    double ky = first ? (double)(less + equal + 1)
                      : (double)less + 1.0 + 0.5 * (double)equal;
    g->ev_sum += ky / T1 - 0.5;
    g->used++;
    /* (rank + add) / T1 - 0.5 from the event's table: rank + add is the
     * half-integer j / 2, so the entry is that very quotient. */
    for (size_t q = 0; q < e->n_valid; q++) {
        size_t k = e->valid[q];
        double s = e->sars[k];
        unsigned j = e->r2[k] + (s > y ? 2u : (s == y && !first) ? 1u : 0u);
        g->est_cnt[k]++;
        g->est_sum[k] += e->tab[j];
    }
}

/* Z = mean U of the event value over
 * S_U = sqrt((1/T) sum_t (N_t/N) Ubar_t^2) (Kolari & Pynnonen 2011,
 * section 2), then t = Z sqrt((T-2)/(T-1-Z^2)), t(T-2). */
static void finish(const evs_test_data *d, const target *g,
                   evs_test_result *out)
{
    if (g->used < 2) {
        evs__test_fail(out, EVS_TEST_TOO_FEW, g->used);
        return;
    }
    double N = (double)g->used, u0 = g->ev_sum / N, ss = u0 * u0;
    size_t T = 1;
    for (size_t k = 0; k < d->est_len; k++) {
        if (g->est_cnt[k] == 0)
            continue;
        double u = g->est_sum[k] / (double)g->est_cnt[k];
        ss += ((double)g->est_cnt[k] / N) * u * u;
        T++;
    }
    double su = sqrt(ss / (double)T);
    if (!(su > 0) || T < 3) {
        evs__test_fail(out, T < 3 ? EVS_TEST_TOO_FEW : EVS_TEST_ZERO_VARIANCE,
                       g->used);
        return;
    }
    double z = u0 / su, room = (double)T - 1.0 - z * z;
    if (!(room > 0)) {
        evs__test_fail(out, EVS_TEST_NOT_APPLICABLE, g->used);
        return;
    }
    evs__test_t(d, out, z * sqrt(((double)T - 2.0) / room), (double)T - 2.0,
                g->used);
}

typedef struct grank_work {
    target *g;
    size_t ng;
    double *sars, *rank, *tab;
    evs__rank_item *items;
    size_t *valid;
    unsigned *r2;
} grank_work;

static void work_free(grank_work *w)
{
    for (size_t j = 0; w->g && j < w->ng; j++) {
        free(w->g[j].est_sum);
        free(w->g[j].est_cnt);
    }
    free(w->g);
    free(w->sars);
    free(w->rank);
    free(w->items);
    free(w->tab);
    free(w->valid);
    free(w->r2);
}

/* Targets: the event-window days (SAR columns) then the windows (SCAR). */
static int work_init(const evs_test_data *d, const evs_test_window *w,
                     size_t nw, grank_work *k)
{
    size_t E = d->est_len ? d->est_len : 1;
    memset(k, 0, sizeof *k);
    k->ng = d->win_len + nw;
    k->g = evs__calloc(k->ng ? k->ng : 1, sizeof *k->g);
    k->sars = evs__mallocarray(E, sizeof *k->sars);
    k->rank = evs__mallocarray(E, sizeof *k->rank);
    k->items = evs__mallocarray(E, sizeof *k->items);
    k->tab = evs__mallocarray(2 * E + 3, sizeof *k->tab);
    k->valid = evs__mallocarray(E, sizeof *k->valid);
    k->r2 = evs__mallocarray(E, sizeof *k->r2);
    if (!k->g || !k->sars || !k->rank || !k->items || !k->tab ||
        !k->valid || !k->r2)
        return 0;
    for (size_t j = 0; j < k->ng; j++) {
        target *g = &k->g[j];
        g->x = j < d->win_len ? d->sar + j : w[j - d->win_len].scar;
        g->stride = j < d->win_len ? d->win_len : 1;
        g->est_sum = evs__calloc(E, sizeof *g->est_sum);
        g->est_cnt = evs__calloc(E, sizeof *g->est_cnt);
        if (!g->est_sum || !g->est_cnt)
            return 0;
        cross_sd(d, g);
    }
    return 1;
}

/* One event into every target: its estimation SARs AR/sigma are ranked
 * once, then each target's SCAR* is placed among them. */
static void grank_event(const evs_test_data *d, grank_work *k, size_t i)
{
    int first = evs__conv(d, EVS_CONV_RANK_TIES) == EVS_TIES_FIRST;
    const double *row = evs_test_est_row(d, i, k->sars);
    for (size_t t = 0; t < d->est_len; t++)
        k->sars[t] = row[t] / d->sigma[i];
    size_t m = evs__rank(k->sars, d->est_len, first ? EVS_TIES_FIRST
                                                    : EVS_TIES_AVERAGE,
                         k->rank, k->items);
    if (m == 0)
        return;
    grank_event_view e = {k->sars, k->items, m, 0, k->valid, k->r2, k->tab};
    for (size_t t = 0; t < d->est_len; t++)
        if (!isnan(k->sars[t])) {
            k->valid[e.n_valid++] = t;
            k->r2[t] = (unsigned)(2.0 * k->rank[t]);
        }
    double T1 = (double)m + 2.0;
    for (size_t j = 0; j <= 2 * m + 2; j++)
        k->tab[j] = 0.5 * (double)j / T1 - 0.5;
    for (size_t j = 0; j < k->ng; j++) {
        target *g = &k->g[j];
        double x = g->x[i * g->stride];
        if (isnan(x) || !(g->sd > 0))
            continue;
        add_event(g, x / g->sd, &e, first);
    }
}

evs_status evs__grank_batch(const evs_test_data *d, const evs_test_window *w,
                            size_t nw, evs_test_result *day,
                            evs_test_result *win)
{
    if (!evs_test_has_est(d) || d->est_len == 0) {
        evs__test_fill(day, d->win_len, EVS_TEST_NOT_APPLICABLE);
        evs__test_fill(win, nw, EVS_TEST_NOT_APPLICABLE);
        return EVS_OK;
    }
    grank_work k;
    if (!work_init(d, w, nw, &k)) {
        work_free(&k);
        evs__test_fill(day, d->win_len, EVS_TEST_NO_MEMORY);
        evs__test_fill(win, nw, EVS_TEST_NO_MEMORY);
        return EVS_ENOMEM;
    }
    for (size_t i = 0; i < d->n_events; i++)
        grank_event(d, &k, i);
    for (size_t j = 0; j < k.ng; j++) {
        evs_test_result *out = j < d->win_len ? &day[j] : &win[j - d->win_len];
        if (!(k.g[j].sd > 0) && k.g[j].n >= 2)
            evs__test_fail(out, EVS_TEST_ZERO_VARIANCE, k.g[j].n);
        else
            finish(d, &k.g[j], out);
    }
    work_free(&k);
    return EVS_OK;
}

static void one(const evs_test_data *d, size_t col, const evs_test_window *w,
                evs_test_result *out)
{
    evs_test_result *day = evs__mallocarray(d->win_len ? d->win_len : 1,
                                            sizeof *day);
    if (day == NULL) {
        evs__test_fail(out, EVS_TEST_NO_MEMORY, 0);
        return;
    }
    evs_test_result win;
    evs__grank_batch(d, w, w ? 1 : 0, day, &win);
    *out = w ? win : day[col];
    free(day);
}

void evs__grank_day(const evs_test_data *d, size_t col, evs_test_result *out)
{
    one(d, col, NULL, out);
}

void evs__grank_window(const evs_test_data *d, const evs_test_window *w,
                       evs_test_result *out)
{
    one(d, 0, w, out);
}
