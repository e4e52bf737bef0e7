/*
 * cli_plot_ipo.c - the figures of `evstudy ipo --plot DIR`: a price path
 * per listing (listing-SYMBOL), the first-day returns across listings
 * (first-day), the BHAR paths from the offer and from the first close
 * (bhar-paths, bhar-paths-first-close) and the post-listing study (caar,
 * car-paths).  A listing without a drawable daily series is left out with
 * a warning that says why; that alone never fails the command.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli_plot.h"

/* Room for "listing-", a symbol (EVS_SYMBOL_MAX) and a "-N" suffix. */
#define STEM_MAX (EVS_SYMBOL_MAX + 32)

typedef struct ipo_fig {
    cli_plot *p;
    const evs_ipo_result *r;
    const evs_dataset *data;
    size_t n;
    evs_ipo_daily **daily; /* per listing, NULL when it has none */
    char (*stems)[STEM_MAX];
} ipo_fig;

/* The file-name stem of listing i: "listing-" and the symbol with every
 * byte outside [A-Za-z0-9._-] replaced by '_' (a symbol may hold '/' or
 * quotes); "-N" (N its input position) when an earlier listing took it. */
static void listing_stem(ipo_fig *f, size_t i, const char *sym)
{
    char *s = f->stems[i];
    int k = snprintf(s, STEM_MAX, "listing-");
    for (const char *c = sym; *c && k + 1 < STEM_MAX; c++, k++) {
        int ok = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
                 (*c >= '0' && *c <= '9') || *c == '.' || *c == '_' || *c == '-';
        s[k] = ok ? *c : '_';
    }
    s[k] = '\0';
    for (size_t j = 0; j < i; j++)
        if (strcmp(f->stems[j], s) == 0) {
            snprintf(s + k, (size_t)(STEM_MAX - k), "-%zu", i + 1);
            return;
        }
}

/* Days with a value on that day and the next: the pieces a line can
 * draw (the builders break lines at missing values). */
static size_t segments(const double *y, size_t n)
{
    size_t s = 0;
    for (size_t k = 0; y != NULL && k + 1 < n; k++)
        s += !isnan(y[k]) && !isnan(y[k + 1]);
    return s;
}

static size_t valid(const double *y, size_t n)
{
    size_t s = 0;
    for (size_t k = 0; k < n; k++)
        s += !isnan(y[k]);
    return s;
}

/* "SYMBOL NAME", or the symbol alone. */
static void listing_title(char *buf, size_t size, const evs_ipo *ipo)
{
    if (ipo->name != NULL && ipo->name[0] != '\0')
        snprintf(buf, size, "%s %s", ipo->symbol, ipo->name);
    else
        snprintf(buf, size, "%s", ipo->symbol);
}

static void listing_figure(ipo_fig *f, size_t i)
{
    const evs_ipo_metrics *m = evs_ipo_result_get(f->r, i);
    const evs_ipo_daily *d = f->daily[i];
    const char *stem = f->stems[i];
    if (d == NULL)
        return;
    if (segments(d->close, d->n) == 0) {
        cli_warn("figure %s skipped: the price data of %s have no two "
                 "consecutive trading days with a close (%zu close(s) over %zu "
                 "trading days)", stem, m->ipo->symbol, valid(d->close, d->n), d->n);
        return;
    }
    char title[512];
    listing_title(title, sizeof title, m->ipo);
    evs_plot_listing l = {0};
    l.name = title;
    l.currency = m->ipo->currency;
    l.dates = d->dates;
    l.close = d->close;
    l.n = d->n;
    l.offer = m->ipo->offer_price;
    l.open1 = m->open;
    l.high1 = m->high;
    l.close1 = m->close;
    l.bench = d->bench;
    l.bench_base = d->bench_base;
    l.bench_name = m->benchmark;
    const char *out = cli_plot_output(f->p, stem);
    if (out == NULL)
        return;
    char *script = NULL;
    evs_error e = {0};
    evs_status st = evs_plot_listing_path(&l, &f->p->opts, out, &script, &e);
    cli_plot_figure(f->p, stem, st, script, &e);
}

static void first_day_figure(ipo_fig *f)
{
    size_t n = 0;
    const char **labels = malloc(f->n * sizeof *labels);
    double *v = malloc(3 * f->n * sizeof *v);
    if (labels == NULL || v == NULL) {
        cli_error("plotting failed: first-day: out of memory");
        f->p->failed = 1;
    }
    for (size_t i = 0; labels && v && i < f->n; i++) {
        const evs_ipo_metrics *m = evs_ipo_result_get(f->r, i);
        if (isnan(m->offer_to_open) && isnan(m->offer_to_close) &&
            isnan(m->offer_to_high))
            continue;
        labels[n] = m->ipo->symbol;
        v[n] = m->offer_to_open;
        v[f->n + n] = m->offer_to_close;
        v[2 * f->n + n] = m->offer_to_high;
        n++;
    }
    const char *out = n > 0 ? cli_plot_output(f->p, "first-day") : NULL;
    if (out != NULL) {
        char *script = NULL;
        evs_error e = {0};
        evs_status st = evs_plot_first_day(labels, v, v + f->n, v + 2 * f->n, n,
                                           &f->p->opts, out, &script, &e);
        cli_plot_figure(f->p, "first-day", st, script, &e);
    }
    free(labels);
    free(v);
}

/* The listings that have a BHAR path to draw (from the offer, or from the
 * first close), through the longest horizon: at most EVS_PLOT_MAX_NAMED,
 * in input order, their indices in idx.  *bench is their benchmark, and
 * *mixed is set when they differ. */
static size_t pick_paths(ipo_fig *f, int after, const char *stem,
                         evs_plot_path *paths, size_t *idx,
                         const char **bench, int *mixed)
{
    const evs_ipo_config *cfg = evs_ipo_result_config(f->r);
    size_t H = cfg->horizons[cfg->n_horizons - 1], n = 0, extra = 0;
    for (size_t i = 0; i < f->n; i++) {
        const evs_ipo_metrics *m = evs_ipo_result_get(f->r, i);
        const evs_ipo_daily *d = f->daily[i];
        if (d == NULL)
            continue;
        size_t len = d->n < H ? d->n : H;
        const double *y = after ? d->after_bhar : d->bhar;
        if (segments(y, len) == 0) {
            cli_warn("%s: %s left out: its BHAR has no two consecutive trading "
                     "days (%zu of days 1..%zu have one)", stem, m->ipo->symbol,
                     valid(y, len), len);
            continue;
        }
        if (n == EVS_PLOT_MAX_NAMED) {
            extra++;
            continue;
        }
        if (*bench == NULL)
            *bench = m->benchmark;
        else if (strcmp(*bench, m->benchmark) != 0)
            *mixed = 1;
        idx[n] = i;
        paths[n++] = (evs_plot_path){NULL, y, len};
    }
    if (extra > 0)
        cli_warn("%s: %zu more listing(s) not drawn (at most %d paths in one "
                 "figure)", stem, extra, EVS_PLOT_MAX_NAMED);
    return n;
}

static void bhar_figure(ipo_fig *f, int after)
{
    const char *stem = after ? "bhar-paths-first-close" : "bhar-paths";
    evs_plot_path paths[EVS_PLOT_MAX_NAMED];
    size_t idx[EVS_PLOT_MAX_NAMED];
    const char *bench = NULL;
    int mixed = 0;
    size_t n = pick_paths(f, after, stem, paths, idx, &bench, &mixed);
    if (n == 0) {
        cli_warn("figure %s skipped: no listing has a BHAR path", stem);
        return;
    }
    char labels[EVS_PLOT_MAX_NAMED][600], note[200];
    for (size_t k = 0; k < n; k++) {
        const evs_ipo_metrics *m = evs_ipo_result_get(f->r, idx[k]);
        char t[512];
        listing_title(t, sizeof t, m->ipo);
        snprintf(labels[k], sizeof labels[k], "%s%s%s", t, mixed ? " vs " : "",
                 mixed ? m->benchmark : "");
        paths[k].label = labels[k];
    }
    snprintf(note, sizeof note, "from the %s, vs %s",
             after ? "first-day close" : "offer price",
             mixed ? "each listing's benchmark" : bench);
    const char *out = cli_plot_output(f->p, stem);
    if (out == NULL)
        return;
    char *script = NULL;
    evs_error e = {0};
    evs_status st = evs_plot_bhar_paths(paths, n, note, &f->p->opts, out, &script, &e);
    cli_plot_figure(f->p, stem, st, script, &e);
}

/* The daily path of every listing; a listing without one is only left
 * out of the figures that need it. */
static void load_daily(ipo_fig *f)
{
    for (size_t i = 0; i < f->n; i++) {
        listing_stem(f, i, evs_ipo_result_get(f->r, i)->ipo->symbol);
        evs_error e = {0};
        evs_status st = evs_ipo_daily_new(f->r, i, f->data, &f->daily[i], &e);
        if (st == EVS_ENODATA) {
            cli_warn("figure %s skipped: %s", f->stems[i], e.msg);
        } else if (st != EVS_OK) {
            cli_error("plotting failed: %s: %s", f->stems[i],
                      e.msg[0] ? e.msg : evs_strerror(st));
            f->p->failed = 1;
        }
    }
}

void cli_plot_ipo(cli_plot *p, const evs_ipo_result *r,
                  const evs_study_result *post, const evs_dataset *data)
{
    if (p->dir == NULL)
        return;
    ipo_fig f = {p, r, data, evs_ipo_result_count(r), NULL, NULL};
    f.daily = calloc(f.n, sizeof *f.daily);
    f.stems = calloc(f.n, sizeof *f.stems);
    if (f.daily == NULL || f.stems == NULL) {
        cli_error("plotting failed: out of memory");
        p->failed = 1;
    } else {
        load_daily(&f);
        first_day_figure(&f);
        for (size_t i = 0; i < f.n; i++)
            listing_figure(&f, i);
        bhar_figure(&f, 0);
        bhar_figure(&f, 1);
        if (post != NULL && evs_study_result_n_ok(post) > 0)
            cli_plot_study(p, post);
        else if (post != NULL)
            cli_warn("figures caar and car-paths skipped: no listing is in the "
                     "post-listing study");
    }
    for (size_t i = 0; f.daily && i < f.n; i++)
        evs_ipo_daily_free(f.daily[i]);
    free(f.daily);
    free(f.stems);
}
