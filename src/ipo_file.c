/*
 * ipo_file.c - the list of IPO listings and its CSV reader (see evs/ipo.h).
 * Owns the record checks shared by every way a listing comes in (CSV, a
 * study file's inline "ipos", code), so that they cannot drift apart.
 * Pure: no metric is computed here.
 */
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "ipo_internal.h"

struct evs_ipos {
    evs_ipo *items;
    size_t n, cap;
};

void evs_ipo_init(evs_ipo *rec)
{
    memset(rec, 0, sizeof *rec);
    rec->offer_price = NAN;
    rec->shares_offered = rec->shares_outstanding = NAN;
    rec->first_open = rec->first_high = NAN;
    rec->first_low = rec->first_close = NAN;
}

evs_ipos *evs_ipos_new(evs_error *err)
{
    evs_ipos *l = evs__calloc(1, sizeof *l);
    if (l == NULL)
        evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    return l;
}

static void rec_free_strings(evs_ipo *r)
{
    /* The list owns these copies; the public type shows them as const. */
    free((void *)r->symbol);
    free((void *)r->name);
    free((void *)r->exchange);
    free((void *)r->currency);
    free((void *)r->benchmark);
}

void evs_ipos_free(evs_ipos *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n; i++)
        rec_free_strings(&l->items[i]);
    free(l->items);
    free(l);
}

size_t evs_ipos_count(const evs_ipos *l) { return l->n; }

const evs_ipo *evs_ipos_get(const evs_ipos *l, size_t i)
{
    return i < l->n ? &l->items[i] : NULL;
}

/* The symbol rule of evs/series.h: 1..EVS_SYMBOL_MAX printable ASCII bytes
 * other than ',' '"' and whitespace. */
static int symbol_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > EVS_SYMBOL_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c >= 0x7f || c == ',' || c == '"')
            return 0;
    }
    return 1;
}

/* NaN (not given) or a positive finite number. */
static int positive_or_nan(double v) { return isnan(v) || (isfinite(v) && v > 0); }

/* The checks of evs_ipos_add; fills msg and returns 0 on the first failure. */
static int check_rec(const evs_ipos *l, const evs_ipo *r, char *msg, size_t n)
{
    if (r->symbol == NULL || !symbol_ok(r->symbol)) {
        snprintf(msg, n, "invalid symbol '%s'", r->symbol ? r->symbol : "");
        return 0;
    }
    if (r->benchmark != NULL && !symbol_ok(r->benchmark)) {
        snprintf(msg, n, "invalid benchmark symbol '%s'", r->benchmark);
        return 0;
    }
    const struct {
        const char *name;
        double v;
    } pos[] = {{"shares_offered", r->shares_offered},
               {"shares_outstanding", r->shares_outstanding},
               {"first_open", r->first_open}, {"first_high", r->first_high},
               {"first_low", r->first_low}, {"first_close", r->first_close}};
    for (size_t k = 0; k < sizeof pos / sizeof pos[0]; k++)
        if (!positive_or_nan(pos[k].v)) {
            snprintf(msg, n, "%s must be a positive number (got %g)",
                     pos[k].name, pos[k].v);
            return 0;
        }
    if (r->first_low > r->first_high) { /* false when either is NaN */
        snprintf(msg, n, "first_low %g is above first_high %g", r->first_low,
                 r->first_high);
        return 0;
    }
    if (r->has_pricing_date && r->pricing_date >= r->listing_date) {
        snprintf(msg, n, "pricing_date must be before listing_date");
        return 0;
    }
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].symbol, r->symbol) == 0) {
            if (l->items[i].line > 0)
                snprintf(msg, n, "%s is listed twice (first on line %ld)",
                         r->symbol, l->items[i].line);
            else
                snprintf(msg, n, "%s is listed twice", r->symbol);
            return 0;
        }
    return 1;
}

static int dup_opt(const char *s, const char **out)
{
    *out = NULL;
    if (s == NULL)
        return 1;
    *out = evs__strdup(s);
    return *out != NULL;
}

/* Appends without checks (the caller ran check_rec). */
static evs_status append(evs_ipos *l, const evs_ipo *rec, evs_error *err)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        evs_ipo *it = evs__reallocarray(l->items, cap, sizeof *it);
        if (it == NULL)
            return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
        l->items = it;
        l->cap = cap;
    }
    evs_ipo c = *rec;
    c.symbol = c.name = c.exchange = c.currency = c.benchmark = NULL;
    /* dup_opt leaves NULL in every field it did not reach. */
    if (!dup_opt(rec->symbol, &c.symbol) || !dup_opt(rec->name, &c.name) ||
        !dup_opt(rec->exchange, &c.exchange) ||
        !dup_opt(rec->currency, &c.currency) ||
        !dup_opt(rec->benchmark, &c.benchmark)) {
        rec_free_strings(&c);
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    }
    l->items[l->n++] = c;
    return EVS_OK;
}

evs_ipos *evs__ipos_copy(const evs_ipos *src, evs_error *err)
{
    evs_ipos *l = evs_ipos_new(err);
    for (size_t i = 0; l != NULL && i < src->n; i++)
        if (append(l, &src->items[i], err) != EVS_OK) {
            evs_ipos_free(l);
            l = NULL;
        }
    return l;
}

evs_status evs_ipos_add(evs_ipos *l, const evs_ipo *rec, evs_error *err)
{
    char msg[EVS_ERRMSG_MAX - 32];
    if (!check_rec(l, rec, msg, sizeof msg)) {
        if (rec->line > 0)
            return evs__seterr(err, EVS_EINVAL, rec->line, "line %ld: %s",
                               rec->line, msg);
        return evs__seterr(err, EVS_EINVAL, 0, "%s", msg);
    }
    return append(l, rec, err);
}

/* ---- CSV ----------------------------------------------------------------- */

enum col {
    C_SYMBOL, C_NAME, C_EXCHANGE, C_LISTING, C_OFFER, C_CURRENCY, C_SHOFF,
    C_SHOUT, C_BENCH, C_PRICING, C_FOPEN, C_FHIGH, C_FLOW, C_FCLOSE, C_N,
    C_IGNORED = -1
};

static const char *const col_names[C_N] = {
    "symbol", "name", "exchange", "listing_date", "offer_price", "currency",
    "shares_offered", "shares_outstanding", "benchmark", "pricing_date",
    "first_open", "first_high", "first_low", "first_close"};

static evs_status parse_header(evs__csv *c, int *map, const evs_warner *w,
                               evs_error *err)
{
    int seen[C_N] = {0};
    char b[48];
    for (size_t i = 0; i < c->nfields; i++) {
        evs__field f = evs__field_trim(c->fields[i]);
        map[i] = C_IGNORED;
        for (int k = 0; k < C_N; k++)
            if (evs__strieq(f.p, f.len, col_names[k])) {
                if (seen[k])
                    return evs__seterr(err, EVS_EPARSE, c->line, "%s:%ld: "
                                       "column '%s' given twice", c->origin,
                                       c->line, col_names[k]);
                seen[k] = 1;
                map[i] = k;
            }
        if (map[i] == C_IGNORED)
            evs__warn(w, "%s:%ld: ignoring unknown column '%s'", c->origin,
                      c->line, evs__field_show(f, b, sizeof b));
    }
    const int need[] = {C_SYMBOL, C_LISTING, C_OFFER};
    for (size_t k = 0; k < sizeof need / sizeof need[0]; k++)
        if (!seen[need[k]])
            return evs__seterr(err, EVS_EPARSE, c->line, "%s:%ld: the IPO "
                               "header needs a '%s' column", c->origin,
                               c->line, col_names[need[k]]);
    return EVS_OK;
}

/* Owned copies of the text cells of one row. */
typedef struct row_text {
    char *s[C_N];
} row_text;

static void row_text_free(row_text *t)
{
    for (int k = 0; k < C_N; k++)
        free(t->s[k]);
}

static double *num_slot(evs_ipo *r, int col)
{
    switch (col) {
    case C_OFFER: return &r->offer_price;
    case C_SHOFF: return &r->shares_offered;
    case C_SHOUT: return &r->shares_outstanding;
    case C_FOPEN: return &r->first_open;
    case C_FHIGH: return &r->first_high;
    case C_FLOW: return &r->first_low;
    case C_FCLOSE: return &r->first_close;
    default: return NULL;
    }
}

/* Parses one cell into the record; text cells are copied into t. */
static evs_status parse_cell(evs__csv *c, int col, evs__field f, evs_ipo *r,
                             row_text *t, int *have_listing, evs_error *err)
{
    char b[48];
    if (evs__field_is_missing(f))
        return EVS_OK; /* not given: NULL / NaN / no date */
    double *slot = num_slot(r, col);
    if (slot != NULL) {
        if (!evs__parse_double(f.p, f.len, slot))
            return evs__seterr(err, EVS_EPARSE, c->line, "%s:%ld: invalid %s "
                               "'%s' (want a plain decimal number)",
                               c->origin, c->line, col_names[col],
                               evs__field_show(f, b, sizeof b));
        return EVS_OK;
    }
    if (col == C_LISTING || col == C_PRICING) {
        evs_date d;
        if (!evs_date_parse(f.p, f.len, &d))
            return evs__seterr(err, EVS_EPARSE, c->line, "%s:%ld: invalid %s "
                               "'%s'", c->origin, c->line, col_names[col],
                               evs__field_show(f, b, sizeof b));
        if (col == C_LISTING) {
            r->listing_date = d;
            *have_listing = 1;
        } else {
            r->pricing_date = d;
            r->has_pricing_date = 1;
        }
        return EVS_OK;
    }
    t->s[col] = evs__strndup(f.p, f.len);
    return t->s[col] ? EVS_OK : evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
}

static evs_status parse_row(evs_ipos *l, evs__csv *c, const int *map,
                            size_t ncols, evs_error *err)
{
    if (c->nfields != ncols)
        return evs__seterr(err, EVS_EPARSE, c->line, "%s:%ld: %zu fields, but "
                           "the header has %zu", c->origin, c->line,
                           c->nfields, ncols);
    evs_ipo r;
    evs_ipo_init(&r);
    r.line = c->line;
    row_text t = {{0}};
    int have_listing = 0;
    evs_status st = EVS_OK;
    for (size_t i = 0; i < ncols && st == EVS_OK; i++)
        if (map[i] != C_IGNORED)
            st = parse_cell(c, map[i], evs__field_trim(c->fields[i]), &r, &t,
                            &have_listing, err);
    if (st == EVS_OK && t.s[C_SYMBOL] == NULL)
        st = evs__seterr(err, EVS_EPARSE, c->line, "%s:%ld: no symbol",
                         c->origin, c->line);
    if (st == EVS_OK && !have_listing)
        st = evs__seterr(err, EVS_EPARSE, c->line, "%s:%ld: no listing_date "
                         "for %s", c->origin, c->line, t.s[C_SYMBOL]);
    if (st == EVS_OK) {
        r.symbol = t.s[C_SYMBOL];
        r.name = t.s[C_NAME];
        r.exchange = t.s[C_EXCHANGE];
        r.currency = t.s[C_CURRENCY];
        r.benchmark = t.s[C_BENCH];
        char msg[EVS_ERRMSG_MAX - 64];
        if (!check_rec(l, &r, msg, sizeof msg))
            st = evs__seterr(err, EVS_EPARSE, c->line, "%s:%ld: %s",
                             c->origin, c->line, msg);
        else
            st = append(l, &r, err);
    }
    row_text_free(&t);
    return st;
}

static evs_status parse_all(evs_ipos *l, evs__csv *c, const evs_warner *w,
                            evs_error *err)
{
    int r = evs__csv_next(c, err);
    if (r < 0)
        return err ? err->code : EVS_EPARSE;
    if (r == 0)
        return evs__seterr(err, EVS_EPARSE, 1, "%s:1: empty file (no header "
                           "row)", c->origin);
    size_t ncols = c->nfields;
    int *map = evs__mallocarray(ncols, sizeof *map);
    if (map == NULL)
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    evs_status st = parse_header(c, map, w, err);
    while (st == EVS_OK && (r = evs__csv_next(c, err)) == 1)
        st = parse_row(l, c, map, ncols, err);
    if (st == EVS_OK && r < 0)
        st = err ? err->code : EVS_EPARSE;
    if (st == EVS_OK && l->n == 0)
        st = evs__seterr(err, EVS_EPARSE, c->line, "%s: no listings after "
                         "the header", c->origin);
    free(map);
    return st;
}

/* Parses b (owned, tokenized in place) and frees it. */
static evs_ipos *load_owned(evs__buf *b, const char *origin,
                            const evs_warner *w, evs_error *err)
{
    evs_ipos *l = evs_ipos_new(err);
    evs__csv c;
    evs__csv_init(&c, b->data, b->len, origin);
    if (l != NULL && parse_all(l, &c, w, err) != EVS_OK) {
        evs_ipos_free(l);
        l = NULL;
    }
    evs__csv_free(&c);
    evs__buf_clear(b);
    return l;
}

evs_ipos *evs_ipos_load_buffer(const char *data, size_t len,
                               const char *origin, const evs_warner *warn,
                               evs_error *err)
{
    evs__buf b = {0};
    /* A copy: the tokenizer unescapes quoted fields in place. */
    if (!evs__buf_append(&b, data ? data : "", data ? len : 0)) {
        evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
        return NULL;
    }
    return load_owned(&b, origin ? origin : "<buffer>", warn, err);
}

evs_ipos *evs_ipos_load_csv(const char *path, const evs_warner *warn,
                            evs_error *err)
{
    evs__buf b = {0};
    if (evs__read_file(path, &b, err) != EVS_OK)
        return NULL;
    return load_owned(&b, strcmp(path, "-") == 0 ? "<stdin>" : path, warn,
                      err);
}
