/*
 * bincache.h - binary copies of parsed CSV files: where a copy lives, how
 * it is written after a parse and read back instead of one (bincache.c).
 */
#ifndef EVS_BINCACHE_H
#define EVS_BINCACHE_H

#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>

#include "internal.h"

/* Warnings of a parse, kept so that a copy replays them.  A message that
 * starts with the origin is stored without it (flag byte 1) so that it is
 * replayed with the origin of the later load. */
typedef struct evs__bin_warns {
    char **msg;
    size_t n, cap;
    const char *origin;
    const evs_warner *fwd; /* warnings are passed on as they come */
    int oom;
} evs__bin_warns;

/* A warner that records into w and forwards. */
void evs__bin_warn_cb(void *w, const char *msg);
void evs__bin_warns_replay(const evs__bin_warns *w, const char *origin,
                           const evs_warner *to);
void evs__bin_warns_clear(evs__bin_warns *w);

/* The copy's file for (path, symbol, kind) in dir (free with free), and
 * path resolved into real; NULL when the path does not resolve. */
char *evs__bin_path(const char *dir, const char *path, const char *symbol,
                    evs_series_kind kind, char real[PATH_MAX]);

/* Writes the copy of ds (parsed from fd, identity sb) atomically. */
evs_status evs__bin_write(const char *dir, const char *cpath, const char *real,
                          const char *symbol, evs_series_kind kind, int fd,
                          const struct stat *sb, const char *sha256,
                          const evs_dataset *ds, const evs__bin_warns *wn,
                          evs_error *err);

enum { EVS__BIN_MISS, EVS__BIN_HIT, EVS__BIN_CORRUPT };

/* Reads the copy into a new dataset (*out) with its warnings (wn) and the
 * source's SHA-256 (sha256, 64 hex digits and a NUL) when it
 * is there, current and sound: returns EVS__BIN_HIT; EVS__BIN_MISS when
 * absent or stale; EVS__BIN_CORRUPT when it does not check out;
 * EVS_ENOMEM-style failures return MISS with *out NULL. */
/* Test hook: copies of at least this many rows are read into one slab
 * (slab.c; default 65536, 0 restores it). */
void evs__bin_set_slab_min_rows(uint64_t rows);

int evs__bin_read(const char *cpath, const char *real, const char *symbol,
                  evs_series_kind kind, int fd, const struct stat *sb,
                  evs_dataset **out, evs__bin_warns *wn, char sha256[65]);

#endif
