/*
 * plot_script.c - the gnuplot script writer shared by every figure: safe
 * quoting of user text, C-locale numbers, datablocks, the terminal and the
 * house style.  Pure text; the only process start is in plot.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plot_internal.h"

int evs_plot_format_parse(const char *s, evs_plot_format *out)
{
    static const char *const names[] = {"png", "svg", "pdf"};
    for (int i = 0; i < 3; i++)
        if (s != NULL && strcmp(s, names[i]) == 0) {
            *out = (evs_plot_format)i;
            return 1;
        }
    return 0;
}

const char *evs_plot_format_ext(evs_plot_format f)
{
    switch (f) {
    case EVS_PLOT_SVG: return "svg";
    case EVS_PLOT_PDF: return "pdf";
    case EVS_PLOT_PNG: break;
    }
    return "png";
}

void evs_plot_opts_init(evs_plot_opts *o)
{
    o->format = EVS_PLOT_PNG;
    o->width = 960;
    o->height = 600;
}

static void put(evs__gp *g, const char *s, size_t n)
{
    if (!g->oom && !evs__buf_append(&g->b, s, n))
        g->oom = 1;
}

void evs__gp_printf(evs__gp *g, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        g->oom = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        put(g, small, (size_t)n);
        return;
    }
    char *big = evs__malloc((size_t)n + 1);
    if (big == NULL) {
        g->oom = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    put(g, big, (size_t)n);
    free(big);
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when the bytes do
 * not form one (RFC 3629: no overlongs, no surrogates, at most U+10FFFF). */
static size_t utf8_len(const unsigned char *s)
{
    unsigned char c = s[0];
    size_t n;
    unsigned min;
    unsigned cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) { n = 2; cp = c & 0x1fu; min = 0x80; }
    else if (c >= 0xe0 && c <= 0xef) { n = 3; cp = c & 0x0fu; min = 0x800; }
    else if (c >= 0xf0 && c <= 0xf4) { n = 4; cp = c & 0x07u; min = 0x10000; }
    else return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3fu);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

/* gnuplot's single-quoted strings have exactly one special sequence, ''
 * for a quote: no backslash escapes, no backquote or @macro substitution
 * (gnuplot 5 manual, "quotes" and "substitution").  Dropping control
 * characters keeps the string on its line, so it cannot end the command. */
void evs__gp_quote(evs__gp *g, const char *s)
{
    put(g, "'", 1);
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    while (*p) {
        size_t n = utf8_len(p);
        if (n == 0) {
            put(g, "?", 1);
            p++;
        } else if (n == 1 && (*p < 0x20 || *p == 0x7f)) {
            p++;
        } else if (*p == '\'') {
            put(g, "''", 2);
            p++;
        } else {
            put(g, (const char *)p, n);
            p += n;
        }
    }
    put(g, "'", 1);
}

void evs__gp_qprintf(evs__gp *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n < 0 ? NULL : evs__malloc((size_t)n + 1);
    if (s == NULL) {
        g->oom = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    evs__gp_quote(g, s);
    free(s);
}

void evs__gp_num(evs__gp *g, double v)
{
    /* Callers never pass NaN (missing values are not written), but a
     * stray one must still not reach the script as a number. */
    if (!isfinite(v)) {
        g->bad = 1;
        return;
    }
    evs__gp_printf(g, "%.10g", v);
}

void evs__gp_date(evs__gp *g, evs_date d)
{
    char buf[EVS_DATE_BUFSZ];
    put(g, evs_date_format(d, buf), 10);
}

void evs__gp_block_begin(evs__gp *g, const char *name)
{
    evs__gp_printf(g, "$%s << EOD\n", name);
}

void evs__gp_block_end(evs__gp *g) { put(g, "EOD\n", 4); }

void evs__gp_time_axis(evs__gp *g, evs_date first, evs_date last,
                       const char *label)
{
    int y0, m0, d0, y1, m1, d1;
    evs_date_to_ymd(first, &y0, &m0, &d0);
    evs_date_to_ymd(last, &y1, &m1, &d1);
    /* Tick labels the reader can take in: day and month within one year
     * (the year goes into the axis label), months beyond four months,
     * full dates otherwise.  The padding (2% of the span, at least a day)
     * keeps marks on the first and last day clear of the frame. */
    long span = (long)last - first;
    const char *fmt = y0 == y1 ? "%b %d" : span > 120 ? "%b %Y" : "%Y-%m-%d";
    long pad = span / 50 > 1 ? span / 50 : 1;
    evs__gp_printf(g, "set xdata time\nset timefmt '%%Y-%%m-%%d'\n"
                      "set format x '%s'\nset xrange ['", fmt);
    evs__gp_date(g, (evs_date)(first - pad));
    evs__gp_printf(g, "':'");
    evs__gp_date(g, (evs_date)(last + pad));
    evs__gp_printf(g, "']\n");
    /* gnuplot would tick a short range every few hours: whole days. */
    if (span <= 31)
        evs__gp_printf(g, "set xtics %ld\n", 86400L * (span / 8 + 1));
    if (label == NULL)
        return;
    if (y0 == y1)
        evs__gp_printf(g, "set xlabel '%s, %d'\n", label, y0);
    else
        evs__gp_printf(g, "set xlabel '%s'\n", label);
}

void evs__gp_path_rows(evs__gp *g, const evs_date *dates, const double *y,
                       size_t n)
{
    int gap = 1; /* no blank line before the first row */
    for (size_t k = 0; k < n; k++) {
        if (!isfinite(y[k])) {
            if (!gap)
                put(g, "\n", 1);
            gap = 1;
            continue;
        }
        gap = 0;
        if (dates)
            evs__gp_date(g, dates[k]);
        else
            evs__gp_printf(g, "%zu", k + 1);
        put(g, " ", 1);
        evs__gp_num(g, y[k]);
        put(g, "\n", 1);
    }
}

int evs__gp_dates_ok(const evs_date *d, size_t n)
{
    for (size_t k = 1; k < n; k++)
        if (d[k] <= d[k - 1])
            return 0;
    return 1;
}

int evs__gp_path_ok(const char *path)
{
    if (path == NULL || *path == '\0')
        return 0;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return 0;
    return 1;
}

static void terminal(evs__gp *g, const evs_plot_opts *o)
{
    switch (o->format) {
    case EVS_PLOT_SVG:
        evs__gp_printf(g, "set terminal svg size %u,%u noenhanced font 'Sans,12' "
                          "linewidth 1.2 background '#ffffff'\n", o->width, o->height);
        break;
    case EVS_PLOT_PDF:
        /* 96 pixels per inch, the CSS reference pixel. */
        evs__gp_printf(g, "set terminal pdfcairo size %.4gin,%.4gin noenhanced "
                          "font 'Sans,10' linewidth 1.2\n",
                       o->width / 96.0, o->height / 96.0);
        break;
    case EVS_PLOT_PNG:
        evs__gp_printf(g, "set terminal pngcairo size %u,%u noenhanced font 'Sans,11' "
                          "linewidth 1.2 background '#ffffff'\n", o->width, o->height);
        break;
    }
}

/* Colour-blind-safe hues (Okabe & Ito 2008) ordered so that neighbours
 * differ in lightness, each with its own dash pattern and point type, so
 * lines stay apart in greyscale. */
static const char house_style[] =
    "set border 3 back lc rgb '#404040'\n"
    "set tics nomirror out scale 0.6\n"
    "set grid back lc rgb '#d4d4d4' lw 1 dt 1\n"
    "set key outside bottom center horizontal reverse Left nobox samplen 3 spacing 1.1 width 1 height 1\n"
    "set linetype 1 lc rgb '#000000' lw 2 dt 1 pt 7 ps 1\n"
    "set linetype 2 lc rgb '#0072b2' lw 2 dt 2 pt 5 ps 1\n"
    "set linetype 3 lc rgb '#e69f00' lw 2 dt 4 pt 9 ps 1.2\n"
    "set linetype 4 lc rgb '#009e73' lw 2 dt 5 pt 11 ps 1.2\n"
    "set linetype 5 lc rgb '#cc79a7' lw 2 dt 3 pt 13 ps 1.2\n"
    "set linetype 6 lc rgb '#56b4e9' lw 2 dt (12,4,2,4,2,4) pt 4 ps 1\n"
    "set linetype 7 lc rgb '#d55e00' lw 2 dt (2,4) pt 6 ps 1\n"
    "set linetype 8 lc rgb '#7f7f7f' lw 2 dt (16,6) pt 8 ps 1\n"
    "set linetype cycle 8\n";

evs_status evs__gp_begin(evs__gp *g, const evs_plot_opts *o,
                         const char *output, const char *figure,
                         evs_error *err)
{
    memset(g, 0, sizeof *g);
    if (o == NULL || (unsigned)o->format > EVS_PLOT_PDF)
        return evs__seterr(err, EVS_EINVAL, 0, "plot: invalid options");
    if (o->width < EVS_PLOT_MIN_SIZE || o->width > EVS_PLOT_MAX_SIZE ||
        o->height < EVS_PLOT_MIN_SIZE || o->height > EVS_PLOT_MAX_SIZE)
        return evs__seterr(err, EVS_EINVAL, 0, "plot: size %ux%u is outside "
                           "%d..%d pixels", o->width, o->height,
                           EVS_PLOT_MIN_SIZE, EVS_PLOT_MAX_SIZE);
    if (!evs__gp_path_ok(output))
        return evs__seterr(err, EVS_EINVAL, 0, "plot: the output path is "
                           "empty or holds control characters");
    evs__locale_push(&g->loc);
    evs__gp_printf(g, "# evstudy figure: %s\n"
                      "# Re-create it with 'gnuplot FILE.gp'; to write elsewhere:\n"
                      "#   gnuplot -e \"outfile='other.%s'\" FILE.gp\n"
                      "if (!exists(\"outfile\")) outfile = ",
                   figure, evs_plot_format_ext(o->format));
    evs__gp_quote(g, output);
    /* No `set encoding`: the cairo and svg terminals take text as UTF-8
     * by default, and `set encoding utf8` makes gnuplot warn under the C
     * locale. */
    put(g, "\n", 1);
    terminal(g, o);
    put(g, "set output outfile\n", 19);
    put(g, house_style, sizeof house_style - 1);
    return EVS_OK;
}

evs_status evs__gp_finish(evs__gp *g, char **script, evs_error *err)
{
    evs__locale_pop(&g->loc);
    if (!g->oom)
        put(g, "unset output\n", 13);
    if (g->bad && !g->oom) {
        evs__buf_clear(&g->b);
        *script = NULL;
        return evs__seterr(err, EVS_EINTERNAL, 0, "plot: a missing value "
                           "reached the script");
    }
    if (g->oom) {
        evs__buf_clear(&g->b);
        *script = NULL;
        return evs__seterr(err, EVS_ENOMEM, 0, "plot: out of memory");
    }
    *script = g->b.data;
    g->b.data = NULL;
    return EVS_OK;
}

void evs__gp_abort(evs__gp *g)
{
    evs__locale_pop(&g->loc);
    evs__buf_clear(&g->b);
}
