/*
 * evs_fault.c - an LD_PRELOAD shim for the command-line tests: makes
 * chosen file-system calls of evstudy fail, so that error paths no real
 * disk produces on demand (fsync or rename failing, an input vanishing
 * between two opens) are provoked.  Built as build/tests/libevs_fault.so;
 * rules come from the environment:
 *   EVS_FAULT_OPEN=SUBSTR:N:ERRNO  the N-th open of a path containing
 *                                  SUBSTR fails (N = 0: every one)
 *   EVS_FAULT_FSYNC=ERRNO          fsync of a regular file fails
 *   EVS_FAULT_RENAME=ERRNO         rename fails
 *   EVS_FAULT_LINK=ERRNO           linkat fails
 * ERRNO is a number (5 EIO, 2 ENOENT, 28 ENOSPC, 18 EXDEV).  Test-only: it
 * is never linked into evstudy.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int open_count;

/* Should this open of `path` fail?  Sets errno when it should. */
static int open_fails(const char *path)
{
    const char *rule = getenv("EVS_FAULT_OPEN");
    if (rule == NULL || path == NULL)
        return 0;
    const char *c1 = strchr(rule, ':');
    const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (c2 == NULL)
        return 0;
    size_t n = (size_t)(c1 - rule);
    char sub[512];
    if (n >= sizeof sub)
        return 0;
    memcpy(sub, rule, n);
    sub[n] = '\0';
    if (strstr(path, sub) == NULL)
        return 0;
    int nth = atoi(c1 + 1);
    open_count++;
    if (nth != 0 && open_count != nth)
        return 0;
    errno = atoi(c2 + 1);
    return 1;
}

static int fail_with(const char *var)
{
    const char *v = getenv(var);
    if (v == NULL)
        return 0;
    errno = atoi(v);
    return 1;
}

typedef FILE *(*fopen_fn)(const char *, const char *);
typedef int (*open_fn)(const char *, int, ...);
typedef int (*fsync_fn)(int);
typedef int (*rename_fn)(const char *, const char *);
typedef int (*linkat_fn)(int, const char *, int, const char *, int);

/* The next definition of `name` (libc's); memcpy because ISO C has no
 * cast from an object pointer to a function pointer. */
#define REAL(type, name, var)                   \
    type var;                                   \
    do {                                        \
        void *p_ = dlsym(RTLD_NEXT, name);      \
        memcpy(&var, &p_, sizeof var);          \
    } while (0)

FILE *fopen(const char *path, const char *mode)
{
    REAL(fopen_fn, "fopen", real);
    return open_fails(path) ? NULL : real(path, mode);
}

FILE *fopen64(const char *path, const char *mode)
{
    REAL(fopen_fn, "fopen64", real);
    return open_fails(path) ? NULL : real(path, mode);
}

static mode_t mode_arg(int flags, va_list ap)
{
    return (flags & O_CREAT) || (flags & __O_TMPFILE) == __O_TMPFILE
               ? (mode_t)va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...)
{
    REAL(open_fn, "open", real);
    va_list ap;
    va_start(ap, flags);
    mode_t m = mode_arg(flags, ap);
    va_end(ap);
    return open_fails(path) ? -1 : real(path, flags, m);
}

int open64(const char *path, int flags, ...)
{
    REAL(open_fn, "open64", real);
    va_list ap;
    va_start(ap, flags);
    mode_t m = mode_arg(flags, ap);
    va_end(ap);
    return open_fails(path) ? -1 : real(path, flags, m);
}

int fsync(int fd)
{
    REAL(fsync_fn, "fsync", real);
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && fail_with("EVS_FAULT_FSYNC"))
        return -1;
    return real(fd);
}

int rename(const char *a, const char *b)
{
    REAL(rename_fn, "rename", real);
    return fail_with("EVS_FAULT_RENAME") ? -1 : real(a, b);
}

int linkat(int fd1, const char *a, int fd2, const char *b, int flags)
{
    REAL(linkat_fn, "linkat", real);
    return fail_with("EVS_FAULT_LINK") ? -1 : real(fd1, a, fd2, b, flags);
}
