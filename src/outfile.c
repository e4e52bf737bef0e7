/*
 * outfile.c - atomic output files: write to a temporary file beside the
 * target, fsync, then rename, so a reader never sees half a file and a
 * failed run leaves the old file (or nothing) in place.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

struct evs_outfile {
    FILE *f;
    char *path;
    char *tmp; /* NULL for stdout */
};

evs_outfile *evs_outfile_open(const char *path, evs_error *err)
{
    evs_outfile *of = evs__calloc(1, sizeof *of);
    if (of == NULL) {
        evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
        return NULL;
    }
    if (strcmp(path, "-") == 0) {
        of->f = stdout;
        return of;
    }
    size_t n = strlen(path);
    of->path = evs__strdup(path);
    of->tmp = evs__malloc(n + 16);
    if (of->path == NULL || of->tmp == NULL) {
        evs_outfile_abort(of);
        evs__seterr(err, EVS_ENOMEM, 0, "out of memory");
        return NULL;
    }
    snprintf(of->tmp, n + 16, "%s.tmpXXXXXX", path);
    int fd = mkstemp(of->tmp);
    if (fd < 0) {
        int e = errno;
        free(of->tmp);
        of->tmp = NULL;
        evs__seterr(err, EVS_EWRITE, 0, "%s: cannot create: %s", path,
                    strerror(e));
        evs_outfile_abort(of);
        return NULL;
    }
    /* mkstemp creates 0600; outputs are ordinary files (0666 & ~umask). */
    mode_t um = umask(0);
    umask(um);
    fchmod(fd, 0666 & ~um);
    of->f = fdopen(fd, "w");
    if (of->f == NULL) {
        int e = errno;
        close(fd);
        evs__seterr(err, EVS_EWRITE, 0, "%s: cannot create: %s", path,
                    strerror(e));
        evs_outfile_abort(of);
        return NULL;
    }
    return of;
}

FILE *evs_outfile_stream(evs_outfile *of) { return of->f; }

void evs_outfile_abort(evs_outfile *of)
{
    if (of == NULL)
        return;
    if (of->tmp != NULL) {
        if (of->f != NULL)
            fclose(of->f);
        unlink(of->tmp);
    }
    free(of->tmp);
    free(of->path);
    free(of);
}

evs_status evs_outfile_commit(evs_outfile *of, evs_error *err)
{
    evs_status st = EVS_OK;
    if (of->tmp == NULL) { /* stdout: flush and check, never close here */
        if (fflush(of->f) != 0 || ferror(of->f))
            st = evs__seterr(err, EVS_EWRITE, 0, "write error on standard "
                             "output: %s", strerror(errno ? errno : EIO));
        free(of);
        return st;
    }
    const char *what = NULL;
    if (fflush(of->f) != 0 || ferror(of->f))
        what = "write";
    else if (fsync(fileno(of->f)) != 0 && errno != EINVAL)
        what = "sync";
    int e = errno;
    if (fclose(of->f) != 0 && what == NULL) {
        what = "close";
        e = errno;
    }
    of->f = NULL;
    if (what == NULL && rename(of->tmp, of->path) != 0) {
        what = "rename";
        e = errno;
    }
    if (what != NULL) {
        st = evs__seterr(err, EVS_EWRITE, 0, "%s: %s failed: %s", of->path,
                         what, strerror(e ? e : EIO));
        unlink(of->tmp);
    }
    free(of->tmp);
    free(of->path);
    free(of);
    return st;
}
