/*
 * model_factor.c - linear factor models on the columns of a factor file:
 * Fama & French (1993) three factors, Carhart (1997) four, Fama & French
 * (2015) five, and any named list ("factors:A,B").  The study aligns the
 * columns on each market's calendar and passes them as in->factors, in
 * the order evs_model_factors() gives; this file only does the algebra.
 */
#include <string.h>

#include "model_ols.h"

static const char *const ff3_cols[] = {"Mkt-RF", "SMB", "HML", NULL};
static const char *const carhart_cols[] = {"Mkt-RF", "SMB", "HML", "Mom",
                                           NULL};
static const char *const ff5_cols[] = {"Mkt-RF", "SMB", "HML", "RMW", "CMA",
                                       NULL};

size_t evs__ff3_k(const evs_model_opts *o) { (void)o; return 4; }
size_t evs__carhart_k(const evs_model_opts *o) { (void)o; return 5; }
size_t evs__ff5_k(const evs_model_opts *o) { (void)o; return 6; }
size_t evs__factors_k(const evs_model_opts *o) { return 1 + o->n_factors; }

/* x_t = (1, F_1t, ..., F_Kt) over the K factor columns passed in. */
int evs__factor_design(const evs_model_input *in, const evs_model_opts *o,
                       size_t t, double *x)
{
    (void)o;
    x[0] = 1.0;
    for (size_t j = 0; j < in->n_factors; j++) {
        x[j + 1] = in->factors[j][t];
        if (isnan(x[j + 1]))
            return 0;
    }
    return 1;
}

/* E[R_t] = RF_t + a + sum_j b_j F_jt (the Fama & French 1993 time-series
 * regression read as a prediction); without an RF column the factors
 * explain R_t itself. */
double evs__factor_expected(const evs_model_input *in, const evs_fit *fit,
                            const evs_model_opts *o, size_t t)
{
    double x[EVS_MODEL_MAX_PARAMS];
    if (!evs__factor_design(in, o, t, x))
        return NAN;
    double e = in->rf ? in->rf[t] : 0.0;
    for (size_t j = 0; j < fit->k; j++)
        e += fit->coef[j] * x[j];
    return e;
}

static evs_status fit_k(const evs_model_input *in, size_t first, size_t last,
                        const evs_model_opts *o, size_t nf, const char *name,
                        evs_fit *fit, evs_error *err)
{
    if (in->n_factors != nf || in->factors == NULL ||
        nf + 1 > EVS_MODEL_MAX_PARAMS)
        return evs__seterr(err, EVS_EINVAL, 0, "model %s needs %zu factor "
                           "columns, got %zu", name, nf, in->n_factors);
    evs_status st = evs__ols_fit_excess(in, first, last, o, nf + 1,
                                        evs__factor_design, fit, err);
    if (st == EVS_OK)
        fit->beta = fit->coef[1]; /* the first factor's loading (Mkt-RF) */
    return st;
}

evs_status evs__ff3_fit(const evs_model_input *in, size_t first, size_t last,
                        const evs_model_opts *o, evs_fit *fit, evs_error *err)
{
    return fit_k(in, first, last, o, 3, "ff3", fit, err);
}

evs_status evs__carhart_fit(const evs_model_input *in, size_t first,
                            size_t last, const evs_model_opts *o, evs_fit *fit,
                            evs_error *err)
{
    return fit_k(in, first, last, o, 4, "carhart", fit, err);
}

evs_status evs__ff5_fit(const evs_model_input *in, size_t first, size_t last,
                        const evs_model_opts *o, evs_fit *fit, evs_error *err)
{
    return fit_k(in, first, last, o, 5, "ff5", fit, err);
}

evs_status evs__factors_fit(const evs_model_input *in, size_t first,
                            size_t last, const evs_model_opts *o, evs_fit *fit,
                            evs_error *err)
{
    return fit_k(in, first, last, o, o->n_factors, "factors", fit, err);
}

/* Splits "A,B,C" into names; returns the count, or 0 when a name is empty,
 * too long or there are more than max. */
static size_t split_names(const char *list,
                          char names[][EVS_FACTOR_NAME_MAX + 1], size_t max,
                          size_t cap)
{
    size_t n = 0;
    const char *p = list;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == 0 || len > EVS_FACTOR_NAME_MAX || n >= cap)
            return 0;
        if (n < max) {
            memcpy(names[n], p, len);
            names[n][len] = '\0';
        }
        n++;
        if (comma == NULL)
            return n;
        p = comma + 1;
    }
}

size_t evs_model_factors(const char *model,
                         char names[][EVS_FACTOR_NAME_MAX + 1], size_t max)
{
    const char *const *cols = NULL;
    if (model == NULL)
        return 0;
    if (names == NULL)
        max = 0;
    if (strncmp(model, "factors:", 8) == 0)
        return split_names(model + 8, names, max, EVS_MODEL_MAX_PARAMS - 1);
    if (strcmp(model, "ff3") == 0)
        cols = ff3_cols;
    else if (strcmp(model, "carhart") == 0)
        cols = carhart_cols;
    else if (strcmp(model, "ff5") == 0)
        cols = ff5_cols;
    size_t n = 0;
    for (; cols && cols[n]; n++)
        if (n < max)
            memcpy(names[n], cols[n], strlen(cols[n]) + 1); /* all short */
    return n;
}
