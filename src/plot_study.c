/*
 * plot_study.c - the figures of an event study: CAAR with its confidence
 * band over AAR bars, and the CAR path of every event under the CAAR.
 * Reads the study result through its public accessors only.
 */
#include <stdlib.h>
#include <string.h>

#include "plot_internal.h"

/* CAR_i(t) for t over the window: the running sum of the valid ARs (a
 * missing AR adds nothing, as in the study's CARs).  *started[k] tells
 * whether at least one valid AR was seen through column k. */
static void car_path(const double *ar, size_t L, double *car,
                     unsigned char *started)
{
    double s = 0;
    unsigned char seen = 0;
    for (size_t k = 0; k < L; k++) {
        if (!isnan(ar[k])) {
            s += ar[k];
            seen = 1;
        }
        car[k] = s;
        if (started)
            started[k] = seen;
    }
}

evs_status evs_plot_car_se(const evs_study_result *r, double *se, size_t *n,
                           evs_error *err)
{
    size_t L = evs_study_result_win_len(r), N = evs_study_result_n_events(r);
    if (evs_study_result_n_ok(r) == 0)
        return evs__seterr(err, EVS_ENODATA, 0, "plot: no event survived");
    double *car = evs__mallocarray(L, sizeof *car);
    double *sum = evs__calloc(L, sizeof *sum), *sq = evs__calloc(L, sizeof *sq);
    size_t *cnt = evs__calloc(L, sizeof *cnt);
    unsigned char *on = evs__malloc(L);
    evs_status st = EVS_OK;
    if (car == NULL || sum == NULL || sq == NULL || cnt == NULL || on == NULL) {
        st = evs__seterr(err, EVS_ENOMEM, 0, "plot: out of memory");
        goto out;
    }
    /* Two passes per day would need every path at once; the mean first,
     * then squared deviations, keeps only one path in memory: pass 1 sums,
     * pass 2 accumulates (x - mean)^2 (no one-pass cancellation). */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < N; i++) {
            evs_event_result e = evs_study_result_event(r, i);
            if (e.status != EVS_EVENT_OK)
                continue;
            car_path(e.ar, L, car, on);
            for (size_t k = 0; k < L; k++) {
                if (!on[k])
                    continue;
                if (pass == 0) {
                    sum[k] += car[k];
                    cnt[k]++;
                } else {
                    double d = car[k] - sum[k] / (double)cnt[k];
                    sq[k] += d * d;
                }
            }
        }
    for (size_t k = 0; k < L; k++) {
        double m = (double)cnt[k];
        se[k] = cnt[k] >= 2 ? sqrt(sq[k] / (m - 1)) / sqrt(m) : NAN;
        if (n)
            n[k] = cnt[k];
    }
out:
    free(car);
    free(sum);
    free(sq);
    free(cnt);
    free(on);
    return st;
}

/* "N events, MODEL model, market SYM": the subject of both titles. */
static void study_title(evs__gp *g, const char *what,
                        const evs_study_result *r)
{
    const evs_study_config *c = evs_study_result_config(r);
    size_t ok = evs_study_result_n_ok(r), all = evs_study_result_n_events(r);
    char events[64];
    if (ok == all)
        snprintf(events, sizeof events, "%zu event%s", ok, ok == 1 ? "" : "s");
    else
        snprintf(events, sizeof events, "%zu of %zu events", ok, all);
    if (c->market != NULL)
        evs__gp_qprintf(g, "%s: %s, %s model, market %s", what, events,
                        c->model, c->market);
    else
        evs__gp_qprintf(g, "%s: %s, %s model", what, events, c->model);
}

/* The event-time x axis both study figures share. */
static void day_axis(evs__gp *g, const evs_study_result *r, int labelled)
{
    evs_window w = evs_study_result_config(r)->window;
    evs__gp_printf(g, "set xrange [%g:%g]\n", w.first - 0.5, w.last + 0.5);
    long len = (long)w.last - w.first + 1;
    evs__gp_printf(g, "set xtics %ld\nset mxtics %d\n",
                   len <= 25 ? 1L : len <= 60 ? 5L : 10L, len <= 25 ? 1 : 5);
    if (labelled)
        evs__gp_printf(g, "set xlabel 'Trading day relative to the event (day 0 = "
                          "event day)'\n");
    if (w.first <= 0 && w.last >= 0)
        evs__gp_printf(g, "set arrow 1 from 0, graph 0 to 0, graph 1 nohead "
                          "front dt 3 lc rgb '#808080'\n");
}

static void caar_blocks(evs__gp *g, const evs_study_result *r, const double *se)
{
    size_t L = evs_study_result_win_len(r);
    int first = evs_study_result_config(r)->window.first;
    const double *caar = evs_study_result_caar(r), *aar = evs_study_result_aar(r);
    evs__gp_block_begin(g, "caar");
    evs__gp_printf(g, "# day CAAR (decimal)\n");
    for (size_t k = 0; k < L; k++) {
        evs__gp_printf(g, "%ld ", (long)first + (long)k);
        evs__gp_num(g, caar[k]);
        evs__gp_printf(g, "\n");
    }
    evs__gp_block_end(g);
    evs__gp_block_begin(g, "band");
    evs__gp_printf(g, "# day CAAR-1.96*SE CAAR+1.96*SE; a blank line where SE "
                      "is undefined (fewer than 2 events)\n");
    int gap = 0;
    for (size_t k = 0; k < L; k++) {
        if (isnan(se[k])) {
            if (!gap)
                evs__gp_printf(g, "\n");
            gap = 1;
            continue;
        }
        gap = 0;
        evs__gp_printf(g, "%ld ", (long)first + (long)k);
        evs__gp_num(g, caar[k] - 1.96 * se[k]);
        evs__gp_printf(g, " ");
        evs__gp_num(g, caar[k] + 1.96 * se[k]);
        evs__gp_printf(g, "\n");
    }
    evs__gp_block_end(g);
    evs__gp_block_begin(g, "aar");
    evs__gp_printf(g, "# day AAR (decimal); days without a valid AR are left out\n");
    for (size_t k = 0; k < L; k++)
        if (!isnan(aar[k])) {
            evs__gp_printf(g, "%ld ", (long)first + (long)k);
            evs__gp_num(g, aar[k]);
            evs__gp_printf(g, "\n");
        }
    evs__gp_block_end(g);
}

evs_status evs_plot_caar(const evs_study_result *r, const evs_plot_opts *o,
                         const char *output, char **script, evs_error *err)
{
    *script = NULL;
    size_t L = evs_study_result_win_len(r);
    double *se = evs__mallocarray(L, sizeof *se);
    if (se == NULL)
        return evs__seterr(err, EVS_ENOMEM, 0, "plot: out of memory");
    evs_status st = evs_plot_car_se(r, se, NULL, err);
    evs__gp g;
    if (st == EVS_OK)
        st = evs__gp_begin(&g, o, output, "CAAR with 95% band and AAR", err);
    if (st != EVS_OK) {
        free(se);
        return st;
    }
    caar_blocks(&g, r, se);
    free(se);
    /* Two panels on one x scale: fixed screen margins line them up. */
    /* The title and the legend sit in fixed bands above the top panel. */
    evs__gp_printf(&g, "set label 100 ");
    study_title(&g, "Cumulative average abnormal return", r);
    evs__gp_printf(&g, " at screen 0.5, screen 0.96 center font ',13'\n"
                       "set multiplot\n"
                       "set lmargin at screen 0.10\nset rmargin at screen 0.97\n"
                       "set tmargin at screen 0.86\nset bmargin at screen 0.44\n"
                       "set key at screen 0.5, screen 0.915 center center horizontal maxrows 1\n");
    day_axis(&g, r, 0);
    evs__gp_printf(&g, "set format x ''\nset ylabel 'CAAR (%%)'\nset xzeroaxis lt -1 lw 1\n"
                       "plot $band using 1:($2*100):($3*100) with filledcurves "
                       "fc rgb '#cfcfcf' fs solid 1.0 noborder title '95%% band: CAAR \xc2\xb1 1.96 SE', \\\n"
                       "     0 with lines lc rgb '#000000' lw 1 dt 1 notitle, \\\n"
                       "     $caar using 1:($2*100) with linespoints lt 1 title 'CAAR'\n"
                       "set tmargin at screen 0.40\nset bmargin at screen 0.12\n"
                       "unset key\nunset label 100\nset format x '%%g'\nset ylabel 'AAR (%%)'\n");
    day_axis(&g, r, 1);
    evs__gp_printf(&g, "set boxwidth 0.7 relative\n"
                       "set style fill solid 1.0 border lc rgb '#303030'\n"
                       "plot $aar using 1:($2*100) with boxes lc rgb '#8c8c8c' dt 1 "
                       "title 'AAR'\nunset multiplot\n");
    return evs__gp_finish(&g, script, err);
}

/* The legend text of event i: its label, else "SYMBOL DATE". */
static void event_title(evs__gp *g, const evs_event_result *e)
{
    char ds[EVS_DATE_BUFSZ];
    if (e->event->label != NULL && e->event->label[0] != '\0')
        evs__gp_quote(g, e->event->label);
    else
        evs__gp_qprintf(g, "%s %s", e->event->symbol,
                        evs_date_format(e->event->date, ds));
}

static evs_status car_blocks(evs__gp *g, const evs_study_result *r,
                             evs_error *err)
{
    size_t L = evs_study_result_win_len(r), N = evs_study_result_n_events(r);
    int first = evs_study_result_config(r)->window.first;
    double *car = evs__mallocarray(L, sizeof *car);
    unsigned char *on = evs__malloc(L);
    if (car == NULL || on == NULL) {
        free(car);
        free(on);
        return evs__seterr(err, EVS_ENOMEM, 0, "plot: out of memory");
    }
    evs__gp_block_begin(g, "car");
    evs__gp_printf(g, "# day CAR (decimal); one index per surviving event, from "
                      "its first valid AR\n");
    size_t block = 0;
    for (size_t i = 0; i < N; i++) {
        evs_event_result e = evs_study_result_event(r, i);
        if (e.status != EVS_EVENT_OK)
            continue;
        if (block++ > 0)
            evs__gp_printf(g, "\n\n");
        evs__gp_printf(g, "# event %zu\n", i + 1);
        car_path(e.ar, L, car, on);
        for (size_t k = 0; k < L; k++) {
            if (!on[k])
                continue;
            evs__gp_printf(g, "%ld ", (long)first + (long)k);
            evs__gp_num(g, car[k]);
            evs__gp_printf(g, "\n");
        }
    }
    evs__gp_block_end(g);
    free(car);
    free(on);
    const double *caar = evs_study_result_caar(r);
    evs__gp_block_begin(g, "caar");
    for (size_t k = 0; k < L; k++) {
        evs__gp_printf(g, "%ld ", (long)first + (long)k);
        evs__gp_num(g, caar[k]);
        evs__gp_printf(g, "\n");
    }
    evs__gp_block_end(g);
    return EVS_OK;
}

static void car_plot(evs__gp *g, const evs_study_result *r)
{
    size_t N = evs_study_result_n_events(r), ok = evs_study_result_n_ok(r);
    evs__gp_printf(g, "plot ");
    if (ok > EVS_PLOT_MAX_NAMED) {
        evs__gp_printf(g, "$car index 0 using 1:($2*100) with lines lc rgb '#a8a8a8' "
                          "lw 0.8 dt 1 title 'each event (%zu)', \\\n"
                          "     for [i=1:%zu] $car index i using 1:($2*100) with lines "
                          "lc rgb '#a8a8a8' lw 0.8 dt 1 notitle, \\\n", ok, ok - 1);
    } else {
        size_t b = 0;
        for (size_t i = 0; i < N; i++) {
            evs_event_result e = evs_study_result_event(r, i);
            if (e.status != EVS_EVENT_OK)
                continue;
            /* Line types 2..8: type 1 (solid black) is the CAAR's. */
            evs__gp_printf(g, "$car index %zu using 1:($2*100) with lines lt %zu "
                              "lw 1.2 title ", b, 2 + b % (EVS__GP_STYLES - 1));
            event_title(g, &e);
            evs__gp_printf(g, ", \\\n     ");
            b++;
        }
    }
    evs__gp_printf(g, "$caar using 1:($2*100) with lines lt 1 lw 3 title 'CAAR'\n");
}

evs_status evs_plot_car_paths(const evs_study_result *r,
                              const evs_plot_opts *o, const char *output,
                              char **script, evs_error *err)
{
    *script = NULL;
    if (evs_study_result_n_ok(r) == 0)
        return evs__seterr(err, EVS_ENODATA, 0, "plot: no event survived");
    evs__gp g;
    evs_status st = evs__gp_begin(&g, o, output, "CAR paths", err);
    if (st != EVS_OK)
        return st;
    st = car_blocks(&g, r, err);
    if (st != EVS_OK) {
        evs__gp_abort(&g);
        return st;
    }
    evs__gp_printf(&g, "set title ");
    study_title(&g, "Cumulative abnormal return of each event", r);
    evs__gp_printf(&g, " font ',13'\nset ylabel 'CAR (%%)'\nset xzeroaxis lt -1 lw 1\n");
    day_axis(&g, r, 1);
    car_plot(&g, r);
    return evs__gp_finish(&g, script, err);
}
