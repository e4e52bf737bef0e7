/* Plot scripts: golden script text of every figure (no gnuplot needed),
 * the CAAR band, histogram bins and drawdown against worked answers,
 * quoting of hostile text, every error path and allocation failure. */
#include "plot_fixture.h"
#include "plot_internal.h"

/* ---- known answers ------------------------------------------------------- */

static void car_se_known(void **state)
{
    (void)state;
    evs_study_result *r = fixture_study();
    double se[3];
    size_t n[3];
    assert_int_equal(evs_plot_car_se(r, se, n, NULL), EVS_OK);
    /* scripts/plot_band_ref.py on tests/data/plot, and by hand: through day
     * -1 only AAA (1%) and BBB (3%) have an AR, sd = 0.02/sqrt(2), se =
     * sd/sqrt(2) = 0.01; day 0: CARs 3%, 2%, 0.5%; day 1: 2%, 2%, 2.5%. */
    assert_int_equal(n[0], 2);
    assert_int_equal(n[1], 3);
    assert_int_equal(n[2], 3);
    assert_close(se[0], 0.010000000000, 1e-12);
    assert_close(se[1], 0.007264831573, 1e-11);
    assert_close(se[2], 0.001666666667, 1e-11);
    const double *caar = evs_study_result_caar(r);
    assert_close(caar[2], 0.028333333333, 1e-11);
    evs_study_result_free(r);
}

static void hist_bins_known(void **state)
{
    (void)state;
    size_t k, c[EVS_PLOT_MAX_BINS];
    double lo, w;
    /* Sturges: m = 6 valid returns, k = ceil(log2 6) + 1 = 4, w = (0.05 -
     * -0.02) / 4 = 0.0175; edges -0.02, -0.0025, 0.015, 0.0325, 0.05. */
    const double r[] = {-0.02, 0.01, 0.03, 0.0, NAN, 0.05, 0.01};
    assert_int_equal(evs_plot_hist_bins(r, 7, 0, &k, &lo, &w, c, NULL), EVS_OK);
    assert_int_equal(k, 4);
    assert_close(lo, -0.02, 1e-15);
    assert_close(w, 0.0175, 1e-15);
    size_t want[] = {1, 3, 1, 1};
    for (size_t j = 0; j < 4; j++)
        assert_int_equal(c[j], want[j]);
    /* Width 0.02: lo = floor(-0.65) * 0.02 = -0.02, k = floor(0.069/0.02)
     * + 1 = 4; [-0.02,0) -0.013 | [0,0.02) 0.004 0.001 0.012 | 0.027 | 0.049. */
    const double r2[] = {-0.013, 0.004, 0.027, 0.001, 0.049, 0.012};
    assert_int_equal(evs_plot_hist_bins(r2, 6, 0.02, &k, &lo, &w, c, NULL), EVS_OK);
    assert_int_equal(k, 4);
    assert_close(lo, -0.02, 1e-15);
    for (size_t j = 0; j < 4; j++)
        assert_int_equal(c[j], want[j]);
    /* One distinct value: one 1% bin centred on it. */
    const double r3[] = {0.03, 0.03};
    assert_int_equal(evs_plot_hist_bins(r3, 2, 0, &k, &lo, &w, c, NULL), EVS_OK);
    assert_int_equal(k, 1);
    assert_int_equal(c[0], 2);
    assert_close(lo, 0.025, 1e-15);
}

static void drawdown_known(void **state)
{
    (void)state;
    /* Peaks 100, 110, 110, 121: 99 / 110 - 1 = -0.1 by hand. */
    const double eq[] = {100, 110, NAN, 99, 121};
    double dd[5];
    assert_int_equal(evs_plot_drawdown(eq, 5, dd, NULL), EVS_OK);
    assert_close(dd[0], 0, 1e-15);
    assert_close(dd[1], 0, 1e-15);
    assert_true(isnan(dd[2]));
    assert_close(dd[3], -0.1, 1e-14);
    assert_close(dd[4], 0, 1e-15);
}

/* First-day returns in the legend against published figures (collected in
 * the project's IPO research notes, shared/data/IPO_FACTS.md):
 *  - Moore Threads, offer 114.28 CNY: open 650 "+468.78%"
 *    (finance.stockstar.com/IG2025120500040130.shtml); high 688 "as much as
 *    502%" (thewallstreetledger.com), 688 / 114.28 - 1 = 502.03% by hand;
 *    close 600.50, 600.50 / 114.28 - 1 = 425.46% by hand.
 *  - MetaX, offer 104.66 CNY: open 700 "+569%" (data.dailyaudio.com),
 *    700 / 104.66 - 1 = 568.83%; high 895 "755 Prozent" (cash.ch),
 *    895 / 104.66 - 1 = 755.15%; close 829.90 "+692.95%" (ftaonline.com).
 * The first-day rows come from the bundled price files. */
static void listing_published_pops(void **state)
{
    (void)state;
    static const struct {
        const char *sym;
        double offer;
        const char *open, *high, *close;
    } ipo[] = {
        {"688795.SS", 114.28, "(+468.78% over", "(+502.03% over", "(+425.46% over"},
        {"688802.SS", 104.66, "(+568.83% over", "(+755.15% over", "(+692.95% over"},
    };
    evs_plot_opts o;
    evs_plot_opts_init(&o);
    for (size_t i = 0; i < 2; i++) {
        evs_dataset *ds = evs_dataset_new(NULL);
        const evs_series *s = load_real(ds, ipo[i].sym);
        evs_plot_listing l = {0};
        l.dates = evs_series_dates(s);
        l.close = evs_series_field(s, EVS_FIELD_CLOSE);
        l.n = evs_series_len(s);
        l.offer = ipo[i].offer;
        l.open1 = evs_series_field(s, EVS_FIELD_OPEN)[0];
        l.high1 = evs_series_field(s, EVS_FIELD_HIGH)[0];
        l.close1 = l.close[0];
        l.bench_base = NAN;
        char *script = NULL;
        assert_int_equal(evs_plot_listing_path(&l, &o, "x.png", &script, NULL), EVS_OK);
        assert_non_null(strstr(script, ipo[i].open));
        assert_non_null(strstr(script, ipo[i].high));
        assert_non_null(strstr(script, ipo[i].close));
        evs_free(script);
        evs_dataset_free(ds);
    }
}

/* ---- golden scripts ------------------------------------------------------ */

static void golden_study(void **state)
{
    (void)state;
    evs_study_result *r = fixture_study();
    evs_plot_opts o;
    evs_plot_opts_init(&o);
    char *s = NULL;
    assert_int_equal(evs_plot_caar(r, &o, "out/caar.png", &s, NULL), EVS_OK);
    assert_golden(s, "caar.gp");
    evs_free(s);
    assert_int_equal(evs_plot_car_paths(r, &o, "out/car-paths.png", &s, NULL), EVS_OK);
    assert_golden(s, "car-paths.gp");
    evs_free(s);
    evs_study_result_free(r);
}

static void listing_input(evs_plot_listing *l, evs_date *d)
{
    static const double close[] = {12.0, NAN, 13.5, 11.0};
    static const double bench[] = {100, 101, NAN, 98};
    for (int k = 0; k < 4; k++)
        evs_date_from_ymd(2024, 1, 2 + k, &d[k]);
    memset(l, 0, sizeof *l);
    l->name = "TEST.X 'quoted' listing";
    l->currency = "CNY";
    l->dates = d;
    l->close = close;
    l->n = 4;
    l->offer = 10.0;
    l->open1 = 11.0;
    l->high1 = 12.5;
    l->close1 = 12.0;
    l->bench = bench;
    l->bench_base = 100;
    l->bench_name = "MKT";
}

static void golden_listings(void **state)
{
    (void)state;
    evs_plot_opts o;
    evs_plot_opts_init(&o);
    char *s = NULL;
    evs_date d[4];
    evs_plot_listing l;
    listing_input(&l, d);
    assert_int_equal(evs_plot_listing_path(&l, &o, "out/listing.png", &s, NULL), EVS_OK);
    assert_golden(s, "listing.gp");
    evs_free(s);
    const char *labels[] = {"Moore Threads", "x' ; system('touch pwned') ; '"};
    const double op[] = {0.5, NAN}, cl[] = {0.25, -0.1}, hi[] = {1.0, 0.2};
    assert_int_equal(evs_plot_first_day(labels, op, cl, hi, 2, &o, "out/first-day.png",
                                        &s, NULL), EVS_OK);
    assert_golden(s, "first-day.gp");
    evs_free(s);
    const double y1[] = {0.01, 0.03, NAN, 0.02}, y2[] = {-0.01, -0.02};
    evs_plot_path p[2] = {{"A vs MKT", y1, 4}, {NULL, y2, 2}};
    assert_int_equal(evs_plot_bhar_paths(p, 2, "vs STAR 50", &o, "out/bhar.png", &s, NULL),
                     EVS_OK);
    assert_golden(s, "bhar.gp");
    evs_free(s);
}

static void golden_backtest(void **state)
{
    (void)state;
    evs_plot_opts o;
    evs_plot_opts_init(&o);
    o.format = EVS_PLOT_SVG;
    o.width = 800;
    o.height = 500;
    char *s = NULL;
    const double r[] = {-0.02, 0.01, 0.03, 0.0, NAN, 0.05, 0.01};
    assert_int_equal(evs_plot_trade_hist(r, 7, 0, "demo", &o, "out/trades.svg", &s, NULL),
                     EVS_OK);
    assert_golden(s, "trades.gp");
    evs_free(s);
    o.format = EVS_PLOT_PDF;
    evs_date d[5];
    int day[] = {2, 3, 4, 5, 8};
    for (int k = 0; k < 5; k++)
        evs_date_from_ymd(2024, 1, day[k], &d[k]);
    const double eq[] = {100, 110, NAN, 99, 121};
    assert_int_equal(evs_plot_equity(d, eq, 5, "demo", &o, "out/equity.pdf", &s, NULL),
                     EVS_OK);
    assert_golden(s, "equity.gp");
    evs_free(s);
}

/* ---- quoting ------------------------------------------------------------- */

static char *quoted(const char *in)
{
    evs__gp g;
    memset(&g, 0, sizeof g);
    evs__gp_quote(&g, in);
    assert_false(g.oom);
    return g.b.data;
}

static void quoting(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } c[] = {
        {"plain", "'plain'"},
        {"it's", "'it''s'"},
        {"x\" ; system(\"touch pwned\") ; \"", "'x\" ; system(\"touch pwned\") ; \"'"},
        {"'; system('id'); '", "'''; system(''id''); '''"},
        {"two\nlines\r\tand\x1b[31m\x7f", "'twolinesand[31m'"},
        {"`id` @m $(id) \\n", "'`id` @m $(id) \\n'"},
        {"\xe6\x91\xa9\xe5\xb0\x94", "'\xe6\x91\xa9\xe5\xb0\x94'"}, /* valid UTF-8 kept */
        {"a\xff" "b", "'a?b'"},                                     /* stray byte */
        {"\xc0\xaf", "'?" "?'"},                                       /* overlong '/' */
        {"\xed\xa0\x80", "'?" "?" "?'"},                                 /* surrogate */
        {"\xe6\x91", "'?" "?'"},                                       /* truncated */
        {"", "''"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        char *q = quoted(c[i].in);
        assert_string_equal(q, c[i].out);
        free(q);
    }
}

/* ---- errors -------------------------------------------------------------- */

static void option_errors(void **state)
{
    (void)state;
    evs_study_result *r = fixture_study();
    evs_plot_opts o;
    evs_plot_opts_init(&o);
    evs_error e = {0};
    char *s = (char *)"sentinel";
    o.width = 100;
    assert_int_equal(evs_plot_caar(r, &o, "x.png", &s, &e), EVS_EINVAL);
    assert_msg_has(e, "size 100x600 is outside 200..10000");
    assert_null(s);
    evs_plot_opts_init(&o);
    o.format = (evs_plot_format)7;
    assert_int_equal(evs_plot_car_paths(r, &o, "x.png", &s, &e), EVS_EINVAL);
    assert_msg_has(e, "invalid options");
    evs_plot_opts_init(&o);
    assert_int_equal(evs_plot_caar(r, &o, "", &s, &e), EVS_EINVAL);
    assert_msg_has(e, "output path is empty or holds control characters");
    assert_int_equal(evs_plot_caar(r, &o, "a\nb.png", &s, &e), EVS_EINVAL);
    assert_msg_has(e, "control characters");
    assert_int_equal(evs_plot_render("", "a\tb.png", NULL, NULL, &e), EVS_EINVAL);
    assert_msg_has(e, "control characters");
    evs_study_result_free(r);
    evs_plot_format f;
    assert_true(evs_plot_format_parse("svg", &f) && f == EVS_PLOT_SVG);
    assert_false(evs_plot_format_parse("PNG", &f));
    assert_false(evs_plot_format_parse(NULL, &f));
    assert_string_equal(evs_plot_format_ext(EVS_PLOT_PDF), "pdf");
}

static void study_without_survivors(void **state)
{
    (void)state;
    evs_error e = {0};
    evs_dataset *ds = evs_dataset_new(&e);
    assert_int_equal(evs_load_returns_csv(ds, "data/plot/study-returns.csv", NULL, &e),
                     EVS_OK);
    evs_events *ev = evs_events_new(&e);
    evs_date d;
    evs_date_from_ymd(2024, 1, 12, &d);
    assert_int_equal(evs_events_add(ev, "NOPE", d, "MKT", NULL, &e), EVS_OK);
    evs_study_config cfg;
    evs_study_config_init(&cfg);
    cfg.model = "market-adjusted";
    cfg.window = (evs_window){-1, 1};
    cfg.estimation = (evs_window){-7, -3};
    cfg.min_est = cfg.model_opts.min_obs = 3;
    evs_study_result *r = NULL;
    assert_int_equal(evs_study_run(&cfg, ds, ev, NULL, &r, &e), EVS_ENODATA);
    assert_non_null(r);
    evs_plot_opts o;
    evs_plot_opts_init(&o);
    char *s = NULL;
    double se[3];
    assert_int_equal(evs_plot_caar(r, &o, "x.png", &s, &e), EVS_ENODATA);
    assert_msg_has(e, "no event survived");
    assert_int_equal(evs_plot_car_paths(r, &o, "x.png", &s, &e), EVS_ENODATA);
    assert_int_equal(evs_plot_car_se(r, se, NULL, &e), EVS_ENODATA);
    assert_null(s);
    evs_study_result_free(r);
    evs_events_free(ev);
    evs_dataset_free(ds);
}

static void listing_errors(void **state)
{
    (void)state;
    evs_plot_opts o;
    evs_plot_opts_init(&o);
    evs_error e = {0};
    char *s = NULL;
    evs_date d[4];
    evs_plot_listing l;
    listing_input(&l, d);
    l.offer = 0;
    assert_int_equal(evs_plot_listing_path(&l, &o, "x.png", &s, &e), EVS_EINVAL);
    assert_msg_has(e, "offer price must be positive");
    l.offer = NAN;
    assert_int_equal(evs_plot_listing_path(&l, &o, "x.png", &s, &e), EVS_EINVAL);
    listing_input(&l, d);
    d[2] = d[1];
    assert_int_equal(evs_plot_listing_path(&l, &o, "x.png", &s, &e), EVS_EINVAL);
    assert_msg_has(e, "dates must increase strictly");
    l.n = 0;
    assert_int_equal(evs_plot_listing_path(&l, &o, "x.png", &s, &e), EVS_EINVAL);
    assert_msg_has(e, "needs dates and closing prices");
    assert_int_equal(evs_plot_listing_path(NULL, &o, "x.png", &s, &e), EVS_EINVAL);
    const char *lab[] = {"a"};
    const double nan1[] = {NAN};
    assert_int_equal(evs_plot_first_day(lab, nan1, NULL, nan1, 1, &o, "x.png", &s, &e),
                     EVS_ENODATA);
    assert_msg_has(e, "no first-day return to draw");
    assert_int_equal(evs_plot_first_day(NULL, nan1, nan1, nan1, 1, &o, "x.png", &s, &e),
                     EVS_EINVAL);
    assert_msg_has(e, "at least one listing");
    assert_int_equal(evs_plot_bhar_paths(NULL, 0, NULL, &o, "x.png", &s, &e), EVS_EINVAL);
    assert_msg_has(e, "no BHAR path given");
    evs_plot_path p[2] = {{"a", nan1, 1}, {"b", NULL, 0}};
    assert_int_equal(evs_plot_bhar_paths(p, 2, NULL, &o, "x.png", &s, &e), EVS_EINVAL);
    assert_msg_has(e, "BHAR path 2 is empty");
    assert_null(s);
}

static void backtest_errors(void **state)
{
    (void)state;
    evs_plot_opts o;
    evs_plot_opts_init(&o);
    evs_error e = {0};
    char *s = NULL;
    size_t k;
    double lo, w;
    const double r[] = {0.01, 0.5};
    assert_int_equal(evs_plot_hist_bins(r, 2, -0.01, &k, &lo, &w, NULL, &e), EVS_EINVAL);
    assert_msg_has(e, "bin width must be a finite number >= 0");
    assert_int_equal(evs_plot_hist_bins(r, 2, 0.0001, &k, &lo, &w, NULL, &e), EVS_EINVAL);
    assert_msg_has(e, "more than 1000 bins");
    const double none[] = {NAN, INFINITY};
    assert_int_equal(evs_plot_trade_hist(none, 2, 0, NULL, &o, "x.png", &s, &e),
                     EVS_ENODATA);
    assert_msg_has(e, "no valid trade return");
    evs_date d[3] = {10, 11, 11};
    const double eq[] = {100, 90, 95}, bad[] = {100, -1, 5}, gone[] = {NAN, NAN, NAN};
    assert_int_equal(evs_plot_equity(d, eq, 3, NULL, &o, "x.png", &s, &e), EVS_EINVAL);
    assert_msg_has(e, "equity dates must increase strictly");
    d[2] = 12;
    assert_int_equal(evs_plot_equity(d, bad, 3, NULL, &o, "x.png", &s, &e), EVS_EINVAL);
    assert_msg_has(e, "equity -1 on row 2 is not positive");
    assert_int_equal(evs_plot_equity(d, gone, 3, NULL, &o, "x.png", &s, &e), EVS_ENODATA);
    assert_msg_has(e, "no valid equity value");
    assert_int_equal(evs_plot_equity(NULL, eq, 3, NULL, &o, "x.png", &s, &e), EVS_EINVAL);
    assert_msg_has(e, "needs dates and values");
    assert_null(s);
}

/* Every allocation of every builder is made to fail in turn: each must
 * answer EVS_ENOMEM with no script (and, under ASan, no leak). */
static evs_status build(int which, const evs_study_result *r, char **s, evs_error *e)
{
    evs_plot_opts o;
    evs_plot_opts_init(&o);
    evs_date d[5];
    evs_plot_listing l;
    listing_input(&l, d);
    static const char *lab[] = {"a", "b"};
    static const double v[] = {0.1, 0.2}, y[] = {0.01, NAN, 0.02};
    static const double eq[] = {100, 110, NAN, 99, 121};
    evs_plot_path p[1] = {{"p", y, 3}};
    switch (which) {
    case 0: return evs_plot_caar(r, &o, "x.png", s, e);
    case 1: return evs_plot_car_paths(r, &o, "x.png", s, e);
    case 2: return evs_plot_listing_path(&l, &o, "x.png", s, e);
    case 3: return evs_plot_first_day(lab, v, v, v, 2, &o, "x.png", s, e);
    case 4: return evs_plot_bhar_paths(p, 1, "n", &o, "x.png", s, e);
    case 5: return evs_plot_trade_hist(v, 2, 0, "n", &o, "x.png", s, e);
    default:
        for (int k = 0; k < 5; k++)
            d[k] = 100 + k;
        return evs_plot_equity(d, eq, 5, "n", &o, "x.png", s, e);
    }
}

static void alloc_failures(void **state)
{
    (void)state;
    evs_study_result *r = fixture_study();
    for (int which = 0; which < 7; which++) {
        int done = 0;
        for (unsigned long k = 1; k < 500 && !done; k++) {
            char *s = NULL;
            evs_error e = {0};
            evs__alloc_fail_after(k);
            evs_status st = build(which, r, &s, &e);
            evs__alloc_fail_after(0);
            if (st == EVS_OK) {
                done = 1;
                evs_free(s);
            } else {
                assert_int_equal(st, EVS_ENOMEM);
                assert_null(s);
            }
        }
        assert_true(done);
    }
    evs_study_result_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(car_se_known),      cmocka_unit_test(hist_bins_known),
        cmocka_unit_test(drawdown_known),    cmocka_unit_test(listing_published_pops),
        cmocka_unit_test(golden_study),      cmocka_unit_test(golden_listings),
        cmocka_unit_test(golden_backtest),   cmocka_unit_test(quoting),
        cmocka_unit_test(option_errors),     cmocka_unit_test(study_without_survivors),
        cmocka_unit_test(listing_errors),    cmocka_unit_test(backtest_errors),
        cmocka_unit_test(alloc_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
