/*
 * source_parse.c - response bodies of the price sources into series: pure
 * functions (bytes in, evs_series or a status out; no I/O), so they can be
 * unit-tested and fuzzed without a network.  Layouts and error bodies are
 * those recorded in /work/shared/WIRE_FORMATS.md sections 4.1-4.4.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "loadutil.h"

#define ALL_PRICE_FIELDS                                                     \
    ((1u << EVS_FIELD_OPEN) | (1u << EVS_FIELD_HIGH) | (1u << EVS_FIELD_LOW) | \
     (1u << EVS_FIELD_CLOSE) | (1u << EVS_FIELD_ADJ_CLOSE) |                  \
     (1u << EVS_FIELD_VOLUME))

/* Who is parsing: every message starts "source: symbol: ". */
typedef struct ctx {
    const char *src;
    const char *sym;
    evs_error *err;
} ctx;

static evs_status fail(const ctx *c, evs_status st, const char *fmt,
                       const char *a, const char *b)
{
    return evs__seterr(c->err, st, 0, "%s: %s: %s%s%s", c->src, c->sym, fmt,
                       a ? a : "", b ? b : "");
}

static evs_series *new_series(const ctx *c)
{
    evs_series *s = evs_series_new(c->sym, EVS_SERIES_PRICES, ALL_PRICE_FIELDS,
                                   c->err);
    return s;
}

static void clear_row(double *v)
{
    for (int f = 0; f < EVS_FIELD_COUNT; f++)
        v[f] = NAN;
}

static int row_has_price(const double *v)
{
    for (int f = EVS_FIELD_OPEN; f <= EVS_FIELD_ADJ_CLOSE; f++)
        if (!isnan(v[f]))
            return 1;
    return 0;
}

/* Prices must be positive, volume non-negative, high not below low (a
 * swapped column order shows up exactly so, WIRE_FORMATS.md 4.3). */
static evs_status check_row(const ctx *c, evs_date d, const double *v)
{
    static const char *names[] = {"open", "high", "low", "close", "adj_close"};
    char ds[EVS_DATE_BUFSZ], msg[96];
    evs_date_format(d, ds);
    for (int f = EVS_FIELD_OPEN; f <= EVS_FIELD_ADJ_CLOSE; f++)
        if (!isnan(v[f]) && !(v[f] > 0)) {
            snprintf(msg, sizeof msg, "non-positive %s %g on ", names[f], v[f]);
            return fail(c, EVS_EPARSE, msg, ds, NULL);
        }
    if (!isnan(v[EVS_FIELD_VOLUME]) && v[EVS_FIELD_VOLUME] < 0)
        return fail(c, EVS_EPARSE, "negative volume on ", ds, NULL);
    if (v[EVS_FIELD_HIGH] < v[EVS_FIELD_LOW]) {
        snprintf(msg, sizeof msg, "high %g below low %g on ", v[EVS_FIELD_HIGH],
                 v[EVS_FIELD_LOW]);
        return fail(c, EVS_EPARSE, msg, ds, " (columns out of order?)");
    }
    return EVS_OK;
}

static evs_status push_row(const ctx *c, evs_series *s, evs_date d,
                           const double *v)
{
    evs_status st = check_row(c, d, v);
    if (st == EVS_OK)
        st = evs_series_push(s, d, v, 0, c->err);
    return st;
}

/* Finishes s (sorting, duplicate check) or frees it on an earlier error. */
static evs_series *finish(const ctx *c, evs_series *s, evs_status st)
{
    if (st == EVS_OK && s != NULL) {
        char origin[EVS_SYMBOL_MAX + 32];
        snprintf(origin, sizeof origin, "%s: %s", c->src, c->sym);
        st = evs_series_finish(s, origin, NULL, c->err);
    }
    if (st != EVS_OK) {
        evs_series_free(s);
        return NULL;
    }
    return s;
}

static int looks_html(const char *b, size_t len)
{
    size_t i = 0;
    if (len >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
        i++;
    return i < len && b[i] == '<';
}

static json_t *load_json(const ctx *c, const char *body, size_t len)
{
    if (len == 0) {
        fail(c, EVS_EPARSE, "empty response", NULL, NULL);
        return NULL;
    }
    if (looks_html(body, len)) {
        fail(c, EVS_EPARSE, "an HTML page instead of JSON", NULL, NULL);
        return NULL;
    }
    json_error_t je;
    json_t *root = json_loadb(body, len, 0, &je);
    if (root == NULL) {
        evs__seterr(c->err, EVS_EPARSE, je.line, "%s: %s: invalid JSON at line "
                    "%d column %d: %s", c->src, c->sym, je.line, je.column,
                    je.text);
        return NULL;
    }
    if (!json_is_object(root)) {
        json_decref(root);
        fail(c, EVS_EPARSE, "the JSON answer is not an object", NULL, NULL);
        return NULL;
    }
    return root;
}

/* ---- Yahoo chart v8 ---------------------------------------------------------- */

typedef struct yahoo_cols {
    json_t *ts, *col[EVS_FIELD_COUNT];
    long long gmtoffset;
} yahoo_cols;

/* Element i of a column: a number, null (NaN), or malformed (0 returned). */
static int num_at(json_t *arr, size_t i, double *out)
{
    *out = NAN;
    if (arr == NULL)
        return 1;
    json_t *x = json_array_get(arr, i);
    if (x == NULL || json_is_null(x))
        return 1;
    if (!json_is_number(x))
        return 0;
    *out = json_number_value(x);
    return 1;
}

static evs_status yahoo_error(const ctx *c, json_t *chart)
{
    json_t *e = json_object_get(chart, "error");
    if (e == NULL || json_is_null(e))
        return EVS_OK;
    const char *code = json_string_value(json_object_get(e, "code"));
    const char *desc = json_string_value(json_object_get(e, "description"));
    return evs__seterr(c->err, EVS_EHTTP, 0, "%s: %s: %s%s%s", c->src, c->sym,
                       code ? code : "error", desc ? ": " : "", desc ? desc : "");
}

/* Finds the arrays of result[0]; *empty when the answer holds no bars. */
static evs_status yahoo_columns(const ctx *c, json_t *root, yahoo_cols *y,
                                int *empty)
{
    json_t *chart = json_object_get(root, "chart");
    if (!json_is_object(chart))
        return fail(c, EVS_EHTTP, "the answer has no chart (unknown symbol?)", NULL, NULL);
    evs_status st = yahoo_error(c, chart);
    if (st != EVS_OK)
        return st;
    json_t *r = json_array_get(json_object_get(chart, "result"), 0);
    if (!json_is_object(r))
        return fail(c, EVS_EHTTP, "the answer has no result", NULL, NULL);
    y->ts = json_object_get(r, "timestamp");
    *empty = y->ts == NULL || json_array_size(y->ts) == 0;
    if (*empty)
        return EVS_OK;
    json_t *off = json_object_get(json_object_get(r, "meta"), "gmtoffset");
    if (!json_is_array(y->ts) || !json_is_integer(off))
        return fail(c, EVS_EPARSE, "malformed chart: no timestamp array or "
                    "meta.gmtoffset", NULL, NULL);
    y->gmtoffset = json_integer_value(off);
    json_t *ind = json_object_get(r, "indicators");
    json_t *q = json_array_get(json_object_get(ind, "quote"), 0);
    if (!json_is_object(q))
        return fail(c, EVS_EPARSE, "malformed chart: no indicators.quote[0]", NULL, NULL);
    static const char *names[] = {"open", "high", "low", "close"};
    for (int f = 0; f < 4; f++)
        y->col[f] = json_object_get(q, names[f]);
    y->col[EVS_FIELD_VOLUME] = json_object_get(q, "volume");
    y->col[EVS_FIELD_ADJ_CLOSE] = json_object_get(
        json_array_get(json_object_get(ind, "adjclose"), 0), "adjclose");
    size_t n = json_array_size(y->ts);
    for (int f = 0; f < EVS_FIELD_COUNT; f++)
        if (y->col[f] && (!json_is_array(y->col[f]) || json_array_size(y->col[f]) != n))
            return fail(c, EVS_EPARSE, "malformed chart: a column's length "
                        "differs from the timestamps'", NULL, NULL);
    return EVS_OK;
}

/* Trading date of a bar: session start (UTC seconds) plus the exchange's
 * offset from UTC, floored to days (WIRE_FORMATS.md 4.1). */
static int yahoo_date(json_t *t, long long off, evs_date *d)
{
    if (!json_is_integer(t))
        return 0;
    long long s = json_integer_value(t);
    if (s < -40000000000LL || s > 300000000000LL)
        return 0;
    s += off;
    long long days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
    if (days < EVS_DATE_MIN || days > EVS_DATE_MAX)
        return 0;
    *d = (evs_date)days;
    return 1;
}

static evs_status yahoo_rows(const ctx *c, const yahoo_cols *y, evs_series *s)
{
    size_t n = json_array_size(y->ts);
    double pend[EVS_FIELD_COUNT], v[EVS_FIELD_COUNT];
    evs_date pend_d = 0, d;
    int have = 0;
    for (size_t i = 0; i < n; i++) {
        clear_row(v);
        if (!yahoo_date(json_array_get(y->ts, i), y->gmtoffset, &d))
            return fail(c, EVS_EPARSE, "malformed chart: bad timestamp", NULL, NULL);
        for (int f = 0; f < EVS_FIELD_COUNT; f++)
            if (f != EVS_FIELD_RET && !num_at(y->col[f], i, &v[f]))
                return fail(c, EVS_EPARSE, "malformed chart: a value is neither "
                            "a number nor null", NULL, NULL);
        if (!row_has_price(v))
            continue; /* a placeholder bar: every price null */
        /* Yahoo repeats the live bar: the later of two same-day bars wins. */
        if (have && d != pend_d) {
            evs_status st = push_row(c, s, pend_d, pend);
            if (st != EVS_OK)
                return st;
        }
        memcpy(pend, v, sizeof v);
        pend_d = d;
        have = 1;
    }
    return have ? push_row(c, s, pend_d, pend) : EVS_OK;
}

evs_series *evs_parse_yahoo(const char *body, size_t len, const char *symbol,
                            evs_error *err)
{
    ctx c = {"yahoo", symbol, err};
    json_t *root = load_json(&c, body, len);
    if (root == NULL)
        return NULL;
    yahoo_cols y = {0};
    int empty = 0;
    evs_status st = yahoo_columns(&c, root, &y, &empty);
    evs_series *s = st == EVS_OK ? new_series(&c) : NULL;
    if (st == EVS_OK && s == NULL)
        st = err ? err->code : EVS_ENOMEM;
    if (st == EVS_OK && !empty)
        st = yahoo_rows(&c, &y, s);
    json_decref(root);
    return finish(&c, s, st);
}

/* ---- Eastmoney kline -------------------------------------------------------- */

/* Splits a kline string at commas into at most max fields. */
static size_t split(const char *s, evs__field *f, size_t max)
{
    size_t n = 0;
    const char *p = s;
    for (;;) {
        const char *q = strchr(p, ',');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        if (n < max) {
            f[n].p = (char *)p;
            f[n].len = len;
        }
        n++;
        if (q == NULL)
            return n;
        p = q + 1;
    }
}

static int em_num(evs__field f, double *out)
{
    *out = NAN;
    if (f.len == 0 || (f.len == 1 && f.p[0] == '-'))
        return 1; /* the source writes "-" for no value */
    return evs__parse_double(f.p, f.len, out);
}

/* Shares per unit of the reported volume (see evs_parse_eastmoney). */
static double em_volume_scale(const double *v, double amount, unsigned flags)
{
    double vol = v[EVS_FIELD_VOLUME], lo = v[EVS_FIELD_LOW], hi = v[EVS_FIELD_HIGH];
    if ((flags & EVS_EASTMONEY_UNADJUSTED) && amount > 0 && vol > 0 &&
        lo > 0 && hi > 0) {
        /* The average price must lie within the day's range; 1% slack for
         * the rounding of the amount and the prices. */
        double avg = amount / vol;
        if (avg >= lo * 0.99 && avg <= hi * 1.01)
            return 1;
        if (avg / 100 >= lo * 0.99 && avg / 100 <= hi * 1.01)
            return 100;
    }
    return (flags & EVS_EASTMONEY_LOTS) ? 100 : 1;
}

static evs_status em_row(const ctx *c, json_t *k, unsigned flags, evs_series *s)
{
    const char *str = json_string_value(k);
    if (str == NULL)
        return fail(c, EVS_EPARSE, "malformed kline: not a string", NULL, NULL);
    evs__field f[8];
    size_t n = split(str, f, 8);
    char shown[64];
    snprintf(shown, sizeof shown, "%.60s", str);
    evs_date d;
    if (n < 6 || !evs_date_parse(f[0].p, f[0].len, &d))
        return fail(c, EVS_EPARSE, "malformed kline '", shown, "'");
    /* Field order f51..f57: date, open, CLOSE, HIGH, LOW, volume, amount. */
    static const int order[] = {EVS_FIELD_OPEN, EVS_FIELD_CLOSE, EVS_FIELD_HIGH,
                                EVS_FIELD_LOW, EVS_FIELD_VOLUME};
    double v[EVS_FIELD_COUNT], amount = NAN;
    clear_row(v);
    for (int i = 0; i < 5; i++)
        if (!em_num(f[i + 1], &v[order[i]]))
            return fail(c, EVS_EPARSE, "bad number in kline '", shown, "'");
    if (n >= 7 && !em_num(f[6], &amount))
        return fail(c, EVS_EPARSE, "bad amount in kline '", shown, "'");
    if (!row_has_price(v))
        return EVS_OK;
    v[EVS_FIELD_VOLUME] *= em_volume_scale(v, amount, flags);
    return push_row(c, s, d, v);
}

evs_series *evs_parse_eastmoney(const char *body, size_t len,
                                const char *symbol, unsigned flags,
                                evs_error *err)
{
    ctx c = {"eastmoney", symbol, err};
    evs__locale_guard g;
    json_t *root = load_json(&c, body, len);
    if (root == NULL)
        return NULL;
    evs_status st = EVS_OK;
    json_t *rc = json_object_get(root, "rc");
    if (json_is_integer(rc) && json_integer_value(rc) != 0) {
        st = evs__seterr(err, EVS_EHTTP, 0, "eastmoney: %s: error answer rc=%lld",
                         symbol, (long long)json_integer_value(rc));
    }
    json_t *data = json_object_get(root, "data");
    json_t *kl = json_object_get(data, "klines");
    if (st == EVS_OK && data != NULL && !json_is_null(data) &&
        (!json_is_object(data) || (kl != NULL && !json_is_array(kl))))
        st = fail(&c, EVS_EPARSE, "malformed answer: data.klines is not a list",
                  NULL, NULL);
    evs_series *s = st == EVS_OK ? new_series(&c) : NULL;
    if (st == EVS_OK && s == NULL)
        st = err ? err->code : EVS_ENOMEM;
    evs__locale_push(&g);
    for (size_t i = 0; st == EVS_OK && i < json_array_size(kl); i++)
        st = em_row(&c, json_array_get(kl, i), flags, s);
    evs__locale_pop(&g);
    json_decref(root);
    return finish(&c, s, st);
}

/* ---- Stooq CSV ------------------------------------------------------------- */

/* Copies the rows of a loaded series into a fresh one with every field. */
static evs_series *copy_series(const ctx *c, const evs_series *in)
{
    evs_series *s = new_series(c);
    if (s == NULL)
        return NULL;
    const evs_date *d = evs_series_dates(in);
    for (size_t i = 0; i < evs_series_len(in); i++) {
        double v[EVS_FIELD_COUNT];
        clear_row(v);
        for (int f = EVS_FIELD_OPEN; f <= EVS_FIELD_VOLUME; f++) {
            const double *col = evs_series_field(in, (evs_field)f);
            if (col)
                v[f] = col[i];
        }
        if (row_has_price(v) && push_row(c, s, d[i], v) != EVS_OK) {
            evs_series_free(s);
            return NULL;
        }
    }
    return finish(c, s, EVS_OK);
}

evs_series *evs_parse_stooq(const char *body, size_t len, const char *symbol,
                            evs_error *err)
{
    ctx c = {"stooq", symbol, err};
    if (len == 0) {
        fail(&c, EVS_EPARSE, "empty response", NULL, NULL);
        return NULL;
    }
    if (looks_html(body, len)) {
        fail(&c, EVS_EHTTP, "an HTML page instead of CSV (Stooq may want an "
             "API key: set STOOQ_API_KEY)", NULL, NULL);
        return NULL;
    }
    /* Errors come as HTTP 200 with a plain-text body ("No data", "Exceeded
     * the daily hits limit"): a real answer starts with the header. */
    if (len < 5 || strncmp(body, "Date,", 5) != 0) {
        char text[160];
        evs_response_error_text(EVS_SOURCE_STOOQ, body, len, text, sizeof text);
        fail(&c, EVS_EHTTP, "the server answered '", text, "'");
        return NULL;
    }
    const char *nl = memchr(body, '\n', len);
    size_t rest = nl ? len - (size_t)(nl + 1 - body) : 0;
    size_t blank = 0; /* the body is not NUL-terminated: no strspn */
    while (blank < rest && (nl[1 + blank] == '\r' || nl[1 + blank] == '\n'))
        blank++;
    if (rest == 0 || blank == rest)
        return finish(&c, new_series(&c), EVS_OK); /* the header alone */
    evs_dataset *ds = evs_dataset_new(err);
    if (ds == NULL)
        return NULL;
    char origin[EVS_SYMBOL_MAX + 32];
    snprintf(origin, sizeof origin, "stooq: %s: response", symbol);
    evs_series *s = NULL;
    if (evs_load_prices_buffer(ds, body, len, origin, symbol, NULL, err) == EVS_OK)
        s = copy_series(&c, evs_dataset_at(ds, 0));
    evs_dataset_free(ds);
    return s;
}

/* ---- Alpha Vantage TIME_SERIES_DAILY --------------------------------------- */

static evs_status av_error(const ctx *c, json_t *root)
{
    static const char *keys[] = {"Error Message", "Information", "Note"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *t = json_string_value(json_object_get(root, keys[i]));
        if (t)
            return evs__seterr(c->err, EVS_EHTTP, 0, "%s: %s: %s: %s", c->src,
                               c->sym, keys[i], t);
    }
    return fail(c, EVS_EPARSE, "malformed answer: no 'Time Series (Daily)'",
                NULL, NULL);
}

static evs_status av_row(const ctx *c, const char *date, json_t *o,
                         evs_series *s)
{
    static const char *keys[] = {"1. open", "2. high", "3. low", "4. close",
                                 "5. volume"};
    static const int fields[] = {EVS_FIELD_OPEN, EVS_FIELD_HIGH, EVS_FIELD_LOW,
                                 EVS_FIELD_CLOSE, EVS_FIELD_VOLUME};
    evs_date d;
    if (!evs_date_parse(date, strlen(date), &d) || !json_is_object(o))
        return fail(c, EVS_EPARSE, "malformed day '", date, "'");
    double v[EVS_FIELD_COUNT];
    clear_row(v);
    for (int i = 0; i < 5; i++) {
        json_t *x = json_object_get(o, keys[i]);
        const char *t = json_string_value(x);
        if (x == NULL)
            continue;
        if (t == NULL || !evs__parse_double(t, strlen(t), &v[fields[i]]))
            return fail(c, EVS_EPARSE, "bad number on ", date, NULL);
    }
    return row_has_price(v) ? push_row(c, s, d, v) : EVS_OK;
}

evs_series *evs_parse_alphavantage(const char *body, size_t len,
                                   const char *symbol, evs_error *err)
{
    ctx c = {"alphavantage", symbol, err};
    json_t *root = load_json(&c, body, len);
    if (root == NULL)
        return NULL;
    json_t *ts = json_object_get(root, "Time Series (Daily)");
    evs_status st = json_is_object(ts) ? EVS_OK : av_error(&c, root);
    evs_series *s = st == EVS_OK ? new_series(&c) : NULL;
    if (st == EVS_OK && s == NULL)
        st = err ? err->code : EVS_ENOMEM;
    evs__locale_guard g;
    evs__locale_push(&g);
    const char *key;
    json_t *val;
    json_object_foreach(ts, key, val)
    {
        if (st == EVS_OK)
            st = av_row(&c, key, val, s);
    }
    evs__locale_pop(&g);
    json_decref(root);
    return finish(&c, s, st);
}

evs_series *evs_parse_response(evs_source src, const char *body, size_t len,
                               const char *symbol, unsigned flags,
                               evs_error *err)
{
    switch (src) {
    case EVS_SOURCE_YAHOO: return evs_parse_yahoo(body, len, symbol, err);
    case EVS_SOURCE_EASTMONEY:
        return evs_parse_eastmoney(body, len, symbol, flags, err);
    case EVS_SOURCE_STOOQ: return evs_parse_stooq(body, len, symbol, err);
    case EVS_SOURCE_ALPHAVANTAGE:
        return evs_parse_alphavantage(body, len, symbol, err);
    default: break;
    }
    evs__seterr(err, EVS_EINVAL, 0, "no source given");
    return NULL;
}

/* ---- error text ------------------------------------------------------------ */

/* Copies s (len bytes) as one printable line, collapsing whitespace. */
static void one_line(const char *s, size_t len, char *out, size_t n)
{
    size_t k = 0;
    int space = 0;
    for (size_t i = 0; i < len && k + 1 < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
            space = k > 0;
            continue;
        }
        if (space && k + 2 < n)
            out[k++] = ' ';
        space = 0;
        out[k++] = (ch < 0x20 || ch >= 0x7f) ? '?' : (char)ch;
    }
    out[k] = '\0';
}

static void json_error_text(json_t *root, char *out, size_t n)
{
    json_t *e = json_object_get(json_object_get(root, "chart"), "error");
    if (!json_is_object(e)) /* the v7 endpoints: {"finance":{"error":...}} */
        e = json_object_get(json_object_get(root, "finance"), "error");
    static const char *av[] = {"Error Message", "Information", "Note", "message", "msg"};
    char buf[512] = "";
    if (json_is_object(e)) {
        const char *code = json_string_value(json_object_get(e, "code"));
        const char *desc = json_string_value(json_object_get(e, "description"));
        snprintf(buf, sizeof buf, "%s%s%s", code ? code : "", code && desc ? ": " : "",
                 desc ? desc : "");
    }
    for (size_t i = 0; buf[0] == '\0' && i < sizeof av / sizeof av[0]; i++) {
        const char *t = json_string_value(json_object_get(root, av[i]));
        if (t)
            snprintf(buf, sizeof buf, "%s", t);
    }
    json_t *rc = json_object_get(root, "rc");
    if (buf[0] == '\0' && json_is_integer(rc))
        snprintf(buf, sizeof buf, "rc=%lld", (long long)json_integer_value(rc));
    one_line(buf, strlen(buf), out, n);
}

void evs_response_error_text(evs_source src, const char *body, size_t len,
                             char *out, size_t n)
{
    (void)src;
    if (n == 0)
        return;
    out[0] = '\0';
    if (len == 0)
        return;
    if (looks_html(body, len)) {
        snprintf(out, n, "an HTML page");
        return;
    }
    json_t *root = json_loadb(body, len, 0, NULL);
    if (json_is_object(root)) {
        json_error_text(root, out, n);
        json_decref(root);
        return;
    }
    json_decref(root);
    const char *nl = memchr(body, '\n', len);
    size_t first = nl ? (size_t)(nl - body) : len;
    one_line(body, first > 200 ? 200 : first, out, n);
}
