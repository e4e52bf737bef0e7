/*
 * series_csv.c - price series out as the CSV that the price loader reads
 * (evs/load.h), so that `evstudy fetch --out` files feed `evstudy run`.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static void cell(FILE *f, const double *col, size_t i)
{
    fputc(',', f);
    /* 15 significant digits: every decimal the sources print (at most 15
     * digits) reads back as the same double. */
    if (col != NULL && !isnan(col[i]))
        fprintf(f, "%.15g", col[i]);
}

evs_status evs_prices_write_csv(FILE *f, const evs_series *const *series,
                                size_t n, int with_symbol, evs_error *err)
{
    evs__locale_guard g;
    evs__locale_push(&g);
    fprintf(f, "date%s,open,high,low,close,adj_close,volume\n",
            with_symbol ? ",symbol" : "");
    for (size_t k = 0; k < n; k++) {
        const evs_series *s = series[k];
        const evs_date *d = evs_series_dates(s);
        for (size_t i = 0; i < evs_series_len(s); i++) {
            char ds[EVS_DATE_BUFSZ];
            fputs(evs_date_format(d[i], ds), f);
            if (with_symbol)
                fprintf(f, ",%s", evs_series_symbol(s));
            for (int fl = EVS_FIELD_OPEN; fl <= EVS_FIELD_VOLUME; fl++)
                cell(f, evs_series_field(s, (evs_field)fl), i);
            fputc('\n', f);
        }
    }
    evs__locale_pop(&g);
    if (ferror(f))
        return evs__seterr(err, EVS_EWRITE, 0, "write error");
    return EVS_OK;
}
