/*
 * ipo_internal.h - pieces shared by the IPO module's own files: the list
 * copy used by the result, and the result layout read by the summary, the
 * accessors and the report writer.
 */
#ifndef EVS_IPO_INTERNAL_H
#define EVS_IPO_INTERNAL_H

#include "internal.h"

/* A deep copy of a list (no checks: src was checked when it was built). */
evs_ipos *evs__ipos_copy(const evs_ipos *src, evs_error *err);

/* One listing's measures and the storage its views point into. */
typedef struct evs__ipo_row {
    evs_ipo_metrics m;
    char *reason;
    evs_ipo_horizon h[EVS_IPO_MAX_HORIZONS];
    char *hnote[EVS_IPO_MAX_HORIZONS];
    evs_ipo_limit_hit *hits;
    size_t cap_hits;
    char **notes;
    size_t cap_notes;
} evs__ipo_row;

struct evs_ipo_result {
    evs_ipo_config cfg;
    char *market;        /* the result's copy of cfg.market */
    evs_ipos *ipos;      /* the result's copy of the listings */
    evs__ipo_row *rows;  /* one per listing, input order */
    size_t n;
    size_t n_usable;
    evs_ipo_stat *stats;
    size_t n_stats;
    evs_ipo_wealth wealth[EVS_IPO_MAX_HORIZONS];
};

/* Reads a study file's "ipos" array of listing objects (keys as the IPO
 * CSV columns; numbers as JSON numbers, dates and text as strings, null
 * for "not given") into a new list.  EVS_EPARSE "path: ipos[k]: what". */
struct json_t;
evs_status evs__studyfile_ipo_list(struct json_t *v, const char *path,
                                   evs_ipos **out, evs_error *err);

/* Fills stats and wealth from the rows; EVS_ENOMEM. */
evs_status evs__ipo_summarize(evs_ipo_result *r, evs_error *err);

#endif
