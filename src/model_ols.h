/*
 * model_ols.h - ordinary least squares on design rows, for every linear
 * model in the registry.  The only code that calls GSL's fitting routines.
 */
#ifndef EVS_MODEL_OLS_H
#define EVS_MODEL_OLS_H

#include "internal.h"

typedef int (*evs__design_fn)(const evs_model_input *in,
                              const evs_model_opts *o, size_t t, double *x);

/* Fits y = ret[t] on the k design values x_t over calendar days
 * first..last, skipping days where ret or a regressor is missing.  Fills
 * coef, xtx_inv = (X'X)^-1, sigma = sqrt(SSR/(n-k)), r2, n, k, df, and
 * alpha/beta (coef[0] / coef[1] when present). */
evs_status evs__ols_fit(const evs_model_input *in, size_t first, size_t last,
                        const evs_model_opts *o, size_t k,
                        evs__design_fn design, evs_fit *fit, evs_error *err);

/* The same on the excess return ret - rf when in->rf is non-NULL (factor
 * models). */
evs_status evs__ols_fit_excess(const evs_model_input *in, size_t first,
                               size_t last, const evs_model_opts *o, size_t k,
                               evs__design_fn design, evs_fit *fit,
                               evs_error *err);

/* Models defined in model_thin.c (thin trading) and model_factor.c
 * (factor files); registered in model.c's table. */
evs_status evs__sw_fit(const evs_model_input *in, size_t first, size_t last,
                       const evs_model_opts *o, evs_fit *fit, evs_error *err);
double evs__market_expected(const evs_model_input *in, const evs_fit *fit,
                            const evs_model_opts *o, size_t t);
int evs__market_design(const evs_model_input *in, const evs_model_opts *o,
                       size_t t, double *x);
size_t evs__dimson_k(const evs_model_opts *o);
evs_status evs__dimson_fit(const evs_model_input *in, size_t first,
                           size_t last, const evs_model_opts *o, evs_fit *fit,
                           evs_error *err);
double evs__dimson_expected(const evs_model_input *in, const evs_fit *fit,
                            const evs_model_opts *o, size_t t);
int evs__dimson_design(const evs_model_input *in, const evs_model_opts *o,
                       size_t t, double *x);
size_t evs__ff3_k(const evs_model_opts *o);
size_t evs__carhart_k(const evs_model_opts *o);
size_t evs__ff5_k(const evs_model_opts *o);
size_t evs__factors_k(const evs_model_opts *o);
evs_status evs__ff3_fit(const evs_model_input *in, size_t first, size_t last,
                        const evs_model_opts *o, evs_fit *fit, evs_error *err);
evs_status evs__carhart_fit(const evs_model_input *in, size_t first,
                            size_t last, const evs_model_opts *o, evs_fit *fit,
                            evs_error *err);
evs_status evs__ff5_fit(const evs_model_input *in, size_t first, size_t last,
                        const evs_model_opts *o, evs_fit *fit, evs_error *err);
evs_status evs__factors_fit(const evs_model_input *in, size_t first,
                            size_t last, const evs_model_opts *o, evs_fit *fit,
                            evs_error *err);
double evs__factor_expected(const evs_model_input *in, const evs_fit *fit,
                            const evs_model_opts *o, size_t t);
int evs__factor_design(const evs_model_input *in, const evs_model_opts *o,
                       size_t t, double *x);

#endif
