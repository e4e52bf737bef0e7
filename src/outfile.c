/*
 * outfile.c - atomic output files: the data go to a file without a name
 * (O_TMPFILE) or to a temporary file beside the target, are fsynced, and
 * only then get the final name by rename, so a reader never sees half a
 * file, a failed or killed run leaves the old file (or nothing) in place,
 * and a kill -9 leaves no litter where O_TMPFILE works.  A path that names
 * a device or FIFO (/dev/null, /dev/full) is written in place: renaming
 * over a device node would replace it.
 */
#define _GNU_SOURCE /* O_TMPFILE, linkat AT_SYMLINK_FOLLOW */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

typedef enum { OUT_STDOUT, OUT_DEVICE, OUT_NAMELESS, OUT_TEMP } out_kind;

struct evs_outfile {
    FILE *f;
    out_kind kind;
    char *path;
    char *dir; /* directory of path, for O_TMPFILE and the final fsync */
    char *tmp; /* OUT_TEMP: the temporary name; OUT_NAMELESS: link name */
};

/* The directory part of path ("." when there is none), into a new string. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        return evs__strdup(".");
    if (slash == path)
        return evs__strdup("/");
    return evs__strndup(path, (size_t)(slash - path));
}

static evs_status open_error(evs_outfile *of, const char *path, int e,
                             evs_error *err)
{
    evs_outfile_abort(of);
    if (e == ENOMEM)
        return evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
    return evs__seterr(err, EVS_EWRITE, 0, "%s: cannot create: %s", path,
                       strerror(e));
}

/* A file with no name in the target's directory; -1 when the kernel, the
 * file system or a missing /proc (needed to name it later) rules it out. */
static int open_nameless(const char *dir, int *e)
{
    int fd = -1;
    *e = EOPNOTSUPP;
    if (access("/proc/self/fd", X_OK) == 0) {
        fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
        *e = errno;
    }
    return fd;
}

static int open_temp(evs_outfile *of, const char *path, int *e)
{
    size_t n = strlen(path) + 16;
    of->tmp = evs__malloc(n);
    if (of->tmp == NULL) {
        *e = ENOMEM;
        return -1;
    }
    snprintf(of->tmp, n, "%s.tmpXXXXXX", path);
    int fd = mkstemp(of->tmp);
    *e = errno;
    if (fd < 0) {
        free(of->tmp);
        of->tmp = NULL;
        return -1;
    }
    /* mkstemp creates 0600; outputs are ordinary files (0666 & ~umask). */
    mode_t um = umask(0);
    umask(um);
    fchmod(fd, 0666 & ~um);
    return fd;
}

evs_outfile *evs_outfile_open(const char *path, evs_error *err)
{
    evs_outfile *of = evs__calloc(1, sizeof *of);
    if (of == NULL) {
        evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
        return NULL;
    }
    if (strcmp(path, "-") == 0) {
        of->f = stdout;
        of->kind = OUT_STDOUT;
        return of;
    }
    of->path = evs__strdup(path);
    of->dir = dir_of(path);
    if (of->path == NULL || of->dir == NULL) {
        open_error(of, path, ENOMEM, err);
        return NULL;
    }
    struct stat st;
    int fd, e = 0;
    int exists = stat(path, &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) {
        open_error(of, path, EISDIR, err);
        return NULL;
    }
    if (exists && !S_ISREG(st.st_mode)) {
        of->kind = OUT_DEVICE;
        fd = open(path, O_WRONLY | O_CLOEXEC);
        e = errno;
    } else {
        of->kind = OUT_NAMELESS;
        fd = open_nameless(of->dir, &e);
        if (fd == -1 && e != ENOENT && e != ENOTDIR && e != EACCES &&
            e != EPERM && e != EROFS && e != ENOSPC && e != EDQUOT) {
            of->kind = OUT_TEMP; /* O_TMPFILE unsupported here: fall back */
            fd = open_temp(of, path, &e);
        }
    }
    if (fd < 0) {
        open_error(of, path, e, err);
        return NULL;
    }
    of->f = fdopen(fd, "w");
    if (of->f == NULL) {
        e = errno;
        close(fd);
        open_error(of, path, e, err);
        return NULL;
    }
    return of;
}

FILE *evs_outfile_stream(evs_outfile *of) { return of->f; }

void evs_outfile_abort(evs_outfile *of)
{
    if (of == NULL)
        return;
    /* A nameless file vanishes with its descriptor; stdout stays open. */
    if (of->f != NULL && of->kind != OUT_STDOUT)
        fclose(of->f);
    if (of->kind == OUT_TEMP && of->tmp != NULL)
        unlink(of->tmp);
    free(of->tmp);
    free(of->path);
    free(of->dir);
    free(of);
}

/* Names the nameless file.  A new target is linked under its own name
 * at once (of->tmp stays NULL): nothing can be left behind.  An existing
 * target gets a unique temporary name beside it, and the rename that
 * follows replaces it atomically; a kill between the two leaves that one
 * temporary name. */
static int link_nameless(evs_outfile *of)
{
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fileno(of->f));
    if (linkat(AT_FDCWD, proc, AT_FDCWD, of->path, AT_SYMLINK_FOLLOW) == 0)
        return 0;
    if (errno != EEXIST)
        return -1;
    size_t n = strlen(of->path) + 32;
    of->tmp = evs__malloc(n);
    if (of->tmp == NULL) {
        errno = ENOMEM;
        return -1;
    }
    for (unsigned k = 0; k < 100; k++) {
        snprintf(of->tmp, n, "%s.tmp%ld.%u", of->path, (long)getpid(), k);
        if (linkat(AT_FDCWD, proc, AT_FDCWD, of->tmp, AT_SYMLINK_FOLLOW) == 0)
            return 0;
        if (errno != EEXIST)
            break;
    }
    int e = errno;
    free(of->tmp);
    of->tmp = NULL;
    errno = e;
    return -1;
}

/* The rename is durable only once the directory entry is on disk. */
static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

static evs_status commit_stream(evs_outfile *of, evs_error *err)
{
    evs_status st = EVS_OK;
    errno = 0;
    if (fflush(of->f) != 0 || ferror(of->f))
        st = evs__seterr(err, EVS_EWRITE, 0, "write error on standard "
                         "output: %s", strerror(errno ? errno : EIO));
    free(of);
    return st;
}

evs_status evs_outfile_commit(evs_outfile *of, evs_error *err)
{
    if (of->kind == OUT_STDOUT) /* flush and check, never close here */
        return commit_stream(of, err);
    const char *what = NULL;
    errno = 0;
    if (fflush(of->f) != 0 || ferror(of->f))
        what = "write";
    else if (fsync(fileno(of->f)) != 0 && errno != EINVAL && errno != EROFS)
        what = "sync";
    int e = errno;
    if (of->kind == OUT_NAMELESS) {
        /* Link and rename back to back: a kill between them is the only
         * way a temporary name survives.  The close comes after; by then
         * fsync has reported any write error. */
        if (what == NULL && link_nameless(of) != 0) {
            what = "link";
            e = errno;
        }
        if (what == NULL && of->tmp != NULL && rename(of->tmp, of->path) != 0) {
            what = "rename";
            e = errno;
        }
        if (fclose(of->f) != 0 && what == NULL) {
            what = "close";
            e = errno;
        }
        if (what == NULL)
            sync_dir(of->dir);
    } else {
        /* Closed before the rename, so that a failing close (NFS reports
         * write errors there) never leaves a bad file under the final
         * name. */
        if (fclose(of->f) != 0 && what == NULL) {
            what = "close";
            e = errno;
        }
        if (what == NULL && of->kind != OUT_DEVICE) {
            if (rename(of->tmp, of->path) != 0) {
                what = "rename";
                e = errno;
            } else {
                sync_dir(of->dir);
            }
        }
    }
    of->f = NULL;
    evs_status st = EVS_OK;
    if (what != NULL && e == ENOMEM)
        st = evs__seterr(err, EVS_ENOMEM, 0, "%s: out of memory", of->path);
    else if (what != NULL)
        st = evs__seterr(err, EVS_EWRITE, 0, "%s: %s failed: %s", of->path,
                         what, strerror(e ? e : EIO));
    if (what != NULL && of->tmp != NULL)
        unlink(of->tmp);
    free(of->tmp);
    free(of->path);
    free(of->dir);
    free(of);
    return st;
}
