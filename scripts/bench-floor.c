/*
 * bench-floor.c - the machine's floor for loading a CSV into memory, for
 * scripts/bench.sh: read the file the way evstudy does (1 MiB at a time,
 * one byte range per thread) and store what a loaded row costs (an int32
 * and a double, 12 bytes) into fresh memory, without parsing anything.
 * No loader that keeps every row can be faster on this machine; wc -l is
 * the floor for touching the bytes only.
 *   bench-floor FILE [THREADS]     prints "rows N"
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK ((size_t)1 << 20)

typedef struct part {
    int fd;
    off_t from, to;
    size_t rows;
    int failed;
    pthread_t th;
} part;

static void *run(void *arg)
{
    part *pt = arg;
    /* Rows are at least two bytes: enough room whatever the file. */
    size_t cap = (size_t)(pt->to - pt->from) / 2 + 1;
    int32_t *dates = malloc(cap * sizeof *dates);
    double *vals = malloc(cap * sizeof *vals);
    char *buf = malloc(CHUNK);
    if (dates == NULL || vals == NULL || buf == NULL) {
        pt->failed = 1;
        goto out;
    }
    for (off_t at = pt->from; at < pt->to;) {
        size_t want = (size_t)(pt->to - at) < CHUNK ? (size_t)(pt->to - at) : CHUNK;
        ssize_t n = pread(pt->fd, buf, want, at);
        if (n <= 0) {
            pt->failed = 1;
            break;
        }
        for (const char *p = buf, *e = buf + n;
             (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++) {
            if (pt->rows < cap) {
                dates[pt->rows] = (int32_t)(p - buf);
                vals[pt->rows] = (double)pt->rows;
            }
            pt->rows++;
        }
        at += n;
    }
    /* Keep the stores: a checksum the compiler cannot drop. */
    if (pt->rows > 0 && dates[pt->rows / 2] == -1 && vals[0] == -1)
        fputs("", stderr);
out:
    free(dates);
    free(vals);
    free(buf);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench-floor FILE [THREADS]\n");
        return 2;
    }
    int nt = argc > 2 ? atoi(argv[2]) : 1;
    if (nt < 1 || nt > 64)
        nt = 1;
    int fd = open(argv[1], O_RDONLY);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        perror(argv[1]);
        return 1;
    }
    part pt[64];
    for (int i = 0; i < nt; i++) {
        pt[i] = (part){fd, sb.st_size / nt * i,
                       i + 1 < nt ? sb.st_size / nt * (i + 1) : sb.st_size, 0,
                       0, 0};
        if (i > 0 && pthread_create(&pt[i].th, NULL, run, &pt[i]) != 0)
            return 1;
    }
    run(&pt[0]);
    size_t rows = pt[0].rows;
    int failed = pt[0].failed;
    for (int i = 1; i < nt; i++) {
        pthread_join(pt[i].th, NULL);
        rows += pt[i].rows;
        failed |= pt[i].failed;
    }
    close(fd);
    if (failed) {
        fprintf(stderr, "bench-floor: %s: read or memory failed\n", argv[1]);
        return 1;
    }
    printf("rows %zu\n", rows);
    return 0;
}
