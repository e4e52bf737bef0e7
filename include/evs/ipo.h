/*
 * evs/ipo.h - IPO analytics: first-day returns against the offer price,
 * the market-adjusted initial return, money left on the table, market
 * capitalisation, first-N-day buy-and-hold returns and abnormal returns
 * against a benchmark, wealth relatives, price-limit flags, and a cohort
 * summary.  The post-listing event study itself runs through evs_study_run
 * (see evs_ipo_events).
 *
 * Conventions (on top of evs/common.h):
 *  - Trading day 1 is the listing day.  Day N is the (N-1)-th trading day
 *    after it on the horizon calendar: the benchmark's trading calendar
 *    when the benchmark has a row on the listing date, else the stock's
 *    own rows (and then there are no benchmark returns).
 *  - Returns are decimals; prices and amounts are in the listing's
 *    currency; share counts are plain numbers of shares.  NaN is missing.
 *  - The benchmark span of the initial return runs from the benchmark's
 *    close on the pricing date (the last benchmark trading day on or
 *    before it) when the listing gives one, else from its close on the
 *    trading day before the listing day, to its close on the listing day.
 */
#ifndef EVS_IPO_H
#define EVS_IPO_H

#include <stdio.h>

#include "common.h"
#include "date.h"
#include "events.h"
#include "report.h"
#include "series.h"
#include "study.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the listings -------------------------------------------------------- */

/* One listing.  Strings are owned by the evs_ipos list that holds it; NULL
 * means "not given".  A price or count that was not given is NaN. */
typedef struct evs_ipo {
    const char *symbol;       /* required; the price-data symbol */
    const char *name;         /* company name */
    const char *exchange;     /* free text, e.g. "SSE STAR", "HKEX" */
    evs_date listing_date;    /* first trading day */
    double offer_price;       /* per share; NaN when the cell was empty */
    const char *currency;     /* e.g. "CNY", "HKD" */
    double shares_offered;    /* shares sold in the offering (> 0) */
    double shares_outstanding;/* shares outstanding after the offering */
    const char *benchmark;    /* benchmark symbol; NULL: the default */
    int has_pricing_date;     /* 1 when pricing_date holds a date */
    evs_date pricing_date;    /* day the offer price was fixed (< listing) */
    /* First-day prices known from elsewhere (news, prospectus); used when
     * the price data has no listing-day row or lacks the field. */
    double first_open, first_high, first_low, first_close;
    long line;                /* input line, 0 when added in code */
} evs_ipo;

/* Initialises a record: every string NULL, every number NaN, no pricing
 * date, line 0.  Callers then set fields and pass it to evs_ipos_add. */
void evs_ipo_init(evs_ipo *rec);

typedef struct evs_ipos evs_ipos;

evs_ipos *evs_ipos_new(evs_error *err);
void evs_ipos_free(evs_ipos *l);

/* Appends a copy of `rec` (strings copied).  Checks: symbol and benchmark
 * are valid symbols (as in evs/series.h), share counts and first-day prices
 * are NaN or > 0, first_low <= first_high when both are given, a pricing
 * date is before the listing date, and the symbol is not in the list yet.
 * The offer price is NOT checked here: a missing, zero or negative offer is
 * reported per listing by evs_ipo_analyze (status bad-offer) so that the
 * other listings are still studied.  EVS_EINVAL when a check fails (the
 * message names rec->line when it is set), EVS_ENOMEM. */
evs_status evs_ipos_add(evs_ipos *l, const evs_ipo *rec, evs_error *err);

size_t evs_ipos_count(const evs_ipos *l);
/* The i-th listing (i < count), valid until the list changes. */
const evs_ipo *evs_ipos_get(const evs_ipos *l, size_t i);

/* Reads an IPO CSV ("-" is stdin).  Header names, case-insensitive:
 * symbol, listing_date and offer_price are required; name, exchange,
 * currency, shares_offered, shares_outstanding, benchmark, pricing_date,
 * first_open, first_high, first_low and first_close are optional.  Other
 * columns are ignored with a warning (a typo shows).  Empty or NA cells
 * are "not given".  Dates are YYYY-MM-DD or YYYYMMDD.  Errors are
 * EVS_EPARSE "file:line: what" (a bad number, date or symbol, a check of
 * evs_ipos_add failing, a row of the wrong width, a symbol listed twice,
 * no rows), EVS_EIO, EVS_ENOMEM; NULL is returned with err filled. */
evs_ipos *evs_ipos_load_csv(const char *path, const evs_warner *warn,
                            evs_error *err);
/* The same on bytes in memory; `origin` names them in messages.  The bytes
 * need no terminating NUL and are not modified. */
evs_ipos *evs_ipos_load_buffer(const char *data, size_t len,
                               const char *origin, const evs_warner *warn,
                               evs_error *err);

/* ---- exchange price-limit regimes ---------------------------------------- */

typedef enum evs_limit_regime {
    EVS_LIMIT_UNKNOWN = 0, /* not recognised: no day is flagged */
    EVS_LIMIT_NONE,        /* no daily limit (Hong Kong) */
    EVS_LIMIT_STAR         /* SSE STAR market: none on trading days 1-5,
                            * +/-20% of the previous close from day 6 */
} evs_limit_regime;

/* The regime of a listing: "STAR" anywhere in `exchange` (any case) is the
 * STAR market; an exchange starting with "HKEX", "SEHK" or equal to "HK" is
 * Hong Kong.  With no exchange the symbol decides: 688xxx.SS / 689xxx.SS
 * are STAR, *.HK is Hong Kong.  Either argument may be NULL. */
evs_limit_regime evs_ipo_limit_regime(const char *exchange,
                                      const char *symbol);
/* "unknown", "none" or "star". */
const char *evs_limit_regime_name(evs_limit_regime r);

/* The STAR limit prices of a day whose previous close is `prev_close`:
 * prev_close x 1.2 and x 0.8, rounded half up to the 0.01 price tick
 * (computed in whole cents, so the comparison with traded prices is
 * exact).  Returns 0 when prev_close is not a positive finite price. */
int evs_ipo_star_limits(double prev_close, double *up, double *down);

/* ---- the analysis -------------------------------------------------------- */

#define EVS_IPO_MAX_HORIZONS 16

typedef struct evs_ipo_config {
    const char *market; /* benchmark of listings that name none; may be NULL */
    size_t horizons[EVS_IPO_MAX_HORIZONS]; /* trading days, ascending, >= 1 */
    size_t n_horizons;  /* default 5: 1, 5, 20, 60, 120 */
} evs_ipo_config;

/* Fills the defaults above. */
void evs_ipo_config_init(evs_ipo_config *cfg);

/* What could be done for a listing. */
typedef enum evs_ipo_status {
    EVS_IPO_OK = 0,          /* the price data has the listing-day row */
    EVS_IPO_NO_PRICES,       /* the symbol has no price data */
    EVS_IPO_AFTER_DATA,      /* the listing date is after the data ends */
    EVS_IPO_NOT_IN_DATA,     /* the price data has no listing-day row */
    EVS_IPO_BAD_OFFER        /* offer missing, zero or negative: nothing */
} evs_ipo_status;

/* "ok", "no-prices", "listing-after-data", "listing-not-in-data",
 * "bad-offer". */
const char *evs_ipo_status_name(evs_ipo_status s);

/* Holding-period figures up to the close of trading day `days`. */
typedef struct evs_ipo_horizon {
    size_t days;            /* N */
    int have_date;          /* 1 when day N is on the horizon calendar */
    evs_date date;          /* the date of day N */
    double ret;             /* offer price -> close of day N */
    double bench_ret;       /* benchmark over the initial-return span
                             * extended to day N */
    double bhar;            /* ret - bench_ret (Barber & Lyon 1997) */
    double after_ret;       /* first close -> close of day N */
    double after_bench_ret; /* benchmark close of day 1 -> day N */
    double after_bhar;      /* after_ret - after_bench_ret */
    const char *note;       /* why something is missing; "" when complete */
} evs_ipo_horizon;

/* A day on which a price limit was reached. */
typedef struct evs_ipo_limit_hit {
    size_t day;          /* trading day number (>= 6 for STAR) */
    evs_date date;
    int up;              /* 1: limit up (high >= up limit), 0: limit down */
    double limit_price;  /* the limit price reached */
    int closed_at_limit; /* the close equals the limit price */
} evs_ipo_limit_hit;

/* The measures of one listing; a view into the result.  Every measure that
 * cannot be computed is NaN. */
typedef struct evs_ipo_metrics {
    const evs_ipo *ipo;      /* the result's copy of the listing */
    evs_ipo_status status;
    const char *reason;      /* sentence for a status other than ok, or "" */
    const char *benchmark;   /* the benchmark used, NULL when none */
    evs_limit_regime regime;
    /* First-day prices used, and where they came from: "prices" (the
     * price data), "ipo-file", "prices+ipo-file" (some of each) or "". */
    double open, high, low, close;
    const char *first_day_source;
    double offer_to_open;    /* open / offer - 1 */
    double offer_to_high;    /* high / offer - 1 */
    double offer_to_low;     /* low / offer - 1 */
    double offer_to_close;   /* close / offer - 1: the initial return */
    double open_to_close;    /* close / open - 1 */
    int have_bench_span;     /* 1 when both span dates are set */
    evs_date bench_start;    /* start of the benchmark span (see above) */
    evs_date bench_end;      /* the listing day */
    double bench_initial_return;  /* benchmark return over that span */
    /* (1 + offer_to_close) / (1 + bench_initial_return) - 1: the ratio
     * form of the market-adjusted initial return (Aggarwal, Leal &
     * Hernandez 1993).  The difference form is horizons[day 1].bhar. */
    double market_adjusted_initial_return;
    double money_left_on_table;       /* (close - offer) * shares_offered */
    double market_cap_at_offer;       /* offer * shares_outstanding */
    double market_cap_at_first_close; /* close * shares_outstanding */
    size_t n_horizons;
    const evs_ipo_horizon *horizons;  /* config order */
    size_t days_available;   /* trading days from the listing day to the
                              * last day with a stock close (0: none) */
    size_t limit_days_checked; /* days on which the limit rule was tested */
    size_t n_limit_hits;
    const evs_ipo_limit_hit *limit_hits;
    size_t n_notes;          /* secondary problems, one sentence each */
    const char *const *notes;
} evs_ipo_metrics;

typedef struct evs_ipo_result evs_ipo_result;

/* Measures every listing against the price data.  A problem with one
 * listing (no price data, a bad offer, a listing date after the data)
 * gives that listing a status and a reason; the others are still
 * measured.  Returns EVS_EINVAL for a bad configuration (no horizon, too
 * many, not ascending, or 0), EVS_ENOMEM, EVS_ENODATA when the list is
 * empty; otherwise EVS_OK and *out owns a result (free with
 * evs_ipo_result_free), even when no listing could be measured. */
evs_status evs_ipo_analyze(const evs_ipo_config *cfg, const evs_ipos *ipos,
                           const evs_dataset *data, evs_ipo_result **out,
                           evs_error *err);
void evs_ipo_result_free(evs_ipo_result *r);

const evs_ipo_config *evs_ipo_result_config(const evs_ipo_result *r);
size_t evs_ipo_result_count(const evs_ipo_result *r);
/* i < count, in input order. */
const evs_ipo_metrics *evs_ipo_result_get(const evs_ipo_result *r, size_t i);
/* Listings with at least one first-day measure. */
size_t evs_ipo_result_n_usable(const evs_ipo_result *r);

/* One row of the cohort summary: a measure (the JSON key of the per-listing
 * value, e.g. "offer_to_close", "bhar"), its horizon (0 for first-day
 * measures), and its currency for amounts (NULL for returns; amounts are
 * never pooled across currencies).  Statistics over the n listings with a
 * value; NaN when n is 0.  The median of an even count is the mean of the
 * two middle values. */
typedef struct evs_ipo_stat {
    const char *measure;
    size_t horizon;
    const char *currency;
    size_t n;
    double mean, median, min, max;
} evs_ipo_stat;

size_t evs_ipo_result_n_stats(const evs_ipo_result *r);
const evs_ipo_stat *evs_ipo_result_stats(const evs_ipo_result *r);

/* Wealth relative per horizon (Ritter 1991): (1 + mean ret) / (1 + mean
 * bench_ret) over the n listings with both, from the offer price; and the
 * same from the first-day close (Ritter's own convention).  NaN when n is
 * 0.  Below 1: the listings did worse than the benchmark. */
typedef struct evs_ipo_wealth {
    size_t horizon;
    size_t n;
    double mean_ret, mean_bench_ret, wealth_relative;
    size_t after_n;
    double after_mean_ret, after_mean_bench_ret, after_wealth_relative;
} evs_ipo_wealth;

/* n_horizons entries, config order. */
const evs_ipo_wealth *evs_ipo_result_wealth(const evs_ipo_result *r);

/* ---- the post-listing event study ---------------------------------------- */

/* Events for evs_study_run: one per listing that has a benchmark (its own,
 * else the config's market), dated the listing day, labelled with the
 * company name, in input order.  Day 0 of that study is the listing day,
 * whose return is missing (the stock has no earlier close), so the
 * post-listing windows start at day 1.  NULL with err filled on ENOMEM, or
 * EVS_ENODATA when no listing has a benchmark. */
evs_events *evs_ipo_events(const evs_ipo_result *r, evs_error *err);

/* ---- daily paths (the figures of `evstudy ipo --plot`) -------------------- */

/* One listing day by day on its horizon calendar, from the listing day
 * (day 1) to the last calendar day on or before the stock's last row
 * (day n).  Arrays have n entries; entry d-1 is trading day d.  NaN is
 * missing (the stock has no row or no close that day, the benchmark no
 * level, or a figure cannot be computed). */
typedef struct evs_ipo_daily {
    size_t n;           /* >= 1 */
    evs_date *dates;    /* the date of day d */
    /* The stock's raw close (the close column; the return basis when the
     * data have no close column): the price axis of the offer and the
     * first-day prices. */
    double *close;
    /* The benchmark's level on day d (its return basis), and its level at
     * the start of the initial-return span (bench_start of the metrics):
     * bench[d-1] / bench_base - 1 is the benchmark return from the offer
     * through day d.  bench is NULL when the horizon calendar is not the
     * benchmark's (no benchmark, or it has no listing-day row, or it is a
     * return series); bench_base is NaN when the span has no start. */
    double *bench;
    double bench_base;
    /* BHAR from the offer and from the first close through day d: exactly
     * horizons[k].bhar and .after_bhar of evs_ipo_analyze for N = d (the
     * same formulas on the same calendar; Barber & Lyon 1997, eq. 3). */
    double *bhar;
    double *after_bhar;
} evs_ipo_daily;

/* The daily path of listing i (i < evs_ipo_result_count(r)) from `data`,
 * which must be the dataset `r` was analysed on.  On success *out owns the
 * path (free with evs_ipo_daily_free).  EVS_EINVAL when i is out of range;
 * EVS_ENODATA when there is no path to give (a bad offer, no price data
 * for the symbol, no calendar holding the listing day, or price data that
 * end before it), with the reason in err; EVS_ENOMEM. */
evs_status evs_ipo_daily_new(const evs_ipo_result *r, size_t i,
                             const evs_dataset *data, evs_ipo_daily **out,
                             evs_error *err);
/* Frees a path; NULL does nothing. */
void evs_ipo_daily_free(evs_ipo_daily *d);

/* ---- reports ------------------------------------------------------------- */

/* CSV tables of an IPO report (bits). */
typedef enum evs_ipo_table {
    EVS_IPO_TABLE_IPOS = 1u << 0,     /* one row per listing */
    EVS_IPO_TABLE_HORIZONS = 1u << 1, /* one row per listing and horizon */
    EVS_IPO_TABLE_LIMITS = 1u << 2,   /* one row per limit hit */
    EVS_IPO_TABLE_SUMMARY = 1u << 3,  /* one row per summary statistic */
    EVS_IPO_TABLE_WEALTH = 1u << 4,   /* one row per horizon */
    EVS_IPO_TABLE_POST = 1u << 5,     /* one row per listing and CAR window */
    EVS_IPO_TABLE_NOTES = 1u << 6,    /* one row per reason or note */
    EVS_IPO_TABLE_ALL = (1u << 7) - 1
} evs_ipo_table;

/* Parses a comma-separated list of ipos, horizons, limits, summary, wealth,
 * post, notes, all; returns 1 on success. */
int evs_ipo_table_parse(const char *s, unsigned *out);

/* Writes the IPO result (and the post-listing study when `post` is not
 * NULL: its events must come from evs_ipo_events of the same result) as a
 * table, CSV (opts->tables, default ipos) or JSON with keys params, ipos,
 * summary (README "evstudy ipo").  EVS_EWRITE when the stream fails. */
evs_status evs_report_ipo(FILE *f, const evs_ipo_result *r,
                          const evs_study_result *post,
                          const evs_report_opts *opts, evs_error *err);

#ifdef __cplusplus
}
#endif
#endif
