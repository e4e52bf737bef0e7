/*
 * series.c - the evs_series container: rows pushed in any order, then
 * sorted and checked once by evs_series_finish.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct evs_series {
    char symbol[EVS_SYMBOL_MAX + 1];
    evs_series_kind kind;
    unsigned present;
    size_t len, cap;
    evs_date *dates;
    double *col[EVS_FIELD_COUNT];
    long *lines; /* input line per row until finished */
    int finished;
    evs_field basis;
};

int evs_symbol_valid(const char *s)
{
    return s != NULL && evs__symbol_ok(s, strlen(s));
}

evs_series *evs_series_new(const char *symbol, evs_series_kind kind,
                           unsigned fields_present, evs_error *err)
{
    if (symbol == NULL || !evs__symbol_ok(symbol, strlen(symbol))) {
        evs__seterr(err, EVS_EINVAL, 0,
                    "invalid symbol '%.*s' (1-%d printable characters, no "
                    "space, comma or quote)",
                    EVS_SYMBOL_MAX, symbol ? symbol : "", EVS_SYMBOL_MAX);
        return NULL;
    }
    evs_series *s = evs__calloc(1, sizeof *s);
    if (s == NULL) {
        evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
        return NULL;
    }
    strcpy(s->symbol, symbol); /* length checked above */
    s->kind = kind;
    s->present = fields_present & ((1u << EVS_FIELD_COUNT) - 1);
    if (kind == EVS_SERIES_RETURNS)
        s->present = 1u << EVS_FIELD_RET;
    return s;
}

void evs_series_free(evs_series *s)
{
    if (s == NULL)
        return;
    free(s->dates);
    for (int f = 0; f < EVS_FIELD_COUNT; f++)
        free(s->col[f]);
    free(s->lines);
    free(s);
}

static int grow(evs_series *s)
{
    size_t cap = s->cap ? s->cap * 2 : 64;
    evs_date *d = evs__reallocarray(s->dates, cap, sizeof *d);
    if (d == NULL)
        return 0;
    s->dates = d;
    long *l = evs__reallocarray(s->lines, cap, sizeof *l);
    if (l == NULL)
        return 0;
    s->lines = l;
    for (int f = 0; f < EVS_FIELD_COUNT; f++) {
        if (!(s->present & (1u << f)))
            continue;
        double *c = evs__reallocarray(s->col[f], cap, sizeof *c);
        if (c == NULL)
            return 0;
        s->col[f] = c;
    }
    s->cap = cap;
    return 1;
}

evs_status evs_series_push(evs_series *s, evs_date date, const double *values,
                           long line, evs_error *err)
{
    if (s->finished)
        return evs__seterr(err, EVS_EINVAL, line,
                           "series %s is finished", s->symbol);
    if (s->len == s->cap && !grow(s))
        return evs__seterr(err, EVS_ENOMEM, line, "out of memory");
    s->dates[s->len] = date;
    s->lines[s->len] = line;
    for (int f = 0; f < EVS_FIELD_COUNT; f++)
        if (s->present & (1u << f))
            s->col[f][s->len] = values[f];
    s->len++;
    return EVS_OK;
}

static int same_value(double a, double b)
{
    return (isnan(a) && isnan(b)) || a == b;
}

static int rows_equal(const evs_series *s, size_t i, size_t j)
{
    for (int f = 0; f < EVS_FIELD_COUNT; f++)
        if ((s->present & (1u << f)) && !same_value(s->col[f][i], s->col[f][j]))
            return 0;
    return 1;
}

typedef struct {
    evs_date date;
    long line;
    size_t row;
} sort_key;

static int cmp_key(const void *a, const void *b)
{
    const sort_key *x = a, *y = b;
    if (x->date != y->date)
        return x->date < y->date ? -1 : 1;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->row < y->row ? -1 : (x->row > y->row);
}

/* Reorders every column by perm (perm[i] = old row of new row i). */
static int apply_perm(evs_series *s, const size_t *perm)
{
    size_t n = s->len;
    evs_date *d = evs__mallocarray(n, sizeof *d);
    long *l = evs__mallocarray(n, sizeof *l);
    double *tmp = evs__mallocarray(n, sizeof *tmp);
    if (d == NULL || l == NULL || tmp == NULL) {
        free(d);
        free(l);
        free(tmp);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        d[i] = s->dates[perm[i]];
        l[i] = s->lines[perm[i]];
    }
    memcpy(s->dates, d, n * sizeof *d);
    memcpy(s->lines, l, n * sizeof *l);
    for (int f = 0; f < EVS_FIELD_COUNT; f++) {
        if (!(s->present & (1u << f)))
            continue;
        for (size_t i = 0; i < n; i++)
            tmp[i] = s->col[f][perm[i]];
        memcpy(s->col[f], tmp, n * sizeof *tmp);
    }
    free(d);
    free(l);
    free(tmp);
    return 1;
}

static void reverse_rows(evs_series *s)
{
    size_t n = s->len;
    for (size_t i = 0, j = n - 1; i < j; i++, j--) {
        evs_date td = s->dates[i];
        s->dates[i] = s->dates[j];
        s->dates[j] = td;
        long tl = s->lines[i];
        s->lines[i] = s->lines[j];
        s->lines[j] = tl;
        for (int f = 0; f < EVS_FIELD_COUNT; f++) {
            if (!(s->present & (1u << f)))
                continue;
            double t = s->col[f][i];
            s->col[f][i] = s->col[f][j];
            s->col[f][j] = t;
        }
    }
}

static evs_status sort_rows(evs_series *s, evs_error *err)
{
    size_t n = s->len;
    int ascending = 1, descending = 1;
    for (size_t i = 1; i < n && (ascending || descending); i++) {
        if (s->dates[i] <= s->dates[i - 1])
            ascending = 0;
        if (s->dates[i] >= s->dates[i - 1])
            descending = 0;
    }
    if (ascending)
        return EVS_OK;
    if (descending) { /* many sites export newest first */
        reverse_rows(s);
        return EVS_OK;
    }
    sort_key *k = evs__mallocarray(n, sizeof *k);
    size_t *perm = evs__mallocarray(n, sizeof *perm);
    if (k == NULL || perm == NULL) {
        free(k);
        free(perm);
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        k[i] = (sort_key){s->dates[i], s->lines[i], i};
    qsort(k, n, sizeof *k, cmp_key);
    for (size_t i = 0; i < n; i++)
        perm[i] = k[i].row;
    int ok = apply_perm(s, perm);
    free(k);
    free(perm);
    return ok ? EVS_OK : evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
}

static void copy_row(evs_series *s, size_t to, size_t from)
{
    s->dates[to] = s->dates[from];
    s->lines[to] = s->lines[from];
    for (int f = 0; f < EVS_FIELD_COUNT; f++)
        if (s->present & (1u << f))
            s->col[f][to] = s->col[f][from];
}

evs_status evs_series_finish(evs_series *s, const char *origin,
                             const evs_warner *warn, evs_error *err)
{
    if (s->finished)
        return EVS_OK;
    evs_status st = sort_rows(s, err);
    if (st != EVS_OK)
        return st;
    size_t out = 0;
    for (size_t i = 0; i < s->len; i++) {
        if (out > 0 && s->dates[i] == s->dates[out - 1]) {
            char ds[EVS_DATE_BUFSZ];
            evs_date_format(s->dates[i], ds);
            if (!rows_equal(s, out - 1, i))
                return evs__seterr(err, EVS_EPARSE, s->lines[i],
                                   "%s:%ld: %s: date %s given twice with "
                                   "different values (lines %ld and %ld)",
                                   origin, s->lines[i], s->symbol, ds,
                                   s->lines[out - 1], s->lines[i]);
            evs__warn(warn, "%s:%ld: %s: duplicate row for %s ignored (same "
                      "as line %ld)", origin, s->lines[i], s->symbol, ds,
                      s->lines[out - 1]);
            continue;
        }
        if (out != i)
            copy_row(s, out, i);
        out++;
    }
    s->len = out;
    free(s->lines);
    s->lines = NULL;
    s->finished = 1;
    s->basis = EVS_FIELD_RET;
    if (s->kind == EVS_SERIES_PRICES) {
        s->basis = EVS_FIELD_CLOSE;
        if (s->col[EVS_FIELD_ADJ_CLOSE] != NULL)
            for (size_t i = 0; i < s->len; i++)
                if (!isnan(s->col[EVS_FIELD_ADJ_CLOSE][i])) {
                    s->basis = EVS_FIELD_ADJ_CLOSE;
                    break;
                }
    }
    return EVS_OK;
}

const char *evs_series_symbol(const evs_series *s) { return s->symbol; }
evs_series_kind evs_series_kind_of(const evs_series *s) { return s->kind; }
size_t evs_series_len(const evs_series *s) { return s->len; }
const evs_date *evs_series_dates(const evs_series *s) { return s->dates; }

const double *evs_series_field(const evs_series *s, evs_field f)
{
    if ((unsigned)f >= EVS_FIELD_COUNT)
        return NULL;
    return s->col[f];
}

const double *evs_series_basis(const evs_series *s)
{
    return s->col[s->basis];
}

evs_field evs_series_basis_field(const evs_series *s) { return s->basis; }

long evs_series_find(const evs_series *s, evs_date date)
{
    size_t lo = 0, hi = s->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->dates[mid] < date)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->len && s->dates[lo] == date ? (long)lo : -1;
}
