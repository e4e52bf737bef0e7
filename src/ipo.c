/*
 * ipo.c - the IPO measures of each listing (see evs/ipo.h): first-day
 * returns against the offer, the benchmark span of the initial return,
 * money left on the table, market capitalisation, first-N-day holding
 * returns and BHARs, and the STAR price-limit flags.  Pure: it reads a
 * dataset and writes the result; it never prints.
 */
#include <stdlib.h>
#include <string.h>

#include "ipo_internal.h"

void evs_ipo_config_init(evs_ipo_config *cfg)
{
    static const size_t def[] = {1, 5, 20, 60, 120};
    memset(cfg, 0, sizeof *cfg);
    for (size_t k = 0; k < sizeof def / sizeof def[0]; k++)
        cfg->horizons[k] = def[k];
    cfg->n_horizons = sizeof def / sizeof def[0];
}

const char *evs_ipo_status_name(evs_ipo_status s)
{
    switch (s) {
    case EVS_IPO_OK: return "ok";
    case EVS_IPO_NO_PRICES: return "no-prices";
    case EVS_IPO_AFTER_DATA: return "listing-after-data";
    case EVS_IPO_NOT_IN_DATA: return "listing-not-in-data";
    case EVS_IPO_BAD_OFFER: return "bad-offer";
    }
    return "?";
}

const char *evs_limit_regime_name(evs_limit_regime r)
{
    return r == EVS_LIMIT_STAR ? "star" : r == EVS_LIMIT_NONE ? "none"
                                                              : "unknown";
}

static int has_word_ci(const char *s, const char *w)
{
    size_t n = strlen(s), k = strlen(w);
    for (size_t i = 0; i + k <= n; i++)
        if (evs__strieq(s + i, k, w))
            return 1;
    return 0;
}

static int starts_ci(const char *s, const char *w)
{
    size_t k = strlen(w);
    return strlen(s) >= k && evs__strieq(s, k, w);
}

evs_limit_regime evs_ipo_limit_regime(const char *exchange, const char *symbol)
{
    if (exchange != NULL && exchange[0] != '\0') {
        if (has_word_ci(exchange, "STAR"))
            return EVS_LIMIT_STAR;
        if (starts_ci(exchange, "HKEX") || starts_ci(exchange, "SEHK") ||
            evs__strieq(exchange, strlen(exchange), "HK"))
            return EVS_LIMIT_NONE;
        return EVS_LIMIT_UNKNOWN;
    }
    if (symbol == NULL)
        return EVS_LIMIT_UNKNOWN;
    size_t n = strlen(symbol);
    /* SSE codes 688xxx and 689xxx are the STAR board (SSE code rules). */
    if (n == 9 && (strncmp(symbol, "688", 3) == 0 ||
                   strncmp(symbol, "689", 3) == 0) &&
        evs__strieq(symbol + 6, 3, ".SS"))
        return EVS_LIMIT_STAR;
    if (n > 3 && evs__strieq(symbol + n - 3, 3, ".HK"))
        return EVS_LIMIT_NONE;
    return EVS_LIMIT_UNKNOWN;
}

/* STAR limit prices in whole cents: previous close x (1 +/- 20%), rounded
 * half up to the 0.01 tick (SSE Trading Rules: the limit price is the
 * previous close times (1 +/- the limit ratio), rounded to the tick).
 * Integers make the comparison with traded prices exact. */
static int star_cents(double prev, long long *up, long long *down)
{
    if (!(isfinite(prev) && prev > 0) || prev > 1e12)
        return 0;
    long long c = llround(prev * 100.0);
    *up = (c * 12 + 5) / 10;
    *down = (c * 8 + 5) / 10;
    return 1;
}

int evs_ipo_star_limits(double prev_close, double *up, double *down)
{
    long long u, d;
    if (!star_cents(prev_close, &u, &d))
        return 0;
    *up = (double)u / 100.0;
    *down = (double)d / 100.0;
    return 1;
}

/* ---- per-listing context ------------------------------------------------- */

typedef struct ctx {
    const evs_ipo_config *cfg;
    evs__ipo_row *row;
    const evs_ipo *ipo;
    const evs_series *s;      /* the stock, NULL when absent */
    long row1;                /* the stock's listing-day row, -1 when none */
    const double *sbasis;     /* the stock's return basis (adj or close) */
    const evs_series *b;      /* the benchmark, NULL when absent */
    const double *bbasis;
    const evs_date *cal;      /* horizon calendar */
    size_t cal_n;
    long t1;                  /* listing day on cal, -1 when none */
    int on_bench;             /* cal is the benchmark's */
    long ref;                 /* benchmark reference index, -1 when none */
    int oom;
} ctx;

static void note(ctx *cx, const char *fmt, ...) EVS__PRINTF(2, 3);

static void note(ctx *cx, const char *fmt, ...)
{
    evs__ipo_row *r = cx->row;
    if (r->m.n_notes == r->cap_notes) {
        size_t cap = r->cap_notes ? 2 * r->cap_notes : 4;
        char **p = evs__reallocarray(r->notes, cap, sizeof *p);
        if (p == NULL) {
            cx->oom = 1;
            return;
        }
        r->notes = p;
        r->cap_notes = cap;
    }
    char msg[EVS_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char *c = evs__strdup(msg);
    if (c == NULL) {
        cx->oom = 1;
        return;
    }
    r->notes[r->m.n_notes++] = c;
    r->m.notes = (const char *const *)r->notes;
}

static char *fmt_dup(ctx *cx, const char *fmt, ...) EVS__PRINTF(2, 3);

static char *fmt_dup(ctx *cx, const char *fmt, ...)
{
    char msg[EVS_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char *c = evs__strdup(msg);
    if (c == NULL)
        cx->oom = 1;
    return c;
}

static const char *ds(evs_date d, char b[EVS_DATE_BUFSZ])
{
    return evs_date_format(d, b);
}

/* Index of the last date <= d in a sorted array, or -1. */
static long on_or_before(const evs_date *a, size_t n, evs_date d)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] <= d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (long)lo - 1;
}

static double field_at(const evs_series *s, evs_field f, long row)
{
    const double *v = s ? evs_series_field(s, f) : NULL;
    return (v != NULL && row >= 0) ? v[row] : NAN;
}

/* ---- first day ----------------------------------------------------------- */

/* Locates the listing-day row and sets the status when there is none. */
static void locate_listing(ctx *cx, const evs_dataset *data)
{
    evs_ipo_metrics *m = &cx->row->m;
    const evs_ipo *ipo = cx->ipo;
    char a[EVS_DATE_BUFSZ], b[EVS_DATE_BUFSZ];
    cx->s = evs_dataset_find(data, ipo->symbol);
    if (cx->s != NULL && evs_series_len(cx->s) == 0)
        cx->s = NULL;
    cx->row1 = -1;
    if (cx->s == NULL) {
        m->status = EVS_IPO_NO_PRICES;
        cx->row->reason = fmt_dup(cx, "no price data for %s", ipo->symbol);
        return;
    }
    cx->sbasis = evs_series_basis(cx->s);
    const evs_date *d = evs_series_dates(cx->s);
    size_t n = evs_series_len(cx->s);
    cx->row1 = evs_series_find(cx->s, ipo->listing_date);
    if (ipo->listing_date > d[n - 1]) {
        m->status = EVS_IPO_AFTER_DATA;
        cx->row->reason = fmt_dup(cx, "listing date %s is after the price data "
                                  "of %s ends (%s)", ds(ipo->listing_date, a),
                                  ipo->symbol, ds(d[n - 1], b));
    } else if (cx->row1 < 0) {
        m->status = EVS_IPO_NOT_IN_DATA;
        if (ipo->listing_date < d[0])
            cx->row->reason = fmt_dup(cx, "the price data of %s starts on %s, "
                                      "after the listing date %s", ipo->symbol,
                                      ds(d[0], a), ds(ipo->listing_date, b));
        else
            cx->row->reason = fmt_dup(cx, "the price data of %s has no row on "
                                      "the listing date %s", ipo->symbol,
                                      ds(ipo->listing_date, a));
    } else if (cx->row1 > 0) {
        note(cx, "the price data of %s has %ld rows before the listing date "
             "%s; they are ignored", ipo->symbol, cx->row1,
             ds(ipo->listing_date, a));
    }
}

/* Picks each first-day price from the IPO file, else the price data (the
 * file's figures are the ones a user chose to state), and notes where the
 * two disagree, compared in cents (the quote precision). */
static void first_day_prices(ctx *cx)
{
    evs_ipo_metrics *m = &cx->row->m;
    const evs_ipo *ipo = cx->ipo;
    static const char *const names[] = {"open", "high", "low", "close"};
    const evs_field f[] = {EVS_FIELD_OPEN, EVS_FIELD_HIGH, EVS_FIELD_LOW,
                           EVS_FIELD_CLOSE};
    const double file[] = {ipo->first_open, ipo->first_high, ipo->first_low,
                           ipo->first_close};
    double *out[] = {&m->open, &m->high, &m->low, &m->close};
    int from_data = 0, from_file = 0;
    for (size_t k = 0; k < 4; k++) {
        double v = field_at(cx->s, f[k], cx->row1);
        if (!isnan(v) && !isnan(file[k]) &&
            llround(v * 100.0) != llround(file[k] * 100.0))
            note(cx, "first_%s %.10g in the IPO file differs from %.10g in "
                 "the price data; the IPO file's value is used", names[k],
                 file[k], v);
        if (!isnan(file[k])) {
            *out[k] = file[k];
            from_file = 1;
        } else if (!isnan(v)) {
            *out[k] = v;
            from_data = 1;
        }
    }
    m->first_day_source = from_data && from_file ? "prices+ipo-file"
                          : from_data            ? "prices"
                          : from_file            ? "ipo-file"
                                                 : "";
    if (!(m->low <= m->high) && !isnan(m->low) && !isnan(m->high))
        note(cx, "first-day low %.10g is above the high %.10g", m->low, m->high);
}

static void first_day_measures(ctx *cx)
{
    evs_ipo_metrics *m = &cx->row->m;
    double P0 = cx->ipo->offer_price;
    /* Initial returns against the offer price (Ritter & Welch 2002, the
     * offer-to-close "first-day return"; offer-to-open and open-to-close
     * split it into the opening gap and the intraday move). */
    m->offer_to_open = m->open / P0 - 1;
    m->offer_to_high = m->high / P0 - 1;
    m->offer_to_low = m->low / P0 - 1;
    m->offer_to_close = m->close / P0 - 1;
    m->open_to_close = m->close / m->open - 1;
    /* Money left on the table: first-day gain of the shares sold
     * (Loughran & Ritter 2002). */
    m->money_left_on_table = (m->close - P0) * cx->ipo->shares_offered;
    m->market_cap_at_offer = P0 * cx->ipo->shares_outstanding;
    m->market_cap_at_first_close = m->close * cx->ipo->shares_outstanding;
}

/* ---- horizon calendar and benchmark -------------------------------------- */

static void choose_calendar(ctx *cx, const evs_dataset *data)
{
    evs_ipo_metrics *m = &cx->row->m;
    const evs_ipo *ipo = cx->ipo;
    char a[EVS_DATE_BUFSZ];
    cx->t1 = -1;
    cx->ref = -1;
    if (m->benchmark == NULL) {
        note(cx, "no benchmark: give one in the IPO file or with --market");
    } else {
        cx->b = evs_dataset_find(data, m->benchmark);
        if (cx->b != NULL && evs_series_len(cx->b) == 0)
            cx->b = NULL;
        long k = cx->b ? evs_series_find(cx->b, ipo->listing_date) : -1;
        if (cx->b == NULL)
            note(cx, "no price data for the benchmark %s", m->benchmark);
        else if (k < 0)
            note(cx, "the benchmark %s has no row on the listing date %s",
                 m->benchmark, ds(ipo->listing_date, a));
        if (k >= 0) {
            cx->bbasis = evs_series_basis(cx->b);
            cx->cal = evs_series_dates(cx->b);
            cx->cal_n = evs_series_len(cx->b);
            cx->t1 = k;
            cx->on_bench = 1;
        }
    }
    if (!cx->on_bench && cx->row1 >= 0) {
        cx->cal = evs_series_dates(cx->s);
        cx->cal_n = evs_series_len(cx->s);
        cx->t1 = cx->row1;
        note(cx, "trading days are counted on the rows of %s (no benchmark "
             "calendar)", ipo->symbol);
    }
}

/* The benchmark's starting close of the initial-return span. */
static void bench_span(ctx *cx)
{
    evs_ipo_metrics *m = &cx->row->m;
    const evs_ipo *ipo = cx->ipo;
    char a[EVS_DATE_BUFSZ];
    if (!cx->on_bench)
        return;
    if (cx->bbasis == NULL) {
        note(cx, "the benchmark %s has no price column (a return series): "
             "no benchmark returns", m->benchmark);
        return;
    }
    long ref = cx->t1 - 1;
    if (ipo->has_pricing_date)
        ref = on_or_before(cx->cal, cx->cal_n, ipo->pricing_date);
    if (ref < 0) {
        note(cx, "the benchmark %s has no row on or before %s", m->benchmark,
             ds(ipo->has_pricing_date ? ipo->pricing_date
                                      : ipo->listing_date - 1, a));
        return;
    }
    m->have_bench_span = 1;
    m->bench_start = cx->cal[ref];
    m->bench_end = ipo->listing_date;
    double b0 = cx->bbasis[ref], b1 = cx->bbasis[cx->t1];
    if (isnan(b0) || isnan(b1)) {
        note(cx, "the benchmark %s has no close on %s", m->benchmark,
             ds(isnan(b0) ? cx->cal[ref] : ipo->listing_date, a));
        return;
    }
    cx->ref = ref;
    m->bench_initial_return = b1 / b0 - 1;
    /* Ratio form (Aggarwal, Leal & Hernandez 1993): the initial return in
     * excess of the benchmark, compounded rather than differenced. */
    m->market_adjusted_initial_return =
        (1 + m->offer_to_close) / (1 + m->bench_initial_return) - 1;
}

/* ---- horizons ------------------------------------------------------------ */

/* Stock basis price on calendar index t, NaN with *why set when missing. */
static double stock_at(ctx *cx, long t, size_t day, char *why, size_t n)
{
    char a[EVS_DATE_BUFSZ];
    const evs_date *sd = evs_series_dates(cx->s);
    size_t sn = evs_series_len(cx->s);
    long row = cx->on_bench ? evs_series_find(cx->s, cx->cal[t]) : t;
    if (row < 0 && cx->cal[t] > sd[sn - 1]) {
        snprintf(why, n, "the price data of %s ends on %s, before day %zu",
                 cx->ipo->symbol, ds(sd[sn - 1], a), day);
        return NAN;
    }
    double v = (row >= 0 && cx->sbasis) ? cx->sbasis[row] : NAN;
    if (isnan(v))
        snprintf(why, n, "%s has no close on day %zu (%s)", cx->ipo->symbol,
                 day, ds(cx->cal[t], a));
    return v;
}

/* Day 1: the first-day figures, wherever they came from. */
static void horizon_day1(ctx *cx, evs_ipo_horizon *h)
{
    const evs_ipo_metrics *m = &cx->row->m;
    h->have_date = 1;
    h->date = cx->ipo->listing_date;
    h->ret = m->offer_to_close;
    h->bench_ret = m->bench_initial_return;
    h->after_ret = isnan(m->close) ? NAN : 0.0;
    h->after_bench_ret = cx->ref >= 0 ? 0.0 : NAN;
}

/* Day N > 1: buy-and-hold from the offer (through the first close) and
 * from the first close.  With no distributions the compounded daily
 * returns equal the price relative, so BHR = P_N / P_1 on the return
 * basis (adjusted close when present), times (1 + initial return). */
static void horizon_later(ctx *cx, evs_ipo_horizon *h, char *why, size_t n)
{
    char a[EVS_DATE_BUFSZ];
    const evs_ipo_metrics *m = &cx->row->m;
    size_t N = h->days;
    if (cx->row1 < 0)
        snprintf(why, n, cx->s ? "the price data of %s has no listing-day row"
                               : "no price data for %s", cx->ipo->symbol);
    if (cx->t1 < 0)
        return; /* no calendar: neither benchmark nor stock rows */
    if ((size_t)cx->t1 + N - 1 >= cx->cal_n) {
        if (why[0] != '\0')
            return;
        snprintf(why, n, "day %zu is beyond the data: the %s calendar ends on "
                 "%s (day %zu)", N, cx->on_bench ? m->benchmark : cx->ipo->symbol,
                 ds(cx->cal[cx->cal_n - 1], a), cx->cal_n - (size_t)cx->t1);
        return;
    }
    long t = cx->t1 + (long)N - 1;
    h->have_date = 1;
    h->date = cx->cal[t];
    if (cx->row1 >= 0) {
        double p1 = cx->sbasis ? cx->sbasis[cx->row1] : NAN;
        double pn = stock_at(cx, t, N, why, n);
        h->after_ret = pn / p1 - 1;
        h->ret = (1 + m->offer_to_close) * (pn / p1) - 1;
        if (isnan(p1) && why[0] == '\0')
            snprintf(why, n, "%s has no close on the listing day",
                     cx->ipo->symbol);
    }
    if (cx->on_bench && cx->bbasis != NULL) {
        double bn = cx->bbasis[t];
        if (isnan(bn) && why[0] == '\0')
            snprintf(why, n, "the benchmark %s has no close on day %zu (%s)",
                     m->benchmark, N, ds(cx->cal[t], a));
        if (cx->ref >= 0)
            h->bench_ret = bn / cx->bbasis[cx->ref] - 1;
        h->after_bench_ret = bn / cx->bbasis[cx->t1] - 1;
    }
}

static void horizons(ctx *cx)
{
    evs__ipo_row *r = cx->row;
    for (size_t k = 0; k < cx->cfg->n_horizons; k++) {
        evs_ipo_horizon *h = &r->h[k];
        char why[EVS_ERRMSG_MAX] = "";
        h->days = cx->cfg->horizons[k];
        h->ret = h->bench_ret = h->bhar = NAN;
        h->after_ret = h->after_bench_ret = h->after_bhar = NAN;
        if (r->m.status == EVS_IPO_BAD_OFFER)
            snprintf(why, sizeof why, "no usable offer price");
        else if (h->days == 1)
            horizon_day1(cx, h);
        else
            horizon_later(cx, h, why, sizeof why);
        /* Buy-and-hold abnormal return (Barber & Lyon 1997, eq. 3). */
        h->bhar = h->ret - h->bench_ret;
        h->after_bhar = h->after_ret - h->after_bench_ret;
        if (why[0] == '\0' && (isnan(h->bhar) || isnan(h->after_bhar)))
            snprintf(why, sizeof why, "%s", isnan(h->ret) || isnan(h->after_ret)
                                                ? "no first-day close"
                                                : "no benchmark return");
        r->hnote[k] = evs__strdup(why);
        if (r->hnote[k] == NULL)
            cx->oom = 1;
        h->note = r->hnote[k] ? r->hnote[k] : "";
    }
    r->m.horizons = r->h;
    r->m.n_horizons = cx->cfg->n_horizons;
}

/* Days from the listing day to the stock's last close on the calendar. */
static void days_available(ctx *cx)
{
    evs_ipo_metrics *m = &cx->row->m;
    if (cx->row1 < 0 || cx->t1 < 0) {
        m->days_available = isnan(m->close) ? 0 : 1;
        return;
    }
    const evs_date *sd = evs_series_dates(cx->s);
    long last = on_or_before(cx->cal, cx->cal_n, sd[evs_series_len(cx->s) - 1]);
    m->days_available = last >= cx->t1 ? (size_t)(last - cx->t1 + 1) : 0;
}

/* ---- price limits -------------------------------------------------------- */

static void add_hit(ctx *cx, const evs_ipo_limit_hit *h)
{
    evs__ipo_row *r = cx->row;
    if (r->m.n_limit_hits == r->cap_hits) {
        size_t cap = r->cap_hits ? 2 * r->cap_hits : 4;
        evs_ipo_limit_hit *p = evs__reallocarray(r->hits, cap, sizeof *p);
        if (p == NULL) {
            cx->oom = 1;
            return;
        }
        r->hits = p;
        r->cap_hits = cap;
    }
    r->hits[r->m.n_limit_hits++] = *h;
    r->m.limit_hits = r->hits;
}

/* Tests day t (trading day `day`) against the STAR limits of the previous
 * calendar day's close; returns 0 when that close or the day's is missing. */
static int limit_day(ctx *cx, long t, size_t day)
{
    long prev = cx->on_bench ? evs_series_find(cx->s, cx->cal[t - 1]) : t - 1;
    long cur = cx->on_bench ? evs_series_find(cx->s, cx->cal[t]) : t;
    double pc = field_at(cx->s, EVS_FIELD_CLOSE, prev);
    double c = field_at(cx->s, EVS_FIELD_CLOSE, cur);
    long long up, dn;
    if (cur < 0 || isnan(c) || !star_cents(pc, &up, &dn))
        return 0;
    double hi = field_at(cx->s, EVS_FIELD_HIGH, cur);
    double lo = field_at(cx->s, EVS_FIELD_LOW, cur);
    long long hc = llround((isnan(hi) ? c : hi) * 100.0);
    long long lc = llround((isnan(lo) ? c : lo) * 100.0);
    long long cc = llround(c * 100.0);
    if (hc >= up)
        add_hit(cx, &(evs_ipo_limit_hit){day, cx->cal[t], 1,
                                         (double)up / 100.0, cc >= up});
    if (lc <= dn)
        add_hit(cx, &(evs_ipo_limit_hit){day, cx->cal[t], 0,
                                         (double)dn / 100.0, cc <= dn});
    return 1;
}

/* STAR: no limit on trading days 1-5, +/-20% of the previous close from
 * day 6 (SSE STAR Market trading special provisions, 2019).  Tested up to
 * the longest horizon, as far as the data reaches. */
static void limits(ctx *cx)
{
    evs_ipo_metrics *m = &cx->row->m;
    if (m->regime != EVS_LIMIT_STAR || cx->row1 < 0 || cx->t1 < 0)
        return;
    size_t maxd = cx->cfg->horizons[cx->cfg->n_horizons - 1];
    size_t skipped = 0;
    char a[EVS_DATE_BUFSZ] = "";
    for (size_t day = 6; day <= maxd && day <= m->days_available; day++) {
        long t = cx->t1 + (long)day - 1;
        if (limit_day(cx, t, day)) {
            m->limit_days_checked++;
        } else if (skipped++ == 0) {
            ds(cx->cal[t], a);
        }
    }
    if (skipped > 0)
        note(cx, "price-limit rule not tested on %zu day(s) without a close "
             "on that day and the day before (first: %s)", skipped, a);
}

/* ---- the analysis -------------------------------------------------------- */

static void analyze_one(ctx *cx, const evs_dataset *data)
{
    evs_ipo_metrics *m = &cx->row->m;
    const evs_ipo *ipo = cx->ipo;
    double *nan_fields[] = {
        &m->open, &m->high, &m->low, &m->close, &m->offer_to_open,
        &m->offer_to_high, &m->offer_to_low, &m->offer_to_close,
        &m->open_to_close, &m->bench_initial_return,
        &m->market_adjusted_initial_return, &m->money_left_on_table,
        &m->market_cap_at_offer, &m->market_cap_at_first_close};
    for (size_t k = 0; k < sizeof nan_fields / sizeof nan_fields[0]; k++)
        *nan_fields[k] = NAN;
    m->ipo = ipo;
    m->first_day_source = "";
    m->regime = evs_ipo_limit_regime(ipo->exchange, ipo->symbol);
    m->benchmark = ipo->benchmark ? ipo->benchmark : cx->cfg->market;
    if (!(isfinite(ipo->offer_price) && ipo->offer_price > 0)) {
        m->status = EVS_IPO_BAD_OFFER;
        cx->row->reason =
            isnan(ipo->offer_price)
                ? fmt_dup(cx, "no offer price for %s", ipo->symbol)
                : fmt_dup(cx, "offer price of %s must be positive, got %g",
                          ipo->symbol, ipo->offer_price);
        horizons(cx); /* all missing, with their reason */
        return;
    }
    locate_listing(cx, data);
    first_day_prices(cx);
    if (m->status != EVS_IPO_OK && m->first_day_source[0] != '\0' &&
        cx->row->reason != NULL) {
        char *why = fmt_dup(cx, "%s; first-day figures from the IPO file only",
                            cx->row->reason);
        if (why != NULL) {
            free(cx->row->reason);
            cx->row->reason = why;
        }
    }
    first_day_measures(cx);
    choose_calendar(cx, data);
    bench_span(cx);
    horizons(cx);
    days_available(cx);
    limits(cx);
}

static evs_status check_config(const evs_ipo_config *c, evs_error *err)
{
    if (c->n_horizons == 0 || c->n_horizons > EVS_IPO_MAX_HORIZONS)
        return evs__seterr(err, EVS_EINVAL, 0, "between 1 and %d horizons are "
                           "needed", EVS_IPO_MAX_HORIZONS);
    for (size_t k = 0; k < c->n_horizons; k++) {
        if (c->horizons[k] < 1 || c->horizons[k] > 100000)
            return evs__seterr(err, EVS_EINVAL, 0, "horizon %zu is not in "
                               "1..100000 trading days", c->horizons[k]);
        if (k > 0 && c->horizons[k] <= c->horizons[k - 1])
            return evs__seterr(err, EVS_EINVAL, 0, "horizons must be "
                               "ascending (%zu after %zu)", c->horizons[k],
                               c->horizons[k - 1]);
    }
    return EVS_OK;
}

evs_status evs_ipo_analyze(const evs_ipo_config *cfg, const evs_ipos *ipos,
                           const evs_dataset *data, evs_ipo_result **out,
                           evs_error *err)
{
    *out = NULL;
    evs_status st = check_config(cfg, err);
    if (st != EVS_OK)
        return st;
    if (evs_ipos_count(ipos) == 0)
        return evs__seterr(err, EVS_ENODATA, 0, "no listings to study");
    evs_ipo_result *r = evs__calloc(1, sizeof *r);
    if (r == NULL)
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    r->cfg = *cfg;
    r->n = evs_ipos_count(ipos);
    r->market = cfg->market ? evs__strdup(cfg->market) : NULL;
    r->cfg.market = r->market;
    r->ipos = evs__ipos_copy(ipos, NULL);
    r->rows = evs__calloc(r->n, sizeof *r->rows);
    int oom = (cfg->market && r->market == NULL) || r->ipos == NULL ||
              r->rows == NULL;
    for (size_t i = 0; !oom && i < r->n; i++) {
        ctx cx = {.cfg = &r->cfg, .row = &r->rows[i],
                  .ipo = evs_ipos_get(r->ipos, i), .row1 = -1, .t1 = -1,
                  .ref = -1};
        analyze_one(&cx, data);
        oom = cx.oom;
        if (!oom && cx.row->reason == NULL && cx.row->m.status != EVS_IPO_OK)
            oom = 1;
        cx.row->m.reason = cx.row->reason ? cx.row->reason : "";
        const evs_ipo_metrics *m = &cx.row->m;
        r->n_usable += !isnan(m->offer_to_open) || !isnan(m->offer_to_high) ||
                       !isnan(m->offer_to_low) || !isnan(m->offer_to_close);
    }
    if (!oom && evs__ipo_summarize(r, err) != EVS_OK)
        oom = 1;
    if (oom) {
        evs_ipo_result_free(r);
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    }
    *out = r;
    return EVS_OK;
}
