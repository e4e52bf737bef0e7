/*
 * model_thin.c - market models for thinly traded securities, whose betas
 * are biased towards zero when prices react to the market with a delay:
 * Scholes & Williams (1977) and Dimson (1979).  Both read the market
 * return on neighbouring calendar days, which is why models work on
 * absolute calendar indices.
 */
#include <string.h>

#include "model_ols.h"

/* Market return at t + off, NaN when off the calendar. */
static double mkt_at(const evs_model_input *in, size_t t, int off)
{
    long s = (long)t + off;
    if (s < 0 || (size_t)s >= in->len)
        return NAN;
    return in->market[s];
}

/* The market model's design row (1, R_mt) and prediction a + b R_mt; the
 * Scholes-Williams model predicts the same way with its own a and b. */
int evs__market_design(const evs_model_input *in, const evs_model_opts *o,
                       size_t t, double *x)
{
    (void)o;
    if (isnan(in->market[t]))
        return 0;
    x[0] = 1.0;
    x[1] = in->market[t];
    return 1;
}

double evs__market_expected(const evs_model_input *in, const evs_fit *fit,
                            const evs_model_opts *o, size_t t)
{
    (void)o;
    return fit->coef[0] + fit->coef[1] * in->market[t];
}

/* Centred moments for the Scholes-Williams estimator over the days where
 * R_t and the market on t-1, t and t+1 all exist (two passes, so that
 * nothing is lost to cancellation). */
typedef struct sw_moments {
    size_t n;
    double mr, mm[3];       /* means of R and R_m,t-1 / t / t+1 */
    double sxx[3], sxy[3];  /* centred sums of squares and with R */
    double s01, syy;        /* centred R_m,t-1 x R_m,t, and R x R */
} sw_moments;

static int sw_day(const evs_model_input *in, size_t t, double *r, double *m)
{
    *r = in->ret[t];
    for (int j = 0; j < 3; j++)
        m[j] = mkt_at(in, t, j - 1);
    return !(isnan(*r) || isnan(m[0]) || isnan(m[1]) || isnan(m[2]));
}

static void sw_moments_of(const evs_model_input *in, size_t first,
                          size_t last, sw_moments *s)
{
    memset(s, 0, sizeof *s);
    double r, m[3];
    for (size_t t = first; t <= last; t++) {
        if (!sw_day(in, t, &r, m))
            continue;
        s->n++;
        s->mr += r;
        for (int j = 0; j < 3; j++)
            s->mm[j] += m[j];
    }
    if (s->n == 0)
        return;
    s->mr /= (double)s->n;
    for (int j = 0; j < 3; j++)
        s->mm[j] /= (double)s->n;
    for (size_t t = first; t <= last; t++) {
        if (!sw_day(in, t, &r, m))
            continue;
        double dr = r - s->mr;
        s->syy += dr * dr;
        for (int j = 0; j < 3; j++) {
            double dm = m[j] - s->mm[j];
            s->sxx[j] += dm * dm;
            s->sxy[j] += dm * dr;
        }
        s->s01 += (m[0] - s->mm[0]) * (m[1] - s->mm[1]);
    }
}

/* SSR of R_t - a - b R_mt over the same days. */
static double sw_ssr(const evs_model_input *in, size_t first, size_t last,
                     double a, double b)
{
    double r, m[3], ssr = 0;
    for (size_t t = first; t <= last; t++)
        if (sw_day(in, t, &r, m))
            ssr += (r - a - b * m[1]) * (r - a - b * m[1]);
    return ssr;
}

/* Scholes & Williams (1977): b = (b- + b0 + b+) / (1 + 2 rho),
 * with b-, b0, b+ the slopes of R_t on R_m,t-1, R_m,t and R_m,t+1 and rho
 * the first-order autocorrelation of the market (the correlation of
 * R_m,t with R_m,t-1), all over the same days; a = mean(R) - b mean(R_m,t).
 * sigma^2 = SSR / (n - 2) of R_t - a - b R_mt.  The forecast-error
 * correction uses the design (1, R_mt) as if a, b came from OLS: an
 * approximation, documented in the README. */
evs_status evs__sw_fit(const evs_model_input *in, size_t first, size_t last,
                       const evs_model_opts *o, evs_fit *fit, evs_error *err)
{
    memset(fit, 0, sizeof *fit);
    sw_moments s;
    sw_moments_of(in, first, last, &s);
    size_t need = o->min_obs > 3 ? o->min_obs : 3;
    fit->n = s.n;
    if (s.n < need)
        return evs__seterr(err, EVS_ENODATA, 0, "estimation window has %zu "
                           "valid returns with market returns on the days "
                           "before and after, need %zu", s.n, need);
    double b = 0;
    for (int j = 0; j < 3; j++) {
        /* A centred sum of squares below 1e-12 of the raw one is rounding
         * noise of a constant series, not variance. */
        double raw = s.sxx[j] + (double)s.n * s.mm[j] * s.mm[j];
        if (!(s.sxx[j] > 1e-12 * raw))
            return evs__seterr(err, EVS_EDOMAIN, 0, "market returns have "
                               "zero variance in the estimation window");
        b += s.sxy[j] / s.sxx[j];
    }
    double rho = s.s01 / sqrt(s.sxx[0] * s.sxx[1]);
    if (!(1.0 + 2.0 * rho > 0))
        return evs__seterr(err, EVS_EDOMAIN, 0, "market autocorrelation "
                           "%.3f makes 1 + 2 rho non-positive", rho);
    b /= 1.0 + 2.0 * rho;
    double n = (double)s.n, mx = s.mm[1], a = s.mr - b * mx;
    double ssr = sw_ssr(in, first, last, a, b);
    fit->k = 2;
    fit->df = s.n - 2;
    fit->coef[0] = fit->alpha = a;
    fit->coef[1] = fit->beta = b;
    fit->xtx_inv[0] = 1.0 / n + mx * mx / s.sxx[1];
    fit->xtx_inv[1] = fit->xtx_inv[2] = -mx / s.sxx[1];
    fit->xtx_inv[3] = 1.0 / s.sxx[1];
    fit->sigma = sqrt(ssr / (double)fit->df);
    fit->r2 = s.syy > 0 ? 1.0 - ssr / s.syy : NAN;
    if (!(fit->sigma > 0))
        return evs__seterr(err, EVS_EDOMAIN, 0, "residuals have zero "
                           "variance in the estimation window");
    return EVS_OK;
}

/* Dimson (1979): R_t = a + sum_{j=-lags}^{leads} b_j R_m,t+j + e_t by OLS;
 * x_t = (1, R_m,t-lags, ..., R_m,t+leads).  The expected return is the
 * fitted regression (every b_j times its own market day); the reported
 * beta is the Dimson beta sum_j b_j. */
size_t evs__dimson_k(const evs_model_opts *o)
{
    return 2 + (size_t)o->lags + (size_t)o->leads;
}

int evs__dimson_design(const evs_model_input *in, const evs_model_opts *o,
                       size_t t, double *x)
{
    x[0] = 1.0;
    size_t k = 1;
    for (int j = -o->lags; j <= o->leads; j++) {
        x[k] = mkt_at(in, t, j);
        if (isnan(x[k]))
            return 0;
        k++;
    }
    return 1;
}

evs_status evs__dimson_fit(const evs_model_input *in, size_t first,
                           size_t last, const evs_model_opts *o, evs_fit *fit,
                           evs_error *err)
{
    if (o->lags < 0 || o->leads < 0 || o->lags > EVS_MODEL_MAX_LAGS ||
        o->leads > EVS_MODEL_MAX_LAGS)
        return evs__seterr(err, EVS_EINVAL, 0, "dimson lags and leads must "
                           "be 0 to %d", EVS_MODEL_MAX_LAGS);
    size_t k = evs__dimson_k(o);
    evs_status st = evs__ols_fit(in, first, last, o, k, evs__dimson_design,
                                 fit, err);
    if (st != EVS_OK)
        return st;
    fit->beta = 0;
    for (size_t j = 1; j < k; j++)
        fit->beta += fit->coef[j];
    return EVS_OK;
}

double evs__dimson_expected(const evs_model_input *in, const evs_fit *fit,
                            const evs_model_opts *o, size_t t)
{
    double x[EVS_MODEL_MAX_PARAMS];
    if (!evs__dimson_design(in, o, t, x))
        return NAN;
    double e = 0;
    for (size_t j = 0; j < fit->k; j++)
        e += fit->coef[j] * x[j];
    return e;
}
