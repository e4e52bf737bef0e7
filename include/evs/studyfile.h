/*
 * evs/studyfile.h - a study described in a JSON file, so that a run can be
 * repeated and shared.  Every key is optional; command-line flags given
 * beside a study file override its values.
 *
 *   {
 *     "prices":  ["data/688795.SS.csv", "data/"],   string or array
 *     "returns": ["returns.csv"],
 *     "events":  "events.csv",
 *     "market":  "000688.SS",
 *     "model":   "market-adjusted",
 *     "estimation": "-250:-11",   "window": "1:20",
 *     "car": ["1:5", "1:20"],     "tests": ["t", "patell"],
 *     "min_est": 30,  "roll": "next",  "returns_kind": "simple",
 *     "format": "json", "tables": "events,aar,tests",
 *     "ipos": "ipos.csv"          (evstudy ipo: an IPO CSV, or an array of
 *                                  listing objects with the IPO CSV's
 *                                  column names as keys, see evs/ipo.h)
 *     "factors": "F-F_Research_Data_Factors_daily.CSV",
 *     "factor_units": "auto",  "dimson_lags": 1, "dimson_leads": 1,
 *     "compat": "estudy2",     "conventions": ["sign-zero=positive"],
 *     "bootstrap": 1000,       "seed": 1
 *   }
 *
 * Relative paths are taken relative to the directory of the study file.
 */
#ifndef EVS_STUDYFILE_H
#define EVS_STUDYFILE_H

#include "common.h"
#include "ipo.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EVS_STUDYFILE_MAX_PATHS 256
/* Largest study file read (a study file is a few hundred bytes). */
#define EVS_STUDYFILE_MAX_BYTES (1024 * 1024)

/* The raw settings of a study file; absent keys are NULL / 0.  Strings are
 * owned by the struct; release with evs_studyfile_clear(). */
typedef struct evs_studyfile {
    char *prices[EVS_STUDYFILE_MAX_PATHS];
    size_t n_prices;
    char *returns[EVS_STUDYFILE_MAX_PATHS];
    size_t n_returns;
    char *events;
    char *market;
    char *model;
    char *estimation;
    char *window;
    char *car;   /* comma-joined list */
    char *tests; /* comma-joined list */
    char *roll;
    char *returns_kind;
    char *format;
    char *tables;
    long min_est; /* -1 when absent */
    char *ipos;   /* "ipos" given as a path (resolved), else NULL */
    evs_ipos *ipo_list; /* "ipos" given as an array of objects, else NULL */
    /* Keys added with the statistics suite (absent: NULL / -1). */
    char *factors;      /* path, resolved like the others */
    char *factor_units;
    char *compat;
    char *conventions;  /* comma-joined NAME=VALUE list */
    long dimson_lags, dimson_leads, bootstrap, seed;
} evs_studyfile;

/* Reads and validates the JSON file (types of known keys; unknown keys are
 * an error so that typos do not pass silently).  EVS_EPARSE for invalid
 * JSON (nesting deeper than 2048, numbers beyond a double, NUL bytes) or a
 * file over EVS_STUDYFILE_MAX_BYTES; EVS_EIO when it cannot be read. */
evs_status evs_studyfile_load(const char *path, evs_studyfile *sf,
                              evs_error *err);
void evs_studyfile_clear(evs_studyfile *sf);

#ifdef __cplusplus
}
#endif
#endif
