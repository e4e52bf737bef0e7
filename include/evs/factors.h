/*
 * evs/factors.h - daily factor returns (Fama-French, momentum, or any named
 * columns) for the factor models, read from CSV and aligned on a trading
 * calendar.
 *
 * Two layouts are read:
 *  - the Kenneth French data library's daily CSV: optional preamble lines,
 *    a header whose first cell is empty or "date" (",Mkt-RF,SMB,HML,RF"),
 *    rows "19260701,    0.10,   -0.24, ..." in PERCENT, then optional
 *    footer lines ("Copyright ...") or an annual section, which end the
 *    data.  -99.99 and -999 are the library's missing-value codes.
 *  - any CSV with a `date` column and named factor columns in DECIMALS
 *    (0.01 is one percent); empty, NA, NaN, null and "." cells are missing.
 * EVS_FACTOR_UNITS_AUTO takes a file whose dates are written YYYYMMDD as
 * the French layout (percent) and one with YYYY-MM-DD dates as decimals.
 * Column names are matched case-insensitively after trimming; the
 * momentum factor is found as Mom, UMD or WML.
 */
#ifndef EVS_FACTORS_H
#define EVS_FACTORS_H

#include "calendar.h"
#include "common.h"
#include "date.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum evs_factor_units {
    EVS_FACTOR_UNITS_AUTO = 0, /* YYYYMMDD dates: percent; else decimal */
    EVS_FACTOR_UNITS_PERCENT,  /* values are divided by 100 */
    EVS_FACTOR_UNITS_DECIMAL
} evs_factor_units;

typedef struct evs_factors evs_factors;

/* Reads a factor file ("-" is stdin).  Errors name the file and line:
 * EVS_EPARSE for a missing header, a bad date or number, a duplicate date
 * or a short row; EVS_ENODATA when no data row follows the header;
 * EVS_EIO when the file cannot be read.  Free with evs_factors_free. */
evs_factors *evs_factors_load_csv(const char *path, evs_factor_units units,
                                  evs_error *err);
/* The same on bytes in memory; `origin` names them in messages. */
evs_factors *evs_factors_load_buffer(const char *data, size_t len,
                                     const char *origin,
                                     evs_factor_units units, evs_error *err);
void evs_factors_free(evs_factors *f);

/* Units the values were read in (AUTO resolved to PERCENT or DECIMAL). */
evs_factor_units evs_factors_units(const evs_factors *f);
size_t evs_factors_rows(const evs_factors *f);
size_t evs_factors_columns(const evs_factors *f);
/* Column name as written in the header (trimmed). */
const char *evs_factors_name(const evs_factors *f, size_t col);
/* Column index of `name` (case-insensitive; "Mom" also finds UMD/WML), or
 * -1 when absent. */
long evs_factors_find(const evs_factors *f, const char *name);
const evs_date *evs_factors_dates(const evs_factors *f);
/* Values of a column in decimals, NaN for missing. */
const double *evs_factors_values(const evs_factors *f, size_t col);

/* Writes column `col` on the calendar's dates into out[0 .. calendar
 * length): the factor return of that date, NaN when the file has no row
 * for it.  Returns the number of calendar days without a row. */
size_t evs_factors_align(const evs_factors *f, size_t col,
                         const evs_calendar *cal, double *out);

#ifdef __cplusplus
}
#endif
#endif
