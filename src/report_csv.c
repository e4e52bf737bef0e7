/*
 * report_csv.c - the CSV tables.  One table per `--table` name; with
 * several, each is preceded by a "# table: NAME" line and followed by a
 * blank line, so scripts can split them.
 */
#include <string.h>

#include "report_util.h"

void evs__csv_cell(FILE *f, const char *s)
{
    if (s == NULL)
        return;
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void evs__csv_num(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.10g", v);
}

static void date_cell(FILE *f, evs_date d)
{
    char b[EVS_DATE_BUFSZ];
    fputs(evs_date_format(d, b), f);
}

static void event_key(FILE *f, const evs_study_result *r, size_t i)
{
    const evs_event *e = evs_study_result_event(r, i).event;
    fprintf(f, "%zu,", i + 1);
    evs__csv_cell(f, e->symbol);
    fputc(',', f);
    date_cell(f, e->date);
}

static void table_events(FILE *f, const evs_study_result *r)
{
    fputs("index,symbol,event_date,market,label,day0,status,reason,alpha,beta,"
          "sigma,r2,n_est,df,car,scar,car_days\n", f);
    for (size_t i = 0; i < evs_study_result_n_events(r); i++) {
        evs_event_result e = evs_study_result_event(r, i);
        int ok = e.status == EVS_EVENT_OK;
        event_key(f, r, i);
        fputc(',', f);
        evs__csv_cell(f, e.market);
        fputc(',', f);
        evs__csv_cell(f, e.event->label);
        fputc(',', f);
        if (e.status != EVS_EVENT_NO_PRICES && e.status != EVS_EVENT_NO_MARKET &&
            e.status != EVS_EVENT_OFF_CALENDAR)
            date_cell(f, e.day0);
        fprintf(f, ",%s,", evs_event_status_name(e.status));
        evs__csv_cell(f, e.reason);
        double v[] = {e.fit.alpha, e.fit.beta, e.fit.sigma, e.fit.r2};
        for (size_t k = 0; k < 4; k++) {
            fputc(',', f);
            if (ok)
                evs__csv_num(f, v[k]);
        }
        if (ok)
            fprintf(f, ",%zu,%zu,", e.fit.n, e.fit.df);
        else
            fputs(",,,", f);
        evs__csv_num(f, evs_study_result_car(r, i, 0));
        fputc(',', f);
        evs__csv_num(f, evs_study_result_scar(r, i, 0));
        fputc(',', f);
        if (ok)
            fprintf(f, "%zu", evs_study_result_car_days(r, i, 0));
        fputc('\n', f);
    }
}

static void table_ar(FILE *f, const evs_study_result *r)
{
    const evs_study_config *c = evs_study_result_config(r);
    fputs("index,symbol,event_date,day,date,ret,market_ret,expected,ar,sar\n", f);
    for (size_t i = 0; i < evs_study_result_n_events(r); i++) {
        evs_event_result e = evs_study_result_event(r, i);
        if (e.status != EVS_EVENT_OK)
            continue;
        for (size_t k = 0; k < evs_study_result_win_len(r); k++) {
            event_key(f, r, i);
            fprintf(f, ",%d,", c->window.first + (int)k);
            date_cell(f, e.dates[k]);
            double v[] = {e.ret[k], e.mret[k], e.expected[k], e.ar[k], e.sar[k]};
            for (size_t j = 0; j < 5; j++) {
                fputc(',', f);
                evs__csv_num(f, v[j]);
            }
            fputc('\n', f);
        }
    }
}

static void table_aar(FILE *f, const evs_study_result *r)
{
    const evs_study_config *c = evs_study_result_config(r);
    const double *a = evs_study_result_aar(r), *ca = evs_study_result_caar(r);
    const size_t *n = evs_study_result_aar_n(r);
    fputs("day,n,aar,caar\n", f);
    for (size_t k = 0; k < evs_study_result_win_len(r); k++) {
        fprintf(f, "%d,%zu,", c->window.first + (int)k, n[k]);
        evs__csv_num(f, a[k]);
        fputc(',', f);
        evs__csv_num(f, ca[k]);
        fputc('\n', f);
    }
}

static void test_row(FILE *f, const char *name, const char *scope,
                     const char *day, const char *win,
                     const evs_test_result *t)
{
    fprintf(f, "%s,%s,%s,%s,", name, scope, day, win);
    evs__csv_num(f, t->statistic);
    fputc(',', f);
    evs__csv_num(f, t->p_value);
    fprintf(f, ",%zu,", t->n);
    evs__csv_num(f, t->df);
    fprintf(f, ",%s\n", evs_test_status_name(t->status));
}

static void table_tests(FILE *f, const evs_study_result *r)
{
    const evs_study_config *c = evs_study_result_config(r);
    size_t L = evs_study_result_win_len(r);
    const evs_test_result *dt = evs_study_result_day_tests(r);
    const evs_test_result *wt = evs_study_result_window_tests(r);
    fputs("name,scope,day,window,statistic,p_value,n,df,status\n", f);
    char b[32], w[32];
    for (size_t j = 0; j < evs_study_result_n_tests(r); j++) {
        const char *name = evs_study_result_test_name(r, j);
        for (size_t k = 0; k < L; k++) {
            snprintf(b, sizeof b, "%d", c->window.first + (int)k);
            test_row(f, name, "day", b, "", &dt[j * L + k]);
        }
        for (size_t k = 0; k < c->n_car; k++)
            test_row(f, name, "window", "",
                     evs__window_str(c->car[k], w, sizeof w),
                     &wt[j * c->n_car + k]);
    }
}

static void table_car(FILE *f, const evs_study_result *r)
{
    const evs_study_config *c = evs_study_result_config(r);
    char b[32];
    fputs("index,symbol,event_date,window,car,scar,days,bhar,t,p_value,df\n", f);
    for (size_t i = 0; i < evs_study_result_n_events(r); i++) {
        if (evs_study_result_event(r, i).status != EVS_EVENT_OK)
            continue;
        for (size_t w = 0; w < c->n_car; w++) {
            event_key(f, r, i);
            fprintf(f, ",%s,", evs__window_str(c->car[w], b, sizeof b));
            evs__csv_num(f, evs_study_result_car(r, i, w));
            fputc(',', f);
            evs__csv_num(f, evs_study_result_scar(r, i, w));
            fprintf(f, ",%zu,", evs_study_result_car_days(r, i, w));
            evs__csv_num(f, evs_study_result_bhar(r, i, w));
            evs_test_result t = evs_study_result_event_car_test(r, i, w);
            double v[] = {t.statistic, t.p_value, t.df};
            for (size_t k = 0; k < 3; k++) {
                fputc(',', f);
                evs__csv_num(f, v[k]);
            }
            fputc('\n', f);
        }
    }
}

evs_status evs__report_csv(FILE *f, const evs_study_result *r,
                           const evs_report_opts *o, evs_error *err)
{
    (void)err;
    static const struct {
        unsigned bit;
        const char *name;
        void (*fn)(FILE *, const evs_study_result *);
    } tabs[] = {{EVS_TABLE_EVENTS, "events", table_events},
                {EVS_TABLE_AR, "ar", table_ar},
                {EVS_TABLE_AAR, "aar", table_aar},
                {EVS_TABLE_CAR, "car", table_car},
                {EVS_TABLE_TESTS, "tests", table_tests}};
    unsigned want = o->tables ? o->tables : EVS_TABLE_EVENTS;
    size_t count = 0;
    for (size_t k = 0; k < sizeof tabs / sizeof tabs[0]; k++)
        count += (want & tabs[k].bit) != 0;
    for (size_t k = 0; k < sizeof tabs / sizeof tabs[0]; k++) {
        if (!(want & tabs[k].bit))
            continue;
        if (count > 1)
            fprintf(f, "# table: %s\n", tabs[k].name);
        tabs[k].fn(f, r);
        if (count > 1)
            fputc('\n', f);
    }
    return EVS_OK;
}
