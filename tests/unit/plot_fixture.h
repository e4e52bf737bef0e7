/*
 * plot_fixture.h - inputs shared by the plot tests (run from tests/):
 * the hand-worked study of tests/data/plot (see its README), the bundled
 * real data, and golden-file comparison.
 */
#ifndef EVS_PLOT_FIXTURE_H
#define EVS_PLOT_FIXTURE_H

#include <stdlib.h>

#include "testutil.h"

/* The market-adjusted study of tests/data/plot/study-*.csv: three events
 * on 2024-01-12, window -1:1, estimation -7:-3. */
static inline evs_study_result *fixture_study(void)
{
    evs_error e = {0};
    evs_dataset *ds = evs_dataset_new(&e);
    assert_non_null(ds);
    assert_int_equal(evs_load_returns_csv(ds, "data/plot/study-returns.csv", NULL, &e),
                     EVS_OK);
    evs_events *ev = evs_events_load_csv("data/plot/study-events.csv", &e);
    assert_non_null(ev);
    evs_study_config cfg;
    evs_study_config_init(&cfg);
    cfg.model = "market-adjusted";
    cfg.market = "MKT";
    cfg.window = (evs_window){-1, 1};
    cfg.estimation = (evs_window){-7, -3};
    cfg.min_est = 3;
    cfg.model_opts.min_obs = 3;
    cfg.threads = 1;
    evs_study_result *r = NULL;
    assert_int_equal(evs_study_run(&cfg, ds, ev, NULL, &r, &e), EVS_OK);
    evs_dataset_free(ds);
    evs_events_free(ev);
    return r;
}

/* The whole file at path (NUL-terminated, malloc'd), or NULL. */
static inline char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0;
    char *s = malloc(cap);
    for (size_t k; s && (k = fread(s + n, 1, cap - n - 1, f)) > 0;) {
        n += k;
        if (cap - n < 2) {
            char *t = realloc(s, cap *= 2);
            if (t == NULL)
                free(s);
            s = t;
        }
    }
    fclose(f);
    if (s)
        s[n] = '\0';
    if (len)
        *len = n;
    return s;
}

/* Compares text with the golden file data/plot/NAME; with
 * EVS_GOLDEN_UPDATE=1 in the environment it rewrites the file instead
 * (review the diff before committing). */
static inline void assert_golden(const char *text, const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "data/plot/%s", name);
    const char *upd = getenv("EVS_GOLDEN_UPDATE");
    if (upd != NULL && strcmp(upd, "1") == 0) {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
        return;
    }
    char *want = slurp(path, NULL);
    if (want == NULL)
        fail_msg("golden file %s is missing", path);
    if (strcmp(text, want) != 0) {
        size_t line = 1, i = 0;
        for (; text[i] && text[i] == want[i]; i++)
            if (text[i] == '\n')
                line++;
        free(want);
        fail_msg("%s differs from the script at line %zu", path, line);
    }
    free(want);
}

/* Loads one bundled price file (../data/SYM.csv) into ds. */
static inline const evs_series *load_real(evs_dataset *ds, const char *sym)
{
    char path[128];
    evs_error e = {0};
    snprintf(path, sizeof path, "../data/%s.csv", sym);
    assert_int_equal(evs_load_prices_csv(ds, path, NULL, NULL, &e), EVS_OK);
    const evs_series *s = evs_dataset_find(ds, sym);
    assert_non_null(s);
    return s;
}

#endif
