/*
 * plot.c - runs gnuplot: the only code in evs that starts a process.  It
 * executes gnuplot directly (posix_spawn, no shell), feeds the script to
 * its stdin over a socket (send with MSG_NOSIGNAL, so a gnuplot that dies
 * early cannot raise SIGPIPE in the caller), captures its output, checks
 * its exit status, and renders figures through a temporary file + rename.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plot_internal.h"

extern char **environ;

/* How much of gnuplot's output is kept for messages and warnings. */
#define CAPTURE_MAX 16384

typedef struct gp_proc {
    pid_t pid;
    int in;  /* our end of gnuplot's stdin, -1 once closed */
    int out; /* read end of gnuplot's stdout+stderr, -1 at EOF */
} gp_proc;

/* Moves fd above 2 with close-on-exec, so that dup2 onto 0..2 in the child
 * never meets itself (a caller with stdin closed hands out fd 0). */
static int high_fd(int fd)
{
    if (fd < 0 || fd > 2)
        return fd;
    int h = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    close(fd);
    return h;
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

static int spawn(const char *gp, const char *arg, int in_fd, int out_fd,
                 pid_t *pid)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    sigset_t none, def;
    if (posix_spawn_file_actions_init(&fa) != 0)
        return ENOMEM;
    if (posix_spawnattr_init(&at) != 0) {
        posix_spawn_file_actions_destroy(&fa);
        return ENOMEM;
    }
    /* gnuplot starts with no blocked signals and default SIGPIPE, whatever
     * the caller set for itself. */
    sigemptyset(&none);
    sigemptyset(&def);
    sigaddset(&def, SIGPIPE);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setsigdefault(&at, &def);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawn_file_actions_adddup2(&fa, in_fd, 0);
    posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
    posix_spawn_file_actions_adddup2(&fa, out_fd, 2);
    char *argv[3] = {(char *)gp, (char *)arg, NULL};
    int rc = strchr(gp, '/') ? posix_spawn(pid, gp, &fa, &at, argv, environ)
                             : posix_spawnp(pid, gp, &fa, &at, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    return rc;
}

static evs_status start(const char *gp, const char *arg, gp_proc *p,
                        evs_error *err)
{
    int sv[2], pp[2];
    p->pid = -1;
    p->in = p->out = -1;
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        return evs__seterr(err, EVS_EPLOT, 0, "cannot run gnuplot: socketpair: %s",
                           strerror(errno));
    if (pipe(pp) != 0) {
        int e = errno;
        close(sv[0]);
        close(sv[1]);
        return evs__seterr(err, EVS_EPLOT, 0, "cannot run gnuplot: pipe: %s", strerror(e));
    }
    fcntl(pp[0], F_SETFD, FD_CLOEXEC);
    fcntl(pp[1], F_SETFD, FD_CLOEXEC);
    for (int i = 0; i < 2; i++) {
        sv[i] = high_fd(sv[i]);
        pp[i] = high_fd(pp[i]);
    }
    int rc = (sv[0] < 0 || sv[1] < 0 || pp[0] < 0 || pp[1] < 0)
                 ? EMFILE : spawn(gp, arg, sv[1], pp[1], &p->pid);
    close_fd(&sv[1]);
    close_fd(&pp[1]);
    if (rc != 0) {
        close_fd(&sv[0]);
        close_fd(&pp[0]);
        p->pid = -1;
        return evs__seterr(err, EVS_EPLOT, 0, "cannot run gnuplot '%s': %s", gp,
                           strerror(rc));
    }
    p->in = sv[0];
    p->out = pp[0];
    return EVS_OK;
}

/* Sends the next piece of input; closes our end when done or when gnuplot
 * stopped reading (its exit status then tells what happened). */
static void feed(gp_proc *p, const char *const *piece, const size_t *len,
                 size_t *which, size_t *off)
{
    while (*which < 2 && *off == len[*which]) {
        (*which)++;
        *off = 0;
    }
    if (*which == 2) {
        close_fd(&p->in);
        return;
    }
    size_t rest = len[*which] - *off;
    ssize_t n = send(p->in, piece[*which] + *off, rest > 65536 ? 65536 : rest,
                     MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0)
        *off += (size_t)n;
    else if (n < 0 && errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)
        close_fd(&p->in);
}

static void drain(gp_proc *p, evs__buf *cap, int *oom)
{
    char chunk[4096];
    ssize_t n = read(p->out, chunk, sizeof chunk);
    if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
        close_fd(&p->out);
    else if (n > 0 && cap->len < CAPTURE_MAX) {
        size_t keep = (size_t)n;
        if (keep > CAPTURE_MAX - cap->len)
            keep = CAPTURE_MAX - cap->len;
        if (!evs__buf_append(cap, chunk, keep))
            *oom = 1;
    }
}

/* Writes a and b to gnuplot's stdin while collecting its output, then
 * waits for it.  *status is the wait status. */
static evs_status pump(gp_proc *p, const char *a, size_t alen, const char *b,
                       size_t blen, evs__buf *cap, int *status, evs_error *err)
{
    const char *piece[2] = {a, b};
    size_t len[2] = {alen, blen}, which = 0, off = 0;
    int oom = 0;
    while (p->in >= 0 || p->out >= 0) {
        struct pollfd fds[2];
        nfds_t n = 0;
        if (p->in >= 0)
            fds[n++] = (struct pollfd){p->in, POLLOUT, 0};
        if (p->out >= 0)
            fds[n++] = (struct pollfd){p->out, POLLIN, 0};
        if (poll(fds, n, -1) < 0) {
            if (errno == EINTR)
                continue;
            close_fd(&p->in);
            close_fd(&p->out);
            break;
        }
        for (nfds_t i = 0; i < n; i++) {
            if (fds[i].revents == 0)
                continue;
            if (fds[i].fd == p->in)
                feed(p, piece, len, &which, &off);
            else if (fds[i].fd == p->out)
                drain(p, cap, &oom);
        }
    }
    pid_t w;
    while ((w = waitpid(p->pid, status, 0)) < 0 && errno == EINTR)
        ;
    if (w < 0)
        return evs__seterr(err, EVS_EPLOT, 0, "gnuplot: cannot wait for it: %s",
                           strerror(errno));
    if (oom)
        return evs__seterr(err, EVS_ENOMEM, 0, "plot: out of memory");
    return EVS_OK;
}

/* gnuplot's output as one line: lines joined by "; ", blank lines and the
 * caret lines that point into the echoed command dropped. */
static void tidy(const evs__buf *cap, char *out, size_t size)
{
    size_t o = 0;
    const char *s = cap->data ? cap->data : "";
    out[0] = '\0';
    while (*s && o + 1 < size) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        while (n > 0 && (*s == ' ' || *s == '\t'))
            s++, n--;
        while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\r' || s[n - 1] == '\t'))
            n--;
        if (n > 0 && strspn(s, "^ \t") < n) {
            if (o > 0 && o + 3 < size)
                o += (size_t)snprintf(out + o, size - o, "; ");
            if (n > size - o - 1)
                n = size - o - 1;
            memcpy(out + o, s, n);
            o += n;
            out[o] = '\0';
        }
        s = e ? e + 1 : s + n;
        if (!e)
            break;
    }
}

static evs_status status_error(const char *gp, int status, const evs__buf *cap,
                               evs_error *err)
{
    char text[EVS_ERRMSG_MAX];
    tidy(cap, text, sizeof text);
    const char *sep = text[0] ? ": " : "";
    /* Where posix_spawn is emulated with fork (valgrind, some libcs) an
     * exec failure shows up as the child's silent exit 127, the shell's
     * convention for "command not found". */
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && text[0] == '\0')
        return evs__seterr(err, EVS_EPLOT, 0, "cannot run gnuplot '%s': it exited "
                           "with status 127 (not found or not executable)", gp);
    if (WIFSIGNALED(status))
        return evs__seterr(err, EVS_EPLOT, 0, "gnuplot '%s' was killed by signal %d%s%s",
                           gp, WTERMSIG(status), sep, text);
    return evs__seterr(err, EVS_EPLOT, 0, "gnuplot '%s' exited with status %d%s%s", gp,
                       WIFEXITED(status) ? WEXITSTATUS(status) : -1, sep, text);
}

/* Starts gnuplot, sends a then b, and judges the outcome; *cap holds what
 * it printed (the caller clears it). */
static evs_status run2(const char *gp, const char *arg, const char *a, size_t alen,
                       const char *b, size_t blen, evs__buf *cap, evs_error *err)
{
    gp_proc p;
    evs_status st = start(gp, arg, &p, err);
    if (st != EVS_OK)
        return st;
    int status = 0;
    st = pump(&p, a, alen, b, blen, cap, &status, err);
    if (st != EVS_OK)
        return st;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return status_error(gp, status, cap, err);
    return EVS_OK;
}

static void warn_lines(const evs__buf *cap, const evs_warner *warn)
{
    const char *s = cap->data;
    while (s && *s) {
        const char *e = strchr(s, '\n');
        int n = (int)(e ? e - s : (ptrdiff_t)strlen(s));
        if (n > 0 && (size_t)n > strspn(s, "^ \t\r"))
            evs__warn(warn, "gnuplot: %.*s", n, s);
        s = e ? e + 1 : NULL;
    }
}

evs_status evs_plot_run(const char *script, const char *gnuplot,
                        const evs_warner *warn, evs_error *err)
{
    const char *gp = gnuplot ? gnuplot : "gnuplot";
    evs__buf cap = {0};
    evs_status st = run2(gp, NULL, "", 0, script, strlen(script), &cap, err);
    if (st == EVS_OK)
        warn_lines(&cap, warn);
    evs__buf_clear(&cap);
    return st;
}

evs_status evs_plot_gnuplot_version(const char *gnuplot, char *buf,
                                    size_t size, evs_error *err)
{
    const char *gp = gnuplot ? gnuplot : "gnuplot";
    evs__buf cap = {0};
    evs_status st = run2(gp, "--version", "", 0, "", 0, &cap, err);
    if (st == EVS_OK && size > 0)
        tidy(&cap, buf, size);
    evs__buf_clear(&cap);
    return st;
}

/* A temporary file beside `output`, created empty with the mode an
 * ordinary new file would get (0666 & ~umask, as outfile.c does). */
static evs_status make_temp(const char *output, char **out, evs_error *err)
{
    size_t n = strlen(output) + 16;
    char *tmp = evs__malloc(n);
    *out = NULL;
    if (tmp == NULL)
        return evs__seterr(err, EVS_ENOMEM, 0, "plot: out of memory");
    snprintf(tmp, n, "%s.tmpXXXXXX", output);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return evs__seterr(err, EVS_EWRITE, 0, "%s: cannot create: %s", output,
                           strerror(e));
    }
    mode_t um = umask(0);
    umask(um);
    fchmod(fd, 0666 & ~um);
    close(fd);
    *out = tmp;
    return EVS_OK;
}

/* Checks what gnuplot left in tmp, syncs it and renames it into place. */
static evs_status commit_figure(const char *tmp, const char *output,
                                evs_error *err)
{
    struct stat sb;
    if (stat(tmp, &sb) != 0 || sb.st_size == 0)
        return evs__seterr(err, EVS_EPLOT, 0, "%s: gnuplot wrote nothing", output);
    int fd = open(tmp, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    if (rename(tmp, output) != 0)
        return evs__seterr(err, EVS_EWRITE, 0, "%s: rename failed: %s", output,
                           strerror(errno));
    return EVS_OK;
}

evs_status evs_plot_render(const char *script, const char *output,
                           const char *gnuplot, const evs_warner *warn,
                           evs_error *err)
{
    if (!evs__gp_path_ok(output))
        return evs__seterr(err, EVS_EINVAL, 0, "plot: the output path is empty "
                           "or holds control characters");
    char *tmp;
    evs_status st = make_temp(output, &tmp, err);
    if (st != EVS_OK)
        return st;
    /* The script reads its file name from `outfile` (see evs__gp_begin). */
    evs__gp pre;
    memset(&pre, 0, sizeof pre);
    evs__gp_printf(&pre, "outfile = ");
    evs__gp_quote(&pre, tmp);
    evs__gp_printf(&pre, "\n");
    if (pre.oom) {
        st = evs__seterr(err, EVS_ENOMEM, 0, "plot: out of memory");
    } else {
        const char *gp = gnuplot ? gnuplot : "gnuplot";
        evs__buf cap = {0};
        st = run2(gp, NULL, pre.b.data, pre.b.len, script, strlen(script), &cap, err);
        if (st == EVS_OK)
            warn_lines(&cap, warn);
        evs__buf_clear(&cap);
    }
    evs__buf_clear(&pre.b);
    if (st == EVS_OK)
        st = commit_figure(tmp, output, err);
    if (st != EVS_OK)
        unlink(tmp);
    free(tmp);
    return st;
}
