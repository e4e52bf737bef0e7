/*
 * fetch_internal.h - the seams between the fetch modules: the HTTP
 * transport (source_http.c, the only libcurl user) and the request URLs
 * (fetch_url.c), used by fetch.c.
 */
#ifndef EVS_FETCH_INTERNAL_H
#define EVS_FETCH_INTERNAL_H

#include "internal.h"
#include "evs/cache.h"

/* One GET, with the retry policy of evs_fetch_opts. */
typedef struct evs__http_req {
    const char *url;     /* may carry an API key: never put in a message */
    const char *label;   /* "yahoo: 6082.HK", the start of every message */
    const char *referer; /* NULL: no Referer header */
    const evs_fetch_opts *o;
} evs__http_req;

typedef struct evs__http_resp {
    long status;          /* HTTP status of the last answer */
    evs__buf body;        /* its body (decompressed), NUL-terminated */
    size_t requests;      /* requests sent, retries included */
} evs__http_resp;

/* Sends the request, retrying with exponential back-off and jitter on
 * timeouts, cut transfers, HTTP 429 and 5xx (waiting at least what
 * Retry-After asks).  EVS_OK when an answer arrived, whatever its status
 * (a 429/5xx only once the retries ran out); EVS_ENET with libcurl's error
 * text when none did; EVS_EHTTP when the answer exceeds o->max_bytes or a
 * Retry-After exceeds o->retry_after_max_ms. */
evs_status evs__http_get(const evs__http_req *rq, evs__http_resp *rs,
                         evs_error *err);
void evs__http_resp_clear(evs__http_resp *rs);

/* The URL of one request for `ssym` (the source's own symbol form) over r,
 * without any API key, into url (cleared first).  base NULL: the public
 * endpoint.  `today` picks Alpha Vantage's compact or full output. */
evs_status evs__fetch_url(evs_source src, const char *base, const char *ssym,
                          evs_range r, evs_adjust adj, evs_date today,
                          evs__buf *url, evs_error *err);

/* Appends "&name=value" with value percent-encoded. */
int evs__url_param(evs__buf *url, const char *name, const char *value);

/* The UTC calendar date of a Unix time. */
evs_date evs__date_of_time(int64_t t);

#endif
