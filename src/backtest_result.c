/*
 * backtest_result.c - the backtest result: allocation, the per-set buffers
 * the run appends to, aggregation into summaries and the equal-weight
 * calendar-time portfolio, and the accessors.
 */
#include <stdlib.h>
#include <string.h>

#include "backtest_internal.h"

evs_bt_params evs__bt_params(const evs_backtest_config *c, size_t j)
{
    size_t ns = c->n_side, nh = c->n_hold;
    evs_bt_params p;
    p.side = c->side[j % ns];
    p.hold = c->hold[(j / ns) % nh];
    p.entry = c->entry[j / (ns * nh)];
    return p;
}

evs_backtest_result *evs__bt_result_new(const evs_backtest_config *c,
                                        const evs_events *events)
{
    evs_backtest_result *r = evs__calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->cfg = *c;
    r->n_sets = c->n_entry * c->n_hold * c->n_side;
    if (c->market) {
        r->market_name = evs__strdup(c->market);
        if (r->market_name == NULL)
            goto fail;
    }
    r->cfg.market = r->market_name;
    r->sets = evs__calloc(r->n_sets, sizeof *r->sets);
    r->summary = evs__calloc(r->n_sets, sizeof *r->summary);
    r->port = evs__calloc(r->n_sets, sizeof *r->port);
    r->port_n = evs__calloc(r->n_sets, sizeof *r->port_n);
    r->events = evs_events_new(NULL);
    if (r->sets == NULL || r->summary == NULL || r->port == NULL ||
        r->port_n == NULL || r->events == NULL)
        goto fail;
    for (size_t i = 0; i < evs_events_count(events); i++) {
        const evs_event *e = evs_events_get(events, i);
        if (evs_events_add(r->events, e->symbol, e->date, e->market, e->label,
                           NULL) != EVS_OK)
            goto fail;
    }
    return r;
fail:
    evs_backtest_result_free(r);
    return NULL;
}

static void set_clear(evs__bt_set *s)
{
    free(s->trades);
    free(s->skips);
    free(s->points);
    memset(s, 0, sizeof *s);
}

void evs_backtest_result_free(evs_backtest_result *r)
{
    if (r == NULL)
        return;
    for (size_t j = 0; r->sets && j < r->n_sets; j++)
        set_clear(&r->sets[j]);
    for (size_t j = 0; r->port && j < r->n_sets; j++)
        free(r->port[j]);
    for (size_t k = 0; k < r->n_messages; k++)
        free(r->messages[k]);
    free(r->messages);
    free(r->sets);
    free(r->summary);
    free(r->port);
    free(r->port_n);
    free(r->trades);
    free(r->skips);
    free(r->market_name);
    evs_events_free(r->events);
    free(r);
}

/* Grows *p (elements of `size`) so that one more fits. */
static int grow(void **p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return 1;
    size_t c = *cap ? *cap * 2 : 16;
    void *q = evs__reallocarray(*p, c, size);
    if (q == NULL)
        return 0;
    *p = q;
    *cap = c;
    return 1;
}

evs_status evs__bt_add_trade(evs__bt_set *s, const evs_bt_trade *t)
{
    if (!grow((void **)&s->trades, &s->cap_trades, s->n_trades, sizeof *t))
        return EVS_ENOMEM;
    s->trades[s->n_trades++] = *t;
    return EVS_OK;
}

evs_status evs__bt_add_point(evs__bt_set *s, evs_date date, double d)
{
    if (!grow((void **)&s->points, &s->cap_points, s->n_points,
              sizeof *s->points))
        return EVS_ENOMEM;
    s->points[s->n_points] = (evs__bt_point){date, s->n_points, d};
    s->n_points++;
    return EVS_OK;
}

evs_status evs__bt_add_skip(evs_backtest_result *r, size_t j, size_t ev,
                            evs_bt_skip_reason why, const char *msg)
{
    evs__bt_set *s = &r->sets[j];
    if (!grow((void **)&r->messages, &r->cap_messages, r->n_messages,
              sizeof *r->messages) ||
        !grow((void **)&s->skips, &s->cap_skips, s->n_skips, sizeof *s->skips))
        return EVS_ENOMEM;
    char *m = evs__strdup(msg);
    if (m == NULL)
        return EVS_ENOMEM;
    r->messages[r->n_messages++] = m;
    s->skips[s->n_skips++] = (evs_bt_skip){j, ev, evs__bt_params(&r->cfg, j),
                                           why, m};
    return EVS_OK;
}

static int cmp_point(const void *pa, const void *pb)
{
    const evs__bt_point *a = pa, *b = pb;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    return a->seq < b->seq ? -1 : (a->seq > b->seq);
}

/* The equal-weight calendar-time portfolio (Fama 1998, JFE 49:283-306;
 * Mitchell & Stafford 2000, J. Business 73(3)): on each date, the mean of
 * the daily returns of the trades open that date; capital is shared
 * equally by the open trades and rebalanced daily.  Dates without an open
 * trade are not portfolio days (cash earns nothing, so they change neither
 * the value nor the drawdown). */
static evs_status portfolio(evs_backtest_result *r, size_t j)
{
    evs__bt_set *s = &r->sets[j];
    evs_bt_summary *sm = &r->summary[j];
    sm->total_return = sm->max_drawdown = NAN;
    if (s->n_points == 0)
        return EVS_OK;
    qsort(s->points, s->n_points, sizeof *s->points, cmp_point);
    evs_bt_day *days = evs__mallocarray(s->n_points, sizeof *days);
    double *ret = evs__mallocarray(s->n_points, sizeof *ret);
    double *val = evs__mallocarray(s->n_points, sizeof *val);
    double *dd = evs__mallocarray(s->n_points, sizeof *dd);
    if (days == NULL || ret == NULL || val == NULL || dd == NULL) {
        free(days);
        free(ret);
        free(val);
        free(dd);
        return EVS_ENOMEM;
    }
    size_t n = 0;
    for (size_t a = 0; a < s->n_points;) {
        size_t b = a;
        double sum = 0;
        while (b < s->n_points && s->points[b].date == s->points[a].date)
            sum += s->points[b++].d;
        days[n].date = s->points[a].date;
        days[n].open = b - a;
        ret[n++] = sum / (double)(b - a);
        a = b;
    }
    sm->max_drawdown = evs_bt_drawdown(ret, n, val, dd, &sm->total_return);
    for (size_t t = 0; t < n; t++) {
        days[t].ret = ret[t];
        days[t].value = val[t];
        days[t].drawdown = dd[t];
    }
    free(ret);
    free(val);
    free(dd);
    r->port[j] = days;
    r->port_n[j] = n;
    sm->portfolio_days = n;
    return EVS_OK;
}

static void summarize(evs_backtest_result *r, size_t j, const evs_bt_trade *t,
                      size_t n, double *rets, double *work)
{
    evs_bt_summary *sm = &r->summary[j];
    sm->p = evs__bt_params(&r->cfg, j);
    sm->skipped = r->sets[j].n_skips;
    double days = 0;
    for (size_t k = 0; k < n; k++) {
        rets[k] = t[k].ret;
        days += (double)t[k].days_held;
        sm->end_of_data += t[k].exit == EVS_BT_EXIT_END_OF_DATA;
    }
    sm->mean_days_held = n ? days / (double)n : NAN;
    evs_bt_stats_compute(rets, n, sm->mean_days_held, r->cfg.year_days, work,
                         &sm->stats);
}

evs_status evs__bt_finish(evs_backtest_result *r)
{
    size_t nt = 0, ns = 0, maxn = 1;
    for (size_t j = 0; j < r->n_sets; j++) {
        nt += r->sets[j].n_trades;
        ns += r->sets[j].n_skips;
        if (r->sets[j].n_trades > maxn)
            maxn = r->sets[j].n_trades;
    }
    r->trades = evs__mallocarray(nt ? nt : 1, sizeof *r->trades);
    r->skips = evs__mallocarray(ns ? ns : 1, sizeof *r->skips);
    double *rets = evs__mallocarray(maxn, sizeof *rets);
    double *work = evs__mallocarray(maxn, sizeof *work);
    evs_status st = EVS_OK;
    if (r->trades == NULL || r->skips == NULL || rets == NULL || work == NULL)
        st = EVS_ENOMEM;
    for (size_t j = 0; st == EVS_OK && j < r->n_sets; j++) {
        evs__bt_set *s = &r->sets[j];
        if (s->n_trades)
            memcpy(r->trades + r->n_trades, s->trades,
                   s->n_trades * sizeof *s->trades);
        if (s->n_skips)
            memcpy(r->skips + r->n_skips, s->skips, s->n_skips * sizeof *s->skips);
        summarize(r, j, r->trades + r->n_trades, s->n_trades, rets, work);
        r->n_trades += s->n_trades;
        r->n_skips += s->n_skips;
        st = portfolio(r, j);
        set_clear(s);
    }
    free(rets);
    free(work);
    return st;
}

const evs_backtest_config *evs_backtest_result_config(
    const evs_backtest_result *r)
{
    return &r->cfg;
}

size_t evs_backtest_result_n_events(const evs_backtest_result *r)
{
    return evs_events_count(r->events);
}

const evs_event *evs_backtest_result_event(const evs_backtest_result *r,
                                           size_t i)
{
    return evs_events_get(r->events, i);
}

size_t evs_backtest_result_n_sets(const evs_backtest_result *r) { return r->n_sets; }

const evs_bt_summary *evs_backtest_result_summary(
    const evs_backtest_result *r, size_t j)
{
    return &r->summary[j];
}

size_t evs_backtest_result_n_trades(const evs_backtest_result *r) { return r->n_trades; }

const evs_bt_trade *evs_backtest_result_trade(const evs_backtest_result *r,
                                              size_t k)
{
    return &r->trades[k];
}

size_t evs_backtest_result_n_skipped(const evs_backtest_result *r) { return r->n_skips; }

const evs_bt_skip *evs_backtest_result_skip(const evs_backtest_result *r,
                                            size_t k)
{
    return &r->skips[k];
}

const evs_bt_day *evs_backtest_result_portfolio(const evs_backtest_result *r,
                                                size_t j, size_t *n)
{
    *n = r->port_n[j];
    return r->port[j];
}
