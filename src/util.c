/*
 * util.c - small shared helpers: the C-locale guard, the strict number
 * parser, a growable buffer, whole-file reads and reference p-values.
 */
#include <errno.h>
#include <gsl/gsl_cdf.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
    errno = 0;
    double v = strtod(tmp, &end);
    if (end != tmp + len || end == tmp)
        return 0;
    if (errno == ERANGE && (v > 1.0 || v < -1.0))
        return 0; /* overflow: 1e999 */
    if (!isfinite(v))
        return 0;
    *out = v;
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

evs_status evs__read_file(const char *path, evs__buf *out, evs_error *err)
{
    int use_stdin = strcmp(path, "-") == 0;
    FILE *f = use_stdin ? stdin : fopen(path, "rb");
    if (f == NULL)
        return evs__seterr(err, EVS_EIO, 0, "%s: cannot open: %s", path,
                           strerror(errno));
    if (!use_stdin) {
        struct stat st;
        if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
            fclose(f);
            return evs__seterr(err, EVS_EIO, 0, "%s: is a directory", path);
        }
        if (fstat(fileno(f), &st) == 0 && st.st_size > 0 &&
            !evs__buf_reserve(out, (size_t)st.st_size)) {
            fclose(f);
            return evs__seterr(err, EVS_ENOMEM, 0, "%s: out of memory", path);
        }
    }
    char chunk[65536];
    for (;;) {
        size_t n = fread(chunk, 1, sizeof chunk, f);
        if (n > 0 && !evs__buf_append(out, chunk, n)) {
            if (!use_stdin)
                fclose(f);
            evs__buf_clear(out);
            return evs__seterr(err, EVS_ENOMEM, 0, "%s: out of memory", path);
        }
        if (n < sizeof chunk)
            break;
    }
    int bad = ferror(f);
    int saved = errno;
    if (!use_stdin)
        fclose(f);
    if (bad) {
        evs__buf_clear(out);
        return evs__seterr(err, EVS_EIO, 0, "%s: read error: %s", path,
                           strerror(saved));
    }
    if (!evs__buf_reserve(out, 0)) {
        evs__buf_clear(out);
        return evs__seterr(err, EVS_ENOMEM, 0, "%s: out of memory", path);
    }
    out->data[out->len] = '\0';
    return EVS_OK;
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
