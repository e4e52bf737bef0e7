/*
 * cmd_plot.c - `evstudy plot [STUDY.json] --plot DIR [options]`: runs the
 * study like `run` and writes its figures (CAAR with band over AAR bars,
 * CAR paths) into DIR; the report only with --out.
 */
#include <string.h>

#include "cli_plot.h"
#include "cli_study.h"

static const char usage_line[] =
    "Usage: evstudy plot [STUDY.json] --plot DIR [options]\n"
    "Runs an event study and draws it with gnuplot: DIR/caar.EXT (CAAR with a\n"
    "95% band over AAR bars) and DIR/car-paths.EXT (every event's CAR path\n"
    "under the CAAR).  The report is written only when --out is given.";

typedef struct plot_ctx {
    cli_study s;
    cli_plot p;
} plot_ctx;

static int handler(int id, const char *v, void *ctx)
{
    plot_ctx *c = ctx;
    int rc = cli_study_option(&c->s, "plot", id, v);
    if (rc == -2)
        rc = cli_plot_option(&c->p, "plot", id, v);
    return rc == -2 ? cli_usage_error("plot", "unexpected option") : rc;
}

static int study_and_plot(plot_ctx *c)
{
    evs_study_result *r = NULL;
    evs_error e = {0};
    evs_status st = evs_study_run(&c->s.cfg, c->s.data, c->s.events, NULL, &r, &e);
    int rc = 0;
    if (r != NULL)
        cli_study_warn_dropped(&c->s, r);
    if (st != EVS_OK) {
        cli_error_evs(&e, st);
        rc = cli_exit_code(st, CLI_PHASE_RUN);
    } else if (c->s.strict && evs_study_result_n_ok(r) < evs_study_result_n_events(r)) {
        cli_error("%zu of %zu events dropped (--strict)",
                  evs_study_result_n_events(r) - evs_study_result_n_ok(r),
                  evs_study_result_n_events(r));
        rc = CLI_EXIT_NORESULT;
    } else {
        if (c->s.out != NULL)
            rc = cli_study_write(&c->s, "plot", r);
        if (rc == 0) {
            cli_plot_study(&c->p, r);
            rc = cli_plot_finish(&c->p, c->s.out != NULL);
        }
    }
    evs_study_result_free(r);
    return rc;
}

int cmd_plot(int argc, char **argv)
{
    plot_ctx c;
    cli_option opts[64];
    cli_study_init(&c.s);
    cli_plot_init(&c.p);
    const char *pos[1];
    int npos = 0, rc;
    if (cli_options_join(opts, 64, cli_study_options, cli_plot_options) == NULL) {
        cli_error("internal error: option table too small");
        rc = CLI_EXIT_INTERNAL;
    } else {
        rc = cli_parse("plot", opts, argc, argv, handler, &c, pos, 1, &npos,
                       usage_line, NULL);
    }
    if (rc == 0 && c.p.dir == NULL)
        rc = cli_usage_error("plot", "no output directory: give --plot DIR");
    if (rc == 0) {
        if (npos == 1)
            c.s.study_path = pos[0];
        rc = cli_study_load(&c.s, "plot", 1);
        if (rc == 0)
            rc = study_and_plot(&c);
    }
    cli_study_free(&c.s);
    return rc < 0 ? 0 : rc;
}
