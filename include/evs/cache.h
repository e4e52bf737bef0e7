/*
 * evs/cache.h - the on-disk price cache: an SQLite database holding daily
 * rows by source, symbol, adjustment and date, plus a log of every fetch
 * (when, which range, from which URL, how many rows).
 *
 * Durability: every write is one transaction (WAL journal, synchronous
 * FULL), so a process killed at any moment leaves the cache as it was
 * before or after the write, never in between.  Several processes may use
 * one cache at once: readers never block, writers wait up to 30 s for each
 * other (busy timeout).  URLs are stored without API keys.
 *
 * Coverage: the dates of a series that the cache can answer for are the
 * union of the ranges of its recorded fetches.  A range fetched up to the
 * day it was fetched (or the day before, in UTC) may hold a provisional
 * last bar; "final" coverage leaves those days out so that a later fetch
 * asks for them again.
 */
#ifndef EVS_CACHE_H
#define EVS_CACHE_H

#include <stdint.h>

#include "common.h"
#include "date.h"
#include "fetch.h"
#include "series.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An inclusive range of calendar dates. */
typedef struct evs_range {
    evs_date first;
    evs_date last;
} evs_range;

/* One cached series: source (not AUTO), canonical symbol, adjustment. */
typedef struct evs_cache_key {
    evs_source source;
    const char *symbol;
    evs_adjust adjust;
} evs_cache_key;

/* Writes the default cache path into buf (n bytes):
 * $XDG_CACHE_HOME/evstudy/prices.sqlite when XDG_CACHE_HOME is an absolute
 * path, else $HOME/.cache/evstudy/prices.sqlite.  EVS_EINVAL when neither
 * variable is usable or the path does not fit. */
evs_status evs_cache_default_path(char *buf, size_t n, evs_error *err);

enum {
    EVS_CACHE_CREATE = 1 /* create the file (and its directory, mode 0700) */
};

/* Opens (and with EVS_CACHE_CREATE creates) a cache.  EVS_EIO when the
 * file cannot be opened, is not an SQLite database, or holds another
 * schema; without EVS_CACHE_CREATE a missing file is EVS_EIO with
 * "no cache at PATH".  Close with evs_cache_close. */
evs_cache *evs_cache_open(const char *path, int flags, evs_error *err);
void evs_cache_close(evs_cache *c);
const char *evs_cache_path(const evs_cache *c);

/* The parts of `want` not covered (see the top of this file), in date
 * order, at most `max` of them (the last one then runs to want.last).
 * `final_only` leaves provisional days out of the coverage: of each
 * fetch, the days from the day before its UTC fetch date on. */
evs_status evs_cache_missing(evs_cache *c, const evs_cache_key *k,
                             evs_range want, int final_only, evs_range *out,
                             size_t max, size_t *n, evs_error *err);

/* One fetch to record: the range asked, the URL without any key, when. */
typedef struct evs_cache_fetch {
    evs_range range;
    const char *url;
    int64_t fetched_at; /* Unix seconds */
    size_t rows;        /* rows the answer held inside the range */
} evs_cache_fetch;

/* In one transaction: with `replace`, deletes the series' rows and fetch
 * records; then inserts (or replaces, by date) every row of s that lies
 * in one of the fetches' ranges, and records the fetches.  s may be NULL
 * (ranges with no rows).  *added (may be NULL) gets how many rows the
 * series gained (rows replaced by date are not counted). */
evs_status evs_cache_store(evs_cache *c, const evs_cache_key *k,
                           const evs_series *s, const evs_cache_fetch *f,
                           size_t nf, int replace, size_t *added,
                           evs_error *err);

/* The cached rows of k within r as a new finished series named `name`
 * (fields open, high, low, close, adj_close, volume), possibly empty.
 * Free with evs_series_free. */
evs_series *evs_cache_load(evs_cache *c, const evs_cache_key *k, evs_range r,
                           const char *name, evs_error *err);

/* A cached series as listed. */
typedef struct evs_cache_entry {
    evs_source source;
    const char *symbol;
    evs_adjust adjust;
    size_t rows;
    evs_date first, last; /* of the rows; meaningless when rows == 0 */
    size_t fetches;
    int64_t last_fetch;   /* Unix seconds of the latest fetch */
} evs_cache_entry;

/* A recorded fetch as listed. */
typedef struct evs_cache_fetch_rec {
    evs_range range;
    const char *url;
    int64_t fetched_at;
    size_t rows;
} evs_cache_fetch_rec;

/* Calls fn for each cached series (of `symbol` only, when non-NULL; the
 * canonical form), ordered by symbol, source, adjustment.  A non-zero
 * return from fn stops the walk.  Strings are valid during the call. */
typedef int (*evs_cache_entry_fn)(void *ud, const evs_cache_entry *e);
evs_status evs_cache_list(evs_cache *c, const char *symbol,
                          evs_cache_entry_fn fn, void *ud, evs_error *err);

/* Calls fn for each recorded fetch of k, oldest first. */
typedef int (*evs_cache_fetch_fn)(void *ud, const evs_cache_fetch_rec *f);
evs_status evs_cache_fetches(evs_cache *c, const evs_cache_key *k,
                             evs_cache_fetch_fn fn, void *ud, evs_error *err);

/* Deletes every series of `symbol` (canonical; NULL: everything) with
 * their rows and fetch records, in one transaction.  *series and *rows
 * (may be NULL) get what was removed. */
evs_status evs_cache_clear(evs_cache *c, const char *symbol, size_t *series,
                           size_t *rows, evs_error *err);

#ifdef __cplusplus
}
#endif
#endif
