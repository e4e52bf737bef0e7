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

#endif
