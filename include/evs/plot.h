/*
 * evs/plot.h - figures through gnuplot: script builders and the runner.
 *
 * Two halves.  The builders (evs_plot_caar ... evs_plot_equity) are pure:
 * they turn results or plain arrays into the text of a complete gnuplot
 * script, with every number inline in datablocks ($name << EOD ... EOD), so
 * rendering needs no temporary data file and the script can be kept,
 * restyled and run again by hand.  The runner (evs_plot_render,
 * evs_plot_run) is the only code in evs that starts a process: it executes
 * gnuplot directly (posix_spawn, never a shell), writes the script to its
 * standard input, captures what it prints and checks its exit status.  The
 * library never links a plotting library.
 *
 * Conventions shared by every builder:
 *  - The script writes to the file named by the gnuplot variable `outfile`
 *    when that variable is defined, else to the `output` path given to the
 *    builder; so `gnuplot fig.gp` re-creates the figure, and
 *    `gnuplot -e "outfile='x.svg'" fig.gp` writes elsewhere.
 *  - Inputs are decimals (0.01 is one percent); the script scales them to
 *    percent in its `using` clauses, so the datablocks hold the library's
 *    own numbers (10 significant digits, C locale).
 *  - NaN is missing: a missing value is never written; a line is broken at
 *    it (a blank datablock line) and a bar is simply absent.
 *  - Text from user data (symbols, labels, names, paths) only ever appears
 *    inside single-quoted gnuplot strings, with ' doubled, control
 *    characters removed and invalid UTF-8 bytes replaced by '?'.  gnuplot
 *    performs no substitution inside single quotes (no backquotes, no
 *    macros, no escapes), and terminals are set `noenhanced`, so no input
 *    can run a gnuplot command or change markup: it comes out as text.
 *  - On success *script owns a NUL-terminated string (free with evs_free);
 *    on failure *script is NULL.  Statuses: EVS_EINVAL for bad options or
 *    inputs (the message says which), EVS_ENODATA when there is nothing to
 *    draw, EVS_ENOMEM.
 *  - Styles are chosen to survive greyscale printing: lines differ in dash
 *    pattern and point type as well as colour, fills are light greys, and
 *    the legend sits outside the plotting area.
 */
#ifndef EVS_PLOT_H
#define EVS_PLOT_H

#include "common.h"
#include "date.h"
#include "study.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- options ------------------------------------------------------------- */

typedef enum evs_plot_format {
    EVS_PLOT_PNG = 0, /* pngcairo */
    EVS_PLOT_SVG,     /* svg */
    EVS_PLOT_PDF      /* pdfcairo */
} evs_plot_format;

/* Parses "png", "svg" or "pdf"; returns 1 on success. */
int evs_plot_format_parse(const char *s, evs_plot_format *out);
/* The file extension of a format without the dot: "png", "svg", "pdf". */
const char *evs_plot_format_ext(evs_plot_format f);

#define EVS_PLOT_MIN_SIZE 200
#define EVS_PLOT_MAX_SIZE 10000

typedef struct evs_plot_opts {
    evs_plot_format format; /* default EVS_PLOT_PNG */
    /* Size in pixels, EVS_PLOT_MIN_SIZE..EVS_PLOT_MAX_SIZE; default 960 x
     * 600.  A PDF page gets the same size at 96 pixels per inch (the CSS
     * reference pixel): 960 x 600 is 10 x 6.25 inches. */
    unsigned width, height;
} evs_plot_opts;

/* Fills the defaults above. */
void evs_plot_opts_init(evs_plot_opts *o);

/* ---- figures of an event study ------------------------------------------- */

/* Cross-sectional standard error of the cumulative abnormal return through
 * each event-window day, the half-width of the CAAR band divided by 1.96.
 * For day t (column k), CAR_i(t) sums the valid ARs of surviving event i
 * from the first window day through t (a missing AR adds nothing, as in the
 * study's CARs); the n_t events with at least one valid AR through t enter
 * se_t = sd_i(CAR_i(t)) / sqrt(n_t), sd with divisor n_t - 1 (the usual
 * standard error of a mean; cf. the cross-sectional t test of Brown &
 * Warner 1985).  se[k] is NaN when n_t < 2.  `se` and `n` (may be NULL)
 * have evs_study_result_win_len(r) entries.  EVS_ENODATA when no event
 * survived, EVS_ENOMEM. */
evs_status evs_plot_car_se(const evs_study_result *r, double *se, size_t *n,
                           evs_error *err);

/* CAAR across the event window with its 95% confidence band
 * CAAR_t +/- 1.96 * se_t (evs_plot_car_se; 1.96 is the 0.975 quantile of
 * the standard normal, so the band is a normal approximation that is too
 * narrow when few events survive), and the AAR as bars in a panel beneath,
 * both in percent against the trading day relative to the event. */
evs_status evs_plot_caar(const evs_study_result *r, const evs_plot_opts *o,
                         const char *output, char **script, evs_error *err);

/* Each surviving event's CAR path (CAR_i(t) as above) as a thin line, with
 * the CAAR drawn on top.  Up to EVS_PLOT_MAX_NAMED events each get a
 * legend entry (the event's label, else "SYMBOL DATE"); more are drawn as
 * unlabelled grey lines under one entry. */
#define EVS_PLOT_MAX_NAMED 8
evs_status evs_plot_car_paths(const evs_study_result *r,
                              const evs_plot_opts *o, const char *output,
                              char **script, evs_error *err);

/* ---- figures of listings (IPO) ------------------------------------------- */

/* One listing's price path from its first trading day. */
typedef struct evs_plot_listing {
    const char *name;      /* title text, e.g. "688795.SS Moore Threads" */
    const char *currency;  /* price unit for the axis, e.g. "CNY"; NULL: none */
    const evs_date *dates; /* n strictly increasing trading dates; dates[0]
                            * is the first trading day */
    const double *close;   /* n closing prices (NaN missing) */
    size_t n;              /* >= 1 */
    double offer;          /* offer price, > 0, drawn as a horizontal line */
    /* First-day open, high and close, marked on the first day with their
     * return over the offer price (value / offer - 1) in the legend.  NaN:
     * not marked. */
    double open1, high1, close1;
    /* Benchmark levels on the same dates (NaN missing), or NULL for none,
     * drawn rebased to the offer price: bench[k] * offer / bench_base, so
     * the line starts where an investor at the offer price stood and moves
     * as the benchmark did.  bench_base is the benchmark level that
     * corresponds to the offer price (for example its close on the day
     * before listing); NaN: the first valid bench value. */
    const double *bench;
    double bench_base;
    const char *bench_name; /* legend text for the benchmark; NULL: "benchmark" */
} evs_plot_listing;

evs_status evs_plot_listing_path(const evs_plot_listing *l,
                                 const evs_plot_opts *o, const char *output,
                                 char **script, evs_error *err);

/* First-day returns of n listings as grouped bars, one group per listing:
 * offer-to-open, offer-to-close and offer-to-high (decimals: value / offer
 * - 1; NaN: that bar is absent), each bar labelled with its value in
 * percent.  `labels` names the groups on the x axis. */
evs_status evs_plot_first_day(const char *const *labels,
                              const double *offer_to_open,
                              const double *offer_to_close,
                              const double *offer_to_high, size_t n,
                              const evs_plot_opts *o, const char *output,
                              char **script, evs_error *err);

/* A path indexed by day 1..n (for BHAR: trading days since listing). */
typedef struct evs_plot_path {
    const char *label; /* legend text, e.g. "688795.SS vs 000688.SS" */
    const double *y;   /* n values (decimals; NaN missing) */
    size_t n;
} evs_plot_path;

/* Buy-and-hold abnormal return paths of n_paths listings against their
 * benchmarks: y[d-1] is BHAR through trading day d since listing, drawn in
 * percent with a zero line.  `benchmark_note` (may be NULL) is added to the
 * title, e.g. "vs STAR 50".  Paths get the line styles in order. */
evs_status evs_plot_bhar_paths(const evs_plot_path *paths, size_t n_paths,
                               const char *benchmark_note,
                               const evs_plot_opts *o, const char *output,
                               char **script, evs_error *err);

/* ---- figures of a backtest ----------------------------------------------- */

/* Histogram of n trade returns (decimals; NaN ignored), in percent, with
 * the mean marked.  bin_width is in decimals (0.01 = one percent); 0 picks
 * Sturges' rule: k = ceil(log2 m) + 1 equal bins over [min, max] of the m
 * valid returns (Sturges 1926, JASA 21:65-66).  Bins are half-open,
 * [lo + j w, lo + (j+1) w), with lo = min and w = (max - min) / k (auto;
 * the last bin also holds max) or lo = floor(min / w) * w and k =
 * floor((max - lo) / w) + 1 (given width, bins on multiples of w).  Edges
 * are binary floating point: a value that sits exactly on a decimal edge
 * may fall on either side.  All-equal returns give one bin (of the given
 * width, else 1%) centred on them.
 * `name` (may be NULL) names the strategy in the title. */
evs_status evs_plot_trade_hist(const double *returns, size_t n,
                               double bin_width, const char *name,
                               const evs_plot_opts *o, const char *output,
                               char **script, evs_error *err);

/* Histogram bins as evs_plot_trade_hist draws them: the number of bins
 * through *n_bins, the lowest edge through *lo and the width through *w.
 * counts (may be NULL) receives *n_bins counts and must have room for
 * EVS_PLOT_MAX_BINS.  EVS_ENODATA without a valid return, EVS_EINVAL for a
 * negative or non-finite bin_width or more than EVS_PLOT_MAX_BINS bins. */
#define EVS_PLOT_MAX_BINS 1000
evs_status evs_plot_hist_bins(const double *returns, size_t n,
                              double bin_width, size_t *n_bins, double *lo,
                              double *w, size_t *counts, evs_error *err);

/* Equity curve of a strategy over dates (top panel, in the equity's own
 * units, with its starting value as a dotted line) and its drawdown beneath
 * in percent: dd_t = equity_t / max_{s<=t} equity_s - 1 over the valid
 * values (NaN missing; equity must be > 0 where valid). */
evs_status evs_plot_equity(const evs_date *dates, const double *equity,
                           size_t n, const char *name,
                           const evs_plot_opts *o, const char *output,
                           char **script, evs_error *err);

/* Drawdown as evs_plot_equity draws it: dd[k] as above, NaN where
 * equity[k] is missing.  EVS_EINVAL when a valid equity is <= 0. */
evs_status evs_plot_drawdown(const double *equity, size_t n, double *dd,
                             evs_error *err);

/* ---- running gnuplot ----------------------------------------------------- */

/* Runs `gnuplot` (a path, or a name looked up on PATH; NULL means
 * "gnuplot") with `script` on its standard input.  No shell is involved.
 * Whatever gnuplot prints (its stdout and stderr) is captured: on success
 * it goes to `warn` one line at a time ("gnuplot: ..."); on failure it ends
 * the error message.  EVS_EPLOT when gnuplot cannot be started ("cannot
 * run gnuplot 'X': No such file or directory"), exits non-zero ("gnuplot
 * exited with status 1: line 0: invalid command") or dies from a signal;
 * EVS_ENOMEM.  A script that never ends cannot be interrupted here. */
evs_status evs_plot_run(const char *script, const char *gnuplot,
                        const evs_warner *warn, evs_error *err);

/* Renders a builder's script into `output` atomically: gnuplot writes a
 * temporary file beside `output` (the script is run with `outfile` set to
 * it), which is renamed over `output` only when gnuplot exited 0 and wrote
 * a non-empty file; on any failure the temporary file is removed and
 * `output` is left as it was.  Statuses as evs_plot_run, plus EVS_EWRITE
 * when the temporary file cannot be created or renamed. */
evs_status evs_plot_render(const char *script, const char *output,
                           const char *gnuplot, const evs_warner *warn,
                           evs_error *err);

/* Asks gnuplot for its version (`gnuplot --version`) into buf, e.g.
 * "gnuplot 5.4 patchlevel 4": a cheap check that plotting can work.
 * Statuses as evs_plot_run. */
evs_status evs_plot_gnuplot_version(const char *gnuplot, char *buf,
                                    size_t size, evs_error *err);

#ifdef __cplusplus
}
#endif
#endif
