/*
 * study.c - orchestration of an event study: configuration checks, one
 * pass over the events (grouped by market and symbol so that each
 * security's returns are aligned once), and compaction of the surviving
 * events.  Events are processed on worker threads; each writes only its own
 * rows, so results do not depend on the thread count.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "study_internal.h"

void evs_study_config_init(evs_study_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->model = "market";
    cfg->estimation = (evs_window){-250, -11};
    cfg->window = (evs_window){-10, 10};
    cfg->min_est = 30;
    cfg->roll = EVS_ROLL_NEXT;
    cfg->returns = EVS_RET_SIMPLE;
    cfg->model_opts.lags = 1; /* read by dimson only */
    cfg->model_opts.leads = 1;
    evs_test_conv_init(&cfg->conv);
}

const char *evs_event_status_name(evs_event_status s)
{
    switch (s) {
    case EVS_EVENT_OK: return "ok";
    case EVS_EVENT_NO_PRICES: return "no-prices";
    case EVS_EVENT_NO_MARKET: return "no-market";
    case EVS_EVENT_OFF_CALENDAR: return "off-calendar";
    case EVS_EVENT_WINDOW_OFF: return "window-off-data";
    case EVS_EVENT_NO_EST_DATA: return "too-few-estimation-returns";
    case EVS_EVENT_DEGENERATE: return "degenerate";
    case EVS_EVENT_NO_EVENT_DATA: return "no-event-window-data";
    }
    return "?";
}

static int windows_overlap(evs_window a, evs_window b)
{
    return a.first <= b.last && b.first <= a.last;
}

static evs_status check_config(const evs_study_config *c, evs_error *err)
{
    if (evs_model_find(c->model) == NULL)
        return evs__seterr(err, EVS_EINVAL, 0, "unknown model '%s'",
                           c->model ? c->model : "");
    /* The market symbol reaches reports and messages: same rules as any. */
    if (c->market != NULL && !evs__symbol_ok(c->market, strlen(c->market)))
        return evs__seterr(err, EVS_EINVAL, 0, "invalid market symbol '%s'",
                           c->market);
    if (c->window.first > c->window.last)
        return evs__seterr(err, EVS_EINVAL, 0, "event window %d:%d is empty",
                           c->window.first, c->window.last);
    if (c->estimation.first > c->estimation.last)
        return evs__seterr(err, EVS_EINVAL, 0, "estimation window %d:%d is "
                           "empty", c->estimation.first, c->estimation.last);
    if (windows_overlap(c->window, c->estimation))
        return evs__seterr(err, EVS_EINVAL, 0, "estimation window %d:%d "
                           "overlaps the event window %d:%d",
                           c->estimation.first, c->estimation.last,
                           c->window.first, c->window.last);
    if (c->n_car > EVS_MAX_CAR_WINDOWS || c->n_tests > EVS_MAX_TESTS)
        return evs__seterr(err, EVS_EINVAL, 0, "too many CAR windows or "
                           "tests");
    for (size_t i = 0; i < c->n_car; i++)
        if (c->car[i].first < c->window.first ||
            c->car[i].last > c->window.last || c->car[i].first > c->car[i].last)
            return evs__seterr(err, EVS_EINVAL, 0, "CAR window %d:%d is not "
                               "inside the event window %d:%d",
                               c->car[i].first, c->car[i].last,
                               c->window.first, c->window.last);
    for (size_t i = 0; i < c->n_tests; i++)
        if (evs_stattest_find(c->tests[i]) == NULL)
            return evs__seterr(err, EVS_EINVAL, 0, "unknown test '%s'",
                               c->tests[i] ? c->tests[i] : "");
    if (c->min_est < 1)
        return evs__seterr(err, EVS_EINVAL, 0, "minimum estimation "
                           "observations must be at least 1");
    return evs__study_check_factors(c, err);
}

static evs_study_result *result_alloc(const evs_study_config *c, size_t n,
                                      evs_error *err);

/* Copies the configuration and resolves registry entries. */
static evs_status copy_config(evs_study_result *r, const evs_study_config *c)
{
    r->cfg = *c;
    r->model = evs_model_find(c->model);
    r->model_name = evs__strdup(c->model);
    r->market_name = c->market ? evs__strdup(c->market) : NULL;
    if (r->model_name == NULL || (c->market && r->market_name == NULL))
        return EVS_ENOMEM;
    r->cfg.model = r->model_name;
    r->cfg.market = r->market_name;
    if (c->n_car == 0) {
        r->cfg.car[0] = c->window;
        r->cfg.n_car = 1;
    }
    size_t nt = c->n_tests;
    for (size_t i = 0; i < (nt ? nt : evs_stattest_count()); i++) {
        const char *name = nt ? c->tests[i] : evs_stattests[i].name;
        r->test_names[i] = evs__strdup(name);
        if (r->test_names[i] == NULL)
            return EVS_ENOMEM;
        r->cfg.tests[i] = r->test_names[i];
        r->tests[i] = evs_stattest_find(name);
        if (r->tests[i]->needs & EVS_TEST_NEEDS_EST_AR)
            r->keep_est = 1;
        r->n_tests = i + 1;
    }
    r->cfg.n_tests = r->n_tests;
    evs__study_resolve(r);
    r->fit_k = r->model->n_params(&r->cfg.model_opts);
    r->fit_stride = evs__fit_stride(r->fit_k);
    return EVS_OK;
}

/* ---- markets ------------------------------------------------------------- */

typedef struct market_set {
    evs__market *m;
    size_t n, cap;
} market_set;

static void markets_free(market_set *ms)
{
    for (size_t i = 0; i < ms->n; i++) {
        evs_calendar_free(ms->m[i].cal);
        free(ms->m[i].ret);
        evs__market_release(&ms->m[i]);
    }
    free(ms->m);
}

/* Index of the market for `symbol`, adding it when new; -1 on ENOMEM.
 * A market without a series is recorded with series NULL. */
static long market_get(market_set *ms, const evs_dataset *data,
                       const char *symbol, evs_return_kind kind)
{
    for (size_t i = 0; i < ms->n; i++)
        if (strcmp(ms->m[i].symbol, symbol) == 0)
            return (long)i;
    if (ms->n == ms->cap) {
        size_t cap = ms->cap ? ms->cap * 2 : 4;
        evs__market *m = evs__reallocarray(ms->m, cap, sizeof *m);
        if (m == NULL)
            return -1;
        ms->m = m;
        ms->cap = cap;
    }
    evs__market *m = &ms->m[ms->n];
    memset(m, 0, sizeof *m);
    m->symbol = symbol;
    m->series = evs_dataset_find(data, symbol);
    if (m->series != NULL && evs_series_len(m->series) > 0) {
        m->cal = evs_calendar_new(m->series, NULL);
        size_t len = evs_series_len(m->series);
        m->ret = evs__mallocarray(len, sizeof *m->ret);
        if (m->cal == NULL || m->ret == NULL) {
            evs_calendar_free(m->cal);
            free(m->ret);
            return -1;
        }
        if (evs_calendar_returns(m->cal, m->series, kind, m->ret, NULL,
                                 NULL) != EVS_OK) {
            /* No price column (a series built in code): no market data. */
            evs_calendar_free(m->cal);
            free(m->ret);
            m->cal = NULL;
            m->ret = NULL;
            m->series = NULL;
        }
    } else {
        m->series = NULL;
    }
    return (long)ms->n++;
}

/* ---- the per-event pass -------------------------------------------------- */

typedef struct job {
    evs_study_result *r;
    const evs_dataset *data;
    market_set *ms;
    long *mkt_of;        /* per event: market index */
    size_t *order;       /* event indices grouped by market and symbol */
    size_t *group_start; /* group g covers order[group_start[g] ..
                            group_start[g+1]) */
    size_t n_groups;
    atomic_size_t next_group;
    atomic_int oom;
} job;

static void set_drop(job *jb, size_t i, evs_event_status st,
                     const char *fmt, ...) EVS__PRINTF(4, 5);

static void set_drop(job *jb, size_t i, evs_event_status st,
                     const char *fmt, ...)
{
    char msg[EVS_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    jb->r->status[i] = st;
    free(jb->r->reason[i]);
    jb->r->reason[i] = evs__strdup(msg);
    /* A reason lost to ENOMEM would silently blank the report. */
    if (jb->r->reason[i] == NULL)
        atomic_store(&jb->oom, 1);
}

static size_t wlen(evs_window w) { return evs_window_len(w); }

/* Fills rows of event i from the aligned security returns `sret`. */
static void run_event(job *jb, size_t i, const double *sret, size_t *days)
{
    evs_study_result *r = jb->r;
    const evs_study_config *c = &r->cfg;
    const evs_event *ev = evs_events_get(r->events, i);
    evs__market *m = &jb->ms->m[jb->mkt_of[i]];
    char ds[EVS_DATE_BUFSZ];
    evs_date_format(ev->date, ds);
    size_t t0;
    if (!evs_calendar_locate(m->cal, ev->date, c->roll, &t0)) {
        const evs_date *cd = evs_calendar_dates(m->cal);
        size_t cl = evs_calendar_len(m->cal);
        if (ev->date < cd[0] || ev->date > cd[cl - 1])
            set_drop(jb, i, EVS_EVENT_OFF_CALENDAR, "event date %s is outside "
                     "the market data of %s", ds, m->symbol);
        else
            set_drop(jb, i, EVS_EVENT_OFF_CALENDAR, "event date %s is not a "
                     "trading day of %s (roll exact)", ds, m->symbol);
        return;
    }
    r->day0[i] = evs_calendar_dates(m->cal)[t0];
    r->day0_index[i] = t0;
    r->market_id[i] = (size_t)jb->mkt_of[i];
    long len = (long)evs_calendar_len(m->cal);
    long e0 = (long)t0 + c->estimation.first, e1 = (long)t0 + c->estimation.last;
    long w0 = (long)t0 + c->window.first, w1 = (long)t0 + c->window.last;
    long lo = e0 < w0 ? e0 : w0, hi = e1 > w1 ? e1 : w1;
    if (lo < 0 || hi >= len) {
        if (hi >= len)
            set_drop(jb, i, EVS_EVENT_WINDOW_OFF, "the windows need %ld trading "
                     "days after day 0, the market data has %ld", hi - (long)t0,
                     len - 1 - (long)t0);
        else
            set_drop(jb, i, EVS_EVENT_WINDOW_OFF, "the windows need %ld trading "
                     "days before day 0, the market data has %ld",
                     (long)t0 - lo, (long)t0);
        return;
    }
    evs_model_input in = evs__model_input(r, m, sret);
    evs_error e = {0};
    evs_fit fitv, *fit = &fitv;
    evs_status st = r->model->fit(&in, (size_t)e0, (size_t)e1, &c->model_opts,
                                  fit, &e);
    if (st == EVS_ENOMEM) { /* a resource failure, not a property of the event */
        atomic_store(&jb->oom, 1);
        return;
    }
    if (st != EVS_OK) {
        set_drop(jb, i, st == EVS_ENODATA ? EVS_EVENT_NO_EST_DATA
                                         : EVS_EVENT_DEGENERATE,
                 "%s", e.msg);
        return;
    }
    size_t L = r->win_len, base = i * L, valid = 0;
    for (size_t k = 0; k < L; k++) {
        size_t t = (size_t)w0 + k;
        double ex = r->model->expected(&in, fit, &c->model_opts, t);
        double ar = sret[t] - ex;
        double vf = evs_model_ar_var_factor(r->model, &in, &c->model_opts, fit,
                                            t);
        r->expected[base + k] = ex;
        r->ar[base + k] = ar;
        r->sar[base + k] = isnan(ar) ? NAN : ar / (fit->sigma * sqrt(vf));
        if (r->vf)
            r->vf[base + k] = vf;
        valid += !isnan(ar);
    }
    if (valid == 0) {
        set_drop(jb, i, EVS_EVENT_NO_EVENT_DATA, "no valid return in the event "
                 "window %d:%d", c->window.first, c->window.last);
        return;
    }
    evs__event_windows(r, i, &in, fit, (size_t)w0, days);
    evs__fit_pack(r->fitpack + i * r->fit_stride, r->fit_k, fit);
    r->status[i] = EVS_EVENT_OK;
}

static void *worker(void *arg)
{
    job *jb = arg;
    evs_study_result *r = jb->r;
    size_t maxlen = 0;
    for (size_t k = 0; k < jb->ms->n; k++)
        if (jb->ms->m[k].cal && evs_calendar_len(jb->ms->m[k].cal) > maxlen)
            maxlen = evs_calendar_len(jb->ms->m[k].cal);
    double *sret = evs__mallocarray(maxlen ? maxlen : 1, sizeof *sret);
    size_t *days = evs__mallocarray(r->win_len, sizeof *days);
    if (sret == NULL || days == NULL) {
        atomic_store(&jb->oom, 1);
        free(sret);
        free(days);
        return NULL;
    }
    for (;;) {
        size_t g = atomic_fetch_add(&jb->next_group, 1);
        if (g >= jb->n_groups)
            break;
        size_t a = jb->group_start[g], b = jb->group_start[g + 1];
        size_t first = jb->order[a];
        const evs_event *ev = evs_events_get(r->events, first);
        evs__market *m = &jb->ms->m[jb->mkt_of[first]];
        const evs_series *s = evs_dataset_find(jb->data, ev->symbol);
        for (size_t k = a; k < b; k++) {
            size_t i = jb->order[k];
            r->market[i] = m->symbol;
            if (s == NULL || evs_series_len(s) == 0)
                set_drop(jb, i, EVS_EVENT_NO_PRICES, "no prices for %s",
                         ev->symbol);
            else if (m->series == NULL)
                set_drop(jb, i, EVS_EVENT_NO_MARKET, "no prices for the market "
                         "%s", m->symbol);
        }
        if (s == NULL || m->series == NULL || evs_series_len(s) == 0)
            continue;
        if (evs_calendar_returns(m->cal, s, r->cfg.returns, sret, NULL,
                                 NULL) != EVS_OK) {
            /* Never run on the previous group's returns left in sret. */
            for (size_t k = a; k < b; k++)
                set_drop(jb, jb->order[k], EVS_EVENT_NO_PRICES, "no price "
                         "column for %s", ev->symbol);
            continue;
        }
        for (size_t k = a; k < b; k++)
            run_event(jb, jb->order[k], sret, days);
        if (!evs__keep_span(r, g, jb->order + a, b - a, sret))
            atomic_store(&jb->oom, 1);
    }
    free(sret);
    free(days);
    return NULL;
}

typedef struct order_key {
    long mkt;
    long series; /* index in the dataset, -1 for a symbol without one */
    const char *sym;
    size_t idx;
} order_key;

/* By market, then series (integers: a million events sort without a
 * string compare each), symbols without a series by name, then input
 * order. */
static int cmp_order(const void *pa, const void *pb)
{
    const order_key *a = pa, *b = pb;
    if (a->mkt != b->mkt)
        return a->mkt < b->mkt ? -1 : 1;
    if (a->series != b->series)
        return a->series < b->series ? -1 : 1;
    if (a->series < 0) {
        int c = strcmp(a->sym, b->sym);
        if (c != 0)
            return c;
    }
    return a->idx < b->idx ? -1 : (a->idx > b->idx);
}

static int same_group(const order_key *a, const order_key *b)
{
    return a->mkt == b->mkt && a->series == b->series &&
           (a->series >= 0 || strcmp(a->sym, b->sym) == 0);
}

/* Groups events by (market, symbol) so each security is aligned once. */
static evs_status plan(job *jb)
{
    evs_study_result *r = jb->r;
    size_t n = r->n;
    order_key *keys = evs__mallocarray(n, sizeof *keys);
    jb->order = evs__mallocarray(n, sizeof *jb->order);
    jb->group_start = evs__mallocarray(n + 1, sizeof *jb->group_start);
    if (keys == NULL || jb->order == NULL || jb->group_start == NULL) {
        free(keys);
        return EVS_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        const char *sym = evs_events_get(r->events, i)->symbol;
        keys[i] = (order_key){jb->mkt_of[i],
                              evs__dataset_index(jb->data, sym), sym, i};
    }
    qsort(keys, n, sizeof *keys, cmp_order);
    jb->n_groups = 0;
    for (size_t k = 0; k < n; k++) {
        jb->order[k] = keys[k].idx;
        if (k == 0 || !same_group(&keys[k], &keys[k - 1]))
            jb->group_start[jb->n_groups++] = k;
    }
    jb->group_start[jb->n_groups] = n;
    free(keys);
    size_t ng = jb->n_groups ? jb->n_groups : 1;
    r->span = evs__calloc(ng, sizeof *r->span);
    r->span_lo = evs__calloc(ng, sizeof *r->span_lo);
    if (r->span == NULL || r->span_lo == NULL)
        return EVS_ENOMEM;
    r->n_groups = jb->n_groups;
    return EVS_OK;
}

static unsigned thread_count(const evs_study_config *c, size_t groups)
{
    unsigned t = evs__threads(c->threads);
    /* Threads pay off only with enough independent groups. */
    if (groups < 64)
        t = 1;
    return t;
}

static evs_status run_events(job *jb)
{
    evs__parallel(thread_count(&jb->r->cfg, jb->n_groups), worker, jb);
    return atomic_load(&jb->oom) ? EVS_ENOMEM : EVS_OK;
}

/* Moves the rows of surviving events to the front, in input order. */
static void compact(evs_study_result *r)
{
    size_t L = r->win_len, C = r->n_car, S = r->fit_stride, k = 0;
    for (size_t i = 0; i < r->n; i++) {
        if (r->status[i] != EVS_EVENT_OK) {
            r->row[i] = -1;
            continue;
        }
        r->row[i] = (long)k;
        if (k != i) {
            double *cols[] = {r->expected, r->ar, r->sar};
            for (size_t c = 0; c < 3; c++)
                memmove(cols[c] + k * L, cols[c] + i * L, L * sizeof(double));
            memmove(r->fitpack + k * S, r->fitpack + i * S, S * sizeof(double));
            r->group[k] = r->group[i];
            for (size_t w = 0; w < C; w++) {
                r->car[w * r->n + k] = r->car[w * r->n + i];
                r->scar[w * r->n + k] = r->scar[w * r->n + i];
                r->car_days[w * r->n + k] = r->car_days[w * r->n + i];
            }
        }
        evs__compact_extra(r, i, k);
        evs_fit fit;
        evs__fit_unpack(r->fitpack + k * S, r->fit_k, &fit);
        r->sigma[k] = fit.sigma;
        r->n_est[k] = fit.n;
        r->df[k] = fit.df;
        k++;
    }
    r->n_ok = k;
}

static void warn_dropped(const evs_study_result *r, const evs_warner *warn)
{
    for (size_t i = 0; i < r->n; i++) {
        if (r->status[i] == EVS_EVENT_OK)
            continue;
        const evs_event *ev = evs_events_get(r->events, i);
        char ds[EVS_DATE_BUFSZ];
        evs__warn(warn, "event %zu (%s %s) dropped: %s", i + 1, ev->symbol,
                  evs_date_format(ev->date, ds),
                  r->reason[i] ? r->reason[i] : "");
    }
}

static evs_status copy_events(evs_study_result *r, const evs_events *events,
                              evs_error *err)
{
    r->events = evs_events_new(err);
    if (r->events == NULL)
        return EVS_ENOMEM;
    for (size_t i = 0; i < r->n; i++) {
        const evs_event *e = evs_events_get(events, i);
        evs_status st = evs_events_add(r->events, e->symbol, e->date,
                                       e->market, e->label, err);
        if (st != EVS_OK)
            return st;
        evs__events_set_line(r->events, i, e->line);
    }
    return EVS_OK;
}

/* After the per-event pass: surviving rows compacted, warnings, the
 * calendars kept for the tests, aggregation. */
static evs_status finish_run(evs_study_result *r, market_set *ms,
                             const evs_warner *warn, evs_error *err)
{
    /* Market symbols point into the market set, which is freed after the
     * run: repoint them to the result's own copies. */
    for (size_t i = 0; i < r->n; i++) {
        const evs_event *e = evs_events_get(r->events, i);
        r->market[i] = e->market ? e->market : r->market_name;
    }
    compact(r);
    warn_dropped(r, warn);
    if (!evs__keep_calendars(r, &ms->m, &ms->n))
        return EVS_ENOMEM;
    return evs__study_aggregate(r, err);
}

evs_status evs_study_run(const evs_study_config *cfg, const evs_dataset *data,
                         const evs_events *events, const evs_warner *warn,
                         evs_study_result **out, evs_error *err)
{
    *out = NULL;
    evs_status st = check_config(cfg, err);
    if (st != EVS_OK)
        return st;
    size_t n = evs_events_count(events);
    if (n == 0)
        return evs__seterr(err, EVS_ENODATA, 0, "no events to study");
    for (size_t i = 0; i < n; i++)
        if (evs_events_get(events, i)->market == NULL && cfg->market == NULL)
            return evs__seterr(err, EVS_EINVAL, 0, "event %zu (%s) has no "
                               "market and no default market is set", i + 1,
                               evs_events_get(events, i)->symbol);
    evs_study_result *r = result_alloc(cfg, n, err);
    if (r == NULL)
        return EVS_ENOMEM;
    market_set ms = {0};
    job jb = {.r = r, .data = data, .ms = &ms};
    atomic_init(&jb.next_group, 0);
    atomic_init(&jb.oom, 0);
    st = copy_events(r, events, err);
    jb.mkt_of = st == EVS_OK ? evs__mallocarray(n, sizeof *jb.mkt_of) : NULL;
    if (st == EVS_OK && jb.mkt_of == NULL)
        st = EVS_ENOMEM;
    for (size_t i = 0; st == EVS_OK && i < n; i++) {
        const evs_event *e = evs_events_get(r->events, i);
        const char *ms_sym = e->market ? e->market : r->market_name;
        jb.mkt_of[i] = market_get(&ms, data, ms_sym, cfg->returns);
        if (jb.mkt_of[i] < 0)
            st = EVS_ENOMEM;
    }
    for (size_t k = 0; st == EVS_OK && k < ms.n; k++)
        st = evs__market_factors(r, &ms.m[k]);
    if (st == EVS_OK && plan(&jb) != EVS_OK)
        st = EVS_ENOMEM;
    double t0 = evs__seconds();
    if (st == EVS_OK)
        st = run_events(&jb);
    r->timing.events = evs__seconds() - t0;
    /* The plan's 24 bytes an event go before the tests need their
     * scratch: the peak is during the tests. */
    free(jb.mkt_of);
    free(jb.order);
    free(jb.group_start);
    if (st == EVS_OK)
        st = finish_run(r, &ms, warn, err);
    markets_free(&ms);
    if (st == EVS_ENOMEM)
        evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    if (st != EVS_OK) {
        evs_study_result_free(r);
        return st;
    }
    *out = r;
    if (r->n_ok == 0)
        return evs__seterr(err, EVS_ENODATA, 0, "no event survived (%zu "
                           "dropped)", n);
    return EVS_OK;
}

static evs_study_result *result_alloc(const evs_study_config *c, size_t n,
                                      evs_error *err)
{
    evs_study_result *r = evs__calloc(1, sizeof *r);
    if (r == NULL || copy_config(r, c) != EVS_OK) {
        evs_study_result_free(r);
        evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
        return NULL;
    }
    r->n = n;
    r->win_len = wlen(r->cfg.window);
    r->est_len = wlen(r->cfg.estimation);
    r->n_car = r->cfg.n_car;
    size_t L = r->win_len, C = r->n_car;
    int ok = 1;
#define ALLOC(p, count) \
    ok = ok && ((p) = evs__mallocarray((count), sizeof *(p))) != NULL
    ALLOC(r->status, n);
    ALLOC(r->day0, n);
    ALLOC(r->row, n);
    ok = ok && (r->reason = evs__calloc(n, sizeof *r->reason)) != NULL;
    ok = ok && (r->market = evs__calloc(n, sizeof *r->market)) != NULL;
    ok = ok && n <= SIZE_MAX / (L ? L : 1);
    ok = ok && n <= SIZE_MAX / r->fit_stride;
    ALLOC(r->expected, n * L);
    ALLOC(r->ar, n * L);
    ALLOC(r->sar, n * L);
    ALLOC(r->fitpack, n * r->fit_stride);
    ALLOC(r->group, n);
    ALLOC(r->car, n * C);
    ALLOC(r->scar, n * C);
    ALLOC(r->car_days, n * C);
    ALLOC(r->sigma, n);
    ALLOC(r->n_est, n);
    ALLOC(r->df, n);
    ALLOC(r->aar, L);
    ALLOC(r->caar, L);
    ALLOC(r->aar_n, L);
    ALLOC(r->car_mean, C);
    ALLOC(r->car_n, C);
    ALLOC(r->day_tests, r->n_tests * L);
    ALLOC(r->win_tests, r->n_tests * C);
#undef ALLOC
    ok = ok && evs__study_alloc_extra(r);
    if (!ok) {
        evs_study_result_free(r);
        evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        r->status[i] = EVS_EVENT_OK;
        r->day0[i] = 0;
    }
    return r;
}

void evs_study_result_free(evs_study_result *r)
{
    if (r == NULL)
        return;
    free(r->model_name);
    free(r->market_name);
    for (size_t i = 0; i < EVS_MAX_TESTS; i++)
        free(r->test_names[i]);
    if (r->reason)
        for (size_t i = 0; i < r->n; i++)
            free(r->reason[i]);
    evs_events_free(r->events);
    evs__study_free_extra(r);
    evs__free_rows(r);
    void *ptrs[] = {r->status, r->reason, r->market, r->day0, r->row,
                    r->expected, r->ar, r->sar, r->fitpack, r->group,
                    r->car, r->scar, r->car_days, r->sigma,
                    r->n_est, r->df, r->aar, r->caar, r->aar_n, r->car_mean,
                    r->car_n, r->day_tests, r->win_tests};
    for (size_t i = 0; i < sizeof ptrs / sizeof ptrs[0]; i++)
        free(ptrs[i]);
    free(r);
}
