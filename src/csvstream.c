/*
 * csvstream.c - chunked CSV input (see csvstream.h).  The window holds the
 * unread tail of the last chunk plus the next one; only records that end
 * inside it are handed on, and one that does not is kept for the next
 * read, which also grows the window for records longer than a chunk.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvstream.h"
#include "loadrows.h"

/* No record may need a window larger than this (a runaway quote). */
#define STREAM_MAX ((size_t)1 << 30)
#define CHUNK_DEFAULT ((size_t)1 << 20)

static size_t chunk_default = CHUNK_DEFAULT;

void evs__load_set_chunk(size_t n) { chunk_default = n ? n : CHUNK_DEFAULT; }

evs_status evs__stream_open_fd(evs__stream *s, int fd, int seekable,
                               uint64_t start, size_t chunk,
                               const char *origin, evs_error *err)
{
    memset(s, 0, sizeof *s);
    s->fd = fd;
    s->seekable = seekable;
    s->owned = 1;
    s->off = start;
    s->chunk = chunk ? chunk : chunk_default;
    s->origin = origin;
    s->cap = s->chunk;
    s->buf = evs__malloc(s->cap);
    if (s->buf == NULL)
        return evs__seterr(err, EVS_ENOMEM, 0, "%s: out of memory", origin);
    struct stat sb;
    if (seekable && start == 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
        s->check_change = 1;
        s->size0 = (long long)sb.st_size;
        s->mtime_sec0 = (long long)sb.st_mtim.tv_sec;
        s->mtime_nsec0 = (long long)sb.st_mtim.tv_nsec;
    }
    return EVS_OK;
}

void evs__stream_open_mem(evs__stream *s, char *data, size_t len,
                          const char *origin)
{
    memset(s, 0, sizeof *s);
    s->fd = -1;
    s->buf = data;
    s->cap = s->end = len;
    s->off = len;
    s->eof = 1;
    s->origin = origin;
}

void evs__stream_close(evs__stream *s)
{
    if (s->owned)
        free(s->buf);
    s->buf = NULL;
    s->owned = 0;
}

uint64_t evs__stream_pos(const evs__stream *s)
{
    return s->off - (s->end - s->beg);
}

/* A file truncated, grown or rewritten while it was read would give a mix
 * of old and new rows: refuse it (EVS_EIO).  Removing it is fine: the open
 * descriptor still reads every byte. */
static int changed(const evs__stream *s, evs_error *err)
{
    struct stat sb;
    if (!s->check_change || fstat(s->fd, &sb) != 0)
        return 0;
    if ((long long)sb.st_size == s->size0 &&
        (long long)sb.st_mtim.tv_sec == s->mtime_sec0 &&
        (long long)sb.st_mtim.tv_nsec == s->mtime_nsec0 &&
        s->off == (uint64_t)s->size0)
        return 0;
    evs__seterr(err, EVS_EIO, 0, "%s: the file changed while it was being "
                "read", s->origin);
    return 1;
}

int evs__stream_more(evs__stream *s, evs_error *err)
{
    if (s->fd < 0 || s->eof) {
        s->eof = 1;
        return 0;
    }
    if (s->beg > 0) {
        memmove(s->buf, s->buf + s->beg, s->end - s->beg);
        s->end -= s->beg;
        s->beg = 0;
    }
    if (s->cap - s->end < s->chunk / 4 + 1) {
        if (s->cap >= STREAM_MAX) {
            evs__seterr(err, EVS_EPARSE, 0, "%s: a record longer than %zu "
                        "bytes", s->origin, STREAM_MAX);
            return -1;
        }
        char *b = evs__realloc(s->buf, s->cap * 2);
        if (b == NULL) {
            evs__seterr(err, EVS_ENOMEM, 0, "%s: out of memory", s->origin);
            return -1;
        }
        s->buf = b;
        s->cap *= 2;
    }
    ssize_t n;
    do {
        n = s->seekable ? pread(s->fd, s->buf + s->end, s->cap - s->end,
                                (off_t)s->off)
                        : read(s->fd, s->buf + s->end, s->cap - s->end);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        evs__seterr(err, EVS_EIO, 0, "%s: read error: %s", s->origin,
                    strerror(errno));
        return -1;
    }
    if (n == 0) {
        s->eof = 1;
        return changed(s, err) ? -1 : 0;
    }
    if (s->off == 0) {
        /* Like grep, judge a binary file by its first chunk, even when its
         * first line happens to be NUL-free. */
        const char *z = memchr(s->buf + s->end, '\0', (size_t)n);
        if (z != NULL) {
            long line = 1;
            for (const char *p = s->buf + s->end; p < z; p++)
                line += *p == '\n';
            evs__seterr(err, EVS_EPARSE, line, "%s:%ld: NUL byte: not a text "
                        "file", s->origin, line);
            return -1;
        }
    }
    s->end += (size_t)n;
    s->off += (uint64_t)n;
    evs__read_hook_call(s->origin, (size_t)s->off);
    return 1;
}

/* The end of a quoted field that opens at d[q] == '"' (index after the
 * closing quote), or 0 when it may close past len. */
static size_t quoted_end(const char *d, size_t len, size_t q, int eof)
{
    for (q++;; q++) {
        if (q >= len)
            return eof ? len : 0;
        if (d[q] != '"')
            continue;
        if (q + 1 >= len)
            return eof ? q + 1 : 0; /* '"' or '""': the next byte decides */
        if (d[q + 1] != '"')
            return q + 1;
        q++;
    }
}

/* Mirrors evs__csv_next: blank lines, then fields until a newline that is
 * not inside quotes. */
size_t evs__stream_record_len(const evs__stream *s)
{
    const char *d = s->buf + s->beg;
    size_t len = s->end - s->beg, p = 0;
    int eof = s->eof;
    for (;;) { /* blank lines: "\n", "\r\n", or "\r" at the very end */
        if (p >= len)
            return eof ? len : 0;
        if (d[p] == '\n') {
            p++;
        } else if (d[p] == '\r' && p + 1 >= len) {
            return eof ? len : 0;
        } else if (d[p] == '\r' && d[p + 1] == '\n') {
            p += 2;
        } else {
            break;
        }
    }
    for (;;) {
        size_t q = p;
        while (q < len && (d[q] == ' ' || d[q] == '\t'))
            q++;
        if (q < len && d[q] == '"') {
            q = quoted_end(d, len, q, eof);
            if (q == 0)
                return 0;
            while (q < len && (d[q] == ' ' || d[q] == '\t'))
                q++;
            if (q < len && d[q] == '\r')
                q++;
            if (q >= len)
                return eof ? len : 0;
            if (d[q] != ',')
                return q + 1; /* '\n', or the tokenizer's error */
            p = q + 1;
            continue;
        }
        const char *comma = memchr(d + p, ',', len - p);
        const char *nl = memchr(d + p, '\n',
                                comma ? (size_t)(comma - (d + p)) : len - p);
        if (nl != NULL)
            return (size_t)(nl - d) + 1;
        if (comma == NULL)
            return eof ? len : 0;
        p = (size_t)(comma - d) + 1;
    }
}

/* The input limits of load.h on one record starting at `line`: no line
 * longer than EVS_LOAD_MAX_LINE and no NUL byte (a binary file).  Checked
 * only on records the fast path did not take, so its loop stays lean. */
static int check_record(const evs__stream *s, size_t n, int complete,
                        long line, evs_error *err)
{
    const char *d = s->buf + s->beg, *end = d + n;
    const char *z = memchr(d, '\0', n);
    for (const char *p = d; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        if (z != NULL && z < stop) {
            evs__seterr(err, EVS_EPARSE, line, "%s:%ld: NUL byte: not a text "
                        "file", s->origin, line);
            return 0;
        }
        size_t len = (size_t)(stop - p);
        if (len > 0 && stop[-1] == '\r' && nl != NULL)
            len--;
        if (len > EVS_LOAD_MAX_LINE || (!complete && nl == NULL &&
                                        len == EVS_LOAD_MAX_LINE + 1)) {
            evs__seterr(err, EVS_EPARSE, line, "%s:%ld: line longer than %d "
                        "bytes", s->origin, line, EVS_LOAD_MAX_LINE);
            return 0;
        }
        if (nl == NULL)
            break;
        p = nl + 1;
    }
    return 1;
}

int evs__stream_prepare(evs__stream *s, evs__csv *c, long line,
                        evs_error *err)
{
    size_t n;
    while ((n = evs__stream_record_len(s)) == 0 && !s->eof) {
        /* Refuse a runaway line once it passes the limit, before the
         * window grows any further. */
        size_t have = s->end - s->beg;
        if (have > EVS_LOAD_MAX_LINE + 1 &&
            !check_record(s, have, 0, line, err))
            return 0;
        if (evs__stream_more(s, err) < 0)
            return 0;
    }
    if (n == 0)
        n = s->end - s->beg;
    if (!check_record(s, n, 1, line, err))
        return 0;
    evs__field *fields = c->fields;
    size_t cap = c->cap;
    int at_start = evs__stream_pos(s) == 0;
    evs__csv_init(c, s->buf + s->beg, n, s->origin);
    c->fields = fields; /* keep the field array across records */
    c->cap = cap;
    if (!at_start)
        c->pos = 0; /* a byte-order mark only counts at the very start */
    c->next_line = line;
    return 1;
}

void evs__stream_advance(evs__stream *s, const evs__csv *c, long *line)
{
    s->beg += c->pos < c->len ? c->pos : c->len;
    *line = c->next_line;
}

int evs__stream_record(evs__stream *s, evs__csv *c, long *line,
                       evs_error *err)
{
    if (!evs__stream_prepare(s, c, *line, err))
        return -1;
    int r = evs__csv_next(c, err);
    if (r >= 0)
        evs__stream_advance(s, c, line);
    return r;
}
