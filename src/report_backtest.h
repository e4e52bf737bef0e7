/*
 * report_backtest.h - the three backtest report writers, shared by the
 * dispatch in report_backtest.c and the text writers.
 */
#ifndef EVS_REPORT_BACKTEST_H
#define EVS_REPORT_BACKTEST_H

#include "report_util.h"

evs_status evs__bt_report_table(FILE *f, const evs_backtest_result *r,
                                const evs_report_opts *o, evs_error *err);
evs_status evs__bt_report_csv(FILE *f, const evs_backtest_result *r,
                              const evs_report_opts *o, evs_error *err);
evs_status evs__bt_report_json(FILE *f, const evs_backtest_result *r,
                               const evs_report_opts *o, evs_error *err);

#endif
