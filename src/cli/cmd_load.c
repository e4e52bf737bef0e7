/*
 * cmd_load.c - `evstudy load`: reads inputs exactly as `run` does and
 * reports what was loaded (counts and a content digest), nothing else.
 * It times the loading stage alone (make bench) and proves that threaded,
 * serial and binary-copy loads give the same bits.
 */
#include <string.h>
#include <sys/stat.h>

#include "cli_load.h"

enum { L_PRICES = 1, L_RETURNS, L_EVENTS, L_THREADS, L_BIN, L_NO_BIN, L_QUIET };

static const cli_option opts[] = {
    {"prices", 'p', CLI_ARG_PATH, "PATH", "price CSV file or directory (repeatable)", L_PRICES},
    {"returns", 0, CLI_ARG_PATH, "FILE", "long returns CSV date,symbol,ret (repeatable)", L_RETURNS},
    {"events", 'e', CLI_ARG_PATH, "FILE", "events CSV to load as well", L_EVENTS},
    {"threads", 0, CLI_ARG_INT, "N", "parsing threads; default one per core", L_THREADS},
    {"bin-cache", 0, CLI_ARG_PATH, "DIR", "binary copies of large CSVs in DIR (default $XDG_CACHE_HOME/evstudy/bin)", L_BIN},
    {"no-bin-cache", 0, CLI_ARG_NONE, NULL, "neither read nor write binary copies", L_NO_BIN},
    {"quiet", 'q', CLI_ARG_NONE, NULL, "no warnings", L_QUIET},
    {NULL, 0, CLI_ARG_NONE, NULL, NULL, 0}};

#define MAX_IN 256

typedef struct load_args {
    const char *in[MAX_IN];
    int is_ret[MAX_IN];
    size_t n;
    const char *events, *bin, *threads;
    int no_bin;
} load_args;

static int handler(int id, const char *v, void *ctx)
{
    load_args *a = ctx;
    switch (id) {
    case L_PRICES:
    case L_RETURNS:
        if (a->n >= MAX_IN)
            return cli_usage_error("load", "too many inputs");
        a->is_ret[a->n] = id == L_RETURNS;
        a->in[a->n++] = v;
        return 0;
    case L_EVENTS: a->events = v; return 0;
    case L_THREADS: a->threads = v; return 0;
    case L_BIN: a->bin = v; return 0;
    case L_NO_BIN: a->no_bin = 1; return 0;
    case L_QUIET: cli_verbosity = 0; return 0;
    default: return cli_usage_error("load", "unexpected option");
    }
}

static evs_status load_one(evs_dataset *ds, const load_args *a, size_t i,
                           const evs_load_options *o, const evs_warner *w,
                           evs_error *e)
{
    struct stat st;
    if (a->is_ret[i])
        return evs_load_returns_csv_ex(ds, a->in[i], o, w, e);
    if (stat(a->in[i], &st) == 0 && S_ISDIR(st.st_mode))
        return evs_load_prices_path(ds, a->in[i], w, e);
    return evs_load_prices_csv_ex(ds, a->in[i], NULL, o, w, e);
}

static void report(const evs_dataset *ds, const evs_events *ev, size_t n_in)
{
    size_t rows = 0;
    for (size_t i = 0; i < evs_dataset_count(ds); i++)
        rows += evs_series_len(evs_dataset_at(ds, i));
    char hex[17];
    evs_dataset_digest(ds, hex);
    printf("inputs %zu\nseries %zu\nrows %zu\n", n_in, evs_dataset_count(ds), rows);
    if (ev != NULL)
        printf("events %zu\n", evs_events_count(ev));
    printf("digest %s\n", hex);
}

int cmd_load(int argc, char **argv)
{
    load_args a;
    memset(&a, 0, sizeof a);
    const char *pos[1];
    int npos = 0;
    int rc = cli_parse("load", opts, argc, argv, handler, &a, pos, 0, &npos,
                       "Usage: evstudy load [options]\n"
                       "Loads price, return and event files as 'run' does and prints what was\n"
                       "loaded: inputs, series, rows, events and a digest of the data.", NULL);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    if (a.n == 0)
        return cli_usage_error("load", "no inputs: give --prices or --returns");
    long threads = 0;
    if (a.threads && !cli_parse_long(a.threads, 1, 64, &threads))
        return cli_usage_error("load", "invalid --threads (want 1..64) '%s'", a.threads);
    char dir[4096];
    evs_load_options o;
    cli_load_options(&o, (unsigned)threads, a.bin, a.no_bin, dir, sizeof dir);
    evs_error e = {0};
    evs_dataset *ds = evs_dataset_new(&e);
    evs_events *ev = NULL;
    evs_warner w = {cli_warn_cb, NULL};
    evs_status st = ds ? EVS_OK : EVS_ENOMEM;
    for (size_t i = 0; i < a.n && st == EVS_OK; i++)
        st = load_one(ds, &a, i, &o, &w, &e);
    if (st == EVS_OK && a.events != NULL) {
        ev = evs_events_load_csv(a.events, &e);
        st = ev ? EVS_OK : e.code;
    }
    if (st == EVS_OK)
        report(ds, ev, a.n);
    else
        cli_error_evs(&e, st);
    evs_events_free(ev);
    evs_dataset_free(ds);
    return st == EVS_OK ? 0 : st == EVS_ENOMEM ? CLI_EXIT_INTERNAL : CLI_EXIT_INPUT;
}
