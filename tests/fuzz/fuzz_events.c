/*
 * fuzz_events.c - the events CSV reader (evs_events_load_buffer).
 * Properties: every event has a valid symbol (and market when given), a
 * date in range, and a value (maybe "") for every extra column.
 */
#include "fuzzutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    evs_error e = {0};
    evs_events *ev = evs_events_load_buffer((const char *)data, size,
                                            "fuzz.csv", &e);
    if (ev == NULL) {
        fuzz_check_error(e.code, &e);
        return 0;
    }
    FUZZ_REQUIRE(evs_events_count(ev) > 0);
    for (size_t i = 0; i < evs_events_count(ev); i++) {
        const evs_event *x = evs_events_get(ev, i);
        FUZZ_REQUIRE(evs_symbol_valid(x->symbol));
        FUZZ_REQUIRE(x->market == NULL || evs_symbol_valid(x->market));
        FUZZ_REQUIRE(x->date >= EVS_DATE_MIN && x->date <= EVS_DATE_MAX);
        FUZZ_REQUIRE(x->line >= 2);
        for (size_t j = 0; j < evs_events_extra_count(ev); j++)
            FUZZ_REQUIRE(evs_events_extra_value(ev, i, j) != NULL);
    }
    for (size_t j = 0; j < evs_events_extra_count(ev); j++)
        FUZZ_REQUIRE(evs_events_extra_name(ev, j) != NULL);
    evs_events_free(ev);
    return 0;
}
