/*
 * series.c - the evs_series container: rows pushed in any order, then
 * sorted and checked once by evs_series_finish.  Input lines are kept as
 * arithmetic runs (series_internal.h), not one number per row: they are
 * only read for the messages about duplicate dates.
 */
#include <stdlib.h>
#include <string.h>

#include "series_internal.h"

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
    memcpy(s->symbol, symbol, strlen(symbol) + 1); /* length checked above */
    s->kind = kind;
    s->ascending = 1; /* no rows yet */
    s->present = fields_present & ((1u << EVS_FIELD_COUNT) - 1);
    if (kind == EVS_SERIES_RETURNS)
        s->present = 1u << EVS_FIELD_RET;
    return s;
}

void evs_series_free(evs_series *s)
{
    if (s == NULL)
        return;
    if (s->slab != NULL) {
        evs__slab_release(s->slab);
    } else {
        free(s->dates);
        for (int f = 0; f < EVS_FIELD_COUNT; f++)
            free(s->col[f]);
    }
    free(s->runs);
    free(s);
}

/* Moves the rows of a series that lives in a slab to heap blocks of
 * capacity cap (>= len); s is unchanged when memory runs out. */
static int leave_slab(evs_series *s, size_t cap)
{
    evs_date *d = evs__mallocarray(cap ? cap : 1, sizeof *d);
    double *c[EVS_FIELD_COUNT] = {0};
    int ok = d != NULL;
    for (int f = 0; ok && f < EVS_FIELD_COUNT; f++)
        if (s->present & (1u << f))
            ok = (c[f] = evs__mallocarray(cap ? cap : 1, sizeof *c[f])) != NULL;
    if (!ok) {
        free(d);
        for (int f = 0; f < EVS_FIELD_COUNT; f++)
            free(c[f]);
        return 0;
    }
    memcpy(d, s->dates, s->len * sizeof *d);
    s->dates = d;
    for (int f = 0; f < EVS_FIELD_COUNT; f++)
        if (c[f] != NULL) {
            memcpy(c[f], s->col[f], s->len * sizeof *c[f]);
            s->col[f] = c[f];
        }
    evs__slab_release(s->slab);
    s->slab = NULL;
    s->cap = cap;
    return 1;
}

/* Sets the capacity of every present column to cap (>= len). */
static int set_cap(evs_series *s, size_t cap)
{
    if (s->slab != NULL)
        return leave_slab(s, cap);
    evs_date *d = evs__reallocarray(s->dates, cap ? cap : 1, sizeof *d);
    if (d == NULL)
        return 0;
    s->dates = d;
    for (int f = 0; f < EVS_FIELD_COUNT; f++) {
        if (!(s->present & (1u << f)))
            continue;
        double *c = evs__reallocarray(s->col[f], cap ? cap : 1, sizeof *c);
        if (c == NULL)
            return 0;
        s->col[f] = c;
    }
    s->cap = cap;
    return 1;
}

/* Trims the columns to their length.  A shrinking realloc may only fail by
 * keeping the old block, which is harmless, so it bypasses the fault hook
 * (it allocates nothing the caller could run out of). */
static void shrink_to_fit(evs_series *s)
{
    if (s->slab != NULL)
        return; /* its piece of the slab is its own: nothing to give back */
    size_t n = s->len ? s->len : 1;
    evs_date *d = realloc(s->dates, n * sizeof *d);
    if (d != NULL)
        s->dates = d;
    for (int f = 0; f < EVS_FIELD_COUNT; f++) {
        if (!(s->present & (1u << f)))
            continue;
        double *c = realloc(s->col[f], n * sizeof *c);
        if (c != NULL)
            s->col[f] = c;
    }
    if (d != NULL)
        s->cap = n;
}

int evs__series_reserve(evs_series *s, size_t n)
{
    return n <= s->cap || set_cap(s, n);
}

/* Records the line of row s->len: extends the last run when the stride
 * holds, else starts a new one. */
static int add_line(evs_series *s, long line)
{
    unsigned long l = (unsigned long)line;
    if (s->nruns > 0) {
        evs__linerun *r = &s->runs[s->nruns - 1];
        size_t k = s->len - r->row;
        if (k == 1)
            r->step = l - s->last_line;
        if (k == 1 || l - s->last_line == r->step) {
            s->last_line = l;
            return 1;
        }
    }
    if (s->nruns == s->runcap) {
        size_t cap = s->runcap ? s->runcap * 2 : 4;
        evs__linerun *r = evs__reallocarray(s->runs, cap, sizeof *r);
        if (r == NULL)
            return 0;
        s->runs = r;
        s->runcap = cap;
    }
    s->runs[s->nruns++] = (evs__linerun){s->len, l, 0};
    s->last_line = l;
    return 1;
}

int evs__series_push_fast(evs_series *s, evs_date date, const double *values,
                          long line)
{
    if (s->len == s->cap && !set_cap(s, s->cap ? s->cap * 2 : 64))
        return 0;
    if (!add_line(s, line))
        return 0;
    if (s->len > 0 && date <= s->dates[s->len - 1])
        s->ascending = 0;
    s->dates[s->len] = date;
    if (s->present == 1u << EVS_FIELD_RET) {
        s->col[EVS_FIELD_RET][s->len] = values[EVS_FIELD_RET];
    } else {
        for (int f = 0; f < EVS_FIELD_COUNT; f++)
            if (s->present & (1u << f))
                s->col[f][s->len] = values[f];
    }
    s->len++;
    return 1;
}

evs_status evs_series_push(evs_series *s, evs_date date, const double *values,
                           long line, evs_error *err)
{
    if (s->finished)
        return evs__seterr(err, EVS_EINVAL, line,
                           "series %s is finished", s->symbol);
    if (!evs__series_push_fast(s, date, values, line))
        return evs__seterr(err, EVS_ENOMEM, line, "out of memory");
    return EVS_OK;
}

long evs__series_line(const evs_series *s, size_t row)
{
    size_t lo = 0, hi = s->nruns;
    while (hi - lo > 1) { /* last run with runs[i].row <= row */
        size_t mid = lo + (hi - lo) / 2;
        if (s->runs[mid].row <= row)
            lo = mid;
        else
            hi = mid;
    }
    if (s->nruns == 0)
        return 0;
    const evs__linerun *r = &s->runs[lo];
    return (long)(r->line0 + (unsigned long)(row - r->row) * r->step);
}

void evs__series_shift_lines(evs_series *s, long base)
{
    for (size_t i = 0; i < s->nruns; i++)
        s->runs[i].line0 += (unsigned long)base;
    s->last_line += (unsigned long)base;
}

int evs__series_append(evs_series *dst, const evs_series *src, long base)
{
    size_t n = dst->len + src->len;
    if (n > dst->cap && !set_cap(dst, n))
        return 0;
    size_t nr = dst->nruns + src->nruns;
    if (nr > dst->runcap) {
        evs__linerun *r = evs__reallocarray(dst->runs, nr, sizeof *r);
        if (r == NULL)
            return 0;
        dst->runs = r;
        dst->runcap = nr;
    }
    for (size_t i = 0; i < src->nruns; i++) {
        evs__linerun r = src->runs[i];
        r.row += dst->len;
        r.line0 += (unsigned long)base;
        dst->runs[dst->nruns++] = r;
    }
    if (src->len > 0)
        dst->last_line = src->last_line + (unsigned long)base;
    dst->ascending &= src->ascending &&
                      (dst->len == 0 || src->len == 0 ||
                       src->dates[0] > dst->dates[dst->len - 1]);
    memcpy(dst->dates + dst->len, src->dates, src->len * sizeof *src->dates);
    for (int f = 0; f < EVS_FIELD_COUNT; f++)
        if (dst->present & (1u << f))
            memcpy(dst->col[f] + dst->len, src->col[f],
                   src->len * sizeof(double));
    dst->len = n;
    return 1;
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
    double *tmp = evs__mallocarray(n, sizeof *tmp);
    if (d == NULL || tmp == NULL) {
        free(d);
        free(tmp);
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        d[i] = s->dates[perm[i]];
    memcpy(s->dates, d, n * sizeof *d);
    for (int f = 0; f < EVS_FIELD_COUNT; f++) {
        if (!(s->present & (1u << f)))
            continue;
        for (size_t i = 0; i < n; i++)
            tmp[i] = s->col[f][perm[i]];
        memcpy(s->col[f], tmp, n * sizeof *tmp);
    }
    free(d);
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
        for (int f = 0; f < EVS_FIELD_COUNT; f++) {
            if (!(s->present & (1u << f)))
                continue;
            double t = s->col[f][i];
            s->col[f][i] = s->col[f][j];
            s->col[f][j] = t;
        }
    }
}

/* Sorts by (date, line, push order).  Strictly monotonic input (the usual
 * case, either direction) has no duplicate and needs no line; otherwise
 * *perm receives the push order of each sorted row, for the messages. */
/* 1 when the dates strictly ascend, -1 when they strictly descend (many
 * sites export newest first), else 0. */
static int direction(const evs_series *s)
{
    if (s->ascending) /* kept by every push: no need to look */
        return 1;
    int ascending = 1, descending = 1;
    for (size_t i = 1; i < s->len && (ascending || descending); i++) {
        if (s->dates[i] <= s->dates[i - 1])
            ascending = 0;
        if (s->dates[i] >= s->dates[i - 1])
            descending = 0;
    }
    return ascending ? 1 : descending ? -1 : 0;
}

static evs_status sort_rows(evs_series *s, int dir, size_t **perm_out,
                            evs_error *err)
{
    size_t n = s->len;
    *perm_out = NULL;
    if (dir > 0)
        return EVS_OK;
    if (dir < 0) {
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
        k[i] = (sort_key){s->dates[i], evs__series_line(s, i), i};
    qsort(k, n, sizeof *k, cmp_key);
    for (size_t i = 0; i < n; i++)
        perm[i] = k[i].row;
    free(k);
    if (!apply_perm(s, perm)) {
        free(perm);
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    }
    *perm_out = perm;
    return EVS_OK;
}

static void copy_row(evs_series *s, size_t to, size_t from)
{
    s->dates[to] = s->dates[from];
    for (int f = 0; f < EVS_FIELD_COUNT; f++)
        if (s->present & (1u << f))
            s->col[f][to] = s->col[f][from];
}

/* Drops exact duplicates (warning) and fails on conflicting ones; perm maps
 * sorted rows to push order (NULL: none can occur). */
static evs_status dedupe(evs_series *s, const size_t *perm, const char *origin,
                         const evs_warner *warn, evs_error *err)
{
    size_t out = 0, kept = 0; /* kept: push order of row out - 1 */
    for (size_t i = 0; i < s->len; i++) {
        if (out > 0 && s->dates[i] == s->dates[out - 1]) {
            char ds[EVS_DATE_BUFSZ];
            evs_date_format(s->dates[i], ds);
            long li = evs__series_line(s, perm[i]);
            long lk = evs__series_line(s, kept);
            if (!rows_equal(s, out - 1, i))
                return evs__seterr(err, EVS_EPARSE, li,
                                   "%s:%ld: %s: date %s given twice with "
                                   "different values (lines %ld and %ld)",
                                   origin, li, s->symbol, ds, lk, li);
            evs__warn(warn, "%s:%ld: %s: duplicate row for %s ignored (same "
                      "as line %ld)", origin, li, s->symbol, ds, lk);
            continue;
        }
        if (out != i)
            copy_row(s, out, i);
        kept = perm ? perm[i] : i;
        out++;
    }
    s->len = out;
    return EVS_OK;
}

/* What finishing does once the rows are sorted and unique. */
static void finish_sorted(evs_series *s)
{
    if (s->cap > s->len)
        shrink_to_fit(s);
    free(s->runs);
    s->runs = NULL;
    s->nruns = s->runcap = 0;
    s->finished = 1;
    s->ascending = 1;
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
}

evs_status evs_series_finish(evs_series *s, const char *origin,
                             const evs_warner *warn, evs_error *err)
{
    if (s->finished)
        return EVS_OK;
    size_t *perm;
    evs_status st = sort_rows(s, direction(s), &perm, err);
    if (st == EVS_OK && perm != NULL)
        st = dedupe(s, perm, origin, warn, err);
    free(perm);
    if (st == EVS_OK)
        finish_sorted(s);
    return st;
}

int evs__series_finish_quiet(evs_series *s)
{
    if (s->finished)
        return 1;
    int dir = direction(s);
    if (dir == 0)
        return 0;
    if (dir < 0)
        reverse_rows(s);
    finish_sorted(s);
    return 1;
}

evs_series *evs__series_adopt(const char *symbol, evs_series_kind kind,
                              unsigned present, size_t len, evs_date *dates,
                              double **cols, evs_error *err)
{
    evs_series *s = evs_series_new(symbol, kind, present, err);
    if (s == NULL) {
        free(dates);
        for (int f = 0; f < EVS_FIELD_COUNT; f++)
            if (present & (1u << f))
                free(cols[f]);
        return NULL;
    }
    s->dates = dates;
    for (int f = 0; f < EVS_FIELD_COUNT; f++)
        if (s->present & (1u << f))
            s->col[f] = cols[f];
    s->len = s->cap = len;
    s->ascending = 0; /* unknown: finish looks */
    evs_status st = evs_series_finish(s, "", NULL, err);
    (void)st; /* sorted unique dates: finish only sets the basis */
    return s;
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
