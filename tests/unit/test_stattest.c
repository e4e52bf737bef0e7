/* The tests on hand-computable cases (arithmetic in the comments), the
 * estudy2 vignette's Wilcoxon example, degenerate inputs and the
 * convention setters.  Larger cases are checked against
 * scripts/reference_stats.py in tests/cli/stats_reference.bats. */
#include "testutil.h"

/* A test-data view over small arrays: n events, est_len estimation days,
 * win_len event days. */
typedef struct fixture {
    evs_test_data d;
    double ar[64], sar[64], est[64], sigma[8], vf[64];
    size_t n_est[8], df[8];
    evs_test_conv conv;
} fixture;

static void fx_init(fixture *f, size_t n, size_t est_len, size_t win_len)
{
    memset(f, 0, sizeof *f);
    evs_test_conv_init(&f->conv);
    for (size_t i = 0; i < 64; i++)
        f->ar[i] = f->sar[i] = f->est[i] = NAN;
    for (size_t i = 0; i < 8; i++) {
        f->sigma[i] = 1;
        f->n_est[i] = 100;
        f->df[i] = 98;
    }
    f->d = (evs_test_data){.n_events = n, .est = {-(int)est_len - 1, -2},
                           .win = {0, (int)win_len - 1}, .est_len = est_len,
                           .win_len = win_len, .ar = f->ar, .sar = f->sar,
                           .est_ar = f->est, .sigma = f->sigma,
                           .n_est = f->n_est, .df = f->df, .conv = &f->conv,
                           .vf = f->vf, .rbar = NAN};
}

static evs_test_result day(const char *name, const fixture *f, size_t col)
{
    evs_test_result r;
    evs_stattest_find(name)->day(&f->d, col, &r);
    return r;
}

static void expect_ok(evs_test_result r, double stat, double p, size_t n,
                      double tol)
{
    assert_int_equal(r.status, EVS_TEST_OK);
    assert_close(r.statistic, stat, tol);
    if (!isnan(p))
        assert_close(r.p_value, p, tol);
    assert_int_equal(r.n, n);
}

/* estudy2 vignette: W+ = 23 with n = 7.  Negative values hold ranks 1 and
 * 4, so W+ = 2+3+5+6+7 = 23; the subsets of 1..7 summing to >= 23 are the
 * complements of those summing to <= 5, 10 of 128, so the exact two-sided
 * p is 2 * 10/128 = 0.15625 (METHODS.md B2: estudy2 stars it, wrongly). */
static void wilcoxon_vignette(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 7, 1, 1);
    double v[] = {-0.01, 0.02, 0.03, -0.04, 0.05, 0.06, 0.07};
    memcpy(f.ar, v, sizeof v);
    evs_test_result r = day("wilcoxon", &f, 0);
    expect_ok(r, 23, 0.15625, 7, 1e-12);
    assert_true(isnan(r.df));
    assert_close(evs_signrank_p(28, 7), 2.0 / 128, 1e-15);
    assert_close(evs_signrank_p(0, 1), 1.0, 1e-15);
    assert_true(isnan(evs_signrank_p(3, 0)));
    /* A zero is dropped (Wilcoxon 1945): the same W+ with n = 7. */
    fx_init(&f, 8, 1, 1);
    memcpy(f.ar, v, sizeof v);
    f.ar[7] = 0;
    expect_ok(day("wilcoxon", &f, 0), 23, 0.15625, 7, 1e-12);
}

/* AR 1,3,2,4 %: mean 2.5 %, sd sqrt(5e-4/3), t = 0.025/(sd/2) = sqrt(15)
 * with 3 df; p = 0.030466291662 (scipy.stats.t.sf). */
static void t_by_hand(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 4, 1, 1);
    double v[] = {0.01, 0.03, 0.02, 0.04};
    memcpy(f.ar, v, sizeof v);
    evs_test_result r = day("t", &f, 0);
    expect_ok(r, sqrt(15.0), 0.030466291662170977, 4, 1e-12);
    assert_close(r.df, 3, 0);
    f.conv.choice[EVS_CONV_T_REF] = 1; /* t-ref=normal */
    r = day("t", &f, 0);
    assert_true(isnan(r.df));
    assert_close(r.p_value, 2 * 0.5 * erfc(sqrt(15.0) / sqrt(2.0)), 1e-12);
}

/* Patell: SAR 1, 2, -1 with df 10: Var = 10/8, Z = 2 / sqrt(3.75).  With
 * sar-df=two and M = 12: Var = 10/8 again (M - 2 = 10). */
static void patell_by_hand(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 3, 1, 1);
    double v[] = {1, 2, -1};
    memcpy(f.sar, v, sizeof v);
    for (int i = 0; i < 3; i++) {
        f.df[i] = 10;
        f.n_est[i] = 11; /* k = 1 */
    }
    expect_ok(day("patell", &f, 0), 2 / sqrt(3.75), NAN, 3, 1e-12);
    f.conv.choice[EVS_CONV_SAR_DF] = 1; /* M - 2 = 9: Var 9/7 */
    expect_ok(day("patell", &f, 0), 2 / sqrt(3 * 9.0 / 7.0), NAN, 3, 1e-12);
    /* df <= 2 leaves an event out (no variance). */
    f.conv.choice[EVS_CONV_SAR_DF] = 0;
    f.df[2] = 2;
    expect_ok(day("patell", &f, 0), 3 / sqrt(2.5), NAN, 2, 1e-12);
}

/* BMP: SAR 1, 2, 3: mean 2, sd 1, t = sqrt(3) * 2 = 3.4641 with 2 df.
 * KP-adjusted with rbar 0.2: times sqrt(0.8 / (1 + 2 * 0.2)). */
static void bmp_by_hand(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 3, 1, 1);
    double v[] = {1, 2, 3};
    memcpy(f.sar, v, sizeof v);
    evs_test_result r = day("bmp", &f, 0);
    expect_ok(r, 2 * sqrt(3.0), NAN, 3, 1e-12);
    assert_close(r.df, 2, 0);
    f.d.rbar = 0.2;
    expect_ok(day("bmp-kp", &f, 0), 2 * sqrt(3.0) * sqrt(0.8 / 1.4), NAN, 3,
              1e-12);
    /* Patell-KP: Z = 6/sqrt(3 * 98/96) times sqrt(1/1.4), or also times
     * sqrt(0.8) under kp-patell=with-1-r. */
    double z = 6 / sqrt(3 * 98.0 / 96.0);
    expect_ok(day("patell-kp", &f, 0), z * sqrt(1 / 1.4), NAN, 3, 1e-12);
    f.conv.choice[EVS_CONV_KP_PATELL] = 1;
    expect_ok(day("patell-kp", &f, 0), z * sqrt(0.8 / 1.4), NAN, 3, 1e-12);
    /* An r-bar that makes 1 + (n-1) r <= 0 has no adjustment. */
    f.d.rbar = -0.6;
    assert_int_equal(day("bmp-kp", &f, 0).status, EVS_TEST_NOT_APPLICABLE);
}

/* Brown-Warner 1985: portfolio estimation ARs (1+3)/2, (-1-3)/2, (2+0)/2
 * = 2, -2, 1; mean 1/3, squared deviations 78/9, sd sqrt(39/9) with 2 df;
 * AAR = 1.5, t = 0.72057669212.  Lamb divides by sqrt(mean vf) too.
 * Brown-Warner 1980: sigma 1 and 2, t = 3 / sqrt(5). */
static void brown_warner_lamb(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 2, 3, 1);
    double est[] = {1, -1, 2, 3, -3, 0};
    memcpy(f.est, est, sizeof est);
    f.ar[0] = 1;
    f.ar[1] = 2;
    f.vf[0] = 1.21;
    f.vf[1] = 1.44;
    evs_test_result r = day("brown-warner-1985", &f, 0);
    expect_ok(r, 0.7205766921228921, 0.5460100549252136, 2, 1e-12);
    assert_close(r.df, 2, 0);
    r = day("lamb", &f, 0);
    expect_ok(r, 1.5 / (sqrt(39.0 / 9) * sqrt(1.325)), NAN, 2, 1e-12);
    f.sigma[1] = 2;
    r = day("brown-warner-1980", &f, 0);
    expect_ok(r, 3 / sqrt(5.0), NAN, 2, 1e-12);
    assert_close(r.df, 99, 0); /* mean M - 1 */
    /* bw1980-var=sample: sigma^2 * df/(M-1) = sigma^2 * 98/99. */
    f.conv.choice[EVS_CONV_BW1980_VAR] = 1;
    expect_ok(day("brown-warner-1980", &f, 0), 3 / sqrt(5.0 * 98 / 99), NAN,
              2, 1e-12);
}

/* Skewness-adjusted t on 1, 2, 3, 10: mean 4, s^2 = 50/3, sum of cubed
 * deviations 180, g = 180/(4 s^3), S = 4/s, t = 2 (S + g S^2/3 + g/24)
 * = 2.437977140992 (3 df). */
static void skewness_by_hand(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 4, 1, 1);
    double v[] = {0.01, 0.02, 0.03, 0.10};
    memcpy(f.ar, v, sizeof v);
    evs_test_result r = day("skewness-adjusted", &f, 0);
    expect_ok(r, 2.4379771409920967, NAN, 4, 1e-12);
    assert_close(r.df, 3, 0);
    /* The bootstrap needs n/4 >= 3 draws per resample. */
    assert_int_equal(day("skewness-adjusted-boot", &f, 0).status,
                     EVS_TEST_TOO_FEW);
    /* Three values: too few for a skewness. */
    f.d.n_events = 2;
    assert_int_equal(day("skewness-adjusted", &f, 0).status,
                     EVS_TEST_TOO_FEW);
}

/* Sign test: signs + + + - give (3 - 2)/1 = 1.  With a zero, + 0 -:
 * nonpositive (1 - 1.5)/sqrt(0.75), positive the opposite, drop 0. */
static void sign_by_hand(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 4, 1, 1);
    double v[] = {0.01, 0.02, 0.03, -0.01};
    memcpy(f.ar, v, sizeof v);
    expect_ok(day("sign", &f, 0), 1.0, NAN, 4, 1e-12);
    fx_init(&f, 3, 1, 1);
    double z[] = {0.01, 0, -0.02};
    memcpy(f.ar, z, sizeof z);
    expect_ok(day("sign", &f, 0), -0.5 / sqrt(0.75), NAN, 3, 1e-12);
    f.conv.choice[EVS_CONV_SIGN_ZERO] = EVS_ZERO_POSITIVE;
    expect_ok(day("sign", &f, 0), 0.5 / sqrt(0.75), NAN, 3, 1e-12);
    f.conv.choice[EVS_CONV_SIGN_ZERO] = EVS_ZERO_DROP;
    expect_ok(day("sign", &f, 0), 0.0, 1.0, 2, 1e-12);
}

/* Generalized sign: event 1 has 2 of 4 estimation ARs positive, event 2
 * 2 of 3 (one missing).  Per-event p = (1/2 + 2/3)/2, pooled 4/7; both
 * event-day ARs positive: Z = (2 - 2p)/sqrt(2p(1-p)). */
static void gsign_by_hand(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 2, 4, 1);
    double est[] = {1, 1, -1, -1, 1, 1, -1, NAN};
    memcpy(f.est, est, sizeof est);
    f.ar[0] = 0.01;
    f.ar[1] = 0.02;
    expect_ok(day("generalized-sign", &f, 0), 1.1952286093343938, NAN, 2,
              1e-12);
    f.conv.choice[EVS_CONV_GSIGN_P] = 1;
    expect_ok(day("generalized-sign", &f, 0), 1.2247448713915892, NAN, 2,
              1e-12);
}

/* Rank family, 2 events, 3 estimation days, 1 event day:
 *   event 1: 1, 2, 3 | 4   ranks 1 2 3 | 4
 *   event 2: 4, 3, 2 | 5   ranks 3 2 1 | 4
 * Corrado: deviations K - 2.5 average -0.5, -0.5, -0.5 | 1.5, S =
 * sqrt(3/4), statistic 1.5/S = sqrt(3).  Corrado-Zivney: U = K/5 - 1/2
 * summed over sqrt(2): -0.2, -0.2, -0.2 | 0.6 (over sqrt 2), S = sqrt(0.06),
 * statistic sqrt(3) again.  Corrado sign: medians 2.5 and 3.5, sums
 * 0, -2, 0 | 2 over sqrt 2, S = 1, statistic sqrt(2). */
static void ranks_by_hand(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 2, 3, 1);
    double est[] = {1, 2, 3, 4, 3, 2};
    memcpy(f.est, est, sizeof est);
    f.ar[0] = 4;
    f.ar[1] = 5;
    expect_ok(day("corrado-rank", &f, 0), sqrt(3.0), NAN, 2, 1e-12);
    expect_ok(day("corrado-zivney", &f, 0), sqrt(3.0), NAN, 2, 1e-12);
    expect_ok(day("corrado-sign", &f, 0), sqrt(2.0), NAN, 2, 1e-12);
    /* rank-scale=mean-obs divides by the mean T_i = 4 (here equal). */
    f.conv.choice[EVS_CONV_RANK_SCALE] = 1;
    expect_ok(day("corrado-rank", &f, 0), sqrt(3.0), NAN, 2, 1e-12);
}

/* Ties: event 1 holds 1, 1, 2 | 2.  Average ranks 1.5 1.5 3.5 | 3.5,
 * by position 1 2 3 | 4.  With event 2 as above (3 2 1 | 4):
 *   average: deviations (-1 + 0.5)/2, (-1 - 0.5)/2, (1 - 1.5)/2 | (1+1.5)/2
 *          = -0.25, -0.75, -0.25 | 1.25; S = sqrt((1/16+9/16+1/16+25/16)/4)
 *   first:   (-1.5+.5)/2, (-.5-.5)/2, (.5-1.5)/2 | 1.5 = the untied case. */
static void rank_ties(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 2, 3, 1);
    double est[] = {1, 1, 2, 4, 3, 2};
    memcpy(f.est, est, sizeof est);
    f.ar[0] = 2;
    f.ar[1] = 5;
    double S = sqrt((1.0 + 9 + 1 + 25) / 16 / 4);
    expect_ok(day("corrado-rank", &f, 0), 1.25 / S, NAN, 2, 1e-12);
    f.conv.choice[EVS_CONV_RANK_TIES] = EVS_TIES_FIRST;
    expect_ok(day("corrado-rank", &f, 0), sqrt(3.0), NAN, 2, 1e-12);
}

/* GRANK, 2 events, sigma 1, 2 estimation days: event SARs 3 and -1 have
 * cross-sectional sd 2 sqrt 2, so SCAR* = 1.06066, -0.35355.
 *   event 1: 1, 2 | 1.06 -> ranks 1 3 | 2, U = K/4 - 1/2: -.25 .25 | 0
 *   event 2: 2, 1 | -.35 -> ranks 3 2 | 1, U: .25 0 | -.25
 * Ubar = 0, .125 | -.125; S = sqrt((0 + .125^2 + .125^2)/3); Z = -sqrt 1.5;
 * t = Z sqrt((3-2)/(3-1-1.5)) = -sqrt(3) with 1 df. */
static void grank_by_hand(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 2, 2, 1);
    double est[] = {1, 2, 2, 1};
    memcpy(f.est, est, sizeof est);
    f.sar[0] = 3;
    f.sar[1] = -1;
    evs_test_result r = day("grank", &f, 0);
    expect_ok(r, -sqrt(3.0), NAN, 2, 1e-12);
    assert_close(r.df, 1, 0);
}

/* r-bar: residuals 1, 2, 3 and 1, 3, 2 on the same three dates correlate
 * at 0.5 (Pearson).  Shifted by a day, the unit-length residuals
 * (-1,0,1)/sqrt2 and (-1,1,0)/sqrt2 share two dates: 0*(-1/2) + (1/2)
 * = 0.5 as well.  Disjoint windows give 0. */
static void rbar_by_hand(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 2, 3, 1);
    double est[] = {1, 2, 3, 1, 3, 2};
    memcpy(f.est, est, sizeof est);
    evs_date dates[10];
    for (int i = 0; i < 10; i++)
        dates[i] = 19000 + i;
    const evs_date *cd[1] = {dates};
    size_t cl[1] = {10}, mkt[2] = {0, 0}, d0[2] = {5, 5};
    f.d.cal_dates = cd;
    f.d.cal_len = cl;
    f.d.market_id = mkt;
    f.d.day0_index = d0; /* estimation -4:-2 -> calendar 1..3 */
    f.d.n_markets = 1;
    evs_status st;
    assert_close(evs_test_rbar(&f.d, &st), 0.5, 1e-12);
    assert_int_equal(st, EVS_OK);
    d0[1] = 6;
    assert_close(evs_test_rbar(&f.d, &st), 0.5, 1e-12);
    d0[1] = 9;
    assert_close(evs_test_rbar(&f.d, &st), 0.0, 1e-15);
    f.d.n_events = 1;
    assert_true(isnan(evs_test_rbar(&f.d, &st)));
    /* The KP tests then say too-few. */
    f.sar[0] = 1;
    assert_int_equal(day("patell-kp", &f, 0).status, EVS_TEST_TOO_FEW);
}

/* One event, identical values, all ties: statuses, never numbers. */
static void degenerate(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 1, 3, 1);
    f.ar[0] = f.sar[0] = 0.01;
    double est[] = {0.01, 0.01, 0.01};
    memcpy(f.est, est, sizeof est);
    const char *need_two[] = {"t", "bmp", "bmp-kp", "skewness-adjusted",
                              "grank"};
    for (size_t i = 0; i < sizeof need_two / sizeof *need_two; i++) {
        evs_test_result r = day(need_two[i], &f, 0);
        assert_int_equal(r.status, EVS_TEST_TOO_FEW);
        assert_true(isnan(r.statistic) && isnan(r.p_value));
    }
    /* All four values tie: the rank scale is zero. */
    assert_int_equal(day("corrado-rank", &f, 0).status,
                     EVS_TEST_ZERO_VARIANCE);
    assert_int_equal(day("corrado-sign", &f, 0).status,
                     EVS_TEST_ZERO_VARIANCE);
    /* Two equal ARs: no cross-sectional variance. */
    fx_init(&f, 2, 3, 1);
    f.ar[0] = f.ar[1] = 0.01;
    assert_int_equal(day("t", &f, 0).status, EVS_TEST_ZERO_VARIANCE);
    /* A day where nobody has an AR. */
    fx_init(&f, 2, 3, 1);
    for (size_t i = 0; evs_stattests[i].name; i++) {
        evs_test_result r = day(evs_stattests[i].name, &f, 0);
        assert_int_not_equal(r.status, EVS_TEST_OK);
        assert_true(isnan(r.statistic));
    }
    /* Without estimation residuals, the tests that need them say n/a. */
    fx_init(&f, 2, 3, 1);
    f.ar[0] = 0.01;
    f.ar[1] = 0.02;
    f.d.est_ar = NULL;
    assert_int_equal(day("brown-warner-1985", &f, 0).status,
                     EVS_TEST_NOT_APPLICABLE);
    assert_int_equal(day("corrado-rank", &f, 0).status,
                     EVS_TEST_NOT_APPLICABLE);
}

/* Windows: CSAR over the valid days of the window (a missing day adds
 * nothing and is counted out of L), and the Cowan rank window. */
static void windows_with_missing(void **state)
{
    (void)state;
    fixture f;
    fx_init(&f, 2, 1, 3);
    /* event 1 SAR 1, NaN, 1; event 2 SAR 2, 2, 2; df 98 */
    double sar[] = {1, NAN, 1, 2, 2, 2};
    memcpy(f.sar, sar, sizeof sar);
    double car[] = {0.02, 0.06}, scar[] = {1.5, 3.2};
    size_t days[] = {2, 3};
    evs_test_window w = {{0, 2}, car, scar, days, NULL, NULL};
    evs_test_result r;
    evs_stattest_find("patell")->window(&f.d, &w, &r);
    double v = 98.0 / 96.0;
    expect_ok(r, 8 / sqrt(5 * v), NAN, 2, 1e-12);
    f.conv.choice[EVS_CONV_WINDOW_STD] = EVS_WINSTD_SCAR;
    evs_stattest_find("patell")->window(&f.d, &w, &r);
    expect_ok(r, 4.7 / sqrt(2 * v), NAN, 2, 1e-12);
    /* BHAR missing: the skewness window test cannot run. */
    evs_stattest_find("skewness-adjusted")->window(&f.d, &w, &r);
    assert_int_equal(r.status, EVS_TEST_NOT_APPLICABLE);
}

static void conventions(void **state)
{
    (void)state;
    evs_test_conv c;
    evs_error e = {0};
    evs_test_conv_init(&c);
    for (size_t i = 0; i < EVS_CONV_COUNT; i++)
        assert_string_equal(evs_test_conv_value(&c, i),
                            evs_test_convs[i].choices[0]);
    assert_int_equal(evs_test_conv_set(&c, "sign-zero", "drop", &e), EVS_OK);
    assert_int_equal(c.choice[EVS_CONV_SIGN_ZERO], EVS_ZERO_DROP);
    assert_int_equal(evs_test_conv_set(&c, "sign-zero", "maybe", &e),
                     EVS_EINVAL);
    assert_msg_has(e, "want nonpositive, positive, drop");
    assert_int_equal(evs_test_conv_set(&c, "nope", "x", &e), EVS_EINVAL);
    assert_msg_has(e, "unknown convention 'nope'");
    assert_int_equal(evs_test_conv_parse(&c, "gsign-p=pooled,t-ref=normal",
                                         &e), EVS_OK);
    assert_string_equal(evs_test_conv_value(&c, EVS_CONV_T_REF), "normal");
    assert_int_equal(evs_test_conv_parse(&c, "gsign-p", &e), EVS_EINVAL);
    assert_msg_has(e, "not NAME=VALUE");
    assert_int_equal(evs_test_conv_parse(&c, "a=b,=c", &e), EVS_EINVAL);
    assert_int_equal(evs_test_conv_compat(&c, "estudy2", &e), EVS_OK);
    assert_string_equal(c.compat, "estudy2");
    assert_string_equal(evs_test_conv_value(&c, EVS_CONV_GSIGN_P), "pooled");
    assert_string_equal(evs_test_conv_value(&c, EVS_CONV_T_REF), "student");
    assert_int_equal(evs_test_conv_compat(&c, "eventus", &e), EVS_EINVAL);
    assert_msg_has(e, "unknown compatibility mode 'eventus'");
    assert_int_equal(evs_test_conv_compat(&c, "none", &e), EVS_OK);
    assert_null(c.compat);
    assert_int_equal(evs_test_status_name(EVS_TEST_NO_MEMORY)[0], 'n');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wilcoxon_vignette), cmocka_unit_test(t_by_hand),
        cmocka_unit_test(patell_by_hand), cmocka_unit_test(bmp_by_hand),
        cmocka_unit_test(brown_warner_lamb), cmocka_unit_test(skewness_by_hand),
        cmocka_unit_test(sign_by_hand), cmocka_unit_test(gsign_by_hand),
        cmocka_unit_test(ranks_by_hand), cmocka_unit_test(rank_ties),
        cmocka_unit_test(grank_by_hand), cmocka_unit_test(rbar_by_hand),
        cmocka_unit_test(degenerate), cmocka_unit_test(windows_with_missing),
        cmocka_unit_test(conventions)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
