/*
 * error.c - status text and the one function every library error is set
 * through (a single breakpoint for all failures, as GSL's GSL_ERROR).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

const char *evs_strerror(evs_status code)
{
    switch (code) {
    case EVS_OK: return "success";
    case EVS_EINVAL: return "invalid argument";
    case EVS_ENOMEM: return "out of memory";
    case EVS_EIO: return "input/output error";
    case EVS_EPARSE: return "malformed input";
    case EVS_ENET: return "network error";
    case EVS_EHTTP: return "server error";
    case EVS_ENODATA: return "not enough data";
    case EVS_EDOMAIN: return "numerically degenerate";
    case EVS_EPLOT: return "plotting failed";
    case EVS_EINTERNAL: return "internal error";
    case EVS_EWRITE: return "output error";
    case EVS_EOFFLINE: return "data not available offline";
    }
    return "unknown status";
}

evs_status evs__seterr(evs_error *err, evs_status code, long line,
                       const char *fmt, ...)
{
    if (err == NULL)
        return code;
    err->code = code;
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    if (n < 0)
        snprintf(err->msg, sizeof err->msg, "%s", evs_strerror(code));
    /* A message is one line: control characters from user data would let
     * input forge extra diagnostic lines. */
    for (char *p = err->msg; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    return code;
}

void evs__warn(const evs_warner *w, const char *fmt, ...)
{
    if (w == NULL || w->fn == NULL)
        return;
    char msg[EVS_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    for (char *p = msg; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    w->fn(w->userdata, msg);
}

void evs_free(void *p) { free(p); }

const char *evs_version(void) { return EVS_VERSION_STRING; }
