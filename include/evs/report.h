/*
 * evs/report.h - writing study results as an aligned text table, CSV or
 * JSON.  The CSV and JSON layouts are a stable interface documented in the
 * README ("Output formats"); keys and columns are only ever added.
 *
 * Numbers are written with 10 significant digits in CSV/JSON ("%.10g"),
 * missing values as an empty CSV cell and JSON null.
 */
#ifndef EVS_REPORT_H
#define EVS_REPORT_H

#include <stdio.h>

#include "common.h"
#include "study.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum evs_format {
    EVS_FORMAT_TABLE = 0,
    EVS_FORMAT_CSV,
    EVS_FORMAT_JSON
} evs_format;

/* Parses "table", "csv" or "json"; returns 1 on success. */
int evs_format_parse(const char *s, evs_format *out);

/* CSV tables (bits); table output shows events, aar and tests by default. */
typedef enum evs_table {
    EVS_TABLE_EVENTS = 1u << 0, /* one row per event */
    EVS_TABLE_AR = 1u << 1,     /* one row per event and day */
    EVS_TABLE_AAR = 1u << 2,    /* one row per day */
    EVS_TABLE_TESTS = 1u << 3,  /* one row per test and day/window */
    EVS_TABLE_CAR = 1u << 4     /* one row per event and CAR window */
} evs_table;

/* Parses a comma-separated list of table names (events, ar, aar, tests,
 * car, all) into bits; returns 1 on success. */
int evs_table_parse(const char *s, unsigned *out);

/* An input file named in the report's params, with its SHA-256. */
typedef struct evs_input_file {
    const char *role; /* "prices", "returns", "events", "study", ... */
    const char *path;
    char sha256[65];  /* lower-case hex */
} evs_input_file;

/* Computes the SHA-256 of a file into hex (65 bytes incl. NUL). */
evs_status evs_sha256_file(const char *path, char hex[65], evs_error *err);

typedef struct evs_report_opts {
    evs_format format;
    unsigned tables;        /* evs_table bits; 0 means the format's default */
    const evs_input_file *inputs;
    size_t n_inputs;
    const char *command;    /* e.g. "run", recorded in params */
} evs_report_opts;

/* Writes the study result to f.  EVS_EWRITE when the stream fails. */
evs_status evs_report_study(FILE *f, const evs_study_result *r,
                            const evs_report_opts *opts, evs_error *err);

/* ---- atomic output files ------------------------------------------------- */

/* An output that appears under its final name only when complete: data go
 * to a temporary file in the same directory, renamed over `path` on commit.
 * The path "-" means stdout (no temporary file). */
typedef struct evs_outfile evs_outfile;

evs_outfile *evs_outfile_open(const char *path, evs_error *err);
FILE *evs_outfile_stream(evs_outfile *of);
/* Flushes, syncs and renames into place; frees `of` in every case.  On
 * failure the temporary file is removed and nothing is left at `path`
 * that was not there before. */
evs_status evs_outfile_commit(evs_outfile *of, evs_error *err);
/* Discards the output (removes the temporary file) and frees `of`. */
void evs_outfile_abort(evs_outfile *of);

#ifdef __cplusplus
}
#endif
#endif
