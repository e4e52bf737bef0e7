/*
 * Locale: a program that embeds the library and switches the whole process
 * to a comma-decimal locale (de_DE.UTF-8: "1,5") still gets byte-identical
 * loads and reports.  The locale comes from tests/run-all.sh
 * (EVS_TEST_LOCALE, and EVS_TEST_LOCPATH when it was built with localedef);
 * without one the test is skipped, saying so.  Data: the bundled study
 * (data/gpu-post-listing.json, data/SOURCES.md).
 */
#include <locale.h>
#include <stdlib.h>

#include "testutil.h"
#include "internal.h"

static const char *data_path(char *buf, size_t n, const char *rel)
{
    const char *root = getenv("EVS_TEST_ROOT");
    snprintf(buf, n, "%s/%s", root ? root : "..", rel);
    return buf;
}

/* Runs the bundled study and writes all three formats into one string. */
static char *study_output(void)
{
    char p[4][4200];
    evs_error e = {0};
    evs_studyfile sf;
    assert_int_equal(evs_studyfile_load(data_path(p[0], sizeof p[0],
                                        "data/gpu-post-listing.json"), &sf, &e),
                     EVS_OK);
    evs_dataset *ds = evs_dataset_new(&e);
    for (size_t i = 0; i < sf.n_prices; i++)
        assert_int_equal(evs_load_prices_csv(ds, sf.prices[i], NULL, NULL, &e),
                         EVS_OK);
    evs_events *ev = evs_events_load_csv(sf.events, &e);
    assert_non_null(ev);
    evs_study_config cfg;
    evs_study_config_init(&cfg);
    cfg.model = sf.model;
    cfg.market = sf.market;
    assert_true(evs_window_parse(sf.estimation, &cfg.estimation));
    assert_true(evs_window_parse(sf.window, &cfg.window));
    cfg.car[0] = (evs_window){1, 5};
    cfg.car[1] = (evs_window){1, 20};
    cfg.n_car = 2;
    cfg.min_est = (size_t)sf.min_est;
    cfg.model_opts.min_obs = cfg.min_est;
    evs_study_result *r = NULL;
    assert_int_equal(evs_study_run(&cfg, ds, ev, NULL, &r, &e), EVS_OK);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    assert_non_null(f);
    evs_format fmts[] = {EVS_FORMAT_TABLE, EVS_FORMAT_CSV, EVS_FORMAT_JSON};
    for (size_t k = 0; k < 3; k++) {
        evs_report_opts o = {fmts[k], k ? EVS_TABLE_EVENTS | EVS_TABLE_AR |
                                          EVS_TABLE_AAR | EVS_TABLE_TESTS |
                                          EVS_TABLE_CAR : 0u,
                             NULL, 0, "run"};
        assert_int_equal(evs_report_study(f, r, &o, &e), EVS_OK);
    }
    fclose(f);
    evs_study_result_free(r);
    evs_events_free(ev);
    evs_dataset_free(ds);
    evs_studyfile_clear(&sf);
    return out;
}

static void comma_locale_same_bytes(void **s)
{
    (void)s;
    const char *loc = getenv("EVS_TEST_LOCALE");
    const char *lp = getenv("EVS_TEST_LOCPATH");
    if (loc == NULL || *loc == '\0') {
        print_message("no comma-decimal locale available: skipped\n");
        skip();
    }
    char *in_c = study_output();
    if (lp != NULL && *lp != '\0')
        setenv("LOCPATH", lp, 1);
    if (setlocale(LC_ALL, loc) == NULL) {
        free(in_c);
        print_message("setlocale(%s) failed: skipped\n", loc);
        skip();
    }
    /* The locale really is comma-decimal, so this test can fail. */
    char probe[16];
    snprintf(probe, sizeof probe, "%.1f", 1.5);
    assert_string_equal(probe, "1,5");
    double x = 0;
    assert_true(evs__parse_double("1.5", 3, &x)); /* even without a guard */
    assert_true(x == 1.5);
    char *in_de = study_output();
    setlocale(LC_ALL, "C");
    assert_true(strlen(in_c) > 10000);
    assert_string_equal(in_de, in_c);
    free(in_c);
    free(in_de);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(comma_locale_same_bytes)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
