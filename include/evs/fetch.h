/*
 * evs/fetch.h - daily price series from the network: the sources (Yahoo
 * Finance chart API, Eastmoney kline API, Stooq CSV, Alpha Vantage), the
 * one canonical symbol form and its mapping to each source's own form, the
 * pure response parsers (bytes -> evs_series), and evs_fetch_series(),
 * which answers from the cache (evs/cache.h) and fetches only what the
 * cache is missing.
 *
 * libcurl keeps process-global state: the application calls
 * evs_net_init() once (from main, before any thread starts) and
 * evs_net_cleanup() at exit.  No other library function does.
 */
#ifndef EVS_FETCH_H
#define EVS_FETCH_H

#include <stdint.h>
#include <stdio.h>

#include "common.h"
#include "date.h"
#include "series.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct evs_cache evs_cache; /* evs/cache.h */

/* curl_global_init(CURL_GLOBAL_DEFAULT) and curl_global_cleanup(), so that
 * only the HTTP module includes <curl/curl.h>.  EVS_ENET when libcurl
 * cannot start. */
evs_status evs_net_init(evs_error *err);
void evs_net_cleanup(void);

/* ---- sources ------------------------------------------------------------ */

typedef enum evs_source {
    EVS_SOURCE_AUTO = 0,     /* the symbol's default source (see below) */
    EVS_SOURCE_YAHOO,        /* query1.finance.yahoo.com v8 chart, JSON */
    EVS_SOURCE_EASTMONEY,    /* push2his.eastmoney.com kline, JSON */
    EVS_SOURCE_STOOQ,        /* stooq.com q/d/l, CSV */
    EVS_SOURCE_ALPHAVANTAGE, /* alphavantage.co TIME_SERIES_DAILY, JSON */
    EVS_SOURCE_COUNT
} evs_source;

/* "auto", "yahoo", "eastmoney", "stooq", "alphavantage"; never NULL. */
const char *evs_source_name(evs_source s);
/* Parses one of the names above; returns 1 and sets *out on success. */
int evs_source_from_name(const char *name, evs_source *out);

/* Price adjustment of a fetched series.  Forward: the latest prices are the
 * traded ones and history is scaled (rewritten by the source after each
 * split or dividend).  Backward: the first prices are the traded ones and
 * later prices are scaled (history never changes).  Unstated: the source
 * does not say. */
typedef enum evs_adjust {
    EVS_ADJUST_DEFAULT = 0, /* the source's default */
    EVS_ADJUST_NONE,
    EVS_ADJUST_FORWARD,
    EVS_ADJUST_BACKWARD,
    EVS_ADJUST_UNSTATED
} evs_adjust;

/* "default", "none", "forward", "backward", "unstated"; never NULL. */
const char *evs_adjust_name(evs_adjust a);
/* Parses "none", "forward" or "backward"; returns 1 on success. */
int evs_adjust_from_name(const char *name, evs_adjust *out);

/* The adjustment a source delivers when `want` is asked: Yahoo forward
 * only (close split-adjusted, adj_close split- and dividend-adjusted);
 * Eastmoney none, forward or backward (fqt 0/1/2; default backward);
 * Stooq unstated only; Alpha Vantage none only (TIME_SERIES_DAILY is
 * as traded).  EVS_EINVAL when the source cannot deliver `want`. */
evs_status evs_source_adjust(evs_source src, evs_adjust want,
                             evs_adjust *out, evs_error *err);

/* ---- symbols -------------------------------------------------------------
 * Canonical forms: `688795.SS` (Shanghai, 6 digits), `000001.SZ`
 * (Shenzhen, 6 digits), `6082.HK` (Hong Kong: leading zeros dropped, then
 * padded to 4 digits), `^HSI` (an index), `AAPL` (anything else, passed
 * through).  Suffixes are case-insensitive on input ("6082.hk", "06082.HK"
 * both become "6082.HK"). */

/* Writes the canonical form of `in` into out (EVS_SYMBOL_MAX + 1 bytes).
 * EVS_EINVAL for a malformed symbol (e.g. "12345.SS"). */
evs_status evs_symbol_canonical(const char *in, char *out, evs_error *err);

/* The source used when none is asked: Eastmoney for Shanghai and Shenzhen,
 * Yahoo for everything else.  `canonical` as made above. */
evs_source evs_symbol_default_source(const char *canonical);

/* The source's own form of a canonical symbol: Yahoo `6082.HK`, `^HSI`;
 * Eastmoney secid `1.688795`, `0.000001`, `116.06082`; Stooq `6082.hk`,
 * `^hsi`, `aapl.us`; Alpha Vantage `688795.SHH`, `000001.SHZ`, `AAPL`.
 * EVS_EINVAL when the source has no documented form for that market (the
 * message says which sources do). */
evs_status evs_symbol_for_source(const char *canonical, evs_source src,
                                 char *out, size_t n, evs_error *err);

/* ---- parsers: pure functions, no I/O ---------------------------------------
 * Each turns a response body into a finished price series named `symbol`
 * with fields open, high, low, close, adj_close and volume (NaN where the
 * source has no value; adj_close only from Yahoo).  Rows with no price at
 * all (every price null) are skipped: they are placeholders, not trading
 * days.  Failures: EVS_EPARSE for a malformed body (invalid JSON, an HTML
 * page, missing keys, bad numbers, non-positive prices, high < low);
 * EVS_EHTTP for an error answer in a successful body (Yahoo chart.error,
 * Eastmoney rc != 0, Stooq "No data" or a limit message, Alpha Vantage
 * Note / Information / Error Message).  A well-formed answer with no rows
 * is a series of length 0, not an error.  Messages start with the source
 * name and the symbol. */

/* Yahoo: dates are timestamp + meta.gmtoffset (exchange-local); when two
 * timestamps fall on one date the later bar wins (Yahoo repeats the live
 * bar). */
evs_series *evs_parse_yahoo(const char *body, size_t len, const char *symbol,
                            evs_error *err);
/* Eastmoney: each kline is "date,open,close,high,low,volume[,amount,...]"
 * (close before high and low).  Volume is returned in shares: the source
 * reports lots of 100 shares for Shanghai and Shenzhen and shares for Hong
 * Kong.  With EVS_EASTMONEY_UNADJUSTED (prices as traded, fqt=0) and a row
 * that carries the amount, the unit is read from the data: amount / volume
 * is the day's average price, which lies between its low and high only in
 * the right unit.  Otherwise EVS_EASTMONEY_LOTS says lots. */
enum {
    EVS_EASTMONEY_LOTS = 1u << 0,
    EVS_EASTMONEY_UNADJUSTED = 1u << 1
};
evs_series *evs_parse_eastmoney(const char *body, size_t len,
                                const char *symbol, unsigned flags,
                                evs_error *err);
/* Stooq: CSV Date,Open,High,Low,Close[,Volume]; any other first line is the
 * server's message. */
evs_series *evs_parse_stooq(const char *body, size_t len, const char *symbol,
                            evs_error *err);
/* Alpha Vantage: "Time Series (Daily)" keyed by date, values as strings. */
evs_series *evs_parse_alphavantage(const char *body, size_t len,
                                   const char *symbol, evs_error *err);
/* Dispatches on src (not AUTO); flags go to the Eastmoney parser. */
evs_series *evs_parse_response(evs_source src, const char *body, size_t len,
                               const char *symbol, unsigned flags,
                               evs_error *err);

/* The server's own error text in an error body (Yahoo chart.error code and
 * description, Alpha Vantage Note/Information/Error Message, Eastmoney
 * rc, or the first line of a plain-text body), sanitised to one line of
 * printable ASCII; "" when none.  out has n bytes. */
void evs_response_error_text(evs_source src, const char *body, size_t len,
                             char *out, size_t n);

/* ---- fetching ------------------------------------------------------------ */

typedef struct evs_fetch_opts {
    evs_source source;         /* AUTO: the symbol's default source */
    evs_adjust adjust;         /* DEFAULT: the source's default */
    evs_date from, to;         /* inclusive; `to` is clipped to today */
    int64_t now;               /* Unix seconds; init sets the clock's */
    int offline;               /* 1: never use the network */
    long connect_timeout_ms;   /* default 10000 */
    long timeout_ms;           /* whole transfer, default 30000 */
    unsigned retries;          /* extra attempts on timeouts, 429, 5xx; 3 */
    long retry_base_ms;        /* first back-off, doubled each time; 500 */
    long retry_after_max_ms;   /* longer Retry-After fails now; 60000 */
    size_t max_bytes;          /* response size cap; default 32 MiB */
    const char *base_url[EVS_SOURCE_COUNT]; /* NULL: the public endpoint */
    const char *api_key[EVS_SOURCE_COUNT];  /* never stored or printed */
    const char *user_agent;    /* NULL: a current browser's */
    evs_warner warn;           /* retries and re-adjustments are told here */
} evs_fetch_opts;

/* Fills the defaults above; from/to are set to the year before today. */
void evs_fetch_opts_init(evs_fetch_opts *o);

/* Reads the environment into o: EVSTUDY_YAHOO_URL, EVSTUDY_EASTMONEY_URL,
 * EVSTUDY_STOOQ_URL, EVSTUDY_ALPHAVANTAGE_URL (base URLs), and the keys
 * ALPHAVANTAGE_API_KEY and STOOQ_API_KEY.  The pointers are getenv()'s and
 * stay valid while the environment is unchanged. */
void evs_fetch_opts_env(evs_fetch_opts *o);

/* What evs_fetch_series did. */
typedef struct evs_fetch_info {
    evs_source source;   /* the source the series came from */
    evs_adjust adjust;   /* its adjustment */
    size_t requests;     /* HTTP requests sent, retries included */
    size_t new_rows;     /* rows the cache gained */
    size_t rows;         /* rows in the returned series */
    int refetched;       /* 1: the source had re-adjusted history */
} evs_fetch_info;

/* The daily series of `symbol` over [o->from, o->to] from the cache,
 * fetching the missing ranges first (unless o->offline).  The returned
 * series is named `symbol` exactly as given; the cache keys on the
 * canonical form.  With AUTO, a cached series from another source that
 * already covers the range is used before anything is fetched.
 * Forward-adjusted series are re-checked on their last cached day: when
 * the source has rewritten history the whole cached range is fetched
 * again and replaced.  Everything one call fetches is written in one
 * transaction, and only after every response parsed.
 * Statuses: EVS_EOFFLINE (offline and not cached; the message lists the
 * missing ranges), EVS_ENET (transport: libcurl's error), EVS_EHTTP (an
 * error status with the server's text, an error body, a malformed or
 * empty answer), EVS_EINVAL (bad symbol, range, source or adjustment, or
 * a missing API key), EVS_EIO (cache).  info may be NULL. */
evs_status evs_fetch_series(evs_cache *cache, const char *symbol,
                            const evs_fetch_opts *o, evs_fetch_info *info,
                            evs_series **out, evs_error *err);

/* Writes price series as the CSV that evs_load_prices_csv reads:
 * `date,open,high,low,close,adj_close,volume`, with a `symbol` column
 * after `date` when with_symbol is 1.  Numbers with 15 significant digits
 * ("%.15g", so decimal inputs round-trip), missing values as empty cells.
 * EVS_EWRITE when the stream fails. */
evs_status evs_prices_write_csv(FILE *f, const evs_series *const *series,
                                size_t n, int with_symbol, evs_error *err);

#ifdef __cplusplus
}
#endif
#endif
