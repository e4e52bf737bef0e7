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
    evs_fit *fit;
    long *row; /* compact row of an ok event, -1 when dropped */

    /* Per event row (n x win_len), compacted to ok events after the run. */
    evs_date *dates;
    double *ret, *mret, *expected, *ar, *sar;
    double *est_ar;           /* n x est_len, or NULL */
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
};

/* Computes AAR/CAAR, CAR means and every test over the compacted rows. */
evs_status evs__study_aggregate(evs_study_result *r, evs_error *err);

#endif
