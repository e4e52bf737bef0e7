/*
 * model.c - the model registry, the constant-mean and market-adjusted
 * models, and the forecast-error variance factors shared by every linear
 * model.  OLS models live in model_ols.c.
 */
#include <string.h>

#include "model_ols.h"

/* Constant-mean-return model (Brown & Warner 1980; MacKinlay 1997 §4.1):
 * E[R_t] = mu, with mu the estimation-window mean; x_t = (1). */
static int mean_design(const evs_model_input *in, const evs_model_opts *o,
                       size_t t, double *x)
{
    (void)in;
    (void)o;
    (void)t;
    x[0] = 1.0;
    return 1;
}

static evs_status mean_fit(const evs_model_input *in, size_t first,
                           size_t last, const evs_model_opts *o, evs_fit *fit,
                           evs_error *err)
{
    return evs__ols_fit(in, first, last, o, 1, mean_design, fit, err);
}

static double mean_expected(const evs_model_input *in, const evs_fit *fit,
                            const evs_model_opts *o, size_t t)
{
    (void)in;
    (void)o;
    (void)t;
    return fit->coef[0];
}

/* Market-adjusted model: E[R_t] = R_mt, nothing estimated (alpha 0, beta
 * 1).  sigma is the sample standard deviation of R - R_m over the
 * estimation window (divisor M - 1), so df = M - 1. */
static evs_status madj_fit(const evs_model_input *in, size_t first,
                           size_t last, const evs_model_opts *o, evs_fit *fit,
                           evs_error *err)
{
    memset(fit, 0, sizeof *fit);
    double mean = 0, m2 = 0;
    size_t n = 0;
    for (size_t t = first; t <= last && t < in->len; t++) {
        double r = in->ret[t], m = in->market[t];
        if (isnan(r) || isnan(m))
            continue;
        double d = r - m;
        n++;
        double delta = d - mean; /* Welford: stable for long windows */
        mean += delta / (double)n;
        m2 += delta * (d - mean);
    }
    size_t need = o->min_obs > 2 ? o->min_obs : 2;
    fit->n = n;
    if (n < need)
        return evs__seterr(err, EVS_ENODATA, 0, "estimation window has %zu "
                           "valid returns, need %zu", n, need);
    fit->k = 0;
    fit->df = n - 1;
    fit->alpha = 0;
    fit->beta = 1;
    fit->sigma = sqrt(m2 / (double)(n - 1));
    fit->r2 = NAN;
    if (!(fit->sigma > 0))
        return evs__seterr(err, EVS_EDOMAIN, 0, "abnormal returns have zero "
                           "variance in the estimation window");
    return EVS_OK;
}

static double madj_expected(const evs_model_input *in, const evs_fit *fit,
                            const evs_model_opts *o, size_t t)
{
    (void)fit;
    (void)o;
    return in->market[t];
}

/* Market model (Sharpe 1963; MacKinlay 1997 eq. 7): E[R_t] = a + b R_mt,
 * by OLS on the estimation window; x_t = (1, R_mt) (evs__market_design). */
static evs_status market_fit(const evs_model_input *in, size_t first,
                             size_t last, const evs_model_opts *o,
                             evs_fit *fit, evs_error *err)
{
    return evs__ols_fit(in, first, last, o, 2, evs__market_design, fit, err);
}

static size_t k0(const evs_model_opts *o) { (void)o; return 0; }
static size_t k1(const evs_model_opts *o) { (void)o; return 1; }
static size_t k2(const evs_model_opts *o) { (void)o; return 2; }

const evs_model_info evs_models[] = {
    {"mean-adjusted",
     "constant mean return over the estimation window (Brown & Warner 1980)",
     0, k1, mean_fit, mean_expected, mean_design},
    {"market-adjusted",
     "market return as the expected return: alpha 0, beta 1 (Brown & "
     "Warner 1980)",
     EVS_NEEDS_MARKET, k0, madj_fit, madj_expected, NULL},
    {"market",
     "market model, OLS of R on R_m over the estimation window (Sharpe "
     "1963; MacKinlay 1997)",
     EVS_NEEDS_MARKET, k2, market_fit, evs__market_expected,
     evs__market_design},
    {"scholes-williams",
     "thin-trading beta (b- + b0 + b+) / (1 + 2 rho) on R_m,t-1..t+1 "
     "(Scholes & Williams 1977)",
     EVS_NEEDS_MARKET, k2, evs__sw_fit, evs__market_expected,
     evs__market_design},
    {"dimson",
     "OLS on lagged, current and led market returns, --dimson-lags/leads "
     "(Dimson 1979)",
     EVS_NEEDS_MARKET, evs__dimson_k, evs__dimson_fit, evs__dimson_expected,
     evs__dimson_design},
    {"ff3",
     "Fama-French three factors Mkt-RF SMB HML on R - RF, needs --factors "
     "(Fama & French 1993)",
     EVS_NEEDS_FACTORS, evs__ff3_k, evs__ff3_fit, evs__factor_expected,
     evs__factor_design},
    {"carhart",
     "ff3 plus momentum (Mom, UMD or WML), needs --factors (Carhart 1997)",
     EVS_NEEDS_FACTORS, evs__carhart_k, evs__carhart_fit,
     evs__factor_expected, evs__factor_design},
    {"ff5",
     "Fama-French five factors Mkt-RF SMB HML RMW CMA, needs --factors "
     "(Fama & French 2015)",
     EVS_NEEDS_FACTORS, evs__ff5_k, evs__ff5_fit, evs__factor_expected,
     evs__factor_design},
    {"factors",
     "factors:NAME,NAME,... OLS on named columns of --factors (R - RF when "
     "there is an RF column)",
     EVS_NEEDS_FACTORS, evs__factors_k, evs__factors_fit,
     evs__factor_expected, evs__factor_design},
    {NULL, NULL, 0, NULL, NULL, NULL, NULL}};

const evs_model_info *evs_model_find(const char *name)
{
    if (name == NULL || strcmp(name, "factors") == 0)
        return NULL; /* the generic factor model needs its list */
    if (strncmp(name, "factors:", 8) == 0)
        name = evs_model_factors(name, NULL, 0) > 0 ? "factors" : "";
    for (const evs_model_info *m = evs_models; m->name; m++)
        if (strcmp(m->name, name) == 0)
            return m;
    return NULL;
}

size_t evs_model_min_obs(const evs_model_info *m, const evs_model_opts *o)
{
    size_t k = m->n_params(o);
    return k < 1 ? 2 : k + 1;
}

/* x' V x for the k x k symmetric matrix V. */
static double quad_form(const double *V, const double *x, size_t k)
{
    double q = 0;
    for (size_t i = 0; i < k; i++) {
        double row = 0;
        for (size_t j = 0; j < k; j++)
            row += V[i * k + j] * x[j];
        q += x[i] * row;
    }
    return q;
}

double evs_model_ar_var_factor(const evs_model_info *m,
                               const evs_model_input *in,
                               const evs_model_opts *o, const evs_fit *fit,
                               size_t t)
{
    if (fit->k == 0 || m->design == NULL)
        return 1.0;
    double x[EVS_MODEL_MAX_PARAMS];
    if (!m->design(in, o, t, x))
        return NAN;
    return 1.0 + quad_form(fit->xtx_inv, x, fit->k);
}

double evs_model_car_var_factor(const evs_model_info *m,
                                const evs_model_input *in,
                                const evs_model_opts *o, const evs_fit *fit,
                                const size_t *days, size_t n)
{
    if (fit->k == 0 || m->design == NULL)
        return (double)n;
    double s[EVS_MODEL_MAX_PARAMS] = {0}, x[EVS_MODEL_MAX_PARAMS];
    for (size_t d = 0; d < n; d++) {
        if (!m->design(in, o, days[d], x))
            return NAN;
        for (size_t j = 0; j < fit->k; j++)
            s[j] += x[j];
    }
    return (double)n + quad_form(fit->xtx_inv, s, fit->k);
}
