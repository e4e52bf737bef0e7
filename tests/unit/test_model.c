/* Models: the OLS plumbing against NIST StRD Norris (certified values from
 * https://www.itl.nist.gov/div898/strd/lls/data/Norris.shtml), the constant
 * mean and market-adjusted models by hand, and the forecast-error variance
 * factors against their closed forms (MacKinlay 1997 eq. 4.4.9). */
#include "testutil.h"

static double y[64], x[64];
static size_t n_obs;

static int setup_norris(void **state)
{
    (void)state;
    FILE *f = fopen("data/norris.csv", "r");
    if (f == NULL)
        return -1;
    char line[128];
    n_obs = 0;
    if (fgets(line, sizeof line, f) == NULL) { /* header */
        fclose(f);
        return -1;
    }
    while (fgets(line, sizeof line, f) && n_obs < 64)
        if (sscanf(line, "%lf,%lf", &y[n_obs], &x[n_obs]) == 2)
            n_obs++;
    fclose(f);
    return n_obs == 36 ? 0 : -1;
}

static void norris_market_model(void **state)
{
    (void)state;
    const evs_model_info *m = evs_model_find("market");
    assert_non_null(m);
    evs_model_input in = {y, x, NULL, 0, NULL, n_obs};
    evs_model_opts o = {.min_obs = 10};
    evs_fit fit;
    evs_error err = {0};
    assert_int_equal(m->fit(&in, 0, n_obs - 1, &o, &fit, &err), EVS_OK);
    /* Certified to 15 digits; a stable two-pass fit gets ~1e-12 here. */
    assert_close(fit.alpha, -0.262323073774029, 1e-10);
    assert_close(fit.beta, 1.00211681802045, 1e-12);
    assert_close(fit.sigma, 0.884796396144373, 1e-12);
    assert_close(fit.r2, 0.999993745883712, 1e-12);
    assert_close(fit.sigma * sqrt(fit.xtx_inv[0]), 0.232818234301152, 1e-10);
    assert_close(fit.sigma * sqrt(fit.xtx_inv[3]), 0.429796848199937e-3, 1e-10);
    assert_int_equal(fit.n, 36);
    assert_int_equal(fit.df, 34);
    assert_int_equal(fit.k, 2);
}

static void missing_values_are_skipped(void **state)
{
    (void)state;
    /* Inserting NaN rows anywhere must not change the fit. */
    double yy[80], xx[80];
    size_t k = 0;
    for (size_t i = 0; i < n_obs; i++) {
        if (i % 5 == 0) {
            yy[k] = NAN;
            xx[k++] = 1.0;
            yy[k] = 2.0;
            xx[k++] = NAN;
        }
        yy[k] = y[i];
        xx[k++] = x[i];
    }
    const evs_model_info *m = evs_model_find("market");
    evs_model_input in = {yy, xx, NULL, 0, NULL, k};
    evs_model_opts o = {.min_obs = 10};
    evs_fit fit;
    assert_int_equal(m->fit(&in, 0, k - 1, &o, &fit, NULL), EVS_OK);
    assert_close(fit.beta, 1.00211681802045, 1e-12);
    assert_int_equal(fit.n, 36);
}

static void mean_and_market_adjusted(void **state)
{
    (void)state;
    double r[] = {0.01, -0.02, 0.03, NAN, 0.00};
    double mk[] = {0.005, -0.01, 0.01, 0.02, NAN};
    evs_model_input in = {r, mk, NULL, 0, NULL, 5};
    evs_model_opts o = {.min_obs = 2};
    evs_fit fit;
    /* Mean of 0.01, -0.02, 0.03, 0 = 0.005; sample sd by hand:
     * deviations .005 -.025 .025 -.005, SS = .00130, / 3 -> sd .0208167. */
    assert_int_equal(evs_model_find("mean-adjusted")->fit(&in, 0, 4, &o, &fit, NULL), EVS_OK);
    assert_close(fit.alpha, 0.005, 1e-15);
    assert_close(fit.sigma, sqrt(0.0013 / 3), 1e-12);
    assert_int_equal(fit.df, 3);
    /* Market-adjusted: AR = r - m on complete rows: .005 -.01 .02; mean
     * .005, SS = 0 + .000225 + .000225 = .00045, / 2. */
    assert_int_equal(evs_model_find("market-adjusted")->fit(&in, 0, 4, &o, &fit, NULL), EVS_OK);
    assert_close(fit.sigma, sqrt(0.00045 / 2), 1e-12);
    assert_close(fit.beta, 1.0, 0);
    assert_close(fit.alpha, 0.0, 0);
    assert_int_equal(fit.n, 3);
}

static void errors(void **state)
{
    (void)state;
    double r[] = {0.01, 0.02, 0.03, 0.04};
    double flat[] = {0.01, 0.01, 0.01, 0.01};
    evs_model_opts o = {.min_obs = 3};
    evs_fit fit;
    evs_error err = {0};
    evs_model_input in = {r, flat, NULL, 0, NULL, 4};
    assert_int_equal(evs_model_find("market")->fit(&in, 0, 3, &o, &fit, &err), EVS_EDOMAIN);
    assert_msg_has(err, "zero variance");
    o.min_obs = 10;
    assert_int_equal(evs_model_find("market")->fit(&in, 0, 3, &o, &fit, &err), EVS_ENODATA);
    assert_msg_has(err, "has 4 valid returns, need 10");
    evs_model_input same = {flat, r, NULL, 0, NULL, 4};
    o.min_obs = 2;
    assert_int_equal(evs_model_find("mean-adjusted")->fit(&same, 0, 3, &o, &fit, &err), EVS_EDOMAIN);
    assert_null(evs_model_find("no-such-model"));
}

static void variance_factors(void **state)
{
    (void)state;
    const evs_model_info *m = evs_model_find("market");
    evs_model_input in = {y, x, NULL, 0, NULL, n_obs};
    evs_model_opts o = {.min_obs = 10};
    evs_fit fit;
    assert_int_equal(m->fit(&in, 0, n_obs - 1, &o, &fit, NULL), EVS_OK);
    double mx = 0, sxx = 0;
    for (size_t i = 0; i < n_obs; i++)
        mx += x[i];
    mx /= (double)n_obs;
    for (size_t i = 0; i < n_obs; i++)
        sxx += (x[i] - mx) * (x[i] - mx);
    /* Day factor 1 + 1/M + (Rm - mean)^2 / Sxx (Patell 1976). */
    double vf = evs_model_ar_var_factor(m, &in, &o, &fit, 7);
    assert_close(vf, 1 + 1.0 / 36 + (x[7] - mx) * (x[7] - mx) / sxx, 1e-12);
    /* Window: L + L^2/M + (sum Rm - L mean)^2 / Sxx. */
    size_t days[] = {3, 4, 5};
    double s = x[3] + x[4] + x[5];
    double cvf = evs_model_car_var_factor(m, &in, &o, &fit, days, 3);
    assert_close(cvf, 3 + 9.0 / 36 + (s - 3 * mx) * (s - 3 * mx) / sxx, 1e-12);
    const evs_model_info *ma = evs_model_find("market-adjusted");
    assert_close(evs_model_car_var_factor(ma, &in, &o, &fit, days, 3), 3.0, 0);
}

static void registry(void **state)
{
    (void)state;
    size_t n = 0;
    for (const evs_model_info *m = evs_models; m->name; m++, n++) {
        assert_non_null(m->description);
        assert_non_null(m->fit);
        assert_non_null(m->expected);
        /* The generic factor model is found by its full form only. */
        if (strcmp(m->name, "factors") == 0)
            assert_true(evs_model_find("factors:SMB,HML") == m);
        else
            assert_true(evs_model_find(m->name) == m);
        evs_model_opts o = {0};
        assert_true(evs_model_min_obs(m, &o) >= 2);
    }
    assert_true(n >= 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(norris_market_model),
        cmocka_unit_test(missing_values_are_skipped),
        cmocka_unit_test(mean_and_market_adjusted),
        cmocka_unit_test(errors),
        cmocka_unit_test(variance_factors),
        cmocka_unit_test(registry)};
    return cmocka_run_group_tests(tests, setup_norris, NULL);
}
