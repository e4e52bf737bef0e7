/*
 * model_ols.c - OLS for the linear models.  k = 1 is the sample mean;
 * k = 2 is the closed form from centred sums (no allocation and no call
 * per observation, which matters for a million fits); larger designs
 * through
 * gsl_multifit_linear_tsvd, which also reports a rank-deficient design.
 */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>
#include <stdlib.h>
#include <string.h>

#include "model_ols.h"

/* The dependent variable: the return, or the excess return over rf for
 * factor models (Fama & French 1993 regress R - RF on the factors). */
static double y_at(const evs_model_input *in, size_t t, int excess)
{
    return excess && in->rf ? in->ret[t] - in->rf[t] : in->ret[t];
}

static evs_status too_few(evs_error *err, size_t n, size_t need)
{
    return evs__seterr(err, EVS_ENODATA, 0, "estimation window has %zu valid "
                       "returns, need %zu", n, need);
}

/* Constant mean (k = 1): the sample mean and standard deviation. */
static evs_status fit_mean(const evs_model_input *in, size_t first,
                           size_t last, const evs_model_opts *o,
                           evs__design_fn design, size_t need, int excess,
                           evs_fit *fit, evs_error *err)
{
    double x[1], mean = 0, m2 = 0;
    size_t n = 0;
    for (size_t t = first; t <= last; t++) {
        double y = y_at(in, t, excess);
        if (isnan(y) || !design(in, o, t, x))
            continue;
        n++;
        double d = y - mean; /* Welford */
        mean += d / (double)n;
        m2 += d * (y - mean);
    }
    fit->n = n;
    if (n < need)
        return too_few(err, n, need);
    fit->k = 1;
    fit->df = n - 1;
    fit->coef[0] = fit->alpha = mean;
    fit->beta = 0;
    fit->xtx_inv[0] = 1.0 / (double)n;
    fit->sigma = sqrt(m2 / (double)fit->df);
    fit->r2 = NAN;
    if (!(fit->sigma > 0))
        return evs__seterr(err, EVS_EDOMAIN, 0, "returns have zero variance "
                           "in the estimation window");
    return EVS_OK;
}

/* Simple regression (k = 2) on the complete cases, from centred sums
 * (two passes, so nothing is lost to cancellation): b = Sxy / Sxx,
 * a = my - b mx, SSR = sum ((y - my) - b (x - mx))^2, and (X'X)^-1 from
 * Sxx and mx.  This is gsl_fit_linear's estimator; written out because
 * gsl_fit_linear updates its means with a division per observation,
 * which made it a quarter of a million-event study (perf, README
 * "Performance"). */
static evs_status fit_line(const evs_model_input *in, size_t first,
                           size_t last, const evs_model_opts *o,
                           evs__design_fn design, size_t need, int excess,
                           evs_fit *fit, evs_error *err)
{
    enum { STACK = 512 };
    double xb[STACK], yb[STACK], x[2];
    size_t cap = last - first + 1, n = 0;
    double *xs = xb, *ys = yb;
    if (cap > STACK) {
        xs = evs__mallocarray(cap, sizeof *xs);
        ys = evs__mallocarray(cap, sizeof *ys);
        if (xs == NULL || ys == NULL) {
            free(xs);
            free(ys);
            return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
        }
    }
    if (design == evs__market_design && !excess) {
        /* The market model: the same rows without a call per day. */
        for (size_t t = first; t <= last; t++) {
            double y = in->ret[t], m = in->market[t];
            xs[n] = m;
            ys[n] = y;
            n += !(isnan(y) || isnan(m));
        }
    } else {
        for (size_t t = first; t <= last; t++) {
            double y = y_at(in, t, excess);
            if (isnan(y) || !design(in, o, t, x))
                continue;
            xs[n] = x[1];
            ys[n] = y;
            n++;
        }
    }
    evs_status st = EVS_OK;
    fit->n = n;
    double mx = 0, sxx = 0, my = 0, syy = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        mx += xs[i];
        my += ys[i];
    }
    if (n > 0) {
        mx /= (double)n;
        my /= (double)n;
    }
    for (size_t i = 0; i < n; i++) {
        double dx = xs[i] - mx, dy = ys[i] - my;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    double c0 = 0, c1 = 0, ssr = 0;
    if (n < need)
        st = too_few(err, n, need);
    else if (!(sxx > 0))
        st = evs__seterr(err, EVS_EDOMAIN, 0, "market returns have zero "
                         "variance in the estimation window");
    if (st == EVS_OK) {
        c1 = sxy / sxx;
        c0 = my - c1 * mx;
        for (size_t i = 0; i < n; i++) {
            double e = (ys[i] - my) - c1 * (xs[i] - mx);
            ssr += e * e;
        }
        if (!isfinite(c0) || !isfinite(c1) || !isfinite(ssr))
            st = evs__seterr(err, EVS_EDOMAIN, 0, "least squares failed");
    }
    if (st == EVS_OK) {
        fit->k = 2;
        fit->df = n - 2;
        fit->coef[0] = fit->alpha = c0;
        fit->coef[1] = fit->beta = c1;
        fit->xtx_inv[0] = 1.0 / (double)n + mx * mx / sxx;
        fit->xtx_inv[1] = fit->xtx_inv[2] = -mx / sxx;
        fit->xtx_inv[3] = 1.0 / sxx;
        fit->sigma = sqrt(ssr / (double)fit->df);
        fit->r2 = syy > 0 ? 1.0 - ssr / syy : NAN;
        if (!(fit->sigma > 0))
            st = evs__seterr(err, EVS_EDOMAIN, 0, "residuals have zero "
                             "variance in the estimation window");
    }
    if (xs != xb) {
        free(xs);
        free(ys);
    }
    return st;
}

static evs_status fit_general(const evs_model_input *in, size_t first,
                              size_t last, const evs_model_opts *o, size_t k,
                              evs__design_fn design, size_t need,
                              int excess, evs_fit *fit, evs_error *err)
{
    size_t cap = last - first + 1, n = 0;
    double *xs = evs__mallocarray(cap, k * sizeof *xs);
    double *ys = evs__mallocarray(cap, sizeof *ys);
    evs_status st = EVS_OK;
    if (xs == NULL || ys == NULL) {
        st = evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
        goto out;
    }
    for (size_t t = first; t <= last; t++) {
        double y = y_at(in, t, excess);
        if (isnan(y) || !design(in, o, t, xs + n * k))
            continue;
        ys[n++] = y;
    }
    fit->n = n;
    if (n < need) {
        st = too_few(err, n, need);
        goto out;
    }
    gsl_matrix_view X = gsl_matrix_view_array(xs, n, k);
    gsl_vector_view y = gsl_vector_view_array(ys, n);
    gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(n, k);
    gsl_vector *c = gsl_vector_alloc(k);
    gsl_matrix *cov = gsl_matrix_alloc(k, k);
    if (w == NULL || c == NULL || cov == NULL) {
        st = evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    } else {
        double chisq;
        size_t rank;
        /* GSL refuses tol = 0; 1e-12 of the largest singular value keeps
         * every regressor of a well-posed design (factor returns ~1e-2
         * next to the intercept's 1) and drops exact collinearity. */
        int rc = gsl_multifit_linear_tsvd(&X.matrix, &y.vector, 1e-12, c,
                                          cov, &chisq, &rank, w);
        if (rc != GSL_SUCCESS)
            st = evs__seterr(err, EVS_EDOMAIN, 0, "least squares failed: %s",
                             gsl_strerror(rc));
        else if (rank < k)
            st = evs__seterr(err, EVS_EDOMAIN, 0, "singular design: the "
                             "regressors are collinear in the estimation "
                             "window");
        else if (!(chisq > 0))
            st = evs__seterr(err, EVS_EDOMAIN, 0, "residuals have zero "
                             "variance in the estimation window");
        if (st == EVS_OK) {
            double s2 = chisq / (double)(n - k);
            double my = 0, syy = 0;
            for (size_t i = 0; i < n; i++)
                my += ys[i];
            my /= (double)n;
            for (size_t i = 0; i < n; i++)
                syy += (ys[i] - my) * (ys[i] - my);
            fit->k = k;
            fit->df = n - k;
            for (size_t i = 0; i < k; i++) {
                fit->coef[i] = gsl_vector_get(c, i);
                for (size_t j = 0; j < k; j++)
                    fit->xtx_inv[i * k + j] = gsl_matrix_get(cov, i, j) / s2;
            }
            fit->alpha = fit->coef[0];
            fit->beta = k > 1 ? fit->coef[1] : 0;
            fit->sigma = sqrt(s2);
            fit->r2 = syy > 0 ? 1.0 - chisq / syy : NAN;
        }
    }
    gsl_multifit_linear_free(w);
    gsl_vector_free(c);
    gsl_matrix_free(cov);
out:
    free(xs);
    free(ys);
    return st;
}

static evs_status ols(const evs_model_input *in, size_t first, size_t last,
                      const evs_model_opts *o, size_t k, evs__design_fn design,
                      int excess, evs_fit *fit, evs_error *err)
{
    memset(fit, 0, sizeof *fit);
    if (k == 0 || k > EVS_MODEL_MAX_PARAMS || first > last || last >= in->len)
        return evs__seterr(err, EVS_EINVAL, 0, "invalid model fit request");
    size_t need = o->min_obs > k + 1 ? o->min_obs : k + 1;
    if (k == 1)
        return fit_mean(in, first, last, o, design, need, excess, fit, err);
    if (k == 2)
        return fit_line(in, first, last, o, design, need, excess, fit, err);
    return fit_general(in, first, last, o, k, design, need, excess, fit, err);
}

evs_status evs__ols_fit(const evs_model_input *in, size_t first, size_t last,
                        const evs_model_opts *o, size_t k,
                        evs__design_fn design, evs_fit *fit, evs_error *err)
{
    return ols(in, first, last, o, k, design, 0, fit, err);
}

evs_status evs__ols_fit_excess(const evs_model_input *in, size_t first,
                               size_t last, const evs_model_opts *o, size_t k,
                               evs__design_fn design, evs_fit *fit,
                               evs_error *err)
{
    return ols(in, first, last, o, k, design, 1, fit, err);
}
