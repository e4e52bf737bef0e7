/* Sources, canonical symbols, each source's symbol form, adjustments and
 * request URLs: known answers from WIRE_FORMATS.md 4.1-4.4. */
#include "testutil.h"

#include "fetch_internal.h"

static void canonical_forms(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"6082.HK", "6082.HK"},     {"6082.hk", "6082.HK"},
        {"06082.HK", "6082.HK"},    {"700.HK", "0700.HK"},
        {"09988.hk", "9988.HK"},    {"80737.HK", "80737.HK"},
        {"688795.ss", "688795.SS"}, {"000001.sz", "000001.SZ"},
        {"^hsi", "^HSI"},           {"aapl", "AAPL"},
        {"BRK-B", "BRK-B"},         {"7203.T", "7203.T"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[EVS_SYMBOL_MAX + 1];
        evs_error e = {0};
        assert_int_equal(evs_symbol_canonical(cases[i][0], out, &e), EVS_OK);
        assert_string_equal(out, cases[i][1]);
    }
}

static void bad_symbols(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"", "1 to 64"},
        {"12345.SS", "6 digits"},
        {"1234567.SZ", "6 digits"},
        {"68879A.SS", "6 digits"},
        {"000000.HK", "1 to 5 digits"},
        {"00000.HK", "cannot be 0"},
        {"^", "an index is ^ and a name"},
        {"^A^B", "an index is ^ and a name"},
        {"A B", "letters, digits"},
        {"a,b", "letters, digits"},
        {".SS", "6 digits"},
        {"X.", "a dot needs text"},
        {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "1 to 64"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[EVS_SYMBOL_MAX + 1];
        evs_error e = {0};
        assert_int_equal(evs_symbol_canonical(cases[i][0], out, &e), EVS_EINVAL);
        assert_msg_has(e, cases[i][1]);
    }
}

static void default_sources(void **state)
{
    (void)state;
    assert_int_equal(evs_symbol_default_source("688795.SS"), EVS_SOURCE_EASTMONEY);
    assert_int_equal(evs_symbol_default_source("000001.SZ"), EVS_SOURCE_EASTMONEY);
    assert_int_equal(evs_symbol_default_source("6082.HK"), EVS_SOURCE_YAHOO);
    assert_int_equal(evs_symbol_default_source("^HSI"), EVS_SOURCE_YAHOO);
    assert_int_equal(evs_symbol_default_source("AAPL"), EVS_SOURCE_YAHOO);
}

/* The forms documented in WIRE_FORMATS.md: Yahoo 4.1, Stooq 4.2
 * (700.hk, spy.us), Eastmoney 4.3 (1.688795, 0.000001, 116.06082),
 * Alpha Vantage 4.4 (600104.SHH, 000002.SHZ). */
static void source_forms(void **state)
{
    (void)state;
    static const struct {
        const char *sym;
        evs_source src;
        const char *want;
    } cases[] = {
        {"6082.HK", EVS_SOURCE_YAHOO, "6082.HK"},
        {"^HSI", EVS_SOURCE_YAHOO, "^HSI"},
        {"688795.SS", EVS_SOURCE_YAHOO, "688795.SS"},
        {"688795.SS", EVS_SOURCE_EASTMONEY, "1.688795"},
        {"000688.SS", EVS_SOURCE_EASTMONEY, "1.000688"},
        {"000001.SZ", EVS_SOURCE_EASTMONEY, "0.000001"},
        {"6082.HK", EVS_SOURCE_EASTMONEY, "116.06082"},
        {"0700.HK", EVS_SOURCE_STOOQ, "700.hk"},
        {"SPY", EVS_SOURCE_STOOQ, "spy.us"},
        {"600104.SS", EVS_SOURCE_ALPHAVANTAGE, "600104.SHH"},
        {"000002.SZ", EVS_SOURCE_ALPHAVANTAGE, "000002.SHZ"},
        {"MSFT", EVS_SOURCE_ALPHAVANTAGE, "MSFT"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[96];
        evs_error e = {0};
        assert_int_equal(evs_symbol_for_source(cases[i].sym, cases[i].src, out,
                                               sizeof out, &e), EVS_OK);
        assert_string_equal(out, cases[i].want);
    }
}

static void undocumented_forms_refused(void **state)
{
    (void)state;
    char out[96];
    evs_error e = {0};
    assert_int_equal(evs_symbol_for_source("688795.SS", EVS_SOURCE_STOOQ, out,
                                           sizeof out, &e), EVS_EINVAL);
    assert_msg_has(e, "stooq has no documented symbol form for Shanghai listings "
                      "(use --source yahoo, eastmoney, alphavantage)");
    assert_int_equal(evs_symbol_for_source("^HSI", EVS_SOURCE_EASTMONEY, out,
                                           sizeof out, &e), EVS_EINVAL);
    assert_msg_has(e, "for index listings (use --source yahoo)");
    assert_int_equal(evs_symbol_for_source("6082.HK", EVS_SOURCE_ALPHAVANTAGE, out,
                                           sizeof out, &e), EVS_EINVAL);
    assert_int_equal(evs_symbol_for_source("AAPL", EVS_SOURCE_EASTMONEY, out,
                                           sizeof out, &e), EVS_EINVAL);
    assert_int_equal(evs_symbol_for_source("AAPL", EVS_SOURCE_AUTO, out,
                                           sizeof out, &e), EVS_EINVAL);
    /* Too small a buffer is an error, not a truncated symbol. */
    assert_int_equal(evs_symbol_for_source("688795.SS", EVS_SOURCE_EASTMONEY, out,
                                           5, &e), EVS_EINVAL);
}

static void names_and_adjustments(void **state)
{
    (void)state;
    evs_source s;
    evs_adjust a;
    evs_error e = {0};
    for (int i = 0; i < EVS_SOURCE_COUNT; i++) {
        assert_true(evs_source_from_name(evs_source_name((evs_source)i), &s));
        assert_int_equal(s, i);
    }
    assert_false(evs_source_from_name("Yahoo", &s));
    assert_true(evs_adjust_from_name("backward", &a));
    assert_int_equal(a, EVS_ADJUST_BACKWARD);
    assert_false(evs_adjust_from_name("unstated", &a)); /* not for users */
    assert_int_equal(evs_source_adjust(EVS_SOURCE_EASTMONEY, EVS_ADJUST_DEFAULT, &a, &e), EVS_OK);
    assert_int_equal(a, EVS_ADJUST_BACKWARD);
    assert_int_equal(evs_source_adjust(EVS_SOURCE_EASTMONEY, EVS_ADJUST_NONE, &a, &e), EVS_OK);
    assert_int_equal(a, EVS_ADJUST_NONE);
    assert_int_equal(evs_source_adjust(EVS_SOURCE_YAHOO, EVS_ADJUST_DEFAULT, &a, &e), EVS_OK);
    assert_int_equal(a, EVS_ADJUST_FORWARD);
    assert_int_equal(evs_source_adjust(EVS_SOURCE_STOOQ, EVS_ADJUST_DEFAULT, &a, &e), EVS_OK);
    assert_int_equal(a, EVS_ADJUST_UNSTATED);
    assert_int_equal(evs_source_adjust(EVS_SOURCE_ALPHAVANTAGE, EVS_ADJUST_NONE, &a, &e), EVS_OK);
    assert_int_equal(a, EVS_ADJUST_NONE);
    assert_int_equal(evs_source_adjust(EVS_SOURCE_YAHOO, EVS_ADJUST_BACKWARD, &a, &e), EVS_EINVAL);
    assert_msg_has(e, "yahoo offers only forward-adjusted prices, not backward");
    assert_int_equal(evs_source_adjust(EVS_SOURCE_ALPHAVANTAGE, EVS_ADJUST_FORWARD, &a, &e),
                     EVS_EINVAL);
}

static void url_of(evs_source src, const char *base, const char *sym, evs_range r,
                   evs_adjust adj, evs_date today, const char *want)
{
    evs__buf u = {0};
    evs_error e = {0};
    assert_int_equal(evs__fetch_url(src, base, sym, r, adj, today, &u, &e), EVS_OK);
    assert_string_equal(u.data, want);
    evs__buf_clear(&u);
}

/* 2025-10-01 is day 20362; period1 is the day before at 00:00 UTC
 * (`date -u -d 2025-09-30 +%s` = 1759190400), period2 two days after the
 * last (`date -u -d 2025-11-02 +%s` = 1762041600). */
static void request_urls(void **state)
{
    (void)state;
    evs_range oct = {20362, 20362 + 30};
    url_of(EVS_SOURCE_YAHOO, NULL, "^HSI", oct, EVS_ADJUST_FORWARD, 20788,
           "https://query1.finance.yahoo.com/v8/finance/chart/%5EHSI?period1=1759190400"
           "&period2=1762041600&interval=1d&events=div%7Csplit&includeAdjustedClose=true");
    url_of(EVS_SOURCE_EASTMONEY, "http://127.0.0.1:1/x", "1.688795", oct, EVS_ADJUST_NONE,
           20788, "http://127.0.0.1:1/x/api/qt/stock/kline/get?secid=1.688795"
           "&fields1=f1,f2,f3,f4,f5,f6&fields2=f51,f52,f53,f54,f55,f56,f57&klt=101&fqt=0"
           "&beg=20251001&end=20251031&lmt=1000000");
    url_of(EVS_SOURCE_STOOQ, "http://127.0.0.1:1/", "6082.hk", oct, EVS_ADJUST_UNSTATED, 20788,
           "http://127.0.0.1:1/q/d/l/?s=6082.hk&i=d&d1=20251001&d2=20251031");
    /* compact holds the latest 100 sessions: only for ranges within ~130 days. */
    url_of(EVS_SOURCE_ALPHAVANTAGE, NULL, "688795.SHH", oct, EVS_ADJUST_NONE, oct.first + 130,
           "https://www.alphavantage.co/query?function=TIME_SERIES_DAILY&symbol=688795.SHH"
           "&outputsize=compact&datatype=json");
    url_of(EVS_SOURCE_ALPHAVANTAGE, NULL, "MSFT", oct, EVS_ADJUST_NONE, oct.first + 131,
           "https://www.alphavantage.co/query?function=TIME_SERIES_DAILY&symbol=MSFT"
           "&outputsize=full&datatype=json");
    evs__buf u = {0};
    evs_error e = {0};
    assert_int_equal(evs__fetch_url(EVS_SOURCE_YAHOO, "ftp://x/", "A", oct, EVS_ADJUST_FORWARD,
                                    20788, &u, &e), EVS_EINVAL);
    assert_msg_has(e, "is not http:// or https://");
    assert_true(evs__url_param(&u, "apikey", "a b&c=d/é"));
    assert_string_equal(u.data, "&apikey=a%20b%26c%3Dd%2F%C3%A9");
    evs__buf_clear(&u);
}

static void dates_of_times(void **state)
{
    (void)state;
    assert_int_equal(evs__date_of_time(0), 0);
    assert_int_equal(evs__date_of_time(86399), 0);
    assert_int_equal(evs__date_of_time(86400), 1);
    assert_int_equal(evs__date_of_time(-1), -1);
    assert_int_equal(evs__date_of_time(-86400), -1);
    assert_int_equal(evs__date_of_time(-86401), -2);
    assert_int_equal(evs__date_of_time(1767308400), 20454); /* 2026-01-01T23:00Z */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(canonical_forms),
        cmocka_unit_test(bad_symbols),
        cmocka_unit_test(default_sources),
        cmocka_unit_test(source_forms),
        cmocka_unit_test(undocumented_forms_refused),
        cmocka_unit_test(names_and_adjustments),
        cmocka_unit_test(request_urls),
        cmocka_unit_test(dates_of_times),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
