/*
 * cli_fds.c - makes sure descriptors 0, 1 and 2 are open before anything
 * else runs.  Started with `>&-` or `2>&-`, the next file opened (an input,
 * or the temporary file of --out) would get that number, and messages or
 * results printed to stdout/stderr would land inside it.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "cli.h"

void cli_guard_std_fds(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        /* Opened the "wrong way round" on purpose: writes to a closed
         * stdout still fail (EBADF), so a lost result is still reported,
         * and a closed stdin still reads as an error, not as empty. */
        int nfd = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
        if (nfd >= 0 && nfd != fd) {
            dup2(nfd, fd);
            close(nfd);
        }
    }
}
