/* Rendering with the real gnuplot: every figure from the bundled data,
 * checked to be a valid PNG/SVG/PDF of the asked size and a sensible file
 * size, and the injection case rendered for real.  Skipped (and said so)
 * when gnuplot is absent.  EVS_PLOT_KEEP=DIR keeps the figures in DIR (the
 * README's figures come from the commands: scripts/readme-figures.sh). */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "plot_fixture.h"

static char dir[256];
static int have_gnuplot, keep;

static int setup(void **state)
{
    (void)state;
    char v[128];
    evs_error e = {0};
    have_gnuplot = evs_plot_gnuplot_version(NULL, v, sizeof v, &e) == EVS_OK;
    if (!have_gnuplot)
        fprintf(stderr, "gnuplot not found (%s): render tests skipped\n", e.msg);
    const char *k = getenv("EVS_PLOT_KEEP");
    if (k != NULL && *k) {
        snprintf(dir, sizeof dir, "%s", k);
        keep = 1;
        return mkdir(dir, 0777) == 0 || errno == EEXIST ? 0 : -1;
    }
    snprintf(dir, sizeof dir, "/tmp/evs-plot-render.XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    if (keep)
        return 0;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

#define NEED_GNUPLOT()      \
    do {                    \
        if (!have_gnuplot)  \
            skip();         \
    } while (0)

/* strstr for binary files (PDF streams hold NUL bytes). */
static int contains(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, needle, k) == 0)
            return 1;
    return 0;
}

static unsigned be32(const unsigned char *p)
{
    return (unsigned)p[0] << 24 | (unsigned)p[1] << 16 | (unsigned)p[2] << 8 | p[3];
}

/* The file is a real image of the format and size asked for. */
static void check_file(const char *path, const evs_plot_opts *o)
{
    size_t n = 0;
    char *s = slurp(path, &n);
    if (s == NULL)
        fail_msg("%s was not written", path);
    /* A figure with axes, text and data is some kilobytes; far more would
     * mean the data went in as pixels or points by the million. */
    if (n < 4000 || n > 3000000)
        fail_msg("%s: %zu bytes is not a sensible size", path, n);
    const unsigned char *u = (const unsigned char *)s;
    char want[64];
    switch (o->format) {
    case EVS_PLOT_PNG:
        /* PNG signature, then IHDR with width and height (RFC 2083). */
        assert_memory_equal(s, "\x89PNG\r\n\x1a\n", 8);
        assert_memory_equal(s + 12, "IHDR", 4);
        assert_int_equal(be32(u + 16), o->width);
        assert_int_equal(be32(u + 20), o->height);
        break;
    case EVS_PLOT_SVG:
        assert_non_null(strstr(s, "<svg"));
        snprintf(want, sizeof want, "width=\"%u\" height=\"%u\"", o->width, o->height);
        assert_non_null(strstr(s, want));
        assert_non_null(strstr(s, "</svg>"));
        break;
    case EVS_PLOT_PDF:
        assert_memory_equal(s, "%PDF-", 5);
        assert_true(contains(s + n - 32, 32, "%%EOF"));
        /* 72 points per inch at 96 pixels per inch. */
        snprintf(want, sizeof want, "/MediaBox [ 0 0 %g %g ]", o->width * 0.75,
                 o->height * 0.75);
        assert_true(contains(s, n, want));
        break;
    }
    free(s);
}

static void render(const char *stem, evs_status st, char *script,
                   const evs_plot_opts *o)
{
    char path[300];
    snprintf(path, sizeof path, "%s/%s.%s", dir, stem, evs_plot_format_ext(o->format));
    assert_int_equal(st, EVS_OK);
    evs_error e = {0};
    if (evs_plot_render(script, path, NULL, NULL, &e) != EVS_OK)
        fail_msg("%s: %s", stem, e.msg);
    evs_free(script);
    check_file(path, o);
}

static char *path_of(const char *stem, const evs_plot_opts *o)
{
    static char p[300];
    snprintf(p, sizeof p, "%s/%s.%s", dir, stem, evs_plot_format_ext(o->format));
    return p;
}

/* The bundled post-listing study (data/gpu-post-listing.json). */
static evs_study_result *real_study(void)
{
    evs_error e = {0};
    evs_dataset *ds = evs_dataset_new(&e);
    load_real(ds, "688795.SS");
    load_real(ds, "688802.SS");
    load_real(ds, "000688.SS");
    evs_events *ev = evs_events_load_csv("../data/gpu-listings-events.csv", &e);
    assert_non_null(ev);
    evs_study_config c;
    evs_study_config_init(&c);
    c.model = "market-adjusted";
    c.market = "000688.SS";
    c.estimation = (evs_window){21, 140};
    c.window = (evs_window){1, 20};
    c.min_est = c.model_opts.min_obs = 60;
    evs_study_result *r = NULL;
    assert_int_equal(evs_study_run(&c, ds, ev, NULL, &r, &e), EVS_OK);
    evs_events_free(ev);
    evs_dataset_free(ds);
    return r;
}

static void study_figures(void **state)
{
    (void)state;
    NEED_GNUPLOT();
    evs_status st;
    evs_study_result *r = real_study();
    evs_plot_opts o;
    evs_plot_opts_init(&o);
    char *s = NULL;
    for (int f = EVS_PLOT_PNG; f <= EVS_PLOT_PDF; f++) {
        o.format = (evs_plot_format)f;
        st = evs_plot_caar(r, &o, path_of("caar", &o), &s, NULL);
        render("caar", st, s, &o);
    }
    o.format = EVS_PLOT_PNG;
    st = evs_plot_car_paths(r, &o, path_of("car-paths", &o), &s, NULL);
    render("car-paths", st, s, &o);
    evs_study_result_free(r);
}

/* Closes of `bench` on the dates of `s` (NaN where it has none). */
static double *aligned(const evs_series *s, const evs_series *bench)
{
    size_t n = evs_series_len(s);
    double *b = malloc(n * sizeof *b);
    const double *bc = evs_series_field(bench, EVS_FIELD_CLOSE);
    for (size_t k = 0; k < n; k++) {
        long j = evs_series_find(bench, evs_series_dates(s)[k]);
        b[k] = j < 0 ? NAN : bc[j];
    }
    return b;
}

/* The benchmark close on the last trading day before the listing. */
static double close_before(const evs_series *bench, evs_date d)
{
    const evs_date *bd = evs_series_dates(bench);
    double v = NAN;
    for (size_t k = 0; k < evs_series_len(bench) && bd[k] < d; k++)
        v = evs_series_field(bench, EVS_FIELD_CLOSE)[k];
    return v;
}

static void listing_figures(void **state)
{
    (void)state;
    NEED_GNUPLOT();
    evs_status st;
    evs_dataset *ds = evs_dataset_new(NULL);
    const evs_series *mt = load_real(ds, "688795.SS"), *star = load_real(ds, "000688.SS");
    evs_plot_opts o;
    evs_plot_opts_init(&o);
    /* Offer prices (see test_plot_script.c for sources; 6082.HK's is in
     * data/SOURCES.md): 114.28 CNY, 104.66 CNY, HK$19.60. */
    evs_plot_listing l = {0};
    l.name = "Moore Threads 688795.SS";
    l.currency = "CNY";
    l.dates = evs_series_dates(mt);
    l.close = evs_series_field(mt, EVS_FIELD_CLOSE);
    l.n = evs_series_len(mt);
    l.offer = 114.28;
    l.open1 = evs_series_field(mt, EVS_FIELD_OPEN)[0];
    l.high1 = evs_series_field(mt, EVS_FIELD_HIGH)[0];
    l.close1 = l.close[0];
    double *b = aligned(mt, star);
    l.bench = b;
    l.bench_base = close_before(star, l.dates[0]);
    l.bench_name = "STAR 50 (000688.SS)";
    char *s = NULL;
    for (int f = EVS_PLOT_PNG; f <= EVS_PLOT_PDF; f++) {
        o.format = (evs_plot_format)f;
        st = evs_plot_listing_path(&l, &o, path_of("listing", &o), &s, NULL);
    render("listing", st, s, &o);
    }
    free(b);
    evs_dataset_free(ds);
}

static void first_day_and_bhar_figures(void **state)
{
    (void)state;
    NEED_GNUPLOT();
    evs_status st;
    evs_dataset *ds = evs_dataset_new(NULL);
    const evs_series *mt = load_real(ds, "688795.SS"), *mx = load_real(ds, "688802.SS");
    const evs_series *star = load_real(ds, "000688.SS"), *br = load_real(ds, "6082.HK");
    evs_plot_opts o;
    evs_plot_opts_init(&o);
    char *s = NULL;
    const evs_series *ls[3] = {mt, mx, br};
    const double offer[3] = {114.28, 104.66, 19.60};
    const char *names[3] = {"Moore Threads", "MetaX", "Biren (HK)"};
    double op[3], cl[3], hi[3];
    for (int i = 0; i < 3; i++) {
        op[i] = evs_series_field(ls[i], EVS_FIELD_OPEN)[0] / offer[i] - 1;
        hi[i] = evs_series_field(ls[i], EVS_FIELD_HIGH)[0] / offer[i] - 1;
        cl[i] = evs_series_field(ls[i], EVS_FIELD_CLOSE)[0] / offer[i] - 1;
    }
    st = evs_plot_first_day(names, op, cl, hi, 3, &o,
                                           path_of("first-day", &o), &s, NULL);
    render("first-day", st, s, &o);
    /* BHAR from the offer price: (P_d / offer - 1) - (B_d / B_before - 1). */
    double *y[2];
    evs_plot_path p[2];
    for (int i = 0; i < 2; i++) {
        double *bb = aligned(ls[i], star);
        double base = close_before(star, evs_series_dates(ls[i])[0]);
        size_t n = evs_series_len(ls[i]);
        y[i] = malloc(n * sizeof *y[i]);
        for (size_t k = 0; k < n; k++)
            y[i][k] = evs_series_field(ls[i], EVS_FIELD_CLOSE)[k] / offer[i] - bb[k] / base;
        p[i] = (evs_plot_path){i ? "MetaX 688802.SS" : "Moore Threads 688795.SS", y[i], n};
        free(bb);
    }
    st = evs_plot_bhar_paths(p, 2, "benchmark STAR 50 (000688.SS)", &o,
                                       path_of("bhar", &o), &s, NULL);
    render("bhar", st, s, &o);
    free(y[0]);
    free(y[1]);
    evs_dataset_free(ds);
}

/* Stand-ins for a backtest until one exists: non-overlapping 5-day returns
 * of the STAR 50 as "trades", and 100 invested in it as the equity. */
static void backtest_figures(void **state)
{
    (void)state;
    NEED_GNUPLOT();
    evs_status st;
    evs_dataset *ds = evs_dataset_new(NULL);
    const evs_series *star = load_real(ds, "000688.SS");
    const double *c = evs_series_field(star, EVS_FIELD_CLOSE);
    size_t n = evs_series_len(star), m = 0;
    double tr[64], *eq = malloc(n * sizeof *eq);
    for (size_t k = 5; k < n && m < 64; k += 5)
        tr[m++] = c[k] / c[k - 5] - 1;
    for (size_t k = 0; k < n; k++)
        eq[k] = 100 * c[k] / c[0];
    evs_plot_opts o;
    evs_plot_opts_init(&o);
    char *s = NULL;
    st = evs_plot_trade_hist(tr, m, 0, "STAR 50, 5-day holds", &o,
                                         path_of("trades", &o), &s, NULL);
    render("trades", st, s, &o);
    st = evs_plot_equity(evs_series_dates(star), eq, n, "100 in the STAR 50",
                                     &o, path_of("equity", &o), &s, NULL);
    render("equity", st, s, &o);
    o.format = EVS_PLOT_SVG;
    o.width = 800;
    o.height = 500;
    st = evs_plot_equity(evs_series_dates(star), eq, n, "100 in the STAR 50",
                                     &o, path_of("equity", &o), &s, NULL);
    render("equity", st, s, &o);
    free(eq);
    evs_dataset_free(ds);
}

/* The injection case, rendered by gnuplot for real: the event
 * label x" ; system("touch pwned") ; " must come out as text, and nothing
 * may be run (gnuplot works in our cwd, so a pwned file would appear). */
static void injection_renders_as_text(void **state)
{
    (void)state;
    NEED_GNUPLOT();
    evs_study_result *r = fixture_study();
    char here[512], sub[300];
    assert_non_null(getcwd(here, sizeof here));
    snprintf(sub, sizeof sub, "%s/inject", dir);
    assert_true(mkdir(sub, 0777) == 0 || errno == EEXIST);
    evs_plot_opts o;
    evs_plot_opts_init(&o);
    o.format = EVS_PLOT_SVG;
    char *s = NULL;
    assert_int_equal(evs_plot_car_paths(r, &o, "paths.svg", &s, NULL), EVS_OK);
    assert_int_equal(chdir(sub), 0);
    evs_error e = {0};
    evs_status st = evs_plot_render(s, "paths.svg", NULL, NULL, &e);
    int pwned = access("pwned", F_OK) == 0;
    char *svg = slurp("paths.svg", NULL);
    assert_int_equal(chdir(here), 0);
    evs_free(s);
    evs_study_result_free(r);
    assert_int_equal(st, EVS_OK);
    assert_false(pwned);
    assert_non_null(svg);
    assert_non_null(strstr(svg, "<text>x\" ; system(\"touch pwned\") ; \"</text>"));
    assert_non_null(strstr(svg, "it's C"));
    free(svg);
}

/* Runs with or without gnuplot: the probe the command relies on answers
 * either a version line or the reason gnuplot cannot be run. */
static void version_probe(void **state)
{
    (void)state;
    char v[128] = "";
    evs_error e = {0};
    evs_status st = evs_plot_gnuplot_version(NULL, v, sizeof v, &e);
    if (have_gnuplot) {
        assert_int_equal(st, EVS_OK);
        assert_memory_equal(v, "gnuplot ", 8);
    } else {
        assert_int_equal(st, EVS_EPLOT);
        assert_msg_has(e, "cannot run gnuplot 'gnuplot'");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_probe),
        cmocka_unit_test(study_figures),    cmocka_unit_test(listing_figures),
        cmocka_unit_test(first_day_and_bhar_figures),
        cmocka_unit_test(backtest_figures), cmocka_unit_test(injection_renders_as_text),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
