/*
 * cache.c - the only SQLite user: the on-disk price cache (evs/cache.h).
 * Tables: series (source, symbol, adjustment), prices (one row per series
 * and date), fetches (range, URL, time, row count per recorded fetch) and
 * meta (schema version).  Every write is one BEGIN IMMEDIATE transaction
 * in WAL mode, so a killed writer leaves the previous state and readers
 * are never blocked.
 */
#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fetch_internal.h"

#define SCHEMA_VERSION "1"
#define BUSY_TIMEOUT_MS 30000

struct evs_cache {
    sqlite3 *db;
    char *path;
};

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS series("
    " id INTEGER PRIMARY KEY, source TEXT NOT NULL, symbol TEXT NOT NULL,"
    " adjust TEXT NOT NULL, UNIQUE(source, symbol, adjust));"
    "CREATE TABLE IF NOT EXISTS prices("
    " series INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,"
    " date TEXT NOT NULL, open REAL, high REAL, low REAL, close REAL,"
    " adj_close REAL, volume REAL, PRIMARY KEY(series, date)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS fetches("
    " id INTEGER PRIMARY KEY,"
    " series INTEGER NOT NULL REFERENCES series(id) ON DELETE CASCADE,"
    " first TEXT NOT NULL, last TEXT NOT NULL, fetched_at INTEGER NOT NULL,"
    " url TEXT NOT NULL, rows INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS fetches_series ON fetches(series, first);"
    "INSERT OR IGNORE INTO meta VALUES('schema', '" SCHEMA_VERSION "');";

static evs_status dberr(const evs_cache *c, const char *what, evs_error *err)
{
    return evs__seterr(err, EVS_EIO, 0, "%s: cache: %s: %s", c->path, what,
                       sqlite3_errmsg(c->db));
}

static evs_status exec(evs_cache *c, const char *sql, evs_error *err)
{
    if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return dberr(c, "cannot update", err);
    return EVS_OK;
}

static evs_status prepare(evs_cache *c, const char *sql, sqlite3_stmt **st,
                          evs_error *err)
{
    if (sqlite3_prepare_v2(c->db, sql, -1, st, NULL) != SQLITE_OK)
        return dberr(c, "cannot read", err);
    return EVS_OK;
}

evs_status evs_cache_default_path(char *buf, size_t n, evs_error *err)
{
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    int k;
    /* XDG Base Directory spec: relative values are invalid and ignored. */
    if (xdg != NULL && xdg[0] == '/')
        k = snprintf(buf, n, "%s/evstudy/prices.sqlite", xdg);
    else if (home != NULL && home[0] == '/')
        k = snprintf(buf, n, "%s/.cache/evstudy/prices.sqlite", home);
    else
        return evs__seterr(err, EVS_EINVAL, 0, "no cache location: set "
                           "XDG_CACHE_HOME or HOME, or give --cache FILE");
    if (k < 0 || (size_t)k >= n)
        return evs__seterr(err, EVS_EINVAL, 0, "cache path too long");
    return EVS_OK;
}

/* Creates the directories above path (mode 0700: the cache is private). */
static evs_status make_parents(const char *path, evs_error *err)
{
    char *p = evs__strdup(path);
    if (p == NULL)
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    evs_status st = EVS_OK;
    for (char *s = strchr(p + 1, '/'); s && st == EVS_OK; s = strchr(s + 1, '/')) {
        *s = '\0';
        if (mkdir(p, 0700) != 0 && errno != EEXIST)
            st = evs__seterr(err, EVS_EIO, 0, "%s: cannot create directory: %s",
                             p, strerror(errno));
        *s = '/';
    }
    free(p);
    return st;
}

/* Creates the tables when absent and checks the schema version. */
static evs_status check_schema(evs_cache *c, evs_error *err)
{
    sqlite3_stmt *q;
    evs_status st = prepare(c, "SELECT count(*) FROM sqlite_master WHERE name = 'meta'",
                            &q, err);
    if (st != EVS_OK)
        return evs__seterr(err, EVS_EIO, 0, "%s: not an evstudy cache: %s",
                           c->path, sqlite3_errmsg(c->db));
    int have = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) > 0;
    sqlite3_finalize(q);
    if (!have) {
        char sql[sizeof schema_sql + 32];
        snprintf(sql, sizeof sql, "BEGIN IMMEDIATE;%sCOMMIT;", schema_sql);
        if (sqlite3_exec(c->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
            st = dberr(c, "cannot create the tables", err);
            sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
            return st;
        }
    }
    if ((st = prepare(c, "SELECT value FROM meta WHERE key = 'schema'", &q, err)) != EVS_OK)
        return st;
    const char *v = sqlite3_step(q) == SQLITE_ROW ? (const char *)sqlite3_column_text(q, 0) : NULL;
    if (v == NULL || strcmp(v, SCHEMA_VERSION) != 0)
        st = evs__seterr(err, EVS_EIO, 0, "%s: cache schema '%s', this evstudy "
                         "reads schema " SCHEMA_VERSION, c->path, v ? v : "none");
    sqlite3_finalize(q);
    return st;
}

static evs_status setup(evs_cache *c, evs_error *err)
{
    sqlite3_extended_result_codes(c->db, 1);
    sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
    /* The journal mode also tells whether the file is a database at all. */
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(c->db, "PRAGMA journal_mode=WAL", -1, &q, NULL) != SQLITE_OK ||
        sqlite3_step(q) != SQLITE_ROW) {
        evs_status st = evs__seterr(err, EVS_EIO, 0, "%s: not an evstudy cache: %s",
                                    c->path, sqlite3_errmsg(c->db));
        sqlite3_finalize(q);
        return st;
    }
    sqlite3_finalize(q);
    evs_status st = exec(c, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", err);
    return st == EVS_OK ? check_schema(c, err) : st;
}

evs_cache *evs_cache_open(const char *path, int flags, evs_error *err)
{
    struct stat sb;
    if (!(flags & EVS_CACHE_CREATE) && stat(path, &sb) != 0) {
        evs__seterr(err, EVS_EIO, 0, "no cache at %s", path);
        return NULL;
    }
    if ((flags & EVS_CACHE_CREATE) && make_parents(path, err) != EVS_OK)
        return NULL;
    evs_cache *c = evs__calloc(1, sizeof *c);
    if (c == NULL || (c->path = evs__strdup(path)) == NULL) {
        free(c);
        evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
        return NULL;
    }
    int of = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
             ((flags & EVS_CACHE_CREATE) ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &c->db, of, NULL) != SQLITE_OK) {
        evs__seterr(err, EVS_EIO, 0, "%s: cannot open the cache: %s", path,
                    c->db ? sqlite3_errmsg(c->db) : "out of memory");
        evs_cache_close(c);
        return NULL;
    }
    if (setup(c, err) != EVS_OK) {
        evs_cache_close(c);
        return NULL;
    }
    return c;
}

void evs_cache_close(evs_cache *c)
{
    if (c == NULL)
        return;
    sqlite3_close(c->db);
    free(c->path);
    free(c);
}

const char *evs_cache_path(const evs_cache *c) { return c->path; }

/* ---- keys and dates -------------------------------------------------------- */

static void bind_date(sqlite3_stmt *q, int i, evs_date d)
{
    char b[EVS_DATE_BUFSZ];
    evs_date_format(d, b);
    sqlite3_bind_text(q, i, b, -1, SQLITE_TRANSIENT);
}

static int column_date(sqlite3_stmt *q, int i, evs_date *d)
{
    const char *t = (const char *)sqlite3_column_text(q, i);
    return t != NULL && evs_date_parse(t, strlen(t), d);
}

static void bind_key(sqlite3_stmt *q, int first, const evs_cache_key *k)
{
    sqlite3_bind_text(q, first, evs_source_name(k->source), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, first + 1, k->symbol, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, first + 2, evs_adjust_name(k->adjust), -1, SQLITE_STATIC);
}

#define SERIES_ID "(SELECT id FROM series WHERE source = ? AND symbol = ? AND adjust = ?)"

static evs_status corrupt(const evs_cache *c, evs_error *err)
{
    return evs__seterr(err, EVS_EIO, 0, "%s: cache: a stored date is not "
                       "YYYY-MM-DD", c->path);
}

/* ---- coverage -------------------------------------------------------------- */

typedef struct gaps {
    evs_range want, *out;
    size_t max, n;
    evs_date cursor; /* first day not yet known to be covered */
} gaps;

static void add_gap(gaps *g, evs_date last)
{
    if (g->n >= g->max)
        return;
    /* The last slot takes the rest of the range: callers fetch it whole. */
    if (g->n + 1 == g->max)
        last = g->want.last;
    g->out[g->n++] = (evs_range){g->cursor, last};
    g->cursor = last + 1;
}

evs_status evs_cache_missing(evs_cache *c, const evs_cache_key *k,
                             evs_range want, int final_only, evs_range *out,
                             size_t max, size_t *n, evs_error *err)
{
    sqlite3_stmt *q;
    evs_status st = prepare(c, "SELECT first, last, fetched_at FROM fetches "
                            "WHERE series = " SERIES_ID " AND last >= ? AND first <= ? "
                            "ORDER BY first", &q, err);
    if (st != EVS_OK)
        return st;
    bind_key(q, 1, k);
    bind_date(q, 4, want.first);
    bind_date(q, 5, want.last);
    gaps g = {want, out, max, 0, want.first};
    int rc = SQLITE_DONE;
    while (st == EVS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW && g.n < max &&
           g.cursor <= want.last) {
        evs_range r;
        if (!column_date(q, 0, &r.first) || !column_date(q, 1, &r.last)) {
            st = corrupt(c, err);
            break;
        }
        /* A bar of the fetch day (or the day before, for exchanges behind
         * UTC) may have been provisional. */
        evs_date fin = evs__date_of_time(sqlite3_column_int64(q, 2)) - 2;
        if (final_only && r.last > fin)
            r.last = fin;
        if (r.last < r.first || r.last < g.cursor)
            continue;
        if (r.first > g.cursor)
            add_gap(&g, r.first - 1 < want.last ? r.first - 1 : want.last);
        if (r.last + 1 > g.cursor)
            g.cursor = r.last + 1;
    }
    if (st == EVS_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
        st = dberr(c, "cannot read", err);
    sqlite3_finalize(q);
    if (st == EVS_OK && g.cursor <= want.last && g.n < max)
        add_gap(&g, want.last);
    *n = g.n;
    return st;
}

/* ---- writing --------------------------------------------------------------- */

static evs_status series_id(evs_cache *c, const evs_cache_key *k, sqlite3_int64 *id,
                            evs_error *err)
{
    sqlite3_stmt *q;
    evs_status st = prepare(c, "INSERT OR IGNORE INTO series(source, symbol, adjust) "
                            "VALUES(?, ?, ?)", &q, err);
    if (st != EVS_OK)
        return st;
    bind_key(q, 1, k);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return dberr(c, "cannot update", err);
    if ((st = prepare(c, "SELECT " SERIES_ID, &q, err)) != EVS_OK)
        return st;
    bind_key(q, 1, k);
    rc = sqlite3_step(q);
    *id = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? EVS_OK : dberr(c, "cannot read", err);
}

static int in_ranges(evs_date d, const evs_cache_fetch *f, size_t nf)
{
    for (size_t i = 0; i < nf; i++)
        if (d >= f[i].range.first && d <= f[i].range.last)
            return 1;
    return 0;
}

static void bind_value(sqlite3_stmt *q, int i, const double *col, size_t row)
{
    if (col == NULL || isnan(col[row]))
        sqlite3_bind_null(q, i);
    else
        sqlite3_bind_double(q, i, col[row]);
}

static evs_status write_rows(evs_cache *c, sqlite3_int64 id, const evs_series *s,
                             const evs_cache_fetch *f, size_t nf, size_t *written,
                             evs_error *err)
{
    sqlite3_stmt *q;
    evs_status st = prepare(c, "INSERT OR REPLACE INTO prices VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
                            &q, err);
    if (st != EVS_OK)
        return st;
    const evs_date *d = evs_series_dates(s);
    for (size_t i = 0; i < evs_series_len(s) && st == EVS_OK; i++) {
        if (!in_ranges(d[i], f, nf))
            continue;
        sqlite3_bind_int64(q, 1, id);
        bind_date(q, 2, d[i]);
        for (int fl = EVS_FIELD_OPEN; fl <= EVS_FIELD_VOLUME; fl++)
            bind_value(q, 3 + fl, evs_series_field(s, (evs_field)fl), i);
        if (sqlite3_step(q) != SQLITE_DONE)
            st = dberr(c, "cannot write a row", err);
        sqlite3_reset(q);
        (*written)++;
    }
    sqlite3_finalize(q);
    return st;
}

static evs_status write_fetches(evs_cache *c, sqlite3_int64 id,
                                const evs_cache_fetch *f, size_t nf, evs_error *err)
{
    sqlite3_stmt *q;
    evs_status st = prepare(c, "INSERT INTO fetches(series, first, last, fetched_at, "
                            "url, rows) VALUES(?, ?, ?, ?, ?, ?)", &q, err);
    for (size_t i = 0; i < nf && st == EVS_OK; i++) {
        sqlite3_bind_int64(q, 1, id);
        bind_date(q, 2, f[i].range.first);
        bind_date(q, 3, f[i].range.last);
        sqlite3_bind_int64(q, 4, f[i].fetched_at);
        sqlite3_bind_text(q, 5, f[i].url ? f[i].url : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(q, 6, (sqlite3_int64)f[i].rows);
        if (sqlite3_step(q) != SQLITE_DONE)
            st = dberr(c, "cannot record the fetch", err);
        sqlite3_reset(q);
    }
    sqlite3_finalize(q);
    return st;
}

static evs_status delete_series_rows(evs_cache *c, sqlite3_int64 id, evs_error *err)
{
    static const char *sql[] = {"DELETE FROM prices WHERE series = ?",
                                "DELETE FROM fetches WHERE series = ?"};
    for (size_t i = 0; i < 2; i++) {
        sqlite3_stmt *q;
        evs_status st = prepare(c, sql[i], &q, err);
        if (st != EVS_OK)
            return st;
        sqlite3_bind_int64(q, 1, id);
        int rc = sqlite3_step(q);
        sqlite3_finalize(q);
        if (rc != SQLITE_DONE)
            return dberr(c, "cannot delete", err);
    }
    return EVS_OK;
}

static evs_status series_rows(evs_cache *c, sqlite3_int64 id, size_t *n,
                              evs_error *err)
{
    sqlite3_stmt *q;
    evs_status st = prepare(c, "SELECT count(*) FROM prices WHERE series = ?", &q, err);
    if (st != EVS_OK)
        return st;
    sqlite3_bind_int64(q, 1, id);
    if (sqlite3_step(q) == SQLITE_ROW)
        *n = (size_t)sqlite3_column_int64(q, 0);
    else
        st = dberr(c, "cannot read", err);
    sqlite3_finalize(q);
    return st;
}

evs_status evs_cache_store(evs_cache *c, const evs_cache_key *k,
                           const evs_series *s, const evs_cache_fetch *f,
                           size_t nf, int replace, size_t *added,
                           evs_error *err)
{
    size_t w = 0, before = 0, after = 0;
    /* IMMEDIATE takes the write lock now, so two writers queue on the busy
     * timeout instead of failing when a read lock would need upgrading. */
    evs_status st = exec(c, "BEGIN IMMEDIATE", err);
    if (st != EVS_OK)
        return st;
    sqlite3_int64 id = 0;
    st = series_id(c, k, &id, err);
    if (st == EVS_OK)
        st = series_rows(c, id, &before, err);
    if (st == EVS_OK && replace)
        st = delete_series_rows(c, id, err);
    if (st == EVS_OK && s != NULL)
        st = write_rows(c, id, s, f, nf, &w, err);
    if (st == EVS_OK)
        st = write_fetches(c, id, f, nf, err);
    if (st == EVS_OK)
        st = series_rows(c, id, &after, err);
    if (st == EVS_OK)
        st = exec(c, "COMMIT", err);
    if (st != EVS_OK)
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    else if (added)
        *added = after > before ? after - before : 0;
    return st;
}

/* ---- reading --------------------------------------------------------------- */

static evs_status load_rows(evs_cache *c, sqlite3_stmt *q, evs_series *s,
                            evs_error *err)
{
    int rc;
    evs_status st = EVS_OK;
    while (st == EVS_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        evs_date d;
        double v[EVS_FIELD_COUNT];
        if (!column_date(q, 0, &d))
            return corrupt(c, err);
        for (int f = 0; f < EVS_FIELD_COUNT; f++)
            v[f] = NAN;
        for (int f = EVS_FIELD_OPEN; f <= EVS_FIELD_VOLUME; f++)
            if (sqlite3_column_type(q, 1 + f) != SQLITE_NULL)
                v[f] = sqlite3_column_double(q, 1 + f);
        st = evs_series_push(s, d, v, 0, err);
    }
    if (st == EVS_OK && rc != SQLITE_DONE)
        st = dberr(c, "cannot read", err);
    return st;
}

evs_series *evs_cache_load(evs_cache *c, const evs_cache_key *k, evs_range r,
                           const char *name, evs_error *err)
{
    unsigned fields = 0;
    for (int f = EVS_FIELD_OPEN; f <= EVS_FIELD_VOLUME; f++)
        fields |= 1u << f;
    evs_series *s = evs_series_new(name, EVS_SERIES_PRICES, fields, err);
    if (s == NULL)
        return NULL;
    sqlite3_stmt *q;
    evs_status st = prepare(c, "SELECT date, open, high, low, close, adj_close, volume "
                            "FROM prices WHERE series = " SERIES_ID
                            " AND date >= ? AND date <= ? ORDER BY date", &q, err);
    if (st == EVS_OK) {
        bind_key(q, 1, k);
        bind_date(q, 4, r.first);
        bind_date(q, 5, r.last);
        st = load_rows(c, q, s, err);
        sqlite3_finalize(q);
    }
    if (st == EVS_OK)
        st = evs_series_finish(s, c->path, NULL, err);
    if (st != EVS_OK) {
        evs_series_free(s);
        return NULL;
    }
    return s;
}

static int parse_adjust(const char *t, evs_adjust *a)
{
    for (int i = EVS_ADJUST_DEFAULT; i <= EVS_ADJUST_UNSTATED; i++)
        if (strcmp(t, evs_adjust_name((evs_adjust)i)) == 0) {
            *a = (evs_adjust)i;
            return 1;
        }
    return 0;
}

evs_status evs_cache_list(evs_cache *c, const char *symbol,
                          evs_cache_entry_fn fn, void *ud, evs_error *err)
{
    sqlite3_stmt *q;
    evs_status st = prepare(c,
        "SELECT s.source, s.symbol, s.adjust,"
        " (SELECT count(*) FROM prices p WHERE p.series = s.id),"
        " (SELECT min(date) FROM prices p WHERE p.series = s.id),"
        " (SELECT max(date) FROM prices p WHERE p.series = s.id),"
        " (SELECT count(*) FROM fetches f WHERE f.series = s.id),"
        " (SELECT max(fetched_at) FROM fetches f WHERE f.series = s.id)"
        " FROM series s WHERE ?1 IS NULL OR s.symbol = ?1"
        " ORDER BY s.symbol, s.source, s.adjust", &q, err);
    if (st != EVS_OK)
        return st;
    if (symbol)
        sqlite3_bind_text(q, 1, symbol, -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        evs_cache_entry e = {0};
        const char *src = (const char *)sqlite3_column_text(q, 0);
        const char *adj = (const char *)sqlite3_column_text(q, 2);
        if (!src || !adj || !evs_source_from_name(src, &e.source) || !parse_adjust(adj, &e.adjust))
            continue; /* a row this version does not know: not ours to show */
        e.symbol = (const char *)sqlite3_column_text(q, 1);
        e.rows = (size_t)sqlite3_column_int64(q, 3);
        if (e.rows && (!column_date(q, 4, &e.first) || !column_date(q, 5, &e.last))) {
            st = corrupt(c, err);
            break;
        }
        e.fetches = (size_t)sqlite3_column_int64(q, 6);
        e.last_fetch = sqlite3_column_int64(q, 7);
        if (fn(ud, &e) != 0)
            break;
    }
    if (st == EVS_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
        st = dberr(c, "cannot read", err);
    sqlite3_finalize(q);
    return st;
}

evs_status evs_cache_fetches(evs_cache *c, const evs_cache_key *k,
                             evs_cache_fetch_fn fn, void *ud, evs_error *err)
{
    sqlite3_stmt *q;
    evs_status st = prepare(c, "SELECT first, last, url, fetched_at, rows FROM fetches "
                            "WHERE series = " SERIES_ID " ORDER BY fetched_at, id",
                            &q, err);
    if (st != EVS_OK)
        return st;
    bind_key(q, 1, k);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        evs_cache_fetch_rec f;
        if (!column_date(q, 0, &f.range.first) || !column_date(q, 1, &f.range.last)) {
            st = corrupt(c, err);
            break;
        }
        f.url = (const char *)sqlite3_column_text(q, 2);
        f.fetched_at = sqlite3_column_int64(q, 3);
        f.rows = (size_t)sqlite3_column_int64(q, 4);
        if (fn(ud, &f) != 0)
            break;
    }
    if (st == EVS_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
        st = dberr(c, "cannot read", err);
    sqlite3_finalize(q);
    return st;
}

static evs_status count(evs_cache *c, const char *sql, const char *symbol,
                        size_t *out, evs_error *err)
{
    sqlite3_stmt *q;
    evs_status st = prepare(c, sql, &q, err);
    if (st != EVS_OK)
        return st;
    if (symbol)
        sqlite3_bind_text(q, 1, symbol, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *out = (size_t)sqlite3_column_int64(q, 0);
    else if (rc != SQLITE_DONE)
        st = dberr(c, "cannot update", err);
    sqlite3_finalize(q);
    return st;
}

evs_status evs_cache_clear(evs_cache *c, const char *symbol, size_t *series,
                           size_t *rows, evs_error *err)
{
    static const char *const sql[] = {
        "SELECT count(*) FROM series WHERE ?1 IS NULL OR symbol = ?1",
        "SELECT count(*) FROM prices WHERE series IN "
        "(SELECT id FROM series WHERE ?1 IS NULL OR symbol = ?1)",
        "DELETE FROM prices WHERE series IN "
        "(SELECT id FROM series WHERE ?1 IS NULL OR symbol = ?1)",
        "DELETE FROM fetches WHERE series IN "
        "(SELECT id FROM series WHERE ?1 IS NULL OR symbol = ?1)",
        "DELETE FROM series WHERE ?1 IS NULL OR symbol = ?1"};
    size_t ns = 0, nr = 0, dummy = 0;
    evs_status st = exec(c, "BEGIN IMMEDIATE", err);
    if (st != EVS_OK)
        return st;
    st = count(c, sql[0], symbol, &ns, err);
    if (st == EVS_OK)
        st = count(c, sql[1], symbol, &nr, err);
    for (size_t i = 2; i < 5 && st == EVS_OK; i++)
        st = count(c, sql[i], symbol, &dummy, err);
    if (st == EVS_OK)
        st = exec(c, "COMMIT", err);
    if (st != EVS_OK) {
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
    if (series)
        *series = ns;
    if (rows)
        *rows = nr;
    return EVS_OK;
}
