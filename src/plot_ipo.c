/*
 * plot_ipo.c - the figures of listings, from plain arrays: one listing's
 * price path against its offer price and rebased benchmark, first-day
 * returns across listings as grouped bars, and BHAR paths by trading day
 * since listing.  Computes nothing beyond what it draws (rebasing, the
 * first-day returns quoted in the legend).
 */
#include <stdlib.h>
#include <string.h>

#include "plot_internal.h"

/* Price text for the legend: two decimals, more for prices under 1. */
static void price_text(char *buf, size_t size, double v)
{
    snprintf(buf, size, fabs(v) >= 1 ? "%.2f" : "%.4g", v);
}

static evs_status listing_check(const evs_plot_listing *l, evs_error *err)
{
    if (l == NULL || l->dates == NULL || l->close == NULL || l->n == 0)
        return evs__seterr(err, EVS_EINVAL, 0, "plot: a listing needs dates and "
                           "closing prices");
    if (!(l->offer > 0) || !isfinite(l->offer))
        return evs__seterr(err, EVS_EINVAL, 0, "plot: the offer price must be "
                           "positive");
    if (!evs__gp_dates_ok(l->dates, l->n))
        return evs__seterr(err, EVS_EINVAL, 0, "plot: listing dates must increase "
                           "strictly");
    return EVS_OK;
}

/* The benchmark rebased to the offer price, or NULL (no benchmark or no
 * valid value in it); *st reports an allocation failure. */
static double *rebase(const evs_plot_listing *l, evs_status *st, evs_error *err)
{
    *st = EVS_OK;
    if (l->bench == NULL)
        return NULL;
    double base = l->bench_base;
    for (size_t k = 0; k < l->n && !(isfinite(base) && base > 0); k++)
        base = l->bench[k];
    if (!(isfinite(base) && base > 0))
        return NULL;
    double *y = evs__mallocarray(l->n, sizeof *y);
    if (y == NULL) {
        *st = evs__seterr(err, EVS_ENOMEM, 0, "plot: out of memory");
        return NULL;
    }
    for (size_t k = 0; k < l->n; k++)
        y[k] = l->bench[k] * l->offer / base;
    return y;
}

/* One first-day mark: a datablock and its plot clause with the return
 * over the offer price in the legend. */
static void day1_block(evs__gp *g, const char *name, double v,
                       const evs_plot_listing *l)
{
    if (!isfinite(v))
        return;
    evs__gp_block_begin(g, name);
    evs__gp_date(g, l->dates[0]);
    evs__gp_printf(g, " ");
    evs__gp_num(g, v);
    evs__gp_printf(g, "\n");
    evs__gp_block_end(g);
}

static void day1_clause(evs__gp *g, const char *name, const char *what,
                        const char *style, double v, const evs_plot_listing *l)
{
    if (!isfinite(v))
        return;
    char p[32];
    price_text(p, sizeof p, v);
    evs__gp_printf(g, ", \\\n     $%s using 1:2 with points %s title "
                      "'first-day %s %s (%+.2f%% over the offer)'",
                   name, style, what, p, (v / l->offer - 1) * 100);
}

static void listing_plot(evs__gp *g, const evs_plot_listing *l, int bench)
{
    char p[32];
    price_text(p, sizeof p, l->offer);
    evs__gp_printf(g, "plot $offer using 1:2 with lines lc rgb '#000000' lw 1.5 "
                      "dt 2 title 'offer price %s', \\\n"
                      "     $close using 1:2 with lines lc rgb '#0072b2' lw 2 dt 1 "
                      "title 'close'", p);
    if (bench) {
        evs__gp_printf(g, ", \\\n     $bench using 1:2 with lines lc rgb '#e69f00' "
                          "lw 2 dt 4 title ");
        evs__gp_qprintf(g, "%s rebased to the offer price",
                        l->bench_name ? l->bench_name : "benchmark");
    }
    day1_clause(g, "open1", "open", "pt 9 ps 1.8 lc rgb '#009e73'", l->open1, l);
    day1_clause(g, "high1", "high", "pt 11 ps 1.8 lc rgb '#d55e00'", l->high1, l);
    day1_clause(g, "close1", "close", "pt 7 ps 1.6 lc rgb '#000000'", l->close1, l);
    evs__gp_printf(g, "\n");
}

evs_status evs_plot_listing_path(const evs_plot_listing *l,
                                 const evs_plot_opts *o, const char *output,
                                 char **script, evs_error *err)
{
    *script = NULL;
    evs_status st = listing_check(l, err);
    if (st != EVS_OK)
        return st;
    double *bench = rebase(l, &st, err);
    evs__gp g;
    if (st == EVS_OK)
        st = evs__gp_begin(&g, o, output, "listing price path", err);
    if (st != EVS_OK) {
        free(bench);
        return st;
    }
    evs__gp_block_begin(&g, "close");
    evs__gp_path_rows(&g, l->dates, l->close, l->n);
    evs__gp_block_end(&g);
    if (bench) {
        evs__gp_block_begin(&g, "bench");
        evs__gp_path_rows(&g, l->dates, bench, l->n);
        evs__gp_block_end(&g);
    }
    free(bench);
    double offer[2] = {l->offer, l->offer};
    evs_date ends[2] = {l->dates[0], l->dates[l->n - 1]};
    evs__gp_block_begin(&g, "offer");
    evs__gp_path_rows(&g, ends, offer, l->n > 1 ? 2 : 1);
    evs__gp_block_end(&g);
    day1_block(&g, "open1", l->open1, l);
    day1_block(&g, "high1", l->high1, l);
    day1_block(&g, "close1", l->close1, l);
    evs__gp_printf(&g, "set title ");
    evs__gp_qprintf(&g, "%s: price from the first trading day",
                    l->name ? l->name : "listing");
    evs__gp_printf(&g, " font ',13'\nset ylabel ");
    if (l->currency != NULL)
        evs__gp_qprintf(&g, "Price (%s)", l->currency);
    else
        evs__gp_printf(&g, "'Price'");
    /* Six legend entries in two columns rather than one tall one. */
    evs__gp_printf(&g, "\nset yrange [0:*]\nset key vertical maxrows 3\n");
    evs__gp_time_axis(&g, l->dates[0], l->dates[l->n - 1], "Trading date");
    listing_plot(&g, l, bench != NULL);
    return evs__gp_finish(&g, script, err);
}

/* ---- first-day returns across listings ----------------------------------- */

static const struct {
    const char *block, *title, *style;
    double shift;
} pop_series[3] = {
    {"open", "offer to open", "fc rgb '#e69f00' fs solid 1.0 border lc rgb '#303030' dt 1", -0.27},
    {"close", "offer to close", "fc rgb '#0072b2' fs solid 1.0 border lc rgb '#303030' dt 1", 0},
    {"high", "offer to high", "fc rgb '#d55e00' fs pattern 4 border lc rgb '#303030' dt 1", 0.27},
};

static size_t pop_block(evs__gp *g, int s, const double *v, size_t n)
{
    size_t used = 0;
    evs__gp_block_begin(g, pop_series[s].block);
    evs__gp_printf(g, "# x return (decimal)\n");
    for (size_t i = 0; v != NULL && i < n; i++) {
        if (!isfinite(v[i]))
            continue;
        evs__gp_num(g, (double)i + pop_series[s].shift);
        evs__gp_printf(g, " ");
        evs__gp_num(g, v[i]);
        evs__gp_printf(g, "\n");
        used++;
    }
    evs__gp_block_end(g);
    return used;
}

static void pop_axes(evs__gp *g, const char *const *labels, size_t n)
{
    evs__gp_printf(g, "set title 'First-day return over the offer price: %zu "
                      "listing%s' font ',13'\n"
                      "set ylabel 'Return over the offer price (%%)'\n"
                      "set xzeroaxis lt -1 lw 1\nset xrange [-0.6:%g]\n"
                      "set boxwidth 0.25 absolute\nset grid noxtics ytics\n"
                      "set xtics scale 0 (",
                   n, n == 1 ? "" : "s", (double)n - 0.4);
    for (size_t i = 0; i < n; i++) {
        evs__gp_printf(g, "%s", i ? ", " : "");
        evs__gp_quote(g, labels[i] ? labels[i] : "");
        evs__gp_printf(g, " %zu", i);
    }
    evs__gp_printf(g, ")\n");
}

evs_status evs_plot_first_day(const char *const *labels,
                              const double *offer_to_open,
                              const double *offer_to_close,
                              const double *offer_to_high, size_t n,
                              const evs_plot_opts *o, const char *output,
                              char **script, evs_error *err)
{
    *script = NULL;
    if (labels == NULL || n == 0)
        return evs__seterr(err, EVS_EINVAL, 0, "plot: first-day returns need at "
                           "least one listing with a label");
    const double *v[3] = {offer_to_open, offer_to_close, offer_to_high};
    evs__gp g;
    evs_status st = evs__gp_begin(&g, o, output, "first-day returns", err);
    if (st != EVS_OK)
        return st;
    size_t used[3], total = 0;
    for (int s = 0; s < 3; s++)
        total += used[s] = pop_block(&g, s, v[s], n);
    if (total == 0) {
        evs__gp_abort(&g);
        return evs__seterr(err, EVS_ENODATA, 0, "plot: no first-day return to draw");
    }
    pop_axes(&g, labels, n);
    evs__gp_printf(&g, "plot ");
    int first = 1;
    for (int s = 0; s < 3; s++) {
        if (used[s] == 0)
            continue;
        /* The value labels are printed from the numbers (sprintf in
         * gnuplot), never from user text. */
        evs__gp_printf(&g, "%s$%s using 1:($2*100) with boxes %s title '%s', \\\n"
                           "     $%s using 1:($2 >= 0 ? $2*100 : 0):(sprintf('%%+.0f%%%%', "
                           "$2*100)) with labels offset 0,0.7 font ',9' notitle",
                       first ? "" : ", \\\n     ", pop_series[s].block,
                       pop_series[s].style, pop_series[s].title, pop_series[s].block);
        first = 0;
    }
    evs__gp_printf(&g, "\n");
    return evs__gp_finish(&g, script, err);
}

/* ---- BHAR paths ------------------------------------------------------------ */

evs_status evs_plot_bhar_paths(const evs_plot_path *paths, size_t n_paths,
                               const char *benchmark_note,
                               const evs_plot_opts *o, const char *output,
                               char **script, evs_error *err)
{
    *script = NULL;
    size_t longest = 0;
    for (size_t i = 0; paths != NULL && i < n_paths; i++) {
        if (paths[i].y == NULL || paths[i].n == 0)
            return evs__seterr(err, EVS_EINVAL, 0, "plot: BHAR path %zu is empty", i + 1);
        if (paths[i].n > longest)
            longest = paths[i].n;
    }
    if (paths == NULL || n_paths == 0)
        return evs__seterr(err, EVS_EINVAL, 0, "plot: no BHAR path given");
    evs__gp g;
    evs_status st = evs__gp_begin(&g, o, output, "BHAR paths", err);
    if (st != EVS_OK)
        return st;
    /* One datablock per listing: a path with no valid day stays an empty
     * block rather than shifting the index of the others. */
    for (size_t i = 0; i < n_paths; i++) {
        evs__gp_printf(&g, "$bhar%zu << EOD\n# trading day since listing, BHAR "
                           "(decimal)\n", i + 1);
        evs__gp_path_rows(&g, NULL, paths[i].y, paths[i].n);
        evs__gp_block_end(&g);
    }
    evs__gp_printf(&g, "set title ");
    if (benchmark_note != NULL)
        evs__gp_qprintf(&g, "Buy-and-hold abnormal return since listing, %s",
                        benchmark_note);
    else
        evs__gp_printf(&g, "'Buy-and-hold abnormal return since listing'");
    evs__gp_printf(&g, " font ',13'\nset ylabel 'BHAR (%%)'\n"
                       "set xlabel 'Trading days since listing (day 1 = first trading day)'\n"
                       "set xrange [0.5:%g]\nset xzeroaxis lt -1 lw 1\nplot ",
                   (double)longest + 0.5);
    for (size_t i = 0; i < n_paths; i++) {
        evs__gp_printf(&g, "%s$bhar%zu using 1:($2*100) with lines lt %zu title ",
                       i ? ", \\\n     " : "", i + 1, 1 + i % EVS__GP_STYLES);
        if (paths[i].label != NULL)
            evs__gp_quote(&g, paths[i].label);
        else
            evs__gp_printf(&g, "'listing %zu'", i + 1);
    }
    evs__gp_printf(&g, "\n");
    return evs__gp_finish(&g, script, err);
}
