/*
 * evs/model.h - models of normal (expected) returns.
 *
 * Every model works on calendar-aligned arrays (see evs_calendar_returns)
 * and absolute calendar index ranges, so that models with lagged or led
 * market returns can look outside the estimation window.  A model that is
 * linear in its parameters describes itself by its design row x_t (the
 * regressors at calendar day t, intercept included), which lets the study
 * compute the forecast-error-corrected variance of any AR or CAR:
 *     Var(AR_t)  = s^2 (1 + x_t' (X'X)^-1 x_t)
 *     Var(CAR_W) = s^2 (L + (sum_W x_t)' (X'X)^-1 (sum_W x_t))
 * (Patell 1976; Campbell, Lo & MacKinlay 1997, eq. 4.4.7-4.4.12).
 */
#ifndef EVS_MODEL_H
#define EVS_MODEL_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Most parameters a model may estimate (intercept included). */
#define EVS_MODEL_MAX_PARAMS 12

/* Calendar-aligned inputs of one event.  Arrays have `len` entries, NaN for
 * missing.  `factors[j]` are extra regressors (factor returns in decimals,
 * e.g. SMB, HML); `rf` the risk-free rate or NULL.  Factor models fit the
 * excess return ret - rf when rf is non-NULL and add rf back into the
 * expected return; the other models ignore factors and rf. */
typedef struct evs_model_input {
    const double *ret;
    const double *market;
    const double *const *factors;
    size_t n_factors;
    const double *rf;
    size_t len;
} evs_model_input;

/* Options shared by all models. */
typedef struct evs_model_opts {
    size_t min_obs; /* fewest valid estimation observations accepted */
    int lags;       /* market lags (dimson only; evs_study_config_init: 1) */
    int leads;      /* market leads (dimson only; evs_study_config_init: 1) */
    /* Fields below were added after 0.1.0. */
    size_t n_factors; /* factor regressors of a factor model (the study sets
                         it from the model name; see evs_model_factors) */
} evs_model_opts;

/* Most market lags or leads a Dimson model accepts. */
#define EVS_MODEL_MAX_LAGS 5

/* A fitted model: a plain value record. */
typedef struct evs_fit {
    size_t k;     /* parameters estimated (0 for market-adjusted) */
    size_t n;     /* valid estimation observations used */
    size_t df;    /* residual degrees of freedom used for sigma */
    double coef[EVS_MODEL_MAX_PARAMS]; /* coef[0] intercept when k > 0 */
    double xtx_inv[EVS_MODEL_MAX_PARAMS * EVS_MODEL_MAX_PARAMS]; /* k x k */
    double alpha; /* intercept (0 when the model has none) */
    double beta;  /* market slope (1 for market-adjusted, 0 for mean) */
    double sigma; /* residual standard deviation, sqrt(SSR / df) */
    double r2;    /* R^2 of the fit (NaN when undefined) */
} evs_fit;

typedef enum evs_model_needs {
    EVS_NEEDS_MARKET = 1u << 0,
    EVS_NEEDS_FACTORS = 1u << 1
} evs_model_needs;

typedef struct evs_model_info evs_model_info;
struct evs_model_info {
    const char *name;        /* as on the command line, e.g. "market" */
    const char *description; /* one line, with the reference */
    unsigned needs;          /* evs_model_needs bits */
    /* Parameters estimated under these options (0 for market-adjusted). */
    size_t (*n_params)(const evs_model_opts *opts);
    /* Fits on calendar days first..last (inclusive).  Observations with any
     * NaN input are skipped.  EVS_ENODATA when fewer than opts->min_obs (or
     * than k + 1) valid observations remain; EVS_EDOMAIN when the design is
     * singular or the residual variance is zero. */
    evs_status (*fit)(const evs_model_input *in, size_t first, size_t last,
                      const evs_model_opts *opts, evs_fit *fit,
                      evs_error *err);
    /* Expected return at calendar day t; NaN when an input is missing. */
    double (*expected)(const evs_model_input *in, const evs_fit *fit,
                       const evs_model_opts *opts, size_t t);
    /* Writes the design row x_t (fit->k values) into x and returns 1, or
     * returns 0 when an input is missing.  NULL for models with k = 0. */
    int (*design)(const evs_model_input *in, const evs_model_opts *opts,
                  size_t t, double *x);
};

/* The registry, terminated by an entry whose name is NULL.
 *  mean-adjusted, market-adjusted, market   the core models
 *  scholes-williams   Scholes & Williams (1977) beta for thin trading
 *  dimson             Dimson (1979): OLS on R_m,t-lags .. R_m,t+leads
 *  ff3, carhart, ff5  Fama-French (1993), Carhart (1997), Fama-French
 *                     (2015) on the factor file, excess returns R - RF
 *  factors            "factors:NAME,NAME,...": OLS on named factor columns
 *                     (R - RF when the file has an RF column) */
extern const evs_model_info evs_models[];

/* Looks a model up by name; NULL when unknown.  "factors:A,B" finds the
 * `factors` entry (the names must be non-empty, at most 11). */
const evs_model_info *evs_model_find(const char *name);

/* Longest factor column name accepted, excluding the NUL. */
#define EVS_FACTOR_NAME_MAX 31

/* The factor columns a model reads, in design order (after the
 * intercept): Mkt-RF SMB HML for ff3, plus Mom for carhart, Mkt-RF SMB HML
 * RMW CMA for ff5, the listed names for factors:...  Writes at most `max`
 * names into names[] and returns how many the model needs (0 for models
 * without factors). */
size_t evs_model_factors(const char *model,
                         char names[][EVS_FACTOR_NAME_MAX + 1], size_t max);

/* Minimum estimation observations a model needs before min_obs applies
 * (k + 1, so that sigma has at least one degree of freedom). */
size_t evs_model_min_obs(const evs_model_info *m, const evs_model_opts *o);

/* Variance factor of the AR at day t: 1 + x_t'(X'X)^-1 x_t (1 for k = 0).
 * NaN when the design row is missing. */
double evs_model_ar_var_factor(const evs_model_info *m,
                               const evs_model_input *in,
                               const evs_model_opts *o, const evs_fit *fit,
                               size_t t);

/* Variance factor of a CAR over the calendar days listed in days[0..n)
 * (the valid days of a window): n + s'(X'X)^-1 s with s the sum of their
 * design rows.  NaN if a design row is missing. */
double evs_model_car_var_factor(const evs_model_info *m,
                                const evs_model_input *in,
                                const evs_model_opts *o, const evs_fit *fit,
                                const size_t *days, size_t n);

#ifdef __cplusplus
}
#endif
#endif
