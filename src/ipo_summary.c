/*
 * ipo_summary.c - the cohort side of an IPO result: summary statistics of
 * every measure, wealth relatives, the events of the post-listing study,
 * and the result's accessors and release.
 */
#include <stdlib.h>
#include <string.h>

#include "ipo_internal.h"

/* ---- statistics ---------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Mean, median, min and max of the finite values in v[0..n) (sorted in
 * place).  The median of an even count is the mean of the middle two. */
static void describe(double *v, size_t n, evs_ipo_stat *s)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            v[k++] = v[i];
    s->n = k;
    s->mean = s->median = s->min = s->max = NAN;
    if (k == 0)
        return;
    qsort(v, k, sizeof *v, cmp_double);
    double sum = 0;
    for (size_t i = 0; i < k; i++)
        sum += v[i];
    s->mean = sum / (double)k;
    s->median = k % 2 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2]) / 2;
    s->min = v[0];
    s->max = v[k - 1];
}

/* A per-listing value: offset of a double in evs_ipo_metrics, or in the
 * horizon record when `per_horizon`. */
typedef struct measure {
    const char *name;
    size_t off;
    int per_horizon;
    int amount; /* in the listing's currency: summarised per currency */
} measure;

#define M(f) offsetof(evs_ipo_metrics, f)
#define H(f) offsetof(evs_ipo_horizon, f)
static const measure measures[] = {
    {"offer_to_open", M(offer_to_open), 0, 0},
    {"offer_to_high", M(offer_to_high), 0, 0},
    {"offer_to_low", M(offer_to_low), 0, 0},
    {"offer_to_close", M(offer_to_close), 0, 0},
    {"open_to_close", M(open_to_close), 0, 0},
    {"benchmark_initial_return", M(bench_initial_return), 0, 0},
    {"market_adjusted_initial_return", M(market_adjusted_initial_return), 0, 0},
    {"money_left_on_table", M(money_left_on_table), 0, 1},
    {"market_cap_at_offer", M(market_cap_at_offer), 0, 1},
    {"market_cap_at_first_close", M(market_cap_at_first_close), 0, 1},
    {"return_from_offer", H(ret), 1, 0},
    {"benchmark_return", H(bench_ret), 1, 0},
    {"bhar", H(bhar), 1, 0},
    {"return_from_first_close", H(after_ret), 1, 0},
    {"benchmark_return_from_first_close", H(after_bench_ret), 1, 0},
    {"bhar_from_first_close", H(after_bhar), 1, 0},
};
#undef M
#undef H

static double value_of(const evs_ipo_metrics *m, const measure *ms, size_t h)
{
    const char *base = ms->per_horizon ? (const char *)&m->horizons[h]
                                       : (const char *)m;
    double v;
    memcpy(&v, base + ms->off, sizeof v);
    return v;
}

static int same_currency(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* The distinct currencies of the listings, in first-seen order. */
static size_t currencies(const evs_ipo_result *r, const char **out)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++) {
        const char *c = r->rows[i].m.ipo->currency;
        size_t k = 0;
        while (k < n && !same_currency(out[k], c))
            k++;
        if (k == n)
            out[n++] = c;
    }
    return n;
}

static void add_stat(evs_ipo_result *r, double *buf, const measure *ms,
                     size_t h, const char *const *cur)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++) {
        const evs_ipo_metrics *m = &r->rows[i].m;
        if (cur == NULL || same_currency(m->ipo->currency, *cur))
            buf[n++] = value_of(m, ms, h);
    }
    evs_ipo_stat *s = &r->stats[r->n_stats++];
    s->measure = ms->name;
    s->horizon = ms->per_horizon ? r->cfg.horizons[h] : 0;
    s->currency = cur ? *cur : NULL;
    describe(buf, n, s);
}

/* Ritter (1991): WR = (1 + mean BHR of the IPOs) / (1 + mean BHR of the
 * benchmark), over the listings that have both. */
static void wealth(const evs_ipo_result *r, size_t h, int after,
                   size_t *n_out, double *mr, double *mb, double *wr)
{
    double sr = 0, sb = 0;
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++) {
        const evs_ipo_horizon *x = &r->rows[i].m.horizons[h];
        double a = after ? x->after_ret : x->ret;
        double b = after ? x->after_bench_ret : x->bench_ret;
        if (!isfinite(a) || !isfinite(b))
            continue;
        sr += a;
        sb += b;
        n++;
    }
    *n_out = n;
    *mr = n ? sr / (double)n : NAN;
    *mb = n ? sb / (double)n : NAN;
    *wr = n ? (1 + *mr) / (1 + *mb) : NAN;
}

evs_status evs__ipo_summarize(evs_ipo_result *r, evs_error *err)
{
    const char **cur = evs__mallocarray(r->n, sizeof *cur);
    double *buf = evs__mallocarray(r->n, sizeof *buf);
    size_t nc = cur ? currencies(r, cur) : 0, H = r->cfg.n_horizons;
    size_t nm = sizeof measures / sizeof measures[0], cap = 0;
    for (size_t k = 0; k < nm; k++)
        cap += (measures[k].per_horizon ? H : 1) * (measures[k].amount ? nc : 1);
    r->stats = cur && buf ? evs__calloc(cap, sizeof *r->stats) : NULL;
    if (r->stats == NULL) {
        free(cur);
        free(buf);
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    }
    for (size_t k = 0; k < nm; k++) {
        const measure *ms = &measures[k];
        for (size_t h = 0; h < (ms->per_horizon ? H : 1); h++) {
            if (!ms->amount)
                add_stat(r, buf, ms, h, NULL);
            for (size_t c = 0; ms->amount && c < nc; c++)
                add_stat(r, buf, ms, h, &cur[c]);
        }
    }
    for (size_t h = 0; h < H; h++) {
        evs_ipo_wealth *w = &r->wealth[h];
        w->horizon = r->cfg.horizons[h];
        wealth(r, h, 0, &w->n, &w->mean_ret, &w->mean_bench_ret,
               &w->wealth_relative);
        wealth(r, h, 1, &w->after_n, &w->after_mean_ret,
               &w->after_mean_bench_ret, &w->after_wealth_relative);
    }
    free(cur);
    free(buf);
    return EVS_OK;
}

/* ---- events of the post-listing study ------------------------------------ */

evs_events *evs_ipo_events(const evs_ipo_result *r, evs_error *err)
{
    evs_events *ev = evs_events_new(err);
    for (size_t i = 0; ev != NULL && i < r->n; i++) {
        const evs_ipo_metrics *m = &r->rows[i].m;
        if (m->benchmark == NULL)
            continue;
        if (evs_events_add(ev, m->ipo->symbol, m->ipo->listing_date,
                           m->benchmark, m->ipo->name, err) != EVS_OK) {
            evs_events_free(ev);
            return NULL;
        }
    }
    if (ev != NULL && evs_events_count(ev) == 0) {
        evs_events_free(ev);
        evs__seterr(err, EVS_ENODATA, 0, "no listing has a benchmark for the "
                    "post-listing study");
        return NULL;
    }
    return ev;
}

/* ---- accessors ----------------------------------------------------------- */

const evs_ipo_config *evs_ipo_result_config(const evs_ipo_result *r)
{
    return &r->cfg;
}

size_t evs_ipo_result_count(const evs_ipo_result *r) { return r->n; }

const evs_ipo_metrics *evs_ipo_result_get(const evs_ipo_result *r, size_t i)
{
    return i < r->n ? &r->rows[i].m : NULL;
}

size_t evs_ipo_result_n_usable(const evs_ipo_result *r) { return r->n_usable; }

size_t evs_ipo_result_n_stats(const evs_ipo_result *r) { return r->n_stats; }

const evs_ipo_stat *evs_ipo_result_stats(const evs_ipo_result *r)
{
    return r->stats;
}

const evs_ipo_wealth *evs_ipo_result_wealth(const evs_ipo_result *r)
{
    return r->wealth;
}

void evs_ipo_result_free(evs_ipo_result *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; r->rows && i < r->n; i++) {
        evs__ipo_row *row = &r->rows[i];
        free(row->reason);
        for (size_t k = 0; k < EVS_IPO_MAX_HORIZONS; k++)
            free(row->hnote[k]);
        free(row->hits);
        for (size_t k = 0; k < row->m.n_notes; k++)
            free(row->notes[k]);
        free(row->notes);
    }
    free(r->rows);
    evs_ipos_free(r->ipos);
    free(r->market);
    free(r->stats);
    free(r);
}
