/*
 * numparse.c - Clinger's fast path for decimal to double conversion.
 * W. D. Clinger, "How to read floating point numbers accurately", PLDI
 * 1990: when the decimal significand m is an integer that a double holds
 * exactly (m <= 2^53) and |e| <= 22 (10^|e| is then exact too), m * 10^e or
 * m / 10^-e is a single IEEE operation and therefore correctly rounded,
 * which is what strtod returns.  Everything else goes to strtod.
 */
#include "numparse.h"

const double evs__pow10_tab[23] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};


const char *evs__num_exponent(const char *p, const char *end, int *e10)
{
    int eneg = 0, ed = 0, ev = 0;
    if (p < end && (*p == '-' || *p == '+'))
        eneg = *p++ == '-';
    while (p < end && (unsigned)(*p - '0') < 10 && ed < 6) {
        ev = ev * 10 + (*p++ - '0');
        ed++;
    }
    if (ed == 0 || ed == 6)
        return NULL;
    *e10 += eneg ? -ev : ev;
    return p;
}

const char *evs__num_finish(const char *s, const char *p, uint64_t m,
                            int e10, int neg, double *out)
{
    if (p - s >= 64 || m > EVS__TWO53)
        return NULL;
    double v = (double)m;
    if (m != 0) {
        if (e10 < -22 || e10 > 22)
            return NULL;
        v = e10 < 0 ? v / evs__pow10_tab[-e10] : v * evs__pow10_tab[e10];
    }
    *out = neg ? -v : v;
    return p;
}

const char *evs__num_prefix_long(const char *p, const char *end, double *out)
{
    const char *s = p;
    int neg = 0;
    if (p < end && (*p == '-' || *p == '+'))
        neg = *p++ == '-';
    uint64_t m = 0;
    int sig = 0, ndig = 0, e10 = 0, frac = 0;
    for (; p < end; p++) {
        if (*p == '.' && !frac) {
            frac = 1;
            continue;
        }
        if ((unsigned)(*p - '0') >= 10)
            break;
        if (m != 0 || *p != '0') {
            m = m * 10 + (uint64_t)(*p - '0');
            if (++sig > 19)
                return NULL;
        }
        ndig++;
        e10 -= frac;
    }
    if (ndig == 0)
        return NULL;
    if (p < end && (*p == 'e' || *p == 'E') &&
        (p = evs__num_exponent(p + 1, end, &e10)) == NULL)
        return NULL;
    return evs__num_finish(s, p, m, e10, neg, out);
}

int evs__parse_double_fast(const char *s, size_t len, double *out)
{
    double v;
    const char *e = evs__num_prefix(s, s + len, &v);
    if (e == s + len) {
        *out = v;
        return 1;
    }
    return evs__parse_double(s, len, out);
}
