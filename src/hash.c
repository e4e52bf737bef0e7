/*
 * hash.c - SHA-256 of input files for the provenance block of reports,
 * through OpenSSL's libcrypto (EVP interface): at once, or on a thread of
 * its own while the loader parses the same file.
 */
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* On the stack: the hash may run beside a fault-injection test, whose
 * count of allocations it must not disturb. */
#define CHUNK ((size_t)256 << 10)

/* The SHA-256 of the bytes of fd from offset 0 to its end, read with
 * pread (the fd's own offset is left alone, so a parse may share it). */
static evs_status sha256_fd(int fd, const char *path, _Atomic int *stop,
                            char hex[65], evs_error *err)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char buf[CHUNK];
    evs_status st = EVS_OK;
    if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
        st = evs__seterr(err, EVS_ENOMEM, 0, "sha256: cannot initialise");
        goto out;
    }
    for (off_t at = 0;;) {
        if (stop != NULL && *stop) {
            st = evs__seterr(err, EVS_EINTERNAL, 0, "sha256 stopped");
            goto out;
        }
        ssize_t n = pread(fd, buf, CHUNK, at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            st = evs__seterr(err, EVS_EIO, 0, "%s: read error: %s", path,
                             strerror(errno));
            goto out;
        }
        if (n == 0)
            break;
        if (EVP_DigestUpdate(ctx, buf, (size_t)n) != 1) {
            st = evs__seterr(err, EVS_EINTERNAL, 0, "sha256 failed");
            goto out;
        }
        at += n;
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned len = 0;
    if (EVP_DigestFinal_ex(ctx, md, &len) != 1 || len != 32) {
        st = evs__seterr(err, EVS_EINTERNAL, 0, "sha256 failed");
        goto out;
    }
    for (unsigned i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
out:
    EVP_MD_CTX_free(ctx);
    return st;
}

evs_status evs_sha256_file(const char *path, char hex[65], evs_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return evs__seterr(err, EVS_EIO, 0, "%s: cannot open: %s", path,
                           strerror(errno));
    evs_status st = sha256_fd(fd, path, NULL, hex, err);
    close(fd);
    return st;
}

static void *sha_main(void *arg)
{
    evs__sha_job *j = arg;
    evs_error e = {0};
    j->st = sha256_fd(j->fd, "", &j->stop, j->hex, &e);
    return NULL;
}

void evs__sha256_start(evs__sha_job *j, int fd)
{
    memset(j, 0, sizeof *j);
    j->fd = fd;
    j->started = pthread_create(&j->th, NULL, sha_main, j) == 0;
}

int evs__sha256_join(evs__sha_job *j, char hex[65], int want)
{
    if (!j->started)
        return 0;
    if (!want)
        j->stop = 1;
    pthread_join(j->th, NULL);
    j->started = 0;
    if (j->st != EVS_OK)
        return 0;
    memcpy(hex, j->hex, 65);
    return 1;
}
