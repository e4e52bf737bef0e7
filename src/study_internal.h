/*
 * study_internal.h - the layout of a study result, shared by the study's
 * own files (run, aggregation, accessors).
 */
#ifndef EVS_STUDY_INTERNAL_H
#define EVS_STUDY_INTERNAL_H

#include "internal.h"

/* One market: its calendar and returns on it. */
typedef struct evs__market {
    const char *symbol; /* owned by the result's event copy / config */
    const evs_series *series;
    evs_calendar *cal;
    double *ret;
    /* Factor model inputs aligned on cal (study_extra.c), else NULL. */
    double *fac[EVS_MODEL_MAX_PARAMS];
    double *rf;
} evs__market;

struct evs_study_result {
    evs_study_config cfg;
    char *model_name, *market_name;
    char *test_names[EVS_MAX_TESTS];
    const evs_model_info *model;
    const evs_stattest_info *tests[EVS_MAX_TESTS];
    size_t n_tests;

    evs_events *events; /* copy of the input events */
    size_t n;           /* events */
    size_t win_len, est_len, n_car;
    int keep_est;

    /* Per event, input order. */
    evs_event_status *status;
    char **reason;
    const char **market; /* symbol used */
    evs_date *day0;
    long *row; /* compact row of an ok event, -1 when dropped */

    /* Per event row (n x win_len), compacted to ok events after the run.
     * Dates, security and market returns are not copied per event: they
     * are contiguous runs of the kept calendars, market returns and
     * security spans (evs__event_view), and the estimation residuals are
     * recomputed from the same arrays when a test asks for them
     * (evs__est_row).  That keeps a study under 1 KiB per event. */
    double *expected, *ar, *sar;
    double *fitpack;          /* n x fit_stride, see evs__fit_pack */
    size_t fit_k, fit_stride; /* the model's parameter count */
    size_t *group;            /* per compact row: its security span */
    double *car, *scar;       /* n_car columns of n (column-major) */
    size_t *car_days;         /* n_car columns of n */
    double *sigma;            /* per compact row */
    size_t *n_est, *df;       /* per compact row */
    size_t n_ok;

    /* Across events. */
    double *aar, *caar;
    size_t *aar_n;
    double *car_mean;
    size_t *car_n;
    evs_test_result *day_tests; /* n_tests x win_len */
    evs_test_result *win_tests; /* n_tests x n_car */
    evs_test_data tdata;

    /* Added with the statistics suite (study_extra.c). */
    int keep_vf;               /* a selected test reads vf */
    int need_rbar;             /* a selected test reads rbar */
    size_t n_fac;              /* factor columns the model reads */
    long fac_col[EVS_MODEL_MAX_PARAMS], rf_col; /* columns, -1 for none */
    double *vf;                /* n x win_len, or NULL */
    double *car_vf, *bhar;     /* n_car columns of n */
    size_t *market_id, *day0_index; /* per compact row */
    double *abhar;             /* n_car */
    size_t *abhar_n;
    const evs_date **cal_dates;
    size_t *cal_len, n_markets;
    evs__market *mkts;         /* the markets' returns and factors, kept */
    evs_study_timing timing;

    /* Per (market, security) group: the security's calendar-aligned
     * returns from calendar day span_lo[g] on, over the union of its
     * surviving events' windows. */
    double **span;
    size_t *span_lo, n_groups;
};

/* ---- study_rows.c --------------------------------------------------------- */

/* Doubles per packed fit for a model with k parameters. */
size_t evs__fit_stride(size_t k);
/* Packs / unpacks a fit (k, n, df, alpha, beta, sigma, r2, coef, V). */
void evs__fit_pack(double *dst, size_t k, const evs_fit *fit);
void evs__fit_unpack(const double *src, size_t k, evs_fit *fit);
/* Keeps security returns sret (a full calendar array) over the windows of
 * group g's surviving events; 0 on ENOMEM. */
int evs__keep_span(evs_study_result *r, size_t g, const size_t *events,
                   size_t n_events, const double *sret);
/* Estimation residuals of compact row k into buf (est_len doubles): the
 * same arithmetic as the run's, so the same bits. */
const double *evs__est_row(const void *ctx, size_t k, double *buf);
/* Pointers of compact row k into the kept calendars, market returns and
 * security span. */
void evs__event_view(const evs_study_result *r, size_t k,
                     const evs_date **dates, const double **ret,
                     const double **mret);
/* Frees the kept markets and spans. */
void evs__free_rows(evs_study_result *r);

/* ---- study_extra.c ------------------------------------------------------- */

/* Checks the conventions, bootstrap and Dimson settings, and the factor
 * file against the model (EVS_EINVAL with a message). */
evs_status evs__study_check_factors(const evs_study_config *c,
                                    evs_error *err);
/* Resolves factor columns and test needs after the config is copied. */
void evs__study_resolve(evs_study_result *r);
/* Allocates / frees the arrays above (0 on ENOMEM). */
int evs__study_alloc_extra(evs_study_result *r);
void evs__study_free_extra(evs_study_result *r);
/* Aligns the factor columns on a market's calendar (EVS_ENOMEM). */
evs_status evs__market_factors(const evs_study_result *r, evs__market *m);
void evs__market_release(evs__market *m);
/* The model input of a security on a market. */
evs_model_input evs__model_input(const evs_study_result *r,
                                 const evs__market *m, const double *sret);
/* CARs, SCARs, CAR variance factors and BHARs of event i (row base in
 * the per-event arrays) over every CAR window; w0 is the calendar index
 * of the first event-window day; days is win_len scratch. */
void evs__event_windows(evs_study_result *r, size_t i,
                        const evs_model_input *in, const evs_fit *fit,
                        size_t w0, size_t *days);
/* Moves row i's added arrays to compact row k. */
void evs__compact_extra(evs_study_result *r, size_t i, size_t k);
/* Takes the markets (calendars, returns, factors) into the result, for the
 * tests' calendar alignment and the event views: *m and *n are cleared.
 * 0 on ENOMEM (the markets then stay with the caller). */
int evs__keep_calendars(evs_study_result *r, evs__market **m, size_t *n);
/* ABHAR, rbar, and the added test-data fields; EVS_ENOMEM. */
evs_status evs__aggregate_extra(evs_study_result *r);

/* ---- study_tests.c ------------------------------------------------------ */

/* Runs every selected test into day_tests / win_tests, tests spread over
 * the configured threads (results independent of the count); EVS_ENOMEM. */
evs_status evs__run_tests(evs_study_result *r, const evs_test_window *tw);

/* Computes AAR/CAAR, CAR means and every test over the compacted rows. */
evs_status evs__study_aggregate(evs_study_result *r, evs_error *err);

#endif
