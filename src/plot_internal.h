/*
 * plot_internal.h - the script writer shared by the figure builders
 * (plot_script.c owns it): a growing text buffer with a sticky
 * out-of-memory flag, safe quoting of user text, numbers in the C locale,
 * datablocks and the common preamble.
 */
#ifndef EVS_PLOT_INTERNAL_H
#define EVS_PLOT_INTERNAL_H

#include "internal.h"

/* A script being written.  Appends never fail loudly: the first failed
 * allocation sets `oom` and later appends do nothing, so builders check
 * once, in evs__gp_finish. */
typedef struct evs__gp {
    evs__buf b;
    int oom;
    int bad; /* a non-finite number was offered: a builder bug */
    evs__locale_guard loc;
} evs__gp;

/* Checks the options and the output path, then writes the header comment,
 * the `outfile` default, the terminal and the shared styles.  `figure`
 * names the figure in the header.  On failure nothing is allocated. */
evs_status evs__gp_begin(evs__gp *g, const evs_plot_opts *o,
                         const char *output, const char *figure,
                         evs_error *err);
/* Hands the text over (*script) or, after an allocation failure, frees it
 * and returns EVS_ENOMEM.  Always ends the C-locale section. */
evs_status evs__gp_finish(evs__gp *g, char **script, evs_error *err);
/* Discards a script being written (a builder's own error path). */
void evs__gp_abort(evs__gp *g);

/* Formatted text, verbatim: only for text the builder controls. */
void evs__gp_printf(evs__gp *g, const char *fmt, ...) EVS__PRINTF(2, 3);
/* A single-quoted gnuplot string holding `s` as plain text: ' doubled,
 * control characters dropped, invalid UTF-8 bytes replaced by '?'. */
void evs__gp_quote(evs__gp *g, const char *s);
/* Formats like printf, then appends the result quoted. */
void evs__gp_qprintf(evs__gp *g, const char *fmt, ...) EVS__PRINTF(2, 3);
/* A finite number with 10 significant digits ("%.10g"). */
void evs__gp_num(evs__gp *g, double v);
/* A date as YYYY-MM-DD. */
void evs__gp_date(evs__gp *g, evs_date d);

/* Starts and ends a datablock named $name. */
void evs__gp_block_begin(evs__gp *g, const char *name);
void evs__gp_block_end(evs__gp *g);

/* Sets up an x axis of dates (timefmt %Y-%m-%d, labels as dates) over
 * [first, last] with a little padding, and the axis label `label` (text
 * the builder controls; NULL: none) with the year when it is the same
 * throughout. */
void evs__gp_time_axis(evs__gp *g, evs_date first, evs_date last,
                       const char *label);
/* Writes rows "X Y" of a path to the current datablock, X a date (dates
 * != NULL) or the day number k + 1, leaving out missing Y values with a
 * blank line so that gnuplot breaks the line there. */
void evs__gp_path_rows(evs__gp *g, const evs_date *dates, const double *y,
                       size_t n);
/* Checks that n dates increase strictly. */
int evs__gp_dates_ok(const evs_date *d, size_t n);

/* Number of line styles defined by the preamble (linetype 1..N cycle). */
#define EVS__GP_STYLES 8

/* Strings the checks refuse: NULL or empty output paths, control
 * characters in them (they could not be quoted faithfully). */
int evs__gp_path_ok(const char *path);

#endif
