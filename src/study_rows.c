/*
 * study_rows.c - what a study keeps per event, kept small.  A full evs_fit
 * is 1.3 KB (room for 12 parameters); the packed fit holds only the
 * model's k.  Dates, returns and market returns of an event window are
 * runs of arrays the result keeps once per market or per security, and
 * the estimation residuals (240 doubles an event) are recomputed from
 * them on demand instead of stored.
 */
#include <stdlib.h>
#include <string.h>

#include "model_ols.h" /* evs__market_expected */
#include "study_internal.h"

enum { PACK_HEAD = 7 }; /* k, n, df, alpha, beta, sigma, r2 */

size_t evs__fit_stride(size_t k) { return PACK_HEAD + k + k * k; }

void evs__fit_pack(double *dst, size_t k, const evs_fit *fit)
{
    dst[0] = (double)fit->k;
    dst[1] = (double)fit->n;
    dst[2] = (double)fit->df;
    dst[3] = fit->alpha;
    dst[4] = fit->beta;
    dst[5] = fit->sigma;
    dst[6] = fit->r2;
    size_t fk = fit->k < k ? fit->k : k;
    for (size_t j = 0; j < k; j++)
        dst[PACK_HEAD + j] = j < fk ? fit->coef[j] : 0;
    /* (X'X)^-1 is stored fit->k x fit->k, row-major, at the front. */
    for (size_t j = 0; j < k * k; j++)
        dst[PACK_HEAD + k + j] = j < fk * fk ? fit->xtx_inv[j] : 0;
}

void evs__fit_unpack(const double *src, size_t k, evs_fit *fit)
{
    memset(fit, 0, sizeof *fit);
    fit->k = (size_t)src[0];
    fit->n = (size_t)src[1];
    fit->df = (size_t)src[2];
    fit->alpha = src[3];
    fit->beta = src[4];
    fit->sigma = src[5];
    fit->r2 = src[6];
    size_t fk = fit->k < k ? fit->k : k;
    for (size_t j = 0; j < fk; j++)
        fit->coef[j] = src[PACK_HEAD + j];
    for (size_t j = 0; j < fk * fk; j++)
        fit->xtx_inv[j] = src[PACK_HEAD + k + j];
}

int evs__keep_span(evs_study_result *r, size_t g, const size_t *events,
                   size_t n_events, const double *sret)
{
    const evs_study_config *c = &r->cfg;
    size_t lo = SIZE_MAX, hi = 0;
    for (size_t k = 0; k < n_events; k++) {
        size_t i = events[k];
        if (r->status[i] != EVS_EVENT_OK)
            continue;
        long t0 = (long)r->day0_index[i];
        long a = t0 + c->window.first, b = t0 + c->window.last;
        if (r->keep_est) {
            if (t0 + c->estimation.first < a)
                a = t0 + c->estimation.first;
            if (t0 + c->estimation.last > b)
                b = t0 + c->estimation.last;
        }
        /* run_event checked both windows against the calendar. */
        if ((size_t)a < lo)
            lo = (size_t)a;
        if ((size_t)b > hi)
            hi = (size_t)b;
        r->group[i] = g;
    }
    if (lo == SIZE_MAX)
        return 1; /* no surviving event: nothing to keep */
    size_t len = hi - lo + 1;
    r->span[g] = evs__mallocarray(len, sizeof *r->span[g]);
    if (r->span[g] == NULL)
        return 0;
    memcpy(r->span[g], sret + lo, len * sizeof *sret);
    r->span_lo[g] = lo;
    return 1;
}

void evs__event_view(const evs_study_result *r, size_t k,
                     const evs_date **dates, const double **ret,
                     const double **mret)
{
    size_t m = r->market_id[k], g = r->group[k];
    size_t w0 = (size_t)((long)r->day0_index[k] + r->cfg.window.first);
    *dates = r->cal_dates[m] + w0;
    *mret = r->mkts[m].ret + w0;
    *ret = r->span[g] + (w0 - r->span_lo[g]);
}

const double *evs__est_row(const void *ctx, size_t k, double *buf)
{
    const evs_study_result *r = ctx;
    const evs_study_config *c = &r->cfg;
    size_t m = r->market_id[k], g = r->group[k];
    size_t e0 = (size_t)((long)r->day0_index[k] + c->estimation.first);
    /* The model's expected return reads the market and factor arrays
     * only, never the security's own returns. */
    const double *pack = r->fitpack + k * r->fit_stride;
    const double *s = r->span[g] + (e0 - r->span_lo[g]);
    if (r->model->expected == evs__market_expected) {
        /* evs__market_expected's own expression, without a call a day. */
        const double a = pack[PACK_HEAD], b = pack[PACK_HEAD + 1];
        const double *mk = r->mkts[m].ret + e0;
        for (size_t j = 0; j < r->est_len; j++)
            buf[j] = s[j] - (a + b * mk[j]);
        return buf;
    }
    evs_model_input in = evs__model_input(r, &r->mkts[m], NULL);
    evs_fit fit;
    evs__fit_unpack(pack, r->fit_k, &fit);
    for (size_t j = 0; j < r->est_len; j++)
        buf[j] = s[j] - r->model->expected(&in, &fit, &c->model_opts, e0 + j);
    return buf;
}

void evs__free_rows(evs_study_result *r)
{
    for (size_t m = 0; r->mkts && m < r->n_markets; m++) {
        evs_calendar_free(r->mkts[m].cal);
        free(r->mkts[m].ret);
        evs__market_release(&r->mkts[m]);
    }
    free(r->mkts);
    for (size_t g = 0; r->span && g < r->n_groups; g++)
        free(r->span[g]);
    free(r->span);
    free(r->span_lo);
}
