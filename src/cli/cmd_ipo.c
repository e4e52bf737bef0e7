/*
 * cmd_ipo.c - `evstudy ipo [STUDY.json] [options]`: first-day pops,
 * market-adjusted initial returns, BHARs by horizon and the cohort summary
 * of a list of listings, then their post-listing event study through the
 * same engine as `evstudy run`.  With no inputs it studies the bundled
 * listings (data/ipos.csv and the price files beside it).  With --plot
 * DIR it then draws them (cli_plot_ipo.c).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli_data.h"
#include "cli_plot.h"

enum { IPO_FILE = 100, IPO_HORIZONS, IPO_NO_POST };

static const cli_option ipo_options[] = {
    {"ipos", 'i', CLI_ARG_PATH, "FILE", "IPO CSV (symbol,listing_date,offer_price,...); default: the bundled ipos.csv", IPO_FILE},
    {"horizons", 0, CLI_ARG_LIST, "N,...", "holding horizons in trading days, ascending; default 1,5,20,60,120", IPO_HORIZONS},
    {"no-post", 0, CLI_ARG_NONE, NULL, "skip the post-listing event study", IPO_NO_POST},
    {NULL, 0, CLI_ARG_NONE, NULL, NULL, 0}};

static const char usage_line[] =
    "Usage: evstudy ipo [STUDY.json] [options]\n"
    "IPO analytics: offer-to-open/high/low/close and open-to-close returns,\n"
    "the market-adjusted initial return, money left on the table, market\n"
    "capitalisation, buy-and-hold abnormal returns by horizon, wealth\n"
    "relatives, price-limit flags and a cohort summary; then the post-listing\n"
    "abnormal returns through the `run` engine.  With no inputs: the bundled\n"
    "GPU listings.";

static const char epilog[] =
    "The post-listing study is `evstudy run` on one event per listing, dated\n"
    "the listing day (day 0; its return is missing: no earlier close).\n"
    "Without --prices/--returns, prices are read per symbol from\n"
    "<data>/<SYMBOL>.csv; <data> is $EVSTUDY_DATA, else ../data beside the\n"
    "executable (the build tree), else the installed share/evstudy.\n"
    "Tables (--table): ipos, horizons, limits, summary, wealth, post, notes, all.\n"
    "Figures (--plot DIR, after the tables): first-day, listing-SYMBOL per\n"
    "listing, bhar-paths, bhar-paths-first-close, caar, car-paths.\n";

typedef struct ipo_cli {
    cli_study s;
    const char *ipos_path;
    const char *ipos_origin; /* the file the listings came from */
    const char *horizons;
    int no_post;
    evs_ipos *ipos;
    char datadir[4096];
    int have_datadir;
    cli_plot p;
} ipo_cli;

static int handler(int id, const char *v, void *ctx)
{
    ipo_cli *c = ctx;
    switch (id) {
    case IPO_FILE: c->ipos_path = v; return 0;
    case IPO_HORIZONS: c->horizons = v; return 0;
    case IPO_NO_POST: c->no_post = 1; return 0;
    default: break;
    }
    int rc = cli_study_option(&c->s, "ipo", id, v);
    if (rc == -2)
        rc = cli_plot_option(&c->p, "ipo", id, v);
    return rc == -2 ? cli_usage_error("ipo", "unexpected option") : rc;
}

/* ipo's help for shared rows whose meaning or default differs from run. */
static const struct {
    int id;
    const char *help;
} help_override[] = {
    {CS_MODEL, "post-listing model (evstudy list models); default market-adjusted"},
    {CS_ESTIMATION, "post-listing estimation window; default 21:140 (after the event window)"},
    {CS_WINDOW, "post-listing event window; default 1:20 (day 0 = listing day)"},
    {CS_CAR, "post-listing CAR windows; default 1:5,1:20"},
    {CS_ROLL, "listing date not a benchmark trading day: exact (default), next or prev"},
    {CS_TABLE, "tables: ipos, horizons, limits, summary, wealth, post, notes, all"},
    {CS_STRICT, "fail (exit 1) when any listing is incomplete"},
    {CS_MARKET, "benchmark of listings whose IPO file names none"},
};

/* The option table: ipo's own rows, then the shared study rows (not
 * --events: the events are the listing days). */
static void build_options(cli_option *out, size_t cap)
{
    size_t n = 0;
    for (const cli_option *o = ipo_options; o->name && n + 1 < cap; o++)
        out[n++] = *o;
    for (const cli_option *o = cli_study_options; o->name && n + 1 < cap; o++) {
        if (o->id == CS_EVENTS)
            continue;
        out[n] = *o;
        for (size_t k = 0; k < sizeof help_override / sizeof help_override[0]; k++)
            if (help_override[k].id == o->id)
                out[n].help = help_override[k].help;
        n++;
    }
    for (const cli_option *o = cli_plot_options; o->name && n + 1 < cap; o++)
        out[n++] = *o;
    out[n] = (cli_option){NULL, 0, CLI_ARG_NONE, NULL, NULL, 0};
}

static int parse_horizons(const char *list, evs_ipo_config *cfg)
{
    cfg->n_horizons = 0;
    const char *p = list;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        char b[16];
        long v;
        if (n == 0 || n >= sizeof b || cfg->n_horizons >= EVS_IPO_MAX_HORIZONS)
            return 0;
        memcpy(b, p, n);
        b[n] = '\0';
        if (!cli_parse_long(b, 1, 100000, &v) ||
            (cfg->n_horizons > 0 && (size_t)v <= cfg->horizons[cfg->n_horizons - 1]))
            return 0;
        cfg->horizons[cfg->n_horizons++] = (size_t)v;
        if (comma == NULL)
            return 1;
        p = comma + 1;
    }
}

/* Post-listing defaults; flags and the study file override them. */
static void post_defaults(evs_study_config *c)
{
    c->model = "market-adjusted";
    c->estimation = (evs_window){21, 140};
    c->window = (evs_window){1, 20};
    c->car[0] = (evs_window){1, 5};
    c->car[1] = (evs_window){1, 20};
    c->n_car = 2;
    c->roll = EVS_ROLL_EXACT;
}

static void record(cli_study *s, const char *role, const char *path)
{
    if (strcmp(path, "-") == 0 || s->n_inputs >= sizeof s->inputs / sizeof s->inputs[0])
        return;
    evs_input_file *in = &s->inputs[s->n_inputs++];
    evs_error e = {0};
    in->role = role;
    in->path = path;
    if (evs_sha256_file(path, in->sha256, &e) != EVS_OK)
        in->sha256[0] = '\0';
}

/* The listings: --ipos, else the study file's "ipos", else the bundled
 * file.  Returns an exit code. */
static int load_listings(ipo_cli *c)
{
    cli_study *s = &c->s;
    const char *path = c->ipos_path ? c->ipos_path : s->sf.ipos;
    if (path == NULL && s->sf.ipo_list != NULL) {
        c->ipos = s->sf.ipo_list; /* owned by s->sf, released with it */
        c->ipos_origin = s->study_path;
        return 0;
    }
    static char bundled[4200];
    if (path == NULL) {
        if (!c->have_datadir) {
            cli_error("no --ipos given and no bundled data at %s (set "
                      "EVSTUDY_DATA to the directory holding ipos.csv)",
                      c->datadir);
            return CLI_EXIT_INPUT;
        }
        snprintf(bundled, sizeof bundled, "%s/ipos.csv", c->datadir);
        path = bundled;
    }
    evs_error e = {0};
    evs_warner w = {cli_warn_cb, NULL};
    c->ipos = evs_ipos_load_csv(path, &w, &e);
    if (c->ipos == NULL) {
        cli_error_evs(&e, e.code);
        return e.code == EVS_ENOMEM ? CLI_EXIT_INTERNAL : CLI_EXIT_INPUT;
    }
    record(s, "ipos", path);
    c->ipos_origin = path;
    return 0;
}

/* Without price inputs: <data>/<SYMBOL>.csv for every listing, benchmark
 * and the default market. */
static int load_bundled_prices(ipo_cli *c)
{
    cli_study *s = &c->s;
    if (s->flags.n_prices || s->flags.n_returns || s->sf.n_prices || s->sf.n_returns)
        return 0;
    if (!c->have_datadir) {
        cli_error("no --prices given and no bundled data at %s", c->datadir);
        return CLI_EXIT_INPUT;
    }
    int rc = cli_load_symbol(s, c->datadir, s->cfg.market);
    for (size_t i = 0; rc == 0 && i < evs_ipos_count(c->ipos); i++) {
        const evs_ipo *p = evs_ipos_get(c->ipos, i);
        rc = cli_load_symbol(s, c->datadir, p->symbol);
        if (rc == 0)
            rc = cli_load_symbol(s, c->datadir, p->benchmark);
    }
    return rc;
}

/* Listings and benchmarks that have no file come from the price cache.
 * The network is used only when asked for (--cache, --source, --from,
 * --to or --adjust): the bundled study stays offline, so `make demo` never
 * leaves the machine. */
static int load_from_cache(ipo_cli *c)
{
    cli_study *s = &c->s;
    cli_fetch_cfg f = s->fetch;
    if (!(f.cache || f.source || f.from || f.to || f.adjust))
        f.offline = 1;
    if (f.offline && !cli_cache_exists(&f))
        return 0;
    const char *syms[2 * 256 + 1];
    size_t n = 0;
    if (s->cfg.market && !evs_dataset_find(s->data, s->cfg.market))
        syms[n++] = s->cfg.market;
    for (size_t i = 0; i < evs_ipos_count(c->ipos) && n + 2 < sizeof syms / sizeof syms[0]; i++) {
        const evs_ipo *p = evs_ipos_get(c->ipos, i);
        if (!evs_dataset_find(s->data, p->symbol))
            syms[n++] = p->symbol;
        if (p->benchmark && !evs_dataset_find(s->data, p->benchmark))
            syms[n++] = p->benchmark;
    }
    if (n == 0)
        return 0;
    /* From a year and a half before the first listing (estimation
     * windows may reach back) to today. */
    evs_date from = (evs_date)(time(NULL) / 86400), to = from;
    for (size_t i = 0; i < evs_ipos_count(c->ipos); i++)
        if (evs_ipos_get(c->ipos, i)->listing_date - 550 < from)
            from = evs_ipos_get(c->ipos, i)->listing_date - 550;
    return cli_fetch_missing(s->data, syms, n, from, to, &f, "ipo");
}

static void warn_listing(const ipo_cli *c, const evs_ipo_metrics *m)
{
    const char *origin = c->ipos_origin;
    if (origin != NULL && strcmp(origin, "-") == 0)
        origin = "<stdin>";
    if (origin != NULL && m->ipo->line > 0)
        cli_warn("%s:%ld: %s: %s", origin, m->ipo->line, m->ipo->symbol, m->reason);
    else if (origin != NULL)
        cli_warn("%s: %s: %s", origin, m->ipo->symbol, m->reason);
    else
        cli_warn("%s: %s", m->ipo->symbol, m->reason);
    for (size_t k = 0; k < m->n_notes; k++)
        cli_note("%s: %s", m->ipo->symbol, m->notes[k]);
}

/* The post-listing study; *post stays NULL when it is skipped. */
static int run_post(ipo_cli *c, const evs_ipo_result *r, evs_study_result **post)
{
    evs_error e = {0};
    evs_events *ev = evs_ipo_events(r, &e);
    if (ev == NULL) {
        if (e.code == EVS_ENODATA) {
            cli_warn("post-listing study skipped: %s", e.msg);
            return 0;
        }
        if (e.code == EVS_EINVAL) /* IPO-file benchmarks are checked on input */
            return cli_usage_error("ipo", "invalid --market '%s'", c->s.cfg.market);
        cli_error_evs(&e, e.code);
        return CLI_EXIT_INTERNAL;
    }
    evs_status st = evs_study_run(&c->s.cfg, c->s.data, ev, NULL, post, &e);
    evs_events_free(ev);
    if (st != EVS_OK && st != EVS_ENODATA) {
        cli_error_evs(&e, st);
        return cli_exit_code(st, CLI_PHASE_RUN);
    }
    for (size_t i = 0; *post && i < evs_study_result_n_events(*post); i++) {
        evs_event_result x = evs_study_result_event(*post, i);
        const evs_ipo_metrics *m = NULL;
        for (size_t k = 0; k < evs_ipo_result_count(r); k++)
            if (strcmp(evs_ipo_result_get(r, k)->ipo->symbol, x.event->symbol) == 0)
                m = evs_ipo_result_get(r, k);
        /* A listing without price data was reported already. */
        if (x.status != EVS_EVENT_OK && m && m->status == EVS_IPO_OK)
            cli_warn("%s: post-listing study: %s", x.event->symbol, x.reason);
    }
    return 0;
}

static int write_report(ipo_cli *c, const evs_ipo_result *r,
                        const evs_study_result *post)
{
    cli_study *s = &c->s;
    evs_error e = {0};
    evs_outfile *of = evs_outfile_open(s->out ? s->out : "-", &e);
    if (of == NULL) {
        cli_error_evs(&e, e.code);
        return CLI_EXIT_OUTPUT;
    }
    evs_report_opts o = {s->format, s->tables, s->inputs, s->n_inputs, "ipo"};
    evs_status st = evs_report_ipo(evs_outfile_stream(of), r, post, &o, &e);
    if (st != EVS_OK) {
        evs_outfile_abort(of);
        cli_error_evs(&e, st);
        return cli_exit_code(st, CLI_PHASE_OUTPUT);
    }
    st = evs_outfile_commit(of, &e);
    if (st != EVS_OK) {
        cli_error_evs(&e, st);
        return CLI_EXIT_OUTPUT;
    }
    return 0;
}

static int analyze(ipo_cli *c, evs_ipo_config *cfg)
{
    evs_ipo_result *r = NULL;
    evs_study_result *post = NULL;
    evs_error e = {0};
    evs_status st = evs_ipo_analyze(cfg, c->ipos, c->s.data, &r, &e);
    if (st != EVS_OK) {
        cli_error_evs(&e, st);
        return cli_exit_code(st, CLI_PHASE_RUN);
    }
    size_t bad = 0;
    for (size_t i = 0; i < evs_ipo_result_count(r); i++) {
        const evs_ipo_metrics *m = evs_ipo_result_get(r, i);
        if (m->status != EVS_IPO_OK) {
            bad++;
            warn_listing(c, m);
        }
    }
    int rc = c->no_post ? 0 : run_post(c, r, &post);
    if (rc == 0 && evs_ipo_result_n_usable(r) == 0) {
        cli_error("no listing has first-day figures (%zu listings)",
                  evs_ipo_result_count(r));
        rc = CLI_EXIT_NORESULT;
    } else if (rc == 0 && c->s.strict && bad > 0) {
        cli_error("%zu of %zu listings incomplete (--strict)", bad,
                  evs_ipo_result_count(r));
        rc = CLI_EXIT_NORESULT;
    }
    if (rc == 0)
        rc = write_report(c, r, post);
    if (rc == 0) {
        cli_plot_ipo(&c->p, r, post, c->s.data);
        rc = cli_plot_finish(&c->p, 1);
    }
    evs_study_result_free(post);
    evs_ipo_result_free(r);
    return rc;
}

int cmd_ipo(int argc, char **argv)
{
    static cli_option opts[64];
    build_options(opts, sizeof opts / sizeof opts[0]);
    ipo_cli c;
    memset(&c, 0, sizeof c);
    cli_study_init(&c.s);
    cli_plot_init(&c.p);
    post_defaults(&c.s.cfg);
    c.s.prices_optional = 1;
    c.s.table_parse = evs_ipo_table_parse;
    c.s.table_names = "ipos, horizons, limits, summary, wealth, post, notes, all";
    const char *pos[1];
    int npos = 0;
    int rc = cli_parse("ipo", opts, argc, argv, handler, &c, pos, 1, &npos,
                       usage_line, epilog);
    evs_ipo_config cfg;
    evs_ipo_config_init(&cfg);
    if (rc == 0 && c.horizons && !parse_horizons(c.horizons, &cfg))
        rc = cli_usage_error("ipo", "invalid --horizons '%s' (want ascending "
                             "trading-day counts from 1 to 100000, at most %d)",
                             c.horizons, EVS_IPO_MAX_HORIZONS);
    if (rc == 0) {
        if (npos == 1)
            c.s.study_path = pos[0];
        c.have_datadir = cli_data_dir(c.datadir, sizeof c.datadir);
        rc = cli_study_load(&c.s, "ipo", 0);
    }
    if (rc == 0 && c.s.events != NULL)
        cli_warn("ipo ignores the study file's \"events\" (events are the "
                 "listing days)");
    if (rc == 0)
        rc = load_listings(&c);
    if (rc == 0)
        rc = load_bundled_prices(&c);
    if (rc == 0)
        rc = load_from_cache(&c);
    if (rc == 0) {
        cfg.market = c.s.cfg.market;
        rc = analyze(&c, &cfg);
    }
    if (c.ipos != c.s.sf.ipo_list)
        evs_ipos_free(c.ipos);
    cli_study_free(&c.s);
    return rc < 0 ? 0 : rc;
}
