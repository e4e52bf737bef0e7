/* The fast number parser against strtod: bit-identical values and the same
 * accept/refuse decision on edge cases and on a few hundred thousand
 * generated spellings (random doubles printed every way printf can, random
 * digit strings with exponents).  The reference is glibc's strtod itself,
 * wrapped in the strict rules of evs__parse_double. */
#include <errno.h>
#include <stdlib.h>

#include "testutil.h"
#include "numparse.h"

/* strtod under the documented strictness: only [0-9.+-eE], whole field,
 * under 64 bytes, finite, no overflow (underflow to 0 or subnormal is a
 * number). */
static int ref_parse(const char *s, size_t len, double *out)
{
    char tmp[128];
    if (len == 0 || len >= 64)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!strchr("0123456789.+-eE", s[i]))
            return 0;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    char *end;
    errno = 0;
    double v = strtod(tmp, &end);
    if (end != tmp + len || (errno == ERANGE && fabs(v) > 1.0) || !isfinite(v))
        return 0;
    *out = v;
    return 1;
}

static unsigned long n_checked, n_fast, n_short;

static void check(const char *s)
{
    size_t len = strlen(s);
    double a = 0, b = 0;
    int ra = evs__parse_double_fast(s, len, &a);
    int rb = ref_parse(s, len, &b);
    if (ra != rb)
        fail_msg("'%s': fast says %d, strtod says %d", s, ra, rb);
    if (ra && memcmp(&a, &b, sizeof a) != 0)
        fail_msg("'%s': fast %.17g, strtod %.17g", s, a, b);
    double c;
    if (evs__num_prefix(s, s + len, &c) == s + len)
        n_fast++;
    n_checked++;
    /* The loaders' shortcut sees the spelling as a cell ending a line,
     * with more bytes after it (never a newline among the digits). */
    char line[160];
    snprintf(line, sizeof line, "%s\n2024-01-02,X,0.5\n", s);
    const char *q = evs__num_short_frac(line, &c);
    if (q != NULL) {
        if (q != line + len || !rb || memcmp(&c, &b, sizeof c) != 0)
            fail_msg("'%s': shortcut %.17g ends at %td, strtod %d %.17g", s,
                     c, q - line, rb, b);
        n_short++;
    }
}

static void edge_cases(void **state)
{
    (void)state;
    static const char *cases[] = {
        "0", "-0", "+0", "0.0", "-0.000000", ".5", "5.", "-.5", "+5.", ".",
        "-", "+", "", "e5", "1e", "1e+", "1e-", "1.5e3", "1.5E-3", "1e22",
        "1e23", "9007199254740992", "9007199254740993", "9007199254740991",
        "18014398509481985", "1234567890123456789", "12345678901234567890",
        "0.1", "0.2", "0.3", "0.7", "1.1", "2.675", "0.000001", "-0.999999",
        "-1", "-1.000000", "123456.789e-5", "1e-22", "1e-23", "4.9e-324",
        "2.4703282292062327e-324", "2.2250738585072014e-308",
        "1.7976931348623157e308", "1.7976931348623159e308", "1e308", "1e309",
        "1e999", "-1e999", "1e-400", "-1e-400", "0e999999", "0e99",
        "00000000000000000000000000000000001", "0.00000000000000000000001",
        "1.00000000000000000000000000000000000000000000000000000000000001",
        "1.0000000000000000000000000000000000000000000000000000000001",
        "3.14159265358979323846", "0x10", "1,5", "1 ", " 1", "inf", "nan",
        "1e5.5", "1..2", "--1", "+-1", "1e--5", "1.5.", "12e0003",
        "0.30000000000000004", "9999999999999999", "99999999999999999",
        "0.1e-22", "100000000000000000000000e-22", "4503599627370497.5"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check(cases[i]);
}

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void printed_doubles(void **state)
{
    (void)state;
    char buf[512];
    for (int i = 0; i < 40000; i++) {
        uint64_t bits = next();
        double x;
        memcpy(&x, &bits, sizeof x);
        if (!isfinite(x))
            continue;
        if (i % 2) /* values of the size returns and prices have */
            x = ldexp((double)(next() >> 11), -(int)(next() % 70)) * (next() % 2 ? 1 : -1);
        int prec = (int)(next() % 18);
        snprintf(buf, sizeof buf, "%.*g", prec, x);
        check(buf);
        snprintf(buf, sizeof buf, "%.*e", prec, x);
        check(buf);
        if (fabs(x) < 1e30) {
            snprintf(buf, sizeof buf, "%.*f", (int)(next() % 12), x);
            check(buf);
        }
    }
}

static void digit_strings(void **state)
{
    (void)state;
    char buf[128];
    for (int i = 0; i < 200000; i++) {
        size_t k = 0;
        int r = (int)(next() % 3);
        if (r == 1)
            buf[k++] = '-';
        else if (r == 2 && next() % 4 == 0)
            buf[k++] = '+';
        int ni = (int)(next() % 21), nf = (int)(next() % 21);
        for (int j = 0; j < ni; j++)
            buf[k++] = (char)('0' + next() % 10);
        if (nf > 0 || next() % 8 == 0)
            buf[k++] = '.';
        for (int j = 0; j < nf; j++)
            buf[k++] = (char)('0' + next() % 10);
        if (next() % 3 == 0)
            k += (size_t)snprintf(buf + k, sizeof buf - k, "%c%d",
                                  next() % 2 ? 'e' : 'E', (int)(next() % 81) - 40);
        buf[k] = '\0';
        check(buf);
    }
    /* Most generated spellings are in the fast path's range, so the test
     * does exercise it (and the fallback for the rest). */
    assert_true(n_fast > n_checked / 3);
    assert_true(n_fast < n_checked);
}

/* The shape the shortcut takes, [-]D.DDDDDDD, and its near misses: no
 * digit before or after the point, 8 decimals, two integer digits, '+',
 * an exponent, a letter. */
static void short_fractions(void **state)
{
    (void)state;
    static const char *tails[] = {"", "", "", "", "e1", "x", "0", "."};
    char buf[64];
    n_short = 0;
    unsigned long tried = 0;
    for (int i = 0; i < 100000; i++) {
        size_t k = 0;
        int r = (int)(next() % 8);
        if (r < 3)
            buf[k++] = '-';
        else if (r == 3)
            buf[k++] = '+';
        int ni = next() % 6 ? 1 : (int)(next() % 3);
        int nf = (int)(next() % 10);
        for (int j = 0; j < ni; j++)
            buf[k++] = (char)('0' + next() % 10);
        buf[k++] = '.';
        for (int j = 0; j < nf; j++)
            buf[k++] = (char)('0' + next() % 10);
        k += (size_t)snprintf(buf + k, sizeof buf - k, "%s", tails[next() % 8]);
        buf[k] = '\0';
        check(buf);
        tried++;
    }
    /* Most are taken by the shortcut, and some are not. */
    assert_true(n_short > tried / 3);
    assert_true(n_short < tried);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(edge_cases),
                                       cmocka_unit_test(printed_doubles),
                                       cmocka_unit_test(digit_strings),
                                       cmocka_unit_test(short_fractions)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
