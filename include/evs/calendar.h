/*
 * evs/calendar.h - the trading calendar, event-day mapping, and returns
 * aligned to the calendar.
 *
 * The trading calendar of a study is the set of dates on which its market
 * series has a row.  A row whose value is missing is still a trading day
 * (with a missing market return), never a holiday.
 */
#ifndef EVS_CALENDAR_H
#define EVS_CALENDAR_H

#include "common.h"
#include "date.h"
#include "series.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Inclusive window of trading-day offsets relative to day 0. */
typedef struct evs_window {
    int first;
    int last;
} evs_window;

/* Number of days in a window (last - first + 1); 0 if first > last. */
size_t evs_window_len(evs_window w);

/* Parses "A:B" (integers, A <= B, |A|,|B| <= 100000) exactly.  Returns 1 on
 * success. */
int evs_window_parse(const char *s, evs_window *out);

/* How an event date that is not a trading day becomes day 0. */
typedef enum evs_roll {
    EVS_ROLL_NEXT = 0, /* the next trading day (default) */
    EVS_ROLL_PREV,     /* the previous trading day */
    EVS_ROLL_EXACT     /* no roll: the event is dropped */
} evs_roll;

typedef enum evs_return_kind {
    EVS_RET_SIMPLE = 0, /* P_t / P_{t-1} - 1 */
    EVS_RET_LOG         /* ln(P_t / P_{t-1}) */
} evs_return_kind;

typedef struct evs_calendar evs_calendar;

/* Builds the calendar from the dates of `market` (copied). */
evs_calendar *evs_calendar_new(const evs_series *market, evs_error *err);
/* Builds a calendar from sorted unique dates (copied). */
evs_calendar *evs_calendar_new_dates(const evs_date *dates, size_t n,
                                     evs_error *err);
void evs_calendar_free(evs_calendar *cal);

size_t evs_calendar_len(const evs_calendar *cal);
const evs_date *evs_calendar_dates(const evs_calendar *cal);

/* Maps a date to a calendar index under a roll rule.  Returns 1 and sets
 * *idx when the (rolled) date lies on the calendar, 0 when it falls before
 * the first or after the last trading day, or is not a trading day under
 * EVS_ROLL_EXACT. */
int evs_calendar_locate(const evs_calendar *cal, evs_date date, evs_roll roll,
                        size_t *idx);

/* Fills out[0..len) with the series' returns on the calendar:
 * out[t] = P[t]/P[t-1] - 1 (or the log) when the series has a positive
 * price on both calendar days t and t-1, NaN otherwise (out[0] is NaN).
 * A missing price is a missing return, never zero.  For a return series,
 * out[t] is its return dated calendar day t, NaN when absent (log kind:
 * ln(1+r)).  Dates of the series that are not on the calendar are ignored;
 * their count is stored in *off_calendar when non-NULL. */
evs_status evs_calendar_returns(const evs_calendar *cal, const evs_series *s,
                                evs_return_kind kind, double *out,
                                size_t *off_calendar, evs_error *err);

/* Calendar indices of the series' own rows: out[t] = row index of calendar
 * day t in s, or -1 when s has no row that day.  out has calendar length. */
void evs_calendar_rows(const evs_calendar *cal, const evs_series *s,
                       long *out);

#ifdef __cplusplus
}
#endif
#endif
