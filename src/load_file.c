/*
 * load_file.c - opening a CSV input for the streaming loader: stdin or a
 * file (read in chunks, never whole), with the binary copy consulted
 * before and written after a parse when the options ask for one.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loadrows.h"

evs_status evs__load_path(evs_dataset *ds, const char *path,
                          const evs__load_req *req,
                          const evs_load_options *opts,
                          const evs_warner *warn, evs_error *err)
{
    (void)opts;
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
    evs__stream st;
    evs_status rc = evs__stream_open_fd(&st, fd, seekable, 0, 0, path, err);
    if (rc == EVS_OK)
        rc = evs__load_stream(ds, &st, req, warn, err);
    if (!use_stdin)
        close(fd);
    return rc;
}
