/*
 * fuzz_studyfile.c - the JSON study file reader (evs__studyfile_parse, the
 * body of evs_studyfile_load).  Properties: failure leaves the struct
 * cleared; relative paths come back anchored at the file's directory.
 */
#include "fuzzutil.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    evs_studyfile sf;
    evs_error e = {0};
    evs_status st = evs__studyfile_parse((const char *)data, size,
                                         "dir/study.json", &sf, &e);
    if (st != EVS_OK) {
        fuzz_check_error(st, &e);
        FUZZ_REQUIRE(sf.n_prices == 0 && sf.n_returns == 0 &&
                     sf.events == NULL && sf.min_est == -1);
        return 0;
    }
    FUZZ_REQUIRE(sf.n_prices <= EVS_STUDYFILE_MAX_PATHS);
    for (size_t i = 0; i < sf.n_prices; i++)
        FUZZ_REQUIRE(sf.prices[i][0] == '/' || strcmp(sf.prices[i], "-") == 0 ||
                     strncmp(sf.prices[i], "dir/", 4) == 0);
    FUZZ_REQUIRE(sf.min_est == -1 || (sf.min_est >= 1 && sf.min_est <= 1000000));
    evs_studyfile_clear(&sf);
    return 0;
}
