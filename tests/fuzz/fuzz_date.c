/*
 * fuzz_date.c - dates: evs_date_parse on the input, and formatting of any
 * int32 day count taken from its first four bytes.  Properties: a parsed
 * date is in range and formats back to YYYY-MM-DD that parses to itself;
 * formatting never writes past EVS_DATE_BUFSZ.
 */
#include "fuzzutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    evs_date d;
    char buf[EVS_DATE_BUFSZ], again[EVS_DATE_BUFSZ];
    if (evs_date_parse((const char *)data, size, &d)) {
        FUZZ_REQUIRE(size == 8 || size == 10);
        FUZZ_REQUIRE(d >= EVS_DATE_MIN && d <= EVS_DATE_MAX);
        evs_date_format(d, buf);
        evs_date back;
        FUZZ_REQUIRE(evs_date_parse(buf, strlen(buf), &back) && back == d);
        int y, m, dd;
        evs_date_to_ymd(d, &y, &m, &dd);
        FUZZ_REQUIRE(evs_date_from_ymd(y, m, dd, &back) && back == d);
        FUZZ_REQUIRE(evs_date_weekday(d) >= 1 && evs_date_weekday(d) <= 7);
    }
    if (size >= 4) {
        uint32_t u;
        memcpy(&u, data, 4);
        evs_date any = (evs_date)u;
        evs_date_format(any, again);
        FUZZ_REQUIRE(strlen(again) < EVS_DATE_BUFSZ);
        FUZZ_REQUIRE(evs_date_weekday(any) >= 1 && evs_date_weekday(any) <= 7);
    }
    return 0;
}
