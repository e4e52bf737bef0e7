/*
 * evs/load.h - reading prices and returns from CSV into an evs_dataset.
 *
 * Price CSV: a header row; column names matched case-insensitively after
 * trimming and unquoting: `date` (required), `symbol` (optional), `open`,
 * `high`, `low`, `close`, `adj_close` (also `Adj Close`, `adjclose`,
 * `adj close`, `adjusted_close`), `volume`.  One of close/adj_close is
 * required; other columns are ignored.  Dates are YYYY-MM-DD or YYYYMMDD.
 * Empty, NA, NaN, null and `.` cells are missing.  Prices must be > 0.
 * CRLF, a UTF-8 byte-order mark, quoted fields and a missing final newline
 * are accepted; rows may come in any date order.
 *
 * Returns CSV (long format): `date,symbol,ret` with decimal simple returns.
 *
 * Errors name the file and line: "data/x.csv:17: invalid date '2023-13-01'"
 * (EVS_EPARSE, err->line = 17).  On failure the dataset is unchanged.
 *
 * Limits, so that memory stays bounded on hostile input: a line longer than
 * EVS_LOAD_MAX_LINE bytes, a row with more than EVS_LOAD_MAX_FIELDS fields
 * or a NUL byte fails with EVS_EPARSE ("x.csv:3: line longer than 1048576
 * bytes"); a file is refused after reading at most 64 KiB past the limit.
 * A number beyond the range of a double (1e999) is "number out of range".
 * A regular file that changes size or modification time while it is being
 * read fails with EVS_EIO ("the file changed while it was being read").
 */
#ifndef EVS_LOAD_H
#define EVS_LOAD_H

#include "common.h"
#include "series.h"

#ifdef __cplusplus
extern "C" {
#endif

#define EVS_LOAD_MAX_LINE (1024 * 1024) /* bytes per line, newline excluded */
#define EVS_LOAD_MAX_FIELDS 4096        /* fields per CSV row */

/* Loads a price file.  Without a `symbol` column the file holds one symbol:
 * `symbol` if non-NULL, else the file name without directory and a final
 * ".csv" (data/688795.SS.csv is 688795.SS).  With a `symbol` column the file
 * may hold many symbols and `symbol` must be NULL.  `path` "-" reads stdin. */
evs_status evs_load_prices_csv(evs_dataset *ds, const char *path,
                               const char *symbol, const evs_warner *warn,
                               evs_error *err);

/* Loads every regular file ending in ".csv" (case-insensitive) in a
 * directory, in byte order of their names, as evs_load_prices_csv(ds, f,
 * NULL, ...).  A path that is a file is loaded as that one file. */
evs_status evs_load_prices_path(evs_dataset *ds, const char *path,
                                const evs_warner *warn, evs_error *err);

/* Same as evs_load_prices_csv on bytes in memory; `origin` names them in
 * messages.  `symbol` as above (required when there is no symbol column). */
evs_status evs_load_prices_buffer(evs_dataset *ds, const char *data,
                                  size_t len, const char *origin,
                                  const char *symbol, const evs_warner *warn,
                                  evs_error *err);

/* Loads a long returns file (`date,symbol,ret`; extra columns ignored). */
evs_status evs_load_returns_csv(evs_dataset *ds, const char *path,
                                const evs_warner *warn, evs_error *err);
evs_status evs_load_returns_buffer(evs_dataset *ds, const char *data,
                                   size_t len, const char *origin,
                                   const evs_warner *warn, evs_error *err);

/* ---- options: threads and binary copies ---------------------------------- */

/* Files are read in chunks and parsed in place (memory stays near the size
 * of the parsed series, not the file).  A regular file of at least 8 MiB
 * is split at line boundaries into four segments per thread; the segments
 * are parsed in parallel and joined in file order, so the result (values,
 * series order, warnings, messages and their line numbers) is identical
 * to a one-thread parse.
 *
 * A binary copy is the parsed content of one CSV file (every series,
 * warning included) written to a cache directory after a successful parse
 * and read back instead of the CSV as long as the file has the same path,
 * size, modification time, inode and first and last 64 KiB.  It is
 * versioned and checksummed (XXH3-64); a copy that does not check out is
 * ignored (and rewritten), never trusted.  Writing one is best effort: a
 * failure is a warning, not an error. */
typedef struct evs_load_options {
    unsigned threads;      /* parsing threads; 0 = one per online core */
    const char *bin_cache; /* directory of binary copies; NULL = none */
    uint64_t bin_min_size; /* smaller files get no copy; default 1 MiB */
    /* When non-NULL: receives the SHA-256 of the file (64 hex digits and
     * a NUL) when the load knows it without reading the file again (a
     * binary copy stores it; a parse of a regular file hashes it on a
     * thread of its own at the same time), else "". */
    char *sha256_out;
} evs_load_options;

/* Defaults: threads 0, no binary copies, bin_min_size 1 MiB. */
void evs_load_options_init(evs_load_options *o);

/* evs_load_prices_csv / evs_load_returns_csv with options (NULL: the
 * defaults, which the functions without options use too). */
evs_status evs_load_prices_csv_ex(evs_dataset *ds, const char *path,
                                  const char *symbol,
                                  const evs_load_options *opts,
                                  const evs_warner *warn, evs_error *err);
evs_status evs_load_returns_csv_ex(evs_dataset *ds, const char *path,
                                   const evs_load_options *opts,
                                   const evs_warner *warn, evs_error *err);

#ifdef __cplusplus
}
#endif
#endif
