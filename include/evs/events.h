/*
 * evs/events.h - the list of events to study.
 *
 * Events CSV: a header with at least `symbol` and `date` (case-insensitive);
 * optional `market` (benchmark symbol for that event) and `label`.  Any other
 * columns are kept, by name, for later use (reports carry them through).
 * The limits of evs/load.h apply (line length, fields per row, NUL bytes).
 */
#ifndef EVS_EVENTS_H
#define EVS_EVENTS_H

#include "common.h"
#include "date.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One event; strings are owned by the evs_events list. */
typedef struct evs_event {
    const char *symbol;
    evs_date date;
    const char *market; /* NULL: the study's default market */
    const char *label;  /* NULL when not given */
    long line;          /* input line, 0 when added in code */
} evs_event;

typedef struct evs_events evs_events;

evs_events *evs_events_new(evs_error *err);
void evs_events_free(evs_events *ev);

/* Reads an events CSV ("-" is stdin) into a new list. */
evs_events *evs_events_load_csv(const char *path, evs_error *err);
evs_events *evs_events_load_buffer(const char *data, size_t len,
                                   const char *origin, evs_error *err);

/* Appends an event; strings are copied; market and label may be NULL. */
evs_status evs_events_add(evs_events *ev, const char *symbol, evs_date date,
                          const char *market, const char *label,
                          evs_error *err);

size_t evs_events_count(const evs_events *ev);
/* The i-th event (i < count); the pointer is valid until the list changes. */
const evs_event *evs_events_get(const evs_events *ev, size_t i);

/* Extra columns: their number, names, and the value of column j for event i
 * ("" when the event was added in code). */
size_t evs_events_extra_count(const evs_events *ev);
const char *evs_events_extra_name(const evs_events *ev, size_t j);
const char *evs_events_extra_value(const evs_events *ev, size_t i, size_t j);

#ifdef __cplusplus
}
#endif
#endif
