/*
 * report.c - report dispatch, the format/table parsers, and the JSON
 * writer (the library's only JSON writer).
 */
#include <errno.h>
#include <jansson.h>
#include <string.h>

#include "report_util.h"

int evs_format_parse(const char *s, evs_format *out)
{
    if (strcmp(s, "table") == 0)
        *out = EVS_FORMAT_TABLE;
    else if (strcmp(s, "csv") == 0)
        *out = EVS_FORMAT_CSV;
    else if (strcmp(s, "json") == 0)
        *out = EVS_FORMAT_JSON;
    else
        return 0;
    return 1;
}

int evs_table_parse(const char *s, unsigned *out)
{
    static const evs__name_bit names[] = {{"events", EVS_TABLE_EVENTS}, {"ar", EVS_TABLE_AR},
                 {"aar", EVS_TABLE_AAR},       {"tests", EVS_TABLE_TESTS},
                 {"car", EVS_TABLE_CAR},
                 {"all", EVS_TABLE_EVENTS | EVS_TABLE_AR | EVS_TABLE_AAR |
                             EVS_TABLE_TESTS | EVS_TABLE_CAR}};
    return evs__parse_name_list(s, names, sizeof names / sizeof names[0],
                                out);
}

int evs__parse_name_list(const char *s, const evs__name_bit *names,
                         size_t n_names, unsigned *out)
{
    unsigned bits = 0;
    const char *p = s;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        size_t k;
        for (k = 0; k < n_names; k++)
            if (strlen(names[k].name) == n && memcmp(names[k].name, p, n) == 0)
                break;
        if (k == n_names)
            return 0;
        bits |= names[k].bit;
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    *out = bits;
    return 1;
}

const char *evs__window_str(evs_window w, char *buf, size_t n)
{
    snprintf(buf, n, "%d:%d", w.first, w.last);
    return buf;
}

const char *evs__roll_name(evs_roll r)
{
    return r == EVS_ROLL_PREV ? "prev" : r == EVS_ROLL_EXACT ? "exact" : "next";
}

const char *evs__returns_name(evs_return_kind k)
{
    return k == EVS_RET_LOG ? "log" : "simple";
}

evs_status evs_report_study(FILE *f, const evs_study_result *r,
                            const evs_report_opts *opts, evs_error *err)
{
    evs__locale_guard g;
    evs__locale_push(&g);
    evs_status st;
    switch (opts->format) {
    case EVS_FORMAT_CSV: st = evs__report_csv(f, r, opts, err); break;
    case EVS_FORMAT_JSON: st = evs__report_json(f, r, opts, err); break;
    default: st = evs__report_table(f, r, opts, err); break;
    }
    evs__locale_pop(&g);
    if (st == EVS_OK && (fflush(f) != 0 || ferror(f)))
        st = evs__seterr(err, EVS_EWRITE, 0, "write error: %s",
                         strerror(errno ? errno : EIO));
    return st;
}

/* ---- JSON ---------------------------------------------------------------- */

/* jansson reports a failed allocation only through return values; every
 * insertion below goes through these wrappers, which remember a failure so
 * that a partial tree is never written as if it were the whole result.
 * (The flag is per thread: reports may be written from several threads.) */
static _Thread_local int json_oom;

static int jset(json_t *o, const char *key, json_t *v)
{
    int rc = json_object_set_new(o, key, v); /* -1 also for o or v NULL */
    json_oom |= rc != 0;
    return rc;
}

static int jpush(json_t *a, json_t *v)
{
    int rc = json_array_append_new(a, v);
    json_oom |= rc != 0;
    return rc;
}

#define json_object_set_new(o, k, v) jset((o), (k), (v))
#define json_array_append_new(a, v) jpush((a), (v))

static json_t *num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *date_json(evs_date d)
{
    char b[EVS_DATE_BUFSZ];
    return json_string(evs_date_format(d, b));
}

/* The settings of the statistics suite: every convention by name, the
 * compat mode, bootstrap and model options, the factor file's units. */
static json_t *stats_params_json(const evs_study_config *c)
{
    json_t *s = json_object(), *conv = json_object();
    for (size_t i = 0; i < EVS_CONV_COUNT; i++)
        json_object_set_new(conv, evs_test_convs[i].name,
                            json_string(evs_test_conv_value(&c->conv, i)));
    json_object_set_new(s, "conventions", conv);
    json_object_set_new(s, "compat", str_or_null(c->conv.compat));
    json_object_set_new(s, "bootstrap", json_integer((json_int_t)c->conv.boot_reps));
    json_object_set_new(s, "bootstrap_fraction", json_real(c->conv.boot_frac));
    json_object_set_new(s, "seed", json_integer((json_int_t)c->conv.seed));
    json_object_set_new(s, "dimson_lags", json_integer(c->model_opts.lags));
    json_object_set_new(s, "dimson_leads", json_integer(c->model_opts.leads));
    json_object_set_new(s, "factor_units", c->factors == NULL ? json_null() :
        json_string(evs_factors_units(c->factors) == EVS_FACTOR_UNITS_PERCENT
                        ? "percent" : "decimal"));
    return s;
}

static json_t *params_json(const evs_study_result *r, const evs_report_opts *o)
{
    const evs_study_config *c = evs_study_result_config(r);
    char b[32];
    json_t *p = json_object();
    json_object_set_new(p, "program", json_string("evstudy"));
    json_object_set_new(p, "version", json_string(evs_version()));
    if (o->command)
        json_object_set_new(p, "command", json_string(o->command));
    json_object_set_new(p, "model", json_string(c->model));
    json_object_set_new(p, "market", str_or_null(c->market));
    json_object_set_new(p, "estimation", json_string(evs__window_str(c->estimation, b, sizeof b)));
    json_object_set_new(p, "window", json_string(evs__window_str(c->window, b, sizeof b)));
    json_t *cars = json_array();
    for (size_t w = 0; w < c->n_car; w++)
        json_array_append_new(cars, json_string(evs__window_str(c->car[w], b, sizeof b)));
    json_object_set_new(p, "car", cars);
    json_t *tests = json_array();
    for (size_t j = 0; j < c->n_tests; j++)
        json_array_append_new(tests, json_string(c->tests[j]));
    json_object_set_new(p, "tests", tests);
    json_object_set_new(p, "min_est", json_integer((json_int_t)c->min_est));
    json_object_set_new(p, "roll", json_string(evs__roll_name(c->roll)));
    json_object_set_new(p, "returns", json_string(evs__returns_name(c->returns)));
    json_t *inputs = json_array();
    for (size_t i = 0; i < o->n_inputs; i++) {
        json_t *in = json_object();
        json_object_set_new(in, "role", json_string(o->inputs[i].role));
        json_object_set_new(in, "path", json_string(o->inputs[i].path));
        json_object_set_new(in, "sha256", json_string(o->inputs[i].sha256));
        json_array_append_new(inputs, in);
    }
    json_object_set_new(p, "inputs", inputs);
    json_object_set_new(p, "statistics", stats_params_json(c));
    json_object_set_new(p, "n_events", json_integer((json_int_t)evs_study_result_n_events(r)));
    json_object_set_new(p, "n_ok", json_integer((json_int_t)evs_study_result_n_ok(r)));
    return p;
}

static json_t *event_json(const evs_study_result *r, size_t i)
{
    const evs_study_config *c = evs_study_result_config(r);
    evs_event_result e = evs_study_result_event(r, i);
    json_t *o = json_object();
    char b[32];
    json_object_set_new(o, "index", json_integer((json_int_t)i + 1));
    json_object_set_new(o, "symbol", json_string(e.event->symbol));
    json_object_set_new(o, "event_date", date_json(e.event->date));
    json_object_set_new(o, "market", str_or_null(e.market));
    json_object_set_new(o, "label", str_or_null(e.event->label));
    int located = e.status == EVS_EVENT_OK || e.status == EVS_EVENT_WINDOW_OFF ||
                  e.status == EVS_EVENT_NO_EST_DATA ||
                  e.status == EVS_EVENT_DEGENERATE ||
                  e.status == EVS_EVENT_NO_EVENT_DATA;
    json_object_set_new(o, "day0", located ? date_json(e.day0) : json_null());
    json_object_set_new(o, "status", json_string(evs_event_status_name(e.status)));
    json_object_set_new(o, "reason", json_string(e.reason));
    int ok = e.status == EVS_EVENT_OK;
    json_object_set_new(o, "alpha", ok ? num(e.fit.alpha) : json_null());
    json_object_set_new(o, "beta", ok ? num(e.fit.beta) : json_null());
    json_object_set_new(o, "sigma", ok ? num(e.fit.sigma) : json_null());
    json_object_set_new(o, "r2", ok ? num(e.fit.r2) : json_null());
    json_object_set_new(o, "n_est", ok ? json_integer((json_int_t)e.fit.n) : json_null());
    json_object_set_new(o, "df", ok ? json_integer((json_int_t)e.fit.df) : json_null());
    json_object_set_new(o, "car", num(evs_study_result_car(r, i, 0)));
    json_object_set_new(o, "scar", num(evs_study_result_scar(r, i, 0)));
    json_t *cars = json_array();
    for (size_t w = 0; ok && w < c->n_car; w++) {
        json_t *cw = json_object();
        json_object_set_new(cw, "window", json_string(evs__window_str(c->car[w], b, sizeof b)));
        json_object_set_new(cw, "car", num(evs_study_result_car(r, i, w)));
        json_object_set_new(cw, "scar", num(evs_study_result_scar(r, i, w)));
        json_object_set_new(cw, "days", json_integer((json_int_t)evs_study_result_car_days(r, i, w)));
        json_object_set_new(cw, "bhar", num(evs_study_result_bhar(r, i, w)));
        evs_test_result t = evs_study_result_event_car_test(r, i, w);
        json_object_set_new(cw, "t", num(t.statistic));
        json_object_set_new(cw, "p_value", num(t.p_value));
        json_object_set_new(cw, "df", num(t.df));
        json_array_append_new(cars, cw);
    }
    json_object_set_new(o, "cars", cars);
    json_t *ar = json_array();
    for (size_t k = 0; ok && k < evs_study_result_win_len(r); k++) {
        json_t *d = json_object();
        json_object_set_new(d, "day", json_integer(c->window.first + (json_int_t)k));
        json_object_set_new(d, "date", date_json(e.dates[k]));
        json_object_set_new(d, "ret", num(e.ret[k]));
        json_object_set_new(d, "market_ret", num(e.mret[k]));
        json_object_set_new(d, "expected", num(e.expected[k]));
        json_object_set_new(d, "ar", num(e.ar[k]));
        json_object_set_new(d, "sar", num(e.sar[k]));
        json_object_set_new(d, "p_value", num(evs_study_result_event_day_test(r, i, k).p_value));
        json_array_append_new(ar, d);
    }
    json_object_set_new(o, "ar", ar);
    return o;
}

static json_t *test_json(const char *name, const char *scope, json_t *where,
                         const char *where_key, const evs_test_result *t)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(name));
    json_object_set_new(o, "scope", json_string(scope));
    json_object_set_new(o, where_key, where);
    json_object_set_new(o, "statistic", num(t->statistic));
    json_object_set_new(o, "p_value", num(t->p_value));
    json_object_set_new(o, "n", json_integer((json_int_t)t->n));
    json_object_set_new(o, "df", num(t->df));
    json_object_set_new(o, "status", json_string(evs_test_status_name(t->status)));
    return o;
}

/* Writes the tree and frees it; a tree that lost a node is not written. */
static evs_status dump_json(json_t *root, FILE *f, evs_error *err)
{
    if (json_oom) {
        json_decref(root);
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    }
    errno = 0;
    int rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                     JSON_REAL_PRECISION(10));
    json_decref(root);
    if (rc != 0 && errno == ENOMEM)
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    if (rc != 0 || fputc('\n', f) == EOF)
        return evs__seterr(err, EVS_EWRITE, 0, "write error: %s",
                           strerror(errno ? errno : EIO));
    return EVS_OK;
}

evs_status evs__report_json(FILE *f, const evs_study_result *r,
                            const evs_report_opts *o, evs_error *err)
{
    const evs_study_config *c = evs_study_result_config(r);
    size_t L = evs_study_result_win_len(r), nt = evs_study_result_n_tests(r);
    json_oom = 0;
    json_t *root = json_object();
    if (root == NULL)
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    json_object_set_new(root, "params", params_json(r, o));
    json_t *events = json_array();
    for (size_t i = 0; i < evs_study_result_n_events(r); i++)
        json_array_append_new(events, event_json(r, i));
    json_object_set_new(root, "events", events);
    json_t *aar = json_array();
    const double *a = evs_study_result_aar(r), *ca = evs_study_result_caar(r);
    const size_t *an = evs_study_result_aar_n(r);
    for (size_t k = 0; k < L; k++) {
        json_t *d = json_object();
        json_object_set_new(d, "day", json_integer(c->window.first + (json_int_t)k));
        json_object_set_new(d, "n", json_integer((json_int_t)an[k]));
        json_object_set_new(d, "aar", num(a[k]));
        json_object_set_new(d, "caar", num(ca[k]));
        json_array_append_new(aar, d);
    }
    json_object_set_new(root, "aar", aar);
    json_t *cw = json_array();
    char b[32];
    for (size_t w = 0; w < c->n_car; w++) {
        json_t *d = json_object();
        json_object_set_new(d, "window", json_string(evs__window_str(c->car[w], b, sizeof b)));
        json_object_set_new(d, "n", json_integer((json_int_t)evs_study_result_car_n(r)[w]));
        json_object_set_new(d, "mean_car", num(evs_study_result_car_mean(r)[w]));
        json_object_set_new(d, "n_bhar", json_integer((json_int_t)evs_study_result_abhar_n(r)[w]));
        json_object_set_new(d, "abhar", num(evs_study_result_abhar(r)[w]));
        json_array_append_new(cw, d);
    }
    json_object_set_new(root, "car_windows", cw);
    json_t *tests = json_array();
    const evs_test_result *dt = evs_study_result_day_tests(r);
    const evs_test_result *wt = evs_study_result_window_tests(r);
    for (size_t j = 0; j < nt; j++) {
        const char *name = evs_study_result_test_name(r, j);
        for (size_t k = 0; k < L; k++)
            json_array_append_new(tests, test_json(name, "day",
                json_integer(c->window.first + (json_int_t)k), "day", &dt[j * L + k]));
        for (size_t w = 0; w < c->n_car; w++)
            json_array_append_new(tests, test_json(name, "window",
                json_string(evs__window_str(c->car[w], b, sizeof b)), "window",
                &wt[j * c->n_car + w]));
    }
    json_object_set_new(root, "tests", tests);
    json_object_set_new(root, "rbar", num(evs_study_result_test_data(r)->rbar));
    return dump_json(root, f, err);
}
