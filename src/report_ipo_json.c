/*
 * report_ipo_json.c - the JSON form of an IPO report (keys documented in
 * the README, "evstudy ipo"): params, ipos[] and summary.  Built with
 * jansson's _new setters; NaN is written as null, never as a number.
 */
#include <errno.h>
#include <jansson.h>
#include <string.h>

#include "report_ipo.h"

static json_t *num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *date_json(evs_date d)
{
    char b[EVS_DATE_BUFSZ];
    return json_string(evs_date_format(d, b));
}

static json_t *size_json(size_t v) { return json_integer((json_int_t)v); }

static void set(json_t *o, const char *k, json_t *v) { json_object_set_new(o, k, v); }

static json_t *post_params(const evs_study_result *post)
{
    if (post == NULL)
        return json_null();
    const evs_study_config *c = evs_study_result_config(post);
    char b[32];
    json_t *p = json_object();
    set(p, "model", json_string(c->model));
    set(p, "estimation", json_string(evs__window_str(c->estimation, b, sizeof b)));
    set(p, "window", json_string(evs__window_str(c->window, b, sizeof b)));
    json_t *cars = json_array();
    for (size_t w = 0; w < c->n_car; w++)
        json_array_append_new(cars, json_string(evs__window_str(c->car[w], b, sizeof b)));
    set(p, "car", cars);
    json_t *tests = json_array();
    for (size_t j = 0; j < c->n_tests; j++)
        json_array_append_new(tests, json_string(c->tests[j]));
    set(p, "tests", tests);
    set(p, "min_est", size_json(c->min_est));
    set(p, "returns", json_string(evs__returns_name(c->returns)));
    set(p, "n_events", size_json(evs_study_result_n_events(post)));
    set(p, "n_ok", size_json(evs_study_result_n_ok(post)));
    return p;
}

static json_t *params_json(const evs_ipo_result *r, const evs_study_result *post,
                           const evs_report_opts *o)
{
    const evs_ipo_config *c = evs_ipo_result_config(r);
    json_t *p = json_object();
    set(p, "program", json_string("evstudy"));
    set(p, "version", json_string(evs_version()));
    set(p, "command", json_string(o->command ? o->command : "ipo"));
    set(p, "market", str_or_null(c->market));
    json_t *h = json_array();
    for (size_t k = 0; k < c->n_horizons; k++)
        json_array_append_new(h, size_json(c->horizons[k]));
    set(p, "horizons", h);
    set(p, "benchmark_span", json_string(
        "benchmark close on the pricing date (or the trading day before the "
        "listing day when no pricing date is given) to its close on the "
        "listing day"));
    json_t *inputs = json_array();
    for (size_t i = 0; i < o->n_inputs; i++) {
        json_t *in = json_object();
        set(in, "role", json_string(o->inputs[i].role));
        set(in, "path", json_string(o->inputs[i].path));
        set(in, "sha256", json_string(o->inputs[i].sha256));
        json_array_append_new(inputs, in);
    }
    set(p, "inputs", inputs);
    set(p, "n_listings", size_json(evs_ipo_result_count(r)));
    set(p, "n_usable", size_json(evs_ipo_result_n_usable(r)));
    set(p, "post_listing", post_params(post));
    return p;
}

static json_t *horizon_json(const evs_ipo_horizon *h)
{
    json_t *o = json_object();
    set(o, "days", size_json(h->days));
    set(o, "date", h->have_date ? date_json(h->date) : json_null());
    set(o, "return_from_offer", num(h->ret));
    set(o, "benchmark_return", num(h->bench_ret));
    set(o, "bhar", num(h->bhar));
    set(o, "return_from_first_close", num(h->after_ret));
    set(o, "benchmark_return_from_first_close", num(h->after_bench_ret));
    set(o, "bhar_from_first_close", num(h->after_bhar));
    set(o, "note", h->note[0] ? json_string(h->note) : json_null());
    return o;
}

static json_t *limits_json(const evs_ipo_metrics *m)
{
    json_t *o = json_object();
    set(o, "regime", json_string(evs_limit_regime_name(m->regime)));
    set(o, "rule", json_string(evs__ipo_limit_rule(m->regime)));
    set(o, "days_checked", size_json(m->limit_days_checked));
    json_t *hits = json_array();
    for (size_t k = 0; k < m->n_limit_hits; k++) {
        const evs_ipo_limit_hit *x = &m->limit_hits[k];
        json_t *d = json_object();
        set(d, "day", size_json(x->day));
        set(d, "date", date_json(x->date));
        set(d, "direction", json_string(x->up ? "up" : "down"));
        set(d, "limit_price", num(x->limit_price));
        set(d, "closed_at_limit", json_boolean(x->closed_at_limit));
        json_array_append_new(hits, d);
    }
    set(o, "hits", hits);
    return o;
}

static json_t *post_json(const evs_ipo_result *r, const evs_study_result *post,
                         size_t i)
{
    long j = evs__ipo_post_index(r, post, i);
    if (j < 0)
        return json_null();
    const evs_study_config *c = evs_study_result_config(post);
    evs_event_result e = evs_study_result_event(post, (size_t)j);
    int ok = e.status == EVS_EVENT_OK;
    char b[32];
    json_t *o = json_object();
    set(o, "status", json_string(evs_event_status_name(e.status)));
    set(o, "reason", json_string(e.reason));
    set(o, "market", str_or_null(e.market));
    json_t *cars = json_array();
    for (size_t w = 0; ok && w < c->n_car; w++) {
        json_t *d = json_object();
        set(d, "window", json_string(evs__window_str(c->car[w], b, sizeof b)));
        set(d, "car", num(evs_study_result_car(post, (size_t)j, w)));
        set(d, "scar", num(evs_study_result_scar(post, (size_t)j, w)));
        set(d, "days", size_json(evs_study_result_car_days(post, (size_t)j, w)));
        json_array_append_new(cars, d);
    }
    set(o, "cars", cars);
    return o;
}

/* The listing as given. */
static void listing_keys(json_t *o, const evs_ipo *p)
{
    set(o, "symbol", json_string(p->symbol));
    set(o, "name", str_or_null(p->name));
    set(o, "exchange", str_or_null(p->exchange));
    set(o, "currency", str_or_null(p->currency));
    set(o, "listing_date", date_json(p->listing_date));
    set(o, "pricing_date", p->has_pricing_date ? date_json(p->pricing_date) : json_null());
    set(o, "offer_price", num(p->offer_price));
    set(o, "shares_offered", num(p->shares_offered));
    set(o, "shares_outstanding", num(p->shares_outstanding));
}

static json_t *ipo_json(const evs_ipo_result *r, const evs_study_result *post,
                        size_t i)
{
    const evs_ipo_metrics *m = evs_ipo_result_get(r, i);
    json_t *o = json_object();
    set(o, "index", size_json(i + 1));
    listing_keys(o, m->ipo);
    set(o, "benchmark", str_or_null(m->benchmark));
    set(o, "status", json_string(evs_ipo_status_name(m->status)));
    set(o, "reason", json_string(m->reason));
    set(o, "first_day_source", json_string(m->first_day_source));
    const struct {
        const char *k;
        double v;
    } first[] = {{"first_open", m->open}, {"first_high", m->high},
                 {"first_low", m->low}, {"first_close", m->close},
                 {"offer_to_open", m->offer_to_open},
                 {"offer_to_high", m->offer_to_high},
                 {"offer_to_low", m->offer_to_low},
                 {"offer_to_close", m->offer_to_close},
                 {"open_to_close", m->open_to_close}};
    for (size_t k = 0; k < sizeof first / sizeof first[0]; k++)
        set(o, first[k].k, num(first[k].v));
    json_t *span = json_null();
    if (m->have_bench_span) {
        span = json_object();
        set(span, "start", date_json(m->bench_start));
        set(span, "end", date_json(m->bench_end));
    }
    set(o, "benchmark_span", span);
    set(o, "benchmark_initial_return", num(m->bench_initial_return));
    set(o, "market_adjusted_initial_return", num(m->market_adjusted_initial_return));
    set(o, "money_left_on_table", num(m->money_left_on_table));
    set(o, "market_cap_at_offer", num(m->market_cap_at_offer));
    set(o, "market_cap_at_first_close", num(m->market_cap_at_first_close));
    set(o, "days_available", size_json(m->days_available));
    json_t *hz = json_array(), *bhar = json_object();
    for (size_t k = 0; k < m->n_horizons; k++) {
        char key[24];
        snprintf(key, sizeof key, "%zu", m->horizons[k].days);
        json_array_append_new(hz, horizon_json(&m->horizons[k]));
        set(bhar, key, num(m->horizons[k].bhar));
    }
    set(o, "horizons", hz);
    set(o, "bhar", bhar);
    set(o, "price_limit", limits_json(m));
    set(o, "post_listing", post_json(r, post, i));
    json_t *notes = json_array();
    for (size_t k = 0; k < m->n_notes; k++)
        json_array_append_new(notes, json_string(m->notes[k]));
    set(o, "notes", notes);
    return o;
}

static json_t *test_json(const char *name, const evs_test_result *t)
{
    json_t *o = json_object();
    set(o, "name", json_string(name));
    set(o, "statistic", num(t->statistic));
    set(o, "p_value", num(t->p_value));
    set(o, "n", size_json(t->n));
    set(o, "df", num(t->df));
    set(o, "status", json_string(evs_test_status_name(t->status)));
    return o;
}

static json_t *post_summary(const evs_study_result *post)
{
    if (post == NULL)
        return json_null();
    const evs_study_config *c = evs_study_result_config(post);
    const evs_test_result *wt = evs_study_result_window_tests(post);
    size_t nt = evs_study_result_n_tests(post);
    char b[32];
    json_t *arr = json_array();
    for (size_t w = 0; w < c->n_car; w++) {
        json_t *d = json_object();
        set(d, "window", json_string(evs__window_str(c->car[w], b, sizeof b)));
        set(d, "n", size_json(evs_study_result_car_n(post)[w]));
        set(d, "mean_car", num(evs_study_result_car_mean(post)[w]));
        json_t *tests = json_array();
        for (size_t j = 0; j < nt; j++)
            json_array_append_new(tests, test_json(evs_study_result_test_name(post, j),
                                                   &wt[j * c->n_car + w]));
        set(d, "tests", tests);
        json_array_append_new(arr, d);
    }
    json_t *o = json_object();
    set(o, "car_windows", arr);
    return o;
}

static json_t *summary_json(const evs_ipo_result *r, const evs_study_result *post)
{
    json_t *s = json_object();
    set(s, "n_listings", size_json(evs_ipo_result_count(r)));
    set(s, "n_usable", size_json(evs_ipo_result_n_usable(r)));
    json_t *ms = json_array();
    const evs_ipo_stat *st = evs_ipo_result_stats(r);
    for (size_t k = 0; k < evs_ipo_result_n_stats(r); k++) {
        json_t *d = json_object();
        set(d, "measure", json_string(st[k].measure));
        set(d, "horizon", st[k].horizon ? size_json(st[k].horizon) : json_null());
        set(d, "currency", str_or_null(st[k].currency));
        set(d, "n", size_json(st[k].n));
        set(d, "mean", num(st[k].mean));
        set(d, "median", num(st[k].median));
        set(d, "min", num(st[k].min));
        set(d, "max", num(st[k].max));
        json_array_append_new(ms, d);
    }
    set(s, "measures", ms);
    json_t *wr = json_array();
    const evs_ipo_wealth *w = evs_ipo_result_wealth(r);
    for (size_t k = 0; k < evs_ipo_result_config(r)->n_horizons; k++) {
        json_t *d = json_object();
        set(d, "horizon", size_json(w[k].horizon));
        set(d, "n", size_json(w[k].n));
        set(d, "mean_return_from_offer", num(w[k].mean_ret));
        set(d, "mean_benchmark_return", num(w[k].mean_bench_ret));
        set(d, "wealth_relative", num(w[k].wealth_relative));
        set(d, "n_from_first_close", size_json(w[k].after_n));
        set(d, "mean_return_from_first_close", num(w[k].after_mean_ret));
        set(d, "mean_benchmark_return_from_first_close", num(w[k].after_mean_bench_ret));
        set(d, "wealth_relative_from_first_close", num(w[k].after_wealth_relative));
        json_array_append_new(wr, d);
    }
    set(s, "wealth_relative", wr);
    set(s, "post_listing", post_summary(post));
    return s;
}

evs_status evs__report_ipo_json(FILE *f, const evs_ipo_result *r,
                                const evs_study_result *post,
                                const evs_report_opts *o, evs_error *err)
{
    json_t *root = json_object();
    if (root == NULL)
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    set(root, "params", params_json(r, post, o));
    json_t *ipos = json_array();
    for (size_t i = 0; i < evs_ipo_result_count(r); i++)
        json_array_append_new(ipos, ipo_json(r, post, i));
    set(root, "ipos", ipos);
    set(root, "summary", summary_json(r, post));
    int rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                     JSON_REAL_PRECISION(10));
    json_decref(root);
    if (rc != 0 || fputc('\n', f) == EOF)
        return evs__seterr(err, EVS_EWRITE, 0, "write error: %s",
                           strerror(errno ? errno : EIO));
    return EVS_OK;
}
