/*
 * fetch_url.c - the request URL of each source (WIRE_FORMATS.md 4.1-4.4):
 * base URL (public endpoint or the EVSTUDY_*_URL override), path, and
 * query with the source's symbol and date range.  API keys are appended
 * by the caller so that the URL recorded in the cache never holds one.
 */
#include <stdio.h>
#include <string.h>

#include "fetch_internal.h"

static const char *const public_base[EVS_SOURCE_COUNT] = {
    NULL, "https://query1.finance.yahoo.com/", "https://push2his.eastmoney.com/",
    "https://stooq.com/", "https://www.alphavantage.co/"};

evs_date evs__date_of_time(int64_t t)
{
    int64_t d = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    return (evs_date)d;
}

static int put(evs__buf *b, const char *s)
{
    return evs__buf_append(b, s, strlen(s));
}

/* Percent-encodes everything but RFC 3986 unreserved characters. */
static int put_enc(evs__buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        int plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                    c == '~';
        char e[3] = {'%', hex[c >> 4], hex[c & 15]};
        if (!(plain ? evs__buf_append(b, (const char *)&c, 1)
                    : evs__buf_append(b, e, 3)))
            return 0;
    }
    return 1;
}

int evs__url_param(evs__buf *url, const char *name, const char *value)
{
    return put(url, "&") && put(url, name) && put(url, "=") && put_enc(url, value);
}

static int put_ymd(evs__buf *b, evs_date d)
{
    int y, m, dd;
    char t[16];
    evs_date_to_ymd(d, &y, &m, &dd);
    snprintf(t, sizeof t, "%04d%02d%02d", y, m, dd);
    return put(b, t);
}

static int yahoo(evs__buf *u, const char *sym, evs_range r)
{
    /* period1/period2 are UTC seconds; a day of margin on each side covers
     * exchanges whose session starts on the previous UTC day. */
    char q[128];
    snprintf(q, sizeof q, "?period1=%lld&period2=%lld&interval=1d"
             "&events=div%%7Csplit&includeAdjustedClose=true",
             (long long)(r.first - 1) * 86400, (long long)(r.last + 2) * 86400);
    return put(u, "v8/finance/chart/") && put_enc(u, sym) && put(u, q);
}

static int eastmoney(evs__buf *u, const char *secid, evs_range r, evs_adjust a)
{
    const char *fqt = a == EVS_ADJUST_NONE ? "0" : a == EVS_ADJUST_FORWARD ? "1" : "2";
    return put(u, "api/qt/stock/kline/get?secid=") && put_enc(u, secid) &&
           put(u, "&fields1=f1,f2,f3,f4,f5,f6&fields2=f51,f52,f53,f54,f55,f56,f57"
                  "&klt=101&fqt=") &&
           put(u, fqt) && put(u, "&beg=") && put_ymd(u, r.first) &&
           put(u, "&end=") && put_ymd(u, r.last) && put(u, "&lmt=1000000");
}

static int stooq(evs__buf *u, const char *sym, evs_range r)
{
    return put(u, "q/d/l/?s=") && put_enc(u, sym) && put(u, "&i=d&d1=") &&
           put_ymd(u, r.first) && put(u, "&d2=") && put_ymd(u, r.last);
}

static int alphavantage(evs__buf *u, const char *sym, evs_range r, evs_date today)
{
    /* compact = the latest 100 sessions, about 145 calendar days; the free
     * key may refuse full (WIRE_FORMATS.md 4.4), so ask full only when the
     * range needs it. */
    const char *size = r.first >= today - 130 ? "compact" : "full";
    return put(u, "query?function=TIME_SERIES_DAILY&symbol=") && put_enc(u, sym) &&
           put(u, "&outputsize=") && put(u, size) && put(u, "&datatype=json");
}

evs_status evs__fetch_url(evs_source src, const char *base, const char *ssym,
                          evs_range r, evs_adjust adj, evs_date today,
                          evs__buf *url, evs_error *err)
{
    if ((unsigned)src >= EVS_SOURCE_COUNT || src == EVS_SOURCE_AUTO)
        return evs__seterr(err, EVS_EINVAL, 0, "no source given");
    if (base == NULL || base[0] == '\0')
        base = public_base[src];
    if (strncmp(base, "http://", 7) != 0 && strncmp(base, "https://", 8) != 0)
        return evs__seterr(err, EVS_EINVAL, 0, "%s: base URL '%.200s' is not "
                           "http:// or https://", evs_source_name(src), base);
    url->len = 0;
    size_t bl = strlen(base);
    int ok = evs__buf_append(url, base, bl) &&
             (base[bl - 1] == '/' || put(url, "/"));
    switch (src) {
    case EVS_SOURCE_YAHOO: ok = ok && yahoo(url, ssym, r); break;
    case EVS_SOURCE_EASTMONEY: ok = ok && eastmoney(url, ssym, r, adj); break;
    case EVS_SOURCE_STOOQ: ok = ok && stooq(url, ssym, r); break;
    default: ok = ok && alphavantage(url, ssym, r, today); break;
    }
    if (!ok || !evs__buf_reserve(url, 1))
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    url->data[url->len] = '\0';
    return EVS_OK;
}
