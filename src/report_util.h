/*
 * report_util.h - pieces shared by the three report writers.
 */
#ifndef EVS_REPORT_UTIL_H
#define EVS_REPORT_UTIL_H

#include <stdio.h>

#include "internal.h"

evs_status evs__report_table(FILE *f, const evs_study_result *r,
                             const evs_report_opts *o, evs_error *err);
evs_status evs__report_csv(FILE *f, const evs_study_result *r,
                           const evs_report_opts *o, evs_error *err);
evs_status evs__report_json(FILE *f, const evs_study_result *r,
                            const evs_report_opts *o, evs_error *err);

/* Writes a CSV cell, quoting it when it holds a comma, quote or newline. */
void evs__csv_cell(FILE *f, const char *s);
/* Writes a number as %.10g, or nothing for NaN. */
void evs__csv_num(FILE *f, double v);

/* "-250:-11" into buf. */
const char *evs__window_str(evs_window w, char *buf, size_t n);
const char *evs__roll_name(evs_roll r);
const char *evs__returns_name(evs_return_kind k);

#endif
