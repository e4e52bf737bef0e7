/*
 * study.c - a small program built against the INSTALLED libevs through
 * pkg-config, the way an embedder would use it: load the bundled GPU
 * listing prices, run the post-listing event study and a 20-day hedged
 * backtest, and print a few numbers.  `make installcheck` builds and runs
 * it from a staging install:
 *     cc study.c $(pkg-config --cflags --libs evs) -o study
 *     ./study /usr/local/share/evstudy/data
 */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>

#include <evs.h>

static int fail(const char *what, const evs_error *e)
{
    fprintf(stderr, "study: %s: %s\n", what, e->msg);
    return 1;
}

static int load(evs_dataset *ds, const char *dir, evs_error *e)
{
    const char *files[] = {"688795.SS.csv", "688802.SS.csv", "000688.SS.csv"};
    char path[4096];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        if (evs_load_prices_csv(ds, path, NULL, NULL, e) != EVS_OK)
            return 0;
    }
    return 1;
}

/* The study of data/gpu-post-listing.json, set up in code. */
static int study(const evs_dataset *ds, const evs_events *ev)
{
    evs_study_config c;
    evs_study_config_init(&c);
    c.model = "market-adjusted";
    c.market = "000688.SS";
    c.estimation = (evs_window){21, 140};
    c.window = (evs_window){1, 20};
    c.car[0] = (evs_window){1, 5};
    c.car[1] = (evs_window){1, 20};
    c.n_car = 2;
    c.min_est = c.model_opts.min_obs = 60;
    evs_study_result *r = NULL;
    evs_error e = {0};
    if (evs_study_run(&c, ds, ev, NULL, &r, &e) != EVS_OK) {
        evs_study_result_free(r);
        return fail("study", &e);
    }
    printf("study events %zu kept %zu\n", evs_study_result_n_events(r),
           evs_study_result_n_ok(r));
    for (size_t w = 0; w < 2; w++)
        printf("study mean_car %d:%d %.10g\n", c.car[w].first, c.car[w].last,
               evs_study_result_car_mean(r)[w]);
    evs_study_result_free(r);
    return 0;
}

static int backtest(const evs_dataset *ds, const evs_events *ev)
{
    evs_backtest_config c;
    evs_backtest_config_init(&c);
    c.market = "000688.SS";
    c.hold[0] = 20;
    c.hedge = EVS_BT_HEDGE_ONE;
    c.cost_bps = 10;
    evs_backtest_result *r = NULL;
    evs_error e = {0};
    if (evs_backtest_run(&c, ds, ev, NULL, &r, &e) != EVS_OK) {
        evs_backtest_result_free(r);
        return fail("backtest", &e);
    }
    const evs_bt_summary *s = evs_backtest_result_summary(r, 0);
    printf("backtest n %zu mean %.10g max_drawdown %.10g\n", s->stats.n,
           s->stats.mean, s->max_drawdown);
    evs_backtest_result_free(r);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: study DATA_DIR\n");
        return 2;
    }
    /* The library reports GSL failures as statuses; GSL's default handler
     * would abort instead (evs/common.h). */
    gsl_set_error_handler_off();
    printf("libevs %s\n", evs_version());
    evs_error e = {0};
    evs_dataset *ds = evs_dataset_new(&e);
    char path[4096];
    snprintf(path, sizeof path, "%s/gpu-listings-events.csv", argv[1]);
    evs_events *ev = ds ? evs_events_load_csv(path, &e) : NULL;
    int rc = 1;
    if (ev == NULL || !load(ds, argv[1], &e))
        rc = fail("input", &e);
    else
        rc = study(ds, ev) | backtest(ds, ev);
    evs_events_free(ev);
    evs_dataset_free(ds);
    return rc;
}
