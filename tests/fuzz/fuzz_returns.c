/*
 * fuzz_returns.c - the long returns CSV loader (evs_load_returns_buffer).
 * Properties: increasing dates; returns NaN or finite and above -1; the
 * calendar built from a loaded series gives back its returns.
 */
#include <math.h>

#include "fuzzutil.h"

static void check_series(const evs_series *s)
{
    size_t n = evs_series_len(s);
    const evs_date *d = evs_series_dates(s);
    const double *r = evs_series_field(s, EVS_FIELD_RET);
    FUZZ_REQUIRE(r != NULL);
    for (size_t i = 0; i < n; i++) {
        FUZZ_REQUIRE(i == 0 || d[i] > d[i - 1]);
        FUZZ_REQUIRE(isnan(r[i]) || (isfinite(r[i]) && r[i] > -1));
    }
    evs_calendar *cal = evs_calendar_new(s, NULL);
    double *out = malloc((n ? n : 1) * sizeof *out);
    if (cal != NULL && out != NULL &&
        evs_calendar_returns(cal, s, EVS_RET_SIMPLE, out, NULL, NULL) == EVS_OK)
        for (size_t i = 0; i < n; i++)
            FUZZ_REQUIRE((isnan(out[i]) && isnan(r[i])) || out[i] == r[i]);
    free(out);
    evs_calendar_free(cal);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    evs_error e = {0};
    evs_dataset *ds = evs_dataset_new(&e);
    if (ds == NULL)
        return 0;
    evs_status st = evs_load_returns_buffer(ds, (const char *)data, size,
                                            "fuzz.csv", NULL, &e);
    if (st != EVS_OK) {
        fuzz_check_error(st, &e);
        FUZZ_REQUIRE(evs_dataset_count(ds) == 0);
    }
    for (size_t i = 0; i < evs_dataset_count(ds); i++)
        check_series(evs_dataset_at(ds, i));
    evs_dataset_free(ds);
    return 0;
}
