/*
 * study_extra.c - what the statistics suite adds to a study run: factor
 * columns aligned per market, the CAR window measures (CAR, SCAR, CAR
 * variance factor, BHAR), the arrays the tests read (AR variance factors,
 * calendar alignment, r-bar) and ABHAR.  study.c calls these at fixed
 * points so that its own flow stays as it was.
 */
#include <stdlib.h>
#include <string.h>

#include "study_internal.h"

/* Conventions and bootstrap settings given through the library API. */
static evs_status check_conv(const evs_study_config *c, evs_error *err)
{
    for (size_t i = 0; i < EVS_CONV_COUNT; i++) {
        int k = 0;
        while (k < EVS_CONV_MAX_CHOICES && evs_test_convs[i].choices[k])
            k++;
        if (c->conv.choice[i] < 0 || c->conv.choice[i] >= k)
            return evs__seterr(err, EVS_EINVAL, 0, "convention %s has no "
                               "choice %d", evs_test_convs[i].name,
                               c->conv.choice[i]);
    }
    if (c->conv.boot_reps < 1 || !(c->conv.boot_frac > 0) ||
        !(c->conv.boot_frac <= 1) || !(c->conv.coverage >= 0) ||
        !(c->conv.coverage < 100))
        return evs__seterr(err, EVS_EINVAL, 0, "bootstrap resamples must be "
                           "at least 1, the fraction in (0, 1], the coverage "
                           "in [0, 100)");
    if (strcmp(c->model, "dimson") == 0 &&
        (c->model_opts.lags < 0 || c->model_opts.leads < 0 ||
         c->model_opts.lags > EVS_MODEL_MAX_LAGS ||
         c->model_opts.leads > EVS_MODEL_MAX_LAGS))
        return evs__seterr(err, EVS_EINVAL, 0, "dimson lags and leads must "
                           "be 0 to %d", EVS_MODEL_MAX_LAGS);
    return EVS_OK;
}

evs_status evs__study_check_factors(const evs_study_config *c,
                                    evs_error *err)
{
    char names[EVS_MODEL_MAX_PARAMS][EVS_FACTOR_NAME_MAX + 1];
    evs_status st = check_conv(c, err);
    if (st != EVS_OK)
        return st;
    const evs_model_info *m = evs_model_find(c->model);
    if (m == NULL || !(m->needs & EVS_NEEDS_FACTORS))
        return EVS_OK;
    if (c->factors == NULL)
        return evs__seterr(err, EVS_EINVAL, 0, "model %s needs a factor "
                           "file (--factors)", c->model);
    size_t n = evs_model_factors(c->model, names, EVS_MODEL_MAX_PARAMS);
    for (size_t j = 0; j < n; j++)
        if (evs_factors_find(c->factors, names[j]) < 0)
            return evs__seterr(err, EVS_EINVAL, 0, "model %s needs factor "
                               "column '%s', which the factor file lacks",
                               c->model, names[j]);
    if (strncmp(c->model, "factors:", 8) != 0 &&
        evs_factors_find(c->factors, "RF") < 0)
        return evs__seterr(err, EVS_EINVAL, 0, "model %s needs the "
                           "risk-free column RF in the factor file",
                           c->model);
    return EVS_OK;
}

void evs__study_resolve(evs_study_result *r)
{
    char names[EVS_MODEL_MAX_PARAMS][EVS_FACTOR_NAME_MAX + 1];
    const evs_study_config *c = &r->cfg;
    r->n_fac = 0;
    r->rf_col = -1;
    if (r->model->needs & EVS_NEEDS_FACTORS && c->factors) {
        r->n_fac = evs_model_factors(c->model, names, EVS_MODEL_MAX_PARAMS);
        for (size_t j = 0; j < r->n_fac; j++)
            r->fac_col[j] = evs_factors_find(c->factors, names[j]);
        r->rf_col = evs_factors_find(c->factors, "RF");
    }
    r->cfg.model_opts.n_factors = r->n_fac;
    for (size_t j = 0; j < r->n_tests; j++) {
        unsigned need = r->tests[j]->needs;
        r->keep_vf |= (need & EVS_TEST_NEEDS_VF) != 0;
        r->need_rbar |= (need & EVS_TEST_NEEDS_RBAR) != 0;
        if (need & EVS_TEST_NEEDS_RBAR)
            r->keep_est = 1;
    }
}

int evs__study_alloc_extra(evs_study_result *r)
{
    size_t n = r->n, L = r->win_len, C = r->n_car;
    int ok = 1;
#define ALLOC(p, count) \
    ok = ok && ((p) = evs__mallocarray((count), sizeof *(p))) != NULL
    if (r->keep_vf)
        ALLOC(r->vf, n * L);
    ALLOC(r->car_vf, n * C);
    ALLOC(r->bhar, n * C);
    ALLOC(r->market_id, n);
    ALLOC(r->day0_index, n);
    ALLOC(r->abhar, C);
    ALLOC(r->abhar_n, C);
#undef ALLOC
    return ok;
}

void evs__study_free_extra(evs_study_result *r)
{
    void *ptrs[] = {r->vf, r->car_vf, r->bhar, r->market_id, r->day0_index,
                    r->abhar, r->abhar_n, r->cal_dates, r->cal_len};
    for (size_t i = 0; i < sizeof ptrs / sizeof ptrs[0]; i++)
        free(ptrs[i]);
}

evs_status evs__market_factors(const evs_study_result *r, evs__market *m)
{
    if (r->n_fac == 0 || m->cal == NULL)
        return EVS_OK;
    const evs_factors *f = r->cfg.factors;
    size_t len = evs_calendar_len(m->cal);
    for (size_t j = 0; j < r->n_fac; j++) {
        m->fac[j] = evs__mallocarray(len, sizeof *m->fac[j]);
        if (m->fac[j] == NULL)
            return EVS_ENOMEM;
        evs_factors_align(f, (size_t)r->fac_col[j], m->cal, m->fac[j]);
    }
    if (r->rf_col >= 0) {
        m->rf = evs__mallocarray(len, sizeof *m->rf);
        if (m->rf == NULL)
            return EVS_ENOMEM;
        evs_factors_align(f, (size_t)r->rf_col, m->cal, m->rf);
    }
    return EVS_OK;
}

void evs__market_release(evs__market *m)
{
    for (size_t j = 0; j < EVS_MODEL_MAX_PARAMS; j++)
        free(m->fac[j]);
    free(m->rf);
}

evs_model_input evs__model_input(const evs_study_result *r,
                                 const evs__market *m, const double *sret)
{
    evs_model_input in = {sret, m->ret, NULL, 0, NULL,
                          evs_calendar_len(m->cal)};
    if (r->n_fac > 0) {
        in.factors = (const double *const *)m->fac;
        in.n_factors = r->n_fac;
        in.rf = m->rf;
    }
    return in;
}

/* Gross return of a day: 1 + R, or e^r for log returns. */
static double gross(double x, evs_return_kind k)
{
    return k == EVS_RET_LOG ? exp(x) : 1.0 + x;
}

void evs__event_windows(evs_study_result *r, size_t i,
                        const evs_model_input *in, const evs_fit *fit,
                        size_t w0, size_t *days)
{
    const evs_study_config *c = &r->cfg;
    size_t base = i * r->win_len;
    int complete = c->conv.choice[EVS_CONV_MISSING] == EVS_MISSING_COMPLETE;
    for (size_t w = 0; w < r->n_car; w++) {
        evs_window cw = c->car[w];
        double sum = 0, pr = 1, pe = 1;
        size_t n = 0;
        for (int d = cw.first; d <= cw.last; d++) {
            size_t k = (size_t)(d - c->window.first);
            if (isnan(r->ar[base + k]))
                continue;
            sum += r->ar[base + k];
            pr *= gross(in->ret[w0 + k], c->returns);
            pe *= gross(r->expected[base + k], c->returns);
            days[n++] = w0 + k;
        }
        size_t o = w * r->n + i; /* column-major: one column per window */
        double vf = evs_model_car_var_factor(r->model, in, &c->model_opts,
                                             fit, days, n);
        int have = n > 0 && (!complete || n == evs_window_len(cw));
        r->car_days[o] = n;
        r->car[o] = have ? sum : NAN;
        r->scar[o] = have ? sum / (fit->sigma * sqrt(vf)) : NAN;
        r->car_vf[o] = have ? vf : NAN;
        r->bhar[o] = have ? pr - pe : NAN;
    }
}

void evs__compact_extra(evs_study_result *r, size_t i, size_t k)
{
    size_t L = r->win_len;
    if (r->vf && k != i)
        memmove(r->vf + k * L, r->vf + i * L, L * sizeof *r->vf);
    for (size_t w = 0; w < r->n_car; w++) {
        r->car_vf[w * r->n + k] = r->car_vf[w * r->n + i];
        r->bhar[w * r->n + k] = r->bhar[w * r->n + i];
    }
    r->market_id[k] = r->market_id[i];
    r->day0_index[k] = r->day0_index[i];
}

int evs__keep_calendars(evs_study_result *r, evs__market **m, size_t *n)
{
    size_t nm = *n;
    r->cal_dates = evs__calloc(nm ? nm : 1, sizeof *r->cal_dates);
    r->cal_len = evs__calloc(nm ? nm : 1, sizeof *r->cal_len);
    if (r->cal_dates == NULL || r->cal_len == NULL)
        return 0;
    r->mkts = *m; /* the result owns them from here (evs__free_rows) */
    r->n_markets = nm;
    *m = NULL;
    *n = 0;
    for (size_t k = 0; k < nm; k++) {
        r->mkts[k].series = NULL; /* borrowed from the caller's dataset */
        const evs_calendar *cal = r->mkts[k].cal;
        r->cal_dates[k] = cal ? evs_calendar_dates(cal) : NULL;
        r->cal_len[k] = cal ? evs_calendar_len(cal) : 0;
    }
    return 1;
}

evs_status evs__aggregate_extra(evs_study_result *r)
{
    size_t N = r->n_ok;
    for (size_t w = 0; w < r->n_car; w++) {
        double sum = 0;
        size_t n = 0;
        for (size_t i = 0; i < N; i++) {
            double b = r->bhar[w * r->n + i];
            if (!isnan(b)) {
                sum += b;
                n++;
            }
        }
        r->abhar_n[w] = n;
        r->abhar[w] = n ? sum / (double)n : NAN;
    }
    evs_test_data *t = &r->tdata;
    t->conv = &r->cfg.conv;
    t->vf = r->vf;
    t->market_id = r->market_id;
    t->day0_index = r->day0_index;
    t->cal_dates = r->cal_dates;
    t->cal_len = r->cal_len;
    t->n_markets = r->n_markets;
    t->rbar = NAN;
    evs_status st = EVS_OK;
    if (r->need_rbar && N > 0)
        t->rbar = evs__test_rbar_threads(t, evs__threads(r->cfg.threads), &st);
    return st;
}
