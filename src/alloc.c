/*
 * alloc.c - the library's allocator.  Routing every allocation through here
 * lets the fault-injection tests fail the k-th one and prove that each
 * caller returns EVS_ENOMEM and leaks nothing.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Test-only countdown; 0 means disabled.  Atomic so that threaded studies
 * stay race-free under the hook. */
static atomic_ulong fail_countdown;
static atomic_int fail_fired;

void evs__alloc_fail_after(unsigned long k)
{
    atomic_store(&fail_fired, 0);
    atomic_store(&fail_countdown, k);
}

int evs__alloc_fail_fired(void) { return atomic_load(&fail_fired); }

static int should_fail(void)
{
    unsigned long c = atomic_load(&fail_countdown);
    while (c != 0) {
        if (atomic_compare_exchange_weak(&fail_countdown, &c, c - 1)) {
            if (c == 1) {
                atomic_store(&fail_fired, 1);
                errno = ENOMEM; /* as a real malloc failure would */
            }
            return c == 1;
        }
    }
    return 0;
}

void *evs__malloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *evs__calloc(size_t n, size_t size)
{
    if (should_fail())
        return NULL;
    if (n == 0 || size == 0)
        return calloc(1, 1);
    return calloc(n, size);
}

void *evs__realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

void *evs__mallocarray(size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    return evs__malloc(n * size);
}

void *evs__reallocarray(void *p, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    return evs__realloc(p, n * size);
}

char *evs__strndup(const char *s, size_t n)
{
    char *d = evs__malloc(n + 1);
    if (d == NULL)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *evs__strdup(const char *s) { return evs__strndup(s, strlen(s)); }
