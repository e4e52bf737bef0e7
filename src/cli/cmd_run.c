/*
 * cmd_run.c - `evstudy run [STUDY.json] [options]`: the event study, and
 * its figures with --plot DIR (after the tables are written).
 */
#include <string.h>
#include <time.h>

#include "cli_plot.h"
#include "cli_study.h"

static const char usage_line[] =
    "Usage: evstudy run [STUDY.json] [options]\n"
    "Runs an event study: abnormal returns per event and day, CARs, AAR and\n"
    "CAAR across events, and significance tests.  Flags override the study file.";

enum { RUN_TIMINGS = 300 };

static const cli_option run_options[] = {
    {"timings", 0, CLI_ARG_NONE, NULL, "print the time of each stage on stderr", RUN_TIMINGS},
    {NULL, 0, CLI_ARG_NONE, NULL, NULL, 0}};

typedef struct run_ctx {
    cli_study s;
    cli_plot p;
    int timings;
} run_ctx;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One line on stderr: where a run's wall time went. */
static void print_timings(const evs_study_result *r, double load, double study,
                          double write)
{
    evs_study_timing t = evs_study_result_timing(r);
    fprintf(stderr, "evstudy: timings (s): load %.3f, study %.3f (events %.3f, "
            "aggregate %.3f, tests %.3f), write %.3f\n", load, study, t.events,
            t.aggregate, t.tests, write);
}

static int handler(int id, const char *v, void *ctx)
{
    run_ctx *c = ctx;
    if (id == RUN_TIMINGS) {
        c->timings = 1;
        return 0;
    }
    int rc = cli_study_option(&c->s, "run", id, v);
    if (rc == -2)
        rc = cli_plot_option(&c->p, "run", id, v);
    return rc == -2 ? cli_usage_error("run", "unexpected option") : rc;
}

int cmd_run(int argc, char **argv)
{
    run_ctx c;
    cli_study_init(&c.s);
    cli_plot_init(&c.p);
    c.timings = 0;
    cli_option both[64], opts[64];
    const char *pos[1];
    int npos = 0;
    int rc = cli_options_join(both, 64, cli_study_options, cli_plot_options) == NULL ||
                     cli_options_join(opts, 64, both, run_options) == NULL
                 ? CLI_EXIT_INTERNAL
                 : cli_parse("run", opts, argc, argv, handler, &c, pos, 1, &npos,
                             usage_line, NULL);
    if (rc != 0) {
        cli_study_free(&c.s);
        return rc < 0 ? 0 : rc;
    }
    if (npos == 1)
        c.s.study_path = pos[0];
    double t0 = now();
    rc = cli_study_load(&c.s, "run", 1);
    double t1 = now(), t2 = t1;
    evs_study_result *r = NULL;
    if (rc == 0) {
        evs_error e = {0};
        evs_status st = evs_study_run(&c.s.cfg, c.s.data, c.s.events, NULL, &r, &e);
        t2 = now();
        if (r != NULL)
            cli_study_warn_dropped(&c.s, r);
        if (st != EVS_OK) {
            cli_error_evs(&e, st);
            rc = cli_exit_code(st, CLI_PHASE_RUN);
        } else if (c.s.strict && evs_study_result_n_ok(r) < evs_study_result_n_events(r)) {
            cli_error("%zu of %zu events dropped (--strict)",
                      evs_study_result_n_events(r) - evs_study_result_n_ok(r),
                      evs_study_result_n_events(r));
            rc = CLI_EXIT_NORESULT;
        } else {
            rc = cli_study_write(&c.s, "run", r);
            if (c.timings)
                print_timings(r, t1 - t0, t2 - t1, now() - t2);
            if (rc == 0) {
                cli_plot_study(&c.p, r);
                rc = cli_plot_finish(&c.p, 1);
            }
        }
    }
    evs_study_result_free(r);
    cli_study_free(&c.s);
    return rc;
}
