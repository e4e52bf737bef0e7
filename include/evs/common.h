/*
 * evs/common.h - status codes, the caller-owned error buffer, memory release
 * and version macros shared by every evs module.
 *
 * Conventions that hold across the whole library (stated once here):
 *  - Every fallible function returns evs_status and takes `evs_error *err` as
 *    its last parameter.  err may be NULL.  On failure the function fills
 *    err->code, err->line and err->msg and returns the same code; on success
 *    it leaves *err untouched.
 *  - Constructors (`evs_X_new`, `evs_X_load`) return an owned object or NULL
 *    with err filled.  Release with the matching `evs_X_free`; passing NULL
 *    to any `_free` does nothing.
 *  - `const T *` parameters are borrowed for the duration of the call only.
 *    The library never keeps a caller's pointer after returning.
 *  - Getters returning `const T *` return views that stay valid until the
 *    owning object is modified or freed.
 *  - Heap strings handed to the caller are released with evs_free().
 *  - Returns are decimal (0.01 is one percent), never percent.  Windows are
 *    inclusive offsets counted in trading days.  NaN means "missing".
 *  - The library never prints, never exits and never changes process-global
 *    state.  Embedders that use GSL-backed models must turn off GSL's
 *    aborting default handler themselves: gsl_set_error_handler_off().
 *  - Numbers are read and written in the "C" numeric convention regardless
 *    of the caller's locale (the library switches the calling thread to the
 *    C locale for the duration of a parse or a report and restores it).
 */
#ifndef EVS_COMMON_H
#define EVS_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EVS_VERSION_MAJOR 0
#define EVS_VERSION_MINOR 1
#define EVS_VERSION_PATCH 0
#define EVS_VERSION_STRING "0.1.0"

/* Status codes.  Append new codes at the end; never renumber or remove. */
typedef enum evs_status {
    EVS_OK = 0,
    EVS_EINVAL,   /* the caller passed an invalid argument                  */
    EVS_ENOMEM,   /* an allocation failed                                   */
    EVS_EIO,      /* open/read failed; the message carries strerror(errno)  */
    EVS_EPARSE,   /* malformed CSV/JSON/date/window; err->line is set       */
    EVS_ENET,     /* transport failure reported by libcurl                  */
    EVS_EHTTP,    /* the server answered with an error (status or body)     */
    EVS_ENODATA,  /* not enough valid observations, or no event survived    */
    EVS_EDOMAIN,  /* numerically degenerate: zero variance, singular design */
    EVS_EPLOT,    /* gnuplot not found, failed, or exited non-zero          */
    EVS_EINTERNAL,/* an invariant broke: a bug in evs                       */
    EVS_EWRITE,   /* writing output failed (disk full, closed stream, ...)  */
    EVS_EOFFLINE  /* data is needed from the network but offline was asked  */
} evs_status;

#define EVS_ERRMSG_MAX 512

/* Caller-owned error detail, filled only on failure. */
typedef struct evs_error {
    evs_status code;
    long line;                /* 1-based input line, 0 when not applicable */
    char msg[EVS_ERRMSG_MAX]; /* NUL-terminated, lower-case start, no '\n' */
} evs_error;

/* Static description of a status code; never NULL, defined for any value. */
const char *evs_strerror(evs_status code);

/* Releases memory that an evs function documented as "free with evs_free".
 * NULL is a no-op. */
void evs_free(void *p);

/* Receives non-fatal diagnostics (exact duplicate rows, dropped events, ...)
 * as one line of text without a trailing newline.  The library calls it
 * synchronously from the thread that made the call; `msg` is valid only
 * during the call.  A NULL callback discards warnings. */
typedef void (*evs_warn_fn)(void *userdata, const char *msg);

typedef struct evs_warner {
    evs_warn_fn fn;
    void *userdata;
} evs_warner;

/* Version of the library actually linked, e.g. "0.1.0". */
const char *evs_version(void);

#ifdef __cplusplus
}
#endif
#endif
