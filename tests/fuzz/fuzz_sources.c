/*
 * fuzz_sources.c - the four price-API response parsers (evs_parse_*).  The
 * first byte picks the source (and the Eastmoney flags); the rest is the
 * body.  Properties: a series has strictly increasing dates, positive
 * prices where present, and an error has a known status and message.
 */
#include "fuzzutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const evs_source src[] = {EVS_SOURCE_YAHOO, EVS_SOURCE_EASTMONEY,
                                     EVS_SOURCE_STOOQ, EVS_SOURCE_ALPHAVANTAGE};
    evs_source s = src[data[0] % 4];
    unsigned flags = (unsigned)(data[0] >> 2) & 3u;
    evs_error e = {0};
    evs_series *ser = evs_parse_response(s, (const char *)data + 1, size - 1,
                                         "FUZZ.SS", flags, &e);
    if (ser == NULL) {
        fuzz_check_error(e.code, &e);
        return 0;
    }
    const evs_date *d = evs_series_dates(ser);
    for (size_t i = 1; i < evs_series_len(ser); i++)
        FUZZ_REQUIRE(d[i] > d[i - 1]);
    const double *c = evs_series_field(ser, EVS_FIELD_CLOSE);
    for (size_t i = 0; c != NULL && i < evs_series_len(ser); i++)
        FUZZ_REQUIRE(c[i] != c[i] || c[i] > 0);
    evs_series_free(ser);
    return 0;
}
