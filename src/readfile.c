/*
 * readfile.c - whole-file reads for the parsers.  Owns the input limits
 * (longest line, largest file, no NUL bytes in text) that keep memory
 * bounded on hostile files such as /dev/zero or a one-gigabyte line, and
 * the check that a regular file did not change while it was being read.
 */
#define _GNU_SOURCE /* memrchr */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

/* Files at most this large are read into one allocation of their size;
 * larger ones grow by doubling, so that a huge file with a bad line is
 * refused by the line limit instead of by one giant allocation. */
#define PRESIZE_MAX ((size_t)1 << 30)
#define CHUNK 65536

static evs__read_hook_fn read_hook;

void evs__read_hook_set(evs__read_hook_fn fn) { read_hook = fn; }

void evs__read_hook_call(const char *path, size_t done)
{
    if (read_hook != NULL)
        read_hook(path, done);
}

typedef struct reader {
    const char *path;
    size_t max_line;  /* 0: no limit */
    size_t max_bytes; /* 0: no limit */
    int text;         /* refuse NUL bytes */
    size_t cur_line;  /* bytes of the line still open at the chunk's end */
} reader;

/* 1-based number of the line holding byte `pos` of the data read so far. */
static long line_at(const evs__buf *b, size_t pos)
{
    long line = 1;
    for (size_t i = 0; i < pos && i < b->len; i++)
        line += b->data[i] == '\n';
    return line;
}

/* Checks one chunk (already appended at b->data + off) against the text
 * limits.  memchr/memrchr touch each byte once, outside the tokenizer. */
static evs_status check_chunk(reader *rd, const evs__buf *b, size_t off,
                              size_t n, evs_error *err)
{
    const char *p = b->data + off;
    if (rd->max_bytes && b->len > rd->max_bytes)
        return evs__seterr(err, EVS_EPARSE, 0, "%s: larger than %zu bytes",
                           rd->path, rd->max_bytes);
    if (rd->text) {
        const char *z = memchr(p, '\0', n);
        if (z != NULL) {
            long line = line_at(b, off + (size_t)(z - p));
            return evs__seterr(err, EVS_EPARSE, line, "%s:%ld: NUL byte: not "
                               "a text file", rd->path, line);
        }
    }
    if (rd->max_line == 0)
        return EVS_OK;
    const char *first = memchr(p, '\n', n);
    size_t head = first ? (size_t)(first - p) : n;
    if (rd->cur_line + head > rd->max_line) {
        long line = line_at(b, off);
        return evs__seterr(err, EVS_EPARSE, line, "%s:%ld: line longer than "
                           "%zu bytes", rd->path, line, rd->max_line);
    }
    if (first == NULL) {
        rd->cur_line += n;
        return EVS_OK;
    }
    /* Lines wholly inside the chunk are shorter than CHUNK <= max_line. */
    const char *last = memrchr(p, '\n', n);
    rd->cur_line = n - (size_t)(last - p) - 1;
    return EVS_OK;
}

static evs_status read_loop(reader *rd, FILE *f, evs__buf *out,
                            evs_error *err)
{
    char chunk[CHUNK];
    for (;;) {
        size_t n = fread(chunk, 1, sizeof chunk, f);
        if (n > 0) {
            size_t off = out->len;
            if (!evs__buf_append(out, chunk, n))
                return evs__seterr(err, EVS_ENOMEM, 0, "%s: out of memory",
                                   rd->path);
            evs_status st = check_chunk(rd, out, off, n, err);
            if (st != EVS_OK)
                return st;
            if (read_hook != NULL)
                read_hook(rd->path, out->len);
        }
        if (n < sizeof chunk)
            break;
    }
    if (ferror(f))
        return evs__seterr(err, EVS_EIO, 0, "%s: read error: %s", rd->path,
                           strerror(errno ? errno : EIO));
    return EVS_OK;
}

/* A regular file whose size or modification time moved during the read,
 * or that gave fewer bytes than it had, was being written or truncated:
 * its bytes may be half old, half new. */
static int changed(const struct stat *a, const struct stat *b, size_t got)
{
    /* st_size 0 with data (procfs) means "size unknown", not truncated. */
    return a->st_size != b->st_size ||
           (a->st_size != 0 && (off_t)got != a->st_size) ||
           a->st_mtim.tv_sec != b->st_mtim.tv_sec ||
           a->st_mtim.tv_nsec != b->st_mtim.tv_nsec;
}

static evs_status read_opened(reader *rd, FILE *f, evs__buf *out,
                              evs_error *err)
{
    struct stat before, after;
    int regular = 0;
    if (fstat(fileno(f), &before) == 0) {
        if (S_ISDIR(before.st_mode))
            return evs__seterr(err, EVS_EIO, 0, "%s: is a directory",
                               rd->path);
        regular = S_ISREG(before.st_mode);
    }
    if (regular && before.st_size > 0 &&
        (size_t)before.st_size <= PRESIZE_MAX &&
        (!rd->max_bytes || (size_t)before.st_size <= rd->max_bytes) &&
        !evs__buf_reserve(out, (size_t)before.st_size))
        return evs__seterr(err, EVS_ENOMEM, 0, "%s: out of memory", rd->path);
    evs_status st = read_loop(rd, f, out, err);
    if (st == EVS_OK && regular && fstat(fileno(f), &after) == 0 &&
        changed(&before, &after, out->len))
        st = evs__seterr(err, EVS_EIO, 0, "%s: the file changed while it was "
                         "being read", rd->path);
    if (st == EVS_OK && !evs__buf_reserve(out, 0))
        st = evs__seterr(err, EVS_ENOMEM, 0, "%s: out of memory", rd->path);
    return st;
}

static evs_status read_any(reader *rd, evs__buf *out, evs_error *err)
{
    int use_stdin = strcmp(rd->path, "-") == 0;
    FILE *f = use_stdin ? stdin : fopen(rd->path, "rb");
    if (use_stdin)
        rd->path = "<stdin>";
    if (f == NULL)
        return evs__seterr(err, EVS_EIO, 0, "%s: cannot open: %s", rd->path,
                           strerror(errno));
    evs_status st = read_opened(rd, f, out, err);
    if (!use_stdin)
        fclose(f);
    if (st != EVS_OK) {
        evs__buf_clear(out);
        return st;
    }
    out->data[out->len] = '\0';
    return EVS_OK;
}

evs_status evs__read_file(const char *path, evs__buf *out, evs_error *err)
{
    reader rd = {path, 0, 0, 0, 0};
    return read_any(&rd, out, err);
}

evs_status evs__read_text(const char *path, size_t max_line,
                          size_t max_bytes, evs__buf *out, evs_error *err)
{
    reader rd = {path, max_line && max_line < CHUNK ? CHUNK : max_line,
                 max_bytes, 1, 0};
    return read_any(&rd, out, err);
}
