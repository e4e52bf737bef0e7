/*
 * source_http.c - the only libcurl user: one URL in, the bytes of the
 * answer out.  Owns the transport policy: connect and total timeouts,
 * retries with exponential back-off and jitter (honouring Retry-After), a
 * cap on the body size, TLS verification always on, http/https only,
 * compressed answers accepted, proxies from the usual environment
 * variables (libcurl reads http_proxy, https_proxy, ALL_PROXY, NO_PROXY).
 */
#include <curl/curl.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "fetch_internal.h"

/* A current desktop browser: Yahoo answers 429 at once to a library's
 * default agent (WIRE_FORMATS.md 4.1). */
static const char browser_ua[] =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36";

#define BACKOFF_CAP_MS 30000L

typedef struct sink {
    evs__buf *b;
    size_t max;
    int over, oom;
} sink;

static size_t on_data(char *p, size_t size, size_t n, void *ud)
{
    sink *s = ud;
    size_t len = size * n;
    if (s->b->len + len > s->max) {
        s->over = 1;
        return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
    }
    if (!evs__buf_append(s->b, p, len)) {
        s->oom = 1;
        return 0;
    }
    return len;
}

evs_status evs_net_init(evs_error *err)
{
    CURLcode cc = curl_global_init(CURL_GLOBAL_DEFAULT);
    if (cc != CURLE_OK)
        return evs__seterr(err, EVS_ENET, 0, "cannot start libcurl: %s",
                           curl_easy_strerror(cc));
    return EVS_OK;
}

void evs_net_cleanup(void) { curl_global_cleanup(); }

void evs__http_resp_clear(evs__http_resp *rs)
{
    evs__buf_clear(&rs->body);
    rs->status = 0;
}

/* Outcome of one attempt. */
typedef struct attempt {
    evs_status st;
    int retry;           /* worth another attempt */
    long retry_after_ms; /* from the server, -1 when none */
    char what[CURL_ERROR_SIZE + 64];
} attempt;

static void set_common(CURL *h, const evs__http_req *rq, sink *s, char *eb)
{
    const evs_fetch_opts *o = rq->o;
    curl_easy_setopt(h, CURLOPT_URL, rq->url);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, o->timeout_ms);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); /* every codec built in */
    curl_easy_setopt(h, CURLOPT_USERAGENT, o->user_agent ? o->user_agent : browser_ua);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L); /* never turned off */
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, eb);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, s);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_bytes);
}

/* Transport failures worth retrying: the network may be better next time. */
static int transient(CURLcode cc)
{
    return cc == CURLE_OPERATION_TIMEDOUT || cc == CURLE_PARTIAL_FILE ||
           cc == CURLE_RECV_ERROR || cc == CURLE_SEND_ERROR ||
           cc == CURLE_GOT_NOTHING;
}

static void after_perform(CURL *h, CURLcode cc, const sink *s, const char *eb,
                          const evs__http_req *rq, evs__http_resp *rs,
                          attempt *a)
{
    a->retry_after_ms = -1;
    if (s->oom) {
        a->st = EVS_ENOMEM;
        snprintf(a->what, sizeof a->what, "out of memory");
    } else if (s->over || cc == CURLE_FILESIZE_EXCEEDED) {
        a->st = EVS_EHTTP;
        snprintf(a->what, sizeof a->what, "the answer is larger than %zu bytes",
                 rq->o->max_bytes);
    } else if (cc != CURLE_OK) {
        a->st = EVS_ENET;
        a->retry = transient(cc);
        snprintf(a->what, sizeof a->what, "%s", eb[0] ? eb : curl_easy_strerror(cc));
    } else {
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &rs->status);
        curl_off_t ra = 0;
        if (curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK && ra > 0)
            a->retry_after_ms = ra > 86400 * 365 ? 86400L * 365 * 1000 : (long)ra * 1000;
        a->st = EVS_OK;
        a->retry = rs->status == 429 || (rs->status >= 500 && rs->status <= 599);
        snprintf(a->what, sizeof a->what, "HTTP %ld", rs->status);
    }
}

static void one_attempt(const evs__http_req *rq, evs__http_resp *rs, attempt *a)
{
    memset(a, 0, sizeof *a);
    rs->body.len = 0;
    rs->status = 0;
    CURL *h = curl_easy_init();
    struct curl_slist *hdr = curl_slist_append(NULL, "Accept: application/json, text/csv, */*");
    char ref[600];
    if (rq->referer && hdr) {
        snprintf(ref, sizeof ref, "Referer: %s", rq->referer);
        struct curl_slist *t = curl_slist_append(hdr, ref);
        if (t == NULL) {
            curl_slist_free_all(hdr);
            hdr = NULL;
        }
    }
    if (h == NULL || hdr == NULL) {
        curl_easy_cleanup(h);
        curl_slist_free_all(hdr);
        a->st = EVS_ENOMEM;
        snprintf(a->what, sizeof a->what, "out of memory");
        return;
    }
    char eb[CURL_ERROR_SIZE];
    eb[0] = '\0';
    sink s = {&rs->body, rq->o->max_bytes, 0, 0};
    set_common(h, rq, &s, eb);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    CURLcode cc = curl_easy_perform(h);
    after_perform(h, cc, &s, eb, rq, rs, a);
    curl_easy_cleanup(h);
    curl_slist_free_all(hdr);
    /* Bodies are handed on NUL-terminated. */
    if (a->st == EVS_OK && !evs__buf_reserve(&rs->body, 1)) {
        a->st = EVS_ENOMEM;
        snprintf(a->what, sizeof a->what, "out of memory");
    } else if (rs->body.data) {
        rs->body.data[rs->body.len] = '\0';
    }
}

/* xorshift64*: jitter needs no quality, only no shared state. */
static double uniform01(uint64_t *x)
{
    *x ^= *x >> 12;
    *x ^= *x << 25;
    *x ^= *x >> 27;
    return (double)((*x * 2685821657736338717ull) >> 11) / 9007199254740992.0;
}

/* Delay before retry k (0-based): base * 2^k scaled by a factor in
 * [0.5, 1.5) so that clients that failed together do not retry together. */
static long backoff_ms(long base, unsigned k, uint64_t *rng)
{
    double d = (double)base;
    for (unsigned i = 0; i < k && d < BACKOFF_CAP_MS; i++)
        d *= 2;
    d *= 0.5 + uniform01(rng);
    return d > BACKOFF_CAP_MS ? BACKOFF_CAP_MS : (long)d;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static uint64_t seed(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 32) ^
                 (uint64_t)(uintptr_t)&ts;
    return x ? x : 88172645463325252ull;
}

static evs_status give_up(const evs__http_req *rq, const attempt *a,
                          unsigned tries, evs_error *err)
{
    if (tries > 1)
        return evs__seterr(err, a->st, 0, "%s: %s (after %u attempts)",
                           rq->label, a->what, tries);
    return evs__seterr(err, a->st, 0, "%s: %s", rq->label, a->what);
}

evs_status evs__http_get(const evs__http_req *rq, evs__http_resp *rs,
                         evs_error *err)
{
    const evs_fetch_opts *o = rq->o;
    uint64_t rng = seed();
    attempt a;
    rs->requests = 0;
    for (unsigned k = 0;; k++) {
        one_attempt(rq, rs, &a);
        rs->requests = k + 1;
        if (a.retry && a.retry_after_ms > o->retry_after_max_ms)
            return evs__seterr(err, EVS_EHTTP, 0, "%s: %s: the server asks to "
                               "retry after %ld s (more than the %ld s allowed)",
                               rq->label, a.what, a.retry_after_ms / 1000,
                               o->retry_after_max_ms / 1000);
        if (!a.retry || k >= o->retries)
            break;
        long d = backoff_ms(o->retry_base_ms, k, &rng);
        if (a.retry_after_ms > d)
            d = a.retry_after_ms;
        evs__warn(&o->warn, "%s: %s%s; retrying in %.1f s (retry %u of %u)",
                  rq->label, a.what, a.retry_after_ms >= 0 ? " with Retry-After" : "",
                  (double)d / 1000, k + 1, o->retries);
        sleep_ms(d);
    }
    if (a.st != EVS_OK)
        return give_up(rq, &a, (unsigned)rs->requests, err);
    return EVS_OK;
}
