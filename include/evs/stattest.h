/*
 * evs/stattest.h - significance tests on the abnormal returns of a study.
 *
 * Tests read an evs_test_data view of the surviving events and write one
 * evs_test_result per event day or per CAR window.  Every p-value is
 * two-sided.  A test that cannot be computed (too few events, zero variance)
 * sets a status other than EVS_TEST_OK and leaves statistic and p_value NaN;
 * reports print the status instead of a number.
 *
 * Where published definitions and common implementations disagree (degrees
 * of freedom, the Patell window form, the Kolari-Pynnonen factor, zero ARs
 * in sign tests, pooled or per-event proportions, rank ties, missing
 * values), the choice is an evs_test_conv setting: the default is the
 * published definition; evs_test_conv_compat() selects another package's
 * choices (README "Statistics" names each with its source).
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
    EVS_TEST_NOT_APPLICABLE,/* the model or data cannot support the test */
    EVS_TEST_NO_MEMORY      /* scratch memory could not be allocated */
} evs_test_status;

/* Short word for a status: "ok", "too-few", "zero-variance", "n/a",
 * "no-memory". */
const char *evs_test_status_name(evs_test_status s);

typedef struct evs_test_result {
    double statistic;
    double p_value; /* two-sided */
    size_t n;       /* events that entered the statistic */
    double df;      /* degrees of freedom of a t reference; NaN for N(0,1) */
    evs_test_status status;
} evs_test_result;

/* ---- conventions ---------------------------------------------------------
 * Each field holds the index of its choice in evs_test_convs[] (0 is the
 * published default).  Set them by name with evs_test_conv_set(). */
enum {
    EVS_CONV_WINDOW_STD = 0, /* csar | scar: Patell/BMP window standardising */
    EVS_CONV_KP_PATELL,      /* standard | with-1-r: KP factor for Patell */
    EVS_CONV_SIGN_ZERO,      /* nonpositive | positive | drop: zero ARs */
    EVS_CONV_GSIGN_P,        /* per-event | pooled: generalized-sign p-hat */
    EVS_CONV_RANK_TIES,      /* average | first: tied ranks */
    EVS_CONV_MISSING,        /* skip | complete: missing ARs in CAR windows */
    EVS_CONV_SAR_DF,         /* model | two: k in the Patell variance */
    EVS_CONV_T_REF,          /* student | normal: reference of t tests */
    EVS_CONV_BW1980_VAR,     /* model | sample: BW 1980 variance estimate */
    EVS_CONV_BW_DF,          /* portfolio | mean-est: BW 1985 / Lamb df */
    EVS_CONV_CAR_AGG,        /* cumulate | daily-sum: BW 1985 / Lamb windows */
    EVS_CONV_RANK_SCALE,     /* days | mean-obs: rank-test scale divisor */
    EVS_CONV_RANK_WINDOW,    /* event-window | car-window: ranks for CARs */
    EVS_CONV_COUNT
};

/* Values of the choices that change arithmetic (the index in the table). */
enum { EVS_WINSTD_CSAR = 0, EVS_WINSTD_SCAR = 1 };
enum { EVS_ZERO_NONPOSITIVE = 0, EVS_ZERO_POSITIVE = 1, EVS_ZERO_DROP = 2 };
enum { EVS_TIES_AVERAGE = 0, EVS_TIES_FIRST = 1 };
enum { EVS_MISSING_SKIP = 0, EVS_MISSING_COMPLETE = 1 };

#define EVS_CONV_MAX_CHOICES 4

/* One convention: its name (as in `--conv NAME=VALUE`), its choices (the
 * first is the default), and one line saying what it decides and where
 * the default comes from. */
typedef struct evs_conv_info {
    const char *name;
    const char *choices[EVS_CONV_MAX_CHOICES]; /* NULL-terminated */
    const char *doc;
} evs_conv_info;

/* The table, EVS_CONV_COUNT entries in enum order. */
extern const evs_conv_info evs_test_convs[];

typedef struct evs_test_conv {
    int choice[EVS_CONV_COUNT];
    size_t boot_reps;   /* bootstrap resamples (default 1000) */
    double boot_frac;   /* resample size as a fraction of N (default 0.25) */
    uint64_t seed;      /* bootstrap seed (default 1) */
    double coverage;    /* daily-sum windows keep days with more than this
                           percentage of events reporting (default 90) */
    const char *compat; /* NULL, or the compat name that was applied */
} evs_test_conv;

/* Every convention at its published default. */
void evs_test_conv_init(evs_test_conv *c);
/* Sets one convention by name and value; EVS_EINVAL (message names the
 * valid choices) for an unknown name or value. */
evs_status evs_test_conv_set(evs_test_conv *c, const char *name,
                             const char *value, evs_error *err);
/* Applies "NAME=VALUE[,NAME=VALUE...]"; EVS_EINVAL on a malformed item. */
evs_status evs_test_conv_parse(evs_test_conv *c, const char *list,
                               evs_error *err);
/* Applies the choices of another package: "estudy2" (the R package, 0.10)
 * or "none" (the defaults).  EVS_EINVAL for an unknown name. */
evs_status evs_test_conv_compat(evs_test_conv *c, const char *name,
                                evs_error *err);
/* The current choice word of convention i, NULL when i or the choice is
 * out of range (evs_study_run refuses such a configuration). */
const char *evs_test_conv_value(const evs_test_conv *c, size_t i);

/* ---- what the tests read ------------------------------------------------ */

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
    /* Fields below were added after 0.1.0. */
    const evs_test_conv *conv; /* conventions; NULL means the defaults */
    const double *vf;      /* n_events x win_len AR variance factors
                            * 1 + x'(X'X)^-1 x, or NULL unless a selected
                            * test declares EVS_TEST_NEEDS_VF */
    double rbar;           /* Kolari-Pynnonen mean cross-correlation of the
                            * estimation residuals, NaN when not computed */
    /* Calendar alignment (for rbar): each event's market (index into
     * cal_dates) and the calendar index of its day 0.  NULL when unknown. */
    const size_t *market_id;
    const size_t *day0_index;
    const evs_date *const *cal_dates; /* per market: its trading dates */
    const size_t *cal_len;
    size_t n_markets;
    /* Added later still.  A study does not store the
     * estimation residuals (est_ar is NULL); it recomputes row i into buf
     * (est_len doubles) through est_row(est_ctx, i, buf), which returns
     * buf.  Read rows through evs_test_est_row, which takes either form. */
    const double *(*est_row)(const void *est_ctx, size_t i, double *buf);
    const void *est_ctx;
} evs_test_data;

/* Estimation residuals of event i: a row of d->est_ar when it is set, else
 * d->est_row's result in buf (est_len doubles); NULL when d has neither. */
const double *evs_test_est_row(const evs_test_data *d, size_t i,
                               double *buf);
/* Whether d carries estimation residuals in either form. */
int evs_test_has_est(const evs_test_data *d);

/* One CAR window: its offsets and per-event values. */
typedef struct evs_test_window {
    evs_window w;
    const double *car;    /* n_events; sum of the valid ARs in w */
    const double *scar;   /* n_events; CAR / sd(CAR) (forecast-error form) */
    const size_t *n_days; /* n_events; valid AR days inside w */
    /* Fields below were added after 0.1.0. */
    const double *bhar;   /* n_events; buy-and-hold abnormal return, or NULL */
    const double *car_vf; /* n_events; CAR variance factor L + s'(X'X)^-1 s
                           * (so Var(CAR) = sigma^2 car_vf), or NULL */
} evs_test_window;

/* What a test reads beyond ar/sar (the study keeps it only if asked). */
typedef enum evs_test_needs {
    EVS_TEST_NEEDS_EST_AR = 1u << 0, /* estimation residuals est_ar */
    EVS_TEST_NEEDS_VF = 1u << 1,     /* AR variance factors vf */
    EVS_TEST_NEEDS_RBAR = 1u << 2    /* rbar (needs est_ar and alignment) */
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
    /* Fields below were added after 0.1.0. */
    const char *family;    /* "parametric" or "nonparametric" */
    const char *label;     /* at most 13 characters, for table headers */
    /* All days and windows in one pass (tests that rank each event once),
     * or NULL.  Fills day_out[0..win_len) and win_out[0..n_windows).
     * Returns EVS_ENOMEM when scratch memory fails (results then say
     * "no-memory"), EVS_OK otherwise. */
    evs_status (*batch)(const evs_test_data *d, const evs_test_window *w,
                        size_t n_windows, evs_test_result *day_out,
                        evs_test_result *win_out);
} evs_stattest_info;

/* The registry, terminated by an entry whose name is NULL. */
extern const evs_stattest_info evs_stattests[];
const evs_stattest_info *evs_stattest_find(const char *name);
size_t evs_stattest_count(void);

/* Kolari-Pynnonen (2010) r-bar: the mean over all ordered pairs i != j of
 * the correlation of the two events' estimation residuals on the calendar
 * dates they share, computed from per-date sums in O(N M) (README
 * "Statistics" gives the estimator).  Needs est_ar and the calendar fields;
 * NaN when fewer than two events have residuals.  Sets *st to EVS_ENOMEM
 * when scratch memory fails (st may be NULL). */
double evs_test_rbar(const evs_test_data *d, evs_status *st);

/* Exact two-sided p-value of the Wilcoxon signed-rank statistic W+ (sum of
 * the ranks of the positive values) for n untied non-zero values:
 * min(1, 2 min(P(W <= w), P(W >= w))).  NaN when n is 0 or above 200. */
double evs_signrank_p(double w, size_t n);

#ifdef __cplusplus
}
#endif
#endif
