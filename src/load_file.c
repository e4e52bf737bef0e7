/*
 * load_file.c - opening a CSV input for the streaming loader: stdin or a
 * file (read in chunks, never whole), with the binary copy consulted
 * before a parse and written after one when the options ask for it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bincache.h"
#include "loadrows.h"

static int same_file(const struct stat *a, const struct stat *b)
{
    return a->st_size == b->st_size && a->st_ino == b->st_ino &&
           a->st_dev == b->st_dev && a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
           a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* The load through a binary copy: read it when it is good, else parse and
 * write a fresh one (a failure to write is a warning). */
static evs_status load_cached(evs_dataset *ds, int fd, const struct stat *sb,
                              const char *path, const evs__load_req *req,
                              const evs_load_options *opts,
                              const evs_warner *warn, evs_error *err)
{
    char real[PATH_MAX];
    const char *sym = req->symbol;
    char *cpath = evs__bin_path(opts->bin_cache, path, sym, req->kind, real);
    evs__bin_warns wn = {NULL, 0, 0, path, warn, 0};
    evs_dataset *tmp = NULL;
    char sha[65] = "";
    int res = cpath ? evs__bin_read(cpath, real, sym, req->kind, fd, sb, &tmp,
                                    &wn, sha)
                    : EVS__BIN_MISS;
    evs_status rc = EVS_OK;
    if (res == EVS__BIN_HIT) {
        evs__bin_warns_replay(&wn, path, warn);
    } else {
        if (res == EVS__BIN_CORRUPT)
            evs__warn(warn, "%s: binary copy %s does not check out; reading "
                      "the CSV", path, cpath);
        evs__bin_warns_clear(&wn);
        evs_warner rec = {evs__bin_warn_cb, &wn};
        evs__stream st;
        evs__sha_job job; /* the copy records it: hashed beside the parse */
        evs__sha256_start(&job, fd);
        tmp = evs_dataset_new(err);
        rc = tmp ? evs__stream_open_fd(&st, fd, 1, 0, 0, path, err)
                 : EVS_ENOMEM;
        if (rc == EVS_OK)
            rc = evs__load_stream(tmp, &st, req, &rec, err);
        int hashed = evs__sha256_join(&job, sha, rc == EVS_OK);
        struct stat now;
        evs_error we = {0};
        if (rc == EVS_OK && cpath != NULL && !wn.oom &&
            (hashed || evs_sha256_file(path, sha, &we) == EVS_OK) &&
            stat(path, &now) == 0 && same_file(sb, &now) &&
            evs__bin_write(opts->bin_cache, cpath, real, sym, req->kind, fd,
                           sb, sha, tmp, &wn, &we) != EVS_OK)
            evs__warn(warn, "%s: no binary copy written: %s", path, we.msg);
    }
    if (opts->sha256_out != NULL) /* known only when it is the file's now */
        snprintf(opts->sha256_out, 65, "%s", rc == EVS_OK ? sha : "");
    if (rc == EVS_OK)
        rc = evs__dataset_move_all(ds, tmp, path, err);
    else
        evs_dataset_free(tmp);
    evs__bin_warns_clear(&wn);
    free(cpath);
    return rc;
}

evs_status evs__load_path(evs_dataset *ds, const char *path,
                          const evs__load_req *req,
                          const evs_load_options *opts,
                          const evs_warner *warn, evs_error *err)
{
    int use_stdin = strcmp(path, "-") == 0;
    int fd = use_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return evs__seterr(err, EVS_EIO, 0, "%s: cannot open: %s", path,
                           strerror(errno));
    struct stat sb;
    int seekable = 0;
    if (!use_stdin && fstat(fd, &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) {
            close(fd);
            return evs__seterr(err, EVS_EIO, 0, "%s: is a directory", path);
        }
        seekable = S_ISREG(sb.st_mode);
    }
    if (seekable)
        posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    evs_status rc;
    if (opts->sha256_out != NULL)
        opts->sha256_out[0] = '\0';
    if (seekable && opts->bin_cache != NULL &&
        (uint64_t)sb.st_size >= opts->bin_min_size) {
        rc = load_cached(ds, fd, &sb, path, req, opts, warn, err);
    } else {
        evs__sha_job job; /* asked for: hashed beside the parse */
        int hash = seekable && opts->sha256_out != NULL;
        if (hash)
            evs__sha256_start(&job, fd);
        evs__stream st;
        rc = evs__stream_open_fd(&st, fd, seekable, 0, 0, req->origin, err);
        if (rc == EVS_OK)
            rc = evs__load_stream(ds, &st, req, warn, err);
        char sha[65];
        struct stat now;
        if (hash && evs__sha256_join(&job, sha, rc == EVS_OK) && rc == EVS_OK &&
            fstat(fd, &now) == 0 && same_file(&sb, &now))
            snprintf(opts->sha256_out, 65, "%s", sha);
    }
    if (!use_stdin)
        close(fd);
    return rc;
}
