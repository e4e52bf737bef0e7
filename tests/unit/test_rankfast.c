/* The inlined sort behind evs__rank and evs__median (src/stattest.c)
 * against a qsort reference with the comparator it replaced: ranks and
 * medians must be identical bit for bit on random data with ties, NaNs,
 * signed zeros, sorted, reversed and constant inputs of many lengths. */
#include <stdlib.h>

#include "testutil.h"
#include "stattest_util.h"

static int ref_cmp(const void *pa, const void *pb)
{
    const evs__rank_item *a = pa, *b = pb;
    if (a->v != b->v)
        return a->v < b->v ? -1 : 1;
    return a->pos < b->pos ? -1 : (a->pos > b->pos);
}

/* The ranking as it was: qsort, then midranks or ranks by position. */
static void ref_rank(const double *x, size_t n, int ties, double *rank,
                     evs__rank_item *s)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        rank[i] = NAN;
        if (!isnan(x[i]))
            s[m++] = (evs__rank_item){x[i], i};
    }
    qsort(s, m, sizeof *s, ref_cmp);
    for (size_t a = 0; a < m;) {
        size_t b = a + 1;
        while (b < m && s[b].v == s[a].v)
            b++;
        for (size_t k = a; k < b; k++)
            rank[s[k].pos] =
                ties == EVS_TIES_FIRST ? (double)(k + 1) : 0.5 * (double)(a + 1 + b);
        a = b;
    }
}

static uint64_t rng = 88172645463325252u;
static uint64_t next(void)
{ /* xorshift64 (Marsaglia 2003): deterministic test data */
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void fill(double *x, size_t n, int kind)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t u = next();
        switch (kind) {
        case 0: x[i] = (double)(u % 1000) / 7.0 - 70; break;
        case 1: x[i] = (double)(u % 5) - 2; break; /* heavy ties */
        case 2: x[i] = u % 3 == 0 ? NAN : (u % 2 ? 0.0 : -0.0); break;
        case 3: x[i] = (double)i; break;
        case 4: x[i] = -(double)i; break;
        default: x[i] = 1.5; break;
        }
    }
}

static void same_bits(double a, double b)
{
    if (isnan(a) && isnan(b))
        return;
    assert_memory_equal(&a, &b, sizeof a);
}

static void test_rank_matches_qsort(void **state)
{
    (void)state;
    enum { MAXN = 700 };
    static double x[MAXN], r1[MAXN], r2[MAXN];
    static evs__rank_item s1[MAXN], s2[MAXN];
    for (size_t n = 0; n < MAXN; n += n < 40 ? 1 : 37)
        for (int kind = 0; kind < 6; kind++)
            for (int ties = 0; ties < 2; ties++) {
                int t = ties ? EVS_TIES_FIRST : EVS_TIES_AVERAGE;
                fill(x, n, kind);
                ref_rank(x, n, t, r1, s1);
                size_t m = evs__rank(x, n, t, r2, s2);
                size_t valid = 0;
                for (size_t i = 0; i < n; i++) {
                    valid += !isnan(x[i]);
                    same_bits(r2[i], r1[i]);
                }
                assert_int_equal(m, valid);
                double med = evs__median(x, n, s2);
                double want = valid == 0 ? NAN
                              : valid % 2 ? s1[valid / 2].v
                              : 0.5 * (s1[valid / 2 - 1].v + s1[valid / 2].v);
                same_bits(med, want);
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rank_matches_qsort),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
