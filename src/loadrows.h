/*
 * loadrows.h - the row-level pieces of the CSV loaders, shared by the
 * front (load_prices.c: header, cells, symbols, every message) and the
 * streaming engine (load_engine.c), plus the engine's entry points.
 */
#ifndef EVS_LOADROWS_H
#define EVS_LOADROWS_H

#include "csv.h"
#include "csvstream.h"
#include "loadutil.h"

enum { EVS__COL_DATE = 100, EVS__COL_SYMBOL = 101, EVS__COL_IGNORE = -1 };

typedef struct evs__layout {
    int *map; /* per column: field, EVS__COL_DATE, _SYMBOL or _IGNORE */
    size_t ncols;
    unsigned present;
    int has_symbol;
} evs__layout;

/* Reads the header record through c and maps its columns (price or return
 * aliases by kind).  lay->map is allocated (free it) even on failure. */
evs_status evs__read_header(evs__csv *c, evs_series_kind kind,
                            evs__layout *lay, evs_error *err);
/* The checks on a mapped header: required columns, symbol rules. */
evs_status evs__check_header(const evs__layout *lay, evs_series_kind kind,
                             const char *symbol, const char *origin,
                             evs_error *err);
/* Parses one tokenized data row: date, symbol field and values (NaN when
 * missing); every cell message names origin and c->line. */
evs_status evs__parse_row(const evs__csv *c, const evs__layout *lay,
                          evs_series_kind kind, evs_date *date,
                          evs__field *sym, double *v, evs_error *err);
/* The series of `sym` in tmp, created (and added) on first sight. */
evs_series *evs__series_for(evs_dataset *tmp, evs__field sym,
                            evs_series_kind kind, unsigned present,
                            const char *origin, long line, evs_error *err);

/* What to load and how. */
typedef struct evs__load_req {
    const char *origin;  /* name in messages */
    const char *symbol;  /* the caller's symbol, or NULL */
    evs_series_kind kind;
    unsigned threads;    /* parsing threads (0: one per core) */
    const char *stem;    /* price file without a symbol column: its name */
} evs__load_req;

/* Loads CSV from a stream (closed here) into ds, all or nothing. */
evs_status evs__load_stream(evs_dataset *ds, evs__stream *st,
                            const evs__load_req *req, const evs_warner *warn,
                            evs_error *err);

/* Loads a file ("-": stdin), through the binary copy when opts ask. */
evs_status evs__load_path(evs_dataset *ds, const char *path,
                          const evs__load_req *req,
                          const evs_load_options *opts,
                          const evs_warner *warn, evs_error *err);

/* Test hooks: inputs of at least this many bytes are split over threads
 * (default 8 MiB), and files are read this many bytes at a time (default
 * 1 MiB).  0 restores the default. */
void evs__load_set_split_min(size_t bytes);
void evs__load_set_chunk(size_t bytes);
/* Test hook: how many segment joins were refused (and parsed again
 * serially) since the program started. */
size_t evs__load_refused_joins(void);
/* Test hook: 0 turns off the date,symbol,value shortcut (quick_run), so
 * that its results can be compared with the general fast path's. */
void evs__load_set_quick(int on);
/* Test hook: segments of at least this many bytes put their series in a
 * slab (slab.c; default 1 MiB, 0 restores it, UINT64_MAX turns slabs off). */
void evs__load_set_slab_min(uint64_t bytes);
/* Test hook: slabs of this many rows (0: enough for the segment), so that
 * tests can fill them. */
void evs__load_set_slab_rows(size_t rows);

#endif
