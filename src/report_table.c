/*
 * report_table.c - the aligned text report for people: events, AAR/CAAR,
 * CAR windows, and the tests grouped by family (parametric and
 * nonparametric, five side by side), returns in percent, p-values with
 * significance marks (*** p < 0.01, ** p < 0.05, * p < 0.10).
 */
#include <string.h>

#include "report_util.h"

static const char *stars(double p)
{
    if (!isfinite(p))
        return "";
    return p < 0.01 ? "***" : p < 0.05 ? "**" : p < 0.10 ? "*" : "";
}

static void pct(FILE *f, int width, double v)
{
    if (isfinite(v))
        fprintf(f, " %*.3f", width, 100.0 * v);
    else
        fprintf(f, " %*s", width, "-");
}

static void fixed(FILE *f, int width, int prec, double v)
{
    if (isfinite(v))
        fprintf(f, " %*.*f", width, prec, v);
    else
        fprintf(f, " %*s", width, "-");
}

static void header(FILE *f, const evs_study_result *r)
{
    const evs_study_config *c = evs_study_result_config(r);
    char e[32], w[32];
    fprintf(f, "evstudy %s: model %s, market %s, estimation %s, window %s, "
            "%s returns\n", evs_version(), c->model,
            c->market ? c->market : "(per event)",
            evs__window_str(c->estimation, e, sizeof e),
            evs__window_str(c->window, w, sizeof w),
            evs__returns_name(c->returns));
    fprintf(f, "events: %zu of %zu kept\n\n", evs_study_result_n_ok(r),
            evs_study_result_n_events(r));
}

static void events_table(FILE *f, const evs_study_result *r)
{
    const evs_study_config *c = evs_study_result_config(r);
    char w[32];
    fprintf(f, "%-12s %-10s %-10s %9s %7s %9s %5s %9s  status\n", "symbol",
            "event", "day0", "alpha%", "beta", "sigma%", "n_est", "CAR%");
    for (size_t i = 0; i < evs_study_result_n_events(r); i++) {
        evs_event_result e = evs_study_result_event(r, i);
        char d1[EVS_DATE_BUFSZ], d2[EVS_DATE_BUFSZ];
        evs_date_format(e.event->date, d1);
        int ok = e.status == EVS_EVENT_OK;
        fprintf(f, "%-12.12s %-10s %-10s", e.event->symbol, d1,
                ok ? evs_date_format(e.day0, d2) : "-");
        pct(f, 9, ok ? e.fit.alpha : NAN);
        fixed(f, 7, 3, ok ? e.fit.beta : NAN);
        pct(f, 9, ok ? e.fit.sigma : NAN);
        if (ok)
            fprintf(f, " %5zu", e.fit.n);
        else
            fprintf(f, " %5s", "-");
        pct(f, 9, evs_study_result_car(r, i, 0));
        if (ok)
            fputs("  ok\n", f);
        else
            fprintf(f, "  %s: %s\n", evs_event_status_name(e.status), e.reason);
    }
    fprintf(f, "(CAR over %s)\n\n", evs__window_str(c->car[0], w, sizeof w));
}

static void aar_table(FILE *f, const evs_study_result *r)
{
    const evs_study_config *c = evs_study_result_config(r);
    size_t L = evs_study_result_win_len(r);
    fprintf(f, "%5s %4s %9s %9s\n", "day", "n", "AAR%", "CAAR%");
    for (size_t k = 0; k < L; k++) {
        fprintf(f, "%5d %4zu", c->window.first + (int)k,
                evs_study_result_aar_n(r)[k]);
        pct(f, 9, evs_study_result_aar(r)[k]);
        pct(f, 9, evs_study_result_caar(r)[k]);
        fputc('\n', f);
    }
    fputc('\n', f);
}

static void window_table(FILE *f, const evs_study_result *r)
{
    const evs_study_config *c = evs_study_result_config(r);
    char b[32];
    fprintf(f, "%-12s %4s %10s %10s\n", "CAR window", "n", "mean CAR%",
            "ABHAR%");
    for (size_t w = 0; w < c->n_car; w++) {
        fprintf(f, "%-12s %4zu", evs__window_str(c->car[w], b, sizeof b),
                evs_study_result_car_n(r)[w]);
        pct(f, 10, evs_study_result_car_mean(r)[w]);
        pct(f, 10, evs_study_result_abhar(r)[w]);
        fputc('\n', f);
    }
    fputc('\n', f);
}

/* One test cell: the statistic and the p-value with its marks, or the
 * status word when the test could not be computed. */
static void cell(FILE *f, const evs_test_result *t)
{
    if (t->status != EVS_TEST_OK)
        fprintf(f, "  %19s", evs_test_status_name(t->status));
    else
        fprintf(f, "  %8.3f %7.4f%-3s", t->statistic, t->p_value,
                stars(t->p_value));
}

enum { BLOCK = 5 }; /* tests side by side: about 110 columns */

/* The tests of one family (parametric / nonparametric), BLOCK at a time,
 * rows = days (scope 0) or CAR windows (scope 1). */
static void family_block(FILE *f, const evs_study_result *r,
                         const char *family, int scope)
{
    const evs_study_config *c = evs_study_result_config(r);
    size_t nt = evs_study_result_n_tests(r), L = evs_study_result_win_len(r);
    size_t rows = scope ? c->n_car : L, cols = scope ? c->n_car : L;
    const evs_test_result *res = scope ? evs_study_result_window_tests(r)
                                       : evs_study_result_day_tests(r);
    size_t pick[EVS_MAX_TESTS], np = 0;
    for (size_t j = 0; j < nt; j++) {
        const evs_stattest_info *t =
            evs_stattest_find(evs_study_result_test_name(r, j));
        if (t && t->family && strcmp(t->family, family) == 0)
            pick[np++] = j;
    }
    char b[32];
    for (size_t s0 = 0; s0 < np; s0 += BLOCK) {
        size_t s1 = s0 + BLOCK < np ? s0 + BLOCK : np;
        fprintf(f, "%s tests by %s (statistic, p):\n%-12s", family,
                scope ? "CAR window" : "day", scope ? "window" : "day");
        for (size_t q = s0; q < s1; q++)
            fprintf(f, "  %-19.19s",
                    evs_stattest_find(evs_study_result_test_name(r, pick[q]))
                        ->label);
        fputc('\n', f);
        for (size_t k = 0; k < rows; k++) {
            if (scope)
                fprintf(f, "%-12s", evs__window_str(c->car[k], b, sizeof b));
            else
                fprintf(f, "%-12d", c->window.first + (int)k);
            for (size_t q = s0; q < s1; q++)
                cell(f, &res[pick[q] * cols + k]);
            fputc('\n', f);
        }
        fputc('\n', f);
    }
}

static void tests_tables(FILE *f, const evs_study_result *r, int scope)
{
    family_block(f, r, "parametric", scope);
    family_block(f, r, "nonparametric", scope);
}

evs_status evs__report_table(FILE *f, const evs_study_result *r,
                             const evs_report_opts *o, evs_error *err)
{
    (void)err;
    unsigned want = o->tables ? o->tables
                              : EVS_TABLE_EVENTS | EVS_TABLE_AAR | EVS_TABLE_TESTS;
    header(f, r);
    if (want & EVS_TABLE_EVENTS)
        events_table(f, r);
    if (want & (EVS_TABLE_AAR | EVS_TABLE_AR))
        aar_table(f, r);
    if (want & (EVS_TABLE_AAR | EVS_TABLE_AR | EVS_TABLE_TESTS))
        tests_tables(f, r, 0);
    if (want & (EVS_TABLE_TESTS | EVS_TABLE_CAR)) {
        window_table(f, r);
        tests_tables(f, r, 1);
    }
    const double rbar = evs_study_result_test_data(r)->rbar;
    if (isfinite(rbar))
        fprintf(f, "Kolari-Pynnonen rbar (mean cross-correlation of "
                "estimation residuals): %.4f\n", rbar);
    fputs("p-values are two-sided; *** p<0.01, ** p<0.05, * p<0.10", f);
    for (size_t j = 0; j < evs_study_result_n_tests(r); j++)
        if (strcmp(evs_study_result_test_name(r, j), "wilcoxon") == 0)
            fputs("; wilcoxon's statistic is W+", f);
    fputc('\n', f);
    return EVS_OK;
}
