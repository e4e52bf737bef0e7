/*
 * util.c - small shared helpers: the C-locale guard, the strict number
 * parser, a growable buffer and reference p-values (whole-file reads live
 * in readfile.c).
 */
/* strtod_l: numbers are read in the C convention even when a caller forgot
 * the locale guard (a comma-decimal locale would stop strtod at '.'). */
#define _GNU_SOURCE
#include <errno.h>
#include <gsl/gsl_cdf.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <time.h>
#include <unistd.h>

#include "internal.h"

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void) { c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0); }

void evs__locale_push(evs__locale_guard *g)
{
    pthread_once(&c_locale_once, make_c_locale);
    g->active = 0;
    if (c_locale == (locale_t)0)
        return;
    g->saved = uselocale(c_locale);
    g->active = 1;
}

void evs__locale_pop(evs__locale_guard *g)
{
    if (g->active)
        uselocale(g->saved);
    g->active = 0;
}

int evs__parse_double(const char *s, size_t len, double *out)
{
    char tmp[64];
    if (len == 0 || len >= sizeof tmp)
        return 0;
    /* Only the characters of a plain decimal number: this refuses "inf",
     * "nan", hex floats and leading spaces that strtod would accept. */
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' ||
              c == 'e' || c == 'E'))
            return 0;
    }
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    char *end;
    pthread_once(&c_locale_once, make_c_locale);
    errno = 0;
    double v = c_locale != (locale_t)0 ? strtod_l(tmp, &end, c_locale)
                                       : strtod(tmp, &end);
    if (end != tmp + len || end == tmp)
        return 0;
    if (errno == ERANGE && (v > 1.0 || v < -1.0))
        return 0; /* overflow: 1e999 */
    if (!isfinite(v))
        return 0;
    *out = v;
    return 1;
}

const char *evs__number_problem(const char *s, size_t len)
{
    /* Same alphabet as evs__parse_double; a finite-looking decimal that
     * still failed there overflowed.  "1e" or "--1" stay "invalid". */
    char tmp[64];
    if (len == 0 || len >= sizeof tmp)
        return "invalid number";
    for (size_t i = 0; i < len; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '-' ||
              s[i] == '+' || s[i] == 'e' || s[i] == 'E'))
            return "invalid number";
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    char *end;
    pthread_once(&c_locale_once, make_c_locale);
    errno = 0;
    double v = c_locale != (locale_t)0 ? strtod_l(tmp, &end, c_locale)
                                       : strtod(tmp, &end);
    if (end == tmp + len && (!isfinite(v) || (errno == ERANGE && fabs(v) > 1)))
        return "number out of range";
    return "invalid number";
}

int evs__symbol_ok(const char *s, size_t n)
{
    if (s == NULL || n == 0 || n > EVS_SYMBOL_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c >= 0x7f || c == ',' || c == '"')
            return 0;
    }
    return 1;
}

int evs__buf_reserve(evs__buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2)
            return 0;
        cap *= 2;
    }
    char *d = evs__realloc(b->data, cap);
    if (d == NULL)
        return 0;
    b->data = d;
    b->cap = cap;
    return 1;
}

int evs__buf_append(evs__buf *b, const char *s, size_t n)
{
    if (!evs__buf_reserve(b, n))
        return 0;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 1;
}

void evs__buf_clear(evs__buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

double evs__p_normal(double z)
{
    if (!isfinite(z))
        return NAN;
    return 2.0 * gsl_cdf_ugaussian_Q(fabs(z));
}

double evs__p_t(double t, double df)
{
    if (!isfinite(t) || !(df > 0))
        return NAN;
    return 2.0 * gsl_cdf_tdist_Q(fabs(t), df);
}

int evs__strieq(const char *a, size_t len, const char *b)
{
    size_t bl = strlen(b);
    if (bl != len)
        return 0;
    for (size_t i = 0; i < len; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return 0;
    }
    return 1;
}

double evs__seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void evs__parallel(unsigned threads, void *(*fn)(void *), void *arg)
{
    pthread_t tid[64];
    unsigned started = 0;
    if (threads > 64)
        threads = 64;
    for (unsigned k = 1; k < threads; k++) {
        if (pthread_create(&tid[started], NULL, fn, arg) != 0)
            break; /* the threads that did start share the work */
        started++;
    }
    fn(arg);
    for (unsigned k = 0; k < started; k++)
        pthread_join(tid[k], NULL);
}

typedef struct for_job {
    size_t n;
    void (*fn)(void *, size_t);
    void *arg;
    _Atomic size_t next;
} for_job;

static void *for_main(void *p)
{
    for_job *j = p;
    for (size_t i; (i = j->next++) < j->n;)
        j->fn(j->arg, i);
    return NULL;
}

void evs__parallel_for(size_t n, unsigned threads,
                       void (*fn)(void *arg, size_t i), void *arg)
{
    for_job j = {n, fn, arg, 0};
    evs__parallel(threads < n ? threads : (unsigned)(n ? n : 1), for_main, &j);
}

unsigned evs__threads(unsigned asked)
{
    long t = asked;
    if (t == 0)
        t = sysconf(_SC_NPROCESSORS_ONLN);
    return t < 1 ? 1 : t > 64 ? 64 : (unsigned)t;
}
