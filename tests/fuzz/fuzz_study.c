/*
 * fuzz_study.c - a whole study on fuzzed data: the input is a long price
 * CSV (date,symbol,close), a line "%%", then an events CSV; the first byte
 * picks the model, return kind and roll rule.  The study runs with small
 * windows and every test, and is written in all three formats.
 * Properties: a successful run keeps at least one event; for each kept
 * event the CAR equals the sum of its valid ARs and AAR(k) is the mean of
 * the valid ARs of day k.
 */
#include <math.h>

#include "fuzzutil.h"

static FILE *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    sink = fopen("/dev/null", "w");
    return 0;
}

static int close_to(double a, double b)
{
    if (!isfinite(a) || !isfinite(b))
        return 1; /* overflowed sums: nothing to compare */
    return fabs(a - b) <= 1e-9 * (1 + fabs(b));
}

static void check_result(const evs_study_result *r)
{
    const evs_study_config *c = evs_study_result_config(r);
    size_t L = evs_study_result_win_len(r);
    FUZZ_REQUIRE(evs_study_result_n_ok(r) >= 1);
    for (size_t i = 0; i < evs_study_result_n_events(r); i++) {
        evs_event_result e = evs_study_result_event(r, i);
        if (e.status != EVS_EVENT_OK)
            continue;
        double sum = 0;
        size_t n = 0;
        for (int d = c->car[0].first; d <= c->car[0].last; d++) {
            double a = e.ar[d - c->window.first];
            if (!isnan(a))
                sum += a, n++;
        }
        FUZZ_REQUIRE(n == evs_study_result_car_days(r, i, 0));
        FUZZ_REQUIRE(n == 0 || close_to(evs_study_result_car(r, i, 0), sum));
    }
    for (size_t k = 0; k < L; k++) {
        double sum = 0;
        size_t n = 0;
        for (size_t i = 0; i < evs_study_result_n_events(r); i++) {
            evs_event_result e = evs_study_result_event(r, i);
            if (e.status == EVS_EVENT_OK && !isnan(e.ar[k]))
                sum += e.ar[k], n++;
        }
        FUZZ_REQUIRE(n == evs_study_result_aar_n(r)[k]);
        FUZZ_REQUIRE(n == 0 || close_to(evs_study_result_aar(r)[k], sum / (double)n));
    }
}

static void report_all(const evs_study_result *r)
{
    evs_format f[] = {EVS_FORMAT_TABLE, EVS_FORMAT_CSV, EVS_FORMAT_JSON};
    for (size_t k = 0; k < 3 && sink != NULL; k++) {
        evs_report_opts o = {f[k], EVS_TABLE_EVENTS | EVS_TABLE_AR |
                             EVS_TABLE_AAR | EVS_TABLE_TESTS | EVS_TABLE_CAR,
                             NULL, 0, "fuzz"};
        evs_error e = {0};
        FUZZ_REQUIRE(evs_report_study(sink, r, &o, &e) == EVS_OK);
    }
}

static void run(const evs_dataset *ds, const evs_events *ev, uint8_t knobs)
{
    static const char *models[] = {"market", "market-adjusted", "mean-adjusted"};
    evs_study_config cfg;
    evs_study_config_init(&cfg);
    cfg.model = models[(knobs & 3) % 3];
    cfg.market = "MKT";
    cfg.estimation = (evs_window){-12, -3};
    cfg.window = (evs_window){-2, 2};
    cfg.car[0] = (evs_window){-1, 1};
    cfg.car[1] = (evs_window){0, 2};
    cfg.n_car = 2;
    cfg.min_est = 3;
    cfg.model_opts.min_obs = 3;
    cfg.returns = knobs & 4 ? EVS_RET_LOG : EVS_RET_SIMPLE;
    cfg.roll = (evs_roll)((knobs >> 3) % 3);
    cfg.threads = 1;
    evs_study_result *r = NULL;
    evs_error e = {0};
    evs_status st = evs_study_run(&cfg, ds, ev, NULL, &r, &e);
    if (st == EVS_OK) {
        check_result(r);
        report_all(r);
    } else {
        fuzz_check_error(st, &e);
        FUZZ_REQUIRE(st == EVS_ENODATA || st == EVS_EINVAL);
        FUZZ_REQUIRE(st == EVS_ENODATA || r == NULL);
    }
    evs_study_result_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    const char *sep = NULL;
    for (size_t i = 0; i + 4 <= len; i++)
        if (memcmp(text + i, "\n%%\n", 4) == 0) {
            sep = text + i;
            break;
        }
    if (sep == NULL)
        return 0;
    evs_error e = {0};
    evs_dataset *ds = evs_dataset_new(&e);
    evs_events *ev = NULL;
    if (ds != NULL &&
        evs_load_prices_buffer(ds, text, (size_t)(sep - text) + 1, "p.csv",
                               NULL, NULL, &e) == EVS_OK)
        ev = evs_events_load_buffer(sep + 4, len - (size_t)(sep - text) - 4,
                                    "e.csv", &e);
    if (ev != NULL)
        run(ds, ev, data[0]);
    evs_events_free(ev);
    evs_dataset_free(ds);
    return 0;
}
