/*
 * fetch.c - evs_fetch_series: which source and adjustment, which ranges
 * the cache is missing, one request per missing range, every answer
 * checked and parsed before anything is written, then one transaction.
 * Forward-adjusted series are checked for rewritten history on the last
 * cached day before a gap (a split or dividend since the last fetch).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fetch_internal.h"

#define MAX_GAPS 16
/* Relative difference above which a re-fetched price counts as changed:
 * far above float noise, far below any split or dividend. */
#define READJUST_TOL 1e-6

void evs_fetch_opts_init(evs_fetch_opts *o)
{
    memset(o, 0, sizeof *o);
    o->now = (int64_t)time(NULL);
    o->to = evs__date_of_time(o->now);
    o->from = o->to - 365;
    o->connect_timeout_ms = 10000;
    o->timeout_ms = 30000;
    o->retries = 3;
    o->retry_base_ms = 500;
    o->retry_after_max_ms = 60000;
    o->max_bytes = (size_t)32 << 20;
}

void evs_fetch_opts_env(evs_fetch_opts *o)
{
    static const char *const vars[EVS_SOURCE_COUNT] = {
        NULL, "EVSTUDY_YAHOO_URL", "EVSTUDY_EASTMONEY_URL", "EVSTUDY_STOOQ_URL",
        "EVSTUDY_ALPHAVANTAGE_URL"};
    for (int s = 1; s < EVS_SOURCE_COUNT; s++) {
        const char *v = getenv(vars[s]);
        if (v && v[0])
            o->base_url[s] = v;
    }
    const char *k = getenv("ALPHAVANTAGE_API_KEY");
    if (k && k[0])
        o->api_key[EVS_SOURCE_ALPHAVANTAGE] = k;
    k = getenv("STOOQ_API_KEY");
    if (k && k[0])
        o->api_key[EVS_SOURCE_STOOQ] = k;
}

/* Everything one fetch works with. */
typedef struct job {
    evs_cache *cache;
    const evs_fetch_opts *o;
    evs_cache_key key;
    char csym[EVS_SYMBOL_MAX + 1];
    char ssym[96];     /* the source's form */
    char label[160];   /* "yahoo: 6082.HK" */
    evs_date today;
    evs_fetch_info *info;
} job;

static void set_label(job *j)
{
    snprintf(j->label, sizeof j->label, "%s: %s", evs_source_name(j->key.source),
             j->csym);
}

/* Rewrites a parser failure as the fetch's: a malformed answer is the
 * server's fault (EVS_EHTTP), and the message keeps the parser's detail. */
static evs_status parse_failed(const job *j, evs_error *err)
{
    if (err == NULL || err->code != EVS_EPARSE)
        return err ? err->code : EVS_EHTTP;
    char detail[EVS_ERRMSG_MAX];
    size_t pl = strlen(j->label);
    const char *m = err->msg;
    if (strncmp(m, j->label, pl) == 0 && strncmp(m + pl, ": ", 2) == 0)
        m += pl + 2;
    snprintf(detail, sizeof detail, "%s", m);
    return evs__seterr(err, EVS_EHTTP, 0, "%s: malformed response: %s", j->label,
                       detail);
}

static evs_status http_status(const job *j, const evs__http_resp *rs, evs_error *err)
{
    char text[200];
    evs_response_error_text(j->key.source, rs->body.data, rs->body.len, text,
                            sizeof text);
    char tries[48] = "";
    if (rs->requests > 1)
        snprintf(tries, sizeof tries, " (after %zu attempts)", rs->requests);
    return evs__seterr(err, EVS_EHTTP, 0, "%s: HTTP %ld%s%s%s", j->label,
                       rs->status, text[0] ? ": " : "", text, tries);
}

static int a_share(const char *csym)
{
    size_t n = strlen(csym);
    return n > 3 && (strcmp(csym + n - 3, ".SS") == 0 || strcmp(csym + n - 3, ".SZ") == 0);
}

/* One request for r: the answer parsed into *out.  url gets the keyless
 * URL for the fetch log. */
static evs_status fetch_range(job *j, evs_range r, evs__buf *url,
                              evs_series **out, evs_error *err)
{
    const evs_fetch_opts *o = j->o;
    evs_source src = j->key.source;
    evs_status st = evs__fetch_url(src, o->base_url[src], j->ssym, r, j->key.adjust,
                                   j->today, url, err);
    evs__buf full = {0};
    if (st == EVS_OK && (!evs__buf_append(&full, url->data, url->len) ||
                         (o->api_key[src] && !evs__url_param(&full, "apikey", o->api_key[src]))))
        st = evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    evs__http_resp rs = {0};
    if (st == EVS_OK) {
        evs__http_req rq = {full.data, j->label,
                            src == EVS_SOURCE_EASTMONEY ? "https://quote.eastmoney.com/" : NULL, o};
        st = evs__http_get(&rq, &rs, err);
        j->info->requests += rs.requests;
    }
    evs__buf_clear(&full);
    if (st == EVS_OK && rs.status >= 400)
        st = http_status(j, &rs, err);
    if (st == EVS_OK) {
        /* A-share volumes come in lots; fqt=0 lets the data confirm it. */
        unsigned flags = (a_share(j->csym) ? EVS_EASTMONEY_LOTS : 0) |
                         (j->key.adjust == EVS_ADJUST_NONE ? EVS_EASTMONEY_UNADJUSTED : 0);
        *out = evs_parse_response(src, rs.body.data ? rs.body.data : "", rs.body.len,
                                  j->csym, flags, err);
        if (*out == NULL)
            st = parse_failed(j, err);
    }
    evs__http_resp_clear(&rs);
    return st;
}

static int row_of(const evs_series *s, evs_date d, size_t *i)
{
    long k = evs_series_find(s, d);
    if (k < 0)
        return 0;
    *i = (size_t)k;
    return 1;
}

static int differs(double a, double b)
{
    if (isnan(a) || isnan(b))
        return !(isnan(a) && isnan(b));
    return fabs(a - b) > READJUST_TOL * fmax(fabs(a), fabs(b));
}

/* Did the source change the price of day d since it was cached? */
static int readjusted(const evs_series *cached, const evs_series *fresh, evs_date d)
{
    size_t i, k;
    if (!row_of(cached, d, &i) || !row_of(fresh, d, &k))
        return 0;
    static const evs_field f[] = {EVS_FIELD_CLOSE, EVS_FIELD_ADJ_CLOSE};
    for (size_t n = 0; n < 2; n++)
        if (differs(evs_series_field(cached, f[n])[i], evs_series_field(fresh, f[n])[k]))
            return 1;
    return 0;
}

/* Appends the rows of p within r to acc; counts them. */
static evs_status merge_rows(evs_series *acc, const evs_series *p, evs_range r,
                             size_t *count, evs_error *err)
{
    const evs_date *d = evs_series_dates(p);
    for (size_t i = 0; i < evs_series_len(p); i++) {
        if (d[i] < r.first || d[i] > r.last)
            continue;
        double v[EVS_FIELD_COUNT];
        for (int f = 0; f < EVS_FIELD_COUNT; f++) {
            const double *col = evs_series_field(p, (evs_field)f);
            v[f] = col ? col[i] : NAN;
        }
        evs_status st = evs_series_push(acc, d[i], v, 0, err);
        if (st != EVS_OK)
            return st;
        (*count)++;
    }
    return EVS_OK;
}

static evs_series *new_acc(const job *j, evs_error *err)
{
    unsigned fields = 0;
    for (int f = EVS_FIELD_OPEN; f <= EVS_FIELD_VOLUME; f++)
        fields |= 1u << f;
    return evs_series_new(j->csym, EVS_SERIES_PRICES, fields, err);
}

/* The plan for one write. */
typedef struct plan {
    evs_range gap[MAX_GAPS];
    size_t n;
    evs_cache_fetch rec[MAX_GAPS];
    evs__buf url[MAX_GAPS];
    evs_series *acc;
    int replace;
    size_t rows;
} plan;

static void plan_clear(plan *p)
{
    for (size_t i = 0; i < MAX_GAPS; i++)
        evs__buf_clear(&p->url[i]);
    evs_series_free(p->acc);
    p->acc = NULL;
}

/* The last cached date before d, when the series is forward-adjusted. */
static int join_day(const evs_series *cached, evs_date d, evs_date *out)
{
    if (cached == NULL || evs_series_len(cached) == 0)
        return 0;
    const evs_date *ds = evs_series_dates(cached);
    size_t lo = 0, hi = evs_series_len(cached);
    while (lo < hi) { /* first row >= d */
        size_t mid = lo + (hi - lo) / 2;
        if (ds[mid] < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return 0;
    *out = ds[lo - 1];
    return 1;
}

/* Fetches every gap into p->acc; *changed when history was rewritten. */
static evs_status fetch_gaps(job *j, plan *p, const evs_series *cached,
                             int *changed, evs_error *err)
{
    evs_status st = EVS_OK;
    int checked = 0;
    for (size_t i = 0; i < p->n && st == EVS_OK; i++) {
        evs_range r = p->gap[i];
        evs_date d0 = 0;
        int join = !checked && join_day(cached, r.first, &d0);
        if (join)
            r.first = d0; /* ask for the join day too, to compare it */
        evs_series *got = NULL;
        st = fetch_range(j, r, &p->url[i], &got, err);
        if (st == EVS_OK && join) {
            checked = 1;
            *changed = readjusted(cached, got, d0);
        }
        /* The join day was only asked to compare it: the fetch covers the gap. */
        p->rec[i] = (evs_cache_fetch){p->gap[i], p->url[i].data, j->o->now, 0};
        if (st == EVS_OK && !*changed)
            st = merge_rows(p->acc, got, p->gap[i], &p->rec[i].rows, err);
        p->rows += p->rec[i].rows;
        evs_series_free(got);
        if (*changed)
            break;
    }
    return st;
}

/* History changed: one request over everything cached and wanted,
 * replacing what the cache held. */
static evs_status refetch_all(job *j, plan *p, const evs_series *cached,
                              evs_range want, evs_error *err)
{
    evs_range hull = want;
    const evs_date *d = evs_series_dates(cached);
    size_t len = evs_series_len(cached);
    if (len && d[0] < hull.first)
        hull.first = d[0];
    if (len && d[len - 1] > hull.last)
        hull.last = d[len - 1];
    evs__warn(&j->o->warn, "%s: the source re-adjusted its history (a split or "
              "dividend); fetching %zu days again", j->label,
              (size_t)(hull.last - hull.first + 1));
    j->info->refetched = 1;
    plan_clear(p);
    p->acc = new_acc(j, err);
    if (p->acc == NULL)
        return err ? err->code : EVS_ENOMEM;
    p->n = 1;
    p->gap[0] = hull;
    p->replace = 1;
    p->rows = 0;
    int changed = 0;
    return fetch_gaps(j, p, NULL, &changed, err);
}

static evs_status count_cached(job *j, evs_range want, size_t *n, evs_error *err)
{
    evs_series *s = evs_cache_load(j->cache, &j->key, want, j->csym, err);
    if (s == NULL)
        return err ? err->code : EVS_EIO;
    *n = evs_series_len(s);
    evs_series_free(s);
    return EVS_OK;
}

static evs_status fetch_and_store(job *j, const evs_range *gaps, size_t n,
                                  evs_range want, evs_error *err)
{
    if (j->key.source == EVS_SOURCE_ALPHAVANTAGE && j->o->api_key[j->key.source] == NULL)
        return evs__seterr(err, EVS_EINVAL, 0, "%s: alphavantage needs an API key: "
                           "set ALPHAVANTAGE_API_KEY", j->csym);
    plan p;
    memset(&p, 0, sizeof p);
    memcpy(p.gap, gaps, n * sizeof *gaps);
    p.n = n;
    evs_series *cached = NULL;
    evs_range all = {EVS_DATE_MIN, EVS_DATE_MAX};
    if (j->key.adjust == EVS_ADJUST_FORWARD &&
        (cached = evs_cache_load(j->cache, &j->key, all, j->csym, err)) == NULL)
        return err ? err->code : EVS_EIO;
    int changed = 0;
    p.acc = new_acc(j, err);
    evs_status st = p.acc ? fetch_gaps(j, &p, cached, &changed, err)
                          : (err ? err->code : EVS_ENOMEM);
    if (st == EVS_OK && changed)
        st = refetch_all(j, &p, cached, want, err);
    evs_series_free(cached);
    if (st == EVS_OK)
        st = evs_series_finish(p.acc, j->label, NULL, err);
    size_t have = 0;
    if (st == EVS_OK && p.rows == 0 && !p.replace)
        st = count_cached(j, want, &have, err);
    if (st == EVS_OK && p.rows == 0 && have == 0) {
        char a[EVS_DATE_BUFSZ], b[EVS_DATE_BUFSZ];
        st = evs__seterr(err, EVS_EHTTP, 0, "%s: the server has no rows for "
                         "%s..%s (unknown symbol, or no trading then)", j->label,
                         evs_date_format(want.first, a), evs_date_format(want.last, b));
    }
    if (st == EVS_OK)
        st = evs_cache_store(j->cache, &j->key, p.acc, p.rec, p.n, p.replace,
                             &j->info->new_rows, err);
    plan_clear(&p);
    return st;
}

static evs_status offline_missing(const job *j, const evs_range *g, size_t n,
                                  evs_error *err)
{
    char list[300] = "";
    for (size_t i = 0; i < n && strlen(list) < sizeof list - 40; i++) {
        char a[EVS_DATE_BUFSZ], b[EVS_DATE_BUFSZ];
        size_t k = strlen(list);
        snprintf(list + k, sizeof list - k, "%s%s..%s", i ? ", " : "",
                 evs_date_format(g[i].first, a), evs_date_format(g[i].last, b));
    }
    return evs__seterr(err, EVS_EOFFLINE, 0, "%s: not in the cache: %s "
                       "(offline; fetch it first)", j->label, list);
}

/* Resolves source, adjustment and the source's symbol form into j. */
static evs_status choose(job *j, evs_source src, evs_error *err)
{
    j->key.source = src;
    set_label(j);
    evs_status st = evs_source_adjust(src, j->o->adjust, &j->key.adjust, err);
    if (st == EVS_OK)
        st = evs_symbol_for_source(j->csym, src, j->ssym, sizeof j->ssym, err);
    return st;
}

/* With AUTO, a series from any source that already covers the range. */
static int cached_elsewhere(job *j, evs_range want, evs_error *err)
{
    evs_source dflt = evs_symbol_default_source(j->csym);
    for (int k = 0; k < EVS_SOURCE_COUNT; k++) {
        evs_source s = k == 0 ? dflt : (evs_source)k;
        if (k > 0 && s == dflt)
            continue;
        evs_error e;
        evs_range g[1];
        size_t n = 1;
        if (choose(j, s, &e) != EVS_OK ||
            evs_cache_missing(j->cache, &j->key, want, !j->o->offline, g, 1,
                              &n, &e) != EVS_OK)
            continue;
        if (n == 0)
            return 1;
    }
    (void)err;
    return 0;
}

static evs_status prepare_job(job *j, const char *symbol, evs_range *want,
                              evs_error *err)
{
    evs_status st = evs_symbol_canonical(symbol, j->csym, err);
    if (st != EVS_OK)
        return st;
    want->first = j->o->from;
    want->last = j->o->to < j->today ? j->o->to : j->today;
    char a[EVS_DATE_BUFSZ], b[EVS_DATE_BUFSZ];
    if (want->first > want->last)
        return evs__seterr(err, EVS_EINVAL, 0, "%s: empty date range %s..%s%s",
                           j->csym, evs_date_format(want->first, a),
                           evs_date_format(want->last, b),
                           j->o->to > j->today ? " (after today)" : "");
    if (j->o->source == EVS_SOURCE_AUTO && cached_elsewhere(j, *want, err))
        return EVS_OK;
    return choose(j, j->o->source == EVS_SOURCE_AUTO
                         ? evs_symbol_default_source(j->csym) : j->o->source, err);
}

evs_status evs_fetch_series(evs_cache *cache, const char *symbol,
                            const evs_fetch_opts *o, evs_fetch_info *info,
                            evs_series **out, evs_error *err)
{
    evs_fetch_info dummy;
    job j;
    memset(&j, 0, sizeof j);
    j.cache = cache;
    j.o = o;
    j.today = evs__date_of_time(o->now);
    j.info = info ? info : &dummy;
    memset(j.info, 0, sizeof *j.info);
    j.key.symbol = j.csym;
    *out = NULL;
    evs_range want, gaps[MAX_GAPS];
    size_t n = 0, n_any = 0;
    evs_status st = prepare_job(&j, symbol, &want, err);
    if (st == EVS_OK)
        st = evs_cache_missing(cache, &j.key, want, !o->offline, gaps, MAX_GAPS,
                               &n, err);
    if (st == EVS_OK && n > 0 && o->offline)
        st = offline_missing(&j, gaps, n, err);
    if (st == EVS_OK && n > 0) {
        st = fetch_and_store(&j, gaps, n, want, err);
        evs_range g[1];
        evs_error e2;
        /* Only provisional days were missing: the cached copy will do. */
        if ((st == EVS_ENET || st == EVS_EHTTP) &&
            evs_cache_missing(cache, &j.key, want, 0, g, 1, &n_any, &e2) == EVS_OK &&
            n_any == 0) {
            evs__warn(&o->warn, "%s (using the cached copy)", err ? err->msg : "fetch failed");
            st = EVS_OK;
        }
    }
    if (st == EVS_OK && (*out = evs_cache_load(cache, &j.key, want, symbol, err)) == NULL)
        st = err ? err->code : EVS_EIO;
    j.info->source = j.key.source;
    j.info->adjust = j.key.adjust;
    if (*out)
        j.info->rows = evs_series_len(*out);
    return st;
}
