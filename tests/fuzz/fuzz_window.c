/*
 * fuzz_window.c - the library's value parsers: windows ("A:B"), report
 * formats and table lists.  Properties: an accepted window has
 * first <= last within +-100000 and formats back to itself.
 */
#include "fuzzutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = fuzz_cstr(data, size);
    evs_window w;
    if (evs_window_parse(s, &w)) {
        FUZZ_REQUIRE(w.first <= w.last);
        FUZZ_REQUIRE(w.first >= -100000 && w.last <= 100000);
        FUZZ_REQUIRE(evs_window_len(w) == (size_t)(w.last - w.first) + 1);
        char buf[32];
        snprintf(buf, sizeof buf, "%d:%d", w.first, w.last);
        evs_window back;
        FUZZ_REQUIRE(evs_window_parse(buf, &back) && back.first == w.first &&
                     back.last == w.last);
    }
    evs_format fmt;
    if (evs_format_parse(s, &fmt))
        FUZZ_REQUIRE(fmt == EVS_FORMAT_TABLE || fmt == EVS_FORMAT_CSV ||
                     fmt == EVS_FORMAT_JSON);
    unsigned bits;
    if (evs_table_parse(s, &bits))
        FUZZ_REQUIRE(bits != 0 && bits < (1u << 5));
    free(s);
    return 0;
}
