/*
 * cli_plot.h - the plotting options shared by `plot`, `run` (and any
 * command that draws figures: --plot DIR, --plot-format, --plot-size,
 * --gnuplot, --plot-script), and the helpers that write one figure into
 * DIR and turn plotting failures into exit code 7.
 *
 * Wiring a command:  add cli_plot_options to its table (cli_options_join),
 * route ids CP_* to cli_plot_option, call cli_plot_check after parsing,
 * write the tables first, then per figure: take its path from
 * cli_plot_output, call the evs_plot_* builder with it, and hand the
 * result to cli_plot_figure (stem "caar" gives DIR/caar.png and, with
 * --plot-script, DIR/caar.gp); return cli_plot_finish() when everything
 * else succeeded.
 */
#ifndef EVS_CLI_PLOT_H
#define EVS_CLI_PLOT_H

#include "cli.h"

/* Option ids 200..219 belong to the plotting options. */
enum { CP_PLOT = 200, CP_FORMAT, CP_SIZE, CP_GNUPLOT, CP_SCRIPT };

/* The plotting option rows, NULL-name terminated. */
extern const cli_option cli_plot_options[];

typedef struct cli_plot {
    const char *dir;     /* --plot DIR; NULL: no figures */
    const char *gnuplot; /* --gnuplot PATH; NULL: gnuplot on PATH */
    int scripts;         /* --plot-script */
    evs_plot_opts opts;
    int checked;         /* gnuplot was probed (once per run) */
    int runnable;        /* ... and it answered */
    int failed;          /* some figure or script could not be written */
    int dir_ready;       /* DIR exists (created on first use) */
    size_t figures;      /* figures attempted */
    size_t written;      /* figures rendered */
    char path[4096];     /* the last cli_plot_output */
} cli_plot;

void cli_plot_init(cli_plot *p);

/* Handles a plotting option: 0, 2 after a usage error, -2 when the id is
 * not one of CP_*. */
int cli_plot_option(cli_plot *p, const char *cmd, int id, const char *v);

/* Copies the rows of a, then b, into dst (room for cap rows including the
 * terminator).  Returns dst, or NULL when they do not fit. */
const cli_option *cli_options_join(cli_option *dst, size_t cap,
                                   const cli_option *a, const cli_option *b);

/* The path of figure `stem` in DIR with the format's extension, for the
 * builder's `output` argument; valid until the next call.  NULL (after a
 * message, and the failure remembered) when the path is too long. */
const char *cli_plot_output(cli_plot *p, const char *stem);

/* Writes figure `stem` from a builder's result: st/e is what the builder
 * returned, script its text (taken over and freed here).  Failures are
 * reported at once and remembered; nothing here stops the command. */
void cli_plot_figure(cli_plot *p, const char *stem, evs_status st,
                     char *script, const evs_error *e);

/* The two study figures: caar and car-paths. */
void cli_plot_study(cli_plot *p, const evs_study_result *r);

/* The figures of `ipo` (cli_plot_ipo.c): first-day, listing-SYMBOL per
 * listing, bhar-paths, bhar-paths-first-close, and caar and car-paths of
 * the post-listing study when `post` is not NULL.  `data` is the dataset
 * `r` was analysed on. */
void cli_plot_ipo(cli_plot *p, const evs_ipo_result *r,
                  const evs_study_result *post, const evs_dataset *data);

/* The figures of `backtest` (cli_plot_backtest.c): trades-E-H-SIDE and
 * equity-E-H-SIDE per parameter set (see there for large grids).  `data`
 * is the dataset the backtest ran on. */
void cli_plot_backtest(cli_plot *p, const evs_backtest_result *r,
                       const evs_dataset *data);

/* CLI_EXIT_PLOT after a closing message when anything failed (saying that
 * the tables were written when `tables_written`), else 0. */
int cli_plot_finish(const cli_plot *p, int tables_written);

#endif
