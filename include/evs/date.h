/*
 * evs/date.h - calendar dates as whole days since 1970-01-01 (proleptic
 * Gregorian), with strict ISO-8601 parsing.  No time zones and no struct tm:
 * a date is the exchange-local trading date.
 */
#ifndef EVS_DATE_H
#define EVS_DATE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Days since 1970-01-01; negative before. */
typedef int32_t evs_date;

/* Dates outside 1000-01-01 .. 9999-12-31 are rejected by the parsers. */
#define EVS_DATE_MIN (-354285) /* 1000-01-01 */
#define EVS_DATE_MAX 2932896   /* 9999-12-31 */

/* Buffer size that holds any formatted date plus NUL ("YYYY-MM-DD"). */
#define EVS_DATE_BUFSZ 11

/* Converts a civil date; returns 1 and sets *out when y-m-d is a real date
 * within the supported range, 0 otherwise. */
int evs_date_from_ymd(int y, int m, int d, evs_date *out);

/* Splits a date into year, month (1-12) and day (1-31). */
void evs_date_to_ymd(evs_date date, int *y, int *m, int *d);

/* Parses exactly `len` bytes of `s` as `YYYY-MM-DD` or `YYYYMMDD`.  Nothing
 * else is accepted: no spaces, no time part.  Returns 1 on success and sets
 * *out; returns 0 for anything malformed or not a real date (2023-02-30). */
int evs_date_parse(const char *s, size_t len, evs_date *out);

/* Writes `YYYY-MM-DD` and a NUL into buf (at least EVS_DATE_BUFSZ bytes).
 * Returns buf. */
char *evs_date_format(evs_date date, char buf[EVS_DATE_BUFSZ]);

/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int evs_date_weekday(evs_date date);

#ifdef __cplusplus
}
#endif
#endif
