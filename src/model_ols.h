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

#endif
