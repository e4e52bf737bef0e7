/*
 * evs/series.h - one security's daily observations (evs_series) and a
 * collection of them keyed by symbol (evs_dataset).
 *
 * A series holds strictly increasing, unique dates and one array per field.
 * A field the input did not carry is absent (evs_series_field returns NULL);
 * a missing cell inside a present field is NaN.  A series is either a price
 * series (open/high/low/close/adj_close/volume) or a return series (ret),
 * which tells the calendar module how to turn it into returns.
 */
#ifndef EVS_SERIES_H
#define EVS_SERIES_H

#include "common.h"
#include "date.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum evs_field {
    EVS_FIELD_OPEN = 0,
    EVS_FIELD_HIGH,
    EVS_FIELD_LOW,
    EVS_FIELD_CLOSE,
    EVS_FIELD_ADJ_CLOSE,
    EVS_FIELD_VOLUME,
    EVS_FIELD_RET, /* decimal simple return of the day, for return series */
    EVS_FIELD_COUNT
} evs_field;

typedef enum evs_series_kind {
    EVS_SERIES_PRICES = 0,
    EVS_SERIES_RETURNS = 1
} evs_series_kind;

/* Longest symbol accepted, in bytes, excluding the NUL. */
#define EVS_SYMBOL_MAX 64

typedef struct evs_series evs_series;

/* Is `s` a valid symbol (the rules of evs_series_new below)?  A valid
 * symbol may still hold '/', '.', '$', '\'' or ';' ("../../etc/passwd" is
 * one): code that puts a symbol into a path, URL, shell word, SQL or
 * gnuplot text must quote or encode it for that use. */
int evs_symbol_valid(const char *s);

/* Creates an empty series.  `symbol` is copied; it must be 1..EVS_SYMBOL_MAX
 * bytes of printable ASCII other than ',' '"' and whitespace (EVS_EINVAL
 * otherwise).  `fields_present` is a bit set of (1u << evs_field).  Free with
 * evs_series_free(). */
evs_series *evs_series_new(const char *symbol, evs_series_kind kind,
                           unsigned fields_present, evs_error *err);
void evs_series_free(evs_series *s);

/* Appends one row in any date order.  `values` has EVS_FIELD_COUNT entries
 * (absent fields are ignored; NaN is missing).  `line` is the input line for
 * messages (0 if none).  Rows are sorted and checked by evs_series_finish. */
evs_status evs_series_push(evs_series *s, evs_date date, const double *values,
                           long line, evs_error *err);

/* Sorts the rows by date and checks them.  An exact duplicate row (same date,
 * same values) is dropped with a warning; two rows for one date with
 * different values fail with EVS_EPARSE naming both lines.  `origin` names
 * the input in messages (a file name).  Must be called once before the
 * series is read; a finished series accepts no more pushes. */
evs_status evs_series_finish(evs_series *s, const char *origin,
                             const evs_warner *warn, evs_error *err);

const char *evs_series_symbol(const evs_series *s);
evs_series_kind evs_series_kind_of(const evs_series *s);
size_t evs_series_len(const evs_series *s);
const evs_date *evs_series_dates(const evs_series *s);
/* The column of a field, or NULL when the input did not carry it. */
const double *evs_series_field(const evs_series *s, evs_field f);

/* The price column returns are computed from: adj_close when that column is
 * present and holds at least one value, else close.  NULL for a return
 * series or a price series with neither. */
const double *evs_series_basis(const evs_series *s);
/* Which field evs_series_basis() returns (EVS_FIELD_RET for return series). */
evs_field evs_series_basis_field(const evs_series *s);

/* Index of `date` in the series, or -1 when absent (binary search). */
long evs_series_find(const evs_series *s, evs_date date);

/* ---- evs_dataset: series by symbol --------------------------------------- */

typedef struct evs_dataset evs_dataset;

evs_dataset *evs_dataset_new(evs_error *err);
/* Frees the dataset and every series it holds. */
void evs_dataset_free(evs_dataset *ds);

/* Adds a finished series; the dataset takes ownership of `s` (on failure
 * too: the series is freed).  A symbol already present fails with
 * EVS_EPARSE ("symbol X given twice"). */
evs_status evs_dataset_add_owned(evs_dataset *ds, evs_series *s,
                                 evs_error *err);

/* Looks a symbol up (exact, case-sensitive); NULL when absent. */
const evs_series *evs_dataset_find(const evs_dataset *ds, const char *symbol);
size_t evs_dataset_count(const evs_dataset *ds);
/* The i-th series in insertion order, i < evs_dataset_count(). */
const evs_series *evs_dataset_at(const evs_dataset *ds, size_t i);

/* A 64-bit content digest (16 hex digits and a NUL): the XXH3-64 of the
 * list, in order, of each series' XXH3-64 of its symbol, kind, fields,
 * dates and the bit patterns of its values (made over threads).  Two datasets with equal digests hold (barring a 1 in 2^64
 * collision) the same data in the same order; used to prove that threaded,
 * serial and binary-copy loads agree bit for bit. */
void evs_dataset_digest(const evs_dataset *ds, char hex[17]);

#ifdef __cplusplus
}
#endif
#endif
