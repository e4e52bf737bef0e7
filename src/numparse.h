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
const char *evs__num_prefix(const char *p, const char *end, double *out);

/* Same contract as evs__parse_double (strict, exactly len bytes), through
 * the fast path when it applies. */
int evs__parse_double_fast(const char *s, size_t len, double *out);

#endif
