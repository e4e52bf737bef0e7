/*
 * Allocation-failure injection: each representative operation is run with
 * its k-th allocation failing, for k = 1, 2, ... until a run no longer
 * reaches the failure.  Every failed run must return EVS_ENOMEM with an
 * "out of memory" message and release everything: the heap in use after
 * the run equals the heap before it (mallinfo2; ASan's LeakSanitizer and
 * valgrind check the same in their builds).  A run that succeeds although
 * its armed failure fired has swallowed an error, and fails the test.
 * jansson's allocations while the JSON report is built go through the same
 * hook (this program, as the application, routes them there with
 * json_set_alloc_funcs).  Not while a study file is parsed: jansson 2.14's
 * lexer ignores a failed strbuffer_append_byte and silently drops that
 * byte ("gpu-listings-eents.csv"), a fault of jansson that no caller can
 * see (README, Security).  Inputs are the bundled real data (data/, see
 * data/SOURCES.md).
 */
#include <jansson.h>
#include <malloc.h>
#include <stdlib.h>
#include <unistd.h>

#include "testutil.h"
#include "internal.h"

static char path_buf[8][4096];

/* A path under the source tree (tests run in tests/). */
static const char *root_path(int slot, const char *rel)
{
    const char *root = getenv("EVS_TEST_ROOT");
    snprintf(path_buf[slot], sizeof path_buf[slot], "%s/%s", root ? root : "..",
             rel);
    return path_buf[slot];
}

static size_t heap_in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

typedef evs_status (*op_fn)(evs_error *err);

/* Set while a JSON report is written: jansson then allocates through the
 * fault hook (json_alloc, installed by main). */
static int json_hooked;

/* Faults tried by all tests, reported at the end (README figures). */
static unsigned long faults_tried;

static void inject(const char *name, op_fn op)
{
    evs_error e = {0};
    /* Once without faults: one-time set-up (the C locale object, jansson's
     * hash seed) must not count as a leak of the first faulty run. */
    evs_status st = op(&e);
    if (st != EVS_OK)
        fail_msg("%s: fails without faults: %s", name, e.msg);
    size_t base = heap_in_use();
    for (unsigned long k = 1;; k++) {
        memset(&e, 0, sizeof e);
        evs__alloc_fail_after(k);
        st = op(&e);
        int fired = evs__alloc_fail_fired();
        evs__alloc_fail_after(0);
        size_t now = heap_in_use();
        if (now != base)
            fail_msg("%s: allocation %lu failed: heap %zu -> %zu bytes", name,
                     k, base, now);
        if (!fired) {
            if (st != EVS_OK)
                fail_msg("%s: run %lu without a fault failed: %s", name, k,
                         e.msg);
            faults_tried += k - 1;
            print_message("%s: %lu allocations, each failed once\n", name,
                          k - 1);
            return;
        }
        if (st != EVS_ENOMEM)
            fail_msg("%s: allocation %lu failed but the status is %d (%s)",
                     name, k, st, e.msg);
        assert_msg_has(e, "out of memory");
        assert_int_equal(e.code, EVS_ENOMEM);
    }
}

/* ---- the operations ------------------------------------------------------ */

static evs_status op_load_prices_file(evs_error *err)
{
    evs_dataset *ds = evs_dataset_new(err);
    if (ds == NULL)
        return err->code;
    evs_status st = evs_load_prices_csv(ds, root_path(0, "data/000688.SS.csv"),
                                        NULL, NULL, err);
    if (st == EVS_OK && evs_series_len(evs_dataset_find(ds, "000688.SS")) != 204)
        st = evs__seterr(err, EVS_EINTERNAL, 0, "wrong row count");
    evs_dataset_free(ds);
    return st;
}

/* A long file with 40 symbols, rows out of order and a duplicate row:
 * grows the dataset's index twice, sorts and deduplicates. */
static evs_status op_load_prices_long(evs_error *err)
{
    char text[16384];
    size_t n = (size_t)snprintf(text, sizeof text, "date,symbol,close\n");
    for (int s = 0; s < 40; s++)
        for (int d = 3; d >= 1; d--)
            n += (size_t)snprintf(text + n, sizeof text - n,
                                  "2024-01-0%d,S%02d,%d.5\n", d, s, 10 + d);
    n += (size_t)snprintf(text + n, sizeof text - n, "2024-01-01,S39,11.5\n");
    evs_dataset *ds = evs_dataset_new(err);
    if (ds == NULL)
        return err->code;
    evs_status st = evs_load_prices_buffer(ds, text, n, "long.csv", NULL, NULL,
                                           err);
    evs_dataset_free(ds);
    return st;
}

static evs_status op_load_returns(evs_error *err)
{
    static const char text[] = "date,symbol,ret\n2024-01-02,A,0.01\n"
                               "2024-01-03,A,-0.02\n2024-01-02,B,NA\n";
    evs_dataset *ds = evs_dataset_new(err);
    if (ds == NULL)
        return err->code;
    evs_status st = evs_load_returns_buffer(ds, text, sizeof text - 1, "r.csv",
                                            NULL, err);
    evs_dataset_free(ds);
    return st;
}

static evs_status op_load_dir(evs_error *err)
{
    static char dir[] = "/tmp/evs-allocfail-XXXXXX";
    static int made;
    if (!made) {
        assert_non_null(mkdtemp(dir));
        for (int i = 0; i < 3; i++) {
            char p[64];
            snprintf(p, sizeof p, "%s/S%d.csv", dir, i);
            FILE *f = fopen(p, "w");
            assert_non_null(f);
            fprintf(f, "date,close\n2024-01-02,%d\n2024-01-03,%d.5\n", i + 1, i + 1);
            fclose(f);
        }
        made = 1;
    }
    evs_dataset *ds = evs_dataset_new(err);
    if (ds == NULL)
        return err->code;
    evs_status st = evs_load_prices_path(ds, dir, NULL, err);
    evs_dataset_free(ds);
    return st;
}

static evs_status op_load_events(evs_error *err)
{
    evs_events *ev = evs_events_load_csv(
        root_path(1, "data/gpu-listings-events.csv"), err);
    if (ev == NULL)
        return err->code;
    evs_events_free(ev);
    static const char text[] = "symbol,date,label,sector,size\n"
                               "A,2024-01-02,\"x, y\",tech,1\nB,20240103,,,\n";
    ev = evs_events_load_buffer(text, sizeof text - 1, "e.csv", err);
    if (ev == NULL)
        return err->code;
    evs_events_free(ev);
    return EVS_OK;
}

static evs_status op_studyfile(evs_error *err)
{
    evs_studyfile sf;
    evs_status st = evs_studyfile_load(root_path(2, "data/gpu-post-listing.json"),
                                       &sf, err);
    if (st == EVS_OK)
        evs_studyfile_clear(&sf);
    return st;
}

/* The bundled study, shortened: STAR 50 market, the two listings,
 * estimation on post-listing days 11..40 (the firms have no earlier
 * prices), every test; returns the result for the report ops. */
static evs_status run_study(const char *model, int with_dropped,
                            evs_study_result **out, evs_error *err)
{
    *out = NULL;
    evs_dataset *ds = evs_dataset_new(err);
    evs_events *ev = NULL;
    evs_status st = ds ? EVS_OK : err->code;
    const char *files[] = {"data/000688.SS.csv", "data/688795.SS.csv",
                           "data/688802.SS.csv"};
    for (int i = 0; i < 3 && st == EVS_OK; i++)
        st = evs_load_prices_csv(ds, root_path(3 + i, files[i]), NULL, NULL, err);
    /* with_dropped adds an event without prices and one off the data. */
    static const char more[] = "symbol,date\n688795.SS,2025-12-05\n"
                               "NOPE,2025-12-05\n688802.SS,2025-12-17\n"
                               "688802.SS,2030-01-02\n";
    if (st == EVS_OK) {
        ev = with_dropped
                 ? evs_events_load_buffer(more, sizeof more - 1, "more.csv", err)
                 : evs_events_load_csv(root_path(6, "data/gpu-listings-events.csv"),
                                       err);
        st = ev ? EVS_OK : err->code;
    }
    if (st == EVS_OK) {
        evs_study_config cfg;
        evs_study_config_init(&cfg);
        cfg.model = model;
        cfg.market = "000688.SS";
        cfg.estimation = (evs_window){11, 40};
        cfg.window = (evs_window){1, 10};
        cfg.car[0] = (evs_window){1, 5};
        cfg.car[1] = (evs_window){1, 10};
        cfg.n_car = 2;
        cfg.min_est = 20;
        cfg.model_opts.min_obs = 20;
        cfg.threads = 1;
        st = evs_study_run(&cfg, ds, ev, NULL, out, err);
    }
    evs_events_free(ev);
    evs_dataset_free(ds);
    return st;
}

static evs_status op_study_market(evs_error *err)
{
    evs_study_result *r;
    evs_status st = run_study("market", 0, &r, err);
    if (st == EVS_OK && evs_study_result_n_ok(r) != 2)
        st = evs__seterr(err, EVS_EINTERNAL, 0, "wrong survivors");
    evs_study_result_free(r);
    return st;
}

static evs_status op_study_dropped(evs_error *err)
{
    evs_study_result *r;
    evs_status st = run_study("mean-adjusted", 1, &r, err);
    if (st == EVS_OK && (evs_study_result_n_ok(r) != 2 ||
                         evs_study_result_event(r, 1).reason[0] == '\0'))
        st = evs__seterr(err, EVS_EINTERNAL, 0, "wrong survivors or reason");
    evs_study_result_free(r);
    return st;
}

static evs_status report_to_file(evs_format fmt, evs_error *err)
{
    evs_study_result *r;
    evs_status st = run_study("market-adjusted", 0, &r, err);
    if (st != EVS_OK) {
        evs_study_result_free(r);
        return st;
    }
    char path[64];
    snprintf(path, sizeof path, "/tmp/evs-allocfail-%ld.out", (long)getpid());
    evs_outfile *of = evs_outfile_open(path, err);
    if (of == NULL) {
        evs_study_result_free(r);
        return err->code;
    }
    evs_report_opts o = {fmt, fmt == EVS_FORMAT_TABLE ? 0u
                             : EVS_TABLE_EVENTS | EVS_TABLE_AR | EVS_TABLE_AAR |
                               EVS_TABLE_TESTS | EVS_TABLE_CAR,
                         NULL, 0, "run"};
    st = evs_report_study(evs_outfile_stream(of), r, &o, err);
    if (st == EVS_OK)
        st = evs_outfile_commit(of, err);
    else
        evs_outfile_abort(of);
    unlink(path);
    evs_study_result_free(r);
    return st;
}

static evs_status op_report_table(evs_error *err) { return report_to_file(EVS_FORMAT_TABLE, err); }
static evs_status op_report_csv(evs_error *err) { return report_to_file(EVS_FORMAT_CSV, err); }
static evs_status op_report_json(evs_error *err)
{
    json_hooked = 1;
    evs_status st = report_to_file(EVS_FORMAT_JSON, err);
    json_hooked = 0;
    return st;
}

/* ---- tests ----------------------------------------------------------------- */

static void load_prices_file(void **s) { (void)s; inject("load prices file", op_load_prices_file); }
static void load_prices_long(void **s) { (void)s; inject("load long prices", op_load_prices_long); }
static void load_returns(void **s) { (void)s; inject("load returns", op_load_returns); }
static void load_dir(void **s) { (void)s; inject("load price directory", op_load_dir); }
static void load_events(void **s) { (void)s; inject("load events", op_load_events); }
static void studyfile(void **s) { (void)s; inject("study file", op_studyfile); }
static void study_market(void **s) { (void)s; inject("study (market model)", op_study_market); }
static void study_dropped(void **s) { (void)s; inject("study (dropped events)", op_study_dropped); }
static void report_table(void **s) { (void)s; inject("study + table report", op_report_table); }
static void report_csv(void **s) { (void)s; inject("study + csv report", op_report_csv); }
static void report_json(void **s) { (void)s; inject("study + json report", op_report_json); }

/* The hook itself: it fails exactly the k-th allocation and says so. */
static void hook_counts(void **s)
{
    (void)s;
    evs__alloc_fail_after(2);
    void *a = evs__malloc(8);
    assert_false(evs__alloc_fail_fired());
    void *b = evs__malloc(8);
    assert_true(evs__alloc_fail_fired());
    void *c = evs__malloc(8);
    assert_non_null(a);
    assert_null(b);
    assert_non_null(c);
    free(a);
    free(c);
    evs__alloc_fail_after(0);
}

static int report_total(void **s)
{
    (void)s;
    print_message("allocation faults tried: %lu\n", faults_tried);
    return 0;
}

/* glibc's per-thread cache keeps freed chunks counted as in use, which
 * would make mallinfo2 see leaks that are not there: re-run with the cache
 * off (not under valgrind, which does its own leak check and whose
 * mallinfo2 reports nothing). */
static void tcache_off(char **argv)
{
    const char *t = getenv("GLIBC_TUNABLES"), *pre = getenv("LD_PRELOAD");
    if ((t && strstr(t, "tcache_count=0")) || (pre && strstr(pre, "vgpreload")))
        return;
    setenv("GLIBC_TUNABLES", "glibc.malloc.tcache_count=0", 1);
    execv("/proc/self/exe", argv);
    print_message("cannot re-run without tcache: heap checks may be noisy\n");
}

static void *json_alloc(size_t n) { return json_hooked ? evs__malloc(n) : malloc(n); }

int main(int argc, char **argv)
{
    (void)argc;
    tcache_off(argv);
    json_set_alloc_funcs(json_alloc, free);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hook_counts),     cmocka_unit_test(load_prices_file),
        cmocka_unit_test(load_prices_long), cmocka_unit_test(load_returns),
        cmocka_unit_test(load_dir),        cmocka_unit_test(load_events),
        cmocka_unit_test(studyfile),       cmocka_unit_test(study_market),
        cmocka_unit_test(study_dropped),
        cmocka_unit_test(report_table),    cmocka_unit_test(report_csv),
        cmocka_unit_test(report_json)};
    return cmocka_run_group_tests(tests, NULL, report_total);
}
