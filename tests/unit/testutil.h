/*
 * testutil.h - helpers shared by the cmocka unit tests.
 */
#ifndef EVS_TESTUTIL_H
#define EVS_TESTUTIL_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "evs.h"

/* |a - b| <= tol * max(1, |b|): a relative tolerance chosen per assertion. */
#define assert_close(a, b, tol)                                              \
    do {                                                                     \
        double a_ = (a), b_ = (b), t_ = (tol);                               \
        double s_ = fabs(b_) > 1 ? fabs(b_) : 1;                             \
        if (!(fabs(a_ - b_) <= t_ * s_))                                     \
            fail_msg("%s = %.17g, expected %.17g (tol %g)", #a, a_, b_, t_); \
    } while (0)

/* The error message contains `needle`. */
#define assert_msg_has(err, needle)                                      \
    do {                                                                 \
        if (strstr((err).msg, (needle)) == NULL)                         \
            fail_msg("message '%s' lacks '%s'", (err).msg, (needle));    \
    } while (0)

/* Deterministic test data: an LCG step mapped to [-0.5, 0.5) (quality
 * irrelevant). */
static inline double tu_rnd(unsigned long *s)
{
    *s = *s * 6364136223846793005ul + 1442695040888963407ul;
    return ((double)(*s >> 11) / 9007199254740992.0) - 0.5;
}

/* The i-th weekday counted from Monday 2024-01-01. */
static inline evs_date tu_weekday(size_t i)
{
    evs_date d0;
    evs_date_from_ymd(2024, 1, 1, &d0);
    return d0 + (evs_date)(i / 5 * 7 + i % 5);
}

/* Adds a returns series r[0..n) on tu_weekday(0..n) to ds. */
static inline void tu_add_returns(evs_dataset *ds, const char *name,
                                  const double *r, size_t n)
{
    evs_series *s = evs_series_new(name, EVS_SERIES_RETURNS, 0, NULL);
    for (size_t t = 0; t < n; t++) {
        double v[EVS_FIELD_COUNT] = {0};
        v[EVS_FIELD_RET] = r[t];
        evs_series_push(s, tu_weekday(t), v, 0, NULL);
    }
    evs_series_finish(s, name, NULL, NULL);
    evs_dataset_add_owned(ds, s, NULL);
}

#endif
