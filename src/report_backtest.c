/*
 * report_backtest.c - backtest reports: the table-name parser, format
 * dispatch, and the JSON writer (params, summary, trades, skipped and,
 * when asked, the calendar-time portfolio).  Keys are a stable interface
 * documented in the README ("Backtests"); they are only ever added.
 */
#include <errno.h>
#include <jansson.h>
#include <string.h>

#include "report_backtest.h"

int evs_bt_table_parse(const char *s, unsigned *out)
{
    static const evs__name_bit names[] = {{"summary", EVS_BT_TABLE_SUMMARY},
                 {"trades", EVS_BT_TABLE_TRADES},
                 {"skipped", EVS_BT_TABLE_SKIPPED},
                 {"portfolio", EVS_BT_TABLE_PORTFOLIO},
                 {"all", EVS_BT_TABLE_SUMMARY | EVS_BT_TABLE_TRADES |
                             EVS_BT_TABLE_SKIPPED | EVS_BT_TABLE_PORTFOLIO}};
    return evs__parse_name_list(s, names, sizeof names / sizeof names[0],
                                out);
}

evs_status evs_report_backtest(FILE *f, const evs_backtest_result *r,
                               const evs_report_opts *opts, evs_error *err)
{
    evs__locale_guard g;
    evs__locale_push(&g);
    evs_status st;
    switch (opts->format) {
    case EVS_FORMAT_CSV: st = evs__bt_report_csv(f, r, opts, err); break;
    case EVS_FORMAT_JSON: st = evs__bt_report_json(f, r, opts, err); break;
    default: st = evs__bt_report_table(f, r, opts, err); break;
    }
    evs__locale_pop(&g);
    if (st == EVS_OK && (fflush(f) != 0 || ferror(f)))
        st = evs__seterr(err, EVS_EWRITE, 0, "write error: %s",
                         strerror(errno ? errno : EIO));
    return st;
}

/* ---- JSON ---------------------------------------------------------------- */

static json_t *num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *date_json(evs_date d)
{
    char b[EVS_DATE_BUFSZ];
    return json_string(evs_date_format(d, b));
}

static json_t *int_array(const int *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_integer(v[i]));
    return a;
}

static void set(json_t *o, const char *key, json_t *v) { json_object_set_new(o, key, v); }

static json_t *params_json(const evs_backtest_result *r, const evs_report_opts *o)
{
    const evs_backtest_config *c = evs_backtest_result_config(r);
    char b[32];
    json_t *p = json_object();
    set(p, "program", json_string("evstudy"));
    set(p, "version", json_string(evs_version()));
    set(p, "command", json_string(o->command ? o->command : "backtest"));
    set(p, "market", str_or_null(c->market));
    set(p, "at", json_string(evs_bt_at_name(c->at)));
    set(p, "hedge", json_string(evs_bt_hedge_name(c->hedge)));
    set(p, "cost_bps", json_real(c->cost_bps));
    set(p, "estimation", json_string(evs__window_str(c->estimation, b, sizeof b)));
    set(p, "min_est", json_integer((json_int_t)c->min_est));
    set(p, "roll", json_string(evs__roll_name(c->roll)));
    set(p, "year_days", json_real(c->year_days));
    set(p, "entry", int_array(c->entry, c->n_entry));
    set(p, "hold", int_array(c->hold, c->n_hold));
    json_t *sides = json_array();
    for (size_t i = 0; i < c->n_side; i++)
        json_array_append_new(sides, json_string(evs_bt_side_name(c->side[i])));
    set(p, "side", sides);
    json_t *inputs = json_array();
    for (size_t i = 0; i < o->n_inputs; i++) {
        json_t *in = json_object();
        set(in, "role", json_string(o->inputs[i].role));
        set(in, "path", json_string(o->inputs[i].path));
        set(in, "sha256", json_string(o->inputs[i].sha256));
        json_array_append_new(inputs, in);
    }
    set(p, "inputs", inputs);
    set(p, "n_events", json_integer((json_int_t)evs_backtest_result_n_events(r)));
    set(p, "n_sets", json_integer((json_int_t)evs_backtest_result_n_sets(r)));
    set(p, "n_trades", json_integer((json_int_t)evs_backtest_result_n_trades(r)));
    set(p, "n_skipped", json_integer((json_int_t)evs_backtest_result_n_skipped(r)));
    return p;
}

static void params_keys(json_t *o, evs_bt_params p)
{
    set(o, "entry", json_integer(p.entry));
    set(o, "hold", json_integer(p.hold));
    set(o, "side", json_string(evs_bt_side_name(p.side)));
}

static json_t *summary_json(const evs_bt_summary *s)
{
    json_t *o = json_object();
    params_keys(o, s->p);
    set(o, "n", json_integer((json_int_t)s->stats.n));
    set(o, "skipped", json_integer((json_int_t)s->skipped));
    set(o, "mean", num(s->stats.mean));
    set(o, "median", num(s->stats.median));
    set(o, "hit_rate", num(s->stats.hit_rate));
    set(o, "sd", num(s->stats.sd));
    set(o, "t", num(s->stats.t));
    set(o, "sharpe", num(s->stats.sharpe));
    set(o, "worst", num(s->stats.worst));
    set(o, "best", num(s->stats.best));
    set(o, "mean_days_held", num(s->mean_days_held));
    set(o, "end_of_data", json_integer((json_int_t)s->end_of_data));
    set(o, "portfolio_days", json_integer((json_int_t)s->portfolio_days));
    set(o, "total_return", num(s->total_return));
    set(o, "max_drawdown", num(s->max_drawdown));
    return o;
}

static json_t *trade_json(const evs_bt_trade *t)
{
    json_t *o = json_object();
    params_keys(o, t->p);
    set(o, "index", json_integer((json_int_t)t->event + 1));
    set(o, "symbol", json_string(t->symbol));
    set(o, "label", str_or_null(t->label));
    set(o, "market", str_or_null(t->market));
    set(o, "event_date", date_json(t->event_date));
    set(o, "day0", date_json(t->day0));
    set(o, "entry_date", date_json(t->entry_date));
    set(o, "exit_date", date_json(t->exit_date));
    set(o, "days_held", json_integer((json_int_t)t->days_held));
    set(o, "exit", json_string(evs_bt_exit_name(t->exit)));
    set(o, "entry_price", num(t->entry_price));
    set(o, "exit_price", num(t->exit_price));
    set(o, "gross_return", num(t->gross));
    set(o, "net_return", num(t->net));
    set(o, "market_return", num(t->market_return));
    set(o, "beta", num(t->beta));
    set(o, "hedged_return", num(t->hedged));
    set(o, "return", num(t->ret));
    return o;
}

static json_t *skip_json(const evs_backtest_result *r, const evs_bt_skip *s)
{
    const evs_event *e = evs_backtest_result_event(r, s->event);
    json_t *o = json_object();
    params_keys(o, s->p);
    set(o, "index", json_integer((json_int_t)s->event + 1));
    set(o, "symbol", json_string(e->symbol));
    set(o, "event_date", date_json(e->date));
    set(o, "status", json_string(evs_bt_skip_name(s->reason)));
    set(o, "reason", json_string(s->message));
    return o;
}

static json_t *portfolio_json(const evs_backtest_result *r, size_t j)
{
    json_t *o = json_object();
    params_keys(o, evs_backtest_result_summary(r, j)->p);
    size_t n;
    const evs_bt_day *d = evs_backtest_result_portfolio(r, j, &n);
    json_t *days = json_array();
    for (size_t t = 0; t < n; t++) {
        json_t *x = json_object();
        set(x, "date", date_json(d[t].date));
        set(x, "open", json_integer((json_int_t)d[t].open));
        set(x, "ret", num(d[t].ret));
        set(x, "value", num(d[t].value));
        set(x, "drawdown", num(d[t].drawdown));
        json_array_append_new(days, x);
    }
    set(o, "days", days);
    return o;
}

evs_status evs__bt_report_json(FILE *f, const evs_backtest_result *r,
                               const evs_report_opts *o, evs_error *err)
{
    json_t *root = json_object();
    if (root == NULL)
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    set(root, "params", params_json(r, o));
    json_t *a = json_array();
    for (size_t j = 0; j < evs_backtest_result_n_sets(r); j++)
        json_array_append_new(a, summary_json(evs_backtest_result_summary(r, j)));
    set(root, "summary", a);
    a = json_array();
    for (size_t k = 0; k < evs_backtest_result_n_trades(r); k++)
        json_array_append_new(a, trade_json(evs_backtest_result_trade(r, k)));
    set(root, "trades", a);
    a = json_array();
    for (size_t k = 0; k < evs_backtest_result_n_skipped(r); k++)
        json_array_append_new(a, skip_json(r, evs_backtest_result_skip(r, k)));
    set(root, "skipped", a);
    if (o->tables & EVS_BT_TABLE_PORTFOLIO) {
        a = json_array();
        for (size_t j = 0; j < evs_backtest_result_n_sets(r); j++)
            json_array_append_new(a, portfolio_json(r, j));
        set(root, "portfolio", a);
    }
    int rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                     JSON_REAL_PRECISION(10));
    json_decref(root);
    if (rc != 0 || fputc('\n', f) == EOF)
        return evs__seterr(err, EVS_EWRITE, 0, "write error: %s",
                           strerror(errno ? errno : EIO));
    return EVS_OK;
}
