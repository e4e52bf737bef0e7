/*
 * cli_plot.c - the plotting options and the figure writer shared by every
 * command that draws: it creates --plot DIR, keeps the scripts when asked,
 * probes gnuplot once, renders through the library and turns every
 * failure into one clear message and, at the end, exit code 7.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_plot.h"

const cli_option cli_plot_options[] = {
    {"plot", 0, CLI_ARG_PATH, "DIR", "write figures into DIR (created if missing)", CP_PLOT},
    {"plot-format", 0, CLI_ARG_STRING, "FMT", "figure format: png (default), svg or pdf", CP_FORMAT},
    {"plot-size", 0, CLI_ARG_STRING, "WxH", "figure size in pixels (PDF at 96 per inch); default 960x600", CP_SIZE},
    {"gnuplot", 0, CLI_ARG_PATH, "PATH", "the gnuplot program; default gnuplot on PATH", CP_GNUPLOT},
    {"plot-script", 0, CLI_ARG_NONE, NULL, "also write each figure's gnuplot script (DIR/NAME.gp)", CP_SCRIPT},
    {NULL, 0, CLI_ARG_NONE, NULL, NULL, 0}};

void cli_plot_init(cli_plot *p)
{
    memset(p, 0, sizeof *p);
    evs_plot_opts_init(&p->opts);
}

static int parse_size(const char *v, unsigned *w, unsigned *h)
{
    const char *x = strchr(v, 'x');
    char left[16];
    long a, b;
    if (x == NULL || (size_t)(x - v) >= sizeof left)
        return 0;
    memcpy(left, v, (size_t)(x - v));
    left[x - v] = '\0';
    if (!cli_parse_long(left, EVS_PLOT_MIN_SIZE, EVS_PLOT_MAX_SIZE, &a) ||
        !cli_parse_long(x + 1, EVS_PLOT_MIN_SIZE, EVS_PLOT_MAX_SIZE, &b))
        return 0;
    *w = (unsigned)a;
    *h = (unsigned)b;
    return 1;
}

int cli_plot_option(cli_plot *p, const char *cmd, int id, const char *v)
{
    switch (id) {
    case CP_PLOT: p->dir = v; return 0;
    case CP_GNUPLOT: p->gnuplot = v; return 0;
    case CP_SCRIPT: p->scripts = 1; return 0;
    case CP_FORMAT:
        if (!evs_plot_format_parse(v, &p->opts.format))
            return cli_usage_error(cmd, "invalid --plot-format '%s' (want png, svg or pdf)", v);
        return 0;
    case CP_SIZE:
        if (!parse_size(v, &p->opts.width, &p->opts.height))
            return cli_usage_error(cmd, "invalid --plot-size '%s' (want WxH, each %d..%d)",
                                   v, EVS_PLOT_MIN_SIZE, EVS_PLOT_MAX_SIZE);
        return 0;
    default: return -2;
    }
}

const cli_option *cli_options_join(cli_option *dst, size_t cap,
                                   const cli_option *a, const cli_option *b)
{
    size_t n = 0;
    for (const cli_option *src = a; src; src = src == a ? b : NULL)
        for (const cli_option *o = src; o->name; o++) {
            if (n + 1 >= cap)
                return NULL;
            dst[n++] = *o;
        }
    dst[n] = (cli_option){NULL, 0, CLI_ARG_NONE, NULL, NULL, 0};
    return dst;
}

/* mkdir -p: every missing level of DIR. */
static int make_dir(const char *dir)
{
    char buf[4096];
    size_t n = strlen(dir);
    if (n >= sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(buf, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        char c = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return -1;
        buf[i] = c;
    }
    struct stat st;
    if (stat(dir, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

const char *cli_plot_output(cli_plot *p, const char *stem)
{
    size_t n = strlen(p->dir);
    int sl = n > 0 && p->dir[n - 1] == '/';
    int k = snprintf(p->path, sizeof p->path, "%s%s%s.%s", p->dir, sl ? "" : "/",
                     stem, evs_plot_format_ext(p->opts.format));
    if (k < 0 || (size_t)k >= sizeof p->path) {
        cli_error("plotting failed: %s: the path is too long", p->dir);
        p->failed = 1;
        return NULL;
    }
    return p->path;
}

static void write_script(cli_plot *p, const char *stem, const char *script)
{
    char path[4096 + 8];
    size_t n = strlen(p->dir);
    snprintf(path, sizeof path, "%s%s%s.gp", p->dir,
             n > 0 && p->dir[n - 1] == '/' ? "" : "/", stem);
    evs_error e = {0};
    evs_outfile *of = evs_outfile_open(path, &e);
    evs_status st = of ? EVS_OK : e.code;
    if (of != NULL) {
        fputs(script, evs_outfile_stream(of));
        st = evs_outfile_commit(of, &e);
    }
    if (st != EVS_OK) {
        cli_error("plotting failed: %s", e.msg[0] ? e.msg : evs_strerror(st));
        p->failed = 1;
    } else {
        cli_note("wrote %s", path);
    }
}

/* gnuplot is asked once per command; when it cannot run, every figure
 * would fail the same way, so the reason is given once. */
static int gnuplot_ok(cli_plot *p)
{
    if (p->checked)
        return p->runnable;
    p->checked = 1;
    char ver[128];
    evs_error e = {0};
    evs_status st = evs_plot_gnuplot_version(p->gnuplot, ver, sizeof ver, &e);
    if (st != EVS_OK) {
        cli_error("plotting failed: %s (install gnuplot, or give --gnuplot PATH)",
                  e.msg[0] ? e.msg : evs_strerror(st));
        p->failed = 1;
        return 0;
    }
    cli_note("using %s", ver);
    p->runnable = 1;
    return 1;
}

void cli_plot_figure(cli_plot *p, const char *stem, evs_status st,
                     char *script, const evs_error *e)
{
    if (p->dir == NULL) {
        evs_free(script);
        return;
    }
    p->figures++;
    if (st != EVS_OK) {
        cli_error("plotting failed: %s: %s", stem, e->msg[0] ? e->msg : evs_strerror(st));
        p->failed = 1;
        evs_free(script);
        return;
    }
    if (!p->dir_ready) {
        if (make_dir(p->dir) != 0) {
            cli_error("plotting failed: %s: cannot create the directory: %s", p->dir,
                      strerror(errno));
            p->failed = 1;
            evs_free(script);
            return;
        }
        p->dir_ready = 1;
    }
    if (p->scripts)
        write_script(p, stem, script);
    const char *out = cli_plot_output(p, stem);
    if (out != NULL && gnuplot_ok(p)) {
        evs_error re = {0};
        evs_warner w = {cli_warn_cb, NULL};
        evs_status rs = evs_plot_render(script, out, p->gnuplot, &w, &re);
        if (rs != EVS_OK) {
            cli_error("plotting failed: %s: %s", out, re.msg[0] ? re.msg : evs_strerror(rs));
            p->failed = 1;
        } else {
            p->written++;
            cli_note("wrote %s", out);
        }
    }
    evs_free(script);
}

void cli_plot_study(cli_plot *p, const evs_study_result *r)
{
    if (p->dir == NULL)
        return;
    static const char *const stems[2] = {"caar", "car-paths"};
    for (int i = 0; i < 2; i++) {
        evs_error e = {0};
        char *script = NULL;
        const char *out = cli_plot_output(p, stems[i]);
        if (out == NULL)
            return;
        evs_status st = i == 0 ? evs_plot_caar(r, &p->opts, out, &script, &e)
                               : evs_plot_car_paths(r, &p->opts, out, &script, &e);
        cli_plot_figure(p, stems[i], st, script, &e);
    }
}

int cli_plot_finish(const cli_plot *p, int tables_written)
{
    if (!p->failed)
        return 0;
    cli_error("plotting failed: %zu of %zu figures written to %s%s", p->written,
              p->figures, p->dir ? p->dir : "-",
              tables_written ? "; the tables were written" : "");
    return CLI_EXIT_PLOT;
}
