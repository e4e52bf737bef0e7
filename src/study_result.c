/*
 * study_result.c - aggregation across events (AAR, CAAR, mean CAR, tests)
 * and the result accessors.  Sums run over surviving events in input
 * order, so the numbers do not depend on how events were scheduled.
 */
#include <string.h>

#include "study_internal.h"

/* Mean CAR per window over the surviving events that have one. */
static void mean_cars(evs_study_result *r)
{
    for (size_t w = 0; w < r->n_car; w++) {
        double sum = 0;
        size_t n = 0;
        for (size_t i = 0; i < r->n_ok; i++) {
            double c = r->car[w * r->n + i];
            if (isnan(c))
                continue;
            sum += c;
            n++;
        }
        r->car_n[w] = n;
        r->car_mean[w] = n ? sum / (double)n : NAN;
    }
}

evs_status evs__study_aggregate(evs_study_result *r, evs_error *err)
{
    double t0 = evs__seconds();
    size_t L = r->win_len, C = r->n_car, N = r->n_ok;
    double caar = 0;
    for (size_t k = 0; k < L; k++) {
        double sum = 0;
        size_t n = 0;
        for (size_t i = 0; i < N; i++) {
            double a = r->ar[i * L + k];
            if (isnan(a))
                continue;
            sum += a;
            n++;
        }
        r->aar_n[k] = n;
        r->aar[k] = n ? sum / (double)n : NAN;
        /* CAAR cumulates the AARs of days that have one; a day with no
         * valid AR adds nothing rather than poisoning the rest. */
        if (n)
            caar += r->aar[k];
        r->caar[k] = caar;
    }
    mean_cars(r);
    r->tdata = (evs_test_data){
        .n_events = N,
        .est = r->cfg.estimation,
        .win = r->cfg.window,
        .est_len = r->est_len,
        .win_len = L,
        .ar = r->ar,
        .sar = r->sar,
        .est_ar = NULL,
        .est_row = r->keep_est ? evs__est_row : NULL,
        .est_ctx = r,
        .sigma = r->sigma,
        .n_est = r->n_est,
        .df = r->df,
    };
    evs_status st = evs__aggregate_extra(r);
    if (st != EVS_OK)
        return evs__seterr(err, st, 0, "out of memory");
    evs_test_window tw[EVS_MAX_CAR_WINDOWS];
    for (size_t w = 0; w < C; w++)
        tw[w] = (evs_test_window){r->cfg.car[w], r->car + w * r->n,
                                  r->scar + w * r->n, r->car_days + w * r->n,
                                  r->bhar + w * r->n, r->car_vf + w * r->n};
    double t1 = evs__seconds();
    r->timing.aggregate = t1 - t0;
    st = evs__run_tests(r, tw);
    r->timing.tests = evs__seconds() - t1;
    /* A test that ran out of memory marks its results; the study as a whole
     * must still report the failure rather than a partial battery. */
    for (size_t k = 0; st == EVS_OK && k < r->n_tests * L; k++)
        if (r->day_tests[k].status == EVS_TEST_NO_MEMORY)
            st = EVS_ENOMEM;
    for (size_t k = 0; st == EVS_OK && k < r->n_tests * C; k++)
        if (r->win_tests[k].status == EVS_TEST_NO_MEMORY)
            st = EVS_ENOMEM;
    if (st != EVS_OK)
        return evs__seterr(err, st, 0, "out of memory");
    return EVS_OK;
}

const evs_study_config *evs_study_result_config(const evs_study_result *r)
{
    return &r->cfg;
}

size_t evs_study_result_n_events(const evs_study_result *r) { return r->n; }
size_t evs_study_result_n_ok(const evs_study_result *r) { return r->n_ok; }
size_t evs_study_result_win_len(const evs_study_result *r) { return r->win_len; }

evs_event_result evs_study_result_event(const evs_study_result *r, size_t i)
{
    evs_event_result e;
    memset(&e, 0, sizeof e);
    if (i >= r->n)
        return e;
    e.event = evs_events_get(r->events, i);
    e.index = i;
    e.status = r->status[i];
    e.reason = r->reason[i] ? r->reason[i] : "";
    e.market = r->market[i];
    e.day0 = r->day0[i];
    if (r->status[i] != EVS_EVENT_OK)
        return e;
    size_t k = (size_t)r->row[i], L = r->win_len;
    evs__fit_unpack(r->fitpack + k * r->fit_stride, r->fit_k, &e.fit);
    evs__event_view(r, k, &e.dates, &e.ret, &e.mret);
    e.expected = r->expected + k * L;
    e.ar = r->ar + k * L;
    e.sar = r->sar + k * L;
    e.car_row = k;
    return e;
}

double evs_study_result_car(const evs_study_result *r, size_t i, size_t w)
{
    if (i >= r->n || w >= r->n_car || r->row[i] < 0)
        return NAN;
    return r->car[w * r->n + (size_t)r->row[i]];
}

double evs_study_result_scar(const evs_study_result *r, size_t i, size_t w)
{
    if (i >= r->n || w >= r->n_car || r->row[i] < 0)
        return NAN;
    return r->scar[w * r->n + (size_t)r->row[i]];
}

size_t evs_study_result_car_days(const evs_study_result *r, size_t i,
                                 size_t w)
{
    if (i >= r->n || w >= r->n_car || r->row[i] < 0)
        return 0;
    return r->car_days[w * r->n + (size_t)r->row[i]];
}

const double *evs_study_result_aar(const evs_study_result *r) { return r->aar; }
const double *evs_study_result_caar(const evs_study_result *r) { return r->caar; }
const size_t *evs_study_result_aar_n(const evs_study_result *r) { return r->aar_n; }
const double *evs_study_result_car_mean(const evs_study_result *r) { return r->car_mean; }
const size_t *evs_study_result_car_n(const evs_study_result *r) { return r->car_n; }
size_t evs_study_result_n_tests(const evs_study_result *r) { return r->n_tests; }

const char *evs_study_result_test_name(const evs_study_result *r, size_t j)
{
    return j < r->n_tests ? r->test_names[j] : NULL;
}

const evs_test_result *evs_study_result_day_tests(const evs_study_result *r)
{
    return r->day_tests;
}

const evs_test_result *evs_study_result_window_tests(const evs_study_result *r)
{
    return r->win_tests;
}

evs_study_timing evs_study_result_timing(const evs_study_result *r)
{
    return r->timing;
}

const evs_test_data *evs_study_result_test_data(const evs_study_result *r)
{
    return &r->tdata;
}

double evs_study_result_bhar(const evs_study_result *r, size_t i, size_t w)
{
    if (i >= r->n || w >= r->n_car || r->row[i] < 0)
        return NAN;
    return r->bhar[w * r->n + (size_t)r->row[i]];
}

const double *evs_study_result_abhar(const evs_study_result *r)
{
    return r->abhar;
}

const size_t *evs_study_result_abhar_n(const evs_study_result *r)
{
    return r->abhar_n;
}

/* A standardised value that is Student t with the event's residual df
 * (the per-event tests use the t reference whatever "t-ref" says: with one
 * firm there is no large-sample argument for N(0,1)). */
static evs_test_result single(double stat, size_t df)
{
    evs_test_result t = {NAN, NAN, 0, NAN, EVS_TEST_TOO_FEW};
    if (isnan(stat) || df == 0)
        return t;
    t.statistic = stat;
    t.df = (double)df;
    t.p_value = evs__p_t(stat, t.df);
    t.n = 1;
    t.status = EVS_TEST_OK;
    return t;
}

evs_test_result evs_study_result_event_car_test(const evs_study_result *r,
                                                size_t i, size_t w)
{
    if (i >= r->n || w >= r->n_car || r->row[i] < 0)
        return single(NAN, 0);
    size_t k = (size_t)r->row[i];
    return single(r->scar[w * r->n + k], r->df[k]);
}

evs_test_result evs_study_result_event_day_test(const evs_study_result *r,
                                                size_t i, size_t k)
{
    if (i >= r->n || k >= r->win_len || r->row[i] < 0)
        return single(NAN, 0);
    size_t row = (size_t)r->row[i];
    return single(r->sar[row * r->win_len + k], r->df[row]);
}
