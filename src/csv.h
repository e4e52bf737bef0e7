/*
 * csv.h - the library's only CSV tokenizer (RFC 4180 plus the variants
 * price sites emit: CRLF, BOM, blank lines, missing final newline).
 * Tokenizes a mutable buffer in place: quoted fields are unescaped inside
 * their own span, so no field is ever copied.
 */
#ifndef EVS_CSV_H
#define EVS_CSV_H

#include "internal.h"

/* Refuse absurd widths with a clear message instead of unbounded memory. */
#define EVS__CSV_MAX_FIELDS EVS_LOAD_MAX_FIELDS

typedef struct evs__field {
    char *p;
    size_t len;
} evs__field;

typedef struct evs__csv {
    char *data;
    size_t len, pos;
    long line;     /* line where the current record starts (1-based) */
    long next_line;
    const char *origin;
    evs__field *fields;
    size_t nfields, cap;
} evs__csv;

void evs__csv_init(evs__csv *c, char *data, size_t len, const char *origin);
/* 1: a record is in c->fields; 0: end of input; -1: error (err set). */
int evs__csv_next(evs__csv *c, evs_error *err);
void evs__csv_free(evs__csv *c);

/* Trims ASCII spaces and tabs around a field. */
evs__field evs__field_trim(evs__field f);

/* Is the cell one of the missing-value spellings: empty, NA, N/A, NaN,
 * null, "." (case-insensitive)? */
int evs__field_is_missing(evs__field f);

/* Copies a field into a NUL-terminated buffer of size n, truncating with
 * "..." so that messages stay bounded. */
const char *evs__field_show(evs__field f, char *buf, size_t n);

#endif
