/*
 * fuzz_factors.c - the factor file reader (evs_factors_load_buffer), in
 * each unit mode (chosen by the first byte).  Property: an error has a
 * known status and a one-line message; a success frees cleanly.
 */
#include "fuzzutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    evs_factor_units u = (evs_factor_units)(data[0] % 3);
    evs_error e = {0};
    evs_factors *f = evs_factors_load_buffer((const char *)data + 1, size - 1,
                                             "fuzz.csv", u, &e);
    if (f == NULL) {
        fuzz_check_error(e.code, &e);
        return 0;
    }
    evs_factors_free(f);
    return 0;
}
