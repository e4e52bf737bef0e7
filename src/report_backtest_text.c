/*
 * report_backtest_text.c - backtest CSV tables (summary, trades, skipped,
 * portfolio; "# table: NAME" before each when there are several) and the
 * aligned text report for people (returns in percent, "-" for missing).
 */
#include <stdlib.h>
#include <string.h>

#include "report_backtest.h"

static void date_cell(FILE *f, evs_date d)
{
    char b[EVS_DATE_BUFSZ];
    fputs(evs_date_format(d, b), f);
}

static void nums(FILE *f, const double *v, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        fputc(',', f);
        evs__csv_num(f, v[k]);
    }
}

static void params_cells(FILE *f, evs_bt_params p)
{
    fprintf(f, "%d,%d,%s", p.entry, p.hold, evs_bt_side_name(p.side));
}

static void csv_summary(FILE *f, const evs_backtest_result *r)
{
    fputs("entry,hold,side,n,skipped,mean,median,hit_rate,sd,t,sharpe,worst,"
          "best,mean_days_held,end_of_data,portfolio_days,total_return,"
          "max_drawdown\n", f);
    for (size_t j = 0; j < evs_backtest_result_n_sets(r); j++) {
        const evs_bt_summary *s = evs_backtest_result_summary(r, j);
        const evs_bt_stats *x = &s->stats;
        params_cells(f, s->p);
        fprintf(f, ",%zu,%zu", x->n, s->skipped);
        double v[] = {x->mean, x->median, x->hit_rate, x->sd, x->t, x->sharpe,
                      x->worst, x->best, s->mean_days_held};
        nums(f, v, sizeof v / sizeof v[0]);
        fprintf(f, ",%zu,%zu", s->end_of_data, s->portfolio_days);
        double w[] = {s->total_return, s->max_drawdown};
        nums(f, w, 2);
        fputc('\n', f);
    }
}

static void csv_trades(FILE *f, const evs_backtest_result *r)
{
    fputs("entry,hold,side,index,symbol,label,market,event_date,day0,"
          "entry_date,exit_date,days_held,exit,entry_price,exit_price,"
          "gross_return,net_return,market_return,beta,hedged_return,return\n", f);
    for (size_t k = 0; k < evs_backtest_result_n_trades(r); k++) {
        const evs_bt_trade *t = evs_backtest_result_trade(r, k);
        params_cells(f, t->p);
        fprintf(f, ",%zu,", t->event + 1);
        evs__csv_cell(f, t->symbol);
        fputc(',', f);
        evs__csv_cell(f, t->label);
        fputc(',', f);
        evs__csv_cell(f, t->market);
        evs_date d[] = {t->event_date, t->day0, t->entry_date, t->exit_date};
        for (size_t i = 0; i < 4; i++) {
            fputc(',', f);
            date_cell(f, d[i]);
        }
        fprintf(f, ",%zu,%s", t->days_held, evs_bt_exit_name(t->exit));
        double v[] = {t->entry_price, t->exit_price, t->gross, t->net,
                      t->market_return, t->beta, t->hedged, t->ret};
        nums(f, v, sizeof v / sizeof v[0]);
        fputc('\n', f);
    }
}

static void csv_skipped(FILE *f, const evs_backtest_result *r)
{
    fputs("entry,hold,side,index,symbol,event_date,status,reason\n", f);
    for (size_t k = 0; k < evs_backtest_result_n_skipped(r); k++) {
        const evs_bt_skip *s = evs_backtest_result_skip(r, k);
        const evs_event *e = evs_backtest_result_event(r, s->event);
        params_cells(f, s->p);
        fprintf(f, ",%zu,", s->event + 1);
        evs__csv_cell(f, e->symbol);
        fputc(',', f);
        date_cell(f, e->date);
        fprintf(f, ",%s,", evs_bt_skip_name(s->reason));
        evs__csv_cell(f, s->message);
        fputc('\n', f);
    }
}

static void csv_portfolio(FILE *f, const evs_backtest_result *r)
{
    fputs("entry,hold,side,date,open,ret,value,drawdown\n", f);
    for (size_t j = 0; j < evs_backtest_result_n_sets(r); j++) {
        size_t n;
        const evs_bt_day *d = evs_backtest_result_portfolio(r, j, &n);
        for (size_t t = 0; t < n; t++) {
            params_cells(f, evs_backtest_result_summary(r, j)->p);
            fputc(',', f);
            date_cell(f, d[t].date);
            fprintf(f, ",%zu", d[t].open);
            double v[] = {d[t].ret, d[t].value, d[t].drawdown};
            nums(f, v, 3);
            fputc('\n', f);
        }
    }
}

evs_status evs__bt_report_csv(FILE *f, const evs_backtest_result *r,
                              const evs_report_opts *o, evs_error *err)
{
    (void)err;
    static const struct {
        unsigned bit;
        const char *name;
        void (*fn)(FILE *, const evs_backtest_result *);
    } tables[] = {{EVS_BT_TABLE_SUMMARY, "summary", csv_summary},
                  {EVS_BT_TABLE_TRADES, "trades", csv_trades},
                  {EVS_BT_TABLE_SKIPPED, "skipped", csv_skipped},
                  {EVS_BT_TABLE_PORTFOLIO, "portfolio", csv_portfolio}};
    unsigned bits = o->tables ? o->tables : EVS_BT_TABLE_SUMMARY;
    int several = (bits & (bits - 1)) != 0;
    for (size_t k = 0; k < sizeof tables / sizeof tables[0]; k++) {
        if (!(bits & tables[k].bit))
            continue;
        if (several)
            fprintf(f, "# table: %s\n", tables[k].name);
        tables[k].fn(f, r);
        if (several)
            fputc('\n', f);
    }
    return EVS_OK;
}

/* ---- text ---------------------------------------------------------------- */

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

static void text_header(FILE *f, const evs_backtest_result *r)
{
    const evs_backtest_config *c = evs_backtest_result_config(r);
    fprintf(f, "evstudy %s backtest: %zu events, %zu parameter sets, %zu "
            "trades, %zu skipped\n", evs_version(),
            evs_backtest_result_n_events(r), evs_backtest_result_n_sets(r),
            evs_backtest_result_n_trades(r), evs_backtest_result_n_skipped(r));
    fprintf(f, "enter at the %s of day k, exit at the close of day k+h; "
            "cost %g bp per side; ", evs_bt_at_name(c->at), c->cost_bps);
    if (c->hedge == EVS_BT_HEDGE_NONE)
        fputs("unhedged\n", f);
    else
        fprintf(f, "hedged with %s x %s\n",
                c->hedge == EVS_BT_HEDGE_BETA ? "beta" : "1",
                c->market ? c->market : "the event's market");
    fputc('\n', f);
}

static void text_summary(FILE *f, const evs_backtest_result *r)
{
    fprintf(f, "%5s %5s %-5s %5s %5s %9s %9s %6s %9s %7s %7s %9s %9s %8s\n",
            "entry", "hold", "side", "n", "skip", "mean%", "median%", "hit%",
            "sd%", "t", "sharpe", "worst%", "total%", "maxDD%");
    for (size_t j = 0; j < evs_backtest_result_n_sets(r); j++) {
        const evs_bt_summary *s = evs_backtest_result_summary(r, j);
        const evs_bt_stats *x = &s->stats;
        fprintf(f, "%5d %5d %-5s %5zu %5zu", s->p.entry, s->p.hold,
                evs_bt_side_name(s->p.side), x->n, s->skipped);
        pct(f, 9, x->mean);
        pct(f, 9, x->median);
        fixed(f, 6, 1, 100.0 * x->hit_rate);
        pct(f, 9, x->sd);
        fixed(f, 7, 3, x->t);
        fixed(f, 7, 3, x->sharpe);
        pct(f, 9, x->worst);
        pct(f, 9, s->total_return);
        pct(f, 8, s->max_drawdown);
        fputc('\n', f);
    }
    fprintf(f, "(per-trade %s returns; Sharpe annualised with %g days a year; "
            "total and maxDD of the equal-weight calendar-time portfolio)\n",
            evs_backtest_result_config(r)->hedge ? "hedged net" : "net",
            evs_backtest_result_config(r)->year_days);
    size_t eod = 0, sets = 0;
    for (size_t j = 0; j < evs_backtest_result_n_sets(r); j++) {
        eod += evs_backtest_result_summary(r, j)->end_of_data;
        sets += evs_backtest_result_summary(r, j)->end_of_data > 0;
    }
    if (eod > 0)
        fprintf(f, "end of data: %zu trades in %zu sets ran past the data and "
                "were closed at the last close\n", eod, sets);
    fputc('\n', f);
}

/* Orders skips by event, then message, then set, so that each distinct
 * (event, reason) prints once with the number of sets it hit. */
static int cmp_skip(const void *pa, const void *pb)
{
    const evs_bt_skip *a = *(const evs_bt_skip *const *)pa;
    const evs_bt_skip *b = *(const evs_bt_skip *const *)pb;
    if (a->event != b->event)
        return a->event < b->event ? -1 : 1;
    int c = strcmp(a->message, b->message);
    if (c != 0)
        return c;
    return a->set < b->set ? -1 : (a->set > b->set);
}

static evs_status text_skipped(FILE *f, const evs_backtest_result *r,
                               evs_error *err)
{
    size_t n = evs_backtest_result_n_skipped(r);
    if (n == 0)
        return EVS_OK;
    const evs_bt_skip **v = evs__mallocarray(n, sizeof *v);
    if (v == NULL)
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    for (size_t k = 0; k < n; k++)
        v[k] = evs_backtest_result_skip(r, k);
    qsort(v, n, sizeof *v, cmp_skip);
    fputs("cannot trade:\n", f);
    for (size_t a = 0, z; a < n; a = z) {
        for (z = a + 1; z < n && v[z]->event == v[a]->event &&
                        strcmp(v[z]->message, v[a]->message) == 0;)
            z++;
        const evs_event *e = evs_backtest_result_event(r, v[a]->event);
        char d[EVS_DATE_BUFSZ];
        fprintf(f, "  event %zu %s %s, %zu of %zu sets: %s: %s\n",
                v[a]->event + 1, e->symbol, evs_date_format(e->date, d), z - a,
                evs_backtest_result_n_sets(r), evs_bt_skip_name(v[a]->reason),
                v[a]->message);
    }
    fputc('\n', f);
    free(v);
    return EVS_OK;
}

static void text_trades(FILE *f, const evs_backtest_result *r)
{
    fprintf(f, "%5s %5s %-5s %-12s %-10s %-10s %4s %-11s %10s %10s %9s %9s "
            "%9s\n", "entry", "hold", "side", "symbol", "entry", "exit",
            "days", "exit", "in", "out", "gross%", "net%", "hedged%");
    for (size_t k = 0; k < evs_backtest_result_n_trades(r); k++) {
        const evs_bt_trade *t = evs_backtest_result_trade(r, k);
        char a[EVS_DATE_BUFSZ], b[EVS_DATE_BUFSZ];
        fprintf(f, "%5d %5d %-5s %-12.12s %-10s %-10s %4zu %-11s", t->p.entry,
                t->p.hold, evs_bt_side_name(t->p.side), t->symbol,
                evs_date_format(t->entry_date, a),
                evs_date_format(t->exit_date, b), t->days_held,
                evs_bt_exit_name(t->exit));
        fixed(f, 10, 3, t->entry_price);
        fixed(f, 10, 3, t->exit_price);
        pct(f, 9, t->gross);
        pct(f, 9, t->net);
        pct(f, 9, t->hedged);
        fputc('\n', f);
    }
    fputc('\n', f);
}

evs_status evs__bt_report_table(FILE *f, const evs_backtest_result *r,
                                const evs_report_opts *o, evs_error *err)
{
    unsigned bits = o->tables ? o->tables
                              : EVS_BT_TABLE_SUMMARY | EVS_BT_TABLE_SKIPPED;
    text_header(f, r);
    if (bits & EVS_BT_TABLE_SUMMARY)
        text_summary(f, r);
    if (bits & EVS_BT_TABLE_TRADES)
        text_trades(f, r);
    if ((bits & EVS_BT_TABLE_SKIPPED) && text_skipped(f, r, err) != EVS_OK)
        return EVS_ENOMEM;
    if (bits & EVS_BT_TABLE_PORTFOLIO) {
        fprintf(f, "%5s %5s %-5s %-10s %4s %9s %9s %9s\n", "entry", "hold",
                "side", "date", "open", "ret%", "value", "drawdn%");
        for (size_t j = 0; j < evs_backtest_result_n_sets(r); j++) {
            size_t n;
            const evs_bt_day *d = evs_backtest_result_portfolio(r, j, &n);
            evs_bt_params p = evs_backtest_result_summary(r, j)->p;
            for (size_t t = 0; t < n; t++) {
                char b[EVS_DATE_BUFSZ];
                fprintf(f, "%5d %5d %-5s %-10s %4zu", p.entry, p.hold,
                        evs_bt_side_name(p.side), evs_date_format(d[t].date, b),
                        d[t].open);
                pct(f, 9, d[t].ret);
                fixed(f, 9, 4, d[t].value);
                pct(f, 9, d[t].drawdown);
                fputc('\n', f);
            }
        }
    }
    return EVS_OK;
}
