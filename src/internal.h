/*
 * internal.h - helpers shared by the library's own files (never installed).
 * Names start with evs__ so they cannot collide with the public API.
 */
#ifndef EVS_INTERNAL_H
#define EVS_INTERNAL_H

#include <locale.h>
#include <pthread.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>

#include "evs.h"

#if defined(__GNUC__)
#define EVS__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define EVS__PRINTF(a, b)
#endif

/* Fills err (when non-NULL) and returns code.  The single place every
 * library error passes through. */
evs_status evs__seterr(evs_error *err, evs_status code, long line,
                       const char *fmt, ...) EVS__PRINTF(4, 5);

/* Sends a formatted warning to the warner (if any). */
void evs__warn(const evs_warner *w, const char *fmt, ...) EVS__PRINTF(2, 3);

/* Allocation: every allocation goes through these so that tests can make
 * the k-th one fail (evs__alloc_fail_after). */
void *evs__malloc(size_t n);
void *evs__calloc(size_t n, size_t size);
void *evs__realloc(void *p, size_t n);
/* n * size with overflow check; NULL on overflow or failure. */
void *evs__mallocarray(size_t n, size_t size);
void *evs__reallocarray(void *p, size_t n, size_t size);
char *evs__strdup(const char *s);
char *evs__strndup(const char *s, size_t n);
/* Test hook: the k-th allocation from now fails (k = 0 disables). */
void evs__alloc_fail_after(unsigned long k);
/* Test hook: has the failure armed by the last evs__alloc_fail_after(k > 0)
 * happened yet?  Lets a test tell "succeeded because the k-th allocation
 * was never reached" from "swallowed an allocation failure". */
int evs__alloc_fail_fired(void);

/* Runs with the thread's numeric locale set to "C"; restore with pop. */
typedef struct evs__locale_guard {
    locale_t saved;
    int active;
} evs__locale_guard;
void evs__locale_push(evs__locale_guard *g);
void evs__locale_pop(evs__locale_guard *g);

/* Strict decimal number of exactly len bytes: optional sign, digits, point,
 * exponent; "inf"/"nan" words are refused.  Returns 1 and sets *out when
 * the text is a finite number. */
int evs__parse_double(const char *s, size_t len, double *out);

/* Growable byte buffer. */
typedef struct evs__buf {
    char *data;
    size_t len;
    size_t cap;
} evs__buf;
int evs__buf_reserve(evs__buf *b, size_t extra);
int evs__buf_append(evs__buf *b, const char *s, size_t n);
void evs__buf_clear(evs__buf *b);

/* Reads a whole file ("-" = stdin) into a buffer (NUL-terminated).  A
 * regular file whose size or modification time moves during the read fails
 * with EVS_EIO ("the file changed while it was being read"). */
evs_status evs__read_file(const char *path, evs__buf *out, evs_error *err);
/* The same for text that a parser will read: NUL bytes, a line longer than
 * max_line bytes (0: no limit; limits below 65536 count as 65536) or more
 * than max_bytes in all (0: no limit) fail with EVS_EPARSE and a "file:line:"
 * message, after reading at most one 64 KiB chunk past the limit. */
evs_status evs__read_text(const char *path, size_t max_line,
                          size_t max_bytes, evs__buf *out, evs_error *err);
/* Test hook: called after each chunk read by the two functions above with
 * the bytes read so far (tests truncate or remove the file from it).  NULL
 * disables.  Not thread-safe: for single-threaded tests only. */
typedef void (*evs__read_hook_fn)(const char *path, size_t done);
void evs__read_hook_set(evs__read_hook_fn fn);
/* Calls the test hook (if any) after `done` bytes of `path` were read. */
void evs__read_hook_call(const char *path, size_t done);

/* What is wrong with a cell that evs__parse_double refused: "number out of
 * range" for a well-formed decimal beyond the range of a double (1e999),
 * else "invalid number". */
const char *evs__number_problem(const char *s, size_t len);

/* Is s[0..n) a valid symbol: 1..EVS_SYMBOL_MAX bytes of printable ASCII
 * other than ',', '"' and whitespace (evs/series.h)? */
int evs__symbol_ok(const char *s, size_t n);

/* evs_test_rbar on `threads` threads (0 or 1: the caller's only), the
 * same bits for every count. */
struct evs_test_data;
double evs__test_rbar_threads(const struct evs_test_data *d, unsigned threads,
                              evs_status *st);

/* Insertion index of symbol's series in ds, -1 when it has none. */
long evs__dataset_index(const evs_dataset *ds, const char *symbol);

/* Worker threads for a request: `asked`, or one per online core when it
 * is 0; at least 1, at most 64. */
unsigned evs__threads(unsigned asked);

/* Runs fn(arg) on `threads` threads, the caller's among them (at most 64;
 * fewer when a thread cannot be started), and returns once all are done.
 * Workers share arg and take their own work from it. */
void evs__parallel(unsigned threads, void *(*fn)(void *), void *arg);

/* Calls fn(arg, i) for every i in [0, n), each once, on up to `threads`
 * threads that take the next i as they get free. */
void evs__parallel_for(size_t n, unsigned threads,
                       void (*fn)(void *arg, size_t i), void *arg);

/* The SHA-256 of a regular file on a thread of its own, beside a parse of
 * the same fd: start, then join, which gives the 64 hex digits and 1, or 0
 * when the thread could not start or the read failed.  Joining with
 * want = 0 (the parse failed) stops the hash where it is. */
typedef struct evs__sha_job {
    int fd, started;
    _Atomic int stop;
    pthread_t th;
    evs_status st;
    char hex[65];
} evs__sha_job;
void evs__sha256_start(evs__sha_job *j, int fd);
int evs__sha256_join(evs__sha_job *j, char hex[65], int want);

/* Seconds on the monotonic clock, for stage timings. */
double evs__seconds(void);

/* Quantiles of the standard normal and Student t, two-sided p-values. */
double evs__p_normal(double z);
double evs__p_t(double t, double df);


/* Records the input line of event i (copies keep their provenance). */
void evs__events_set_line(evs_events *ev, size_t i, long line);

/* evs_studyfile_load on bytes in memory (the fuzz target's entry); `path`
 * names them in messages and anchors relative paths. */
evs_status evs__studyfile_parse(const char *data, size_t len,
                                const char *path, evs_studyfile *sf,
                                evs_error *err);

/* A name and its bit, for comma-separated option lists ("events,aar"). */
typedef struct evs__name_bit {
    const char *name;
    unsigned bit;
} evs__name_bit;

/* Parses a comma-separated list of names into the OR of their bits;
 * returns 0 (and leaves *out) when a name is unknown or empty. */
int evs__parse_name_list(const char *s, const evs__name_bit *names,
                         size_t n_names, unsigned *out);

/* Case-insensitive ASCII compare of a (len bytes) with NUL-terminated b. */
int evs__strieq(const char *a, size_t len, const char *b);

#endif
