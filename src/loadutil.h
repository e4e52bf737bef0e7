/*
 * loadutil.h - internal pieces shared by the CSV loaders and other modules
 * that turn bytes into series (the HTTP sources reuse the CSV path).
 */
#ifndef EVS_LOADUTIL_H
#define EVS_LOADUTIL_H

#include "internal.h"

/* Parses CSV text (mutable, tokenized in place) into ds.  See load.h. */
evs_status evs__load_csv_text(evs_dataset *ds, char *data, size_t len,
                              const char *origin, const char *symbol,
                              evs_series_kind kind, const evs_warner *warn,
                              evs_error *err);

/* Does the first line of the CSV name a column `name` (case-insensitive)? */
int evs__csv_has_column(const char *data, size_t len, const char *name);

/* Moves every series of src into dst after checking that no symbol is
 * already in dst; frees src in every case.  dst is unchanged on failure. */
evs_status evs__dataset_move_all(evs_dataset *dst, evs_dataset *src,
                                 const char *origin, evs_error *err);

/* Takes series i out of ds (the caller owns it).  Afterwards ds may only
 * be freed. */
evs_series *evs__dataset_take(evs_dataset *ds, size_t i);

#endif
