/*
 * ipo_daily.c - a listing's path day by day (evs_ipo_daily_new): its
 * close, its benchmark and its BHARs on every trading day of the horizon
 * calendar, for the figures of `evstudy ipo --plot`.  It re-derives the
 * calendar and the benchmark span exactly as ipo.c does for the horizons,
 * so that day N of the path is horizon N of the table.  Pure: no printing.
 */
#include <stdlib.h>
#include <string.h>

#include "ipo_internal.h"

void evs_ipo_daily_free(evs_ipo_daily *d)
{
    if (d == NULL)
        return;
    free(d->dates);
    free(d->close);
    free(d->bench);
    free(d->bhar);
    free(d->after_bhar);
    free(d);
}

/* The calendar and the reference rows of one listing (as ipo.c). */
typedef struct day_ctx {
    const evs_ipo_metrics *m;
    const evs_series *s;   /* the stock */
    const evs_series *b;   /* the benchmark when it is the calendar */
    const double *sbasis, *bbasis;
    const evs_date *cal;
    size_t cal_n;
    long t1;               /* listing day on cal */
    long row1;             /* the stock's listing-day row, -1 when none */
    long ref;              /* start of the benchmark span on cal, -1 */
} day_ctx;

/* Index of the last date <= d in a sorted array, or -1. */
static long on_or_before(const evs_date *a, size_t n, evs_date d)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] <= d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (long)lo - 1;
}

/* The horizon calendar: the benchmark's rows when it has one on the
 * listing day, else the stock's own (ipo.c choose_calendar). */
static evs_status calendar(day_ctx *c, const evs_dataset *data, evs_error *err)
{
    const evs_ipo *ipo = c->m->ipo;
    char a[EVS_DATE_BUFSZ];
    c->row1 = evs_series_find(c->s, ipo->listing_date);
    c->b = c->m->benchmark ? evs_dataset_find(data, c->m->benchmark) : NULL;
    c->t1 = c->b && evs_series_len(c->b) ? evs_series_find(c->b, ipo->listing_date) : -1;
    if (c->t1 >= 0) {
        c->cal = evs_series_dates(c->b);
        c->cal_n = evs_series_len(c->b);
        c->bbasis = evs_series_basis(c->b);
    } else if (c->row1 >= 0) {
        c->b = NULL;
        c->cal = evs_series_dates(c->s);
        c->cal_n = evs_series_len(c->s);
        c->t1 = c->row1;
    } else {
        return evs__seterr(err, EVS_ENODATA, 0, "%s: neither the price data nor a "
                           "benchmark has a row on the listing date %s",
                           ipo->symbol, evs_date_format(ipo->listing_date, a));
    }
    /* The span start is usable exactly when the initial benchmark return
     * could be computed (ipo.c bench_span). */
    c->ref = -1;
    if (c->bbasis != NULL && c->m->have_bench_span &&
        !isnan(c->m->bench_initial_return))
        c->ref = evs_series_find(c->b, c->m->bench_start);
    c->sbasis = evs_series_basis(c->s);
    return EVS_OK;
}

/* Day 1 is the first-day figures, wherever they came from (ipo.c
 * horizon_day1); day d > 1 compounds the stock's price relative from the
 * listing-day close (ipo.c horizon_later; Barber & Lyon 1997, eq. 3). */
static void fill_day(const day_ctx *c, evs_ipo_daily *d, size_t k)
{
    const evs_ipo_metrics *m = c->m;
    long t = c->t1 + (long)k;
    long row = c->b ? evs_series_find(c->s, c->cal[t]) : t;
    const double *cl = evs_series_field(c->s, EVS_FIELD_CLOSE);
    if (cl == NULL)
        cl = c->sbasis;
    d->dates[k] = c->cal[t];
    d->close[k] = row >= 0 && cl ? cl[row] : NAN;
    double bn = c->bbasis ? c->bbasis[t] : NAN;
    if (d->bench != NULL)
        d->bench[k] = bn;
    double ret, bret, aret, abret;
    if (k == 0) {
        ret = m->offer_to_close;
        bret = m->bench_initial_return;
        aret = isnan(m->close) ? NAN : 0.0;
        abret = c->ref >= 0 ? 0.0 : NAN;
    } else {
        double p1 = c->row1 >= 0 && c->sbasis ? c->sbasis[c->row1] : NAN;
        double pn = row >= 0 && c->sbasis ? c->sbasis[row] : NAN;
        aret = pn / p1 - 1;
        ret = (1 + m->offer_to_close) * (pn / p1) - 1;
        bret = c->ref >= 0 ? bn / c->bbasis[c->ref] - 1 : NAN;
        abret = bn / (c->bbasis ? c->bbasis[c->t1] : NAN) - 1;
    }
    d->bhar[k] = ret - bret;
    d->after_bhar[k] = aret - abret;
}

static evs_status locate(day_ctx *c, const evs_ipo_result *r, size_t i,
                         const evs_dataset *data, evs_error *err)
{
    if (i >= evs_ipo_result_count(r))
        return evs__seterr(err, EVS_EINVAL, 0, "ipo: listing %zu does not exist "
                           "(%zu listings)", i + 1, evs_ipo_result_count(r));
    c->m = evs_ipo_result_get(r, i);
    const evs_ipo *ipo = c->m->ipo;
    if (c->m->status == EVS_IPO_BAD_OFFER)
        return evs__seterr(err, EVS_ENODATA, 0, "%s: no usable offer price",
                           ipo->symbol);
    c->s = evs_dataset_find(data, ipo->symbol);
    if (c->s == NULL || evs_series_len(c->s) == 0)
        return evs__seterr(err, EVS_ENODATA, 0, "no price data for %s", ipo->symbol);
    return calendar(c, data, err);
}

evs_status evs_ipo_daily_new(const evs_ipo_result *r, size_t i,
                             const evs_dataset *data, evs_ipo_daily **out,
                             evs_error *err)
{
    *out = NULL;
    day_ctx c;
    memset(&c, 0, sizeof c);
    evs_status st = locate(&c, r, i, data, err);
    if (st != EVS_OK)
        return st;
    const evs_date *sd = evs_series_dates(c.s);
    size_t sn = evs_series_len(c.s);
    long last = on_or_before(c.cal, c.cal_n, sd[sn - 1]);
    char a[EVS_DATE_BUFSZ], b[EVS_DATE_BUFSZ];
    if (last < c.t1)
        return evs__seterr(err, EVS_ENODATA, 0, "the price data of %s end on %s, "
                           "before the listing date %s", c.m->ipo->symbol,
                           evs_date_format(sd[sn - 1], a),
                           evs_date_format(c.m->ipo->listing_date, b));
    size_t n = (size_t)(last - c.t1) + 1;
    evs_ipo_daily *d = evs__calloc(1, sizeof *d);
    if (d != NULL) {
        d->n = n;
        d->bench_base = c.ref >= 0 ? c.bbasis[c.ref] : NAN;
        d->dates = evs__mallocarray(n, sizeof *d->dates);
        d->close = evs__mallocarray(n, sizeof *d->close);
        d->bench = c.bbasis ? evs__mallocarray(n, sizeof *d->bench) : NULL;
        d->bhar = evs__mallocarray(n, sizeof *d->bhar);
        d->after_bhar = evs__mallocarray(n, sizeof *d->after_bhar);
    }
    if (d == NULL || !d->dates || !d->close || (c.bbasis && !d->bench) ||
        !d->bhar || !d->after_bhar) {
        evs_ipo_daily_free(d);
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    }
    for (size_t k = 0; k < n; k++)
        fill_day(&c, d, k);
    *out = d;
    return EVS_OK;
}
