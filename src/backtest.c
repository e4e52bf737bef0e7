/*
 * backtest.c - the backtest run: configuration checks, one pass over the
 * events (align the security and its benchmark on the trading calendar,
 * estimate the hedge beta, then evaluate every entry x hold x side trade),
 * and the trades' daily value paths for the calendar-time portfolio.
 * Conventions are stated in include/evs/backtest.h.
 */
#include <stdlib.h>
#include <string.h>

#include "backtest_internal.h"

void evs_backtest_config_init(evs_backtest_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->entry[0] = 0;
    cfg->n_entry = 1;
    cfg->hold[0] = 20;
    cfg->n_hold = 1;
    cfg->side[0] = 1;
    cfg->n_side = 1;
    cfg->at = EVS_BT_AT_CLOSE;
    cfg->hedge = EVS_BT_HEDGE_NONE;
    cfg->estimation = (evs_window){-250, -11};
    cfg->min_est = 30;
    cfg->cost_bps = 0;
    cfg->roll = EVS_ROLL_NEXT;
    cfg->year_days = 252;
}

static evs_status check_grid(const int *v, size_t n, const char *what, int lo,
                             int hi, evs_error *err)
{
    if (n < 1 || n > EVS_BT_MAX_GRID)
        return evs__seterr(err, EVS_EINVAL, 0, "%s: give 1 to %d values, not "
                           "%zu", what, EVS_BT_MAX_GRID, n);
    for (size_t i = 0; i < n; i++) {
        if (v[i] < lo || v[i] > hi || (lo == -1 && v[i] == 0))
            return evs__seterr(err, EVS_EINVAL, 0, "%s %d is out of range "
                               "%d..%d", what, v[i], lo, hi);
        for (size_t k = 0; k < i; k++)
            if (v[k] == v[i])
                return evs__seterr(err, EVS_EINVAL, 0, "%s %d given twice",
                                   what, v[i]);
    }
    return EVS_OK;
}

static evs_status check_config(const evs_backtest_config *c, evs_error *err)
{
    evs_status st;
    if ((st = check_grid(c->entry, c->n_entry, "entry day", -EVS_BT_MAX_DAYS,
                         EVS_BT_MAX_DAYS, err)) != EVS_OK ||
        (st = check_grid(c->hold, c->n_hold, "holding period", 1,
                         EVS_BT_MAX_DAYS, err)) != EVS_OK ||
        (st = check_grid(c->side, c->n_side, "side", -1, 1, err)) != EVS_OK)
        return st;
    if ((unsigned)c->at > EVS_BT_AT_OPEN || (unsigned)c->hedge > EVS_BT_HEDGE_ONE ||
        (unsigned)c->roll > EVS_ROLL_EXACT)
        return evs__seterr(err, EVS_EINVAL, 0, "invalid entry price, hedge or "
                           "roll setting");
    if (!(c->cost_bps >= 0 && c->cost_bps < 10000))
        return evs__seterr(err, EVS_EINVAL, 0, "cost must be at least 0 and "
                           "below 10000 basis points per side");
    if (!(c->year_days > 0 && c->year_days <= 100000))
        return evs__seterr(err, EVS_EINVAL, 0, "trading days per year must be "
                           "above 0");
    if (c->hedge != EVS_BT_HEDGE_BETA)
        return EVS_OK;
    if (c->estimation.first > c->estimation.last || c->min_est < 1)
        return evs__seterr(err, EVS_EINVAL, 0, "the estimation window %d:%d "
                           "is empty or the minimum estimation count is 0",
                           c->estimation.first, c->estimation.last);
    int kmin = c->entry[0];
    for (size_t i = 1; i < c->n_entry; i++)
        if (c->entry[i] < kmin)
            kmin = c->entry[i];
    /* The beta must be known when the trade is entered. */
    if (c->estimation.last >= kmin)
        return evs__seterr(err, EVS_EINVAL, 0, "the estimation window %d:%d "
                           "must end before the earliest entry day %d: the "
                           "hedge beta would use returns not known at entry",
                           c->estimation.first, c->estimation.last, kmin);
    return EVS_OK;
}

/* ---- series aligned on a calendar ---------------------------------------- */

/* Calendar-aligned columns of one series; NaN where it has no valid row. */
typedef struct aligned {
    int is_ret;
    double *open, *close;   /* raw prices, for the report */
    double *bopen, *bclose; /* on the return basis (adj_close or close) */
    double *ret;            /* a return series' returns */
    double *sret;           /* simple returns, for the hedge beta */
    long last_ret;          /* last day with a valid return, -1 if none */
} aligned;

static void aligned_clear(aligned *a)
{
    free(a->open);
    free(a->close);
    free(a->bopen);
    free(a->bclose);
    free(a->ret);
    free(a->sret);
    memset(a, 0, sizeof *a);
}

static int aligned_new(aligned *a, size_t n)
{
    aligned_clear(a);
    double **cols[] = {&a->open, &a->close, &a->bopen, &a->bclose, &a->ret,
                       &a->sret};
    for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
        if ((*cols[k] = evs__mallocarray(n ? n : 1, sizeof(double))) == NULL)
            return 0;
    return 1;
}

static double positive(double x) { return x > 0 ? x : NAN; }

static void align(const evs_calendar *cal, const evs_series *s, long *rows,
                  aligned *a)
{
    size_t n = evs_calendar_len(cal);
    const double *op = evs_series_field(s, EVS_FIELD_OPEN);
    const double *cl = evs_series_field(s, EVS_FIELD_CLOSE);
    const double *bs = evs_series_basis(s);
    int adj = evs_series_basis_field(s) == EVS_FIELD_ADJ_CLOSE;
    a->is_ret = evs_series_kind_of(s) == EVS_SERIES_RETURNS;
    a->last_ret = -1;
    evs_calendar_rows(cal, s, rows);
    if (bs == NULL || evs_calendar_returns(cal, s, EVS_RET_SIMPLE, a->sret,
                                           NULL, NULL) != EVS_OK)
        for (size_t t = 0; t < n; t++)
            a->sret[t] = NAN;
    for (size_t t = 0; t < n; t++) {
        long j = bs ? rows[t] : -1; /* no price column: nothing is valid */
        a->ret[t] = a->is_ret && j >= 0 ? bs[j] : NAN;
        if (!isnan(a->ret[t]))
            a->last_ret = (long)t;
        double o = j >= 0 && op && !a->is_ret ? positive(op[j]) : NAN;
        double c = j >= 0 && cl && !a->is_ret ? positive(cl[j]) : NAN;
        double b = j >= 0 && !a->is_ret ? positive(bs[j]) : NAN;
        a->open[t] = o;
        a->close[t] = cl ? c : b;
        a->bclose[t] = b;
        /* An open goes on the adjusted basis by that day's adj/close
         * factor; unadjusted series use it as it is. */
        a->bopen[t] = !adj ? o : isnan(c) ? NAN : o * (b / c);
    }
}

/* ---- markets --------------------------------------------------------------- */

typedef struct bt_market {
    const char *symbol;
    const evs_series *series; /* NULL when the dataset lacks it */
    evs_calendar *cal;
    aligned a;
} bt_market;

typedef struct ctx {
    evs_backtest_result *r;
    const evs_dataset *data;
    const evs_warner *warn;
    bt_market *mk;
    size_t n_mk, cap_mk;
    aligned stock; /* workspace, `cap` days */
    long *rows;
    size_t cap;
} ctx;

static evs_status reserve(ctx *c, size_t n)
{
    if (n <= c->cap && c->rows)
        return EVS_OK;
    free(c->rows);
    c->rows = evs__mallocarray(n ? n : 1, sizeof *c->rows);
    if (c->rows == NULL || !aligned_new(&c->stock, n))
        return EVS_ENOMEM;
    c->cap = n;
    return EVS_OK;
}

/* The market for `symbol`, aligned on its own calendar; NULL on ENOMEM. */
static bt_market *market_get(ctx *c, const char *symbol)
{
    for (size_t i = 0; i < c->n_mk; i++)
        if (strcmp(c->mk[i].symbol, symbol) == 0)
            return &c->mk[i];
    if (c->n_mk == c->cap_mk) {
        size_t cap = c->cap_mk ? 2 * c->cap_mk : 4;
        bt_market *m = evs__reallocarray(c->mk, cap, sizeof *m);
        if (m == NULL)
            return NULL;
        c->mk = m;
        c->cap_mk = cap;
    }
    bt_market *m = &c->mk[c->n_mk++];
    memset(m, 0, sizeof *m);
    m->symbol = symbol;
    m->series = evs_dataset_find(c->data, symbol);
    if (m->series == NULL || evs_series_len(m->series) == 0) {
        m->series = NULL;
        return m;
    }
    size_t n = evs_series_len(m->series);
    m->cal = evs_calendar_new(m->series, NULL);
    if (m->cal == NULL || reserve(c, n) != EVS_OK || !aligned_new(&m->a, n))
        return NULL;
    align(m->cal, m->series, c->rows, &m->a);
    return m;
}

static void ctx_free(ctx *c)
{
    for (size_t i = 0; i < c->n_mk; i++) {
        evs_calendar_free(c->mk[i].cal);
        aligned_clear(&c->mk[i].a);
    }
    free(c->mk);
    aligned_clear(&c->stock);
    free(c->rows);
}

/* ---- skips ----------------------------------------------------------------- */

static size_t set_index(const evs_backtest_config *c, size_t a, size_t b,
                        size_t s)
{
    return (a * c->n_hold + b) * c->n_side + s;
}

static evs_status skip_sets(ctx *c, size_t ev, long a, long b,
                            evs_bt_skip_reason why, const char *msg)
{
    const evs_backtest_config *cfg = &c->r->cfg;
    const evs_event *e = evs_backtest_result_event(c->r, ev);
    char ds[EVS_DATE_BUFSZ];
    evs_date_format(e->date, ds);
    if (a < 0)
        evs__warn(c->warn, "event %zu (%s %s) cannot trade: %s", ev + 1,
                  e->symbol, ds, msg);
    else
        evs__warn(c->warn, "event %zu (%s %s) cannot trade at entry %d, hold "
                  "%d: %s", ev + 1, e->symbol, ds, cfg->entry[a],
                  cfg->hold[b], msg);
    for (size_t j = 0; j < c->r->n_sets; j++) {
        size_t sa = j / (cfg->n_side * cfg->n_hold);
        size_t sb = (j / cfg->n_side) % cfg->n_hold;
        if (a >= 0 && (sa != (size_t)a || sb != (size_t)b))
            continue;
        evs_status st = evs__bt_add_skip(c->r, j, ev, why, msg);
        if (st != EVS_OK)
            return st;
    }
    return EVS_OK;
}

/* ---- one event ------------------------------------------------------------- */

/* The shared part of the trades of one (entry, hold) pair. */
typedef struct leg {
    size_t te, tx;
    evs_bt_exit exit;
    double b_in, raw_in, raw_out; /* security */
    double g, m_in, g_m;          /* growths; m_in for the hedge path */
} leg;

typedef struct event_ctx {
    size_t ev;
    const evs_event *e;
    const char *msym;      /* NULL without a market */
    const evs_calendar *cal;
    const aligned *s, *m;  /* m NULL when unhedged */
    size_t t0;
    double beta;
} event_ctx;

#define MSG (EVS_ERRMSG_MAX + 64)

/* Entry price on the return basis; 0 (and a message) when missing. */
static int leg_entry(const event_ctx *x, evs_bt_at at, leg *L, char *msg)
{
    const aligned *s = x->s;
    char ds[EVS_DATE_BUFSZ];
    evs_date_format(evs_calendar_dates(x->cal)[L->te], ds);
    if (s->is_ret) {
        if (at == EVS_BT_AT_OPEN) {
            snprintf(msg, MSG, "%s is a return series: it has no open prices",
                     x->e->symbol);
            return 0;
        }
        L->b_in = 1.0;
        L->raw_in = NAN;
        return 1;
    }
    L->b_in = at == EVS_BT_AT_OPEN ? s->bopen[L->te] : s->bclose[L->te];
    L->raw_in = at == EVS_BT_AT_OPEN ? s->open[L->te] : s->close[L->te];
    if (isnan(L->b_in)) {
        snprintf(msg, MSG, "no %s price of %s on the entry day %s",
                 evs_bt_at_name(at), x->e->symbol, ds);
        return 0;
    }
    return 1;
}

/* Exit day: the close of te + h, else the next close, else the last close
 * after the entry.  0 when there is no close after the entry day. */
static int leg_exit(const event_ctx *x, int h, leg *L, char *msg)
{
    const aligned *s = x->s;
    size_t len = evs_calendar_len(x->cal), tn = L->te + (size_t)h;
    if (s->is_ret) {
        long last = s->last_ret;
        L->exit = (long)tn <= last ? EVS_BT_EXIT_SCHEDULED : EVS_BT_EXIT_END_OF_DATA;
        L->tx = (long)tn <= last ? tn : (size_t)(last > 0 ? last : 0);
        L->raw_out = NAN;
    } else {
        L->tx = 0;
        for (size_t t = tn; t < len && L->tx == 0; t++)
            if (!isnan(s->bclose[t])) {
                L->tx = t;
                L->exit = t == tn ? EVS_BT_EXIT_SCHEDULED : EVS_BT_EXIT_DELAYED;
            }
        for (size_t t = (tn < len ? tn : len); L->tx == 0 && t-- > L->te + 1;)
            if (!isnan(s->bclose[t])) {
                L->tx = t;
                L->exit = EVS_BT_EXIT_END_OF_DATA;
            }
        L->raw_out = L->tx ? s->close[L->tx] : NAN;
    }
    if (L->tx <= L->te) {
        char ds[EVS_DATE_BUFSZ];
        evs_date_format(evs_calendar_dates(x->cal)[L->te], ds);
        snprintf(msg, MSG, "no close of %s after the entry day %s",
                 x->e->symbol, ds);
        return 0;
    }
    return 1;
}

/* Growth 1 + g of a series from entry to the close of tx; NaN when a
 * return is missing (return series) or a price is (price series). */
static double growth(const aligned *a, size_t te, size_t tx, double b_in,
                     long *gap)
{
    if (!a->is_ret)
        return a->bclose[tx] / b_in;
    double x = 1.0;
    for (size_t t = te + 1; t <= tx; t++) {
        if (isnan(a->ret[t])) {
            *gap = (long)t;
            return NAN;
        }
        x *= 1.0 + a->ret[t];
    }
    return x;
}

/* Security and benchmark growth over the leg; 0 with a skip reason. */
static int leg_growth(const event_ctx *x, evs_bt_at at, leg *L, char *msg,
                      evs_bt_skip_reason *why)
{
    const evs_date *cd = evs_calendar_dates(x->cal);
    char ds[EVS_DATE_BUFSZ];
    long gap = -1;
    L->g = growth(x->s, L->te, L->tx, L->b_in, &gap) - 1.0;
    if (isnan(L->g)) {
        *why = EVS_BT_SKIP_MISSING_RETURN;
        snprintf(msg, MSG, "the return series of %s has no return on %s, "
                 "inside the holding period", x->e->symbol,
                 evs_date_format(cd[gap], ds));
        return 0;
    }
    L->m_in = L->g_m = NAN;
    if (x->m == NULL)
        return 1;
    *why = EVS_BT_SKIP_NO_MARKET_PRICE;
    const aligned *m = x->m;
    if (m->is_ret && at == EVS_BT_AT_OPEN) {
        snprintf(msg, MSG, "the benchmark %s is a return series: it has no "
                 "open prices", x->msym);
        return 0;
    }
    L->m_in = m->is_ret ? 1.0 : at == EVS_BT_AT_OPEN ? m->bopen[L->te]
                                                     : m->bclose[L->te];
    size_t bad = isnan(L->m_in) ? L->te : L->tx;
    L->g_m = growth(m, L->te, L->tx, L->m_in, &gap) - 1.0;
    if (isnan(L->g_m)) {
        snprintf(msg, MSG, "no price of the benchmark %s on %s", x->msym,
                 evs_date_format(cd[gap >= 0 ? (size_t)gap : bad], ds));
        return 0;
    }
    return 1;
}

/* Appends the daily returns of one trade's value path
 *   V_t = 1 + s (x_t - 1) - s beta (m_t - 1) - c (1 + |beta|)
 *         - [t = exit] c (x_t + |beta| m_t),
 * x_t and m_t the growths to the close of day t (the last known price
 * carried over a missing day), so that V at the exit is 1 + r. */
static evs_status add_path(ctx *c, size_t j, const event_ctx *x, const leg *L,
                           int side)
{
    const evs_backtest_config *cfg = &c->r->cfg;
    const evs_date *cd = evs_calendar_dates(x->cal);
    double s = side > 0 ? 1.0 : -1.0, cost = cfg->cost_bps / 10000.0;
    double beta = x->m ? x->beta : 0.0, ab = fabs(beta);
    double gx = 1.0, gm = 1.0, prev = 1.0;
    size_t t = cfg->at == EVS_BT_AT_OPEN ? L->te : L->te + 1;
    for (; t <= L->tx && prev > 0; t++) {
        if (x->s->is_ret)
            gx *= 1.0 + x->s->ret[t];
        else if (!isnan(x->s->bclose[t]))
            gx = x->s->bclose[t] / L->b_in;
        if (x->m && x->m->is_ret)
            gm *= 1.0 + x->m->ret[t];
        else if (x->m && !isnan(x->m->bclose[t]))
            gm = x->m->bclose[t] / L->m_in;
        double v = 1.0 + s * (gx - 1.0) - s * beta * (gm - 1.0) - cost * (1.0 + ab);
        if (t == L->tx)
            v -= cost * (gx + ab * gm);
        /* A position whose value reaches zero is closed: it has lost all
         * its capital and takes no more days. */
        if (v < 0)
            v = 0;
        evs_status st = evs__bt_add_point(&c->r->sets[j], cd[t], v / prev - 1.0);
        if (st != EVS_OK)
            return st;
        prev = v;
    }
    return EVS_OK;
}

static evs_status add_trade(ctx *c, size_t j, const event_ctx *x, const leg *L,
                            int side)
{
    const evs_backtest_config *cfg = &c->r->cfg;
    const evs_date *cd = evs_calendar_dates(x->cal);
    evs_bt_trade t;
    memset(&t, 0, sizeof t);
    t.set = j;
    t.event = x->ev;
    t.p = evs__bt_params(cfg, j);
    t.symbol = x->e->symbol;
    t.market = x->msym;
    t.label = x->e->label;
    t.event_date = x->e->date;
    t.day0 = cd[x->t0];
    t.entry_date = cd[L->te];
    t.exit_date = cd[L->tx];
    t.days_held = L->tx - L->te;
    t.exit = L->exit;
    t.entry_price = L->raw_in;
    t.exit_price = L->raw_out;
    t.gross = L->g;
    double beta = x->m ? x->beta : 0.0;
    evs_bt_trade_returns(L->g, x->m ? L->g_m : 0.0, side, beta, cfg->cost_bps,
                         &t.net, &t.hedged);
    t.market_return = x->m ? L->g_m : NAN;
    t.beta = x->m ? beta : NAN;
    if (x->m == NULL)
        t.hedged = NAN;
    t.ret = x->m ? t.hedged : t.net;
    evs_status st = evs__bt_add_trade(&c->r->sets[j], &t);
    return st == EVS_OK ? add_path(c, j, x, L, side) : st;
}

/* Every (entry, hold) pair of one located event, then every side. */
static evs_status trade_event(ctx *c, const event_ctx *x)
{
    const evs_backtest_config *cfg = &c->r->cfg;
    long len = (long)evs_calendar_len(x->cal);
    char msg[MSG];
    for (size_t a = 0; a < cfg->n_entry; a++) {
        for (size_t b = 0; b < cfg->n_hold; b++) {
            leg L;
            memset(&L, 0, sizeof L);
            long te = (long)x->t0 + cfg->entry[a];
            evs_bt_skip_reason why = EVS_BT_SKIP_ENTRY_OFF_DATA;
            int ok = te >= 0 && te < len;
            if (!ok)
                snprintf(msg, MSG, "entry day %d is outside the trading "
                         "calendar (%zu days before day 0, %ld after)",
                         cfg->entry[a], x->t0, len - 1 - (long)x->t0);
            L.te = ok ? (size_t)te : 0;
            if (ok && !(ok = leg_entry(x, cfg->at, &L, msg)))
                why = EVS_BT_SKIP_NO_ENTRY_PRICE;
            if (ok && !(ok = leg_exit(x, cfg->hold[b], &L, msg)))
                why = EVS_BT_SKIP_NO_EXIT_PRICE;
            if (ok)
                ok = leg_growth(x, cfg->at, &L, msg, &why);
            evs_status st = EVS_OK;
            if (!ok)
                st = skip_sets(c, x->ev, (long)a, (long)b, why, msg);
            for (size_t sd = 0; ok && st == EVS_OK && sd < cfg->n_side; sd++)
                st = add_trade(c, set_index(cfg, a, b, sd), x, &L, cfg->side[sd]);
            if (st != EVS_OK)
                return st;
        }
    }
    return EVS_OK;
}

/* OLS beta of the market model over the estimation window around t0.
 * 1 with *beta set, 0 with a message, -1 on ENOMEM. */
static int hedge_beta(ctx *c, const event_ctx *x, double *beta, char *msg)
{
    const evs_backtest_config *cfg = &c->r->cfg;
    long len = (long)evs_calendar_len(x->cal), t0 = (long)x->t0;
    long e0 = t0 + cfg->estimation.first, e1 = t0 + cfg->estimation.last;
    if (e0 < 0 || e1 >= len) {
        snprintf(msg, MSG, "the estimation window %d:%d runs off the market "
                 "data (%ld trading days before day 0, %ld after)",
                 cfg->estimation.first, cfg->estimation.last, t0,
                 len - 1 - t0);
        return 0;
    }
    evs_model_input in = {x->s->sret, x->m->sret, NULL, 0, NULL, (size_t)len};
    evs_model_opts o = {.min_obs = cfg->min_est};
    evs_fit fit;
    evs_error e = {0};
    const evs_model_info *mm = evs_model_find("market");
    evs_status st = mm->fit(&in, (size_t)e0, (size_t)e1, &o, &fit, &e);
    if (st == EVS_ENOMEM)
        return -1;
    if (st != EVS_OK) {
        snprintf(msg, MSG, "hedge beta: %s", e.msg);
        return 0;
    }
    *beta = fit.beta;
    return 1;
}

/* Locates the event and aligns its series; skips it when it cannot trade
 * at all.  `own` receives a calendar to free (marketless events). */
static evs_status run_event(ctx *c, size_t ev, evs_calendar **own)
{
    evs_backtest_result *r = c->r;
    event_ctx x = {.ev = ev, .e = evs_backtest_result_event(r, ev)};
    x.msym = x.e->market ? x.e->market : r->market_name;
    const evs_series *s = evs_dataset_find(c->data, x.e->symbol);
    char msg[MSG], ds[EVS_DATE_BUFSZ];
    evs_date_format(x.e->date, ds);
    if (s == NULL || evs_series_len(s) == 0) {
        snprintf(msg, MSG, "no prices for %s", x.e->symbol);
        return skip_sets(c, ev, -1, -1, EVS_BT_SKIP_NO_PRICES, msg);
    }
    bt_market *m = NULL;
    if (x.msym != NULL) {
        if ((m = market_get(c, x.msym)) == NULL)
            return EVS_ENOMEM;
        if (m->series == NULL) {
            snprintf(msg, MSG, "no prices for the market %s", x.msym);
            return skip_sets(c, ev, -1, -1, EVS_BT_SKIP_NO_MARKET, msg);
        }
        x.cal = m->cal;
    } else if ((x.cal = *own = evs_calendar_new(s, NULL)) == NULL) {
        return EVS_ENOMEM;
    }
    const evs_date *cd = evs_calendar_dates(x.cal);
    size_t len = evs_calendar_len(x.cal);
    if (!evs_calendar_locate(x.cal, x.e->date, r->cfg.roll, &x.t0)) {
        snprintf(msg, MSG, "event date %s is %s %s", ds,
                 x.e->date < cd[0] || x.e->date > cd[len - 1]
                     ? "outside the trading calendar of"
                     : "not a trading day (roll exact) of",
                 x.msym ? x.msym : x.e->symbol);
        return skip_sets(c, ev, -1, -1, EVS_BT_SKIP_OFF_CALENDAR, msg);
    }
    if (reserve(c, len) != EVS_OK)
        return EVS_ENOMEM;
    align(x.cal, s, c->rows, &c->stock);
    x.s = &c->stock;
    x.m = r->cfg.hedge != EVS_BT_HEDGE_NONE ? &m->a : NULL;
    x.beta = 1.0;
    if (r->cfg.hedge == EVS_BT_HEDGE_BETA) {
        int ok = hedge_beta(c, &x, &x.beta, msg);
        if (ok < 0)
            return EVS_ENOMEM;
        if (ok == 0)
            return skip_sets(c, ev, -1, -1, EVS_BT_SKIP_NO_BETA, msg);
    }
    return trade_event(c, &x);
}

evs_status evs_backtest_run(const evs_backtest_config *cfg,
                            const evs_dataset *data, const evs_events *events,
                            const evs_warner *warn, evs_backtest_result **out,
                            evs_error *err)
{
    *out = NULL;
    evs_status st = check_config(cfg, err);
    if (st != EVS_OK)
        return st;
    size_t n = evs_events_count(events);
    if (n == 0)
        return evs__seterr(err, EVS_ENODATA, 0, "no events to backtest");
    for (size_t i = 0; i < n && cfg->hedge != EVS_BT_HEDGE_NONE; i++)
        if (evs_events_get(events, i)->market == NULL && cfg->market == NULL)
            return evs__seterr(err, EVS_EINVAL, 0, "event %zu (%s) has no "
                               "market to hedge with and no default market "
                               "is set", i + 1, evs_events_get(events, i)->symbol);
    evs_backtest_result *r = evs__bt_result_new(cfg, events);
    if (r == NULL)
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    ctx c = {.r = r, .data = data, .warn = warn};
    for (size_t i = 0; i < n && st == EVS_OK; i++) {
        evs_calendar *own = NULL;
        st = run_event(&c, i, &own);
        evs_calendar_free(own);
    }
    ctx_free(&c);
    if (st == EVS_OK)
        st = evs__bt_finish(r);
    if (st != EVS_OK) {
        evs_backtest_result_free(r);
        return evs__seterr(err, st, 0, "out of memory");
    }
    *out = r;
    if (r->n_trades == 0)
        return evs__seterr(err, EVS_ENODATA, 0, "no trade in any parameter "
                           "set (%zu events, %zu sets)", n, r->n_sets);
    return EVS_OK;
}
