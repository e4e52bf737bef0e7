/*
 * series_internal.h - the evs_series layout and the internal operations the
 * loaders need beyond the public API: a lean push, capacity hints, merging
 * the partial series of parallel segments, and adopting finished arrays
 * (binary copies).  Never installed.
 */
#ifndef EVS_SERIES_INTERNAL_H
#define EVS_SERIES_INTERNAL_H

#include "internal.h"

/* Input lines of rows row, row+1, ... are line0, line0+step, ...: rows of
 * one symbol in a long file sit at a constant stride (1 when the file is
 * grouped by symbol, the symbol count when it is grouped by date), so a
 * whole series usually needs one run instead of a line number per row.
 * Unsigned so that any long pattern wraps instead of overflowing. */
typedef struct evs__linerun {
    size_t row;
    unsigned long line0, step;
} evs__linerun;

typedef struct evs__slab evs__slab;

struct evs_series {
    char symbol[EVS_SYMBOL_MAX + 1];
    evs_series_kind kind;
    unsigned present;
    size_t len, cap;
    evs_date *dates;
    double *col[EVS_FIELD_COUNT];
    evs__linerun *runs; /* input lines of the rows until finished */
    size_t nruns, runcap;
    unsigned long last_line;
    int finished;
    evs_field basis;
    evs__slab *slab; /* dates and the column live there (slab.c), or NULL */
    int ascending;   /* 1: every date is after the one before (0: unknown) */
};

/* evs_series_push without the finished check: 1, or 0 when out of memory. */
int evs__series_push_fast(evs_series *s, evs_date date, const double *values,
                          long line);

/* The same, inline for the common case: a return series with room, and a
 * line that continues the current run. */
static inline int evs__series_push_quick(evs_series *s, evs_date date,
                                         const double *values, long line)
{
    if (s->len < s->cap && s->nruns > 0 && s->present == 1u << EVS_FIELD_RET) {
        evs__linerun *r = &s->runs[s->nruns - 1];
        unsigned long l = (unsigned long)line;
        if (s->len - r->row >= 2 && l - s->last_line == r->step) {
            s->last_line = l;
            s->ascending &= date > s->dates[s->len - 1];
            s->dates[s->len] = date;
            s->col[EVS_FIELD_RET][s->len++] = values[EVS_FIELD_RET];
            return 1;
        }
    }
    return evs__series_push_fast(s, date, values, line);
}

/* Finishes s as evs_series_finish would when its dates are strictly
 * monotone, the case with no message to give; returns 0 (s unchanged)
 * otherwise.  Touches only s, so threads may finish different series. */
int evs__series_finish_quiet(evs_series *s);

/* A slab: room for `rows` rows of one column, for the series of one load
 * segment (NULL when the memory cannot be mapped: use the heap). */
evs__slab *evs__slab_new(size_t rows);
/* Drops a reference (the creator's, or a series'); the last one unmaps. */
void evs__slab_release(evs__slab *sl);
/* Gives s (one field, no capacity yet) all of the slab's free rows; 0 when
 * it cannot (then s grows on the heap as usual).  Growing past them moves
 * s to the heap. */
int evs__series_borrow(evs_series *s, evs__slab *sl);
/* s, the series that borrowed last, keeps only the rows it has; the rest
 * goes to the next borrower. */
void evs__series_settle(evs_series *s, evs__slab *sl);

/* Grows the capacity to at least n rows (a hint; 0 when out of memory). */
int evs__series_reserve(evs_series *s, size_t n);

/* Input line of the row pushed as number `row` (0-based push order). */
long evs__series_line(const evs_series *s, size_t row);

/* Adds `base` to every recorded input line (a segment parsed from the
 * middle of a file counted its lines from 1). */
void evs__series_shift_lines(evs_series *s, long base);

/* Appends the rows of src (unfinished, same kind and fields) to dst, with
 * their lines shifted by `base`; 0 when out of memory (dst unchanged). */
int evs__series_append(evs_series *dst, const evs_series *src, long base);

/* A finished series that takes ownership of dates and the columns named by
 * `present` (arrays of len entries, sorted unique dates, as written by a
 * finished series).  NULL when out of memory (the arrays are freed). */
evs_series *evs__series_adopt(const char *symbol, evs_series_kind kind,
                              unsigned present, size_t len, evs_date *dates,
                              double **cols, evs_error *err);

#endif
