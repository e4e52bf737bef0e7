/*
 * factors.c - the factor-file reader (Kenneth French daily layout or named
 * decimal columns, see evs/factors.h) and calendar alignment.  Rows are
 * gathered, sorted by date and checked for duplicates before the columns
 * are built, so a failed load allocates nothing that survives.
 */
#include <stdlib.h>
#include <string.h>

#include "csv.h"

struct evs_factors {
    size_t rows, cols;
    evs_factor_units units;
    char **names;
    evs_date *dates;
    double *values; /* column-major: cols x rows */
};

/* One data row while reading: its date, input line and values. */
typedef struct raw_rows {
    evs_date *dates;
    long *lines;
    double *vals; /* row-major */
    size_t n, cap, cols;
} raw_rows;

void evs_factors_free(evs_factors *f)
{
    if (f == NULL)
        return;
    for (size_t j = 0; j < f->cols && f->names; j++)
        free(f->names[j]);
    free(f->names);
    free(f->dates);
    free(f->values);
    free(f);
}

static void raw_free(raw_rows *r)
{
    free(r->dates);
    free(r->lines);
    free(r->vals);
}

static int raw_push(raw_rows *r)
{
    if (r->n < r->cap)
        return 1;
    size_t cap = r->cap ? r->cap * 2 : 256;
    evs_date *d = evs__reallocarray(r->dates, cap, sizeof *d);
    if (d == NULL)
        return 0;
    r->dates = d;
    long *l = evs__reallocarray(r->lines, cap, sizeof *l);
    if (l == NULL)
        return 0;
    r->lines = l;
    if (r->cols > SIZE_MAX / cap)
        return 0;
    double *v = evs__reallocarray(r->vals, cap * r->cols, sizeof *v);
    if (v == NULL)
        return 0;
    r->vals = v;
    r->cap = cap;
    return 1;
}

/* A header: two or more cells, the first empty or "date", the others
 * non-empty names that are not numbers (so a data row never matches). */
static int is_header(const evs__csv *c)
{
    if (c->nfields < 2)
        return 0;
    evs__field f = evs__field_trim(c->fields[0]);
    if (f.len != 0 && !evs__strieq(f.p, f.len, "date"))
        return 0;
    for (size_t i = 1; i < c->nfields; i++) {
        evs__field g = evs__field_trim(c->fields[i]);
        double v;
        if (g.len == 0 || g.len > EVS_FACTOR_NAME_MAX ||
            evs__parse_double(g.p, g.len, &v))
            return 0;
    }
    return 1;
}

/* Looks like an attempt at a date (8 digits, or dddd-dd-dd), so that a
 * malformed date is an error while a footer line ends the data. */
static int date_shaped(evs__field f)
{
    size_t digits = 0;
    for (size_t i = 0; i < f.len; i++)
        digits += f.p[i] >= '0' && f.p[i] <= '9';
    if (f.len == 8 && digits == 8)
        return 1;
    return f.len == 10 && digits == 8 && f.p[4] == '-' && f.p[7] == '-';
}

static evs_status copy_names(evs_factors *out, const evs__csv *c,
                             evs_error *err)
{
    out->cols = c->nfields - 1;
    out->names = evs__calloc(out->cols, sizeof *out->names);
    if (out->names == NULL)
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    for (size_t j = 0; j < out->cols; j++) {
        evs__field g = evs__field_trim(c->fields[j + 1]);
        for (size_t k = 0; k < j; k++)
            if (evs__strieq(g.p, g.len, out->names[k]))
                return evs__seterr(err, EVS_EPARSE, c->line, "%s:%ld: "
                                   "column '%s' given twice", c->origin,
                                   c->line, out->names[k]);
        out->names[j] = evs__strndup(g.p, g.len);
        if (out->names[j] == NULL)
            return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    }
    return EVS_OK;
}

/* Parses one value cell into decimals.  French percent files mark a
 * missing value with -99.99 or -999. */
static int parse_value(evs__field g, int percent, double *v)
{
    g = evs__field_trim(g);
    if (evs__field_is_missing(g)) {
        *v = NAN;
        return 1;
    }
    if (!evs__parse_double(g.p, g.len, v))
        return 0;
    if (percent) {
        *v = (*v == -99.99 || *v == -999.0) ? NAN : *v / 100.0;
    }
    return 1;
}

static evs_status read_row(raw_rows *r, const evs__csv *c, evs_date d,
                           int percent, evs_error *err)
{
    char b[64];
    if (c->nfields != r->cols + 1)
        return evs__seterr(err, EVS_EPARSE, c->line, "%s:%ld: %zu cells, "
                           "the header has %zu", c->origin, c->line,
                           c->nfields, r->cols + 1);
    if (!raw_push(r))
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    double *v = r->vals + r->n * r->cols;
    for (size_t j = 0; j < r->cols; j++)
        if (!parse_value(c->fields[j + 1], percent, &v[j]))
            return evs__seterr(err, EVS_EPARSE, c->line, "%s:%ld: invalid "
                               "number '%s'", c->origin, c->line,
                               evs__field_show(evs__field_trim(
                                   c->fields[j + 1]), b, sizeof b));
    r->dates[r->n] = d;
    r->lines[r->n] = c->line;
    r->n++;
    return EVS_OK;
}

/* Reads the header and the data rows into out (names) and r (rows). */
static evs_status read_all(evs__csv *c, evs_factor_units units,
                           evs_factors *out, raw_rows *r, evs_error *err)
{
    int got, percent = units == EVS_FACTOR_UNITS_PERCENT;
    long header_line = 0;
    while ((got = evs__csv_next(c, err)) == 1 && !is_header(c))
        ;
    if (got < 0)
        return err ? err->code : EVS_EPARSE;
    if (got == 0)
        return evs__seterr(err, EVS_EPARSE, 0, "%s: no header line (want "
                           "date or an empty first cell, then factor "
                           "names)", c->origin);
    header_line = c->line;
    evs_status st = copy_names(out, c, err);
    if (st != EVS_OK)
        return st;
    r->cols = out->cols;
    while ((got = evs__csv_next(c, err)) == 1) {
        evs__field f = evs__field_trim(c->fields[0]);
        evs_date d;
        char b[64];
        if (!evs_date_parse(f.p, f.len, &d)) {
            if (r->n > 0 && !date_shaped(f))
                break; /* footer or annual section: the data ended */
            return evs__seterr(err, EVS_EPARSE, c->line, "%s:%ld: invalid "
                               "date '%s'", c->origin, c->line,
                               evs__field_show(f, b, sizeof b));
        }
        if (r->n == 0 && units == EVS_FACTOR_UNITS_AUTO)
            percent = f.len == 8;
        st = read_row(r, c, d, percent, err);
        if (st != EVS_OK)
            return st;
    }
    if (got < 0)
        return err ? err->code : EVS_EPARSE;
    if (r->n == 0)
        return evs__seterr(err, EVS_ENODATA, header_line, "%s:%ld: no data "
                           "rows after the header", c->origin, header_line);
    out->units = percent ? EVS_FACTOR_UNITS_PERCENT : EVS_FACTOR_UNITS_DECIMAL;
    return EVS_OK;
}

typedef struct row_key {
    evs_date d;
    size_t i;
} row_key;

static int cmp_row(const void *a, const void *b)
{
    const row_key *x = a, *y = b;
    if (x->d != y->d)
        return x->d < y->d ? -1 : 1;
    return x->i < y->i ? -1 : (x->i > y->i);
}

/* Sorts rows by date (files may come in any order), refuses duplicate
 * dates, and builds the column-major table. */
static evs_status build(evs_factors *out, const raw_rows *r,
                        const char *origin, evs_error *err)
{
    size_t n = r->n;
    row_key *idx = evs__mallocarray(n, sizeof *idx);
    out->dates = evs__mallocarray(n, sizeof *out->dates);
    out->values = n <= SIZE_MAX / (r->cols ? r->cols : 1)
                      ? evs__mallocarray(n * r->cols, sizeof *out->values)
                      : NULL;
    if (idx == NULL || out->dates == NULL || out->values == NULL) {
        free(idx);
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        idx[i] = (row_key){r->dates[i], i};
    qsort(idx, n, sizeof *idx, cmp_row);
    evs_status st = EVS_OK;
    for (size_t k = 0; k < n && st == EVS_OK; k++) {
        size_t i = idx[k].i;
        if (k > 0 && idx[k - 1].d == idx[k].d) {
            char b[EVS_DATE_BUFSZ];
            st = evs__seterr(err, EVS_EPARSE, r->lines[i], "%s:%ld: date %s "
                             "given twice (also line %ld)", origin,
                             r->lines[i], evs_date_format(r->dates[i], b),
                             r->lines[idx[k - 1].i]);
        }
        out->dates[k] = r->dates[i];
        for (size_t j = 0; j < r->cols; j++)
            out->values[j * n + k] = r->vals[i * r->cols + j];
    }
    free(idx);
    out->rows = n;
    return st;
}

evs_factors *evs_factors_load_buffer(const char *data, size_t len,
                                     const char *origin,
                                     evs_factor_units units, evs_error *err)
{
    char *copy = evs__strndup(data, len);
    evs_factors *out = evs__calloc(1, sizeof *out);
    if (copy == NULL || out == NULL) {
        free(copy);
        free(out);
        evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
        return NULL;
    }
    evs__csv c;
    evs__csv_init(&c, copy, len, origin);
    raw_rows r = {0};
    evs_status st = read_all(&c, units, out, &r, err);
    if (st == EVS_OK)
        st = build(out, &r, origin, err);
    raw_free(&r);
    evs__csv_free(&c);
    free(copy);
    if (st != EVS_OK) {
        evs_factors_free(out);
        return NULL;
    }
    return out;
}

evs_factors *evs_factors_load_csv(const char *path, evs_factor_units units,
                                  evs_error *err)
{
    evs__buf b = {0};
    if (evs__read_file(path, &b, err) != EVS_OK)
        return NULL;
    evs_factors *f = evs_factors_load_buffer(b.data, b.len, path, units, err);
    evs__buf_clear(&b);
    return f;
}

evs_factor_units evs_factors_units(const evs_factors *f) { return f->units; }
size_t evs_factors_rows(const evs_factors *f) { return f->rows; }
size_t evs_factors_columns(const evs_factors *f) { return f->cols; }
const evs_date *evs_factors_dates(const evs_factors *f) { return f->dates; }

const char *evs_factors_name(const evs_factors *f, size_t col)
{
    return col < f->cols ? f->names[col] : NULL;
}

const double *evs_factors_values(const evs_factors *f, size_t col)
{
    return col < f->cols ? f->values + col * f->rows : NULL;
}

long evs_factors_find(const evs_factors *f, const char *name)
{
    static const char *const mom[] = {"mom", "umd", "wml", NULL};
    size_t n = strlen(name);
    for (size_t j = 0; j < f->cols; j++)
        if (evs__strieq(name, n, f->names[j]))
            return (long)j;
    if (!evs__strieq(name, n, "mom"))
        return -1;
    /* The momentum factor goes by several names in published files. */
    for (size_t j = 0; j < f->cols; j++)
        for (size_t k = 0; mom[k]; k++)
            if (evs__strieq(f->names[j], strlen(f->names[j]), mom[k]))
                return (long)j;
    return -1;
}

size_t evs_factors_align(const evs_factors *f, size_t col,
                         const evs_calendar *cal, double *out)
{
    const evs_date *cd = evs_calendar_dates(cal);
    const double *v = f->values + col * f->rows;
    size_t len = evs_calendar_len(cal), absent = 0, lo = 0;
    for (size_t t = 0; t < len; t++) {
        /* Calendar dates increase, so the search resumes where it ended. */
        size_t a = lo, b = f->rows;
        while (a < b) {
            size_t m = a + (b - a) / 2;
            if (f->dates[m] < cd[t])
                a = m + 1;
            else
                b = m;
        }
        lo = a;
        if (a < f->rows && f->dates[a] == cd[t]) {
            out[t] = v[a];
        } else {
            out[t] = NAN;
            absent++;
        }
    }
    return absent;
}
