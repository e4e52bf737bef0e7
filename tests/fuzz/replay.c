/*
 * replay.c - runs one fuzz target (linked beside it) on every saved input
 * in tests/fuzz/regress/NAME/ and tests/fuzz/seeds/NAME/, one cmocka test
 * per file, so that each crash ever found stays fixed in every build
 * (normal, ASan+UBSan, valgrind).  EVS_FUZZ_NAME is set by the Makefile.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "fuzzutil.h"

#ifndef EVS_FUZZ_NAME
#error "EVS_FUZZ_NAME must name the target"
#endif

/* libFuzzer calls this once when a target defines it. */
#pragma weak LLVMFuzzerInitialize

static void run_one(void **state)
{
    const char *path = *state;
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    struct stat st;
    assert_int_equal(fstat(fileno(f), &st), 0);
    size_t n = (size_t)st.st_size;
    /* Exactly n bytes, so that ASan sees any read past the input. */
    uint8_t *buf = malloc(n ? n : 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, n, f), n);
    fclose(f);
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the regular files of dir to *paths. */
static void collect(const char *dir, char ***paths, size_t *n, size_t *cap)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        char *p = malloc(len);
        if (p == NULL)
            abort();
        snprintf(p, len, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(p);
            continue;
        }
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 64;
            *paths = realloc(*paths, *cap * sizeof **paths);
            if (*paths == NULL)
                abort();
        }
        (*paths)[(*n)++] = p;
    }
    closedir(d);
}

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize != NULL)
        LLVMFuzzerInitialize(&argc, &argv);
    const char *root = getenv("EVS_TEST_ROOT");
    char dir[4096];
    char **paths = NULL;
    size_t n = 0, cap = 0;
    const char *kinds[] = {"regress", "seeds"};
    for (size_t k = 0; k < 2; k++) {
        snprintf(dir, sizeof dir, "%s/tests/fuzz/%s/%s", root ? root : "..",
                 kinds[k], EVS_FUZZ_NAME);
        collect(dir, &paths, &n, &cap);
    }
    if (n == 0) {
        fprintf(stderr, "replay %s: no saved inputs (seeds missing?)\n",
                EVS_FUZZ_NAME);
        return 1;
    }
    qsort(paths, n, sizeof *paths, cmp_str);
    struct CMUnitTest *tests = calloc(n, sizeof *tests);
    if (tests == NULL)
        abort();
    for (size_t i = 0; i < n; i++) {
        const char *slash = strrchr(paths[i], '/');
        tests[i].name = slash ? slash + 1 : paths[i];
        tests[i].test_func = run_one;
        tests[i].initial_state = paths[i];
    }
    int rc = _cmocka_run_group_tests("fuzz_" EVS_FUZZ_NAME, tests, n, NULL,
                                     NULL);
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    free(tests);
    return rc;
}
