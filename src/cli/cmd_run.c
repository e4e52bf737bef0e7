/*
 * cmd_run.c - `evstudy run [STUDY.json] [options]`: the event study.
 */
#include <string.h>

#include "cli_study.h"

static const char usage_line[] =
    "Usage: evstudy run [STUDY.json] [options]\n"
    "Runs an event study: abnormal returns per event and day, CARs, AAR and\n"
    "CAAR across events, and significance tests.  Flags override the study file.";

static int handler(int id, const char *v, void *ctx)
{
    int rc = cli_study_option(ctx, "run", id, v);
    return rc == -2 ? cli_usage_error("run", "unexpected option") : rc;
}

int cmd_run(int argc, char **argv)
{
    cli_study s;
    cli_study_init(&s);
    const char *pos[1];
    int npos = 0;
    int rc = cli_parse("run", cli_study_options, argc, argv, handler, &s, pos,
                       1, &npos, usage_line, NULL);
    if (rc != 0) {
        cli_study_free(&s);
        return rc < 0 ? 0 : rc;
    }
    if (npos == 1)
        s.study_path = pos[0];
    rc = cli_study_load(&s, "run", 1);
    evs_study_result *r = NULL;
    if (rc == 0) {
        evs_error e = {0};
        evs_status st = evs_study_run(&s.cfg, s.data, s.events, NULL, &r, &e);
        if (r != NULL)
            cli_study_warn_dropped(&s, r);
        if (st != EVS_OK) {
            cli_error_evs(&e, st);
            rc = cli_exit_code(st, CLI_PHASE_RUN);
        } else if (s.strict && evs_study_result_n_ok(r) < evs_study_result_n_events(r)) {
            cli_error("%zu of %zu events dropped (--strict)",
                      evs_study_result_n_events(r) - evs_study_result_n_ok(r),
                      evs_study_result_n_events(r));
            rc = CLI_EXIT_NORESULT;
        } else {
            rc = cli_study_write(&s, "run", r);
        }
    }
    evs_study_result_free(r);
    cli_study_free(&s);
    return rc;
}
