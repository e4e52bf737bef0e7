/*
 * events.c - the event list and its CSV reader.  Strings live in an arena
 * of fixed blocks, so that pointers handed out stay valid as the list grows
 * and a million events cost a handful of allocations.
 */
#include <stdlib.h>
#include <string.h>

#include "csv.h"

typedef struct block {
    struct block *next;
    size_t used, cap;
    char data[];
} block;

struct evs_events {
    evs_event *items;
    size_t n, cap;
    char **extra_names;
    size_t n_extra;
    const char **extra_vals; /* n x n_extra, grown with items */
    block *blocks;
};

static const char *arena_put(evs_events *ev, const char *s, size_t n)
{
    block *b = ev->blocks;
    if (b == NULL || b->cap - b->used < n + 1) {
        size_t cap = n + 1 > 65536 ? n + 1 : 65536;
        b = evs__malloc(sizeof *b + cap);
        if (b == NULL)
            return NULL;
        b->next = ev->blocks;
        b->used = 0;
        b->cap = cap;
        ev->blocks = b;
    }
    char *p = b->data + b->used;
    memcpy(p, s, n);
    p[n] = '\0';
    b->used += n + 1;
    return p;
}

evs_events *evs_events_new(evs_error *err)
{
    evs_events *ev = evs__calloc(1, sizeof *ev);
    if (ev == NULL)
        evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    return ev;
}

void evs_events_free(evs_events *ev)
{
    if (ev == NULL)
        return;
    for (block *b = ev->blocks; b;) {
        block *next = b->next;
        free(b);
        b = next;
    }
    for (size_t j = 0; j < ev->n_extra; j++)
        free(ev->extra_names[j]);
    free(ev->extra_names);
    free(ev->extra_vals);
    free(ev->items);
    free(ev);
}

static int reserve(evs_events *ev)
{
    if (ev->n < ev->cap)
        return 1;
    size_t cap = ev->cap ? ev->cap * 2 : 64;
    evs_event *it = evs__reallocarray(ev->items, cap, sizeof *it);
    if (it == NULL)
        return 0;
    ev->items = it;
    if (ev->n_extra > 0) {
        if (cap > SIZE_MAX / ev->n_extra)
            return 0;
        const char **xv = evs__reallocarray((void *)ev->extra_vals,
                                            cap * ev->n_extra, sizeof *xv);
        if (xv == NULL)
            return 0;
        ev->extra_vals = xv;
    }
    ev->cap = cap;
    return 1;
}

static evs_status add_event(evs_events *ev, const char *sym, size_t symlen,
                            evs_date date, const char *mkt, size_t mktlen,
                            const char *label, size_t lablen, long line,
                            evs_error *err)
{
    if (!reserve(ev))
        return evs__seterr(err, EVS_ENOMEM, line, "out of memory");
    evs_event *e = &ev->items[ev->n];
    e->symbol = arena_put(ev, sym, symlen);
    e->market = mkt ? arena_put(ev, mkt, mktlen) : NULL;
    e->label = label ? arena_put(ev, label, lablen) : NULL;
    e->date = date;
    e->line = line;
    if (e->symbol == NULL || (mkt && e->market == NULL) ||
        (label && e->label == NULL))
        return evs__seterr(err, EVS_ENOMEM, line, "out of memory");
    for (size_t j = 0; j < ev->n_extra; j++)
        ev->extra_vals[ev->n * ev->n_extra + j] = "";
    ev->n++;
    return EVS_OK;
}

evs_status evs_events_add(evs_events *ev, const char *symbol, evs_date date,
                          const char *market, const char *label,
                          evs_error *err)
{
    if (symbol == NULL || !evs__symbol_ok(symbol, strlen(symbol)))
        return evs__seterr(err, EVS_EINVAL, 0, "invalid event symbol");
    if (market != NULL && !evs__symbol_ok(market, strlen(market)))
        return evs__seterr(err, EVS_EINVAL, 0, "invalid market symbol");
    return add_event(ev, symbol, strlen(symbol), date, market,
                     market ? strlen(market) : 0, label,
                     label ? strlen(label) : 0, 0, err);
}

size_t evs_events_count(const evs_events *ev) { return ev->n; }

const evs_event *evs_events_get(const evs_events *ev, size_t i)
{
    return i < ev->n ? &ev->items[i] : NULL;
}

size_t evs_events_extra_count(const evs_events *ev) { return ev->n_extra; }

const char *evs_events_extra_name(const evs_events *ev, size_t j)
{
    return j < ev->n_extra ? ev->extra_names[j] : NULL;
}

const char *evs_events_extra_value(const evs_events *ev, size_t i, size_t j)
{
    if (i >= ev->n || j >= ev->n_extra)
        return NULL;
    return ev->extra_vals[i * ev->n_extra + j];
}

enum { EC_SYMBOL, EC_DATE, EC_MARKET, EC_LABEL, EC_EXTRA };

static evs_status parse_header(evs_events *ev, evs__csv *c, int *map,
                               size_t *extra_col, evs_error *err)
{
    int have_sym = 0, have_date = 0;
    size_t nx = 0;
    for (size_t i = 0; i < c->nfields; i++) {
        evs__field f = evs__field_trim(c->fields[i]);
        int m = EC_EXTRA;
        if (evs__strieq(f.p, f.len, "symbol") && !have_sym)
            m = EC_SYMBOL, have_sym = 1;
        else if (evs__strieq(f.p, f.len, "date") && !have_date)
            m = EC_DATE, have_date = 1;
        else if (evs__strieq(f.p, f.len, "market"))
            m = EC_MARKET;
        else if (evs__strieq(f.p, f.len, "label"))
            m = EC_LABEL;
        map[i] = m;
        if (m == EC_EXTRA) {
            extra_col[i] = nx++;
        }
    }
    if (!have_sym || !have_date)
        return evs__seterr(err, EVS_EPARSE, c->line, "%s:%ld: the events "
                           "header needs 'symbol' and 'date' columns",
                           c->origin, c->line);
    ev->extra_names = evs__calloc(nx ? nx : 1, sizeof *ev->extra_names);
    if (ev->extra_names == NULL)
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    for (size_t i = 0; i < c->nfields; i++) {
        if (map[i] != EC_EXTRA)
            continue;
        evs__field f = evs__field_trim(c->fields[i]);
        ev->extra_names[ev->n_extra] = evs__strndup(f.p, f.len);
        if (ev->extra_names[ev->n_extra] == NULL)
            return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
        ev->n_extra++;
    }
    return EVS_OK;
}

static evs_status parse_events(evs_events *ev, evs__csv *c, evs_error *err)
{
    int r = evs__csv_next(c, err);
    if (r < 0)
        return err ? err->code : EVS_EPARSE;
    if (r == 0)
        return evs__seterr(err, EVS_EPARSE, 1, "%s:1: empty file (no header "
                           "row)", c->origin);
    size_t ncols = c->nfields;
    int *map = evs__mallocarray(ncols, sizeof *map);
    size_t *xcol = evs__calloc(ncols, sizeof *xcol);
    evs_status st = (map && xcol) ? parse_header(ev, c, map, xcol, err)
                                  : evs__seterr(err, EVS_ENOMEM, 0,
                                                "out of memory");
    while (st == EVS_OK && (r = evs__csv_next(c, err)) == 1) {
        if (c->nfields != ncols) {
            st = evs__seterr(err, EVS_EPARSE, c->line, "%s:%ld: %zu fields, "
                             "but the header has %zu", c->origin, c->line,
                             c->nfields, ncols);
            break;
        }
        evs__field sym = {0}, mkt = {0}, lab = {0};
        int has_mkt = 0, has_lab = 0;
        evs_date date = 0;
        char b[48];
        for (size_t i = 0; i < ncols && st == EVS_OK; i++) {
            evs__field f = evs__field_trim(c->fields[i]);
            switch (map[i]) {
            case EC_SYMBOL: sym = f; break;
            case EC_DATE:
                if (!evs_date_parse(f.p, f.len, &date))
                    st = evs__seterr(err, EVS_EPARSE, c->line, "%s:%ld: "
                                     "invalid date '%s'", c->origin, c->line,
                                     evs__field_show(f, b, sizeof b));
                break;
            case EC_MARKET: mkt = f; has_mkt = f.len > 0; break;
            case EC_LABEL: lab = f; has_lab = 1; break;
            default: break;
            }
        }
        if (st != EVS_OK)
            break;
        if (!evs__symbol_ok(sym.p, sym.len)) {
            st = evs__seterr(err, EVS_EPARSE, c->line, "%s:%ld: invalid "
                             "symbol '%s'", c->origin, c->line,
                             evs__field_show(sym, b, sizeof b));
            break;
        }
        if (has_mkt && !evs__symbol_ok(mkt.p, mkt.len)) {
            st = evs__seterr(err, EVS_EPARSE, c->line, "%s:%ld: invalid "
                             "market symbol '%s'", c->origin, c->line,
                             evs__field_show(mkt, b, sizeof b));
            break;
        }
        st = add_event(ev, sym.p, sym.len, date, has_mkt ? mkt.p : NULL,
                       mkt.len, has_lab ? lab.p : NULL, lab.len, c->line, err);
        for (size_t i = 0; i < ncols && st == EVS_OK; i++) {
            if (map[i] != EC_EXTRA)
                continue;
            evs__field f = evs__field_trim(c->fields[i]);
            const char *v = arena_put(ev, f.p, f.len);
            if (v == NULL)
                st = evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
            else
                ev->extra_vals[(ev->n - 1) * ev->n_extra + xcol[i]] = v;
        }
    }
    if (st == EVS_OK && r < 0)
        st = err ? err->code : EVS_EPARSE;
    if (st == EVS_OK && ev->n == 0)
        st = evs__seterr(err, EVS_EPARSE, c->line, "%s: no events after the "
                         "header", c->origin);
    free(map);
    free(xcol);
    return st;
}

/* Parses CSV text (mutable, tokenized in place) into a new event list. */
static evs_events *parse_text(char *data, size_t len, const char *origin,
                              evs_error *err)
{
    evs_events *ev = evs_events_new(err);
    evs__csv c;
    evs__csv_init(&c, data, len, origin);
    if (ev != NULL && parse_events(ev, &c, err) != EVS_OK) {
        evs_events_free(ev);
        ev = NULL;
    }
    evs__csv_free(&c);
    return ev;
}

evs_events *evs_events_load_buffer(const char *data, size_t len,
                                   const char *origin, evs_error *err)
{
    evs__buf b = {0};
    if (!evs__buf_append(&b, data, len)) {
        evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
        return NULL;
    }
    evs_events *ev = parse_text(b.data, b.len, origin, err);
    evs__buf_clear(&b);
    return ev;
}

evs_events *evs_events_load_csv(const char *path, evs_error *err)
{
    evs__buf b = {0};
    if (evs__read_text(path, EVS_LOAD_MAX_LINE, 0, &b, err) != EVS_OK)
        return NULL;
    const char *origin = strcmp(path, "-") == 0 ? "<stdin>" : path;
    evs_events *ev = parse_text(b.data, b.len, origin, err);
    evs__buf_clear(&b);
    return ev;
}

void evs__events_set_line(evs_events *ev, size_t i, long line)
{
    if (i < ev->n)
        ev->items[i].line = line;
}
