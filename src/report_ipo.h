/*
 * report_ipo.h - pieces shared by the IPO report writers (table, CSV,
 * JSON): the writers themselves and the lookup of a listing's row in the
 * post-listing study.
 */
#ifndef EVS_REPORT_IPO_H
#define EVS_REPORT_IPO_H

#include <stdio.h>

#include "report_util.h"

/* The one sentence that says how the STAR and Hong Kong rules are read. */
extern const char evs__ipo_limit_rule_star[];
extern const char evs__ipo_limit_rule_none[];
extern const char evs__ipo_limit_rule_unknown[];
const char *evs__ipo_limit_rule(evs_limit_regime r);

/* Index of listing i's event in the post-listing study, or -1 when the
 * study is NULL or has no event for it (the listing had no benchmark). */
long evs__ipo_post_index(const evs_ipo_result *r, const evs_study_result *post,
                         size_t i);

evs_status evs__report_ipo_json(FILE *f, const evs_ipo_result *r,
                                const evs_study_result *post,
                                const evs_report_opts *o, evs_error *err);
evs_status evs__report_ipo_table(FILE *f, const evs_ipo_result *r,
                                 const evs_study_result *post,
                                 const evs_report_opts *o, evs_error *err);
#endif
