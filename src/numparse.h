/*
 * numparse.h - exact fast number parsing for the loaders: Clinger's fast
 * path, which gives strtod's correctly rounded result bit for bit whenever
 * it applies, and hands every other spelling to strtod.
 */
#ifndef EVS_NUMPARSE_H
#define EVS_NUMPARSE_H

#include <string.h>

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

/* The 8-byte tricks below read bytes in little-endian order. */
#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__)
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define EVS__LE 1
#endif
#endif
#ifndef EVS__LE
#define EVS__LE 0
#endif

#define EVS__TWO53 9007199254740992ull

extern const double evs__pow10_tab[23];
/* Pieces of the slow cases, in numparse.c. */
const char *evs__num_exponent(const char *p, const char *end, int *e10);
const char *evs__num_finish(const char *s, const char *p, uint64_t m,
                            int e10, int neg, double *out);
const char *evs__num_prefix_long(const char *p, const char *end, double *out);

/* How many of the bytes of x, from the lowest, are ASCII digits before
 * the first that is not (0-8): a byte is a digit when its high nibble is 3
 * before and after adding 6. */
static inline int evs__digit_run8(uint64_t x)
{
    uint64_t hi = 0xF0F0F0F0F0F0F0F0ull, z = 0x3030303030303030ull;
    uint64_t bad = ((x & hi) ^ z) | (((x + 0x0606060606060606ull) & hi) ^ z);
    if (bad == 0)
        return 8;
#if defined(__GNUC__)
    return __builtin_ctzll(bad) >> 3;
#else
    int n = 0;
    while (!(bad & 0xF0)) {
        bad >>= 8;
        n++;
    }
    return n;
#endif
}

/* The value of the first n (1-8) bytes of x, ASCII digits read in
 * little-endian order: shifted to the top, then combined pairwise, as in
 * Lemire's "fast_float". */
static inline uint64_t evs__digits8(uint64_t x, int n)
{
    int s = 8 * (8 - n);
    uint64_t d = (x << s) - (0x3030303030303030ull << s);
    d = (d * 10 + (d >> 8)) & 0x00FF00FF00FF00FFull;
    d = (d * 100 + (d >> 16)) & 0x0000FFFF0000FFFFull;
    return (d * 10000 + (d >> 32)) & 0xFFFFFFFFull;
}

/* Adds the decimal digits at p to *m (m = m * 10^k + digits) and k to
 * *count; returns the first byte that is not a digit.  Eight bytes at a
 * time when they are there (SWAR, the two helpers above). */
static inline const char *evs__num_digits(const char *p, const char *end,
                                          uint64_t *m, int *count)
{
    static const uint64_t p10[9] = {1, 10, 100, 1000, 10000, 100000,
                                    1000000, 10000000, 100000000};
    while (EVS__LE && end - p >= 8) {
        uint64_t x;
        memcpy(&x, p, 8); /* little-endian: p[0] is the lowest byte */
        int n = evs__digit_run8(x);
        if (n == 0)
            return p;
        *m = *m * p10[n] + evs__digits8(x, n); /* wraps past 19 digits: *count tells */
        *count += n;
        p += n;
        if (n < 8)
            return p;
    }
    while (p < end && (unsigned)(*p - '0') < 10) {
        *m = *m * 10 + (uint64_t)(*p++ - '0');
        (*count)++;
    }
    return p;
}

/* Inlined into each loader loop: a call per cell costs a fifth of a load. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
/* The likeliest spelling of a return, [-]D.DDDDDDD (1 to 7 decimals)
 * followed by '\n', parsed with one 8-byte read; NULL for anything else.
 * Needs 10 readable bytes after the sign.  Same value as evs__num_prefix
 * (the same significand and power of ten, one division). */
static inline const char *evs__num_short_frac(const char *p, double *out)
{
    int neg = *p == '-';
    p += neg;
    unsigned d0 = (unsigned char)p[0] - '0';
    if (!EVS__LE || d0 > 9 || p[1] != '.')
        return NULL;
    uint64_t x;
    memcpy(&x, p + 2, 8);
    int n = evs__digit_run8(x);
    if (n == 0 || n == 8 || p[2 + n] != '\n')
        return NULL;
    static const uint64_t p10[8] = {1, 10, 100, 1000, 10000, 100000, 1000000,
                                    10000000};
    double v = (double)(d0 * p10[n] + evs__digits8(x, n)) / evs__pow10_tab[n];
    *out = neg ? -v : v;
    return p + 2 + n;
}

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
    int ndig = 0, e10 = 0;
    p = evs__num_digits(p, end, &m, &ndig);
    if (p < end && *p == '.') {
        int nf = 0;
        p = evs__num_digits(p + 1, end, &m, &nf);
        e10 = -nf;
        ndig += nf;
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
