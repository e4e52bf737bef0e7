/*
 * fuzz_prices.c - the price CSV loader (evs_load_prices_buffer), with and
 * without a fixed symbol.  Properties: a failed load leaves the dataset
 * unchanged; a loaded series has strictly increasing dates and prices that
 * are NaN or finite and positive; the header scan that decides whether a
 * file names its own symbols (evs__csv_has_column, as evs_load_prices_csv
 * uses it) agrees with the tokenizer: it never leads to "symbol column
 * and a symbol" or "no symbol column and no symbol".
 */
#include <math.h>

#include "fuzzutil.h"
#include "loadutil.h"

static void check_series(const evs_series *s)
{
    const evs_date *d = evs_series_dates(s);
    for (size_t i = 1; i < evs_series_len(s); i++)
        FUZZ_REQUIRE(d[i] > d[i - 1]);
    for (int f = EVS_FIELD_OPEN; f <= EVS_FIELD_ADJ_CLOSE; f++) {
        const double *v = evs_series_field(s, (evs_field)f);
        for (size_t i = 0; v != NULL && i < evs_series_len(s); i++)
            FUZZ_REQUIRE(isnan(v[i]) || (isfinite(v[i]) && v[i] > 0));
    }
    FUZZ_REQUIRE(evs_symbol_valid(evs_series_symbol(s)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    evs_error e = {0};
    evs_dataset *ds = evs_dataset_new(&e);
    if (ds == NULL)
        return 0;
    /* First byte odd: the caller names the symbol; even: decide as
     * evs_load_prices_csv does for a file. */
    const char *text = (const char *)data;
    int named = evs__csv_has_column(text, size, "symbol") ||
                evs__csv_has_column(text, size, "ticker");
    const char *sym = size > 0 && (data[0] & 1) ? "FUZZ.SS"
                      : named                    ? NULL
                                                 : "FUZZ.SS";
    evs_status st = evs_load_prices_buffer(ds, text, size, "fuzz.csv", sym,
                                           NULL, &e);
    if (st != EVS_OK) {
        fuzz_check_error(st, &e);
        FUZZ_REQUIRE(evs_dataset_count(ds) == 0);
        if (size > 0 && !(data[0] & 1))
            FUZZ_REQUIRE(st != EVS_EINVAL);
    } else {
        FUZZ_REQUIRE(evs_dataset_count(ds) > 0);
        for (size_t i = 0; i < evs_dataset_count(ds); i++)
            check_series(evs_dataset_at(ds, i));
    }
    evs_dataset_free(ds);
    return 0;
}
