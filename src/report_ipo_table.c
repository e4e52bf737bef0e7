/*
 * report_ipo_table.c - the aligned text form of an IPO report, for people:
 * first day, benchmark and amounts, BHARs by horizon, price-limit flags,
 * the cohort summary, wealth relatives, the post-listing CARs and the
 * notes.  Returns in percent, amounts in millions, "-" for missing.
 */
#include <string.h>

#include "report_ipo.h"

static void pct(FILE *f, int w, double v)
{
    if (isfinite(v))
        fprintf(f, " %*.2f", w, 100.0 * v);
    else
        fprintf(f, " %*s", w, "-");
}

static void fixed(FILE *f, int w, int prec, double v)
{
    if (isfinite(v))
        fprintf(f, " %*.*f", w, prec, v);
    else
        fprintf(f, " %*s", w, "-");
}

static const char *or_dash(const char *s) { return s && s[0] ? s : "-"; }

static void header(FILE *f, const evs_ipo_result *r)
{
    const evs_ipo_config *c = evs_ipo_result_config(r);
    fprintf(f, "evstudy %s ipo: %zu listings, %zu with first-day figures; "
            "horizons", evs_version(), evs_ipo_result_count(r),
            evs_ipo_result_n_usable(r));
    for (size_t k = 0; k < c->n_horizons; k++)
        fprintf(f, "%s%zu", k ? "," : " ", c->horizons[k]);
    fputs(" trading days (day 1 = listing day)\n\n", f);
}

static void first_day(FILE *f, const evs_ipo_result *r)
{
    fputs("First trading day (returns in % of the offer price)\n", f);
    fprintf(f, "%-11s %-10s %-3s %9s %9s %9s %9s %8s %8s %8s %8s %8s  %s\n",
            "symbol", "listing", "cur", "offer", "open", "high", "close",
            "->open%", "->high%", "->low%", "->close%", "o->c%", "source");
    for (size_t i = 0; i < evs_ipo_result_count(r); i++) {
        const evs_ipo_metrics *m = evs_ipo_result_get(r, i);
        char d[EVS_DATE_BUFSZ];
        fprintf(f, "%-11.11s %-10s %-3.3s", m->ipo->symbol,
                evs_date_format(m->ipo->listing_date, d),
                or_dash(m->ipo->currency));
        fixed(f, 9, 2, m->ipo->offer_price);
        fixed(f, 9, 2, m->open);
        fixed(f, 9, 2, m->high);
        fixed(f, 9, 2, m->close);
        pct(f, 8, m->offer_to_open);
        pct(f, 8, m->offer_to_high);
        pct(f, 8, m->offer_to_low);
        pct(f, 8, m->offer_to_close);
        pct(f, 8, m->open_to_close);
        fprintf(f, "  %s\n", m->status == EVS_IPO_BAD_OFFER
                                 ? "bad-offer" : or_dash(m->first_day_source));
    }
    fputc('\n', f);
}

static void amounts(FILE *f, const evs_ipo_result *r)
{
    fputs("Against the benchmark, and amounts (millions of the listing's "
          "currency)\n", f);
    fprintf(f, "%-11s %-11s %-21s %8s %8s %12s %12s %12s\n", "symbol",
            "benchmark", "benchmark span", "bench%", "MAIR%", "money left",
            "cap@offer", "cap@close");
    for (size_t i = 0; i < evs_ipo_result_count(r); i++) {
        const evs_ipo_metrics *m = evs_ipo_result_get(r, i);
        char a[EVS_DATE_BUFSZ], b[EVS_DATE_BUFSZ], span[32] = "-";
        if (m->have_bench_span)
            snprintf(span, sizeof span, "%s..%s",
                     evs_date_format(m->bench_start, a),
                     evs_date_format(m->bench_end, b));
        fprintf(f, "%-11.11s %-11.11s %-21s", m->ipo->symbol,
                or_dash(m->benchmark), span);
        pct(f, 8, m->bench_initial_return);
        pct(f, 8, m->market_adjusted_initial_return);
        fixed(f, 12, 1, m->money_left_on_table / 1e6);
        fixed(f, 12, 1, m->market_cap_at_offer / 1e6);
        fixed(f, 12, 1, m->market_cap_at_first_close / 1e6);
        fputc('\n', f);
    }
    fputs("(MAIR = (1 + offer->close) / (1 + bench) - 1)\n\n", f);
}

static void horizon_row(FILE *f, const evs_ipo_metrics *m, const char *label,
                        int after)
{
    fprintf(f, "%-11.11s %-13s", label, after ? "from close" : "from offer");
    for (size_t k = 0; k < m->n_horizons; k++)
        pct(f, 9, after ? m->horizons[k].after_bhar : m->horizons[k].bhar);
    fputc('\n', f);
}

static void horizons(FILE *f, const evs_ipo_result *r)
{
    const evs_ipo_config *c = evs_ipo_result_config(r);
    fputs("Buy-and-hold abnormal returns, % (BHAR = return - benchmark "
          "return, to the close of day N)\n", f);
    fprintf(f, "%-11s %-13s", "symbol", "");
    for (size_t k = 0; k < c->n_horizons; k++) {
        char b[16];
        snprintf(b, sizeof b, "N=%zu", c->horizons[k]);
        fprintf(f, " %9s", b);
    }
    fputc('\n', f);
    for (size_t i = 0; i < evs_ipo_result_count(r); i++) {
        const evs_ipo_metrics *m = evs_ipo_result_get(r, i);
        horizon_row(f, m, m->ipo->symbol, 0);
        horizon_row(f, m, "", 1);
    }
    fputc('\n', f);
}

static void limits(FILE *f, const evs_ipo_result *r)
{
    fputs("Price limits\n", f);
    for (size_t i = 0; i < evs_ipo_result_count(r); i++) {
        const evs_ipo_metrics *m = evs_ipo_result_get(r, i);
        fprintf(f, "%-11.11s %-7s ", m->ipo->symbol,
                evs_limit_regime_name(m->regime));
        if (m->regime != EVS_LIMIT_STAR) {
            fprintf(f, "%s\n", evs__ipo_limit_rule(m->regime));
            continue;
        }
        if (m->limit_days_checked == 0) {
            fputs("no limit on days 1-5, +/-20% from day 6: no day after day 5 "
                  "in the price data\n", f);
            continue;
        }
        fprintf(f, "no limit on days 1-5, +/-20%% from day 6: %zu day(s) "
                "checked, %zu hit(s)\n", m->limit_days_checked,
                m->n_limit_hits);
        for (size_t k = 0; k < m->n_limit_hits; k++) {
            const evs_ipo_limit_hit *x = &m->limit_hits[k];
            char d[EVS_DATE_BUFSZ];
            fprintf(f, "%-11s   day %zu %s limit %s %.2f%s\n", "", x->day,
                    evs_date_format(x->date, d), x->up ? "up" : "down",
                    x->limit_price, x->closed_at_limit ? ", closed there" : "");
        }
    }
    fputc('\n', f);
}

static void summary(FILE *f, const evs_ipo_result *r)
{
    const evs_ipo_stat *s = evs_ipo_result_stats(r);
    fputs("Cohort summary (returns in %, amounts in millions)\n", f);
    fprintf(f, "%-44s %3s %10s %10s %10s %10s\n", "measure", "n", "mean",
            "median", "min", "max");
    for (size_t k = 0; k < evs_ipo_result_n_stats(r); k++) {
        char name[64];
        int amount = strncmp(s[k].measure, "money", 5) == 0 ||
                     strncmp(s[k].measure, "market_cap", 10) == 0;
        if (s[k].horizon)
            snprintf(name, sizeof name, "%s N=%zu", s[k].measure, s[k].horizon);
        else if (amount)
            snprintf(name, sizeof name, "%s %s", s[k].measure,
                     or_dash(s[k].currency));
        else
            snprintf(name, sizeof name, "%s", s[k].measure);
        fprintf(f, "%-44s %3zu", name, s[k].n);
        double v[] = {s[k].mean, s[k].median, s[k].min, s[k].max};
        for (size_t j = 0; j < 4; j++) {
            if (amount)
                fixed(f, 10, 1, v[j] / 1e6);
            else
                pct(f, 10, v[j]);
        }
        fputc('\n', f);
    }
    fputc('\n', f);
}

static void wealth(FILE *f, const evs_ipo_result *r)
{
    const evs_ipo_wealth *w = evs_ipo_result_wealth(r);
    fputs("Wealth relatives (1 + mean return) / (1 + mean benchmark return)\n",
          f);
    fprintf(f, "%7s %3s %10s %10s %8s   %3s %10s %10s %8s\n", "horizon", "n",
            "offer->N%", "bench%", "WR", "n", "close->N%", "bench%", "WR");
    for (size_t k = 0; k < evs_ipo_result_config(r)->n_horizons; k++) {
        fprintf(f, "%7zu %3zu", w[k].horizon, w[k].n);
        pct(f, 10, w[k].mean_ret);
        pct(f, 10, w[k].mean_bench_ret);
        fixed(f, 8, 4, w[k].wealth_relative);
        fprintf(f, "   %3zu", w[k].after_n);
        pct(f, 10, w[k].after_mean_ret);
        pct(f, 10, w[k].after_mean_bench_ret);
        fixed(f, 8, 4, w[k].after_wealth_relative);
        fputc('\n', f);
    }
    fputc('\n', f);
}

static void test_cells(FILE *f, const evs_study_result *post, size_t w)
{
    const evs_study_config *c = evs_study_result_config(post);
    const evs_test_result *wt = evs_study_result_window_tests(post);
    for (size_t j = 0; j < evs_study_result_n_tests(post); j++) {
        const evs_test_result *t = &wt[j * c->n_car + w];
        if (t->status != EVS_TEST_OK)
            fprintf(f, "  %s %s", evs_study_result_test_name(post, j),
                    evs_test_status_name(t->status));
        else
            fprintf(f, "  %s %.3f (p %.4f)", evs_study_result_test_name(post, j),
                    t->statistic, t->p_value);
    }
}

static void post_listing(FILE *f, const evs_ipo_result *r,
                         const evs_study_result *post)
{
    const evs_study_config *c = evs_study_result_config(post);
    char e[32], w[32];
    fprintf(f, "Post-listing abnormal returns (evstudy run engine: model %s, "
            "estimation %s, window %s; day 0 = listing day)\n", c->model,
            evs__window_str(c->estimation, e, sizeof e),
            evs__window_str(c->window, w, sizeof w));
    fprintf(f, "%-11s", "symbol");
    for (size_t k = 0; k < c->n_car; k++) {
        char b[40];
        snprintf(b, sizeof b, "CAR %s%%", evs__window_str(c->car[k], w, sizeof w));
        fprintf(f, " %12s", b);
    }
    fputs("  status\n", f);
    for (size_t i = 0; i < evs_ipo_result_count(r); i++) {
        long j = evs__ipo_post_index(r, post, i);
        evs_event_result ev = {0};
        if (j >= 0)
            ev = evs_study_result_event(post, (size_t)j);
        fprintf(f, "%-11.11s", evs_ipo_result_get(r, i)->ipo->symbol);
        for (size_t k = 0; k < c->n_car; k++)
            pct(f, 12, j >= 0 ? evs_study_result_car(post, (size_t)j, k) : NAN);
        if (j < 0)
            fputs("  no benchmark\n", f);
        else if (ev.status == EVS_EVENT_OK)
            fputs("  ok\n", f);
        else
            fprintf(f, "  %s: %s\n", evs_event_status_name(ev.status), ev.reason);
    }
    for (size_t k = 0; k < c->n_car; k++) {
        fprintf(f, "mean CAR %s over %zu:", evs__window_str(c->car[k], w, sizeof w),
                evs_study_result_car_n(post)[k]);
        pct(f, 1, evs_study_result_car_mean(post)[k]);
        fputc('%', f);
        test_cells(f, post, k);
        fputc('\n', f);
    }
    fputc('\n', f);
}

static void notes(FILE *f, const evs_ipo_result *r)
{
    fputs("Notes\n", f);
    size_t n = 0;
    for (size_t i = 0; i < evs_ipo_result_count(r); i++) {
        const evs_ipo_metrics *m = evs_ipo_result_get(r, i);
        if (m->reason[0]) {
            fprintf(f, "%s: %s: %s\n", m->ipo->symbol,
                    evs_ipo_status_name(m->status), m->reason);
            n++;
        }
        for (size_t k = 0; k < m->n_notes; k++, n++)
            fprintf(f, "%s: %s\n", m->ipo->symbol, m->notes[k]);
        for (size_t k = 0; k < m->n_horizons; k++)
            if (m->horizons[k].note[0] && m->status == EVS_IPO_OK) {
                fprintf(f, "%s: N=%zu: %s\n", m->ipo->symbol,
                        m->horizons[k].days, m->horizons[k].note);
                n++;
            }
    }
    if (n == 0)
        fputs("(none)\n", f);
}

evs_status evs__report_ipo_table(FILE *f, const evs_ipo_result *r,
                                 const evs_study_result *post,
                                 const evs_report_opts *o, evs_error *err)
{
    (void)err;
    unsigned want = o->tables ? o->tables : EVS_IPO_TABLE_ALL;
    header(f, r);
    if (want & EVS_IPO_TABLE_IPOS) {
        first_day(f, r);
        amounts(f, r);
    }
    if (want & EVS_IPO_TABLE_HORIZONS)
        horizons(f, r);
    if (want & EVS_IPO_TABLE_LIMITS)
        limits(f, r);
    if (want & EVS_IPO_TABLE_SUMMARY)
        summary(f, r);
    if (want & EVS_IPO_TABLE_WEALTH)
        wealth(f, r);
    if ((want & EVS_IPO_TABLE_POST) && post != NULL)
        post_listing(f, r, post);
    if (want & EVS_IPO_TABLE_NOTES)
        notes(f, r);
    return EVS_OK;
}
