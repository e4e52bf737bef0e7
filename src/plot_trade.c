/*
 * plot_trade.c - the figures of a backtest, from plain arrays: the
 * distribution of trade returns (histogram with the mean marked) and the
 * equity curve over its drawdown.  The bins and the drawdown are computed
 * here and exposed (evs_plot_hist_bins, evs_plot_drawdown) so that tests
 * and reports can use the very numbers the figures draw.
 */
#include <stdlib.h>
#include <string.h>

#include "plot_internal.h"

evs_status evs_plot_hist_bins(const double *returns, size_t n,
                              double bin_width, size_t *n_bins, double *lo,
                              double *w, size_t *counts, evs_error *err)
{
    if (!(bin_width >= 0) || !isfinite(bin_width))
        return evs__seterr(err, EVS_EINVAL, 0, "plot: the bin width must be a "
                           "finite number >= 0");
    double mn = INFINITY, mx = -INFINITY;
    size_t m = 0;
    for (size_t i = 0; returns != NULL && i < n; i++)
        if (isfinite(returns[i])) {
            mn = fmin(mn, returns[i]);
            mx = fmax(mx, returns[i]);
            m++;
        }
    if (m == 0)
        return evs__seterr(err, EVS_ENODATA, 0, "plot: no valid trade return");
    double width, low;
    size_t k;
    if (mx == mn) {
        /* One value: one bin of 1% centred on it. */
        width = bin_width > 0 ? bin_width : 0.01;
        low = mn - width / 2;
        k = 1;
    } else if (bin_width > 0) {
        width = bin_width;
        low = floor(mn / width) * width;
        double span = floor((mx - low) / width) + 1;
        if (!(span <= EVS_PLOT_MAX_BINS))
            return evs__seterr(err, EVS_EINVAL, 0, "plot: bin width %g gives more "
                               "than %d bins", bin_width, EVS_PLOT_MAX_BINS);
        k = span < 1 ? 1 : (size_t)span;
    } else {
        /* Sturges (1926): ceil(log2 m) + 1 bins. */
        k = (size_t)ceil(log2((double)m)) + 1;
        low = mn;
        width = (mx - mn) / (double)k;
    }
    if (counts != NULL) {
        memset(counts, 0, k * sizeof *counts);
        for (size_t i = 0; i < n; i++) {
            if (!isfinite(returns[i]))
                continue;
            double j = floor((returns[i] - low) / width);
            /* Clamping puts the top edge into the last bin and absorbs the
             * rounding of floor(min / w) * w. */
            size_t b = j < 0 ? 0 : j >= (double)k ? k - 1 : (size_t)j;
            counts[b]++;
        }
    }
    *n_bins = k;
    *lo = low;
    *w = width;
    return EVS_OK;
}

static double mean_valid(const double *x, size_t n)
{
    double s = 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(x[i])) {
            s += x[i];
            m++;
        }
    return s / (double)m;
}

evs_status evs_plot_trade_hist(const double *returns, size_t n,
                               double bin_width, const char *name,
                               const evs_plot_opts *o, const char *output,
                               char **script, evs_error *err)
{
    *script = NULL;
    size_t k, *counts = evs__calloc(EVS_PLOT_MAX_BINS, sizeof *counts);
    double lo, w;
    if (counts == NULL)
        return evs__seterr(err, EVS_ENOMEM, 0, "plot: out of memory");
    evs_status st = evs_plot_hist_bins(returns, n, bin_width, &k, &lo, &w, counts, err);
    evs__gp g;
    if (st == EVS_OK)
        st = evs__gp_begin(&g, o, output, "trade returns", err);
    if (st != EVS_OK) {
        free(counts);
        return st;
    }
    size_t m = 0, top = 0;
    evs__gp_block_begin(&g, "hist");
    evs__gp_printf(&g, "# bin centre (decimal) trades\n");
    for (size_t j = 0; j < k; j++) {
        evs__gp_num(&g, lo + ((double)j + 0.5) * w);
        evs__gp_printf(&g, " %zu\n", counts[j]);
        m += counts[j];
        if (counts[j] > top)
            top = counts[j];
    }
    evs__gp_block_end(&g);
    free(counts);
    double mean = mean_valid(returns, n);
    evs__gp_block_begin(&g, "mean");
    evs__gp_num(&g, mean);
    evs__gp_printf(&g, " 0\n");
    evs__gp_num(&g, mean);
    evs__gp_printf(&g, " %zu\n", top);
    evs__gp_block_end(&g);
    evs__gp_printf(&g, "set title ");
    evs__gp_qprintf(&g, "Distribution of trade returns%s%s: %zu trade%s",
                    name ? ", " : "", name ? name : "", m, m == 1 ? "" : "s");
    evs__gp_printf(&g, " font ',13'\nset xlabel 'Trade return (%%)'\n"
                       "set ylabel 'Number of trades'\nset yrange [0:*]\n"
                       "set boxwidth ");
    evs__gp_num(&g, w * 100);
    /* White borders keep adjacent bins apart (two equal bars would read
     * as one wide one) without narrowing them. */
    evs__gp_printf(&g, " absolute\nset style fill solid 1.0 border lc rgb '#ffffff'\n");
    /* Counts are whole numbers; below 10 gnuplot's own ticks are not. */
    if (top < 10)
        evs__gp_printf(&g, "set ytics 1\n");
    /* A zero line only where zero is on the axis (arrows are not clipped). */
    if (lo <= 0 && lo + (double)k * w >= 0)
        evs__gp_printf(&g, "set arrow 1 from 0, graph 0 to 0, graph 1 nohead back "
                           "dt 3 lc rgb '#808080'\n");
    evs__gp_printf(&g, "plot $hist using ($1*100):2 with boxes lc rgb '#a0a0a0' lw 2 dt 1 "
                       "title 'trades per bin (bin width %.3g%%)', \\\n"
                       "     $mean using ($1*100):2 with lines lc rgb '#d55e00' lw 2.5 "
                       "dt 2 title 'mean %+.2f%%'\n", w * 100, mean * 100);
    return evs__gp_finish(&g, script, err);
}

/* ---- equity curve and drawdown ------------------------------------------- */

evs_status evs_plot_drawdown(const double *equity, size_t n, double *dd,
                             evs_error *err)
{
    double peak = -INFINITY;
    for (size_t k = 0; k < n; k++) {
        if (!isfinite(equity[k])) {
            dd[k] = NAN;
            continue;
        }
        if (!(equity[k] > 0))
            return evs__seterr(err, EVS_EINVAL, 0, "plot: equity %g on row %zu is "
                               "not positive", equity[k], k + 1);
        peak = fmax(peak, equity[k]);
        dd[k] = equity[k] / peak - 1;
    }
    return EVS_OK;
}

static evs_status equity_check(const evs_date *dates, const double *equity,
                               size_t n, double *first, evs_error *err)
{
    if (dates == NULL || equity == NULL || n == 0)
        return evs__seterr(err, EVS_EINVAL, 0, "plot: an equity curve needs dates "
                           "and values");
    if (!evs__gp_dates_ok(dates, n))
        return evs__seterr(err, EVS_EINVAL, 0, "plot: equity dates must increase "
                           "strictly");
    *first = NAN;
    for (size_t k = 0; k < n && isnan(*first); k++)
        if (isfinite(equity[k]))
            *first = equity[k];
    if (isnan(*first))
        return evs__seterr(err, EVS_ENODATA, 0, "plot: no valid equity value");
    return EVS_OK;
}

/* Fixed y ranges where autoscaling would meet an empty range (a flat
 * equity curve, no drawdown at all) and make gnuplot warn. */
static void flat_ranges(evs__gp *g, const double *equity, const double *dd,
                        size_t n, int panel)
{
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < n; k++) {
        double v = panel == 0 ? equity[k] : dd[k];
        if (isfinite(v)) {
            lo = fmin(lo, v);
            hi = fmax(hi, v);
        }
    }
    if (panel == 0 && lo == hi)
        evs__gp_printf(g, "set yrange [%.10g:%.10g]\n", lo * 0.99, hi * 1.01);
    else if (panel == 1)
        evs__gp_printf(g, "set yrange [%s:0]\n", lo < 0 ? "*" : "-1");
}

static void equity_panels(evs__gp *g, const char *name, const evs_date *dates,
                          size_t n, const double *equity, const double *dd)
{
    evs__gp_printf(g, "set label 100 ");
    evs__gp_qprintf(g, "Equity curve and drawdown%s%s", name ? ": " : "",
                    name ? name : "");
    evs__gp_printf(g, " at screen 0.5, screen 0.96 center font ',13'\n"
                      "set multiplot\nset lmargin at screen 0.10\n"
                      "set rmargin at screen 0.97\nset tmargin at screen 0.86\n"
                      "set bmargin at screen 0.44\n"
                      "set key at screen 0.5, screen 0.915 center center horizontal "
                      "maxrows 1\nset ylabel 'Equity'\n");
    flat_ranges(g, equity, dd, n, 0);
    evs__gp_time_axis(g, dates[0], dates[n - 1], NULL);
    evs__gp_printf(g, "set format x ''\n"
                      "plot $start using 1:2 with lines lc rgb '#808080' lw 1.5 dt 3 "
                      "title 'starting equity', \\\n"
                      "     $equity using 1:2 with lines lc rgb '#0072b2' lw 2 dt 1 title 'equity'\n"
                      "unset key\nunset label 100\nset tmargin at screen 0.40\n"
                      "set bmargin at screen 0.14\nset ylabel 'Drawdown (%%)'\n");
    flat_ranges(g, equity, dd, n, 1);
    evs__gp_time_axis(g, dates[0], dates[n - 1], "Date");
    evs__gp_printf(g, "set style fill solid 1.0 noborder\n"
                      "plot $dd using 1:($2*100) with filledcurves y=0 fc rgb '#c8c8c8' "
                      "notitle, \\\n"
                      "     $dd using 1:($2*100) with lines lc rgb '#000000' lw 1.5 dt 1 notitle\n"
                      "unset multiplot\n");
}

evs_status evs_plot_equity(const evs_date *dates, const double *equity,
                           size_t n, const char *name,
                           const evs_plot_opts *o, const char *output,
                           char **script, evs_error *err)
{
    *script = NULL;
    double first = NAN;
    evs_status st = equity_check(dates, equity, n, &first, err);
    if (st != EVS_OK)
        return st;
    double *dd = evs__mallocarray(n, sizeof *dd);
    if (dd == NULL)
        return evs__seterr(err, EVS_ENOMEM, 0, "plot: out of memory");
    st = evs_plot_drawdown(equity, n, dd, err);
    evs__gp g;
    if (st == EVS_OK)
        st = evs__gp_begin(&g, o, output, "equity curve and drawdown", err);
    if (st != EVS_OK) {
        free(dd);
        return st;
    }
    evs__gp_block_begin(&g, "equity");
    evs__gp_path_rows(&g, dates, equity, n);
    evs__gp_block_end(&g);
    evs__gp_block_begin(&g, "dd");
    evs__gp_printf(&g, "# date drawdown (decimal): equity / running peak - 1\n");
    evs__gp_path_rows(&g, dates, dd, n);
    evs__gp_block_end(&g);
    double start[2] = {first, first};
    evs_date ends[2] = {dates[0], dates[n - 1]};
    evs__gp_block_begin(&g, "start");
    evs__gp_path_rows(&g, ends, start, n > 1 ? 2 : 1);
    evs__gp_block_end(&g);
    equity_panels(&g, name, dates, n, equity, dd);
    free(dd);
    return evs__gp_finish(&g, script, err);
}
