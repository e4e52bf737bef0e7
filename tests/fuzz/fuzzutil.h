/*
 * fuzzutil.h - shared by the fuzz targets (tests/fuzz/fuzz_NAME.c).  A
 * target defines LLVMFuzzerTestOneInput; `make fuzz` links it with
 * libFuzzer, and every build links it with replay.c into a cmocka program
 * that runs it on each saved input.  Besides "no crash, no leak, no UB", a
 * target checks properties of the answer and calls FUZZ_REQUIRE, which
 * aborts (a finding) when one fails.
 */
#ifndef EVS_FUZZUTIL_H
#define EVS_FUZZUTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_REQUIRE(cond)                                                 \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__,      \
                    __LINE__, #cond);                                      \
            abort();                                                       \
        }                                                                  \
    } while (0)

/* A failure carries a known status and a one-line, non-empty message. */
static inline void fuzz_check_error(evs_status st, const evs_error *e)
{
    FUZZ_REQUIRE(st > EVS_OK && st <= EVS_EOFFLINE);
    FUZZ_REQUIRE(e->code == st);
    FUZZ_REQUIRE(e->msg[0] != '\0');
    FUZZ_REQUIRE(memchr(e->msg, '\0', sizeof e->msg) != NULL);
    for (const char *p = e->msg; *p; p++)
        FUZZ_REQUIRE((unsigned char)*p >= 0x20 && *p != 0x7f);
}

/* A NUL-terminated copy of the input (most value parsers take strings). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s == NULL)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

#endif
