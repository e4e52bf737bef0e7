/*
 * hash.c - SHA-256 of input files for the provenance block of reports,
 * through OpenSSL's libcrypto (EVP interface).
 */
#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

evs_status evs_sha256_file(const char *path, char hex[65], evs_error *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return evs__seterr(err, EVS_EIO, 0, "%s: cannot open: %s", path,
                           strerror(errno));
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    evs_status st = EVS_OK;
    if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
        st = evs__seterr(err, EVS_ENOMEM, 0, "sha256: cannot initialise");
        goto out;
    }
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        if (EVP_DigestUpdate(ctx, buf, n) != 1) {
            st = evs__seterr(err, EVS_EINTERNAL, 0, "sha256 failed");
            goto out;
        }
    if (ferror(f)) {
        st = evs__seterr(err, EVS_EIO, 0, "%s: read error", path);
        goto out;
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
    fclose(f);
    return st;
}
