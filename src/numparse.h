/*
 * numparse.h - exact fast number parsing for the loaders: Clinger's fast
 * path, which gives strtod's correctly rounded result bit for bit whenever
 * it applies, and hands every other spelling to strtod.
 */
#ifndef EVS_NUMPARSE_H
#define EVS_NUMPARSE_H

#include "internal.h"

/* Parses the longest decimal number at p (before end): [+-] digits [.
 * digits] [(e|E) [+-] digits].  Returns the first byte after it and sets
 * *out when the value is certainly exact (at most 19 significant digits
 * forming an integer <= 2^53, decimal exponent within +-22, under 64
 * bytes); returns NULL when unsure, and the caller must use strtod
 * (evs__parse_double) on the whole field. */
static inline const char *evs__num_prefix(const char *p, const char *end,
                                          double *out);

/* Same contract as evs__parse_double (strict, exactly len bytes), through
 * the fast path when it applies. */
int evs__parse_double_fast(const char *s, size_t len, double *out);

/* ---- the inline fast path (it runs once per cell of every file) -------- */

#define EVS__TWO53 9007199254740992ull

extern const double evs__pow10_tab[23];
/* Pieces of the slow cases, in numparse.c. */
const char *evs__num_exponent(const char *p, const char *end, int *e10);
const char *evs__num_finish(const char *s, const char *p, uint64_t m,
                            int e10, int neg, double *out);
const char *evs__num_prefix_long(const char *p, const char *end, double *out);

static inline const char *evs__num_prefix(const char *p, const char *end,
                                          double *out)
{
    const char *s = p;
    int neg = 0;
    if (p < end) { /* branch-free: signs of returns are a coin toss */
        neg = *p == '-';
        p += neg | (*p == '+');
    }
    uint64_t m = 0;
    const char *d0 = p;
    while (p < end && (unsigned)(*p - '0') < 10)
        m = m * 10 + (uint64_t)(*p++ - '0');
    int ndig = (int)(p - d0), e10 = 0;
    if (p < end && *p == '.') {
        const char *f0 = ++p;
        while (p < end && (unsigned)(*p - '0') < 10)
            m = m * 10 + (uint64_t)(*p++ - '0');
        e10 = -(int)(p - f0);
        ndig -= e10;
    }
    if (ndig == 0 || ndig > 19) /* none, or m may have wrapped */
        return ndig == 0 ? NULL : evs__num_prefix_long(s, end, out);
    if (p < end && (*p == 'e' || *p == 'E') &&
        (p = evs__num_exponent(p + 1, end, &e10)) == NULL)
        return NULL;
    if (p - s < 64 && m <= EVS__TWO53 && e10 <= 0 && e10 >= -22) {
        double v = (double)m / evs__pow10_tab[-e10]; /* the common case */
        *out = neg ? -v : v;
        return p;
    }
    return evs__num_finish(s, p, m, e10, neg, out);
}

#endif
