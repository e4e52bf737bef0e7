/*
 * sim.c - `make check-slow`: the size and power of every test on seeded
 * simulated studies.  Each replication draws a market and N securities
 * (market model, normal residuals), puts each event on its own day 0, and
 * runs a study with every test; under H0 nothing is added, for power an
 * abnormal return is added on day 0.  Prints a Markdown table of
 * rejection rates at 5% and fails if a test's size leaves [2%, 9%] or its
 * day-0 power does not exceed its size by 0.3.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evs.h"

enum { DAYS = 320, N_EVENTS = 50 };

static uint64_t rng_state;

static uint64_t next_u64(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static double uniform(void) { return ((double)(next_u64() >> 11) + 0.5) / 9007199254740992.0; }

/* Box-Muller. */
static double normal(void)
{
    return sqrt(-2 * log(uniform())) * cos(6.283185307179586 * uniform());
}

static evs_series *series(const char *sym, const double *ret, evs_date d0)
{
    evs_error e = {0};
    evs_series *s = evs_series_new(sym, EVS_SERIES_RETURNS, 1u << EVS_FIELD_RET, &e);
    double v[EVS_FIELD_COUNT] = {0};
    for (int t = 0; s && t < DAYS; t++) {
        v[EVS_FIELD_RET] = ret[t];
        if (evs_series_push(s, d0 + t, v, 0, &e) != EVS_OK)
            return NULL;
    }
    if (s == NULL || evs_series_finish(s, sym, NULL, &e) != EVS_OK)
        return NULL;
    return s;
}

/* One simulated study; returns the result (NULL on failure). */
static evs_study_result *replicate(const evs_study_config *c, double jump)
{
    evs_error e = {0};
    evs_dataset *ds = evs_dataset_new(&e);
    evs_events *ev = evs_events_new(&e);
    double rm[DAYS], r[DAYS];
    evs_date d0 = 18000;
    for (int t = 0; t < DAYS; t++)
        rm[t] = 0.0003 + 0.01 * normal();
    evs_dataset_add_owned(ds, series("MKT", rm, d0), &e);
    for (int i = 0; i < N_EVENTS; i++) {
        char sym[16];
        snprintf(sym, sizeof sym, "S%d", i);
        double beta = 0.5 + uniform();
        int day0 = 262 + (int)(next_u64() % 40);
        for (int t = 0; t < DAYS; t++)
            r[t] = 0.0002 + beta * rm[t] + 0.02 * normal() + (t == day0 ? jump : 0);
        evs_dataset_add_owned(ds, series(sym, r, d0), &e);
        evs_events_add(ev, sym, d0 + day0, "MKT", NULL, &e);
    }
    evs_study_result *res = NULL;
    if (evs_study_run(c, ds, ev, NULL, &res, &e) != EVS_OK) {
        fprintf(stderr, "sim: %s\n", e.msg);
        evs_study_result_free(res);
        res = NULL;
    }
    evs_dataset_free(ds);
    evs_events_free(ev);
    return res;
}

/* Rejections at 5% of each test on day 0 and on the first CAR window. */
static void tally(const evs_study_result *r, size_t *day, size_t *win)
{
    size_t nt = evs_study_result_n_tests(r), L = evs_study_result_win_len(r);
    size_t col = (size_t)(0 - evs_study_result_config(r)->window.first);
    size_t C = evs_study_result_config(r)->n_car;
    for (size_t j = 0; j < nt; j++) {
        const evs_test_result *d = &evs_study_result_day_tests(r)[j * L + col];
        const evs_test_result *w = &evs_study_result_window_tests(r)[j * C];
        day[j] += d->status == EVS_TEST_OK && d->p_value < 0.05;
        win[j] += w->status == EVS_TEST_OK && w->p_value < 0.05;
    }
}

int main(int argc, char **argv)
{
    size_t reps = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 1000;
    evs_study_config c;
    evs_study_config_init(&c);
    c.window = (evs_window){-10, 10};
    c.car[0] = (evs_window){-1, 1};
    c.n_car = 1;
    c.threads = 1;
    c.conv.boot_reps = 200;
    size_t nt = evs_stattest_count();
    size_t size_d[64] = {0}, size_w[64] = {0}, pow_d[64] = {0}, pow_w[64] = {0};
    rng_state = 20240601;
    for (size_t k = 0; k < reps; k++) {
        evs_study_result *h0 = replicate(&c, 0.0), *h1 = replicate(&c, 0.01);
        if (h0 == NULL || h1 == NULL)
            return 2;
        tally(h0, size_d, size_w);
        tally(h1, pow_d, pow_w);
        evs_study_result_free(h0);
        evs_study_result_free(h1);
    }
    printf("| test | size, day 0 | size, CAR -1:1 | power, day 0 | power, CAR -1:1 |\n"
           "|---|---|---|---|---|\n");
    int bad = 0;
    for (size_t j = 0; j < nt; j++) {
        double R = (double)reps;
        double sd = size_d[j] / R, sw = size_w[j] / R;
        double pd = pow_d[j] / R, pw = pow_w[j] / R;
        printf("| %s | %.3f | %.3f | %.3f | %.3f |\n", evs_stattests[j].name, sd,
               sw, pd, pw);
        if (sd < 0.02 || sd > 0.09 || sw < 0.02 || sw > 0.09 || pd < sd + 0.3 ||
            pw <= sw) {
            fprintf(stderr, "sim: %s outside the bounds\n", evs_stattests[j].name);
            bad = 1;
        }
    }
    printf("\n%zu replications of %d events; abnormal return +1%% on day 0 for "
           "power; residual sd 2%%; rejection at 5%%, two-sided.\n", reps, N_EVENTS);
    return bad;
}
