/*
 * load_prices.c - price and return CSV files into an evs_dataset.  All
 * series of one file are built aside and moved into the dataset only when
 * the whole file is valid, so a failed load changes nothing.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "loadrows.h"

typedef struct col_alias {
    const char *name;
    int field; /* evs_field, or COL_DATE / COL_SYMBOL */
} col_alias;

enum { COL_DATE = EVS__COL_DATE, COL_SYMBOL = EVS__COL_SYMBOL,
       COL_IGNORE = EVS__COL_IGNORE };

static const col_alias price_cols[] = {
    {"date", COL_DATE},           {"symbol", COL_SYMBOL},
    {"ticker", COL_SYMBOL},       {"open", EVS_FIELD_OPEN},
    {"high", EVS_FIELD_HIGH},     {"low", EVS_FIELD_LOW},
    {"close", EVS_FIELD_CLOSE},   {"adj_close", EVS_FIELD_ADJ_CLOSE},
    {"adj close", EVS_FIELD_ADJ_CLOSE}, {"adjclose", EVS_FIELD_ADJ_CLOSE},
    {"adjusted_close", EVS_FIELD_ADJ_CLOSE},
    {"volume", EVS_FIELD_VOLUME}, {NULL, 0}};

static const col_alias return_cols[] = {
    {"date", COL_DATE}, {"symbol", COL_SYMBOL}, {"ret", EVS_FIELD_RET},
    {"return", EVS_FIELD_RET}, {NULL, 0}};

typedef evs__layout layout;

evs_status evs__read_header(evs__csv *c, evs_series_kind kind, layout *lay,
                            evs_error *err)
{
    const col_alias *aliases =
        kind == EVS_SERIES_PRICES ? price_cols : return_cols;
    int r = evs__csv_next(c, err);
    if (r < 0)
        return err ? err->code : EVS_EPARSE;
    if (r == 0)
        return evs__seterr(err, EVS_EPARSE, 1, "%s:1: empty file (no header "
                           "row)", c->origin);
    lay->ncols = c->nfields;
    lay->map = evs__mallocarray(c->nfields, sizeof *lay->map);
    if (lay->map == NULL)
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    int have_date = 0;
    for (size_t i = 0; i < c->nfields; i++) {
        evs__field f = evs__field_trim(c->fields[i]);
        lay->map[i] = COL_IGNORE;
        for (const col_alias *a = aliases; a->name; a++) {
            if (!evs__strieq(f.p, f.len, a->name))
                continue;
            for (size_t j = 0; j < i; j++)
                if (lay->map[j] == a->field) {
                    char b[64];
                    return evs__seterr(err, EVS_EPARSE, c->line,
                                       "%s:%ld: column '%s' given twice",
                                       c->origin, c->line,
                                       evs__field_show(f, b, sizeof b));
                }
            lay->map[i] = a->field;
            if (a->field == COL_DATE)
                have_date = 1;
            else if (a->field == COL_SYMBOL)
                lay->has_symbol = 1;
            else
                lay->present |= 1u << a->field;
            break;
        }
    }
    if (!have_date)
        return evs__seterr(err, EVS_EPARSE, c->line,
                           "%s:%ld: no 'date' column in the header",
                           c->origin, c->line);
    return EVS_OK;
}

static evs_status bad_cell(const evs__csv *c, const char *what,
                           evs__field f, const char *col, evs_error *err)
{
    char b[48];
    return evs__seterr(err, EVS_EPARSE, c->line, "%s:%ld: %s '%s' in column "
                       "%s", c->origin, c->line, what,
                       evs__field_show(evs__field_trim(f), b, sizeof b), col);
}

static const char *field_name(int f)
{
    static const char *names[EVS_FIELD_COUNT] = {
        "open", "high", "low", "close", "adj_close", "volume", "ret"};
    return f >= 0 && f < EVS_FIELD_COUNT ? names[f] : "?";
}

evs_status evs__parse_row(const evs__csv *c, const layout *lay,
                            evs_series_kind kind, evs_date *date,
                            evs__field *sym, double *v, evs_error *err)
{
    if (c->nfields != lay->ncols)
        return evs__seterr(err, EVS_EPARSE, c->line,
                           "%s:%ld: %zu fields, but the header has %zu",
                           c->origin, c->line, c->nfields, lay->ncols);
    for (int f = 0; f < EVS_FIELD_COUNT; f++)
        v[f] = NAN;
    sym->p = NULL;
    sym->len = 0;
    for (size_t i = 0; i < c->nfields; i++) {
        int m = lay->map[i];
        evs__field f = evs__field_trim(c->fields[i]);
        if (m == COL_IGNORE)
            continue;
        if (m == COL_DATE) {
            if (!evs_date_parse(f.p, f.len, date))
                return bad_cell(c, "invalid date", f, "date", err);
            continue;
        }
        if (m == COL_SYMBOL) {
            *sym = f;
            continue;
        }
        if (evs__field_is_missing(f))
            continue;
        double x;
        if (!evs__parse_double(f.p, f.len, &x))
            return bad_cell(c, evs__number_problem(f.p, f.len), f,
                            field_name(m), err);
        if (kind == EVS_SERIES_PRICES && m != EVS_FIELD_VOLUME && x <= 0)
            return bad_cell(c, "non-positive price", f, field_name(m), err);
        if (m == EVS_FIELD_VOLUME && x < 0)
            return bad_cell(c, "negative volume", f, field_name(m), err);
        if (m == EVS_FIELD_RET && x <= -1)
            return bad_cell(c, "return of -100% or less", f, "ret", err);
        v[m] = x;
    }
    return EVS_OK;
}

evs_series *evs__series_for(evs_dataset *tmp, evs__field sym,
                            evs_series_kind kind, unsigned present,
                            const char *origin, long line, evs_error *err)
{
    char name[EVS_SYMBOL_MAX + 2];
    if (sym.len == 0 || sym.len > EVS_SYMBOL_MAX) {
        char b[48];
        evs__seterr(err, EVS_EPARSE, line, "%s:%ld: invalid symbol '%s'",
                    origin, line, evs__field_show(sym, b, sizeof b));
        return NULL;
    }
    memcpy(name, sym.p, sym.len);
    name[sym.len] = '\0';
    evs_series *s = (evs_series *)evs_dataset_find(tmp, name);
    if (s != NULL)
        return s;
    evs_error e;
    s = evs_series_new(name, kind, present, &e);
    if (s == NULL && e.code == EVS_ENOMEM) {
        evs__seterr(err, EVS_ENOMEM, line, "%s: out of memory", origin);
        return NULL;
    }
    if (s == NULL) {
        char b[48];
        evs__seterr(err, e.code == EVS_ENOMEM ? EVS_ENOMEM : EVS_EPARSE,
                    line, "%s:%ld: invalid symbol '%s'", origin, line,
                    evs__field_show(sym, b, sizeof b));
        return NULL;
    }
    if (evs_dataset_add_owned(tmp, s, err) != EVS_OK)
        return NULL;
    return s;
}

evs_status evs__check_header(const layout *lay, evs_series_kind kind,
                             const char *symbol, const char *origin,
                             evs_error *err)
{
    if (kind == EVS_SERIES_PRICES &&
        !(lay->present & ((1u << EVS_FIELD_CLOSE) | (1u << EVS_FIELD_ADJ_CLOSE))))
        return evs__seterr(err, EVS_EPARSE, 1, "%s:1: no 'close' or "
                           "'adj_close' column in the header", origin);
    if (kind == EVS_SERIES_RETURNS && !(lay->present & (1u << EVS_FIELD_RET)))
        return evs__seterr(err, EVS_EPARSE, 1, "%s:1: no 'ret' column in the "
                           "header", origin);
    if (kind == EVS_SERIES_RETURNS && !lay->has_symbol)
        return evs__seterr(err, EVS_EPARSE, 1, "%s:1: no 'symbol' column in "
                           "the header", origin);
    if (lay->has_symbol && symbol != NULL)
        return evs__seterr(err, EVS_EINVAL, 0, "%s: the file has a symbol "
                           "column; a symbol cannot also be given", origin);
    if (kind == EVS_SERIES_PRICES && !lay->has_symbol && symbol == NULL)
        return evs__seterr(err, EVS_EINVAL, 0, "%s: no 'symbol' column in "
                           "the header and no symbol given", origin);
    return EVS_OK;
}

evs_status evs__load_csv_text(evs_dataset *ds, char *data, size_t len,
                              const char *origin, const char *symbol,
                              evs_series_kind kind, const evs_warner *warn,
                              evs_error *err)
{
    evs__stream st;
    evs__stream_open_mem(&st, data, len, origin);
    evs__load_req req = {origin, symbol, kind, 1, 0};
    return evs__load_stream(ds, &st, &req, warn, err);
}

static const char *stem_of(const char *path, char *buf, size_t n)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base);
    if (len > 4 && evs__strieq(base + len - 4, 4, ".csv"))
        len -= 4;
    if (len >= n)
        len = n - 1;
    memcpy(buf, base, len);
    buf[len] = '\0';
    return buf;
}

static evs_status load_file(evs_dataset *ds, const char *path,
                            const char *symbol, evs_series_kind kind,
                            const evs_load_options *opts,
                            const evs_warner *warn, evs_error *err)
{
    char stem[EVS_SYMBOL_MAX + 8];
    evs_load_options def;
    if (opts == NULL) {
        evs_load_options_init(&def);
        opts = &def;
    }
    const char *origin = strcmp(path, "-") == 0 ? "<stdin>" : path;
    evs__load_req req = {origin, symbol, kind, opts->threads, NULL};
    if (kind == EVS_SERIES_PRICES && symbol == NULL)
        req.stem = stem_of(path, stem, sizeof stem);
    return evs__load_path(ds, path, &req, opts, warn, err);
}

void evs_load_options_init(evs_load_options *o)
{
    memset(o, 0, sizeof *o);
    o->bin_min_size = (uint64_t)1 << 20;
}

evs_status evs_load_prices_csv(evs_dataset *ds, const char *path,
                               const char *symbol, const evs_warner *warn,
                               evs_error *err)
{
    return load_file(ds, path, symbol, EVS_SERIES_PRICES, NULL, warn, err);
}

evs_status evs_load_returns_csv(evs_dataset *ds, const char *path,
                                const evs_warner *warn, evs_error *err)
{
    return load_file(ds, path, NULL, EVS_SERIES_RETURNS, NULL, warn, err);
}

evs_status evs_load_prices_csv_ex(evs_dataset *ds, const char *path,
                                  const char *symbol,
                                  const evs_load_options *opts,
                                  const evs_warner *warn, evs_error *err)
{
    return load_file(ds, path, symbol, EVS_SERIES_PRICES, opts, warn, err);
}

evs_status evs_load_returns_csv_ex(evs_dataset *ds, const char *path,
                                   const evs_load_options *opts,
                                   const evs_warner *warn, evs_error *err)
{
    return load_file(ds, path, NULL, EVS_SERIES_RETURNS, opts, warn, err);
}

static evs_status load_buffer(evs_dataset *ds, const char *data, size_t len,
                              const char *origin, const char *symbol,
                              evs_series_kind kind, const evs_warner *warn,
                              evs_error *err)
{
    evs__buf b = {0};
    if (!evs__buf_append(&b, data, len))
        return evs__seterr(err, EVS_ENOMEM, 0, "%s: out of memory", origin);
    evs__locale_guard g;
    evs__locale_push(&g);
    evs_status st = evs__load_csv_text(ds, b.data, b.len, origin, symbol,
                                       kind, warn, err);
    evs__locale_pop(&g);
    evs__buf_clear(&b);
    return st;
}

evs_status evs_load_prices_buffer(evs_dataset *ds, const char *data,
                                  size_t len, const char *origin,
                                  const char *symbol, const evs_warner *warn,
                                  evs_error *err)
{
    return load_buffer(ds, data, len, origin, symbol, EVS_SERIES_PRICES, warn,
                       err);
}

evs_status evs_load_returns_buffer(evs_dataset *ds, const char *data,
                                   size_t len, const char *origin,
                                   const evs_warner *warn, evs_error *err)
{
    return load_buffer(ds, data, len, origin, NULL, EVS_SERIES_RETURNS, warn,
                       err);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

evs_status evs_load_prices_path(evs_dataset *ds, const char *path,
                                const evs_warner *warn, evs_error *err)
{
    struct stat st;
    if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return evs_load_prices_csv(ds, path, NULL, warn, err);
    DIR *d = opendir(path);
    if (d == NULL)
        return evs__seterr(err, EVS_EIO, 0, "%s: cannot open directory: %s",
                           path, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    evs_status rc = EVS_OK;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len <= 4 || !evs__strieq(e->d_name + len - 4, 4, ".csv") ||
            e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **nn = evs__reallocarray(names, cap, sizeof *nn);
            if (nn == NULL) {
                rc = EVS_ENOMEM;
                break;
            }
            names = nn;
        }
        names[n] = evs__strdup(e->d_name);
        if (names[n] == NULL) {
            rc = EVS_ENOMEM;
            break;
        }
        n++;
    }
    closedir(d);
    if (rc != EVS_OK)
        evs__seterr(err, rc, 0, "out of memory");
    if (rc == EVS_OK && n == 0)
        rc = evs__seterr(err, EVS_EIO, 0, "%s: no .csv files in the "
                         "directory", path);
    if (names != NULL)
        qsort(names, n, sizeof *names, cmp_str);
    evs__buf full = {0};
    for (size_t i = 0; i < n && rc == EVS_OK; i++) {
        full.len = 0;
        size_t pl = strlen(path);
        if (!evs__buf_append(&full, path, pl) ||
            (pl > 0 && path[pl - 1] != '/' && !evs__buf_append(&full, "/", 1)) ||
            !evs__buf_append(&full, names[i], strlen(names[i]))) {
            rc = evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
            break;
        }
        struct stat fs;
        if (stat(full.data, &fs) == 0 && !S_ISREG(fs.st_mode))
            continue;
        rc = evs_load_prices_csv(ds, full.data, NULL, warn, err);
    }
    evs__buf_clear(&full);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}
