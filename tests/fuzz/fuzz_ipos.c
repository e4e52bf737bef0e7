/*
 * fuzz_ipos.c - the IPO file reader (evs_ipos_load_buffer).  Properties: a
 * list holds at least one listing; an error has a known status and a
 * one-line message.
 */
#include "fuzzutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    evs_error e = {0};
    evs_ipos *l = evs_ipos_load_buffer((const char *)data, size, "fuzz.csv",
                                       NULL, &e);
    if (l == NULL) {
        fuzz_check_error(e.code, &e);
        return 0;
    }
    FUZZ_REQUIRE(evs_ipos_count(l) > 0);
    for (size_t i = 0; i < evs_ipos_count(l); i++)
        FUZZ_REQUIRE(evs_symbol_valid(evs_ipos_get(l, i)->symbol));
    evs_ipos_free(l);
    return 0;
}
