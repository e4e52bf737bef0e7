/*
 * report_ipo.c - IPO report dispatch, the --table parser and the CSV
 * tables (ipos, horizons, limits, summary, wealth, post, notes).  With
 * several tables each is preceded by "# table: NAME" and followed by a
 * blank line, as in the study report.
 */
#include <errno.h>
#include <string.h>

#include "report_ipo.h"

const char evs__ipo_limit_rule_star[] =
    "SSE STAR: no daily limit on trading days 1-5; from day 6 +/-20% of the "
    "previous close, rounded half up to the 0.01 tick; a day is flagged when "
    "its high (low) reaches the up (down) limit";
const char evs__ipo_limit_rule_none[] =
    "no daily price limit (Hong Kong); nothing is flagged";
const char evs__ipo_limit_rule_unknown[] =
    "exchange regime not recognised; nothing is flagged";

const char *evs__ipo_limit_rule(evs_limit_regime r)
{
    return r == EVS_LIMIT_STAR   ? evs__ipo_limit_rule_star
           : r == EVS_LIMIT_NONE ? evs__ipo_limit_rule_none
                                 : evs__ipo_limit_rule_unknown;
}

long evs__ipo_post_index(const evs_ipo_result *r, const evs_study_result *post,
                         size_t i)
{
    if (post == NULL)
        return -1;
    const evs_ipo_metrics *m = evs_ipo_result_get(r, i);
    /* Symbols are unique in a listing list, so the symbol finds the event. */
    for (size_t j = 0; j < evs_study_result_n_events(post); j++) {
        const evs_event *e = evs_study_result_event(post, j).event;
        if (strcmp(e->symbol, m->ipo->symbol) == 0 &&
            e->date == m->ipo->listing_date)
            return (long)j;
    }
    return -1;
}

int evs_ipo_table_parse(const char *s, unsigned *out)
{
    static const evs__name_bit names[] = {{"ipos", EVS_IPO_TABLE_IPOS},
                 {"horizons", EVS_IPO_TABLE_HORIZONS},
                 {"limits", EVS_IPO_TABLE_LIMITS},
                 {"summary", EVS_IPO_TABLE_SUMMARY},
                 {"wealth", EVS_IPO_TABLE_WEALTH},
                 {"post", EVS_IPO_TABLE_POST},
                 {"notes", EVS_IPO_TABLE_NOTES},
                 {"all", EVS_IPO_TABLE_ALL}};
    return evs__parse_name_list(s, names, sizeof names / sizeof names[0],
                                out);
}

/* ---- CSV ----------------------------------------------------------------- */

static void sep(FILE *f) { fputc(',', f); }

static void cnum(FILE *f, double v)
{
    sep(f);
    evs__csv_num(f, v);
}

static void cstr(FILE *f, const char *s)
{
    sep(f);
    evs__csv_cell(f, s);
}

static void cdate(FILE *f, int have, evs_date d)
{
    char b[EVS_DATE_BUFSZ];
    sep(f);
    if (have)
        fputs(evs_date_format(d, b), f);
}

static void key(FILE *f, const evs_ipo_result *r, size_t i)
{
    fprintf(f, "%zu", i + 1);
    cstr(f, evs_ipo_result_get(r, i)->ipo->symbol);
}

static void table_ipos(FILE *f, const evs_ipo_result *r,
                       const evs_study_result *post)
{
    (void)post;
    const evs_ipo_config *c = evs_ipo_result_config(r);
    fputs("index,symbol,name,exchange,currency,listing_date,pricing_date,"
          "offer_price,status,reason,first_day_source,first_open,first_high,"
          "first_low,first_close,offer_to_open,offer_to_high,offer_to_low,"
          "offer_to_close,open_to_close,benchmark,benchmark_start,"
          "benchmark_end,benchmark_initial_return,"
          "market_adjusted_initial_return,shares_offered,shares_outstanding,"
          "money_left_on_table,market_cap_at_offer,market_cap_at_first_close,"
          "days_available,limit_regime,limit_days_checked,limit_hits", f);
    for (size_t k = 0; k < c->n_horizons; k++)
        fprintf(f, ",bhar_%zu", c->horizons[k]);
    fputc('\n', f);
    for (size_t i = 0; i < evs_ipo_result_count(r); i++) {
        const evs_ipo_metrics *m = evs_ipo_result_get(r, i);
        const evs_ipo *p = m->ipo;
        key(f, r, i);
        cstr(f, p->name);
        cstr(f, p->exchange);
        cstr(f, p->currency);
        cdate(f, 1, p->listing_date);
        cdate(f, p->has_pricing_date, p->pricing_date);
        cnum(f, p->offer_price);
        cstr(f, evs_ipo_status_name(m->status));
        cstr(f, m->reason);
        cstr(f, m->first_day_source);
        double v[] = {m->open, m->high, m->low, m->close, m->offer_to_open,
                      m->offer_to_high, m->offer_to_low, m->offer_to_close,
                      m->open_to_close};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
            cnum(f, v[k]);
        cstr(f, m->benchmark);
        cdate(f, m->have_bench_span, m->bench_start);
        cdate(f, m->have_bench_span, m->bench_end);
        double w[] = {m->bench_initial_return,
                      m->market_adjusted_initial_return, p->shares_offered,
                      p->shares_outstanding, m->money_left_on_table,
                      m->market_cap_at_offer, m->market_cap_at_first_close};
        for (size_t k = 0; k < sizeof w / sizeof w[0]; k++)
            cnum(f, w[k]);
        fprintf(f, ",%zu,%s,%zu,%zu", m->days_available,
                evs_limit_regime_name(m->regime), m->limit_days_checked,
                m->n_limit_hits);
        for (size_t k = 0; k < m->n_horizons; k++)
            cnum(f, m->horizons[k].bhar);
        fputc('\n', f);
    }
}

static void table_horizons(FILE *f, const evs_ipo_result *r,
                           const evs_study_result *post)
{
    (void)post;
    fputs("index,symbol,days,date,return_from_offer,benchmark_return,bhar,"
          "return_from_first_close,benchmark_return_from_first_close,"
          "bhar_from_first_close,note\n", f);
    for (size_t i = 0; i < evs_ipo_result_count(r); i++) {
        const evs_ipo_metrics *m = evs_ipo_result_get(r, i);
        for (size_t k = 0; k < m->n_horizons; k++) {
            const evs_ipo_horizon *h = &m->horizons[k];
            key(f, r, i);
            fprintf(f, ",%zu", h->days);
            cdate(f, h->have_date, h->date);
            double v[] = {h->ret, h->bench_ret, h->bhar, h->after_ret,
                          h->after_bench_ret, h->after_bhar};
            for (size_t j = 0; j < sizeof v / sizeof v[0]; j++)
                cnum(f, v[j]);
            cstr(f, h->note);
            fputc('\n', f);
        }
    }
}

static void table_limits(FILE *f, const evs_ipo_result *r,
                         const evs_study_result *post)
{
    (void)post;
    fputs("index,symbol,day,date,direction,limit_price,closed_at_limit\n", f);
    for (size_t i = 0; i < evs_ipo_result_count(r); i++) {
        const evs_ipo_metrics *m = evs_ipo_result_get(r, i);
        for (size_t k = 0; k < m->n_limit_hits; k++) {
            const evs_ipo_limit_hit *x = &m->limit_hits[k];
            key(f, r, i);
            fprintf(f, ",%zu", x->day);
            cdate(f, 1, x->date);
            cstr(f, x->up ? "up" : "down");
            cnum(f, x->limit_price);
            fprintf(f, ",%d\n", x->closed_at_limit);
        }
    }
}

static void table_summary(FILE *f, const evs_ipo_result *r,
                          const evs_study_result *post)
{
    (void)post;
    const evs_ipo_stat *s = evs_ipo_result_stats(r);
    fputs("measure,horizon,currency,n,mean,median,min,max\n", f);
    for (size_t k = 0; k < evs_ipo_result_n_stats(r); k++) {
        evs__csv_cell(f, s[k].measure);
        sep(f);
        if (s[k].horizon)
            fprintf(f, "%zu", s[k].horizon);
        cstr(f, s[k].currency);
        fprintf(f, ",%zu", s[k].n);
        cnum(f, s[k].mean);
        cnum(f, s[k].median);
        cnum(f, s[k].min);
        cnum(f, s[k].max);
        fputc('\n', f);
    }
}

static void table_wealth(FILE *f, const evs_ipo_result *r,
                         const evs_study_result *post)
{
    (void)post;
    const evs_ipo_wealth *w = evs_ipo_result_wealth(r);
    fputs("horizon,n,mean_return_from_offer,mean_benchmark_return,"
          "wealth_relative,n_from_first_close,mean_return_from_first_close,"
          "mean_benchmark_return_from_first_close,"
          "wealth_relative_from_first_close\n", f);
    for (size_t k = 0; k < evs_ipo_result_config(r)->n_horizons; k++) {
        fprintf(f, "%zu,%zu", w[k].horizon, w[k].n);
        cnum(f, w[k].mean_ret);
        cnum(f, w[k].mean_bench_ret);
        cnum(f, w[k].wealth_relative);
        fprintf(f, ",%zu", w[k].after_n);
        cnum(f, w[k].after_mean_ret);
        cnum(f, w[k].after_mean_bench_ret);
        cnum(f, w[k].after_wealth_relative);
        fputc('\n', f);
    }
}

static void post_rows(FILE *f, const evs_ipo_result *r,
                      const evs_study_result *post, size_t i)
{
    const evs_ipo_metrics *m = evs_ipo_result_get(r, i);
    long j = evs__ipo_post_index(r, post, i);
    evs_event_result e = {0};
    if (j >= 0)
        e = evs_study_result_event(post, (size_t)j);
    int ok = j >= 0 && e.status == EVS_EVENT_OK;
    const evs_study_config *c = post ? evs_study_result_config(post) : NULL;
    size_t nw = ok ? c->n_car : 1;
    char b[32];
    for (size_t w = 0; w < nw; w++) {
        key(f, r, i);
        cdate(f, 1, m->ipo->listing_date);
        cstr(f, j < 0 ? "no-benchmark" : evs_event_status_name(e.status));
        cstr(f, j < 0 ? "no benchmark for the post-listing study" : e.reason);
        cstr(f, ok ? evs__window_str(c->car[w], b, sizeof b) : NULL);
        cnum(f, ok ? evs_study_result_car(post, (size_t)j, w) : NAN);
        cnum(f, ok ? evs_study_result_scar(post, (size_t)j, w) : NAN);
        sep(f);
        if (ok)
            fprintf(f, "%zu", evs_study_result_car_days(post, (size_t)j, w));
        fputc('\n', f);
    }
}

static void table_post(FILE *f, const evs_ipo_result *r,
                       const evs_study_result *post)
{
    fputs("index,symbol,listing_date,status,reason,window,car,scar,days\n", f);
    for (size_t i = 0; post != NULL && i < evs_ipo_result_count(r); i++)
        post_rows(f, r, post, i);
}

static void table_notes(FILE *f, const evs_ipo_result *r,
                        const evs_study_result *post)
{
    (void)post;
    fputs("index,symbol,note\n", f);
    for (size_t i = 0; i < evs_ipo_result_count(r); i++) {
        const evs_ipo_metrics *m = evs_ipo_result_get(r, i);
        if (m->reason[0] != '\0') {
            key(f, r, i);
            cstr(f, m->reason);
            fputc('\n', f);
        }
        for (size_t k = 0; k < m->n_notes; k++) {
            key(f, r, i);
            cstr(f, m->notes[k]);
            fputc('\n', f);
        }
    }
}

static evs_status report_csv(FILE *f, const evs_ipo_result *r,
                             const evs_study_result *post,
                             const evs_report_opts *o)
{
    static const struct {
        unsigned bit;
        const char *name;
        void (*fn)(FILE *, const evs_ipo_result *, const evs_study_result *);
    } tabs[] = {{EVS_IPO_TABLE_IPOS, "ipos", table_ipos},
                {EVS_IPO_TABLE_HORIZONS, "horizons", table_horizons},
                {EVS_IPO_TABLE_LIMITS, "limits", table_limits},
                {EVS_IPO_TABLE_SUMMARY, "summary", table_summary},
                {EVS_IPO_TABLE_WEALTH, "wealth", table_wealth},
                {EVS_IPO_TABLE_POST, "post", table_post},
                {EVS_IPO_TABLE_NOTES, "notes", table_notes}};
    unsigned want = o->tables ? o->tables : EVS_IPO_TABLE_IPOS;
    size_t count = 0;
    for (size_t k = 0; k < sizeof tabs / sizeof tabs[0]; k++)
        count += (want & tabs[k].bit) != 0;
    for (size_t k = 0; k < sizeof tabs / sizeof tabs[0]; k++) {
        if (!(want & tabs[k].bit))
            continue;
        if (count > 1)
            fprintf(f, "# table: %s\n", tabs[k].name);
        tabs[k].fn(f, r, post);
        if (count > 1)
            fputc('\n', f);
    }
    return EVS_OK;
}

evs_status evs_report_ipo(FILE *f, const evs_ipo_result *r,
                          const evs_study_result *post,
                          const evs_report_opts *opts, evs_error *err)
{
    evs__locale_guard g;
    evs__locale_push(&g);
    evs_status st;
    switch (opts->format) {
    case EVS_FORMAT_CSV: st = report_csv(f, r, post, opts); break;
    case EVS_FORMAT_JSON: st = evs__report_ipo_json(f, r, post, opts, err); break;
    default: st = evs__report_ipo_table(f, r, post, opts, err); break;
    }
    evs__locale_pop(&g);
    if (st == EVS_OK && (fflush(f) != 0 || ferror(f)))
        st = evs__seterr(err, EVS_EWRITE, 0, "write error: %s",
                         strerror(errno ? errno : EIO));
    return st;
}
