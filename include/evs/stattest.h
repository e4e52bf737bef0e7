/*
 * evs/stattest.h - significance tests on the abnormal returns of a study.
 *
 * Tests read an evs_test_data view of the surviving events and write one
 * evs_test_result per event day or per CAR window.  Every p-value is
 * two-sided.  A test that cannot be computed (too few events, zero variance)
 * sets a status other than EVS_TEST_OK and leaves statistic and p_value NaN;
 * reports print the status instead of a number.
 */
#ifndef EVS_STATTEST_H
#define EVS_STATTEST_H

#include "common.h"
#include "calendar.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum evs_test_status {
    EVS_TEST_OK = 0,
    EVS_TEST_TOO_FEW,       /* fewer valid observations than the test needs */
    EVS_TEST_ZERO_VARIANCE, /* the scale estimate is zero */
    EVS_TEST_NOT_APPLICABLE /* the model or data cannot support the test */
} evs_test_status;

/* Short word for a status: "ok", "too-few", "zero-variance", "n/a". */
const char *evs_test_status_name(evs_test_status s);

typedef struct evs_test_result {
    double statistic;
    double p_value; /* two-sided */
    size_t n;       /* events that entered the statistic */
    double df;      /* degrees of freedom of a t reference; NaN for N(0,1) */
    evs_test_status status;
} evs_test_result;

/* The surviving events of a study, as the tests see them.  Matrices are
 * row-major, one row per event, NaN for missing. */
typedef struct evs_test_data {
    size_t n_events;
    evs_window est;        /* estimation window offsets */
    evs_window win;        /* event window offsets */
    size_t est_len;        /* evs_window_len(est) */
    size_t win_len;        /* evs_window_len(win) */
    const double *ar;      /* n_events x win_len abnormal returns */
    const double *sar;     /* n_events x win_len AR / (sigma sqrt(1+x'Vx)) */
    const double *est_ar;  /* n_events x est_len estimation residuals, or
                            * NULL when no selected test needs them */
    const double *sigma;   /* residual sd per event */
    const size_t *n_est;   /* valid estimation observations M_i */
    const size_t *df;      /* residual degrees of freedom M_i - k */
} evs_test_data;

/* One CAR window: its offsets and per-event values. */
typedef struct evs_test_window {
    evs_window w;
    const double *car;    /* n_events; sum of the valid ARs in w */
    const double *scar;   /* n_events; CAR / sd(CAR) (forecast-error form) */
    const size_t *n_days; /* n_events; valid AR days inside w */
} evs_test_window;

/* What a test reads beyond ar/sar (the study keeps it only if asked). */
typedef enum evs_test_needs {
    EVS_TEST_NEEDS_EST_AR = 1u << 0 /* estimation residuals est_ar */
} evs_test_needs;

typedef struct evs_stattest_info {
    const char *name;      /* e.g. "t", "patell" */
    unsigned needs;        /* evs_test_needs bits */
    const char *reference; /* paper and equation */
    const char *description;
    /* Day test at event-window column `col` (0 .. win_len-1). */
    void (*day)(const evs_test_data *d, size_t col, evs_test_result *out);
    /* Window test. */
    void (*window)(const evs_test_data *d, const evs_test_window *w,
                   evs_test_result *out);
} evs_stattest_info;

/* The registry, terminated by an entry whose name is NULL. */
extern const evs_stattest_info evs_stattests[];
const evs_stattest_info *evs_stattest_find(const char *name);
size_t evs_stattest_count(void);

#ifdef __cplusplus
}
#endif
#endif
