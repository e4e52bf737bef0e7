/*
 * csvstream.h - CSV input read in chunks: a window of bytes over a file
 * descriptor (or one buffer in memory), and the scanner that tells where
 * the next complete record ends, exactly as the tokenizer (csv.c) would
 * read it, so that no record is ever cut at a chunk boundary.
 */
#ifndef EVS_CSVSTREAM_H
#define EVS_CSVSTREAM_H

#include <stdint.h>

#include "csv.h"

typedef struct evs__stream {
    int fd;          /* -1: the whole input is in buf */
    int seekable;    /* pread at off (a regular file), else read() */
    int owned;       /* buf is ours to grow and free */
    char *buf;
    size_t cap, beg, end; /* live bytes are buf[beg .. end) */
    uint64_t off;    /* input offset of buf[end] */
    int eof;
    size_t chunk;    /* bytes asked of each read */
    const char *origin;
    /* When set (a regular file read to its end): the size and mtime it had
     * when opened, checked again at end of input. */
    int check_change;
    long long size0, mtime_sec0, mtime_nsec0;
} evs__stream;

/* A stream over fd from input offset `start` (seekable: pread, else
 * read()), reading `chunk` bytes at a time (0: the default, 1 MiB, or
 * what evs__load_set_chunk set).  The fd stays the caller's. */
evs_status evs__stream_open_fd(evs__stream *s, int fd, int seekable,
                               uint64_t start, size_t chunk,
                               const char *origin, evs_error *err);
/* A stream over a mutable buffer already in memory (not copied). */
void evs__stream_open_mem(evs__stream *s, char *data, size_t len,
                          const char *origin);
void evs__stream_close(evs__stream *s);

/* Input offset of buf[beg]. */
uint64_t evs__stream_pos(const evs__stream *s);

/* Moves the live bytes to the front and reads more (growing the window
 * when it is full).  1: bytes added; 0: end of input; -1: error (err). */
int evs__stream_more(evs__stream *s, evs_error *err);

/* Bytes of the next record at buf[beg] (blank lines before it included),
 * as evs__csv_next would consume them; 0 when the record may go on past
 * the bytes read so far (read more and ask again). */
size_t evs__stream_record_len(const evs__stream *s);

/* Makes the next record whole in the window and points c at it (blank
 * lines before it included), with c->next_line = line; returns 0 after an
 * error (err), else 1.  Then evs__csv_next(c) reads it, and
 * evs__stream_advance consumes it. */
int evs__stream_prepare(evs__stream *s, evs__csv *c, long line,
                        evs_error *err);
void evs__stream_advance(evs__stream *s, const evs__csv *c, long *line);

/* Tokenizes the next record into c (fields point into the window, valid
 * until the next read).  *line is the line number at buf[beg], advanced
 * past the record.  1: a record; 0: end of input; -1: error (err). */
int evs__stream_record(evs__stream *s, evs__csv *c, long *line,
                       evs_error *err);

#endif
