/*
 * evs/study.h - the event study: configuration, run, and results.
 *
 * Per event: locate day 0 on the market's calendar, check the windows, fit
 * the model on the estimation window, compute AR/SAR and CARs.  A problem
 * with one event (no prices, too few estimation returns, a window off the
 * data) drops that event with a status and a reason; the run fails only when
 * no event survives (EVS_ENODATA).  Across events: AAR and CAAR per day and
 * the chosen tests on every day and CAR window.
 */
#ifndef EVS_STUDY_H
#define EVS_STUDY_H

#include "common.h"
#include "calendar.h"
#include "events.h"
#include "factors.h"
#include "model.h"
#include "series.h"
#include "stattest.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EVS_MAX_CAR_WINDOWS 32
#define EVS_MAX_TESTS 64

typedef struct evs_study_config {
    const char *model;      /* registry name; default "market" */
    const char *market;     /* default market symbol (events may override) */
    evs_window estimation;  /* default -250:-11 */
    evs_window window;      /* event window; default -10:10 */
    evs_window car[EVS_MAX_CAR_WINDOWS]; /* CAR windows inside `window` */
    size_t n_car;           /* 0: one CAR over the whole event window */
    const char *tests[EVS_MAX_TESTS]; /* registry names */
    size_t n_tests;         /* 0: every registered test */
    size_t min_est;         /* fewest valid estimation returns; default 30 */
    evs_roll roll;          /* default EVS_ROLL_NEXT */
    evs_return_kind returns;/* default EVS_RET_SIMPLE */
    evs_model_opts model_opts;
    unsigned threads;       /* 0: one per online core */
    /* Fields below were added after 0.1.0. */
    const evs_factors *factors; /* factor returns for ff3/carhart/ff5/
                                 * factors:...; borrowed during the run */
    evs_test_conv conv;     /* test conventions; init sets the defaults */
} evs_study_config;

/* Fills the defaults above (and evs_test_conv_init(&cfg->conv)).  Callers
 * then override fields.  A factor model without `factors`, or whose factor
 * file lacks a column it needs (or RF for ff3/carhart/ff5), makes
 * evs_study_run fail with EVS_EINVAL. */
void evs_study_config_init(evs_study_config *cfg);

/* Why an event was kept or dropped. */
typedef enum evs_event_status {
    EVS_EVENT_OK = 0,
    EVS_EVENT_NO_PRICES,    /* the symbol has no series */
    EVS_EVENT_NO_MARKET,    /* the market symbol has no series */
    EVS_EVENT_OFF_CALENDAR, /* day 0 not on the market calendar */
    EVS_EVENT_WINDOW_OFF,   /* a window runs off the calendar */
    EVS_EVENT_NO_EST_DATA,  /* too few valid estimation returns */
    EVS_EVENT_DEGENERATE,   /* zero variance or singular design */
    EVS_EVENT_NO_EVENT_DATA /* no valid return in the event window */
} evs_event_status;

/* Stable word used in outputs: "ok", "no-prices", "no-market",
 * "off-calendar", "window-off-data", "too-few-estimation-returns",
 * "degenerate", "no-event-window-data". */
const char *evs_event_status_name(evs_event_status s);

/* Per-event result (a view into the study result). */
typedef struct evs_event_result {
    const evs_event *event; /* the input event (copied into the result) */
    size_t index;           /* position in the input events */
    evs_event_status status;
    const char *reason;     /* sentence for dropped events, "" when ok */
    const char *market;     /* market symbol used */
    evs_date day0;          /* trading date of day 0 (when located) */
    evs_fit fit;            /* valid when status is ok */
    /* Event-window rows (win_len values each; NULL when dropped). */
    const evs_date *dates;
    const double *ret;      /* security return */
    const double *mret;     /* market return */
    const double *expected; /* model's expected return */
    const double *ar;
    const double *sar;
    size_t car_row;         /* internal row; use evs_study_result_car() */
} evs_event_result;

typedef struct evs_study_result evs_study_result;

/* Runs the study.  `data` holds the securities and markets; `events` the
 * events.  Both are borrowed; the result copies what it keeps.  On success
 * *out owns a result (free with evs_study_result_free).  Returns EVS_EINVAL
 * for a bad configuration (unknown model or test, windows that overlap or a
 * CAR window outside the event window), EVS_ENODATA when no event survives
 * (*out is still set so callers can report the reasons).  Dropped events
 * are reported through `warn`. */
evs_status evs_study_run(const evs_study_config *cfg, const evs_dataset *data,
                         const evs_events *events, const evs_warner *warn,
                         evs_study_result **out, evs_error *err);
void evs_study_result_free(evs_study_result *r);

/* The configuration the study ran with (strings are the result's copies). */
const evs_study_config *evs_study_result_config(const evs_study_result *r);
size_t evs_study_result_n_events(const evs_study_result *r);
size_t evs_study_result_n_ok(const evs_study_result *r);
/* i < n_events, in input order. */
evs_event_result evs_study_result_event(const evs_study_result *r, size_t i);

/* CAR, standardised CAR (CAR / its forecast-error sd) and the number of
 * valid AR days of event i over CAR window w (config order).  NaN / 0 for
 * dropped events.  A CAR sums the valid ARs of its window; missing days add
 * nothing and are counted out of car_days. */
double evs_study_result_car(const evs_study_result *r, size_t i, size_t w);
double evs_study_result_scar(const evs_study_result *r, size_t i, size_t w);
size_t evs_study_result_car_days(const evs_study_result *r, size_t i,
                                 size_t w);

/* Buy-and-hold abnormal return of event i over CAR window w:
 *   BHAR = prod_{t in W} (1 + R_t) - prod_{t in W} (1 + E[R_t])
 * over the days of W where both the return and the model's expected
 * return exist (Barber & Lyon 1997; with the market-adjusted model the
 * benchmark is the market).  Log returns compound as exp(sum).  NaN for
 * dropped events, or under the "missing=complete" convention when a day of
 * W has no AR. */
double evs_study_result_bhar(const evs_study_result *r, size_t i, size_t w);
/* Per-event (single-firm) t tests: the CAR of window w over its
 * forecast-error standard deviation (statistic SCAR), and the AR of
 * event-window column k over its own (statistic SAR), both Student t with
 * the event's residual df (Campbell, Lo & MacKinlay 1997,
 * section 4.4).  Status too-few for dropped events or missing values. */
evs_test_result evs_study_result_event_car_test(const evs_study_result *r,
                                                size_t i, size_t w);
evs_test_result evs_study_result_event_day_test(const evs_study_result *r,
                                                size_t i, size_t k);

/* Cross-section per event-window column (win_len entries each). */
size_t evs_study_result_win_len(const evs_study_result *r);
const double *evs_study_result_aar(const evs_study_result *r);
const double *evs_study_result_caar(const evs_study_result *r);
const size_t *evs_study_result_aar_n(const evs_study_result *r);
/* Mean CAR per CAR window across surviving events, and its count. */
const double *evs_study_result_car_mean(const evs_study_result *r);
const size_t *evs_study_result_car_n(const evs_study_result *r);
/* ABHAR: mean BHAR per CAR window across surviving events, and its count. */
const double *evs_study_result_abhar(const evs_study_result *r);
const size_t *evs_study_result_abhar_n(const evs_study_result *r);

/* Test results: n_tests x win_len day results and n_tests x n_car window
 * results, row-major, in config test order. */
size_t evs_study_result_n_tests(const evs_study_result *r);
const char *evs_study_result_test_name(const evs_study_result *r, size_t j);
const evs_test_result *evs_study_result_day_tests(const evs_study_result *r);
const evs_test_result *evs_study_result_window_tests(
    const evs_study_result *r);

/* Wall-clock seconds (monotonic clock) the run spent in each stage: the
 * per-event pass (day 0, windows, model fit, AR, SAR, CARs, BHARs), the
 * aggregation across events (AAR, CAAR, mean CAR, ABHAR, r-bar) and the
 * test battery.  For benchmarks and `evstudy run --timings`. */
typedef struct evs_study_timing {
    double events, aggregate, tests;
} evs_study_timing;
evs_study_timing evs_study_result_timing(const evs_study_result *r);

/* The view the tests ran on (surviving events only). */
const evs_test_data *evs_study_result_test_data(const evs_study_result *r);

#ifdef __cplusplus
}
#endif
#endif
