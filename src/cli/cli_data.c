/*
 * cli_data.c - locating the bundled data directory and loading price
 * files by symbol (see cli_data.h).  Process-level concerns (environment,
 * /proc/self/exe) live here, in the command, never in the library.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_data.h"

#ifndef EVS_DATADIR
#define EVS_DATADIR "/usr/local/share/evstudy"
#endif

static int has_ipos(const char *dir)
{
    char p[4096];
    struct stat st;
    if (snprintf(p, sizeof p, "%s/ipos.csv", dir) >= (int)sizeof p)
        return 0;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Beside the executable: ../data and ../../data (build trees such as
 * build/evstudy and build/san/evstudy), then ../share/evstudy (an install
 * moved, or staged with DESTDIR, away from its compiled-in prefix). */
static int from_exe(char *buf, size_t n)
{
    char exe[4096];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len <= 0)
        return 0;
    exe[len] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash == NULL)
        return 0;
    *slash = '\0';
    static const char *const up[] = {"/../data", "/../../data",
                                     "/../share/evstudy"};
    for (size_t k = 0; k < sizeof up / sizeof up[0]; k++) {
        if (snprintf(buf, n, "%s%s", exe, up[k]) >= (int)n)
            return 0;
        char real[4096];
        if (has_ipos(buf)) {
            /* build/../data reads better as .../data in messages. */
            if (realpath(buf, real) != NULL && strlen(real) < n)
                memcpy(buf, real, strlen(real) + 1);
            return 1;
        }
    }
    return 0;
}

int cli_data_dir(char *buf, size_t n)
{
    const char *env = getenv("EVSTUDY_DATA");
    if (env != NULL && env[0] != '\0') {
        snprintf(buf, n, "%s", env);
        return has_ipos(buf);
    }
    if (from_exe(buf, n))
        return 1;
    snprintf(buf, n, "%s", EVS_DATADIR);
    return has_ipos(buf);
}

int cli_load_symbol(cli_study *s, const char *dir, const char *symbol)
{
    /* A symbol is never a path: "a/../b" must not reach other files. */
    if (symbol == NULL || strchr(symbol, '/') != NULL ||
        evs_dataset_find(s->data, symbol) != NULL ||
        s->n_paths >= sizeof s->paths / sizeof s->paths[0])
        return 0;
    size_t len = strlen(dir) + strlen(symbol) + 6;
    char *path = malloc(len);
    if (path == NULL) {
        cli_error("out of memory");
        return CLI_EXIT_INTERNAL;
    }
    snprintf(path, len, "%s/%s.csv", dir, symbol);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        free(path);
        return 0;
    }
    s->paths[s->n_paths++] = path; /* freed by cli_study_free */
    evs_error e = {0};
    evs_warner w = {cli_warn_cb, NULL};
    evs_status rc = evs_load_prices_csv(s->data, path, symbol, &w, &e);
    if (rc != EVS_OK) {
        cli_error_evs(&e, rc);
        return rc == EVS_ENOMEM ? CLI_EXIT_INTERNAL : CLI_EXIT_INPUT;
    }
    if (s->n_inputs < sizeof s->inputs / sizeof s->inputs[0]) {
        evs_input_file *in = &s->inputs[s->n_inputs++];
        in->role = "prices";
        in->path = path;
        if (evs_sha256_file(path, in->sha256, &e) != EVS_OK)
            in->sha256[0] = '\0';
    }
    return 0;
}
