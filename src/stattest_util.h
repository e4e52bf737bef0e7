/*
 * stattest_util.h - pieces shared by the test files (stattest_*.c): result
 * setters that apply the reference-distribution convention, window column
 * ranges, ranking, and the test functions the registry in stattest.c
 * lists.  Tests never allocate except through evs__malloc & co.
 */
#ifndef EVS_STATTEST_UTIL_H
#define EVS_STATTEST_UTIL_H

#include "internal.h"

/* The choice of convention `which` (0, the default, when conv is NULL). */
int evs__conv(const evs_test_data *d, int which);

/* Result setters.  fail: status, n, NaN numbers.  z: a N(0,1) statistic.
 * t: a Student-t statistic with df, or N(0,1) under "t-ref=normal". */
void evs__test_fail(evs_test_result *out, evs_test_status s, size_t n);
void evs__test_z(evs_test_result *out, double z, size_t n);
void evs__test_t(const evs_test_data *d, evs_test_result *out, double t,
                 double df, size_t n);

/* Event-window columns c0..c1 of a CAR window. */
void evs__win_cols(const evs_test_data *d, evs_window w, size_t *c0,
                   size_t *c1);

/* Ranks the n values x[0..n) into rank[0..n): 1..m over the m non-NaN
 * values, NaN stays NaN; ties get their average rank (EVS_TIES_AVERAGE)
 * or ranks in order of position (EVS_TIES_FIRST).  `scratch` holds n
 * evs__rank_item.  Returns m. */
typedef struct evs__rank_item {
    double v;
    size_t pos;
} evs__rank_item;
size_t evs__rank(const double *x, size_t n, int ties, double *rank,
                 evs__rank_item *scratch);

/* Median of the non-NaN values among x[0..n) (scratch as above); NaN when
 * there are none. */
double evs__median(const double *x, size_t n, evs__rank_item *scratch);

/* Fills a whole row of results with a status (batch tests on failure). */
void evs__test_fill(evs_test_result *out, size_t n, evs_test_status s);

/* ---- the tests (registered in stattest.c) -------------------------------- */
void evs__t_day(const evs_test_data *d, size_t col, evs_test_result *out);
void evs__t_window(const evs_test_data *d, const evs_test_window *w,
                   evs_test_result *out);
void evs__bw80_day(const evs_test_data *d, size_t col, evs_test_result *out);
void evs__bw80_window(const evs_test_data *d, const evs_test_window *w,
                      evs_test_result *out);
void evs__bw85_day(const evs_test_data *d, size_t col, evs_test_result *out);
void evs__bw85_window(const evs_test_data *d, const evs_test_window *w,
                      evs_test_result *out);
evs_status evs__bw85_batch(const evs_test_data *d, const evs_test_window *w,
                           size_t nw, evs_test_result *day,
                           evs_test_result *win);
void evs__lamb_day(const evs_test_data *d, size_t col, evs_test_result *out);
void evs__lamb_window(const evs_test_data *d, const evs_test_window *w,
                      evs_test_result *out);
evs_status evs__lamb_batch(const evs_test_data *d, const evs_test_window *w,
                           size_t nw, evs_test_result *day,
                           evs_test_result *win);
void evs__patell_day(const evs_test_data *d, size_t col,
                     evs_test_result *out);
void evs__patell_window(const evs_test_data *d, const evs_test_window *w,
                        evs_test_result *out);
void evs__bmp_day(const evs_test_data *d, size_t col, evs_test_result *out);
void evs__bmp_window(const evs_test_data *d, const evs_test_window *w,
                     evs_test_result *out);
void evs__patell_kp_day(const evs_test_data *d, size_t col,
                        evs_test_result *out);
void evs__patell_kp_window(const evs_test_data *d, const evs_test_window *w,
                           evs_test_result *out);
void evs__bmp_kp_day(const evs_test_data *d, size_t col,
                     evs_test_result *out);
void evs__bmp_kp_window(const evs_test_data *d, const evs_test_window *w,
                        evs_test_result *out);
void evs__skew_day(const evs_test_data *d, size_t col, evs_test_result *out);
void evs__skew_window(const evs_test_data *d, const evs_test_window *w,
                      evs_test_result *out);
void evs__skewboot_day(const evs_test_data *d, size_t col,
                       evs_test_result *out);
void evs__skewboot_window(const evs_test_data *d, const evs_test_window *w,
                          evs_test_result *out);
void evs__sign_day(const evs_test_data *d, size_t col, evs_test_result *out);
void evs__sign_window(const evs_test_data *d, const evs_test_window *w,
                      evs_test_result *out);
void evs__gsign_day(const evs_test_data *d, size_t col, evs_test_result *out);
void evs__gsign_window(const evs_test_data *d, const evs_test_window *w,
                       evs_test_result *out);
evs_status evs__gsign_batch(const evs_test_data *d, const evs_test_window *w,
                            size_t nw, evs_test_result *day,
                            evs_test_result *win);
void evs__wilcoxon_day(const evs_test_data *d, size_t col,
                       evs_test_result *out);
void evs__wilcoxon_window(const evs_test_data *d, const evs_test_window *w,
                          evs_test_result *out);
/* The rank family: corrado-rank, corrado-zivney, corrado-sign, grank. */
void evs__crank_day(const evs_test_data *d, size_t col, evs_test_result *out);
void evs__crank_window(const evs_test_data *d, const evs_test_window *w,
                       evs_test_result *out);
evs_status evs__crank_batch(const evs_test_data *d, const evs_test_window *w,
                            size_t nw, evs_test_result *day,
                            evs_test_result *win);
void evs__czrank_day(const evs_test_data *d, size_t col,
                     evs_test_result *out);
void evs__czrank_window(const evs_test_data *d, const evs_test_window *w,
                        evs_test_result *out);
evs_status evs__czrank_batch(const evs_test_data *d, const evs_test_window *w,
                             size_t nw, evs_test_result *day,
                             evs_test_result *win);
void evs__csign_day(const evs_test_data *d, size_t col, evs_test_result *out);
void evs__csign_window(const evs_test_data *d, const evs_test_window *w,
                       evs_test_result *out);
evs_status evs__csign_batch(const evs_test_data *d, const evs_test_window *w,
                            size_t nw, evs_test_result *day,
                            evs_test_result *win);
void evs__grank_day(const evs_test_data *d, size_t col, evs_test_result *out);
void evs__grank_window(const evs_test_data *d, const evs_test_window *w,
                       evs_test_result *out);
evs_status evs__grank_batch(const evs_test_data *d, const evs_test_window *w,
                            size_t nw, evs_test_result *day,
                            evs_test_result *win);

#endif
