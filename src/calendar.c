/*
 * calendar.c - trading calendar (the market's dates), roll rules, windows
 * and calendar-aligned returns.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct evs_calendar {
    evs_date *dates;
    size_t n;
};

size_t evs_window_len(evs_window w)
{
    return w.first > w.last ? 0 : (size_t)((long)w.last - (long)w.first + 1);
}

static int parse_int(const char *s, size_t n, long *out)
{
    if (n == 0 || n > 12)
        return 0;
    size_t i = 0;
    int neg = 0;
    if (s[0] == '-' || s[0] == '+') {
        neg = s[0] == '-';
        i = 1;
    }
    if (i == n)
        return 0;
    long v = 0;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = neg ? -v : v;
    return 1;
}

int evs_window_parse(const char *s, evs_window *out)
{
    const char *colon = strchr(s, ':');
    if (colon == NULL)
        return 0;
    long a, b;
    if (!parse_int(s, (size_t)(colon - s), &a) ||
        !parse_int(colon + 1, strlen(colon + 1), &b))
        return 0;
    if (a > b || a < -100000 || b > 100000)
        return 0;
    out->first = (int)a;
    out->last = (int)b;
    return 1;
}

evs_calendar *evs_calendar_new_dates(const evs_date *dates, size_t n,
                                     evs_error *err)
{
    for (size_t i = 1; i < n; i++)
        if (dates[i] <= dates[i - 1]) {
            evs__seterr(err, EVS_EINVAL, 0, "calendar dates must increase");
            return NULL;
        }
    evs_calendar *c = evs__calloc(1, sizeof *c);
    evs_date *d = evs__mallocarray(n ? n : 1, sizeof *d);
    if (c == NULL || d == NULL) {
        free(c);
        free(d);
        evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
        return NULL;
    }
    if (n > 0)
        memcpy(d, dates, n * sizeof *d);
    c->dates = d;
    c->n = n;
    return c;
}

evs_calendar *evs_calendar_new(const evs_series *market, evs_error *err)
{
    return evs_calendar_new_dates(evs_series_dates(market),
                                  evs_series_len(market), err);
}

void evs_calendar_free(evs_calendar *cal)
{
    if (cal == NULL)
        return;
    free(cal->dates);
    free(cal);
}

size_t evs_calendar_len(const evs_calendar *cal) { return cal->n; }
const evs_date *evs_calendar_dates(const evs_calendar *cal) { return cal->dates; }

/* First index with dates[i] >= d. */
static size_t lower_bound(const evs_date *dates, size_t n, evs_date d)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (dates[mid] < d)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int evs_calendar_locate(const evs_calendar *cal, evs_date date, evs_roll roll,
                        size_t *idx)
{
    size_t i = lower_bound(cal->dates, cal->n, date);
    if (i < cal->n && cal->dates[i] == date) {
        *idx = i;
        return 1;
    }
    switch (roll) {
    case EVS_ROLL_NEXT:
        /* Past the last trading day there is no "next" day we know of. */
        if (i == 0 || i >= cal->n)
            return 0;
        *idx = i;
        return 1;
    case EVS_ROLL_PREV:
        if (i == 0 || i >= cal->n)
            return 0;
        *idx = i - 1;
        return 1;
    case EVS_ROLL_EXACT:
        return 0;
    }
    return 0;
}

void evs_calendar_rows(const evs_calendar *cal, const evs_series *s,
                       long *out)
{
    const evs_date *sd = evs_series_dates(s);
    size_t sn = evs_series_len(s), j = 0;
    for (size_t t = 0; t < cal->n; t++) {
        while (j < sn && sd[j] < cal->dates[t])
            j++;
        out[t] = (j < sn && sd[j] == cal->dates[t]) ? (long)j : -1;
    }
}

evs_status evs_calendar_returns(const evs_calendar *cal, const evs_series *s,
                                evs_return_kind kind, double *out,
                                size_t *off_calendar, evs_error *err)
{
    const double *v = evs_series_basis(s);
    if (v == NULL)
        return evs__seterr(err, EVS_EINVAL, 0, "%s: no price column",
                           evs_series_symbol(s));
    const evs_date *sd = evs_series_dates(s);
    size_t sn = evs_series_len(s), j = 0, matched = 0;
    int is_ret = evs_series_kind_of(s) == EVS_SERIES_RETURNS;
    double prev = NAN;
    for (size_t t = 0; t < cal->n; t++) {
        while (j < sn && sd[j] < cal->dates[t])
            j++;
        double x = NAN;
        if (j < sn && sd[j] == cal->dates[t]) {
            x = v[j];
            matched++;
        }
        if (is_ret) {
            out[t] = kind == EVS_RET_LOG && !isnan(x) ? log1p(x) : x;
            continue;
        }
        if (!(x > 0))
            x = NAN;
        double r = NAN;
        if (!isnan(x) && !isnan(prev))
            r = kind == EVS_RET_LOG ? log(x / prev) : x / prev - 1.0;
        out[t] = r;
        prev = x;
    }
    if (off_calendar != NULL)
        *off_calendar = sn - matched;
    return EVS_OK;
}
